/* mremapmove: mremap shrinks, grows in place, moves without copying
 * (same frames, same RSS, the old range gone), MREMAP_FIXED,
 * MREMAP_DONTUNMAP, a second view of a shared mapping, and the errors. */
#include "mmcommon.h"

#define MB (1UL << 20)
#define P "mremapmove"

static int err_of(void *r) { return r == MAP_FAILED ? errno : 0; }

int main(void)
{
	char *a, *b, *c, *s, *t;
	unsigned long long f0;
	long rss0, rss1;
	int ok;

	as_init();
	a = mmap((void *)0x200000000, MB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	memset(a, 'a', MB);
	b = mremap(a, MB, 2 * MB, 0);
	expect(P, "grow 1 MiB to 2 MiB in place, without MREMAP_MAYMOVE", b == a);
	memset(a + MB, 'b', MB);
	mmap(a + 2 * MB, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	expect(P, "grow past a mapping without MREMAP_MAYMOVE: ENOMEM",
	       mremap(a, 2 * MB, 8 * MB, 0) == MAP_FAILED && errno == ENOMEM);
	f0 = frame_of(a + 12345);
	rss0 = status_kb("VmRSS");
	b = mremap(a, 2 * MB, 8 * MB, MREMAP_MAYMOVE);
	rss1 = status_kb("VmRSS");
	expect(P, "grow past a mapping with MREMAP_MAYMOVE moves it", b != MAP_FAILED && b != a);
	ok = 1;
	for (unsigned long i = 0; i < 2 * MB; i++)
		ok &= b[i] == (i < MB ? 'a' : 'b');
	expect(P, "the contents moved with it", ok);
	expect(P, "the same frame, now at the new address", frame_of(b + 12345) == f0 && f0);
	printf(P ": VmRSS before %ld kB, after %ld kB\n", rss0, rss1);
	/* Linux's counters lag by up to 64 events per thread: allow 256 kB */
	expect(P, "VmRSS unchanged: the entries moved, not the pages",
	       labs(rss1 - rss0) < 256);
	expect(P, "the old range is free",
	       mmap(a, 2 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		    -1, 0) == a);
	munmap(a, 2 * MB + PG);
	expect(P, "the grown part reads zeros", b[5 * MB] == 0 && b[8 * MB - 1] == 0);
	c = mremap(b, 8 * MB, MB, 0);
	expect(P, "shrink 8 MiB to 1 MiB in place", c == b && c[MB - 1] == 'a');
	expect(P, "MREMAP_FIXED to 0x300000000",
	       mremap(c, MB, MB, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0x300000000) ==
	       (void *)0x300000000);
	c = (char *)0x300000000;
	b = (char *)syscall(SYS_mremap, c, MB, MB, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	expect(P, "MREMAP_DONTUNMAP: data at the new address", b != MAP_FAILED && b[10] == 'a');
	expect(P, "MREMAP_DONTUNMAP: the old range stays mapped, empty", c[10] == 0);
	s = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	t = mremap(s, 0, 4 * PG, MREMAP_MAYMOVE);
	s[100] = 'x';
	expect(P, "old_len 0 on a shared mapping: a second view", t != MAP_FAILED && t != s &&
	       t[100] == 'x');
	printf(P ": errors: %s %s %s %s %s %s %s %s %s\n",
	       errname(err_of(mremap(b, MB, MB, 8))),
	       errname(err_of(mremap(b, MB, 2 * MB, MREMAP_FIXED, c))),
	       errname(err_of(mremap(b, MB, 2 * MB, MREMAP_MAYMOVE | MREMAP_DONTUNMAP))),
	       errname(err_of(mremap(b + 1, PG, PG, 0))),
	       errname(err_of(mremap(b, MB, 0, 0))),
	       errname(err_of(mremap((void *)0x400000000, PG, 2 * PG, MREMAP_MAYMOVE))),
	       errname(err_of(mremap(b, 2 * MB, 4 * MB, MREMAP_MAYMOVE))),
	       errname(err_of(mremap(b, 0, PG, MREMAP_MAYMOVE))),
	       errname(err_of(mremap(b, MB, MB, MREMAP_MAYMOVE | MREMAP_FIXED, b + PG))));
	printf(P ": %s\n", failures ? "FAILED" : "all as Linux");
	return 0;
}
