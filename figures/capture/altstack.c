/*
 * The data for figures/altstack.tex: a program overflows its stack and
 * catches the SIGSEGV on an alternate stack; the handler prints where
 * everything is.  figures/capture/run-altstack runs it on weft.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>
#include <unistd.h>

static char altstack[65536];
static char *volatile lowest;
static volatile unsigned long depth;
static void *main_frame;

static void handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	printf("altstack: main_frame %p\n", main_frame);
	printf("altstack: ss_sp %p ss_size %zu\n", (void *)altstack, sizeof(altstack));
	printf("altstack: fpstate %p\n", (void *)uc->uc_mcontext.fpregs);
	printf("altstack: siginfo %p\n", (void *)si);
	printf("altstack: ucontext %p\n", (void *)uc);
	printf("altstack: pretcode %p\n", (void *)((char *)uc - 8));
	printf("altstack: handler_frame %p\n", __builtin_frame_address(0));
	printf("altstack: uc_stack %p %d %zu\n", uc->uc_stack.ss_sp,
	       uc->uc_stack.ss_flags, uc->uc_stack.ss_size);
	printf("altstack: rsp %#llx\n", (unsigned long long)uc->uc_mcontext.gregs[REG_RSP]);
	printf("altstack: deepest_frame %p\n", (void *)lowest);
	printf("altstack: si_addr %p\n", si->si_addr);
	fflush(stdout);
	_exit(0);
}

static void recurse(void)
{
	volatile char frame[1024];

	frame[0] = 0;
	lowest = (char *)frame;
	if (++depth == 1UL << 30)	/* never: only for gcc's warning */
		return;
	recurse();
	frame[1] = frame[0];
}

int main(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_sigaction = handler,
				.sa_flags = SA_ONSTACK | SA_SIGINFO };

	main_frame = __builtin_frame_address(0);
	sigaltstack(&ss, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	recurse();
	return 1;
}
