/*
 * heapcorrupt MODE: commits one heap error and must be stopped by malloc's
 * checks with glibc 2.36's message on stderr and SIGABRT.  The same source
 * builds against weft's libc and against glibc; the messages must agree.
 * It prints only with write(2), which allocates nothing, so that the heap
 * is exactly what the program made.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* through volatile pointers, so that the compiler neither warns about nor
   removes the very errors this program exists to make */
static void *(*volatile do_malloc)(size_t) = malloc;
static void (*volatile do_free)(void *) = free;

static void say(const char *s)
{
	if (write(2, s, strlen(s)) < 0)
		_exit(2);
}

static void fill_tcache(size_t n)	/* 7 freed chunks of n bytes */
{
	void *p[7];
	int i;

	for (i = 0; i < 7; i++)
		p[i] = do_malloc(n);
	for (i = 0; i < 7; i++)
		do_free(p[i]);
}

static void tcache_double(void)
{
	char *p = do_malloc(100);

	do_free(p);
	do_free(p);			/* its key says: already in the tcache */
}

static void fasttop(void)
{
	char *p = do_malloc(40);

	do_malloc(40);			/* keeps p off the top */
	fill_tcache(40);
	do_free(p);			/* the tcache is full: to the fastbin */
	do_free(p);			/* p is the fastbin's head */
}

static void stack(void)
{
	size_t fake[4] __attribute__((aligned(16))) = { 0, 0x18, 0, 0 };

	do_free(&fake[2]);		/* a "chunk" of 16 bytes: too small */
}

static void misaligned(void)
{
	char *p = do_malloc(100);

	do_free(p + 8);
}

static void top(void)
{
	char *p = do_malloc(100);	/* from the top chunk, which follows it */

	((size_t *)(p + 104))[0] = (size_t)-1;	/* 8 bytes too far */
	do_malloc(5000);		/* must be cut from the top */
}

static void nextsize(void)
{
	char *p = do_malloc(24);

	do_malloc(24);
	fill_tcache(24);
	((size_t *)(p + 24))[0] = 0;	/* the next chunk's size word */
	do_free(p);			/* to a fastbin: checks the next size */
}

static void prevsize(void)
{
	char *a = do_malloc(0x500), *c = do_malloc(0x500);

	do_malloc(0x500);		/* g: keeps c off the top */
	do_free(c);			/* c is free: g's prev_size is c's size */
	((size_t *)(c + 0x500))[0] = 0x1234;	/* write after free */
	do_free(a);			/* merges forward: unlinks c */
}

static void unlink_fd(void)
{
	static size_t bogus[8];
	char *a = do_malloc(0x500), *c = do_malloc(0x500);

	do_malloc(0x500);
	do_free(c);
	((size_t **)c)[0] = bogus;	/* c's fd and bk, overwritten */
	((size_t **)c)[1] = bogus;
	do_free(a);
}

static const struct {
	const char *name;
	void (*fn)(void);
} modes[] = {
	{ "tcache-double", tcache_double }, { "fasttop", fasttop },
	{ "stack", stack }, { "misaligned", misaligned }, { "top", top },
	{ "nextsize", nextsize }, { "prevsize", prevsize },
	{ "unlink", unlink_fd },
};

int main(int argc, char **argv)
{
	unsigned i;

	for (i = 0; argc == 2 && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[1], modes[i].name) == 0) {
			say("heapcorrupt: ");
			say(argv[1]);
			say("\n");
			modes[i].fn();
			say("heapcorrupt: survived\n");
			return 1;
		}
	say("usage: heapcorrupt tcache-double|fasttop|stack|misaligned|top|nextsize|prevsize|unlink\n");
	return 2;
}
