/*
 * espresso-like: mixed sizes, mostly small.  espresso, the logic
 * minimizer of the Hoard and mimalloc suites, works on sets of cubes held
 * in bit vectors of many lengths, allocated, grown with realloc and freed
 * in no particular order.  This one keeps 20000 live blocks and replaces
 * a random one at each step: four fifths of the requests are 8 to 64
 * bytes, most of the rest up to 512, one in 40 up to 4 KiB; one step in
 * eight grows a block with realloc instead.
 */
#include "bench.h"

#define LIVE 20000

struct blk {
	void *p;
	size_t n;
	uint64_t tag;
};

static size_t pick_size(struct rng *r)
{
	unsigned k = rng_next(r) % 40;

	if (k < 32)
		return rng_range(r, 8, 64);
	if (k < 39)
		return rng_range(r, 65, 512);
	return rng_range(r, 513, 4096);
}

int main(int argc, char **argv)
{
	long steps = scaled(argc, argv, 10000000);
	static struct blk b[LIVE];
	struct rng r;
	uint64_t sum = 0;

	rng_seed(&r, 2);
	for (long s = 0; s < steps; s++) {
		struct blk *x = &b[rng_next(&r) % LIVE];

		if (x->p && rng_next(&r) % 8 == 0 && x->n < 8192) {
			size_t n = x->n + rng_range(&r, 1, x->n);
			void *q;

			sum = mix(sum, check(x->p, x->n, x->tag));
			q = realloc(x->p, n);
			if (!q)
				abort();
			x->p = q;
			x->n = n;
		} else {
			if (x->p) {
				sum = mix(sum, check(x->p, x->n, x->tag));
				free(x->p);
			}
			x->n = pick_size(&r);
			x->p = xmalloc(x->n);
		}
		x->tag = rng_next(&r);
		fill(x->p, x->n, x->tag);
	}
	for (int i = 0; i < LIVE; i++)
		if (b[i].p) {
			sum = mix(sum, check(b[i].p, b[i].n, b[i].tag));
			free(b[i].p);
		}
	DONE("espresso", sum);
	return 0;
}
