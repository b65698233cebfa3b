/*
 * A red-black tree of VMAs keyed by [vm_start, vm_end), as Linux kept
 * them before 6.1 (mm/mmap.c: find_vma, __vma_link_rb): an rb_node inside
 * each VMA.  The same source is compiled against Linux's tools/lib/rbtree.c
 * and against the book's lib/rbtree.c; with WITH_VMACACHE it puts Linux
 * 6.0's four-entry per-thread cache in front of the walk.
 */
#include <stdlib.h>
#include <linux/rbtree.h>
#include "index.h"
#include "vmacache.h"

#ifdef WITH_VMACACHE
const char idx_name[] = IMPL_NAME "+vmacache";
#else
const char idx_name[] = IMPL_NAME;
#endif
const size_t idx_embedded_bytes = sizeof(struct rb_node);

_Static_assert(sizeof(struct rb_node) <= sizeof(((struct bvma *)0)->links),
	       "an rb_node fits in the VMA's links");

struct rbindex {
	struct rb_root root;
	unsigned long seqnum;		/* mm->vmacache_seqnum */
	struct vmacache cache;		/* current->vmacache */
};

static inline struct rb_node *vma_rb(struct bvma *v)
{
	return (struct rb_node *)v->links;
}

static inline struct bvma *rb_vma(struct rb_node *n)
{
	return (struct bvma *)((char *)n - offsetof(struct bvma, links));
}

void *idx_create(void)
{
	struct rbindex *r = calloc(1, sizeof(*r));

	if (r)
		r->root = RB_ROOT;
	return r;
}

int idx_insert(void *ix, struct bvma *v)
{
	struct rbindex *r = ix;
	struct rb_node **link = &r->root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (v->vm_start < rb_vma(parent)->vm_start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(vma_rb(v), parent, link);
	rb_insert_color(vma_rb(v), &r->root);
	vmacache_invalidate(&r->seqnum);
	return 0;
}

void idx_erase(void *ix, struct bvma *v)
{
	struct rbindex *r = ix;

	rb_erase(vma_rb(v), &r->root);
	vmacache_invalidate(&r->seqnum);
}

/* the walk of Linux 6.0's find_vma */
static struct bvma *rb_find_vma(struct rbindex *r, unsigned long addr)
{
	struct rb_node *n = r->root.rb_node;
	struct bvma *found = NULL;

	while (n) {
		struct bvma *v = rb_vma(n);

		if (v->vm_end > addr) {
			found = v;
			if (v->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return found;
}

struct bvma *idx_find(void *ix, unsigned long addr)
{
	struct rbindex *r = ix;
	struct bvma *v;

#ifdef WITH_VMACACHE
	v = vmacache_find(&r->cache, r->seqnum, addr);
	if (v)
		return v;
#endif
	v = rb_find_vma(r, addr);
#ifdef WITH_VMACACHE
	if (v)
		vmacache_update(&r->cache, addr, v);
#endif
	return v;
}

void idx_destroy(void *ix)
{
	free(ix);
}
