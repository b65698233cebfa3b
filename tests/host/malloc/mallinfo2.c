/*
 * As glibc's tst-mallinfo2.c: mallinfo2's counters are size_t and follow
 * what the program holds: uordblks grows by at least what malloc gave,
 * an mmapped block shows in hblks and hblkhd, and freeing takes it back.
 */
#include "check.h"
#include <malloc.h>

static void *held[20];

int main(void)
{
	struct mallinfo2 a, b, c;
	size_t total = 0, i;
	void *big;

	CHECK(sizeof(a.arena) == sizeof(size_t));
	a = mallinfo2();
	for (i = 1; i < 20; i++) {
		held[i] = malloc(160 * i);
		total += 160 * i;
	}
	b = mallinfo2();
	CHECK(b.uordblks >= a.uordblks + total);
	CHECK(b.arena >= b.uordblks);
	CHECK(b.uordblks + b.fordblks == b.arena);

	big = malloc(1 << 20);
	c = mallinfo2();
	CHECK(c.hblks == b.hblks + 1 && c.hblkhd >= b.hblkhd + (1 << 20));
	free(big);
	c = mallinfo2();
	CHECK(c.hblks == b.hblks && c.hblkhd == b.hblkhd);
	for (i = 1; i < 20; i++)
		free(held[i]);
	c = mallinfo2();
	CHECK(c.uordblks < b.uordblks);	/* tcache entries still count as used */
	return done("mallinfo2");
}
