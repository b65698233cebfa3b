/*
 * Randomized test of the VMA index on the maple tree (build/chNN/kernel/
 * mm/vma_maple.c) against a sorted array of VMAs.  Usage:
 *	vma_test SEED OPS
 * vma_link, vma_unlink, vma_set_range (one end at a time), find_vma,
 * find_vma_prev, vma_next, vma_prev and vm_unmapped_area (both ways,
 * with alignment), some with allocations failing: then -ENOMEM and no
 * change.  Prints one PASS: or FAIL: line.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <string.h>

#define TEST "vma_test "
#include "test_common.h"

#define PAGE		4096UL
#define BASE		0x10000UL
#define PAGES		8192UL
#define NVMA		4096

static struct vm_area_struct *model[NVMA];
static int nr;

static int model_lower(unsigned long addr)	/* first VMA with vm_end > addr */
{
	int i = 0;

	while (i < nr && model[i]->vm_end <= addr)
		i++;
	return i;
}

static bool model_busy(unsigned long start, unsigned long end)
{
	int i = model_lower(start);

	return i < nr && model[i]->vm_start < end;
}

static void model_insert(struct vm_area_struct *vma)
{
	int i = model_lower(vma->vm_start);

	memmove(&model[i + 1], &model[i], (nr - i) * sizeof(model[0]));
	model[i] = vma;
	nr++;
}

static void model_remove(int i)
{
	memmove(&model[i], &model[i + 1], (nr - i - 1) * sizeof(model[0]));
	nr--;
}

static unsigned long rand_addr(void)
{
	return BASE + rnd() % PAGES * PAGE;
}

/* the expected vm_unmapped_area: Linux's formula on the model's holes */
static unsigned long model_unmapped(struct vm_unmapped_area_info *info)
{
	unsigned long length = info->length + info->align_mask, best = 0, gap;
	unsigned long lo = info->low_limit, hi = info->high_limit - 1, s, e;
	bool found = false;
	int i;

	for (i = 0; i <= nr; i++) {
		s = i ? model[i - 1]->vm_end : 0;
		e = i < nr ? model[i]->vm_start - 1 : ULONG_MAX;
		s = max(s, lo);
		e = min(e, hi);
		if (s > e || e - s < length - 1)
			continue;
		if (!(info->flags & VM_UNMAPPED_AREA_TOPDOWN)) {
			gap = s + ((info->align_offset - s) & info->align_mask);
			return gap;
		}
		best = e;
		found = true;
	}
	if (!found)
		return -ENOMEM;
	gap = best + 1 - info->length;
	return gap - ((gap - info->align_offset) & info->align_mask);
}

static void check_lookups(struct mm_struct *mm)
{
	unsigned long addr = rand_addr() + rnd() % PAGE;
	struct vm_area_struct *prev, *vma;
	int i = model_lower(addr);

	vma = find_vma(mm, addr);
	if (vma != (i < nr ? model[i] : NULL))
		FAIL("find_vma(%lx) = %p", addr, (void *)vma);
	vma = find_vma_prev(mm, addr, &prev);
	if (vma != (i < nr ? model[i] : NULL))
		FAIL("find_vma_prev(%lx) = %p", addr, (void *)vma);
	if (prev != (i > 0 ? model[i - 1] : NULL))
		FAIL("find_vma_prev(%lx) prev = %p", addr, (void *)prev);
	if (nr) {
		i = rnd() % nr;
		if (vma_next(mm, model[i]) != (i + 1 < nr ? model[i + 1] : NULL))
			FAIL("vma_next of VMA %d", i);
		if (vma_prev(mm, model[i]) != (i ? model[i - 1] : NULL))
			FAIL("vma_prev of VMA %d", i);
	}
}

static void check_unmapped(struct mm_struct *mm)
{
	struct vm_unmapped_area_info info = {
		.flags = rnd() % 2 ? VM_UNMAPPED_AREA_TOPDOWN : 0,
		.length = (1 + rnd() % 64) * PAGE,
		.low_limit = rand_addr(),
		.high_limit = rand_addr() + PAGE,
		.align_mask = rnd() % 2 ? 0 : (PAGE << (rnd() % 5)) - PAGE,
		.align_offset = rnd() % 4 * PAGE,
	};
	unsigned long want, got;

	if (info.low_limit >= info.high_limit)
		info.low_limit = BASE;
	want = model_unmapped(&info);
	got = vm_unmapped_area(mm, &info);
	if (got != want)
		FAIL("vm_unmapped_area(%s, %lu pages in [%lx, %lx), mask %lx, offset %lx)"
		     " = %lx, model %lx", info.flags ? "topdown" : "bottom-up",
		     info.length / PAGE, info.low_limit, info.high_limit,
		     info.align_mask, info.align_offset, got, want);
}

