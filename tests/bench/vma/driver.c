/*
 * The VMA-index benchmark's driver: the same source linked with each
 * implementation's adapter (index.h).  For each N it lays out N VMA-like
 * ranges as an address space has them (page aligned, random sizes and
 * gaps), builds the index in address order, and times
 *   - find_vma at random addresses of the span (ns per lookup),
 *   - find_vma in a local pattern: the next lookup falls in the same VMA
 *     or the next one, as page faults walking a region do,
 *   - erasing and re-inserting K random VMAs (ns per erase, per insert),
 * each five times, printing the median and the minimum.  Bytes per VMA is
 * the bytes of the blocks the index holds once built (counted by wrapping
 * malloc and its kin at link time: -Wl,--wrap=malloc,...) plus what it
 * keeps inside each VMA.
 * Output, one line per N, tab separated:
 *   impl N rand_med rand_min local_med local_min ins_med ins_min
 *   erase_med erase_min bytes_per_vma
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "index.h"

#define PAGE	4096UL
#define REPEAT	5
#define LOOKUPS	300000

/*
 * The index's bytes: while the index is built, every block allocated
 * through the wrapped functions is remembered with the size asked for, in
 * an open-addressing table, and forgotten when freed.  Sizes asked for,
 * not what malloc reserved: the kernel takes such objects from slab caches
 * with no per-object header.
 */
#define TRACK_SLOTS	(1UL << 20)

static struct tracked {
	void *p;
	size_t size;
} *track;
static int counting;
static long live_bytes;

void *__real_malloc(size_t size);
void *__real_calloc(size_t nmemb, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
int __real_posix_memalign(void **p, size_t align, size_t size);
void *__real_aligned_alloc(size_t align, size_t size);

static unsigned long slot_of(void *p)
{
	return ((unsigned long)p * 0x9e3779b97f4a7c15UL) >> (64 - 20);
}

static void *counted(void *p, size_t size)
{
	unsigned long i;

	if (!p || !counting)
		return p;
	for (i = slot_of(p); track[i].p; i = (i + 1) & (TRACK_SLOTS - 1))
		;
	track[i].p = p;
	track[i].size = size;
	live_bytes += size;
	return p;
}

/* forget p, moving later entries of its probe run back (no tombstones) */
static void uncounted(void *p)
{
	unsigned long i, j, h;

	if (!p || !counting)
		return;
	for (i = slot_of(p); track[i].p != p; i = (i + 1) & (TRACK_SLOTS - 1))
		if (!track[i].p)
			return;		/* allocated before counting began */
	live_bytes -= track[i].size;
	track[i].p = NULL;
	for (j = (i + 1) & (TRACK_SLOTS - 1); track[j].p; j = (j + 1) & (TRACK_SLOTS - 1)) {
		h = slot_of(track[j].p);
		if (((j - h) & (TRACK_SLOTS - 1)) >= ((j - i) & (TRACK_SLOTS - 1))) {
			track[i] = track[j];
			track[j].p = NULL;
			i = j;
		}
	}
}

void *__wrap_malloc(size_t size)
{
	return counted(__real_malloc(size), size);
}

void *__wrap_calloc(size_t nmemb, size_t size)
{
	return counted(__real_calloc(nmemb, size), nmemb * size);
}

void *__wrap_realloc(void *p, size_t size)
{
	void *q = __real_realloc(p, size);

	if (q || !size)
		uncounted(p);
	return counted(q, size);
}

void __wrap_free(void *p)
{
	uncounted(p);
	__real_free(p);
}

int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	int err = __real_posix_memalign(p, align, size);

	if (!err)
		counted(*p, size);
	return err;
}

void *__wrap_aligned_alloc(size_t align, size_t size)
{
	return counted(__real_aligned_alloc(align, size), size);
}

static unsigned long long rng_state;

static unsigned long rnd(void)		/* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 2685821657736338717ULL) >> 11;
}

#include "../../lib/cputime.h"

static void shuffle(unsigned long *a, unsigned long n)
{
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = rnd() % (i + 1), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

/* ranges[i], in address order: sizes 1..16 pages times 1, 2, 4 or 8;
 * a quarter of the gaps empty (neighbours touch), the rest 1..32 pages */
static void lay_out(unsigned long *start, unsigned long *end, unsigned long n)
{
	unsigned long addr = 0x400000;

	for (unsigned long i = 0; i < n; i++) {
		unsigned long pages = (1 + rnd() % 16) << (rnd() % 4);

		start[i] = addr;
		end[i] = addr + pages * PAGE;
		addr = end[i];
		if (rnd() % 4)
			addr += (1 + rnd() % 32) * PAGE;
	}
}

/* the rank of the first range with end > addr (the expected answer) */
static unsigned long expect(const unsigned long *end, unsigned long n,
			    unsigned long addr)
{
	unsigned long lo = 0, hi = n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (end[mid] > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static unsigned long lookups(void *ix, const unsigned long *addr, unsigned long l)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < l; i++) {
		struct bvma *v = idx_find(ix, addr[i]);

		sum += v ? v->id : ~0UL;
	}
	return sum;
}

