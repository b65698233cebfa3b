/*
 * The maple tree as Linux 6.1 uses it for VMAs (mm/mmap.c): a tree with
 * MT_FLAGS_ALLOC_RANGE (with WITH_RCU, in RCU mode too, as the 6.1 stable
 * kernels run it), each VMA stored over [vm_start, vm_end - 1],
 * find_vma as mt_find() from the address up.  The same source is compiled
 * against Linux's lib/maple_tree.c (through tools/testing/radix-tree's
 * headers) and against the book's lib/maple_tree.c.
 */
#include <stdlib.h>
#include <linux/maple_tree.h>
#include "index.h"

#ifdef WITH_RCU
const char idx_name[] = IMPL_NAME ", RCU mode";
#else
const char idx_name[] = IMPL_NAME;
#endif
const size_t idx_embedded_bytes = 0;

/* Linux's creates the node cache here; a tree without one need not have it */
void maple_tree_init(void) __attribute__((weak));

void *idx_create(void)
{
	struct maple_tree *mt = calloc(1, sizeof(*mt));

	static int ready;

	if (!ready && maple_tree_init)
		maple_tree_init();
	ready = 1;
	if (mt)
		mt_init_flags(mt, MT_FLAGS_ALLOC_RANGE);
	return mt;
}

int idx_insert(void *ix, struct bvma *v)
{
	return mtree_insert_range(ix, v->vm_start, v->vm_end - 1, v,
				  GFP_KERNEL);
}

void idx_erase(void *ix, struct bvma *v)
{
	if (mtree_erase(ix, v->vm_start) != v)
		abort();
}

struct bvma *idx_find(void *ix, unsigned long addr)
{
	return mt_find(ix, &addr, ~0UL);
}

#ifdef WITH_RCU
/*
 * RCU mode (MT_FLAGS_USE_RCU, in 6.1's MM_MT_FLAGS since the 2023 stable
 * fix): every store replaces the nodes it changes, as the book's tree
 * always does, and frees the old ones after a grace period.  Turned on
 * once the tree is built, as dup_mmap does, so that the bytes counted are
 * not nodes still waiting for call_rcu.
 */
void idx_built(void *ix)
{
	mt_set_in_rcu(ix);
}
#endif

void idx_destroy(void *ix)
{
	mtree_destroy(ix);
#ifdef WITH_RCU
	rcu_barrier();		/* no frees left behind for the next tree */
#endif
	free(ix);
}
