/*
 * Generic host test of the VMA index interface (<<mm.h: the VMA index>>
 * in chapters/07-vma.nw): whichever implementation is linked in, random
 * vma_link, vma_unlink, vma_set_range, find_vma, find_vma_prev, vma_next,
 * vma_prev and vm_unmapped_area calls (both directions, with alignment)
 * on two address spaces are compared with sorted arrays.  It touches no
 * field of mm_struct or vm_area_struct beyond the interface's own
 * (vm_start, vm_end, vm_mm), so it builds against any implementation's
 * tangled headers.  The running task (current, a plain variable here)
 * switches between the two address spaces and none, and now and then one
 * address space is replaced by a copy of the other (what fork does), so
 * that a per-task cache that outlives its address space is caught (under
 * AddressSanitizer, as a use after free, or as a wrong answer).
 *
 *   index_test NAME SEED OPS
 */
#include <stdio.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/sched.h>

/* <stdlib.h> would bring the host's sigset_t, which the kernel's clashes with */
void *calloc(size_t nmemb, size_t size);
void free(void *ptr);
void exit(int status) __attribute__((noreturn));
unsigned long strtoul(const char *nptr, char **endptr, int base);
long strtol(const char *nptr, char **endptr, int base);

struct task_struct *host_current;

#define NPAGES		(1UL << 14)	/* the test's addresses: pages 0..NPAGES-1 */
#define MAXVMAS		4096
#define PG(p)		((unsigned long)(p) << 12)

struct model {
	struct mm_struct *mm;
	int n;
	unsigned long start[MAXVMAS], end[MAXVMAS];
	struct vm_area_struct *vma[MAXVMAS];
};

static struct model models[2];
static const char *name;
static unsigned long seed;
static long op;
static unsigned long long rng;
static long nr_link, nr_unlink, nr_set, nr_find, nr_gap, nr_gap_found;
static int most;			/* the most VMAs one address space held */

static unsigned long rnd(unsigned long n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)(rng >> 33) % n;
}

static void fail(const char *what, unsigned long a, unsigned long b)
{
	printf("FAIL: vma-index: %s: %s (%#lx, %#lx) at operation %ld -- seed %lu\n",
	       name, what, a, b, op, seed);
	exit(1);
}

