/* Host test of the buddy allocator (kernel/mm/page_alloc.c, tangled from
 * chapters/02-buddy.nw), against a model of which pfns each live block
 * owns.  Usage: buddy_test [OPS-PER-SEED] */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/memblock.h>

char *host_ram;
static char last_msg[4096];
static jmp_buf *panic_jump;
static int failures;

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(last_msg + strlen(last_msg), sizeof(last_msg) - strlen(last_msg), fmt, ap);
	va_end(ap);
	if (strlen(last_msg) > 3000)
		last_msg[0] = 0;
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg + strlen(last_msg), sizeof(last_msg) - strlen(last_msg), fmt, ap);
	va_end(ap);
	if (panic_jump)
		longjmp(*panic_jump, 1);
	fprintf(stderr, "\nunexpected panic; last messages:\n%s\n", last_msg);
	abort();
}

#define RAM_TOP		((48UL << 20) - (128UL << 10))	/* 48 MiB less 128 KiB */
static unsigned long ram_pages, reserved_pages;

static void result(int ok, const char *name, const char *why)
{
	printf("%s: buddy: %s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : " -- ", ok ? "" : why);
	if (!ok)
		failures++;
}

/* Boot the allocator as setup_memory() and mem_init() do. */
static void boot_allocator(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { MAX_DMA_PFN, MAX_DMA32_PFN, ~0UL };
	phys_addr_t map;

	host_ram = aligned_alloc(1UL << 22, 48UL << 20);
	memblock_add(0, 0x9fc00);
	memblock_add(0x100000, RAM_TOP - 0x100000);
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	memblock_reserve(0, 1UL << 20, "low 1 MiB");
	memblock_reserve(0x100000, 100 << 10, "kernel image");
	memblock_reserve(0x800123, 70000, "initrd");
	mem_map_pages = ALIGN(max_pfn, MAX_ORDER_NR_PAGES);
	map = memblock_phys_alloc(mem_map_pages * sizeof(struct page), PAGE_SIZE, "mem_map");
	mem_map = __va(map);
	free_area_init(max_zone_pfns);
	memblock_free_all();
	ram_pages = memblock_ram_pages(0, memblock_end_of_DRAM());
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++)
		reserved_pages += memblock_ram_pages(memblock.reserved.regions[i].base,
						     memblock.reserved.regions[i].base +
						     memblock.reserved.regions[i].size);
}

/* The free lists as a canonical text: zone, order, sorted pfns. */
static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static char *snapshot(void)
{
	size_t cap = 1 << 20, len = 0;
	char *s = malloc(cap);
	unsigned long *pfns = malloc(sizeof(unsigned long) * max_pfn);

	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			struct zone *zone = &NODE_DATA(0)->node_zones[z];
			unsigned long n = 0;
			struct page *page;

			list_for_each_entry(page, &zone->free_area[o].free_list, lru)
				if (n < max_pfn)	/* a corrupt list may be longer */
					pfns[n++] = page_to_pfn(page);
			qsort(pfns, n, sizeof(*pfns), cmp_ulong);
			len += snprintf(s + len, cap - len, "%d/%u:", z, o);
			for (unsigned long i = 0; i < n && len < cap - 32; i++)
				len += snprintf(s + len, cap - len, " %lx", pfns[i]);
			len += snprintf(s + len, cap - len, "\n");
		}
	free(pfns);
	return s;
}

/* The model: which live block owns each pfn (0: none). */
struct live { unsigned long pfn; unsigned int order; };
static struct live *live;
static unsigned long nr_live, live_pages, peak_pages, nr_failed;
static unsigned int *owner;

