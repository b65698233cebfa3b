/*
 * trace [ITERATIONS [SEED]]: random malloc, calloc, memalign, realloc and
 * free on 512 slots; prints, for every block returned, its offset from
 * the first block and its size word (or "mmap" and the size word for a
 * mapped chunk).  Two allocators with the same algorithms print the same
 * lines: ptmalloc is deterministic given the same calls and the same
 * kernel.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 512
static char *p[N];
static char *base;
static uint64_t s;

static uint64_t rnd(void)		/* xorshift64 */
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static size_t rsize(void)
{
	uint64_t r = rnd() % 100;

	if (r < 50)
		return rnd() % 200;
	if (r < 80)
		return rnd() % 1500;
	if (r < 97)
		return rnd() % 40000;
	return rnd() % 300000;
}

static void report(const char *op, int i, char *q)
{
	size_t h;

	if (!q) {
		printf("%s %d NULL\n", op, i);
		return;
	}
	h = ((size_t *)q)[-1];
	if (h & 2)
		printf("%s %d mmap %zx\n", op, i, h);
	else
		printf("%s %d %ld %zx\n", op, i, (long)(q - base), h);
}

int main(int argc, char **argv)
{
	long it, iters = argc > 1 ? atol(argv[1]) : 20000;

	s = argc > 2 ? strtoull(argv[2], NULL, 0) : 12345;
	printf("start\n");		/* stdout's buffer first */
	base = malloc(16);
	for (it = 0; it < iters; it++) {
		int i = rnd() % N;

		if (p[i] && rnd() % 3 == 0) {
			p[i] = realloc(p[i], rsize() + 1);
			report("realloc", i, p[i]);
		} else if (p[i]) {
			free(p[i]);
			p[i] = NULL;
		} else {
			int op = rnd() % 8;
			size_t n = rsize();

			if (op == 0) {
				p[i] = calloc(1, n);
				report("calloc", i, p[i]);
			} else if (op == 1) {
				p[i] = memalign(64 << (rnd() % 4), n);
				report("memalign", i, p[i]);
			} else {
				p[i] = malloc(n);
				report("malloc", i, p[i]);
			}
		}
	}
	return 0;
}
