/*
 * arenatest TEST: the arenas of chapter 12, seen from outside the
 * allocator.  The same source runs on weft (against weft's libc) and on
 * the Linux host (against glibc, or with weft's allocator preloaded);
 * every line it prints is free of addresses, so the host's two runs can
 * be compared line by line.
 *   threads cross reuse limit arenamax many fork mallopt mallinfo stats
 *   info trim
 */
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_sched_getaffinity
#define SYS_sched_getaffinity 204
#endif
#define HEAP_MAX (64UL << 20)
#define MAXT 32

extern char end[];
static pthread_barrier_t start, finish;
static void *got[MAXT];
static void *volatile sink;	/* keeps the compiler from eliding a malloc/free pair */

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

/* One /proc/self/maps line: "lo-hi perms ...". */
static int maps_parse(const char *l, unsigned long *a, unsigned long *b, char *perms)
{
	char *e;

	*a = strtoul(l, &e, 16);
	if (*e != '-')
		return 0;
	*b = strtoul(e + 1, &e, 16);
	if (*e != ' ')
		return 0;
	memcpy(perms, e + 1, 4);
	perms[4] = 0;
	return 1;
}

/* The /proc/self/maps line that holds addr: its range and permissions. */
static int maps_find(uintptr_t addr, uintptr_t *lo, uintptr_t *hi, char *perms)
{
	static char buf[65536];
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, r;

	if (fd < 0)
		return 0;
	while (n < (int)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (char *l = buf; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		unsigned long a, b;
		char p[5];

		if (maps_parse(l, &a, &b, p) && a <= addr && addr < b) {
			*lo = a;
			*hi = b;
			if (perms)
				strcpy(perms, p);
			return 1;
		}
	}
	return 0;
}

static int in_brk(void *p)
{
	return (char *)p >= end && (char *)p < (char *)sbrk(0);
}

/* In a heap: a read/write mapping starting on a 64 MiB boundary, the rest
 * of the 64 MiB reserved PROT_NONE right after it. */
static int in_heap(void *p)
{
	uintptr_t base = (uintptr_t)p & ~(HEAP_MAX - 1), lo, hi, lo2, hi2;
	char perms[5], perms2[5];

	if (!maps_find((uintptr_t)p, &lo, &hi, perms) || lo != base || strcmp(perms, "rw-p"))
		return 0;
	if (hi == base + HEAP_MAX)
		return 1;
	return maps_find(hi, &lo2, &hi2, perms2) && !strcmp(perms2, "---p") &&
	       hi2 == base + HEAP_MAX;
}

static int count_heaps(void)
{
	static char buf[65536];
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, r, count = 0;

	while (fd >= 0 && n < (int)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	if (fd >= 0)
		close(fd);
	buf[n] = 0;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long a, b;
		char p[5];

		if (maps_parse(l, &a, &b, p) && !(a & (HEAP_MAX - 1)) &&
		    !strcmp(p, "rw-p") && in_heap((void *)a))
			count++;
	}
	return count;
}

/* malloc_stats's text, caught from standard error through a pipe. */
static int stats_text(char *buf, int size)
{
	int p[2], saved = dup(2), n = 0, r;

	if (pipe(p) < 0)
		return 0;
	dup2(p[1], 2);
	close(p[1]);
	malloc_stats();
	dup2(saved, 2);
	close(saved);
	while (n < size - 1 && (r = read(p[0], buf + n, size - 1 - n)) > 0)
		n += r;
	close(p[0]);
	buf[n] = 0;
	return n;
}

static int count_arenas(void)
{
	char buf[8192];
	int count = 0;

	stats_text(buf, sizeof(buf));
	for (char *s = buf; (s = strstr(s, "Arena ")); s++)
		count++;
	return count;
}

static int nprocs(void)
{
	char buf[256];
	unsigned long mask[16];
	int fd = open("/sys/devices/system/cpu/online", O_RDONLY), count = 0;
	long n;

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		for (char *s = buf; *s >= '0' && *s <= '9';) {
			long a = strtol(s, &s, 10), b = a;

			if (*s == '-')
				b = strtol(s + 1, &s, 10);
			count += b - a + 1;
			if (*s == ',')
				s++;
		}
		if (count > 0)
			return count;
	}
	n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	for (long i = 0; i < n / 8; i++)
		count += __builtin_popcountl(mask[i]);
	return count > 0 ? count : 2;
}

/* Threads that each take a block and hold it until all have one. */
static void *hold_one(void *arg)
{
	got[(intptr_t)arg] = malloc(100);
	pthread_barrier_wait(&start);
	pthread_barrier_wait(&finish);
	free(got[(intptr_t)arg]);
	return NULL;
}