static unsigned long rng;
static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *check_free_lists(unsigned long initial_free)
{
	static unsigned char *seen;
	unsigned long total = 0;

	if (!seen)
		seen = malloc(mem_map_pages);
	memset(seen, 0, mem_map_pages);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			unsigned long n = 0;
			struct page *page;

			list_for_each_entry(page, &zone->free_area[o].free_list, lru) {
				unsigned long pfn = page_to_pfn(page);

				if (!PageBuddy(page) || page->private != o)
					return "a free-list page lacks PG_buddy or its order";
				if (pfn & ((1UL << o) - 1))
					return "a free block is not aligned to its order";
				if (pfn < zone->zone_start_pfn || pfn + (1UL << o) > zone_end_pfn(zone))
					return "a free block lies outside its zone";
				for (unsigned long i = pfn; i < pfn + (1UL << o); i++) {
					if (seen[i]++ || owner[i])
						return "a free block overlaps another block";
					if (PageReserved(pfn_to_page(i)))
						return "a free block holds a reserved page";
				}
				n++;
			}
			if (n != zone->free_area[o].nr_free)
				return "nr_free differs from the length of the free list";
			total += n << o;
		}
	}
	if (total != nr_free_pages() || total + live_pages != initial_free)
		return "free + live pages differ from the initial free pages";
	return NULL;
}

static const char *alloc_one(unsigned long initial_free)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_KERNEL, GFP_KERNEL, GFP_DMA32, GFP_DMA };
	unsigned int order = rnd() % 16 < 10 ? rnd() % 3 : rnd() % MAX_ORDER;
	gfp_t gfp = gfps[rnd() % 5] | __GFP_NOWARN;
	unsigned long limit = gfp & __GFP_DMA ? MAX_DMA_PFN : ~0UL;
	struct page *page = alloc_pages(gfp, order);
	unsigned long pfn;

	(void)initial_free;
	if (!page) {
		for (int z = gfp_zone(gfp); z >= 0; z--)
			for (unsigned int o = order; o < MAX_ORDER; o++)
				if (NODE_DATA(0)->node_zones[z].free_area[o].nr_free)
					return "alloc_pages failed although a large enough block was free";
		nr_failed++;
		return NULL;
	}
	pfn = page_to_pfn(page);
	if (pfn & ((1UL << order) - 1))
		return "a block is not aligned to its order";
	if (pfn + (1UL << order) > limit || pfn + (1UL << order) > max_pfn)
		return "a block lies outside the zones the request allows";
	if (page_ref_count(page) != 1)
		return "a new block's refcount is not 1";
	for (unsigned long i = pfn; i < pfn + (1UL << order); i++) {
		if (owner[i])
			return "two live blocks overlap";
		if (PageReserved(pfn_to_page(i)))
			return "a reserved page was handed out";
		owner[i] = nr_live + 1;
		*(unsigned long *)pfn_to_kaddr(i) = i ^ 0xabcdef;	/* our mark */
	}
	live[nr_live++] = (struct live){ pfn, order };
	live_pages += 1UL << order;
	if (live_pages > peak_pages)
		peak_pages = live_pages;
	return NULL;
}

static const char *free_one(unsigned long k)
{
	struct live b = live[k];

	for (unsigned long i = b.pfn; i < b.pfn + (1UL << b.order); i++) {
		if (*(unsigned long *)pfn_to_kaddr(i) != (i ^ 0xabcdef))
			return "a live block's memory was overwritten";
		owner[i] = 0;
	}
	live[k] = live[--nr_live];
	for (unsigned long i = live[k].pfn; k < nr_live && i < live[k].pfn + (1UL << live[k].order); i++)
		owner[i] = k + 1;
	live_pages -= 1UL << b.order;
	__free_pages(pfn_to_page(b.pfn), b.order);
	return NULL;
}

