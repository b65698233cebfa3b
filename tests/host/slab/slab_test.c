/* Host test of the slab allocators of chapter 13 (kernel/mm/slab_common.c
 * with slab.c for SLAB or slub.c for SLUB, and slab_debug.c), compiled
 * unchanged for the host over the real buddy allocator, against a model:
 * a shadow map of which live object owns each 8-byte granule of "physical
 * memory", the fill pattern of every live object, and, for caches with a
 * constructor, the state each free object was left in.
 * Usage: slab_test [OPS [SEED [debug|nodebug [COMMAND-LINE]]]]: "debug" when
 * slab_debug.c has its debug mode; COMMAND-LINE is the kernel's (e.g.
 * slub_debug, every cache in debug mode).  Prints PASS:/FAIL: lines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "slab.h"		/* kernel/mm/slab.h: slab_caches, kmalloc_caches */
#include "host_boot.h"

#ifdef CONFIG_SLUB
#define ALLOCATOR "SLUB"
#else
#define ALLOCATOR "SLAB"
#endif

extern char boot_command_line[];
static const char *mode = "";		/* the command line, in the results */
static int failures;

static void result(int ok, const char *name, const char *why)
{
	printf("%s: slab %s%s: %s%s%s\n", ok ? "PASS" : "FAIL", ALLOCATOR, mode, name,
	       ok ? "" : " -- ", ok ? "" : why);
	if (!ok)
		failures++;
}

/* A failure inside the random run: counted, the first few printed. */
static char first_bad[512];
static unsigned long nbad;
#define BAD(...) do {							\
	if (!nbad++)							\
		snprintf(first_bad, sizeof(first_bad), __VA_ARGS__);	\
} while (0)

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* ---- the model ---- */
#define RAM_MIB		64
#define GRANULES	((RAM_MIB << 20) / 8)
static uint32_t *owner;		/* granule -> live object id + 1, 0: free */
static uint64_t *free_token;	/* granule -> token of a free constructed object */

struct obj {
	char *p;
	size_t size;		/* bytes the test owns */
	int cache;		/* index into caches[], -1: kmalloc */
	uint32_t pattern;
};
#define MAX_LIVE	30000
static struct obj live[MAX_LIVE];
static unsigned long nr_live;
static uint32_t ids[MAX_LIVE];	/* free ids */
static unsigned long nr_ids;

static unsigned long granule(const void *p)
{
	return (unsigned long)((const char *)p - host_ram) / 8;
}

static int in_ram(const void *p, size_t size)
{
	return (const char *)p >= host_ram &&
	       (const char *)p + size <= host_ram + ((unsigned long)RAM_MIB << 20);
}

/* ---- the caches under test ---- */
#define CTOR_MAGIC	0xc0115ec7ed0b1ec7ull
struct constructed {		/* the first bytes of an object of a ctor cache */
	uint64_t magic;
	uint64_t serial;	/* which constructor call made it */
	uint64_t stamp;		/* 0 fresh; else the token of its last free */
};
static uint64_t ctor_calls;
static unsigned char *serial_seen;
#define MAX_SERIALS	(1ull << 30)	/* bits */

static int seen_before(uint64_t serial)
{
	int old = serial_seen[serial / 8] >> (serial % 8) & 1;

	serial_seen[serial / 8] |= 1 << (serial % 8);
	return old;
}

static void test_ctor(void *p)
{
	struct constructed *c = p;

	/* A constructor over an object the cache already holds, free and
	 * constructed, breaks the rule "once per object, when its slab is
	 * made".  The model knows: a free object's token is forgotten only
	 * when it is handed out again or its page goes back to the buddy
	 * allocator (__wrap___free_pages below). */
	if (in_ram(p, 8) && free_token[granule(p)])
		BAD("constructor run again on the free object %p", p);
	c->magic = CTOR_MAGIC;
	c->serial = ++ctor_calls;
	c->stamp = 0;
}

