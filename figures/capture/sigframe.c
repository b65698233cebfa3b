/* Print where the kernel put a signal frame: run on weft by
 * figures/capture/run, drawn as figures/signal-frame.tex.  */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>

static void handler(int sig, siginfo_t *info, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long *pretcode = (unsigned long *)uc - 1;

	printf("sigframe: sig %d\n", sig);
	printf("sigframe: interrupted_sp %#lx\n", (unsigned long)uc->uc_mcontext.gregs[REG_RSP]);
	printf("sigframe: fpstate %#lx\n", (unsigned long)uc->uc_mcontext.fpregs);
	printf("sigframe: info %#lx\n", (unsigned long)info);
	printf("sigframe: uc %#lx\n", (unsigned long)uc);
	printf("sigframe: pretcode %#lx = %#lx\n", (unsigned long)pretcode, *pretcode);
	printf("sigframe: sigmask %#lx\n", (unsigned long)&uc->uc_sigmask);
	printf("sigframe: rip %#lx\n", (unsigned long)uc->uc_mcontext.gregs[REG_RIP]);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };

	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	return 0;
}
