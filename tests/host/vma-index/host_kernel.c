/*
 * Host stand-ins for the few kernel services an index implementation may
 * call: allocation over malloc, printk over vprintf, panic as abort.
 * They include the tangled headers, so their types are the kernel's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/slab.h>

struct kmem_cache {
	unsigned int size, align;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	(void)name, (void)flags, (void)ctor;
	c->size = size;
	c->align = align;
	return c;
}

/* the maple tree's nodes must be aligned to their size (type bits) */
void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags)
{
	size_t a = cachep->align > 16 ? cachep->align : 16;
	void *p = aligned_alloc(a, (cachep->size + a - 1) / a * a);

	if (p && (flags & __GFP_ZERO))
		memset(p, 0, cachep->size);
	return p;
}

void kmem_cache_free(struct kmem_cache *cachep, void *objp)
{
	(void)cachep;
	free(objp);
}

void *kmalloc(size_t size, gfp_t flags)
{
	return (flags & __GFP_ZERO) ? calloc(1, size) : malloc(size);
}

void kfree(const void *objp)
{
	free((void *)objp);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void spin_bug(const void *lock, const char *type, const char *msg)
{
	printf("FAIL: vma-index: %s %p: %s\n", type, lock, msg);
	abort();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: vma-index: panic: ");
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	abort();
}
