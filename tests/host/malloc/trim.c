/*
 * As glibc's tst-trim1.c: 10000 blocks of up to 16 KiB, all but every
 * 13th freed, then malloc_trim(0).  Ours also checks that trimming gave
 * pages back (malloc_trim returns 1, the resident size falls) and that the
 * blocks still held kept their bytes.
 */
#include "check.h"
#include <malloc.h>
#include <unistd.h>

#define N 10000

static void *blocks[N];
static size_t sizes[N];

static long resident_kib(void)
{
	long size = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (getpagesize() / 1024);
}

int main(void)
{
	long before, after;
	size_t i, j;
	void *p;

	srandom(1);
	for (i = 0; i < N; i++) {
		sizes[i] = random() % 16384;
		blocks[i] = malloc(sizes[i]);
		CHECK(blocks[i] != NULL);
		memset(blocks[i], (int)(i & 0xff), sizes[i]);
	}
	p = malloc(256);
	memset(p, 1, 256);
	for (i = 0; i < N; i++)
		if (i % 13)
			free(blocks[i]);
	before = resident_kib();
	CHECK(malloc_trim(0) == 1);
	after = resident_kib();
	CHECK(before - after > 32 * 1024);
	for (i = 0; i < N; i += 13)
		for (j = 0; j < sizes[i]; j++)
			if (((unsigned char *)blocks[i])[j] != (i & 0xff)) {
				CHECK(!"malloc_trim lost a live block's bytes");
				break;
			}
	p = malloc(30000);
	memset(p, 2, 30000);
	malloc_trim(0);
	return done("trim");
}
