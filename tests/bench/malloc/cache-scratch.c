/*
 * cache-scratch: passive false sharing.  Hoard's cache-scratch has the
 * main thread allocate one small object for each worker; each worker
 * frees the object it was given, then many times allocates an object of
 * the same size, writes it over and over and frees it.  An allocator that
 * hands the worker back the freed object, or its neighbour in a chunk of
 * memory the main thread carved, puts objects of different threads in
 * one cache line, and the writes bounce that line between the cores.
 * Here 2 workers, 8-byte objects, 1000 writes to each.
 */
#include <pthread.h>
#include "bench.h"

#define THREADS 2
#define OBJ 8
#define WRITES 1000

struct work {
	char *given;
	long iters;
	uint64_t sum;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	uint64_t sum = 0;

	free(w->given);
	for (long i = 0; i < w->iters; i++) {
		volatile char *o = xmalloc(OBJ);

		for (int b = 0; b < OBJ; b++)
			o[b] = (char)i;
		for (int k = 0; k < WRITES; k++)
			for (int b = 0; b < OBJ; b++)
				o[b] = (char)(o[b] + k + b);
		for (int b = 0; b < OBJ; b++)
			sum += (unsigned char)o[b];
		free((void *)o);
	}
	w->sum = sum;
	return NULL;
}

int main(int argc, char **argv)
{
	struct work w[THREADS];
	pthread_t t[THREADS];
	uint64_t sum = 0;

	for (int i = 0; i < THREADS; i++) {
		w[i].given = xmalloc(OBJ);
		w[i].iters = scaled(argc, argv, 120000);
	}
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, &w[i]))
			abort();
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		sum = mix(sum, w[i].sum);
	}
	DONE("cache-scratch", sum);
	return 0;
}