static pthread_t holders[MAXT];
static int nholders;

static void run_holders(int n)
{
	nholders = n;
	pthread_barrier_init(&start, NULL, n + 1);
	pthread_barrier_init(&finish, NULL, n + 1);
	for (intptr_t i = 0; i < n; i++)
		pthread_create(&holders[i], NULL, hold_one, (void *)i);
	pthread_barrier_wait(&start);
}

static void end_holders(void)
{
	pthread_barrier_wait(&finish);
	for (int i = 0; i < nholders; i++)
		pthread_join(holders[i], NULL);
}

static int distinct_heaps(int n)
{
	int count = 0;

	for (int i = 0; i < n; i++) {
		int seen = 0;

		for (int j = 0; j < i; j++)
			seen |= ((uintptr_t)got[i] & ~(HEAP_MAX - 1)) ==
				((uintptr_t)got[j] & ~(HEAP_MAX - 1));
		count += !seen && in_heap(got[i]);
	}
	return count;
}

static void test_threads(void)
{
	void *mine = malloc(100);

	run_holders(4);
	printf("threads: main: malloc(100) in the brk heap: %s\n", yes(in_brk(mine)));
	for (int i = 0; i < 4; i++)
		printf("threads: thread %d: malloc(100) in a 64 MiB-aligned heap: %s\n", i,
		       yes(in_heap(got[i])));
	printf("threads: 4 threads, %d distinct heaps\n", distinct_heaps(4));
	printf("threads: malloc_stats lists %d arenas\n", count_arenas());
	end_holders();
	free(mine);
}

#define NCROSS 1000
static void *blocks[NCROSS];

static void *cross_thread(void *arg)
{
	int back = 0, home = 1;
	uintptr_t base;

	(void)arg;
	for (int i = 0; i < NCROSS; i++)
		blocks[i] = malloc(100);
	base = (uintptr_t)blocks[0] & ~(HEAP_MAX - 1);
	pthread_barrier_wait(&start);
	pthread_barrier_wait(&finish);	/* main frees them all meanwhile */
	for (int i = 0; i < NCROSS; i++) {
		void *p = malloc(100);

		for (int j = 0; j < NCROSS; j++)
			if (blocks[j] == p) {
				back++;
				break;
			}
		home &= ((uintptr_t)p & ~(HEAP_MAX - 1)) == base;
	}
	printf("cross: the thread's %d new blocks: %d of the freed ones, all in its own heap: %s\n",
	       NCROSS, back, yes(home));
	return NULL;
}

static void test_cross(void)
{
	pthread_t t;
	int mine = 0;
	void *again[7];

	pthread_barrier_init(&start, NULL, 2);
	pthread_barrier_init(&finish, NULL, 2);
	pthread_create(&t, NULL, cross_thread, NULL);
	pthread_barrier_wait(&start);
	for (int i = 0; i < NCROSS; i++)
		free(blocks[i]);
	for (int i = 0; i < 7; i++) {
		again[i] = malloc(100);
		for (int j = 0; j < NCROSS; j++)
			mine += blocks[j] == again[i];
	}
	printf("cross: main freed the thread's %d blocks; main's tcache kept %d of them\n",
	       NCROSS, mine);
	pthread_barrier_wait(&finish);
	pthread_join(t, NULL);
}

static void *take_one(void *arg)
{
	*(void **)arg = malloc(100);
	return NULL;
}

static void test_reuse(void)
{
	pthread_t t;
	void *a, *b;

	pthread_create(&t, NULL, take_one, &a);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, take_one, &b);
	pthread_join(t, NULL);
	printf("reuse: the second thread got the first one's arena: %s\n",
	       yes(in_heap(a) && ((uintptr_t)a & ~(HEAP_MAX - 1)) ==
		   ((uintptr_t)b & ~(HEAP_MAX - 1))));
	printf("reuse: malloc_stats lists %d arenas\n", count_arenas());
}

static void test_limit(void)
{
	int n = 20, arenas, cores = nprocs(), limit = 8 * cores > 9 ? 8 * cores : 9;

	run_holders(n);
	arenas = count_arenas();
	printf("limit: %d threads at once: %d arenas; at most max(8 x cores, 9): %s\n", n,
	       arenas, yes(arenas <= limit));
	printf("limit: heaps mapped: one per thread arena: %s\n", yes(count_heaps() == arenas - 1));
	end_holders();
}

