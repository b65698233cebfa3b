/*
 * tests/bench/malloc/bench.h: what the eight malloc workloads share.
 *
 * Every workload takes one optional argument, a scale in percent of its
 * full size (default 100; the smoke check runs them at 1), uses only
 * fixed seeds, and ends by printing "NAME: checksum HEX".  The checksum
 * folds in what the workload wrote into its blocks and read back, so an
 * allocator that hands out overlapping or corrupted memory changes it,
 * while the addresses it hands out (which differ between allocators)
 * never enter it.
 */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64*: small, fast, and the same sequence everywhere */
struct rng {
	uint64_t s;
};

static inline void rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed * 0x9e3779b97f4a7c15ull + 1;
}

static inline uint64_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dull;
}

/* a number in [lo, hi] */
static inline size_t rng_range(struct rng *r, size_t lo, size_t hi)
{
	return lo + rng_next(r) % (hi - lo + 1);
}

static inline uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/* fill a block with bytes derived from tag; return the tag */
static inline void fill(void *p, size_t n, uint64_t tag)
{
	memset(p, (int)(tag & 0xff), n);
	if (n >= sizeof(uint64_t))
		memcpy(p, &tag, sizeof(tag));
}

/* read back what fill wrote; abort the run if it changed */
static inline uint64_t check(const void *p, size_t n, uint64_t tag)
{
	const unsigned char *c = p;
	uint64_t t;

	if (n >= sizeof(t)) {
		memcpy(&t, p, sizeof(t));
		if (t != tag)
			goto bad;
	} else if (n && c[0] != (unsigned char)tag) {
		goto bad;
	}
	if (n > sizeof(t) && c[n - 1] != (unsigned char)tag)
		goto bad;
	return tag;
bad:
	fprintf(stderr, "block of %zu bytes changed under us\n", n);
	abort();
}

static inline long scaled(int argc, char **argv, long full)
{
	long pct = argc > 1 ? atol(argv[1]) : 100;
	long n = full * pct / 100;

	return n > 0 ? n : 1;
}

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "malloc(%zu) failed\n", n);
		exit(1);
	}
	return p;
}

#define DONE(name, sum) printf("%s: checksum %016llx\n", name, \
			       (unsigned long long)(sum))
#endif
