/*
 * threadfacts MODE: two of the article's claims about thread stacks, run.
 *   default    one thread with default attributes: the size of the mapping
 *              its local lies in, and of the mapping directly below it
 *   unlimited  RLIMIT_STACK unlimited, then execute itself in mode default
 *              (glibc reads the limit once, at startup)
 *   64m        a thread whose attributes ask for a 64 MiB stack
 *   overflow   a child recurses 1 MiB deep on its main thread, then 1 MiB
 *              deep on a thread with a 256 KiB stack; prints every 64 KiB,
 *              and the parent says how the child ended
 *   reuse      three threads with 256 KiB stacks one after another: where
 *              each stack starts
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* The mapping holding addr and the one directly below it, in KiB. */
static unsigned long stack_of(unsigned long addr, long *kib,
			      long *guard_kib, char *perms_below)
{
	static char maps[16384];
	char *line;
	unsigned long start, end, prev_start = 0, prev_end = 0;
	char perms[5] = "", prev_perms[5] = "";
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t len = 0, n;

	while ((n = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += n;
	close(fd);
	maps[len] = '\0';
	*kib = *guard_kib = 0;
	for (line = maps; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) != 3)
			break;
		if (start <= addr && addr < end) {
			*kib = (end - start) / 1024;
			if (prev_end == start) {
				*guard_kib = (prev_end - prev_start) / 1024;
				strcpy(perms_below, prev_perms);
			}
			return start;
		}
		prev_start = start;
		prev_end = end;
		strcpy(prev_perms, perms);
	}
	return 0;
}

static void *measure(void *arg)
{
	long kib, guard_kib;
	char below[5] = "none";
	unsigned long start;

	start = stack_of((unsigned long)&kib, &kib, &guard_kib, below);
	printf("%s: the thread's stack %ld KiB rw-p, below it %ld KiB %s\n",
	       (char *)arg, kib, guard_kib, below);
	if (!strcmp(arg, "reuse"))
		printf("reuse: the stack starts at %#lx\n", start);
	return NULL;
}

static void run_thread(size_t attr_size, char *label)
{
	pthread_attr_t attr;
	pthread_t t;

	pthread_attr_init(&attr);
	if (attr_size)
		pthread_attr_setstacksize(&attr, attr_size);
	if (pthread_create(&t, &attr, measure, label)) {
		printf("%s: pthread_create failed\n", label);
		exit(1);
	}
	pthread_join(t, NULL);
}

static void print_limit(const char *label)
{
	struct rlimit rl;

	getrlimit(RLIMIT_STACK, &rl);
	if (rl.rlim_cur == RLIM_INFINITY)
		printf("%s: RLIMIT_STACK unlimited\n", label);
	else
		printf("%s: RLIMIT_STACK %lu KiB\n", label,
		       (unsigned long)rl.rlim_cur / 1024);
}

/* About 4 KiB a frame; says how deep it is every 64 KiB. */
static long dig(long depth, long limit)
{
	volatile char frame[4000];

	frame[0] = (char)depth;
	if (depth % 16 == 0) {
		char msg[64];
		int n = snprintf(msg, sizeof(msg), "  %ld KiB deep\n", depth * 4);

		write(1, msg, n);
	}
	if (depth == limit)
		return frame[0];
	return dig(depth + 1, limit) + frame[0];
}

static void *dig_thread(void *arg)
{
	dig(1, (long)arg);
	return NULL;
}

static void overflow(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int status;

	fflush(stdout);
	if (fork() == 0) {
		printf("main thread: 1 MiB of recursion\n");
		fflush(stdout);
		dig(1, 256);
		printf("thread with a 256 KiB stack: 1 MiB of recursion\n");
		fflush(stdout);
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 256 * 1024);
		pthread_create(&t, &attr, dig_thread, (void *)256L);
		pthread_join(t, NULL);
		printf("the thread's stack grew\n");
		exit(0);
	}
	wait(&status);
	if (WIFSIGNALED(status))
		printf("overflow: killed by signal %d\n", WTERMSIG(status));
	else
		printf("overflow: exit %d\n", WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "default";

	if (!strcmp(mode, "default")) {
		print_limit("default");
		run_thread(0, "default");
	} else if (!strcmp(mode, "unlimited")) {
		/* glibc reads the limit when the program starts: exec again. */
		struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

		if (setrlimit(RLIMIT_STACK, &rl))
			perror("setrlimit");
		execl(argv[0], argv[0], "default", (char *)NULL);
		perror("execl");
		return 1;
	} else if (!strcmp(mode, "64m")) {
		run_thread(64 << 20, "64 MiB attribute");
	} else if (!strcmp(mode, "overflow")) {
		overflow();
	} else if (!strcmp(mode, "reuse")) {
		for (int i = 0; i < 3; i++)
			run_thread(256 * 1024, "reuse");
	} else {
		printf("usage: threadfacts default|unlimited|64m|overflow|reuse\n");
		return 2;
	}
	return 0;
}
