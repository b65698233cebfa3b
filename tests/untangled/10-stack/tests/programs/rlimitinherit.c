/*
 * rlimitinherit: limits travel across fork and execve.  The parent sets
 * RLIMIT_STACK and RLIMIT_NOFILE; a child reports them, the parent then
 * changes the child's RLIMIT_CORE from outside with prlimit(child pid),
 * the child reports that, and executes itself, and the new program
 * reports all three again.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static void show(const char *when)
{
	static const int which[3] = { RLIMIT_STACK, RLIMIT_NOFILE, RLIMIT_CORE };
	static const char *const names[3] = { "STACK", "NOFILE", "CORE" };

	printf("rlimitinherit: %s:", when);
	for (int i = 0; i < 3; i++) {
		struct rlimit r;

		getrlimit(which[i], &r);
		printf(" %s %lu/", names[i], r.rlim_cur);
		if (r.rlim_max == RLIM_INFINITY)
			printf("unlimited");
		else
			printf("%lu", r.rlim_max);
	}
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct rlimit stack = { 4 << 20, 16 << 20 }, files = { 100, 200 };
	struct rlimit core = { 4096, 8192 }, old;
	int ready[2], go[2], status;
	char c;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "exec")) {
		show("after execve");
		return 0;
	}
	if (setrlimit(RLIMIT_STACK, &stack) || setrlimit(RLIMIT_NOFILE, &files) || pipe(ready) || pipe(go))
		return perror("rlimitinherit"), 1;
	pid = fork();
	if (pid == 0) {
		show("after fork");
		write(ready[1], "", 1);
		read(go[0], &c, 1);
		show("after the parent's prlimit");
		execl(argv[0], argv[0], "exec", (char *)0);
		perror("rlimitinherit: execl");
		_exit(1);
	}
	read(ready[0], &c, 1);
	if (prlimit(pid, RLIMIT_CORE, &core, &old))
		perror("rlimitinherit: prlimit");
	printf("rlimitinherit: prlimit on the child: its CORE was %lu/%s\n",
	       old.rlim_cur, old.rlim_max == RLIM_INFINITY ? "unlimited" : "?");
	fflush(stdout);
	write(go[1], "", 1);
	waitpid(pid, &status, 0);
	show("the parent, at the end");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
