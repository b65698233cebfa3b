/* A raw clone for tests that need threads without a thread library:
 * the child runs fn(arg) on the given stack, then SYS_exit with its value.
 * Threads call only raw system calls (sys3), never the C library, since
 * they share the parent's TLS (errno) unless CLONE_SETTLS says otherwise. */
#include <stddef.h>

#define T_CLONE_VM		0x00000100
#define T_CLONE_FS		0x00000200
#define T_CLONE_FILES		0x00000400
#define T_CLONE_SIGHAND		0x00000800
#define T_CLONE_VFORK		0x00004000
#define T_CLONE_PARENT		0x00008000
#define T_CLONE_THREAD		0x00010000
#define T_CLONE_NEWNS		0x00020000
#define T_CLONE_SYSVSEM		0x00040000
#define T_CLONE_SETTLS		0x00080000
#define T_CLONE_PARENT_SETTID	0x00100000
#define T_CLONE_CHILD_CLEARTID	0x00200000
#define T_CLONE_DETACHED	0x00400000
#define T_CLONE_CHILD_SETTID	0x01000000
#define T_CLONE_NEWUSER		0x10000000
#define T_CLONE_CLEAR_SIGHAND	0x100000000UL
#define T_THREAD_FLAGS (T_CLONE_VM | T_CLONE_FS | T_CLONE_FILES | T_CLONE_SIGHAND | \
			T_CLONE_THREAD | T_CLONE_SYSVSEM)

static inline long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
		     : "rcx", "r11", "memory");
	return ret;
}

static inline long sys4(long nr, long a, long b, long c, long d)
{
	register long r10 asm("r10") = d;
	long ret;

	asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
		     : "rcx", "r11", "memory");
	return ret;
}

static long raw_clone(unsigned long flags, void *stack_top, int *ptid, int *ctid,
		      unsigned long tls, int (*fn)(void *), void *arg)
{
	void **sp = (void **)stack_top;
	register long r10 asm("r10") = (long)ctid;
	register long r8 asm("r8") = (long)tls;
	long ret;

	if (sp) {
		*--sp = arg;
		*--sp = (void *)fn;
	}
	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "pop %%rax\n\t"
		     "pop %%rdi\n\t"
		     "call *%%rax\n\t"
		     "mov %%eax, %%edi\n\t"
		     "mov $60, %%eax\n\t"
		     "syscall\n\t"
		     "hlt\n"
		     "1:"
		     : "=a"(ret)
		     : "a"(56), "D"(flags), "S"(sp), "d"(ptid), "r"(r10), "r"(r8)
		     : "rcx", "r11", "memory");
	return ret;
}

static __attribute__((unused)) void yield_until(volatile int *word, int value)
{
	while (*word != value)
		sys3(24, 0, 0, 0);	/* sched_yield */
}

/* clone without a new stack: the child returns 0, as from fork */
static __attribute__((unused)) long clone_like_fork(unsigned long flags, int *ptid, int *ctid, unsigned long tls)
{
	register long r10 asm("r10") = (long)ctid;
	register long r8 asm("r8") = (long)tls;
	long ret;

	asm volatile("syscall" : "=a"(ret)
		     : "a"(56), "D"(flags), "S"(0), "d"(ptid), "r"(r10), "r"(r8)
		     : "rcx", "r11", "memory");
	return ret;
}
