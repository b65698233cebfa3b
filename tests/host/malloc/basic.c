/* As glibc's malloc/tst-malloc.c and tst-calloc.c: the plain calls. */
#include "check.h"

int main(void)
{
	char *p, *q, *blocks[512];
	size_t i, j;

	errno = 0;
	CHECK(malloc((size_t)-1) == NULL && errno == ENOMEM);
	p = malloc(0);
	q = malloc(0);
	CHECK(p && q && p != q);
	free(p);
	free(q);
	p = realloc(NULL, 10);			/* realloc of NULL is malloc */
	CHECK(p != NULL);
	strcpy(p, "123456789");
	p = realloc(p, 20);
	CHECK(p && strcmp(p, "123456789") == 0);
	CHECK(realloc(p, 0) == NULL);		/* glibc: frees, returns NULL */
	free(NULL);

	/* 512 blocks of every size up to 4 KiB: distinct, kept apart. */
	for (i = 0; i < 512; i++) {
		blocks[i] = malloc(i * 8);
		CHECK(blocks[i] && (uintptr_t)blocks[i] % 16 == 0);
		memset(blocks[i], (int)i, i * 8);
	}
	for (i = 0; i < 512; i += 2)
		free(blocks[i]);
	for (i = 1; i < 512; i += 2)
		for (j = 0; j < i * 8; j++)
			if ((unsigned char)blocks[i][j] != (i & 0xff)) {
				CHECK(!"a block changed when its neighbours were freed");
				break;
			}
	for (i = 1; i < 512; i += 2)
		free(blocks[i]);

	/* calloc zeroes memory that malloc had dirtied, in the heap and mmapped. */
	for (i = 0; i < 2; i++) {
		size_t n = i ? 300000 : 4000;

		p = malloc(n);
		memset(p, 0xa5, n);
		free(p);
		p = calloc(n, 1);
		CHECK(p != NULL);
		for (j = 0; p && j < n; j++)
			if (p[j]) {
				CHECK(!"calloc returned a byte that is not zero");
				break;
			}
		free(p);
	}
	return done("basic");
}