struct tcache {
	const char *name;
	unsigned int size, align;
	slab_flags_t flags;
	int ctor;
	struct kmem_cache *s;
	unsigned long nr_live;
};
static struct tcache caches[] = {
	{ "t-8", 8, 0, 0, 0, NULL, 0 },
	{ "t-12", 12, 0, 0, 0, NULL, 0 },
	{ "t-24c", 24, 0, 0, 1, NULL, 0 },
	{ "t-40", 40, 8, 0, 0, NULL, 0 },
	{ "t-64h", 64, 0, SLAB_HWCACHE_ALIGN, 0, NULL, 0 },
	{ "t-100c", 100, 0, 0, 1, NULL, 0 },
	{ "t-100h", 100, 0, SLAB_HWCACHE_ALIGN, 1, NULL, 0 },
	{ "t-128a", 128, 128, 0, 0, NULL, 0 },
	{ "t-200", 200, 0, 0, 0, NULL, 0 },
	{ "t-256c", 256, 64, 0, 1, NULL, 0 },
	{ "t-500", 500, 0, SLAB_HWCACHE_ALIGN, 0, NULL, 0 },
	{ "t-700c", 700, 0, 0, 1, NULL, 0 },
	{ "t-1024", 1024, 0, 0, 0, NULL, 0 },
	{ "t-1500a", 1500, 512, 0, 0, NULL, 0 },
	{ "t-2048c", 2048, 0, SLAB_HWCACHE_ALIGN, 1, NULL, 0 },
	{ "t-3000", 3000, 0, 0, 0, NULL, 0 },
	{ "t-4096", 4096, 0, 0, 0, NULL, 0 },
	{ "t-5000c", 5000, 0, 0, 1, NULL, 0 },
	{ "t-8192", 8192, 0, 0, 0, NULL, 0 },
};
#define NCACHES (int)(sizeof(caches) / sizeof(caches[0]))

/* The alignment Linux's calculate_alignment() promises. */
static unsigned int want_align(const struct tcache *t)
{
	unsigned int a = 8;

	if (t->flags & SLAB_HWCACHE_ALIGN) {
		unsigned int r = 64;

		while (t->size <= r / 2)
			r /= 2;
		a = r > a ? r : a;
	}
	return t->align > a ? t->align : a;
}

static void create(int i)
{
	struct tcache *t = &caches[i];

	t->s = kmem_cache_create(t->name, t->size, t->align, t->flags,
				 t->ctor ? test_ctor : NULL);
	t->nr_live = 0;
	if (!t->s)
		BAD("kmem_cache_create(%s) failed", t->name);
}

/* The scrub: every page the slab code gives back to the buddy allocator
 * is filled with zeroes, after checking that no live object is on it.
 * Linked with --wrap=__free_pages, so only the calls from the slab code
 * come here. */
void __real___free_pages(struct page *page, unsigned int order);
void __wrap___free_pages(struct page *page, unsigned int order)
{
	char *p = page_address(page);
	size_t len = PAGE_SIZE << order;

	if (page && in_ram(p, len)) {
		for (unsigned long g = granule(p); g < granule(p + len); g++)
			if (owner[g]) {
				BAD("page %p given back to the buddy allocator with live object %p on it",
				    p, live[owner[g] - 1].p);
				break;
			}
		memset(p, 0, len);
		memset(&free_token[granule(p)], 0, len / 8 * sizeof(uint64_t));
	}
	__real___free_pages(page, order);
}

static uint8_t pat(uint32_t pattern, size_t i)
{
	return (uint8_t)(pattern * 31 + i * 7 + (i >> 8));
}

/* Does an object of the model hold its pattern?  Bytes 0..23 of a ctor
 * cache's objects are the constructed header, checked separately. */
static int pattern_holds(const struct obj *o)
{
	size_t from = o->cache >= 0 && caches[o->cache].ctor ? sizeof(struct constructed) : 0;

	for (size_t i = from; i < o->size; i++)
		if ((uint8_t)o->p[i] != pat(o->pattern, i))
			return 0;
	return 1;
}

