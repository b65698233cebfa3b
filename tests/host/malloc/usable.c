/*
 * As glibc's tst-malloc-usable.c: malloc_usable_size says how much of a
 * block may be written.  On x86-64 that is the chunk size less the 8-byte
 * header: 24 for 0..24 bytes, 40 for 25, page-rounded for mmapped chunks.
 */
#include "check.h"
#include <malloc.h>
#include <unistd.h>

int main(void)
{
	size_t n, page = getpagesize();
	char *p, *q;

	CHECK(malloc_usable_size(NULL) == 0);
	p = malloc(0);
	CHECK(malloc_usable_size(p) == 24);
	free(p);
	p = malloc(25);
	CHECK(malloc_usable_size(p) == 40);
	free(p);
	for (n = 0; n <= 2000; n++) {
		p = malloc(n);
		q = malloc(16);			/* the neighbour that must not change */
		strcpy(q, "neighbour");
		CHECK(malloc_usable_size(p) == heap_usable(n));
		memset(p, 0x5a, malloc_usable_size(p));
		CHECK(strcmp(q, "neighbour") == 0);
		free(p);
		free(q);
	}
	/* An mmapped chunk: its pages less the 16-byte header. */
	n = 200000;
	p = malloc(n);
	CHECK(malloc_usable_size(p) ==
	      ((heap_usable(n) + 16 + page - 1) & ~(page - 1)) - 16);
	memset(p, 1, malloc_usable_size(p));
	free(p);
	p = strdup("glibc's own calls allocate through the same malloc");
	CHECK(malloc_usable_size(p) == heap_usable(strlen(p) + 1));
	free(p);
	return done("usable");
}
