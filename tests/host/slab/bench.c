/* The slab benchmark on the host: one build's kmem_cache_alloc/free and
 * kmalloc/kfree (chapter 2's stand-in, SLAB or SLUB), compiled -O2 over the
 * real buddy allocator.  Prints one line per figure, tab-separated:
 *   ALLOCATOR SIZE hot|batch|kmalloc ns-per-pair
 *   ALLOCATOR SIZE overhead bytes-per-object
 * Times are the thread's CPU time, so that time the shared machine gives
 * to other processes does not count; the median of ROUNDS rounds.
 * Usage: bench ALLOCATOR-NAME [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "host_boot.h"

#define BATCH	10000

#include "../../lib/cputime.h"

static void *volatile sink;
static void *objs[BATCH];

/* One round of each kind, ns per alloc+free pair. */
static double hot(struct kmem_cache *s, unsigned long pairs)
{
	double t0 = now_ns();

	for (unsigned long i = 0; i < pairs; i++) {
		void *p = kmem_cache_alloc(s, GFP_KERNEL);

		sink = p;
		kmem_cache_free(s, p);
	}
	return (now_ns() - t0) / pairs;
}

static double batch(struct kmem_cache *s, unsigned int times)
{
	double t0 = now_ns();

	for (unsigned int t = 0; t < times; t++) {
		for (int i = 0; i < BATCH; i++)
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = 0; i < BATCH; i++)
			kmem_cache_free(s, objs[i]);
	}
	return (now_ns() - t0) / ((double)times * BATCH);
}

static double kmalloc_hot(size_t size, unsigned long pairs)
{
	double t0 = now_ns();

	for (unsigned long i = 0; i < pairs; i++) {
		void *p = kmalloc(size, GFP_KERNEL);

		sink = p;
		kfree(p);
	}
	return (now_ns() - t0) / pairs;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "?";
	int rounds = argc > 2 ? atoi(argv[2]) : 7;
	static const unsigned int sizes[] = { 32, 256, 1024 };
	double v[3][64];

	if (rounds < 1 || rounds > 64)
		rounds = 7;
	host_boot(256);
	kmem_cache_init();
	for (unsigned int k = 0; k < 3; k++) {
		unsigned int size = sizes[k];
		char cname[32];
		struct kmem_cache *s;
		unsigned long before;

		snprintf(cname, sizeof(cname), "bench-%u", size);
		s = kmem_cache_create(cname, size, 0, 0, NULL);
		/* Overhead: the pages BATCH fresh objects take, less their bytes. */
		before = nr_free_pages();
		for (int i = 0; i < BATCH; i++)
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		printf("%s\t%u\toverhead\t%.1f\n", name, size,
		       (double)(before - nr_free_pages()) * PAGE_SIZE / BATCH - size);
		for (int i = 0; i < BATCH; i++)
			kmem_cache_free(s, objs[i]);
		hot(s, 100000);				/* warm up */
		batch(s, 2);
		for (int r = 0; r < rounds; r++) {
			v[0][r] = hot(s, 2000000);
			v[1][r] = batch(s, 100);
			v[2][r] = kmalloc_hot(size, 2000000);
		}
		printf("%s\t%u\thot\t%.1f\n", name, size, median(v[0], rounds));
		printf("%s\t%u\tbatch\t%.1f\n", name, size, median(v[1], rounds));
		printf("%s\t%u\tkmalloc\t%.1f\n", name, size, median(v[2], rounds));
		fflush(stdout);
	}
	return 0;
}
