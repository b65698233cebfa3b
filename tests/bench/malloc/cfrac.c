/*
 * cfrac-like: many small, short-lived objects.  cfrac (in the Hoard and
 * mimalloc benchmark suites) factors integers by continued fractions
 * with a bignum library that allocates every intermediate number on the
 * heap and frees it a moment later.  This one does bignum arithmetic the
 * same way: each operation mallocs its result (16 to 100 bytes) and the
 * operands die right after, while a small pool of numbers lives longer.
 */
#include "bench.h"

struct bn {
	int n;			/* limbs in use */
	uint32_t d[];		/* least significant first */
};

static struct bn *bn_new(int n)
{
	struct bn *b = xmalloc(sizeof(*b) + n * sizeof(uint32_t));

	b->n = n;
	return b;
}

static struct bn *bn_from(uint64_t v)
{
	struct bn *b = bn_new(2);

	b->d[0] = (uint32_t)v;
	b->d[1] = (uint32_t)(v >> 32);
	return b;
}

static struct bn *bn_add(const struct bn *a, const struct bn *b)
{
	int n = (a->n > b->n ? a->n : b->n) + 1;
	struct bn *r = bn_new(n);
	uint64_t c = 0;

	for (int i = 0; i < n; i++) {
		c += (i < a->n ? a->d[i] : 0) + (uint64_t)(i < b->n ? b->d[i] : 0);
		r->d[i] = (uint32_t)c;
		c >>= 32;
	}
	while (r->n > 1 && !r->d[r->n - 1])
		r->n--;
	return r;
}

static struct bn *bn_mul(const struct bn *a, const struct bn *b)
{
	struct bn *r = bn_new(a->n + b->n);

	memset(r->d, 0, r->n * sizeof(uint32_t));
	for (int i = 0; i < a->n; i++) {
		uint64_t c = 0;

		for (int j = 0; j < b->n; j++) {
			c += (uint64_t)a->d[i] * b->d[j] + r->d[i + j];
			r->d[i + j] = (uint32_t)c;
			c >>= 32;
		}
		r->d[i + b->n] = (uint32_t)c;
	}
	while (r->n > 1 && !r->d[r->n - 1])
		r->n--;
	return r;
}

/* keep numbers from growing without bound: the low limbs only */
static struct bn *bn_trunc(const struct bn *a, int limbs)
{
	int n = a->n < limbs ? a->n : limbs;
	struct bn *r = bn_new(n);

	memcpy(r->d, a->d, n * sizeof(uint32_t));
	return r;
}

static uint64_t bn_hash(const struct bn *a, uint64_t h)
{
	for (int i = 0; i < a->n; i++)
		h = mix(h, a->d[i]);
	return h;
}

#define POOL 64

int main(int argc, char **argv)
{
	long iters = scaled(argc, argv, 6000000);
	struct bn *pool[POOL];
	struct rng r;
	uint64_t sum = 0;

	rng_seed(&r, 1);
	for (int i = 0; i < POOL; i++)
		pool[i] = bn_from(rng_next(&r));
	for (long it = 0; it < iters; it++) {
		int i = rng_next(&r) % POOL, j = rng_next(&r) % POOL;
		struct bn *x = bn_from(rng_next(&r) | 1);
		struct bn *sq = bn_mul(pool[i], x);
		struct bn *s = bn_add(sq, pool[j]);
		struct bn *t = bn_trunc(s, 2 + (int)(it % 20));

		sum = bn_hash(t, sum);
		free(x);
		free(sq);
		free(s);
		free(pool[i]);
		pool[i] = t;
	}
	for (int i = 0; i < POOL; i++) {
		sum = bn_hash(pool[i], sum);
		free(pool[i]);
	}
	DONE("cfrac", sum);
	return 0;
}
