/* clonebad: hostile clone and clone3 calls.  Each line prints what the
 * kernel answered; weft's must be Linux 6.1's. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rawclone.h"

#define KERNEL_ADDR 0xffffffff81000000UL

struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static const char *answer(long r)
{
	static char buf[64];

	if (r >= 0)
		return "a child";
	switch (-r) {
	case EINVAL: return "EINVAL";
	case E2BIG: return "E2BIG";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case ENOMEM: return "ENOMEM";
	}
	snprintf(buf, sizeof(buf), "errno %ld", -r);
	return buf;
}

/* A child returns 0 here and exits at once; the parent reaps it. */
static long reap(long r)
{
	int status;

	if (r == 0)
		sys3(SYS_exit_group, 0, 0, 0);
	if (r > 0)
		waitpid(r, &status, __WALL);
	return r;
}

static void try_clone(const char *what, unsigned long flags, void *ptid, void *ctid,
		      unsigned long tls)
{
	long r = reap(clone_like_fork(flags, ptid, ctid, tls));

	printf("clonebad: clone %s: %s\n", what, answer(r));
}

static long clone3(struct clone_args *a, size_t size)
{
	return sys3(435, (long)a, size, 0);
}

static void try_clone3(const char *what, struct clone_args *a, size_t size)
{
	long r = reap(clone3(a, size));

	printf("clonebad: clone3 %s: %s\n", what, answer(r));
}

static void dies(const char *what, unsigned long stack)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {		/* a thread whose first push is on the bad stack */
		long r;

		asm volatile("syscall\n\t"
			     "test %%rax, %%rax\n\t"
			     "jnz 1f\n\t"
			     "push $0\n\t"
			     "hlt\n"
			     "1:"
			     : "=a"(r) : "a"(56), "D"(T_THREAD_FLAGS), "S"(stack), "d"(0)
			     : "rcx", "r11", "memory");
		for (;;)
			sys3(SYS_sched_yield, 0, 0, 0);
	}
	waitpid(pid, &status, 0);
	printf("clonebad: a thread on %s: the process dies of %s\n", what,
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "nothing");
}

int main(void)
{
	struct clone_args a;
	unsigned char big[200];

	setvbuf(stdout, NULL, _IONBF, 0);
	try_clone("CLONE_THREAD without CLONE_SIGHAND",
		  T_CLONE_THREAD | T_CLONE_VM, NULL, NULL, 0);
	try_clone("CLONE_SIGHAND without CLONE_VM", T_CLONE_SIGHAND, NULL, NULL, 0);
	try_clone("CLONE_THREAD|CLONE_SIGHAND without CLONE_VM",
		  T_CLONE_THREAD | T_CLONE_SIGHAND, NULL, NULL, 0);
	try_clone("CLONE_FS|CLONE_NEWNS", T_CLONE_FS | T_CLONE_NEWNS | SIGCHLD, NULL, NULL, 0);
	try_clone("CLONE_FS|CLONE_NEWUSER", T_CLONE_FS | T_CLONE_NEWUSER | SIGCHLD,
		  NULL, NULL, 0);
	try_clone("CLONE_SETTLS with a kernel address", T_CLONE_SETTLS | SIGCHLD,
		  NULL, NULL, KERNEL_ADDR);
	try_clone("CLONE_SETTLS non-canonical", T_CLONE_SETTLS | SIGCHLD,
		  NULL, NULL, 0x8000000000000000UL);
	try_clone("CLONE_PARENT_SETTID at a kernel address",
		  T_CLONE_PARENT_SETTID | SIGCHLD, (void *)KERNEL_ADDR, NULL, 0);
	try_clone("CLONE_PARENT_SETTID at an unmapped address",
		  T_CLONE_PARENT_SETTID | SIGCHLD, (void *)16, NULL, 0);
	try_clone("CLONE_CHILD_SETTID at a kernel address",
		  T_CLONE_CHILD_SETTID | SIGCHLD, NULL, (void *)KERNEL_ADDR, 0);
	try_clone("CLONE_CHILD_CLEARTID at a kernel address",
		  T_CLONE_CHILD_CLEARTID | SIGCHLD, NULL, (void *)KERNEL_ADDR, 0);
	try_clone("CLONE_DETACHED|SIGCHLD", T_CLONE_DETACHED | SIGCHLD, NULL, NULL, 0);
	try_clone("CLONE_SYSVSEM|SIGCHLD", T_CLONE_SYSVSEM | SIGCHLD, NULL, NULL, 0);
	try_clone("CLONE_VM|CLONE_VFORK|SIGCHLD", T_CLONE_VM | T_CLONE_VFORK | SIGCHLD,
		  NULL, NULL, 0);
	try_clone("CLONE_PARENT|SIGCHLD", T_CLONE_PARENT | SIGCHLD, NULL, NULL, 0);

	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	try_clone3("of 0 bytes", &a, 0);
	try_clone3("of 63 bytes", &a, 63);
	try_clone3("of 64 bytes", &a, 64);
	try_clone3("of 88 bytes", &a, 88);
	try_clone3("of 4097 bytes", &a, 4097);
	memset(big, 0, sizeof(big));
	memcpy(big, &a, sizeof(a));
	try_clone3("of 200 bytes, the tail zero", (struct clone_args *)big, sizeof(big));
	big[150] = 1;
	try_clone3("of 200 bytes, a byte set in the tail", (struct clone_args *)big, sizeof(big));
	try_clone3("at address 16", (struct clone_args *)16, 88);
	try_clone3("at a kernel address", (struct clone_args *)KERNEL_ADDR, 88);
	a.exit_signal = 65;
	try_clone3("with exit_signal 65", &a, 88);
	a.exit_signal = 0;
	a.flags = SIGCHLD;
	try_clone3("with a signal in flags", &a, 88);
	a.flags = 1UL << 40;
	try_clone3("with an unknown flag bit 40", &a, 88);
	a.flags = T_CLONE_DETACHED;
	try_clone3("with CLONE_DETACHED", &a, 88);
	a.flags = T_CLONE_VM | T_CLONE_SIGHAND | T_CLONE_CLEAR_SIGHAND;
	try_clone3("with CLONE_SIGHAND|CLONE_CLEAR_SIGHAND", &a, 88);
	a.flags = T_THREAD_FLAGS;
	a.exit_signal = SIGCHLD;
	try_clone3("of a thread with an exit signal", &a, 88);
	a.flags = 0;
	a.stack = 0x10000;
	try_clone3("with a stack and no size", &a, 88);
	a.stack = 0;
	a.stack_size = 4096;
	try_clone3("with a size and no stack", &a, 88);
	a.stack = KERNEL_ADDR;
	try_clone3("with a stack in the kernel", &a, 88);
	a.stack = 0;
	a.stack_size = 0;
	a.flags = T_CLONE_SETTLS;
	a.tls = KERNEL_ADDR;
	try_clone3("with a kernel thread pointer", &a, 88);

	dies("an unmapped stack", 0x10);
	dies("a kernel stack address", KERNEL_ADDR);
	dies("a non-canonical stack", 0x8000000000000000UL);
	printf("clonebad: done\n");
	return 0;
}
