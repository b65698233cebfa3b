/* exece2big: Linux's limits on the arguments of execve.  Each attempt
 * either fails with E2BIG, and this program keeps running its own code,
 * or starts a child that prints how many arguments it got.  The limits:
 * a string of at most MAX_ARG_STRLEN (32 pages) with its NUL, all of
 * them (and their pointers) within a quarter of RLIMIT_STACK but at
 * least 32 pages, and a stack that stays within RLIMIT_STACK. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define KiB 1024UL

static char *self;

/* execve with n strings of len bytes each; report what happened */
static void try(const char *what, int n, unsigned long len, int in_this_process)
{
	char **argv = calloc(n + 3, sizeof(char *));
	char *envp[] = { NULL };
	pid_t pid;
	int status;

	argv[0] = self;
	argv[1] = "ran";
	for (int i = 0; i < n; i++) {
		argv[i + 2] = malloc(len + 1);
		memset(argv[i + 2], 'x', len);
		argv[i + 2][len] = 0;
	}
	fflush(stdout);
	if (in_this_process) {	/* expected to fail: the program goes on */
		execve(self, argv, envp);
		printf("exece2big: %s: %s\n", what, errno == E2BIG ? "E2BIG" : strerror(errno));
	} else {
		pid = fork();
		if (pid == 0) {
			execve(self, argv, envp);
			printf("exece2big: %s: %s\n", what,
			       errno == E2BIG ? "E2BIG" : strerror(errno));
			exit(1);
		}
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			printf("exece2big: %s: the child ran\n", what);
	}
	for (int i = 0; i < n; i++)
		free(argv[i + 2]);
	free(argv);
}

static void stack_limit(unsigned long bytes)
{
	struct rlimit r = { bytes, RLIM_INFINITY };

	setrlimit(RLIMIT_STACK, &r);
	printf("exece2big: RLIMIT_STACK %lu KiB\n", bytes / KiB);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "ran")) {
		printf("exece2big: the child ran with %d arguments\n", argc);
		return 0;
	}
	self = argv[0];
	stack_limit(8192 * KiB);
	try("20 strings of 120 KiB", 20, 120 * KiB, 1);
	try("one string of 128 KiB", 1, 128 * KiB, 1);
	try("one string of 128 KiB - 1", 1, 128 * KiB - 1, 0);
	try("16 strings of 120 KiB", 16, 120 * KiB, 0);
	stack_limit(256 * KiB);
	try("two strings of 80 KiB", 2, 80 * KiB, 0);
	try("one string of 120 KiB", 1, 120 * KiB, 0);
	stack_limit(64 * KiB);
	try("one string of 100 KiB", 1, 100 * KiB, 0);
	try("one string of 40 KiB", 1, 40 * KiB, 0);
	printf("exece2big: still running\n");
	return 0;
}
