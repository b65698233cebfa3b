/* rlimitdata: RLIMIT_DATA bounds brk and private writable memory only. */
#include "mmcommon.h"

#define MB (1UL << 20)
#define P "rlimitdata"

static const char *mm(void *r) { return errname(r == MAP_FAILED ? errno : 0); }

int main(void)
{
	struct rlimit r = { 4 * MB, RLIM_INFINITY };
	char *start, *ro, *rw;

	as_init();
	setrlimit(RLIMIT_DATA, &r);
	start = sbrk(0);
	while (sbrk(64 * 1024) != (void *)-1)
		;
	printf(P ": brk under a 4 MiB RLIMIT_DATA stops after %s\n",
	       (unsigned long)((char *)sbrk(0) - start) <= 4 * MB ? "at most 4 MiB" : "more");
	brk(start);
	printf(P ": private writable 8 MiB: %s\n", mm(mmap(NULL, 8 * MB, PROT_READ | PROT_WRITE,
	       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)));
	printf(P ": shared writable 8 MiB: %s\n", mm(mmap(NULL, 8 * MB, PROT_READ | PROT_WRITE,
	       MAP_SHARED | MAP_ANONYMOUS, -1, 0)));
	ro = mmap(NULL, 8 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf(P ": private read-only 8 MiB: %s\n", mm(ro));
	printf(P ": mprotect it writable: %s\n",
	       errname(mprotect(ro, 8 * MB, PROT_READ | PROT_WRITE) ? errno : 0));
	rw = mmap(NULL, MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf(P ": private writable 1 MiB: %s\n", mm(rw));
	printf(P ": mremap it to 8 MiB: %s\n", mm(mremap(rw, MB, 8 * MB, MREMAP_MAYMOVE)));
	r.rlim_cur = 0;
	setrlimit(RLIMIT_DATA, &r);
	printf(P ": soft limit 0, hard unlimited (Valgrind): private writable 8 MiB: %s\n",
	       mm(mmap(NULL, 8 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)));
	printf(P ": done\n");
	return 0;
}