static void track(char *p, size_t size, int cache)
{
	unsigned long id = ids[--nr_ids];
	struct obj *o = &live[id];
	size_t from = cache >= 0 && caches[cache].ctor ? sizeof(struct constructed) : 0;

	for (unsigned long g = granule(p); g <= granule(p + size - 1); g++)
		if (owner[g]) {
			BAD("%s object %p (%zu bytes) overlaps live object %p (%zu bytes)",
			    cache >= 0 ? caches[cache].name : "kmalloc", p, size,
			    live[owner[g] - 1].p, live[owner[g] - 1].size);
			ids[nr_ids++] = id;
			return;		/* leak it: the model stays consistent */
		}
	for (unsigned long g = granule(p); g <= granule(p + size - 1); g++)
		owner[g] = id + 1;
	*o = (struct obj){ p, size, cache, (uint32_t)rnd() };
	for (size_t i = from; i < size; i++)
		p[i] = pat(o->pattern, i);
	nr_live++;
	if (cache >= 0)
		caches[cache].nr_live++;
}

static void untrack(unsigned long id)
{
	struct obj *o = &live[id];

	for (unsigned long g = granule(o->p); g <= granule(o->p + o->size - 1); g++)
		owner[g] = 0;
	if (o->cache >= 0)
		caches[o->cache].nr_live--;
	o->p = NULL;
	ids[nr_ids++] = id;
	nr_live--;
}

static void alloc_from(int i)
{
	struct tcache *t = &caches[i];
	int zero = !t->ctor && !(rnd() % 8);
	char *p = kmem_cache_alloc(t->s, GFP_KERNEL | (zero ? __GFP_ZERO : 0));
	struct constructed *c = (struct constructed *)p;

	if (!p) {
		BAD("kmem_cache_alloc(%s) returned NULL", t->name);
		return;
	}
	if (!in_ram(p, t->size)) {
		BAD("%s handed out %p, outside memory", t->name, p);
		return;
	}
	if ((unsigned long)p % want_align(t))
		BAD("%s object %p not aligned to %u", t->name, p, want_align(t));
	if (zero)
		for (unsigned int k = 0; k < t->size; k++)
			if (p[k]) {
				BAD("%s: __GFP_ZERO object %p has byte %u = %#x", t->name, p,
				    k, (uint8_t)p[k]);
				break;
			}
	if (t->ctor) {
		uint64_t tok = free_token[granule(p)];

		if (c->magic != CTOR_MAGIC)
			BAD("%s handed out %p, never constructed", t->name, p);
		else if (c->stamp == 0) {	/* fresh from the constructor */
			if (c->serial > ctor_calls || c->serial >= MAX_SERIALS ||
			    seen_before(c->serial))
				BAD("%s handed out %p as fresh twice (serial %llu)", t->name, p,
				    (unsigned long long)c->serial);
		} else if (c->stamp != tok)
			BAD("%s: free constructed object %p changed while free", t->name, p);
		free_token[granule(p)] = 0;
	}
	track(p, t->size, i);
}

static void free_obj(unsigned long id)
{
	struct obj *o = &live[id];
	char *p = o->p;

	if (!pattern_holds(o))
		BAD("%s object %p (%zu bytes) lost its contents",
		    o->cache >= 0 ? caches[o->cache].name : "kmalloc", p, o->size);
	if (o->cache >= 0 && caches[o->cache].ctor) {
		struct constructed *c = (struct constructed *)p;
		uint64_t tok = rnd() | 1;

		if (c->magic != CTOR_MAGIC)
			BAD("%s object %p lost its constructed header", caches[o->cache].name, p);
		c->stamp = tok;			/* still constructed */
		free_token[granule(p)] = tok;
	}
	untrack(id);
	if (o->cache >= 0)
		kmem_cache_free(caches[o->cache].s, p);
	else
		kfree(p);
}

static size_t kmalloc_size(void)
{
	uint64_t r = rnd();

	switch (r % 16) {
	case 0:
		return 8193 + (r >> 8) % 40000;	/* whole pages */
	case 1: case 2: case 3:
		return 1 + (r >> 8) % 8192;
	default:
		return 1 + (r >> 8) % 300;
	}
}

static void kmalloc_one(void)
{
	size_t size = kmalloc_size();
	char *p = kmalloc(size, GFP_KERNEL);

	if (!p) {
		BAD("kmalloc(%zu) returned NULL", size);
		return;
	}
	if (!in_ram(p, size) || (unsigned long)p % ARCH_KMALLOC_MINALIGN ||
	    ksize(p) < size) {
		BAD("kmalloc(%zu) = %p, ksize %zu: outside memory, misaligned or too small",
		    size, p, ksize(p));
		return;
	}
	track(p, size, -1);
}

