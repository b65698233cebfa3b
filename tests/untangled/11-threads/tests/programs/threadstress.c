/*
 * threadstress: 1000 rounds of pthread_create and pthread_join, after ten
 * to fill glibc's stack cache; the free memory, the tasks in
 * /proc/self/task and the lines of /proc/self/maps must be the same
 * before and after (MemFree within 1 MiB).  Exit 1 if not.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define ROUNDS 1000

static long memfree_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static int count_maps(void)
{
	char line[256];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

/*
 * pthread_join returns when the kernel clears the thread's tid word, which
 * it does before the thread's task is gone: give the last one time to go.
 */
static int settled_tasks(void)
{
	struct timespec ms10 = { 0, 10 * 1000 * 1000 };
	int n, tries = 0;

	while ((n = count_tasks()) > 1 && ++tries < 1000)
		nanosleep(&ms10, NULL);
	return n;
}

static void *touch(void *arg)
{
	volatile char buf[64 * 1024];	/* 16 pages of the stack */

	memset((char *)buf, 1, sizeof(buf));
	return arg;
}

static int rounds(int n)
{
	for (int i = 0; i < n; i++) {
		pthread_t t;
		void *ret;

		if (pthread_create(&t, NULL, touch, (void *)(long)i) ||
		    pthread_join(t, &ret) || ret != (void *)(long)i) {
			printf("threadstress: round %d failed\n", i);
			return 0;
		}
	}
	return 1;
}

int main(void)
{
	long free_before, free_after;
	int tasks_before, tasks_after, maps_before, maps_after;

	if (!rounds(10))	/* fill the stack cache */
		return 1;
	free_before = memfree_kib();
	tasks_before = settled_tasks();
	maps_before = count_maps();
	if (!rounds(ROUNDS))
		return 1;
	free_after = memfree_kib();
	tasks_after = settled_tasks();
	maps_after = count_maps();
	printf("%d rounds of pthread_create and pthread_join\n", ROUNDS);
	printf("tasks: %d before, %d after\n", tasks_before, tasks_after);
	printf("maps lines: %d before, %d after\n", maps_before, maps_after);
	printf("MemFree: %s\n", free_before - free_after < 1024 ?
	       "less than 1 MiB lower" : "lower by more than 1 MiB: a leak");
	return tasks_before != 1 || tasks_after != 1 ||
	       maps_before != maps_after || free_before - free_after >= 1024;
}
