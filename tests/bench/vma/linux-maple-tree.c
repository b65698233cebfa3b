/*
 * Linux 6.1's lib/maple_tree.c for user space, through the headers of its
 * own test harness (tools/testing/radix-tree), the way that harness's
 * maple.c includes it, but without CONFIG_DEBUG_MAPLE_TREE and the tests:
 * the benchmark times the tree as the kernel runs it.
 */
#include "test.h"

#define module_init(x)
#define module_exit(x)
#define MODULE_AUTHOR(x)
#define MODULE_LICENSE(x)

#include "../../../lib/maple_tree.c"

/*
 * The harness's kmem_cache_alloc_bulk (linux.c, as in 6.1) asks malloc for
 * size * cachep->size bytes for each of the size objects, so a bulk
 * allocation of n nodes costs n times the memory and time a slab cache
 * would.  The benchmark links a copy of linux.o whose definition is made
 * weak (objcopy --weaken-symbol) and takes this one, one object at a time
 * through the harness's own kmem_cache_alloc_lru.
 */
int kmem_cache_alloc_bulk(struct kmem_cache *cachep, gfp_t gfp, size_t size,
			  void **p)
{
	size_t i;

	for (i = 0; i < size; i++) {
		p[i] = kmem_cache_alloc_lru(cachep, NULL, gfp);
		if (!p[i]) {
			while (i--)
				kmem_cache_free(cachep, p[i]);
			return 0;
		}
	}
	return size;
}
