/*
 * malloc-large: blocks of 5 to 25 MiB (after mimalloc's bench suite's
 * malloc-large).  Four live blocks, a random one replaced at each step;
 * each new block is written one word per page, as a program filling a
 * large buffer would touch it.  Every request is far above the initial
 * mmap threshold of 128 KiB: the figure is the cost of getting the memory
 * from the kernel and giving it back (mmap, munmap, brk, and a page fault
 * per page touched), and how much of it the allocator keeps.
 */
#include "bench.h"

#define LIVE 4
#define MiB (1024 * 1024)

int main(int argc, char **argv)
{
	long steps = scaled(argc, argv, 600);
	char *p[LIVE] = { 0 };
	size_t n[LIVE];
	struct rng r;
	uint64_t sum = 0;

	rng_seed(&r, 4);
	for (long s = 0; s < steps; s++) {
		unsigned k = rng_next(&r) % LIVE;

		if (p[k]) {
			for (size_t o = 0; o < n[k]; o += 4096)
				sum += p[k][o];
			free(p[k]);
		}
		n[k] = rng_range(&r, 5 * MiB, 25 * MiB);
		p[k] = xmalloc(n[k]);
		for (size_t o = 0; o < n[k]; o += 4096)
			p[k][o] = (char)(s + o / 4096);
	}
	for (int k = 0; k < LIVE; k++)
		free(p[k]);
	DONE("malloc-large", sum);
	return 0;
}