static unsigned long shrink_everything(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
	return nr_free_pages();
}

static unsigned long pick_live(void)
{
	unsigned long id;

	do
		id = rnd() % MAX_LIVE;
	while (!live[id].p);
	return id;
}

/* A cache's slabinfo must add up and count at least the model's objects. */
static void check_slabinfo(int i)
{
	struct slabinfo si;

	memset(&si, 0, sizeof(si));
	get_slabinfo(caches[i].s, &si);
	if (si.active_objs > si.num_objs || si.active_objs < caches[i].nr_live ||
	    si.active_slabs > si.num_slabs ||
	    si.num_objs != si.num_slabs * si.objects_per_slab)
		BAD("%s: slabinfo active %lu/%lu objects, %lu/%lu slabs of %u, model has %lu live",
		    caches[i].name, si.active_objs, si.num_objs, si.active_slabs, si.num_slabs,
		    si.objects_per_slab, caches[i].nr_live);
}

static void random_run(unsigned long ops, unsigned long baseline)
{
	unsigned long cap = 2000 + rnd() % (MAX_LIVE - 2000);
	char why[700];

	for (int i = 0; i < NCACHES; i++)
		create(i);
	for (unsigned long n = 0; n < ops && !nbad; n++) {
		uint64_t r = rnd() % 1000;

		if (n % 100000 == 99999)	/* a new working-set size */
			cap = 100 + rnd() % (MAX_LIVE - 100);
		if (r < 2) {			/* empty a cache, destroy, recreate */
			int i = rnd() % NCACHES;

			for (unsigned long id = 0; id < MAX_LIVE; id++)
				if (live[id].p && live[id].cache == i)
					free_obj(id);
			kmem_cache_destroy(caches[i].s);
			create(i);
		} else if (r < 10) {
			int i = rnd() % NCACHES;

			kmem_cache_shrink(caches[i].s);
			check_slabinfo(i);
		} else if (r < 505 && nr_live < cap && nr_live < MAX_LIVE - 1) {
			if (r < 380)
				alloc_from(rnd() % NCACHES);
			else
				kmalloc_one();
		} else if (nr_live) {
			free_obj(pick_live());
		}
	}
	for (int i = 0; i < NCACHES; i++)
		check_slabinfo(i);
	for (unsigned long id = 0; id < MAX_LIVE; id++)
		if (live[id].p)
			free_obj(id);
	for (int i = 0; i < NCACHES; i++) {
		kmem_cache_shrink(caches[i].s);
		kmem_cache_destroy(caches[i].s);
	}
	snprintf(why, sizeof(why), "%lu failure(s), the first: %s", nbad, first_bad);
	result(!nbad, "random alloc/free/kmalloc/kfree/shrink/destroy, checked against the model", why);
	snprintf(why, sizeof(why), "%lu free pages at the start, %lu at the end",
		 baseline, shrink_everything());
	result(nr_free_pages() == baseline,
	       "every page back to the buddy allocator after freeing, shrinking, destroying", why);
	nbad = 0;
}

/* ---- hostile calls ---- */
static int reported(void)
{
	return host_msg[0] != 0;
}

