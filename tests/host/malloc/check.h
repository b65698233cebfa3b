/*
 * The little each malloc test needs: CHECK(cond) prints the failed
 * condition and its line, and done() prints "NAME: ok" when nothing failed.
 * The programs run twice, against glibc's malloc and, under LD_PRELOAD,
 * against chapter 12's (tests/host/malloc/run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

static int check_failures;

#define CHECK(cond) \
	((cond) ? (void)0 : check_failed(__FILE__, __LINE__, #cond))

static inline void check_failed(const char *file, int line, const char *what)
{
	printf("error: %s:%d: %s\n", file, line, what);
	fflush(stdout);
	if (++check_failures > 20)
		exit(1);
}

static inline int done(const char *name)
{
	if (check_failures == 0)
		printf("%s: ok\n", name);
	return check_failures != 0;
}

/* Keeps the compiler from pairing a malloc with its free and dropping both. */
static void *volatile sink;

/* The usable size glibc gives a heap chunk: the chunk's size less its header. */
static inline size_t heap_usable(size_t n)
{
	size_t chunk = (n + 8 + 15) & ~(size_t)15;

	return (chunk < 32 ? 32 : chunk) - 8;
}