static void test_arenamax(void)
{
	int all = 1;

	printf("arenamax: mallopt(M_ARENA_MAX, 1) = %d\n", mallopt(M_ARENA_MAX, 1));
	run_holders(16);
	for (int i = 0; i < 16; i++)
		all &= in_brk(got[i]);
	printf("arenamax: 16 threads, all in the main arena: %s; arenas %d\n", yes(all),
	       count_arenas());
	end_holders();
}

static void *churn(void *arg)
{
	void *p[100];

	(void)arg;
	for (int i = 0; i < 100; i++)
		sink = p[i] = malloc(16 + i * 40);
	for (int i = 0; i < 100; i += 2)
		free(p[i]);
	for (int i = 1; i < 100; i += 2)
		free(p[i]);
	return NULL;
}

static void test_many(void)
{
	pthread_t t[10];
	int arenas, heaps, cores = nprocs();

	for (int wave = 0; wave < 20; wave++) {
		for (int i = 0; i < 10; i++)
			pthread_create(&t[i], NULL, churn, NULL);
		for (int i = 0; i < 10; i++)
			pthread_join(t[i], NULL);
	}
	arenas = count_arenas();
	heaps = count_heaps();
	printf("many: 200 threads in waves of 10: more than one arena, at most max(8 x cores, 9) "
	       "and 11: %s\n", yes(arenas > 1 && arenas <= (8 * cores > 9 ? 8 * cores : 9) &&
				   arenas <= 11));
	printf("many: heaps mapped: one per thread arena: %s\n", yes(heaps == arenas - 1));
}

/* fork while four threads malloc and free: every child can allocate,
 * also in a thread of its own. */
static volatile int stop;

static void *busy(void *arg)
{
	(void)arg;
	while (!stop)
		churn(NULL);
	return NULL;
}

static void test_fork(void)
{
	pthread_t t[4], c;
	int ok = 0, status;

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, busy, NULL);
	for (int i = 0; i < 20; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			churn(NULL);
			pthread_create(&c, NULL, churn, NULL);
			pthread_join(c, NULL);
			_exit(0);
		}
		if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			ok++;
	}
	stop = 1;
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("fork: 20 children malloc'd while 4 threads were in malloc: %d exited 0\n", ok);
}

static void test_mallopt(void)
{
	void *p[20];
	size_t fast1, fast2;

	printf("mallopt: M_MXFAST 160: %d, 161: %d, -1: %d\n", mallopt(M_MXFAST, 160),
	       mallopt(M_MXFAST, 161), mallopt(M_MXFAST, -1));
	printf("mallopt: M_ARENA_MAX 0: %d, -1: %d; M_ARENA_TEST -5: %d\n",
	       mallopt(M_ARENA_MAX, 0), mallopt(M_ARENA_MAX, -1), mallopt(M_ARENA_TEST, -5));
	printf("mallopt: M_TRIM_THRESHOLD -1: %d, M_TOP_PAD 0: %d, M_MMAP_THRESHOLD 64 MiB: %d, "
	       "M_MMAP_MAX 65536: %d, parameter 1234: %d\n", mallopt(M_TRIM_THRESHOLD, -1),
	       mallopt(M_TOP_PAD, 0), mallopt(M_MMAP_THRESHOLD, 64 << 20),
	       mallopt(M_MMAP_MAX, 65536), mallopt(1234, 1));
	mallopt(M_MXFAST, 128);
	for (int i = 0; i < 20; i++)
		sink = p[i] = malloc(24);
	for (int i = 0; i < 20; i++)
		free(p[i]);
	fast1 = mallinfo2().smblks;
	mallopt(M_MXFAST, 0);
	for (int i = 0; i < 20; i++)
		sink = p[i] = malloc(24);
	for (int i = 0; i < 20; i++)
		free(p[i]);
	fast2 = mallinfo2().smblks;
	printf("mallopt: 20 freed 24-byte blocks: %zu in fastbins by default, %zu with M_MXFAST 0\n",
	       fast1, fast2);
}