static void median_min(double *t, double per, double *med, double *min)
{
	qsort(t, REPEAT, sizeof(*t), cmp_double);
	*med = t[REPEAT / 2] / per;
	*min = t[0] / per;
}

static void run(unsigned long n)
{
	unsigned long *start = malloc(n * sizeof(long)), *end = malloc(n * sizeof(long));
	unsigned long *perm = malloc(n * sizeof(long));
	unsigned long *rand_addr = malloc(LOOKUPS * sizeof(long));
	unsigned long *local_addr = malloc(LOOKUPS * sizeof(long));
	unsigned long rand_sum = 0, local_sum = 0, k = n < 4096 ? n : 4096;
	struct bvma *vmas, **byrank = malloc(n * sizeof(*byrank));
	double t[4][REPEAT], r[8];
	long before, after;
	void *ix;

	rng_state = 0x9e3779b97f4a7c15ULL ^ n;
	lay_out(start, end, n);
	/* VMA objects sit in memory in an order unrelated to their addresses,
	 * as slab-allocated VMAs of a long-lived process do */
	if (posix_memalign((void **)&vmas, 64, n * sizeof(*vmas)))
		abort();
	memset(vmas, 0, n * sizeof(*vmas));
	for (unsigned long i = 0; i < n; i++)
		perm[i] = i;
	shuffle(perm, n);
	for (unsigned long i = 0; i < n; i++) {
		byrank[i] = &vmas[perm[i]];
		byrank[i]->vm_start = start[i];
		byrank[i]->vm_end = end[i];
		byrank[i]->id = i;
	}
	for (unsigned long i = 0; i < LOOKUPS; i++) {
		rand_addr[i] = start[0] + rnd() % (end[n - 1] - start[0]);
		rand_sum += expect(end, n, rand_addr[i]);
	}
	/* local: half the time the same VMA again, else the next one; a jump
	 * to a random VMA every 64 lookups */
	for (unsigned long i = 0, v = 0; i < LOOKUPS; i++) {
		if (i % 64 == 0)
			v = rnd() % n;
		else if (rnd() % 2)
			v = (v + 1) % n;
		local_addr[i] = start[v] + (rnd() % ((end[v] - start[v]) / PAGE)) * PAGE;
		local_sum += v;
	}

	if (!track)
		track = __real_calloc(TRACK_SLOTS, sizeof(*track));
	memset(track, 0, TRACK_SLOTS * sizeof(*track));
	live_bytes = 0;
	counting = 1;
	before = live_bytes;
	ix = idx_create();
	for (unsigned long i = 0; i < n; i++)
		if (!ix || idx_insert(ix, byrank[i])) {
			printf("%s\t%lu\tinsert failed\n", idx_name, n);
			exit(1);
		}
	after = live_bytes;
	counting = 0;
	if (idx_built)
		idx_built(ix);

	lookups(ix, rand_addr, LOOKUPS);		/* warm up */
	for (int rep = 0; rep < REPEAT; rep++) {
		double t0 = now_ns();
		unsigned long s1 = lookups(ix, rand_addr, LOOKUPS);
		double t1 = now_ns();
		unsigned long s2 = lookups(ix, local_addr, LOOKUPS);
		double t2 = now_ns();

		if (s1 != rand_sum || s2 != local_sum) {
			printf("%s\t%lu\twrong answers\n", idx_name, n);
			exit(1);
		}
		t[0][rep] = t1 - t0;
		t[1][rep] = t2 - t1;
	}
	for (int rep = 0; rep < REPEAT; rep++) {
		double t0, t1, t2;

		for (unsigned long i = 0; i < n; i++)
			perm[i] = i;
		shuffle(perm, n);
		t0 = now_ns();
		for (unsigned long i = 0; i < k; i++)
			idx_erase(ix, byrank[perm[i]]);
		t1 = now_ns();
		for (unsigned long i = k; i-- > 0;)
			if (idx_insert(ix, byrank[perm[i]]))
				abort();
		t2 = now_ns();
		t[2][rep] = t2 - t1;
		t[3][rep] = t1 - t0;
	}
	if (lookups(ix, rand_addr, LOOKUPS) != rand_sum) {
		printf("%s\t%lu\twrong answers after erase and insert\n", idx_name, n);
		exit(1);
	}
	median_min(t[0], LOOKUPS, &r[0], &r[1]);
	median_min(t[1], LOOKUPS, &r[2], &r[3]);
	median_min(t[2], k, &r[4], &r[5]);
	median_min(t[3], k, &r[6], &r[7]);
	printf("%s\t%lu", idx_name, n);
	for (int i = 0; i < 8; i++)
		printf("\t%.1f", r[i]);
	printf("\t%.1f\n", (double)(after - before) / n +
	       idx_embedded_bytes);
	fflush(stdout);
	idx_destroy(ix);
	free(vmas);
	free(byrank);
	free(start);
	free(end);
	free(perm);
	free(rand_addr);
	free(local_addr);
}

int main(int argc, char **argv)
{
	/* sizes from the command line, or 10^2 .. 10^6 */
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run(strtoul(argv[i], NULL, 0));
	} else {
		for (unsigned long n = 100; n <= 1000000; n *= 10)
			run(n);
	}
	return 0;
}
