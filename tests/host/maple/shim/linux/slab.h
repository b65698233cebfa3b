/*
 * Host shim: a kmem_cache over aligned_alloc, counting live objects.
 * The test makes allocations fail: the next maple_test_fail_after
 * succeed and then all fail, or (maple_test_fail_one_in > 0) each fails
 * with probability 1/maple_test_fail_one_in.  The counters live in
 * shim/maple_shim.c, which every driver links.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>

struct kmem_cache {
	const char *name;
	unsigned int size, align;
};

extern long maple_test_live;		/* objects allocated, not freed */
extern long maple_test_fail_after;	/* -1: never */
extern unsigned int maple_test_fail_one_in;
unsigned int maple_test_rand_below(unsigned int n);
void maple_test_seed(unsigned long long seed);

static inline struct kmem_cache *kmem_cache_create(const char *name,
		unsigned int size, unsigned int align, unsigned int flags,
		void (*ctor)(void *))
{
	struct kmem_cache *c = malloc(sizeof(*c));

	(void)flags;
	(void)ctor;
	if (c) {
		c->name = name;
		c->size = size;
		c->align = align ? align : 8;
	}
	return c;
}

static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	void *p;

	if (maple_test_fail_after == 0)
		return NULL;
	if (maple_test_fail_after > 0)
		maple_test_fail_after--;
	if (maple_test_fail_one_in && !maple_test_rand_below(maple_test_fail_one_in))
		return NULL;
	p = aligned_alloc(c->align, (c->size + c->align - 1) / c->align * c->align);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, c->size);
	if (p)
		maple_test_live++;
	return p;
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	if (p)
		maple_test_live--;
	free(p);
}
#endif
