/* threadloop: 1000 threads created and ended one after another must
 * leave no task and no memory behind; /proc must show the threads of a
 * process under /proc/PID/task and count them in Threads:. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "rawclone.h"

#define STACK (64 * 1024)
static int failed;
static volatile int stop, started;

static void check(int ok, const char *what)
{
	printf("threadloop: %s: %s\n", what, ok ? "ok" : "FAILED");
	failed |= !ok;
}

static long meminfo(const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static int count_entries(const char *dir, int digits_only)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d)))
		if (!digits_only || (e->d_name[0] >= '0' && e->d_name[0] <= '9'))
			n++;
	if (d)
		closedir(d);
	return n;
}

static int status_threads(const char *path)
{
	char line[128];
	int n = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "Threads: %d", &n);
	if (f)
		fclose(f);
	return n;
}

static int stat_threads(void)
{
	char buf[1024], *p;
	int field = 3, n = -1;
	FILE *f = fopen("/proc/self/stat", "r");

	if (f && fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		for (p += 2; *p; p++)
			if (*p == ' ' && ++field == 20) {
				n = atoi(p + 1);
				break;
			}
	if (f)
		fclose(f);
	return n;
}

static int quick(void *arg)
{
	(void)arg;
	return 0;
}

static int waiter(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	while (!stop)
		sys3(SYS_sched_yield, 0, 0, 0);
	return 0;
}

int main(void)
{
	char *stack = mmap(NULL, 4 * STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char path[64];
	long free0, free1;
	int procs0, tids[3], ctid[3], n = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < 3; i++) {
		ctid[i] = 1;
		tids[i] = raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID,
				    stack + (i + 1) * STACK, NULL, &ctid[i], 0, waiter, NULL);
	}
	while (started < 3)
		sys3(SYS_sched_yield, 0, 0, 0);
	check(status_threads("/proc/self/status") == 4, "Threads: 4 with three threads");
	check(stat_threads() == 4, "/proc/self/stat: num_threads 4");
	snprintf(path, sizeof(path), "/proc/%d/task", getpid());
	check(count_entries(path, 1) == 4, "/proc/PID/task lists four threads");
	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", getpid(), tids[1]);
	check(status_threads(path) == 4, "a thread's status file, read through task/");
	snprintf(path, sizeof(path), "/proc/%d/status", tids[1]);
	check(status_threads(path) == 4, "/proc/TID is there though not listed");
	procs0 = count_entries("/proc", 1);
	stop = 1;
	for (int i = 0; i < 3; i++)
		yield_until(&ctid[i], 0);

	procs0 = count_entries("/proc", 1);
	free0 = meminfo("MemFree:");
	for (int i = 0; i < 1000; i++) {
		int word = 1;

		if (raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID, stack + STACK, NULL,
			      &word, 0, quick, NULL) > 0)
			n++;
		yield_until(&word, 0);
	}
	for (int i = 0; i < 50; i++)
		sys3(SYS_sched_yield, 0, 0, 0);
	free1 = meminfo("MemFree:");
	check(n == 1000, "1000 threads created and ended");
	check(count_entries("/proc", 1) == procs0, "no task is left in /proc");
	check(status_threads("/proc/self/status") == 1, "Threads: 1 again");
	printf("threadloop: MemFree %ld kB before, %ld kB after\n", free0, free1);
	check(free0 - free1 <= 64, "MemFree within 64 kB of what it was");
	printf("threadloop: %s\n", failed ? "FAILED" : "all as Linux");
	return failed;
}
