/*
 * As glibc's malloc/tst-malloc-too-large.c: sizes no machine can give,
 * near SIZE_MAX, above PTRDIFF_MAX and every 2^50 step between, through
 * every allocating function: NULL and ENOMEM (or EINVAL), never a block.
 */
#include "check.h"
#include <malloc.h>
#include <sys/resource.h>

static void warm(void)
{
	sink = malloc(16);
	free(sink);
	errno = 0;
}

static void too_large(size_t size)
{
	void *p, *old;
	size_t n, align;

	warm();
	CHECK(malloc(size) == NULL && errno == ENOMEM);
	old = malloc(16);
	warm();
	CHECK(realloc(old, size) == NULL && errno == ENOMEM);
	free(old);
	for (n = 1; n <= 8 && size % n == 0; n *= 2) {
		warm();
		CHECK(calloc(n, size / n) == NULL && errno == ENOMEM);
		warm();
		CHECK(calloc(size / n, n) == NULL && errno == ENOMEM);
		old = malloc(16);
		warm();
		CHECK(reallocarray(old, size / n, n) == NULL && errno == ENOMEM);
		free(old);
	}
	for (align = 1; align; align <<= 1) {
		warm();
		CHECK(memalign(align, size) == NULL && errno == ENOMEM);
		warm();
		CHECK(aligned_alloc(align, size) == NULL && errno == ENOMEM);
		if (align >= sizeof(void *)) {
			p = NULL;
			CHECK(posix_memalign(&p, align, size) == ENOMEM && p == NULL);
		}
	}
	warm();
	CHECK(valloc(size) == NULL && errno == ENOMEM);
	warm();
	CHECK(pvalloc(size) == NULL && errno == ENOMEM);
}

int main(void)
{
	const size_t fifty = ((size_t)1 << 50) - 1, fourteen = (1 << 14) - 1;
	struct rlimit as = { fifty, fifty };
	size_t i;

	setrlimit(RLIMIT_AS, &as);
	for (i = 0; i <= fourteen; i += 37)
		too_large(SIZE_MAX - i);
	for (i = 1; i <= fourteen; i += 37)
		too_large((size_t)PTRDIFF_MAX + i);
	for (i = fourteen; i >= 1; i--) {
		too_large((i << 50) | fifty);
		too_large(i << 50);
	}
	/* calloc's product overflows: the multiplication must be checked. */
	warm();
	CHECK(calloc((size_t)1 << 33, (size_t)1 << 33) == NULL && errno == ENOMEM);
	warm();
	CHECK(calloc(SIZE_MAX / 2 + 2, 2) == NULL && errno == ENOMEM);
	return done("too-large");
}
