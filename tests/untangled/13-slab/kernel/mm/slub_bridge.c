/*
 * TEMPORARY, not part of the book: weak stand-ins for the functions that
 * kernel/mm/slub.c (the [slub] helper's part of chapter 13) provides, so
 * that `make ch13 SLAB=slub` links on branches without SLUB.  slub.c's
 * definitions override these.  Delete this file once slub.c is merged.
 */
#ifdef CONFIG_SLUB
#include <linux/kernel.h>
#include "slab.h"

#define SLUB_MISSING() panic("%s: SLUB is not in this build yet", __func__)

__attribute__((weak)) int __kmem_cache_create(struct kmem_cache *s, slab_flags_t f)
{ (void)s, (void)f; SLUB_MISSING(); }
__attribute__((weak)) int __kmem_cache_shutdown(struct kmem_cache *s)
{ (void)s; SLUB_MISSING(); }
__attribute__((weak)) void __kmem_cache_release(struct kmem_cache *s)
{ (void)s; SLUB_MISSING(); }
__attribute__((weak)) int __kmem_cache_shrink(struct kmem_cache *s)
{ (void)s; SLUB_MISSING(); }
__attribute__((weak)) void *__kmem_cache_alloc_node(struct kmem_cache *s, gfp_t g,
		int n, size_t o, unsigned long c)
{ (void)s, (void)g, (void)n, (void)o, (void)c; SLUB_MISSING(); }
__attribute__((weak)) void __kmem_cache_free(struct kmem_cache *s, void *x, unsigned long c)
{ (void)s, (void)x, (void)c; SLUB_MISSING(); }
__attribute__((weak)) void get_slabinfo(struct kmem_cache *s, struct slabinfo *i)
{ (void)s, (void)i; SLUB_MISSING(); }
__attribute__((weak)) void *kmem_cache_alloc(struct kmem_cache *s, gfp_t g)
{ (void)s, (void)g; SLUB_MISSING(); }
__attribute__((weak)) void kmem_cache_free(struct kmem_cache *s, void *x)
{ (void)s, (void)x; SLUB_MISSING(); }
__attribute__((weak)) void kmem_cache_init(void)
{ SLUB_MISSING(); }
#endif
