/*
 * Randomized test of the book's maple tree (build/chNN/kernel/lib/
 * maple_tree.c) against a sorted array of ranges.  Usage:
 *	maple_test SEED OPS
 * Every operation's answer is compared with the model; mt_validate runs
 * every 8 operations (32 for the largest trees) and the whole tree is
 * compared with the model every 8 validations.  Some operations run with node allocations failing at
 * random: they must either succeed or return -ENOMEM with the tree, and
 * its node count, unchanged.  Prints one PASS: or FAIL: line.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/maple_tree.h>
#include <linux/slab.h>
#include <string.h>

#define TEST ""
#include "test_common.h"

/* the model: non-overlapping ranges, sorted */
struct range {
	unsigned long first, last;
	void *entry;
};
#define MODEL_MAX 100000
static struct range model[MODEL_MAX];
static int nr;

/* index of the first range with last >= index */
static int model_lower(unsigned long index)
{
	int lo = 0, hi = nr;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (model[mid].last < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void model_store(unsigned long first, unsigned long last, void *entry)
{
	int i = model_lower(first), j = i, k;
	struct range keep[3];
	int nk = 0;

	/* ranges i..j-1 overlap [first, last] */
	while (j < nr && model[j].first <= last)
		j++;
	if (i < j && model[i].first < first)
		keep[nk++] = (struct range){ model[i].first, first - 1, model[i].entry };
	if (entry)
		keep[nk++] = (struct range){ first, last, entry };
	if (i < j && model[j - 1].last > last)
		keep[nk++] = (struct range){ last + 1, model[j - 1].last, model[j - 1].entry };
	if (nr - (j - i) + nk > MODEL_MAX)
		FAIL("model full");
	memmove(&model[i + nk], &model[j], (nr - j) * sizeof(model[0]));
	for (k = 0; k < nk; k++)
		model[i + k] = keep[k];
	nr += nk - (j - i);
}

/* the entry at index and the range of its slot (an entry's or a hole's) */
static void *model_load(unsigned long index, unsigned long *first, unsigned long *last)
{
	int i = model_lower(index);

	if (i < nr && model[i].first <= index) {
		*first = model[i].first;
		*last = model[i].last;
		return model[i].entry;
	}
	*first = i ? model[i - 1].last + 1 : 0;
	*last = i < nr ? model[i].first - 1 : ULONG_MAX;
	return NULL;
}

static unsigned long universe;
static bool growing;	/* the first part of each epoch mostly adds */
static int peak_nr;
static unsigned int peak_height;

static unsigned long rand_index(void)
{
	switch (rnd() % 16) {
	case 0:
		return ULONG_MAX - rnd() % 64;
	case 1:
		return rnd() % 64;
	default:
		return rnd() % universe;
	}
}

static void rand_range(unsigned long *first, unsigned long *last)
{
	unsigned long len;

	*first = rand_index();
	switch (rnd() % (growing ? 64 : 8)) {
	case 0:	/* spans many leaves */
		len = rnd() % (universe / (growing ? 64 : 8) + 1);
		break;
	case 1:
		len = 0;
		break;
	default:
		len = rnd() % 48;
	}
	*last = *first + len < *first ? ULONG_MAX : *first + len;
	if (rnd() % 4096 == 0) {	/* everything */
		*first = 0;
		*last = ULONG_MAX;
	}
}

static unsigned long entry_seq;

static void *new_entry(void)
{
	return (void *)((++entry_seq << 3) + 8);
}

/* the whole tree, in order, against the model */
static void compare_all(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 0, 0);
	void *entry;
	int i = 0;

	while ((entry = mas_find(&mas, ULONG_MAX)) != NULL) {
		if (i >= nr)
			FAIL("tree has an extra entry %p at [%lx, %lx]", entry,
			     mas.index, mas.last);
		if (entry != model[i].entry || mas.index != model[i].first ||
		    mas.last != model[i].last)
			FAIL("entry %d: tree %p [%lx, %lx], model %p [%lx, %lx]", i,
			     entry, mas.index, mas.last, model[i].entry,
			     model[i].first, model[i].last);
		i++;
		if (mas.last == ULONG_MAX)
			break;
	}
	if (i != nr)
		FAIL("tree has %d entries, model %d", i, nr);
}

static void check_walk(struct maple_tree *mt, unsigned long index)
{
	MA_STATE(mas, mt, index, index);
	unsigned long first, last;
	void *want = model_load(index, &first, &last);
	void *got = mas_walk(&mas);

	if (got != want || mas.index != first || mas.last != last)
		FAIL("walk %lx: tree %p [%lx, %lx], model %p [%lx, %lx]", index,
		     got, mas.index, mas.last, want, first, last);
	if (mtree_load(mt, index) != want)
		FAIL("mtree_load %lx", index);
}

static void mutate(struct maple_tree *mt, bool failing);

/*
 * mas_next and mas_prev after a walk; sometimes another state changes
 * the tree in between, and the first state must walk again (from the
 * start of the slot it walked to) rather than follow its old path.
 */
static void check_next_prev(struct maple_tree *mt, unsigned long index)
{
	MA_STATE(mas, mt, index, index);
	unsigned long limit = rnd() % 4 ? ULONG_MAX : rand_index();
	struct range *want;
	void *got;
	int i;

	mas_walk(&mas);
	if (rnd() % 4 == 0)
		mutate(mt, false);
	index = mas.index;
	/* next: the first range starting above index, starting <= limit */
	i = model_lower(index);
	if (i < nr && model[i].first <= index)
		i++;
	want = i < nr && model[i].first <= limit ? &model[i] : NULL;
	got = mas_next(&mas, limit);
	if (got != (want ? want->entry : NULL) ||
	    (want && (mas.index != want->first || mas.last != want->last)))
		FAIL("next after %lx (max %lx): tree %p [%lx, %lx], model %p", index,
		     limit, got, mas.index, mas.last, want ? want->entry : NULL);
	/* prev: the last range ending below index, ending >= limit */
	limit = rnd() % 4 ? 0 : rand_index();
	i = model_lower(index) - 1;
	want = i >= 0 && model[i].last >= limit ? &model[i] : NULL;
	mas_set_range(&mas, index, index);
	mas_walk(&mas);
	got = mas_prev(&mas, limit);
	if (got != (want ? want->entry : NULL) ||
	    (want && (mas.index != want->first || mas.last != want->last)))
		FAIL("prev before %lx (min %lx): tree %p [%lx, %lx], model %p", index,
		     limit, got, mas.index, mas.last, want ? want->entry : NULL);
}

/* mas_find over a window, as mt_for_each does */
static void check_find(struct maple_tree *mt, unsigned long index)
{
	unsigned long max = index + rnd() % (universe / 64 + 1);
	MA_STATE(mas, mt, index, index);
	int i = model_lower(index);
	void *got;

	if (max < index)
		max = ULONG_MAX;
	while ((got = mas_find(&mas, max)) != NULL) {
		if (i >= nr || model[i].first > max || got != model[i].entry ||
		    mas.last != model[i].last)
			FAIL("find in [%lx, %lx]: tree %p [%lx, %lx]", index, max,
			     got, mas.index, mas.last);
		i++;
		if (mas.last == ULONG_MAX)
			break;
	}
	if (i < nr && model[i].first <= max)
		FAIL("find in [%lx, %lx]: tree ends before model entry %d", index,
		     max, i);
	/* the same window through mt_find, find_vma's call, as mt_for_each */
	i = model_lower(index);
	mas.index = index;
	mt_for_each(mt, got, mas.index, max) {
		if (i >= nr || model[i].first > max || got != model[i].entry ||
		    mas.index != model[i].last + 1)
			FAIL("mt_find in [%lx, %lx]: tree %p up to %lx", index, max,
			     got, mas.index - 1);
		i++;
	}
	if (i < nr && model[i].first <= max)
		FAIL("mt_find in [%lx, %lx]: tree ends before model entry %d",
		     index, max, i);
}

/* the lowest (rev: highest) hole of size indices inside [min, max] */
static bool model_gap(unsigned long min, unsigned long max, unsigned long size,
		      bool rev, unsigned long *found)
{
	unsigned long s, e, edge;
	int i, j;

	if (max - min < size - 1)
		return false;
	if (!rev) {
		s = min;
		for (i = model_lower(min);; i++) {
			if (i < nr && model[i].first <= s) {
				if (model[i].last >= max)
					return false;
				s = model[i].last + 1;
				continue;
			}
			edge = i < nr ? model[i].first - 1 : ULONG_MAX;
			if (min(edge, max) - s >= size - 1) {
				*found = s;
				return true;
			}
			if (edge >= max)
				return false;
			s = edge + 1;
			i--;	/* s is now inside model[i], handled above */
		}
	}
	e = max;
	i = model_lower(e);
	for (j = i < nr && model[i].first <= e ? i : i - 1;; j--) {
		if (j >= 0 && model[j].last >= e) {
			if (model[j].first <= min)
				return false;
			e = model[j].first - 1;
			continue;
		}
		edge = j >= 0 ? model[j].last + 1 : 0;
		if (e - max(edge, min) >= size - 1) {
			*found = e;
			return true;
		}
		if (edge <= min)
			return false;
		e = edge - 1;
		j++;	/* e is now inside model[j], handled above */
	}
}

static void check_gap(struct maple_tree *mt, bool rev)
{
	MA_STATE(mas, mt, 0, 0);
	unsigned long min = rand_index(), max = rand_index(), size, found = 0;
	bool want;
	int ret;

	if (min > max) {
		unsigned long t = min;

		min = max;
		max = t;
	}
	if (rnd() % 8 == 0)
		max = ULONG_MAX;
	size = rnd() % 4 ? 1 + rnd() % 64 : 1 + rnd() % (universe / 4);
	want = model_gap(min, max, size, rev, &found);
	ret = rev ? mas_empty_area_rev(&mas, min, max, size) :
		    mas_empty_area(&mas, min, max, size);
	if (ret != (want ? 0 : -EBUSY))
		FAIL("empty_area%s([%lx, %lx], %lu) = %d, model %s", rev ? "_rev" : "",
		     min, max, size, ret, want ? "finds one" : "finds none");
	if (want && (rev ? mas.last != found || mas.index != found - size + 1 :
			   mas.index != found || mas.last != found + size - 1))
		FAIL("empty_area%s([%lx, %lx], %lu) at [%lx, %lx], model %lx",
		     rev ? "_rev" : "", min, max, size, mas.index, mas.last, found);
}

static void validate(struct maple_tree *mt)
{
	if (mt_validate(mt))
		FAIL("mt_validate failed (see above)");
}

static void fail_some_allocations(void)
{
	if (rnd() % 2)
		maple_test_fail_after = rnd() % 4;
	else
		maple_test_fail_one_in = 2;
}

static void allocations_succeed(void)
{
	maple_test_fail_after = -1;
	maple_test_fail_one_in = 0;
}

/* a store, insert or erase; with failing allocations, all or nothing */
static void mutate(struct maple_tree *mt, bool failing)
{
	unsigned long first, last, f, l, live = maple_test_live;
	void *entry = NULL, *want;
	int ret = 0, kind = rnd() % 8, i;

	if (growing && kind >= 6 && rnd() % 4)
		kind = 0;

	rand_range(&first, &last);
	if (failing)
		fail_some_allocations();
	if (kind < 4) {
		MA_STATE(mas, mt, first, last);

		entry = rnd() % (growing ? 32 : 6) ? new_entry() : NULL;
		want = model_load(first, &f, &l);
		if (kind < 2) {
			ret = mtree_store_range(mt, first, last, entry, GFP_KERNEL);
		} else {
			void *old = mas_store(&mas, entry);

			ret = mas_is_err(&mas) ? -ENOMEM : 0;
			if (!ret && old != want)
				FAIL("mas_store [%lx, %lx] returned %p, model %p", first,
				     last, old, want);
		}
	} else if (kind < 6) {
		bool busy;

		entry = new_entry();
		i = model_lower(first);
		busy = i < nr && model[i].first <= last;
		ret = mtree_insert_range(mt, first, last, entry, GFP_KERNEL);
		if (busy && ret != -EEXIST)
			FAIL("insert [%lx, %lx] over an entry: %d", first, last, ret);
		if (busy)
			ret = -EEXIST;
	} else {
		MA_STATE(mas, mt, first, first);

		if (nr && rnd() % 2)	/* usually erase something that is there */
			first = model[rnd() % nr].first + (rnd() % 2);
		mas_set_range(&mas, first, first);
		want = model_load(first, &f, &l);
		if (mas_erase(&mas) != want)
			FAIL("mas_erase %lx did not return %p", first, want);
		ret = mas_is_err(&mas) ? -ENOMEM : 0;
		first = f;
		last = l;
		entry = NULL;
	}
	allocations_succeed();
	if (ret == -ENOMEM && failing) {
		if (maple_test_live != (long)live)
			FAIL("failed store [%lx, %lx] left %ld nodes, had %lu", first,
			     last, maple_test_live, live);
		validate(mt);
		compare_all(mt);
		return;
	}
	if (ret == -EEXIST)
		return;
	if (ret)
		FAIL("store [%lx, %lx] %p: %d", first, last, entry, ret);
	model_store(first, last, entry);
}

int main(int argc, char **argv)
{
	struct maple_tree mt;
	unsigned long ops, check_every;
	int kind;

	if (!parse_args(argc, argv, 1, &ops))
		return 2;
	universe = 1024UL << (seed % 8);
	/* the bigger the tree, the more a full check costs: space them out */
	check_every = universe >= 65536 ? 32 : 8;
	mt_init_flags(&mt, seed % 5 == 4 ? 0 : MT_FLAGS_ALLOC_RANGE);
	for (op = 1; op <= ops; op++) {
		growing = op % 250000 < 150000;
		kind = rnd() % 16;
		if (kind < 7)
			mutate(&mt, rnd() % 8 == 0);
		else if (kind < 9)
			check_walk(&mt, rand_index());
		else if (kind < 11)
			check_next_prev(&mt, rand_index());
		else if (kind < 12)
			check_find(&mt, rand_index());
		else
			check_gap(&mt, kind >= 14);
		if (op % check_every == 0)
			validate(&mt);
		if (nr > peak_nr)
			peak_nr = nr;
		if (mt_height(&mt) > peak_height)
			peak_height = mt_height(&mt);
		if (op % (8 * check_every) == 0)
			compare_all(&mt);
		if (op % 250000 == 0) {	/* start again from an empty tree */
			__mt_destroy(&mt);
			nr = 0;
			if (maple_test_live)
				FAIL("%ld nodes still allocated after __mt_destroy",
				     maple_test_live);
		}
	}
	validate(&mt);
	compare_all(&mt);
	printf("PASS: maple: seed %lu, %lu operations, %s tree, universe %lu, "
	       "up to %d entries and height %u\n", seed, ops,
	       (mt.ma_flags & MT_FLAGS_ALLOC_RANGE) ? "allocation" : "plain",
	       universe, peak_nr, peak_height);
	__mt_destroy(&mt);
	if (maple_test_live)
		FAIL("%ld nodes leaked", maple_test_live);
	return 0;
}
