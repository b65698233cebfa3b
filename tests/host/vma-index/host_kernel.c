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
	unsigned int size;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	(void)name, (void)align, (void)flags, (void)ctor;
	c->size = size;
	return c;
}

void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags)
{
	return kmalloc(cachep->size, flags);
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