static void check_all(struct mm_struct *mm)
{
	unsigned long index = 0;
	struct vm_area_struct *vma;
	int i = 0;

	mt_for_each(&mm->mm_mt, vma, index, ULONG_MAX) {
		if (i >= nr || vma != model[i])
			FAIL("VMA %d of the tree is %p", i, (void *)vma);
		i++;
	}
	if (i != nr)
		FAIL("the tree has %d VMAs, the model %d", i, nr);
	if (mt_validate(&mm->mm_mt))
		FAIL("mt_validate failed (see above)");
}

/* link, unlink or move one end, perhaps with failing allocations */
static void mutate(struct mm_struct *mm)
{
	bool failing = rnd() % 8 == 0;
	long live = maple_test_live;
	int kind = rnd() % 10, i = nr ? (int)(rnd() % nr) : 0, ret;
	unsigned long start, end;
	struct vm_area_struct *vma;

	if (failing) {
		if (rnd() % 2)
			maple_test_fail_after = rnd() % 3;
		else
			maple_test_fail_one_in = 2;
	}
	if (kind < 5 || !nr) {
		vma = calloc(1, sizeof(*vma));
		vma->vm_start = rand_addr();
		vma->vm_end = vma->vm_start + (1 + rnd() % 16) * PAGE;
		ret = vma_link(mm, vma);
		if (model_busy(vma->vm_start, vma->vm_end) ? ret != -EEXIST :
		    ret != 0 && !(failing && ret == -ENOMEM))
			FAIL("vma_link [%lx, %lx) = %d", vma->vm_start, vma->vm_end, ret);
		if (ret)
			free(vma);
		else
			model_insert(vma);
	} else if (kind < 7) {
		vma = model[i];
		ret = vma_unlink(mm, vma);
		if (ret && !(failing && ret == -ENOMEM))
			FAIL("vma_unlink = %d", ret);
		if (!ret) {
			model_remove(i);
			free(vma);
		}
	} else {
		/* a new start or end between the neighbours, inside [BASE, ...) */
		unsigned long lo = i ? model[i - 1]->vm_end : BASE;
		unsigned long hi = i + 1 < nr ? model[i + 1]->vm_start : BASE + PAGES * PAGE;

		vma = model[i];
		start = vma->vm_start;
		end = vma->vm_end;
		if (rnd() % 2)
			start = lo + rnd() % ((end - lo) / PAGE) * PAGE;
		else
			end = end - (end - start - PAGE) / PAGE * PAGE +
			      rnd() % ((hi - start) / PAGE) * PAGE;
		if (end <= start)
			end = start + PAGE;
		if (end > hi)
			end = hi;
		ret = vma_set_range(mm, vma, start, end);
		if (ret && !(failing && ret == -ENOMEM))
			FAIL("vma_set_range [%lx, %lx) -> [%lx, %lx) = %d",
			     vma->vm_start, vma->vm_end, start, end, ret);
		if (ret == 0 && (vma->vm_start != start || vma->vm_end != end))
			FAIL("vma_set_range did not move the VMA");
	}
	maple_test_fail_after = -1;
	maple_test_fail_one_in = 0;
	if (failing && maple_test_live != live && ret == -ENOMEM)
		FAIL("a failed change left %ld nodes, had %ld", maple_test_live, live);
}

int main(int argc, char **argv)
{
	struct mm_struct mm;
	unsigned long ops;
	int kind;

	if (!parse_args(argc, argv, 7, &ops))
		return 2;
	mm_index_init(&mm);
	for (op = 1; op <= ops; op++) {
		kind = rnd() % 8;
		if (kind < 4 && nr < NVMA - 1)
			mutate(&mm);
		else if (kind < 6)
			check_lookups(&mm);
		else
			check_unmapped(&mm);
		if (op % 64 == 0)
			check_all(&mm);
	}
	check_all(&mm);
	printf("PASS: maple: vma_test seed %lu, %lu operations, %d VMAs, "
	       "height %u\n", seed, ops, nr, mt_height(&mm.mm_mt));
	mm_index_destroy(&mm);
	while (nr)
		free(model[--nr]);
	if (maple_test_live)
		FAIL("%ld nodes leaked", maple_test_live);
	return 0;
}
