/*
 * Timing helpers shared by the host benchmarks (tests/bench/vma/driver.c,
 * tests/host/slab/bench.c).  They time the thread's own CPU time, not the
 * wall clock: on a machine shared with other work, the time the thread
 * spends waiting for a CPU is not the code's.  (What other work does to
 * the caches still shows.)
 */
#ifndef WEFT_TESTS_CPUTIME_H
#define WEFT_TESTS_CPUTIME_H
#include <time.h>

static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* qsort's comparison of doubles, for medians. */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}
#endif