/* The first VMA ending above addr (n if none). */
static int model_find(struct model *m, unsigned long addr)
{
	int lo = 0, hi = m->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (m->end[mid] > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static struct vm_area_struct *model_vma(struct model *m, int i)
{
	return i >= 0 && i < m->n ? m->vma[i] : NULL;
}

static void model_insert(struct model *m, int i, unsigned long s, unsigned long e,
			 struct vm_area_struct *v)
{
	memmove(&m->start[i + 1], &m->start[i], (m->n - i) * sizeof(m->start[0]));
	memmove(&m->end[i + 1], &m->end[i], (m->n - i) * sizeof(m->end[0]));
	memmove(&m->vma[i + 1], &m->vma[i], (m->n - i) * sizeof(m->vma[0]));
	m->start[i] = s;
	m->end[i] = e;
	m->vma[i] = v;
	m->n++;
}

static void model_remove(struct model *m, int i)
{
	m->n--;
	memmove(&m->start[i], &m->start[i + 1], (m->n - i) * sizeof(m->start[0]));
	memmove(&m->end[i], &m->end[i + 1], (m->n - i) * sizeof(m->end[0]));
	memmove(&m->vma[i], &m->vma[i + 1], (m->n - i) * sizeof(m->vma[0]));
}

static void do_link(struct model *m, unsigned long s, unsigned long e)
{
	int i = model_find(m, s);
	struct vm_area_struct *v;
	int err;

	if (i < m->n && m->start[i] < e)
		return;			/* not free: the contract forbids it */
	v = calloc(1, sizeof(*v));
	v->vm_mm = m->mm;
	v->vm_start = s;
	v->vm_end = e;
	err = vma_link(m->mm, v);
	if (err)
		fail("vma_link of a free range failed", s, (unsigned long)err);
	model_insert(m, i, s, e, v);
	nr_link++;
	if (m->n > most)
		most = m->n;
}

static void do_unlink(struct model *m, int i)
{
	struct vm_area_struct *v = m->vma[i];

	if (vma_unlink(m->mm, v))
		fail("vma_unlink failed", m->start[i], m->end[i]);
	model_remove(m, i);
	nr_unlink++;
	memset(v, 0x5a, sizeof(*v));	/* a stale pointer to it now reads garbage */
	free(v);
}

/* Move the start or the end (never both) within the free space around. */
static void do_set_range(struct model *m, int i)
{
	unsigned long lo = i ? m->end[i - 1] : 0;
	unsigned long hi = i + 1 < m->n ? m->start[i + 1] : PG(NPAGES + 128);
	unsigned long s = m->start[i], e = m->end[i];

	if (hi < e)
		hi = e;

	if (rnd(2))
		s = lo + PG(rnd((e - lo) >> 12));
	else
		e = s + PG(1 + rnd((hi - s) >> 12));
	if (vma_set_range(m->mm, m->vma[i], s, e))
		fail("vma_set_range failed", s, e);
	if (m->vma[i]->vm_start != s || m->vma[i]->vm_end != e)
		fail("vma_set_range left another range", m->vma[i]->vm_start,
		     m->vma[i]->vm_end);
	m->start[i] = s;
	m->end[i] = e;
	nr_set++;
}

static void check_find(struct model *m, unsigned long addr)
{
	int i = model_find(m, addr);
	struct vm_area_struct *prev = (void *)1, *got;

	nr_find++;
	got = find_vma(m->mm, addr);
	if (got != model_vma(m, i))
		fail("find_vma", addr, got ? got->vm_start : 0);
	got = find_vma_prev(m->mm, addr, &prev);
	if (got != model_vma(m, i) || prev != model_vma(m, i - 1))
		fail("find_vma_prev", addr, prev && prev != (void *)1 ? prev->vm_start : 0);
}

static void check_neighbours(struct model *m, int i)
{
	if (vma_next(m->mm, m->vma[i]) != model_vma(m, i + 1))
		fail("vma_next", m->start[i], 0);
	if (vma_prev(m->mm, m->vma[i]) != model_vma(m, i - 1))
		fail("vma_prev", m->start[i], 0);
}

/* Every VMA in order, forwards by vma_next and backwards by vma_prev. */
static void check_walk(struct model *m)
{
	struct vm_area_struct *v = find_vma(m->mm, 0), *last;
	int i;

	for (i = 0; i < m->n; i++, v = vma_next(m->mm, v))
		if (v != m->vma[i] || v->vm_start != m->start[i] || v->vm_end != m->end[i])
			fail("walk with vma_next", m->start[i], v ? v->vm_start : 0);
	if (v)
		fail("vma_next after the last VMA", v->vm_start, 0);
	if (find_vma_prev(m->mm, ~0UL, &last) || last != model_vma(m, m->n - 1))
		fail("find_vma_prev above every VMA", 0, 0);
	for (i = m->n - 1; i >= 0; i--, last = vma_prev(m->mm, last))
		if (last != m->vma[i])
			fail("walk with vma_prev", m->start[i], last ? last->vm_start : 0);
	if (last)
		fail("vma_prev before the first VMA", last->vm_start, 0);
}

/* Linux's vm_unmapped_area, the specification, over the sorted arrays. */
static unsigned long model_unmapped_area(struct model *m,
					 struct vm_unmapped_area_info *info)
{
	unsigned long len = info->length + info->align_mask, found = 0;
	bool any = false;

	if (len < info->length || info->high_limit < len ||
	    info->low_limit > info->high_limit - len)
		return -ENOMEM;
	for (int i = 0; i <= m->n; i++) {
		unsigned long s = i ? m->end[i - 1] : 0;
		unsigned long e = i < m->n ? m->start[i] : ~0UL;
		unsigned long lo = s > info->low_limit ? s : info->low_limit;
		unsigned long hi = e < info->high_limit ? e : info->high_limit;

		if (hi <= lo || hi - lo < len)
			continue;
		any = true;
		if (info->flags & VM_UNMAPPED_AREA_TOPDOWN) {
			found = hi - info->length;
			found -= (found - info->align_offset) & info->align_mask;
		} else {
			found = lo + ((info->align_offset - lo) & info->align_mask);
			break;
		}
	}
	return any ? found : (unsigned long)-ENOMEM;
}

static void check_unmapped_area(struct model *m)
{
	struct vm_unmapped_area_info info = { 0 };
	unsigned long want, got;

	info.flags = rnd(2) ? VM_UNMAPPED_AREA_TOPDOWN : 0;
	info.length = PG(rnd(8) ? 1 + rnd(8) : 1 + rnd(400));
	info.align_mask = PG((1UL << rnd(5)) - 1);
	info.align_offset = PG(rnd(16)) & info.align_mask;
	info.low_limit = rnd(4) ? PG(rnd(NPAGES)) : 0;
	info.high_limit = info.low_limit + PG(rnd(NPAGES + 64));
	want = model_unmapped_area(m, &info);
	nr_gap++;
	nr_gap_found += want != (unsigned long)-ENOMEM;
	got = vm_unmapped_area(m->mm, &info);
	if (got != want) {
		printf("  vm_unmapped_area(%s, length %#lx, mask %#lx, offset %#lx, [%#lx, %#lx))\n",
		       info.flags ? "top-down" : "bottom-up", info.length,
		       info.align_mask, info.align_offset, info.low_limit,
		       info.high_limit);
		fail("vm_unmapped_area: got, expected", got, want);
	}
}

static void destroy(struct model *m)
{
	while (m->n)
		do_unlink(m, m->n - 1);
	mm_index_destroy(m->mm);
	free(m->mm);
	m->mm = NULL;
}

/*
 * A fresh address space with VMAs at the same addresses as one the task
 * has just looked up in (a forked child, an exec'd program): the task's
 * cache must not answer with the other's VMAs.
 */
static void check_fresh_mm(void)
{
	struct model *m = calloc(2, sizeof(*m));
	struct mm_struct *saved = host_current->mm;

	for (int k = 0; k < 2; k++) {
		m[k].mm = calloc(1, sizeof(struct mm_struct));
		mm_index_init(m[k].mm);
		do_link(&m[k], PG(100), PG(104));
		host_current->mm = m[k].mm;
		check_find(&m[k], PG(101));
	}
	for (int k = 0; k < 2; k++)
		destroy(&m[k]);
	free(m);
	host_current->mm = saved;
}

/* Replace models[to] by a copy of models[from], as fork copies an mm. */
static void fork_copy(int from, int to)
{
	struct model *src = &models[from], *dst = &models[to];

	destroy(dst);
	dst->mm = calloc(1, sizeof(*dst->mm));
	mm_index_init(dst->mm);
	for (int i = 0; i < src->n; i++)
		do_link(dst, src->start[i], src->end[i]);
}

static void one_operation(struct model *m, int target)
{
	unsigned long r = rnd(100), p;
	int i = m->n ? (int)rnd(m->n) : -1;

	if (r < 40) {
		/* towards the target size four times in five */
		bool grow = i < 0 || (m->n < target) == (rnd(5) != 0);

		p = rnd(NPAGES);
		if (grow)
			do_link(m, PG(p), PG(p + 1 + (rnd(8) ? rnd(4) : rnd(64))));
		else
			do_unlink(m, i);
	} else if (r < 55 && i >= 0) {
		do_set_range(m, i);
	} else if (r < 78) {
		/* near a VMA most of the time: inside it, at its edges, just past it */
		p = i >= 0 && rnd(4) ? m->start[i] + PG(rnd(((m->end[i] - m->start[i]) >> 12) + 2)) - rnd(2)
				     : PG(rnd(NPAGES + 16)) + rnd(4096);
		check_find(m, p);
	} else if (r < 85 && i >= 0) {
		check_neighbours(m, i);
	} else {
		check_unmapped_area(m);
	}
}

int main(int argc, char **argv)
{
	long ops;
	int target = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: index_test NAME SEED OPS\n");
		return 2;
	}
	name = argv[1];
	seed = strtoul(argv[2], NULL, 0);
	ops = strtol(argv[3], NULL, 0);
	rng = seed;
	host_current = calloc(1, sizeof(*host_current));
	for (int k = 0; k < 2; k++) {
		models[k].mm = calloc(1, sizeof(struct mm_struct));
		mm_index_init(models[k].mm);
	}
	check_fresh_mm();
	for (op = 0; op < ops; op++) {
		struct model *m = &models[rnd(2)];

		if (op % 20000 == 0)
			target = (int)rnd(rnd(4) ? 600 : MAXVMAS / 2);
		if (op % 1000 == 0) {
			unsigned long who = rnd(3);	/* the task runs in mm 0, mm 1, or none */

			host_current->mm = who < 2 ? models[who].mm : NULL;
		}
		if (op % 50000 == 49999) {
			int from = (int)rnd(2);

			fork_copy(from, !from);	/* the child: same addresses, new VMAs */
			host_current->mm = models[!from].mm;
		}
		one_operation(m, target);
		if (op % 4999 == 0)
			check_walk(m);
	}
	check_walk(&models[0]);
	check_walk(&models[1]);
	printf("PASS: vma-index: %s: seed %lu: %ld operations (%ld links, %ld unlinks, "
	       "%ld set_range, %ld lookups, %ld gap searches of which %ld found), "
	       "up to %d VMAs\n", name, seed, ops, nr_link, nr_unlink, nr_set,
	       nr_find, nr_gap, nr_gap_found, most);
	destroy(&models[0]);
	destroy(&models[1]);
	free(host_current);
	return 0;
}
