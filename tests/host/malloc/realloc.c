/*
 * As glibc's tst-realloc.c and tst-reallocarray.c: realloc keeps the
 * contents up to the smaller size, in place or moved, between the heap
 * and mmapped chunks both ways; a failed realloc leaves the block alone.
 */
#include "check.h"
#include <malloc.h>

static int holds(const unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

int main(void)
{
	size_t steps[] = { 1, 24, 25, 100, 1032, 1033, 5000, 140000, 1 << 20,
			   3 << 20, 70000, 500, 16, 0 };
	unsigned char *p, *q;
	size_t i, n;

	p = realloc(NULL, 50);
	CHECK(p != NULL);
	fill(p, 50, 1);
	errno = 0;
	CHECK(realloc(p, (size_t)-1) == NULL && errno == ENOMEM);
	CHECK(holds(p, 50, 1));			/* the failed realloc kept it */
	errno = 0;
	CHECK(reallocarray(p, (size_t)1 << 40, (size_t)1 << 40) == NULL &&
	      errno == ENOMEM);
	CHECK(holds(p, 50, 1));
	free(p);

	/* Grow and shrink through every kind of chunk, contents kept. */
	p = malloc(1);
	fill(p, 1, 3);
	n = 1;
	for (i = 1; steps[i]; i++) {
		q = realloc(p, steps[i]);
		CHECK(q != NULL && malloc_usable_size(q) >= steps[i]);
		CHECK(holds(q, n < steps[i] ? n : steps[i], 3));
		p = q;
		n = steps[i];
		fill(p, n, 3);
	}
	free(p);

	/* Shrinking in place keeps the address (glibc splits the chunk). */
	p = malloc(4000);
	sink = malloc(16);			/* a neighbour keeps the top away */
	q = realloc(p, 1000);
	CHECK(q == p);
	free(q);
	free(sink);
	q = reallocarray(NULL, 10, 10);
	CHECK(q && malloc_usable_size(q) >= 100);
	free(q);
	return done("realloc");
}
