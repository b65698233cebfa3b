/*
 * altstack-hostile: attacks sigaltstack and the delivery of signals on an
 * alternate stack.  Every line it prints is the same on weft and on Linux
 * 6.1 (no addresses), so tests/compare can hold the two side by side.
 * The cases that must kill the process run in a child each; the parent
 * prints how the child ended.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM	(1U << 31)	/* Linux 4.7; not in glibc's headers */
#endif
#define LINUX_MINSIGSTKSZ 2048	/* glibc's MINSIGSTKSZ may ask sysconf */
#define KERNEL_ADDR	0xffffffff81000000UL

static char stack1[65536], stack2[65536];
static char *volatile seen1, *volatile seen2;
static volatile long change_err, disable_err, nested_flags;
static volatile stack_t inside;

static long sas(const void *ss, void *oss)
{
	return syscall(SYS_sigaltstack, ss, oss) ? -errno : 0;
}

static const char *err_name(long e)
{
	switch (e) {
	case 0: return "ok";
	case -EPERM: return "EPERM";
	case -EINVAL: return "EINVAL";
	case -ENOMEM: return "ENOMEM";
	case -EFAULT: return "EFAULT";
	}
	return "other";
}

static void set_stack(void *sp, size_t size, int flags)
{
	stack_t ss = { .ss_sp = sp, .ss_size = size, .ss_flags = flags };
	long e = sas(&ss, NULL);

	if (e)
		printf("set_stack: %s\n", err_name(e));
}

