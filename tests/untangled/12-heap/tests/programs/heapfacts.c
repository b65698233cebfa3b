/*
 * heapfacts: the book's fact checks 5, 6 and 7 run, not quoted.  Which
 * block a malloc returns after two frees tells which bin held them: a
 * tcache or a fastbin hands back the last one freed, whole; the unsorted
 * and regular bins merge two neighbours and hand back the first.  The
 * mmapped bit of a chunk's size field tells a mapping of its own from the
 * heap.  Built against weft's libc (/bin/heapfacts) and, with gcc -static,
 * against glibc: both print the same lines.  All the frees and mallocs
 * happen before the first printf, so that stdio's buffer is no neighbour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define IS_MMAPPED	2

/* Where each block goes, so that the compiler keeps every malloc and free. */
static void *volatile keep;

static const char *which[3] = { "the last freed, whole",
				"the first freed, merged with the second",
				"another block" };

/* Frees two neighbours of n bytes, a then b, and mallocs n bytes again. */
static int after_two_frees(size_t n)
{
	char *a = malloc(n), *b = malloc(n), *guard = malloc(n), *c;

	free(a);
	free(b);
	c = malloc(n);
	keep = guard;
	return c == b ? 0 : c == a ? 1 : 2;
}

/* The same once the tcache bin of the size is full: seven frees first. */
static int after_full_tcache(size_t n)
{
	char *blk[9], *guard, *c;
	int i;

	for (i = 0; i < 9; i++)
		blk[i] = malloc(n);
	guard = malloc(n);
	for (i = 0; i < 9; i++)
		free(blk[i]);
	for (i = 0; i < 7; i++)
		keep = malloc(n);		/* empties the tcache bin */
	c = malloc(n);
	keep = guard;
	return c == blk[8] ? 0 : c == blk[7] ? 1 : 2;
}

static const char *place(void *p)
{
	size_t size_field = *(size_t *)((uintptr_t)p - sizeof(size_t));

	return size_field & IS_MMAPPED ? "a mapping of its own" : "the heap";
}

int main(void)
{
	int t1032, t1033, f120, f136, f152;
	const char *small, *over, *mib, *mib2, *huge;
	char *p, *q;

	t1032 = after_two_frees(1032);
	t1033 = after_two_frees(1033);
	f120 = after_full_tcache(120);
	f136 = after_full_tcache(136);
	f152 = after_full_tcache(152);
	p = malloc(127 * 1024);
	q = malloc(200 * 1024);
	small = place(p);
	over = place(q);
	free(q);
	free(p);
	keep = malloc(1 << 20);
	free(keep);			/* a mapped chunk freed: the threshold rises */
	p = malloc(1 << 20);
	q = malloc(2 << 20);
	mib = place(p);
	mib2 = place(q);
	free(q);
	keep = malloc(40 << 20);
	free(keep);			/* past 32 MiB: the threshold stays */
	q = malloc(33 << 20);
	huge = place(q);

	printf("heapfacts: 1032 bytes, two freed: malloc returns %s (tcache)\n", which[t1032]);
	printf("heapfacts: 1033 bytes, two freed: malloc returns %s\n", which[t1033]);
	printf("heapfacts: 120 bytes, tcache full: malloc returns %s (fastbin)\n", which[f120]);
	printf("heapfacts: 136 bytes, tcache full: malloc returns %s\n", which[f136]);
	printf("heapfacts: 152 bytes, tcache full: malloc returns %s\n", which[f152]);
	printf("heapfacts: malloc(127 KiB) comes from %s\n", small);
	printf("heapfacts: malloc(200 KiB) comes from %s\n", over);
	printf("heapfacts: after a mapped 1 MiB block is freed, malloc(1 MiB) comes from %s\n", mib);
	printf("heapfacts: and malloc(2 MiB) from %s\n", mib2);
	printf("heapfacts: after a mapped 40 MiB block is freed, malloc(33 MiB) comes from %s\n",
	       huge);
	free(q);
	free(p);
	return 0;
}
