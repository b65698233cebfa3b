/*
 * As glibc's tst-memalign.c, tst-posix_memalign.c, tst-valloc.c and
 * tst-pvalloc.c: the argument checks of the aligned allocators, then
 * every power-of-two alignment from 1 to 1 MiB with a few sizes.
 */
#include "check.h"
#include <malloc.h>
#include <unistd.h>

int main(void)
{
	size_t page = getpagesize(), align, size, i;
	void *p;

	errno = 0;
	CHECK(memalign(sizeof(void *), (size_t)-1) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(memalign(-page, page) == NULL && errno == EINVAL);
	errno = 0;
	CHECK(memalign(page, (size_t)-page) == NULL && errno == ENOMEM);

	p = (void *)1;				/* posix_memalign returns, never sets errno */
	CHECK(posix_memalign(&p, 0, 10) == EINVAL && p == (void *)1);
	CHECK(posix_memalign(&p, 3, 10) == EINVAL && p == (void *)1);
	CHECK(posix_memalign(&p, sizeof(void *) * 3, 10) == EINVAL);
	CHECK(posix_memalign(&p, sizeof(void *) / 2, 10) == EINVAL);
	CHECK(posix_memalign(&p, 16, (size_t)-1) == ENOMEM && p == (void *)1);
	CHECK(posix_memalign(&p, 16, 0) == 0 && p != (void *)1);
	free(p);

	/* glibc 2.36 rounds an alignment that is not a power of two up. */
	p = memalign(48, 100);
	CHECK(p && (uintptr_t)p % 64 == 0);
	free(p);
	p = aligned_alloc(96, 100);
	CHECK(p && (uintptr_t)p % 128 == 0);
	free(p);

	for (align = 1; align <= (1 << 20); align <<= 1)
		for (size = 1; size <= 300000; size *= 7) {
			void *a = memalign(align, size), *b = aligned_alloc(align, size);
			void *c = NULL;

			CHECK(a && (uintptr_t)a % align == 0);
			CHECK(b && (uintptr_t)b % align == 0);
			if (align >= sizeof(void *))
				CHECK(posix_memalign(&c, align, size) == 0 &&
				      (uintptr_t)c % align == 0);
			CHECK(malloc_usable_size(a) >= size && malloc_usable_size(b) >= size);
			memset(a, 1, size);
			memset(b, 2, size);
			if (c)
				memset(c, 3, size);
			for (i = 0; i < size; i++)
				if (((char *)a)[i] != 1) {
					CHECK(!"an aligned block overlaps another");
					break;
				}
			free(a);
			free(b);
			free(c);
		}

	p = valloc(100);
	CHECK(p && (uintptr_t)p % page == 0);
	free(p);
	p = pvalloc(page + 1);			/* pvalloc rounds the size to pages */
	CHECK(p && (uintptr_t)p % page == 0 && malloc_usable_size(p) >= 2 * page);
	free(p);
	return done("memalign");
}