static void random_run(unsigned long seed, unsigned long ops, unsigned long initial_free,
		       const char *initial)
{
	char name[128], why[256];
	const char *err = NULL;
	char *now;

	rng = seed * 0x9e3779b97f4a7c15UL + 1;
	peak_pages = nr_failed = 0;
	for (unsigned long op = 0; op < ops && !err; op++) {
		/* drift between nearly empty and nearly full memory */
		unsigned long phase = (op / 50000) % 2;
		bool do_alloc = nr_live == 0 || rnd() % 100 < (phase ? 70u : 35u);

		err = do_alloc ? alloc_one(initial_free) : free_one(rnd() % nr_live);
		if (!err && op % 20000 == 0)
			err = check_free_lists(initial_free);
	}
	while (!err && nr_live)
		err = free_one(rnd() % nr_live);
	if (!err)
		err = check_free_lists(initial_free);
	now = snapshot();
	if (!err && strcmp(now, initial))
		err = "after freeing everything the free lists differ from the initial ones";
	free(now);
	snprintf(name, sizeof(name), "seed %lu: %lu random alloc/free operations "
		 "(peak %lu of %lu pages in use, %lu allocations failed)",
		 seed, ops, peak_pages, initial_free, nr_failed);
	snprintf(why, sizeof(why), "%s", err ? err : "");
	result(!err, name, why);
}

/* A bad free must panic with the pfn, and leave the allocator unchanged. */
static void expect_bad_free(const char *name, struct page *page, unsigned int order)
{
	jmp_buf env;
	char want[64], why[512];
	char *before = snapshot(), *after;
	unsigned long free_before = nr_free_pages();
	int caught = 0;

	last_msg[0] = 0;
	snprintf(want, sizeof(want), "Bad page state in process swapper/0  pfn:%05lx",
		 page_to_pfn(page));
	panic_jump = &env;
	if (setjmp(env) == 0)
		__free_pages(page, order);
	else
		caught = 1;
	panic_jump = NULL;
	after = snapshot();
	snprintf(why, sizeof(why), "caught=%d, message: %.300s", caught, last_msg);
	result(caught && strstr(last_msg, want) && !strcmp(before, after) &&
	       nr_free_pages() == free_before, name, why);
	free(before);
	free(after);
}

int main(int argc, char **argv)
{
	unsigned long ops = argc > 1 ? strtoul(argv[1], NULL, 0) : 300000;
	unsigned long initial_free;
	char *initial, buf[1024], want[1024], why[2048];
	struct page *page;
	size_t len = 0;

	boot_allocator();
	initial_free = nr_free_pages();
	initial = snapshot();
	live = malloc(sizeof(*live) * max_pfn);
	owner = calloc(mem_map_pages, sizeof(*owner));
	snprintf(why, sizeof(why), "%lu free + %lu reserved != %lu RAM pages",
		 initial_free, reserved_pages, ram_pages);
	result(initial_free + reserved_pages == ram_pages,
	       "free pages + reserved pages = RAM pages after boot", why);
	snprintf(why, sizeof(why), "%s", check_free_lists(initial_free) ?: "");
	result(!why[0], "free lists consistent after boot", why);

	for (unsigned long seed = 1; seed <= 4; seed++)
		random_run(seed, ops, initial_free, initial);

	result(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER) == NULL,
	       "an order of MAX_ORDER fails with NULL", "got a page");

	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	expect_bad_free("double free is caught, naming the pfn", page, 0);
	expect_bad_free("freeing reserved pfn 0 is caught", pfn_to_page(0), 0);
	page = alloc_pages(GFP_KERNEL, 2);
	expect_bad_free("freeing an inner page of a block is caught", page + 1, 0);
	__free_pages(page, 2);

	buddyinfo_show(buf, sizeof(buf));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];

		if (!zone->present_pages)
			continue;
		len += snprintf(want + len, sizeof(want) - len, "Node 0, zone %8s ", zone->name);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			len += snprintf(want + len, sizeof(want) - len, "%6lu ",
					zone->free_area[o].nr_free);
		len += snprintf(want + len, sizeof(want) - len, "\n");
	}
	snprintf(why, sizeof(why), "got:\n%s", buf);
	result(!strcmp(buf, want) && !strncmp(buf, "Node 0, zone      DMA ", 22),
	       "buddyinfo_show prints Linux's format", why);
	free(initial);
	return failures != 0;
}
