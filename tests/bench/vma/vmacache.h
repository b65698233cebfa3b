/*
 * Linux 6.0's per-thread VMA cache (mm/vmacache.c, include/linux/vmacache.h),
 * for an adapter that defines WITH_VMACACHE: four recently found VMAs, the
 * slot picked by the page number's low two bits, every slot tried on a
 * lookup, and all four forgotten when the address space changes (a
 * sequence number in the mm, copied into the thread's cache).
 */
#ifndef BENCH_VMACACHE_H
#define BENCH_VMACACHE_H

#include "index.h"

#define VMACACHE_SIZE	4
#define VMACACHE_HASH(addr)	(((addr) >> 12) & (VMACACHE_SIZE - 1))

struct vmacache {
	unsigned long seqnum;		/* the mm's seqnum when last filled */
	struct bvma *vmas[VMACACHE_SIZE];
};

static inline void vmacache_invalidate(unsigned long *mm_seqnum)
{
	(*mm_seqnum)++;
}

static inline struct bvma *vmacache_find(struct vmacache *c,
					 unsigned long mm_seqnum,
					 unsigned long addr)
{
	int idx = VMACACHE_HASH(addr);
	int i;

	if (c->seqnum != mm_seqnum) {
		c->seqnum = mm_seqnum;
		for (i = 0; i < VMACACHE_SIZE; i++)
			c->vmas[i] = NULL;
		return NULL;
	}
	for (i = 0; i < VMACACHE_SIZE; i++) {
		struct bvma *v = c->vmas[idx];

		if (v && v->vm_start <= addr && addr < v->vm_end)
			return v;
		idx = (idx + 1) & (VMACACHE_SIZE - 1);
	}
	return NULL;
}

static inline void vmacache_update(struct vmacache *c, unsigned long addr,
				   struct bvma *v)
{
	c->vmas[VMACACHE_HASH(addr)] = v;
}

#endif