static void show(const char *what)
{
	stack_t o;

	sas(NULL, &o);
	printf("%s: sp %s, size %lu, flags %#x\n", what,
	       o.ss_sp == NULL ? "0" : o.ss_sp == stack1 ? "stack1" :
	       o.ss_sp == stack2 ? "stack2" : "elsewhere",
	       (unsigned long)o.ss_size, (unsigned)o.ss_flags);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void try(const char *what, const void *ss, void *oss)
{
	printf("%s: %s\n", what, err_name(sas(ss, oss)));
}

/* The errors of the system call itself. */
static void errors(void)
{
	stack_t ss = { .ss_sp = stack1, .ss_size = sizeof(stack1) }, o;

	show("no stack yet");
	ss.ss_flags = 3;
	try("flags SS_ONSTACK|SS_DISABLE", &ss, NULL);
	ss.ss_flags = 4;
	try("flags 4", &ss, NULL);
	ss.ss_flags = 0x40000000;
	try("flags 0x40000000", &ss, NULL);
	ss.ss_flags = 0;
	ss.ss_size = LINUX_MINSIGSTKSZ - 1;
	try("size MINSIGSTKSZ-1", &ss, NULL);
	ss.ss_size = 0;
	try("size 0", &ss, NULL);
	ss.ss_size = LINUX_MINSIGSTKSZ;
	try("size MINSIGSTKSZ", &ss, NULL);
	show("after size MINSIGSTKSZ");
	ss.ss_size = sizeof(stack1);
	ss.ss_flags = SS_ONSTACK;
	try("SS_ONSTACK to enable", &ss, NULL);
	show("after SS_ONSTACK");
	try("new stack at address 8", (void *)8, NULL);
	try("new stack at a kernel address", (void *)KERNEL_ADDR, NULL);
	try("new stack across the end of user space", (void *)0x7ffffffffff0UL, NULL);
	try("old stack at a kernel address", NULL, (void *)KERNEL_ADDR);
	ss.ss_sp = stack2;
	try("new stack2, old at address 8", &ss, (void *)8);
	show("after the bad old pointer");
	ss.ss_sp = (void *)KERNEL_ADDR;
	ss.ss_size = 12345;
	ss.ss_flags = SS_DISABLE;
	try("SS_DISABLE with a garbage stack", &ss, &o);
	show("after SS_DISABLE");
}

static void second(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	seen2 = __builtin_frame_address(0);
}

static void first(int sig, siginfo_t *si, void *uc)
{
	stack_t o, ss = { .ss_sp = stack2, .ss_size = sizeof(stack2) };
	char here;

	(void)sig, (void)si, (void)uc;
	seen1 = &here;
	sas(NULL, &o);
	nested_flags = o.ss_flags;
	change_err = sas(&ss, NULL);
	ss.ss_flags = SS_DISABLE;
	disable_err = sas(&ss, NULL);
	raise(SIGUSR2);
}

static int on1(char *p)
{
	return p > stack1 && p < stack1 + sizeof(stack1);
}

/* A handler on the alternate stack, and a second signal inside it. */
static void nested(void)
{
	set_stack(stack1, sizeof(stack1), 0);
	handle(SIGUSR1, first, SA_ONSTACK);
	handle(SIGUSR2, second, SA_ONSTACK);
	raise(SIGUSR1);
	printf("nested: first handler on stack1: %s, flags inside %#lx\n",
	       on1(seen1) ? "yes" : "no", nested_flags);
	printf("nested: change while on it: %s, disable while on it: %s\n",
	       err_name(change_err), err_name(disable_err));
	printf("nested: second handler on stack1, below the first: %s\n",
	       on1(seen2) && seen2 < seen1 ? "yes" : "no");
	show("after the nested signals");
}

static void disarmed(int sig, siginfo_t *si, void *uc)
{
	stack_t o;
	char here;

	(void)sig, (void)si, (void)uc;
	seen1 = &here;
	sas(NULL, &o);
	inside.ss_sp = o.ss_sp;
	inside.ss_size = o.ss_size;
	inside.ss_flags = o.ss_flags;
	change_err = sas(&(stack_t){ .ss_sp = stack2, .ss_size = sizeof(stack2) }, NULL);
}

/* SS_AUTODISARM: gone while the handler runs, back after rt_sigreturn. */
static void autodisarm(void)
{
	set_stack(stack1, sizeof(stack1), SS_AUTODISARM);
	show("SS_AUTODISARM");
	handle(SIGUSR1, disarmed, SA_ONSTACK);
	raise(SIGUSR1);
	printf("autodisarm: handler on stack1: %s; inside: sp %s, size %lu, flags %#x; a new stack inside: %s\n",
	       on1(seen1) ? "yes" : "no", inside.ss_sp ? "set" : "0",
	       (unsigned long)inside.ss_size, (unsigned)inside.ss_flags,
	       err_name(change_err));
	show("after the handler");
}

static int garbage_kind;

static void scribble(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *u = uc;

	(void)sig, (void)si;
	if (garbage_kind == 0) {
		u->uc_stack.ss_flags = 7;
	} else if (garbage_kind == 1) {
		u->uc_stack.ss_sp = stack2;
		u->uc_stack.ss_size = 1;
	} else {
		u->uc_stack.ss_sp = (void *)KERNEL_ADDR;
		u->uc_stack.ss_size = 65536;
		u->uc_stack.ss_flags = 0;
	}
}

/* rt_sigreturn's restore_altstack with a uc_stack the handler rewrote */
static void garbage_uc_stack(void)
{
	set_stack(stack1, sizeof(stack1), 0);
	handle(SIGUSR1, scribble, 0);
	garbage_kind = 0;
	raise(SIGUSR1);
	show("uc_stack with flags 7");
	garbage_kind = 1;
	raise(SIGUSR1);
	show("uc_stack with size 1");
}

static void forked(void)
{
	pid_t pid;
	int status;

	set_stack(stack2, sizeof(stack2), 0);
	pid = fork();
	if (pid == 0) {
		show("fork: the child's");
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

/* A SIGSEGV handler that returned would fault again, forever. */
static void never(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	printf("a handler for signal %d ran\n", sig);
	fflush(stdout);
	if (sig == SIGSEGV)
		_exit(3);
}

static volatile unsigned long depth;

static void deeper(void)
{
	volatile char frame[1024];

	frame[0] = 0;
	if (++depth == 1UL << 30)
		return;
	deeper();
	frame[1] = frame[0];
}

static void overflow_in_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	deeper();
}

/* On a stack of 2048 bytes, the first frame fits; a second does not. */
static void tiny_first(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	raise(SIGUSR2);
}

/* Each of these must end in SIGSEGV, with no handler running. */
static void deadly(const char *what)
{
	size_t size = sizeof(stack1);
	void *sp = stack1;
	char *m;

	handle(SIGSEGV, never, SA_ONSTACK);
	handle(SIGUSR1, never, SA_ONSTACK);
	if (!strcmp(what, "unmapped")) {
		sp = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(sp, size);
	} else if (!strcmp(what, "read-only")) {
		sp = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	} else if (!strcmp(what, "kernel address")) {
		sp = (void *)KERNEL_ADDR;
	} else if (!strcmp(what, "wrapping around")) {
		sp = (void *)0xfffffffffffff000UL;
		size = 0x2000;
	} else if (!strcmp(what, "size ~0")) {
		size = ~0UL;
	} else if (!strcmp(what, "no room for a nested frame")) {
		size = LINUX_MINSIGSTKSZ;
		handle(SIGUSR1, tiny_first, SA_ONSTACK);
		handle(SIGUSR2, never, SA_ONSTACK);
	} else if (!strcmp(what, "handler overflows it")) {
		m = mmap(NULL, size + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		mprotect(m, 4096, PROT_NONE);	/* a guard page below */
		sp = m + 4096;
		handle(SIGUSR1, overflow_in_handler, SA_ONSTACK);
	} else if (!strcmp(what, "garbage uc_stack")) {
		garbage_kind = 2;
		handle(SIGUSR1, scribble, 0);
		raise(SIGUSR1);
		handle(SIGUSR1, never, SA_ONSTACK);
	}
	if (strcmp(what, "garbage uc_stack"))
		set_stack(sp, size, 0);
	raise(SIGUSR1);
	printf("%s: survived\n", what);
}

static void run_deadly(const char *what)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		deadly(what);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("%s: exited with status %d\n", what, WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	static const char *const cases[] = {
		"unmapped", "read-only", "kernel address", "wrapping around",
		"size ~0", "no room for a nested frame", "handler overflows it",
		"garbage uc_stack",
	};
	unsigned i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "exec-child")) {
		show("after execve");
		return 0;
	}
	errors();
	nested();
	autodisarm();
	garbage_uc_stack();
	forked();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_deadly(cases[i]);
	set_stack(stack1, sizeof(stack1), SS_AUTODISARM);
	fflush(stdout);
	if (fork() == 0) {
		execl(argv[0], argv[0], "exec-child", (char *)NULL);
		perror("execl");
		_exit(127);
	}
	wait(NULL);
	printf("altstack-hostile: done\n");
	return 0;
}
