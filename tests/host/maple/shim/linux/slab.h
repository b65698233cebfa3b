/*
 * Host shim: a kmem_cache of aligned objects, counting live objects.
 * Under AddressSanitizer every object is its own aligned_alloc, so that
 * a use after free is caught; otherwise freed objects are kept on a free
 * list, as a slab cache keeps them, so that a benchmark measures the
 * tree rather than malloc.  The test makes allocations fail: the next
 * maple_test_fail_after succeed and then all fail, or (when
 * maple_test_fail_one_in > 0) each fails with probability
 * 1/maple_test_fail_one_in.  The counters live in shim/maple_shim.c,
 * which every driver links.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>

struct kmem_cache {
	const char *name;
	unsigned int size, align;
	void *freelist;
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
	struct kmem_cache *c = calloc(1, sizeof(*c));

	(void)flags;
	(void)ctor;
	if (c) {
		c->name = name;
		c->align = align ? align : 8;
		c->size = (size + c->align - 1) / c->align * c->align;
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
#ifndef __SANITIZE_ADDRESS__
	if (c->freelist) {
		p = c->freelist;
		c->freelist = *(void **)p;
	} else
#endif
		p = aligned_alloc(c->align, c->size);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, c->size);
	if (p)
		maple_test_live++;
	return p;
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	if (!p)
		return;
	maple_test_live--;
#ifndef __SANITIZE_ADDRESS__
	*(void **)p = c->freelist;
	c->freelist = p;
#else
	(void)c;
	free(p);
#endif
}
#endif
