/*
 * The benchmark's kmem_cache for the book's maple tree: every object is
 * its own aligned_alloc and goes back with free, as Linux's harness
 * (tools/testing/radix-tree/linux.c) treats a cache with an alignment,
 * such as maple_node.  No failure injection and no free list, so that
 * the two maple trees pay the same allocator and the malloc wrapper of
 * driver.c counts only the nodes a tree holds.  Found before the host
 * test's shim (tests/host/maple/shim), which supplies the other headers.
 */
#ifndef _BENCH_LINUX_SLAB_H
#define _BENCH_LINUX_SLAB_H
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>

struct kmem_cache {
	unsigned int size, align;
};

static inline struct kmem_cache *kmem_cache_create(const char *name,
		unsigned int size, unsigned int align, unsigned int flags,
		void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	(void)name;
	(void)flags;
	(void)ctor;
	if (c) {
		c->align = align ? align : 8;
		c->size = (size + c->align - 1) / c->align * c->align;
	}
	return c;
}

static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	void *p = aligned_alloc(c->align, c->size);

	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, c->size);
	return p;
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	free(p);
}
#endif
