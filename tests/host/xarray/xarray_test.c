/*
 * Randomized test of weft's XArray (the page cache's index, chapter 4's
 * lib/xarray.c) against a plain model: a sorted array of (index, entry)
 * pairs.  Every operation is done on both and every answer compared;
 * xa_find is checked from random starting points; allocation failures
 * are injected and must leave every stored entry in place.  Run under
 * ASan and UBSan; xa_destroy must free every node (LeakSanitizer).
 *
 *   xarray_test [SEED [OPS]]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/xarray.h>

int xa_test_fail_allocs;

struct pair { unsigned long index; void *entry; };
static struct pair *model;
static size_t nmodel, capmodel;

static size_t model_pos(unsigned long index)	/* first pair with .index >= index */
{
	size_t lo = 0, hi = nmodel;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (model[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void model_store(unsigned long index, void *entry)
{
	size_t i = model_pos(index);

	if (i < nmodel && model[i].index == index) {
		if (entry)
			model[i].entry = entry;
		else
			memmove(&model[i], &model[i + 1], (--nmodel - i) * sizeof(*model));
		return;
	}
	if (!entry)
		return;
	if (nmodel == capmodel) {
		capmodel = capmodel ? 2 * capmodel : 64;
		model = realloc(model, capmodel * sizeof(*model));
	}
	memmove(&model[i + 1], &model[i], (nmodel - i) * sizeof(*model));
	model[i] = (struct pair){ index, entry };
	nmodel++;
}

static void *model_load(unsigned long index)
{
	size_t i = model_pos(index);

	return i < nmodel && model[i].index == index ? model[i].entry : NULL;
}

static unsigned long long rng;
static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)rng;
}

/* Indices as a file's pages come: mostly small and dense, some far out
 * (a sparse file), a few at the top of what a file offset allows. */
static unsigned long rnd_index(void)
{
	switch (rnd() % 8) {
	case 0: case 1: case 2: case 3:
		return rnd() % 200;
	case 4: case 5:
		return rnd() % (1UL << 20);
	case 6:
		return rnd() % (1UL << 40);
	default:
		return (1UL << 51) - 1 - rnd() % 1000;	/* MAX_LFS_FILESIZE / 4096 */
	}
}

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { if (failures++ < 10) { \
	printf("FAIL: xarray: " __VA_ARGS__); printf("\n"); } } } while (0)

int main(int argc, char **argv)
{
	unsigned long seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	long ops = argc > 2 ? strtol(argv[2], NULL, 0) : 200000;
	struct xarray xa = { 0 };
	long stores = 0, erases = 0, finds = 0, enomem = 0;

	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (long op = 0; op < ops && failures < 10; op++) {
		unsigned long index = rnd_index(), got;
		void *entry = (void *)((rnd() << 4) | 8);	/* any non-NULL pointer */
		int r = rnd() % 100;

		if (r < 40) {
			if (rnd() % 64 == 0)
				xa_test_fail_allocs = 1 + rnd() % 3;
			int err = xa_store(&xa, index, entry);
			if (err) {
				CHECK(err == -ENOMEM, "store %#lx returned %d", index, err);
				enomem++;
			} else {
				model_store(index, entry);
			}
			xa_test_fail_allocs = 0;
			stores++;
		} else if (r < 60) {
			size_t i;
			if (nmodel && rnd() % 2)	/* erase something present */
				index = model[rnd() % nmodel].index;
			void *old = xa_erase(&xa, index);
			CHECK(old == model_load(index), "erase %#lx returned %p, model %p",
			      index, old, model_load(index));
			model_store(index, NULL);
			(void)i;
			erases++;
		} else if (r < 85) {
			if (nmodel && rnd() % 2)
				index = model[rnd() % nmodel].index;
			CHECK(xa_load(&xa, index) == model_load(index), "load %#lx", index);
		} else {
			size_t i = model_pos(index);
			got = index;
			void *e = xa_find(&xa, &got);
			if (i == nmodel)
				CHECK(!e, "find from %#lx found %#lx, model none", index, got);
			else
				CHECK(e == model[i].entry && got == model[i].index,
				      "find from %#lx: %#lx, model %#lx", index, got, model[i].index);
			finds++;
		}
		if (op % 50000 == 0) {	/* a full scan agrees with the model */
			unsigned long at = 0;
			size_t n = 0;
			void *e;
			while ((e = xa_find(&xa, &at))) {
				CHECK(n < nmodel && model[n].index == at && model[n].entry == e,
				      "scan: entry %zu at %#lx", n, at);
				n++;
				if (at == ~0UL)
					break;
				at++;
			}
			CHECK(n == nmodel, "scan found %zu entries, model %zu", n, nmodel);
		}
	}
	xa_destroy(&xa);
	CHECK(!xa.xa_head && !xa.xa_height, "xa_destroy left a tree");
	if (!failures)
		printf("PASS: xarray: seed %lu: %ld operations (%ld stores, %ld of them "
		       "failed ENOMEM as injected, %ld erases, %ld finds) agree with the model\n",
		       seed, ops, stores, enomem, erases, finds);
	free(model);
	return failures != 0;
}
