/*
 * larson-like: a server's threads.  Larson and Krishnan's benchmark (in
 * the Hoard and mimalloc suites) gives each thread an array of blocks of
 * random sizes; the thread replaces random blocks, then hands its array
 * on to a new thread, so that blocks are freed by threads other than the
 * ones that allocated them, as in a server where the thread that builds a
 * reply is not the one that sends it.  Here 4 threads each own 1000
 * slots of 16 to 1024 bytes; after every round the arrays rotate by one
 * thread, and each round's threads are new ones.
 */
#include <pthread.h>
#include "bench.h"

#define THREADS 4
#define SLOTS 1000

struct slot {
	void *p;
	size_t n;
	uint64_t tag;
};

struct work {
	struct slot *s;
	long steps;
	uint64_t seed, sum;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	struct rng r;
	uint64_t sum = 0;

	rng_seed(&r, w->seed);
	for (long i = 0; i < w->steps; i++) {
		struct slot *x = &w->s[rng_next(&r) % SLOTS];

		sum = mix(sum, check(x->p, x->n, x->tag));
		free(x->p);
		x->n = rng_range(&r, 16, 1024);
		x->p = xmalloc(x->n);
		x->tag = rng_next(&r);
		fill(x->p, x->n, x->tag);
	}
	w->sum = sum;
	return NULL;
}

int main(int argc, char **argv)
{
	long rounds = scaled(argc, argv, 100);
	static struct slot s[THREADS][SLOTS];
	struct work w[THREADS];
	pthread_t t[THREADS];
	struct rng r;
	uint64_t sum = 0;

	rng_seed(&r, 3);
	for (int i = 0; i < THREADS; i++)
		for (int j = 0; j < SLOTS; j++) {
			s[i][j].n = rng_range(&r, 16, 1024);
			s[i][j].p = xmalloc(s[i][j].n);
			s[i][j].tag = rng_next(&r);
			fill(s[i][j].p, s[i][j].n, s[i][j].tag);
		}
	for (long k = 0; k < rounds; k++) {
		for (int i = 0; i < THREADS; i++) {
			w[i].s = s[(i + k) % THREADS];
			w[i].steps = 50000;
			w[i].seed = k * THREADS + i + 1;
			if (pthread_create(&t[i], NULL, worker, &w[i]))
				abort();
		}
		for (int i = 0; i < THREADS; i++) {
			pthread_join(t[i], NULL);
			sum = mix(sum, w[i].sum);
		}
	}
	for (int i = 0; i < THREADS; i++)
		for (int j = 0; j < SLOTS; j++) {
			sum = mix(sum, check(s[i][j].p, s[i][j].n, s[i][j].tag));
			free(s[i][j].p);
		}
	DONE("larson", sum);
	return 0;
}