static void test_mallinfo(void)
{
	struct mallinfo2 m0 = mallinfo2(), m1, m2, m3;
	void *p[100], *big;

	for (int i = 0; i < 100; i++)
		sink = p[i] = malloc(1000);
	m1 = mallinfo2();
	sink = big = malloc(1 << 20);
	m2 = mallinfo2();
	free(big);
	for (int i = 0; i < 100; i += 2)
		free(p[i]);
	m3 = mallinfo2();
	printf("mallinfo2: 100 blocks of 1000 bytes raise uordblks by at least 100000: %s\n",
	       yes(m1.uordblks >= m0.uordblks + 100000));
	printf("mallinfo2: arena = uordblks + fordblks: %s\n",
	       yes(m1.arena == m1.uordblks + m1.fordblks && m3.arena == m3.uordblks + m3.fordblks));
	printf("mallinfo2: malloc(1 MiB): hblks +%zu, hblkhd grows by at least 1 MiB: %s\n",
	       m2.hblks - m1.hblks, yes(m2.hblkhd >= m1.hblkhd + (1 << 20)));
	printf("mallinfo2: 50 blocks freed: fordblks grows by at least 43000: %s, ordblks grows: %s\n",
	       yes(m3.fordblks >= m1.fordblks + 43000), yes(m3.ordblks > m1.ordblks));
}

/* malloc_stats's lines with each number (and its padding) as N. */
static void test_stats(void)
{
	char buf[8192], *line, *next;
	void *big = sink = malloc(1 << 20);

	run_holders(1);
	stats_text(buf, sizeof(buf));
	for (line = buf; *line; line = next) {
		char out[128], *o = out;

		next = strchr(line, '\n');
		next = next ? (*next = 0, next + 1) : line + strlen(line);

		for (char *c = line; *c && o < out + sizeof(out) - 2; c++) {
			if (*c >= '0' && *c <= '9') {
				char *q = o;

				while (q > out && q[-1] == ' ')
					q--;
				if (q > out && q[-1] == '=')
					o = q, *o++ = ' ';
				if (o == out || o[-1] != 'N')
					*o++ = 'N';
			} else {
				*o++ = *c;
			}
		}
		*o = 0;
		printf("stats: %s\n", out);
	}
	end_holders();
	free(big);
}

static void test_info(void)
{
	void *big = sink = malloc(1 << 20);

	run_holders(1);
	fflush(stdout);
	malloc_info(0, stdout);
	fflush(stdout);
	printf("info: malloc_info(1, stdout) = %d (EINVAL is 22)\n", malloc_info(1, stdout));
	end_holders();
	free(big);
}

static void test_trim(void)
{
	static void *p[2000];
	void *keep = malloc(100), *a, *b;
	uintptr_t lo, hi1, hi2;
	size_t arena1;

	mallopt(M_TRIM_THRESHOLD, -1);
	for (int i = 0; i < 2000; i++)
		sink = p[i] = malloc(1000);
	for (int i = 0; i < 2000; i++)
		free(p[i]);
	maps_find((uintptr_t)sbrk(0) - 1, &lo, &hi1, NULL);	/* the break's last page */
	arena1 = mallinfo2().arena;
	printf("trim: malloc_trim(0) = %d\n", malloc_trim(0));
	maps_find((uintptr_t)sbrk(0) - 1, &lo, &hi2, NULL);
	printf("trim: the [heap] mapping's end moved down by at least 1 MiB: %s; mallinfo2 arena too: %s\n",
	       yes(hi2 + (1 << 20) <= hi1), yes(mallinfo2().arena + (1 << 20) <= arena1));
	sink = a = malloc(100000);
	sink = b = malloc(100);
	free(a);
	printf("trim: a free 100000-byte chunk below a block in use: malloc_trim(0) = %d\n",
	       malloc_trim(0));
	free(b);
	free(keep);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "threads", test_threads }, { "cross", test_cross }, { "reuse", test_reuse },
	{ "limit", test_limit }, { "arenamax", test_arenamax }, { "many", test_many },
	{ "fork", test_fork }, { "mallopt", test_mallopt }, { "mallinfo", test_mallinfo },
	{ "stats", test_stats }, { "info", test_info }, { "trim", test_trim },
};

int main(int argc, char **argv)
{
	/* The first malloc attaches its thread to the main arena: let that
	 * be the main thread, as it is on the host where the dynamic linker
	 * and stdio allocate before main. */
	free(sink = malloc(1));
	/* Each test in a child of its own, so that each starts with the
	 * allocator as a fresh process has it (the arena limit, for one, is
	 * computed once per process). */
	for (int i = 1; i < argc; i++)
		for (size_t j = 0; j < sizeof(tests) / sizeof(tests[0]); j++) {
			int status;
			pid_t pid;

			if (strcmp(argv[i], tests[j].name))
				continue;
			fflush(stdout);
			if ((pid = fork()) == 0) {
				tests[j].fn();
				fflush(stdout);
				_exit(0);
			}
			if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
			    WEXITSTATUS(status) != 0)
				printf("arenatest: %s: FAILED (status %#x)\n", argv[i], status);
		}
	printf("arenatest: done\n");
	return 0;
}