static void hostile(void)
{
	struct kmem_cache *a = kmem_cache_create("h-64", 64, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("h-64b", 64, 0, 0, NULL);
	unsigned long before;
	struct page *page;
	char *x, *y, *z, *w;
	char why[300];

	host_msg[0] = 0;
	kfree(NULL);
	result(!reported(), "kfree(NULL) does nothing and says nothing", host_msg);

	x = kmem_cache_alloc(a, GFP_KERNEL);
	memset(x, 0x5a, 64);
	host_msg[0] = 0;
	kmem_cache_free(b, x);
	w = kmem_cache_alloc(b, GFP_KERNEL);
	z = kmem_cache_alloc(a, GFP_KERNEL);
	result(reported() && w != x && z != x && x[0] == 0x5a && x[63] == 0x5a,
	       "kmem_cache_free into the wrong cache is reported and frees nothing",
	       reported() ? "the object was handed out again or changed" : "no report");
	host_msg[0] = 0;
	kmem_cache_free(a, x + 8);
	kfree(x + 8);
	y = kmem_cache_alloc(a, GFP_KERNEL);
	result(reported() && y != x + 8 && x[0] == 0x5a,
	       "kmem_cache_free and kfree inside an object are reported and free nothing",
	       reported() ? "the inner pointer was handed out" : "no report");
	kmem_cache_free(a, y);
	kmem_cache_free(a, z);

	host_msg[0] = 0;
	kmem_cache_destroy(a);
	snprintf(why, sizeof(why), "%s", reported() ? "the cache went away" : "no error printed");
	y = kmem_cache_alloc(a, GFP_KERNEL);	/* the cache must still work */
	result(reported() && y, "kmem_cache_destroy with a live object keeps the cache, prints an error",
	       why);
	kmem_cache_free(a, y);
	kmem_cache_free(a, x);
	kmem_cache_free(b, w);
	host_msg[0] = 0;
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	result(!reported(), "kmem_cache_destroy of empty caches is silent", host_msg);

	page = alloc_pages(GFP_KERNEL, 0);
	before = nr_free_pages();
	host_msg[0] = 0;
	kfree(page_address(page));
	snprintf(why, sizeof(why), "free pages %lu -> %lu", before, nr_free_pages());
	result(nr_free_pages() == before + 1,
	       "kfree of a page that is not a slab's gives the page back", why);
}

/* Double frees and writes past an object, which the debug mode catches. */
static void debug_checks(int have_debug)
{
	struct kmem_cache *d;
	char *x, *y;

	if (!have_debug) {
		printf("SKIP: slab %s: double free in debug mode -- slab_debug.c is a placeholder\n",
		       ALLOCATOR);
		return;
	}
	d = kmem_cache_create("h-debug", 64, 0, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
			      SLAB_POISON | SLAB_STORE_USER, NULL);
	x = kmem_cache_alloc(d, GFP_KERNEL);
	kmem_cache_free(d, x);
	host_msg[0] = 0;
	kmem_cache_free(d, x);
	x = kmem_cache_alloc(d, GFP_KERNEL);
	y = kmem_cache_alloc(d, GFP_KERNEL);
	result(strstr(host_msg, "BUG h-debug") && x != y,
	       "a double free in a debug cache is reported and ignored", host_msg);
	kmem_cache_free(d, x);
	kmem_cache_free(d, y);
	kmem_cache_destroy(d);
}

int main(int argc, char **argv)
{
	unsigned long ops = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	int have_debug = argc > 3 && !strcmp(argv[3], "debug");
	unsigned long baseline;
	char why[200];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 4) {
		strcpy(boot_command_line, argv[4]);
		mode = argv[4][0] ? " slub_debug" : "";
	}
	host_boot(RAM_MIB);
	owner = calloc(GRANULES, sizeof(*owner));
	free_token = calloc(GRANULES, sizeof(*free_token));
	serial_seen = calloc(MAX_SERIALS / 8, 1);
	for (unsigned long i = 0; i < MAX_LIVE; i++)
		ids[nr_ids++] = MAX_LIVE - 1 - i;
	kmem_cache_init();
	result(kmalloc_caches[1] && kmalloc_caches[2] && kmalloc_caches[KMALLOC_SHIFT_LOW] &&
	       kmalloc_caches[KMALLOC_SHIFT_HIGH],
	       "kmem_cache_init made kmalloc-96, kmalloc-192 and the power-of-two caches",
	       "a kmalloc cache is missing");
	baseline = shrink_everything();
	rng = 0x9e3779b97f4a7c15ull * seed;
	random_run(ops, baseline);
	baseline = shrink_everything();
	hostile();
	debug_checks(have_debug);
	snprintf(why, sizeof(why), "%lu free pages before, %lu after", baseline,
		 shrink_everything());
	result(nr_free_pages() == baseline, "the hostile calls leaked no page", why);
	return failures != 0;
}
