/*
 * shadow SEED OPS: a randomized test of malloc against a shadow map.
 *
 * Each step picks one of SLOTS slots.  An empty slot gets a block from
 * malloc, calloc, realloc(NULL), memalign, posix_memalign or aligned_alloc,
 * of a size drawn mostly small, sometimes up to 64 KiB, rarely past the
 * mmap threshold.  A full slot is freed or realloc'ed.  The shadow knows
 * every live block: its size, its alignment and its id, whose pattern
 * fills it.  Checked at every step: alignment, malloc_usable_size >= the
 * request, calloc's zeroes, no overlap with any live block (a sorted
 * array of the live ranges), the whole pattern intact when the block is
 * freed, the kept prefix intact after realloc.  The random sequence does
 * not depend on the allocator, so the last line, a digest of everything
 * read back, is the same under glibc and under any correct malloc.
 */
#include "check.h"
#include <malloc.h>

#define SLOTS	2048

struct block {
	unsigned char *p;
	size_t size;
	size_t align;
	uint64_t id;
};

static struct block slot[SLOTS];
static uintptr_t live_start[SLOTS], live_end[SLOTS];
static int nlive, most_live;
static uint64_t rng, digest, next_id = 1;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned char pattern(uint64_t id, size_t i)
{
	return (unsigned char)((id * 131) ^ (i * 7) ^ (i >> 8));
}

static size_t draw_size(void)
{
	uint64_t r = rnd() % 1000;

	if (r < 700)
		return rnd() % 513;
	if (r < 950)
		return rnd() % 8193;
	if (r < 999)
		return rnd() % 65537;
	return 128 * 1024 + rnd() % (1 << 20);
}

/* Index of the first live range starting at or after addr. */
static int live_find(uintptr_t addr)
{
	int lo = 0, hi = nlive;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (live_start[mid] < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void live_add(const struct block *b)
{
	uintptr_t start = (uintptr_t)b->p, end = start + malloc_usable_size(b->p);
	int i = live_find(start);

	if ((i > 0 && live_end[i - 1] > start) || (i < nlive && live_start[i] < end)) {
		printf("error: block %p of %zu bytes overlaps a live block\n", b->p, b->size);
		exit(1);
	}
	memmove(&live_start[i + 1], &live_start[i], (nlive - i) * sizeof(uintptr_t));
	memmove(&live_end[i + 1], &live_end[i], (nlive - i) * sizeof(uintptr_t));
	live_start[i] = start;
	live_end[i] = end;
	if (++nlive > most_live)
		most_live = nlive;
}

static void live_remove(const struct block *b)
{
	int i = live_find((uintptr_t)b->p);

	memmove(&live_start[i], &live_start[i + 1], (nlive - i - 1) * sizeof(uintptr_t));
	memmove(&live_end[i], &live_end[i + 1], (nlive - i - 1) * sizeof(uintptr_t));
	nlive--;
}

static void fill(struct block *b, size_t from)
{
	size_t i;

	for (i = from; i < b->size; i++)
		b->p[i] = pattern(b->id, i);
}

/* Checks the first n bytes still hold the block's pattern; adds them to the digest. */
static void verify(const struct block *b, size_t n, const char *when)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (b->p[i] != pattern(b->id, i)) {
			printf("error: block %llu (%zu bytes) byte %zu changed %s\n",
			       (unsigned long long)b->id, b->size, i, when);
			exit(1);
		}
		sum += b->p[i];
	}
	digest = digest * 1000003 + sum + n;
}

static void check_new(struct block *b, int zeroed)
{
	size_t i;

	if (!b->p) {
		printf("error: no block of %zu bytes\n", b->size);
		exit(1);
	}
	CHECK((uintptr_t)b->p % b->align == 0);
	CHECK(malloc_usable_size(b->p) >= b->size);
	for (i = 0; zeroed && i < b->size; i++)
		if (b->p[i]) {
			CHECK(!"calloc gave a byte that is not zero");
			break;
		}
	live_add(b);
}

static void allocate(struct block *b)
{
	void *p = NULL;
	uint64_t how = rnd() % 10;

	b->size = draw_size();
	b->align = 16;
	b->id = next_id++;
	if (how < 5) {
		b->p = malloc(b->size);
	} else if (how < 7) {
		b->p = calloc(1, b->size);
	} else if (how < 8) {
		b->p = realloc(NULL, b->size);
	} else {
		b->align = (size_t)32 << rnd() % (rnd() % 8 ? 8 : 12);
		if (how == 8)
			b->p = memalign(b->align, b->size);
		else if (rnd() % 2)
			b->p = aligned_alloc(b->align, b->size);
		else
			b->p = posix_memalign(&p, b->align, b->size) ? NULL : p;
	}
	check_new(b, how == 5 || how == 6);
	fill(b, 0);
}

static void step(void)
{
	struct block *b = &slot[rnd() % SLOTS];
	size_t old;

	if (!b->p) {
		allocate(b);
		return;
	}
	live_remove(b);
	if (rnd() % 5 < 3) {
		verify(b, b->size, "before free");
		free(b->p);
		b->p = NULL;
		return;
	}
	old = b->size;
	b->size = draw_size() + 1;
	b->align = 16;
	b->p = realloc(b->p, b->size);
	check_new(b, 0);
	verify(b, old < b->size ? old : b->size, "through realloc");
	fill(b, old < b->size ? old : b->size);
}

int main(int argc, char **argv)
{
	unsigned long seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	unsigned long ops = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000000;
	unsigned long i;

	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < ops; i++)
		step();
	for (i = 0; i < SLOTS; i++)
		if (slot[i].p) {
			verify(&slot[i], slot[i].size, "at the end");
			free(slot[i].p);
		}
	printf("shadow: seed %lu: %lu operations, at most %d blocks live, digest %016llx\n",
	       seed, ops, most_live, (unsigned long long)digest);
	return done("shadow");
}
