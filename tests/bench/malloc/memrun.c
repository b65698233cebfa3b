/*
 * memrun RESULT PRELOAD TIMEOUT PROG ARGS...: runs PROG with
 * LD_PRELOAD=PRELOAD ("-" for none), kills it after TIMEOUT seconds (0:
 * never), and writes "WALL_S MAXRSS_KIB STATUS CPU_S" to the file RESULT, the
 * status 128+N for a child killed by signal N, CPU_S the child's user and
 * system time together.
 * The peak RSS is the child's ru_maxrss from wait4.  It has to come from a
 * small parent: Linux carries a process's high-water mark across exec (the
 * old mm's peak goes into the signal struct's maxrss), so a child forked
 * by a 14 MiB Python would never report less than 14 MiB.  This program,
 * static and tiny, is the parent instead; LD_PRELOAD is set only in the
 * child, so the allocator under test is never loaded here.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child;

static void expire(int sig)
{
	(void)sig;
	kill(child, SIGKILL);
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *f;

	if (argc < 5) {
		fprintf(stderr, "usage: memrun RESULT PRELOAD|- TIMEOUT PROG ARGS...\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (argv[2][0] != '-')
			setenv("LD_PRELOAD", argv[2], 1);
		else
			unsetenv("LD_PRELOAD");
		execv(argv[4], argv + 4);
		_exit(127);
	}
	signal(SIGALRM, expire);
	alarm(atoi(argv[3]));
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	f = fopen(argv[1], "w");
	if (!f)
		return 1;
	fprintf(f, "%.6f %ld %d %.6f\n", (t1.tv_sec - t0.tv_sec) +
		(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
		ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return fclose(f) ? 1 : 0;
}
