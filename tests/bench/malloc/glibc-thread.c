/*
 * glibc-thread: glibc's benchtests/bench-malloc-thread.c, in our own
 * words.  Each of 2 threads keeps a working set of 1024 blocks and
 * replaces a random one at each step with a block of 4 bytes to 32 KiB,
 * the sizes spread evenly on a logarithmic scale (as many requests
 * between 4 and 8 bytes as between 16 and 32 KiB), so small requests
 * dominate and the large ones reach past the tcache and the small bins.
 * glibc's version runs for a fixed time and counts iterations; this one
 * runs a fixed count, so the time is the figure.
 */
#include <pthread.h>
#include "bench.h"

#define THREADS 2
#define WORKING_SET 1024

struct work {
	long steps;
	uint64_t seed, sum;
};

static size_t pick_size(struct rng *r)
{
	size_t lo = (size_t)4 << (rng_next(r) % 13);	/* 4 .. 16384 */

	return rng_range(r, lo, 2 * lo - 1);
}

static void *worker(void *arg)
{
	struct work *w = arg;
	void *p[WORKING_SET] = { 0 };
	size_t n[WORKING_SET];
	struct rng r;
	uint64_t sum = 0;

	rng_seed(&r, w->seed);
	for (long i = 0; i < w->steps; i++) {
		unsigned k = rng_next(&r) % WORKING_SET;

		if (p[k]) {
			sum += *(volatile unsigned char *)p[k] + n[k];
			free(p[k]);
		}
		n[k] = pick_size(&r);
		p[k] = xmalloc(n[k]);
		*(volatile unsigned char *)p[k] = (unsigned char)i;
	}
	for (int k = 0; k < WORKING_SET; k++)
		free(p[k]);
	w->sum = sum;
	return NULL;
}

int main(int argc, char **argv)
{
	struct work w[THREADS];
	pthread_t t[THREADS];
	uint64_t sum = 0;

	for (int i = 0; i < THREADS; i++) {
		w[i].steps = scaled(argc, argv, 6000000);
		w[i].seed = 200 + i;
		if (pthread_create(&t[i], NULL, worker, &w[i]))
			abort();
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		sum = mix(sum, w[i].sum);
	}
	DONE("glibc-thread", sum);
	return 0;
}
