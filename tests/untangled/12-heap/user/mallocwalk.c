/*
 * mallocwalk: where ptmalloc puts chunks, told by addresses only, so that
 * the output is the same on weft (weft's libc, chapter 12's malloc) and on
 * Linux (glibc 2.36): built with either, it must print the same lines.
 * Everything is measured first and printed at the end, because printing
 * may itself call malloc (glibc's stdio allocates its buffers).
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLINES 64
static char lines[NLINES][120];
static int nlines;
#define say(...) snprintf(lines[nlines++], sizeof(lines[0]), __VA_ARGS__)

/* the compiler must not pair up or drop our calls */
static void *(*volatile do_malloc)(size_t) = malloc;
static void (*volatile do_free)(void *) = free;

static size_t head(void *p)		/* the chunk's size word */
{
	return ((size_t *)p)[-1];
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static void chunks_in_a_row(void)
{
	char *a = do_malloc(1), *b = do_malloc(24), *c = do_malloc(25);
	char *d = do_malloc(100), *e = do_malloc(1000);

	say("row: malloc(1), (24), (25), (100), (1000) are %ld, %ld, %ld, %ld bytes apart",
	    (long)(b - a), (long)(c - b), (long)(d - c), (long)(e - d));
	say("row: size words %#zx %#zx %#zx %#zx %#zx", head(a), head(b),
	    head(c), head(d), head(e));
	say("row: all 16-byte aligned: %s",
	    yes(!(((uintptr_t)a | (uintptr_t)b | (uintptr_t)c |
		   (uintptr_t)d | (uintptr_t)e) & 15)));
}

static void usable_sizes(void)
{
	static const size_t n[] = { 0, 1, 24, 25, 40, 41, 100, 1000 };
	char buf[100];
	int len = 0;
	unsigned i;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		len += snprintf(buf + len, sizeof(buf) - len, " %zu:%zu", n[i],
				malloc_usable_size(do_malloc(n[i])));
	say("usable:%s", buf);
	say("usable: malloc_usable_size(NULL) %zu", malloc_usable_size(NULL));
}

static void tcache_then_fastbin(void)
{
	char *p = do_malloc(100), *q;

	do_free(p);
	q = do_malloc(100);
	say("tcache: malloc(100) after free gets the same chunk: %s", yes(p == q));

	char *x[9], *y[8];
	int i, lifo = 1;

	for (i = 0; i < 9; i++)
		x[i] = do_malloc(40);
	for (i = 0; i < 8; i++)
		do_free(x[i]);		/* 7 to the tcache, the 8th to a fastbin */
	for (i = 0; i < 8; i++)
		y[i] = do_malloc(40);
	for (i = 0; i < 7; i++)
		lifo &= y[i] == x[6 - i];
	say("tcache: 7 mallocs return the first 7 freed, last first: %s", yes(lifo));
	say("fastbin: the 8th malloc returns the 8th freed: %s", yes(y[7] == x[7]));
}

static void calloc_clears(void)
{
	char *c[9], *z;
	int i, zero = 1;

	for (i = 0; i < 9; i++) {
		c[i] = do_malloc(200);
		memset(c[i], 0xab, 200);
	}
	for (i = 0; i < 8; i++)
		do_free(c[i]);		/* the tcache takes 7; c[7] goes to the arena */
	z = calloc(1, 200);		/* calloc skips the tcache */
	for (i = 0; i < 200; i++)
		zero &= z[i] == 0;
	say("calloc: reuses the 8th freed 200-byte chunk: %s; all 200 bytes zero: %s",
	    yes(z == c[7]), yes(zero));
}

static void realloc_in_place(void)
{
	char *r = do_malloc(2000), *r2, *r3;
	int i, kept = 1;

	memset(r, 'r', 2000);
	r2 = realloc(r, 3000);		/* r borders the top chunk */
	r3 = realloc(r2, 100);
	for (i = 0; i < 100; i++)
		kept &= r3[i] == 'r';
	say("realloc: 2000 -> 3000 in place: %s; -> 100 in place: %s; bytes kept: %s",
	    yes(r2 == r), yes(r3 == r2), yes(kept));
	say("realloc: (NULL, 10) allocates: %s; (p, 0) returns NULL: %s",
	    yes(realloc(NULL, 10) != NULL), yes(realloc(do_malloc(10), 0) == NULL));
}

static volatile size_t odd[2] = { 3, 48 };	/* hidden from the compiler */

static void aligned(void)
{
	static const size_t al[] = { 32, 64, 256, 4096, 65536 };
	char buf[80];
	int len = 0;
	unsigned i;
	void *p = NULL;

	for (i = 0; i < sizeof(al) / sizeof(al[0]); i++)
		len += snprintf(buf + len, sizeof(buf) - len, " %zu:%s", al[i],
				yes(((uintptr_t)memalign(al[i], 100) % al[i]) == 0));
	say("memalign: aligned%s", buf);
	say("aligned_alloc(64, 100) aligned: %s; valloc(100) page-aligned: %s",
	    yes(((uintptr_t)aligned_alloc(64, 100) & 63) == 0),
	    yes(((uintptr_t)valloc(100) & 4095) == 0));
	errno = 0;
	say("aligned_alloc(3, 10) and (48, 10), not powers of two, succeed: %s",
	    yes(aligned_alloc(odd[0], 10) != NULL &&
		((uintptr_t)aligned_alloc(odd[1], 10) & 63) == 0 && errno == 0));
	say("posix_memalign(4096, 100): %d, aligned: %s",
	    posix_memalign(&p, 4096, 100), yes(((uintptr_t)p & 4095) == 0));
	say("pvalloc(100): usable size at least 4096: %s",
	    yes(malloc_usable_size(pvalloc(100)) >= 4096));
}

/* sizes the compiler cannot see, or it refuses the calls */
static volatile size_t size_max = SIZE_MAX, half = SIZE_MAX / 2 + 1;

static const char *err(void *p)
{
	return p != NULL ? "not NULL" : errno == ENOMEM ? "ENOMEM" :
	       errno == EINVAL ? "EINVAL" : "another errno";
}

static void failures(void)
{
	void *p = do_malloc(10), *q = NULL;
	int e1, e2, e3;

	errno = 0;
	say("huge: malloc(SIZE_MAX) %s", err(do_malloc(size_max)));
	errno = 0;
	say("huge: malloc(PTRDIFF_MAX + 1) %s", err(do_malloc((size_t)PTRDIFF_MAX + 1)));
	errno = 0;
	say("huge: calloc(SIZE_MAX / 2 + 1, 2) %s", err(calloc(half, 2)));
	errno = 0;
	say("huge: realloc(p, SIZE_MAX) %s, p still usable: %s",
	    err(realloc(p, size_max)), yes(malloc_usable_size(p) == 24));
	errno = 0;
	say("huge: memalign(64, SIZE_MAX) %s", err(memalign(64, size_max)));
	errno = 0;
	e1 = posix_memalign(&q, 3, 10);
	e2 = posix_memalign(&q, 0, 10);
	e3 = posix_memalign(&q, 24, 10);
	say("posix_memalign: alignment 3 %s, 0 %s, 24 %s; errno untouched: %s",
	    e1 == EINVAL ? "EINVAL" : "?", e2 == EINVAL ? "EINVAL" : "?",
	    e3 == EINVAL ? "EINVAL" : "?", yes(errno == 0));
	say("posix_memalign(64, SIZE_MAX): %s",
	    posix_memalign(&q, 64, size_max) == ENOMEM ? "ENOMEM" : "?");
}

/* a 100-byte block through tcache, fastbin, unsorted bin, smallbin */
static void block_life(void)
{
	void *q[7], *p, *r[8];
	int i;

	p = do_malloc(100);
	do_malloc(16);			/* small blocks in between: no merging */
	for (i = 0; i < 7; i++) {
		q[i] = do_malloc(100);
		do_malloc(16);
	}
	for (i = 0; i < 7; i++)
		do_free(q[i]);		/* tcache bin 5 full */
	do_free(p);			/* to fastbin 5 */
	do_malloc(2000);		/* consolidate: p to unsorted, then smallbin 7 */
	for (i = 0; i < 8; i++)
		r[i] = do_malloc(100);
	say("life: 7 mallocs from the tcache: %s; the 8th from smallbin 7 is p: %s",
	    yes(r[0] == q[6] && r[6] == q[0]), yes(r[7] == p));
}

static void mapped_and_threshold(void)
{
	char *m = do_malloc(200000), *m2;

	say("mmap: malloc(200000) has IS_MMAPPED: %s, 16 bytes into a page: %s",
	    yes(head(m) & 2), yes(((uintptr_t)m & 4095) == 16));
	do_free(m);			/* the threshold rises to this chunk's size */
	m2 = do_malloc(200000);
	say("mmap: after its free, malloc(200000) has IS_MMAPPED: %s",
	    yes(head(m2) & 2));
}

int main(void)
{
	int i;

	block_life();
	chunks_in_a_row();
	usable_sizes();
	tcache_then_fastbin();
	calloc_clears();
	realloc_in_place();
	aligned();
	failures();
	mapped_and_threshold();
	for (i = 0; i < nlines; i++)
		printf("mallocwalk: %s\n", lines[i]);
	return 0;
}
