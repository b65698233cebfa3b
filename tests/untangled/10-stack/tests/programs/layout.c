/*
 * Where does mmap start, under a given stack limit or personality?
 * (chapter 10)  "layout MODE" sets RLIMIT_STACK (8m, 1g, unlimited) or
 * the ADDR_COMPAT_LAYOUT personality (legacy), re-executes itself, and
 * the new image prints its first mmap and its /proc/self/maps.  The
 * layout is chosen by that execve.  "layout personality" tries the
 * system call with odd values.  "layout fallback" runs with an unlimited
 * stack and asks for 32 TiB, more than lies below mmap_base: the
 * top-down search fails and the bottom-up one finds it.  Runs the same
 * on weft and Linux 6.1.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <unistd.h>

static void show(void)
{
	char line[256];
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	FILE *f = fopen("/proc/self/maps", "r");
	struct rlimit r;

	getrlimit(RLIMIT_STACK, &r);
	printf("layout: personality %#x, stack limit %ld KiB, first mmap at %p\n",
	       personality(0xffffffff), r.rlim_cur == RLIM_INFINITY ? -1L : (long)(r.rlim_cur >> 10), p);
	while (f && fgets(line, sizeof(line), f))
		fputs(line, stdout);
}

int main(int argc, char **argv)
{
	struct rlimit r;
	const char *mode = argc > 1 ? argv[1] : "";

	if (argc > 2 && !strcmp(mode, "fallback")) {
		void *big = mmap(NULL, 32UL << 40, PROT_NONE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		printf("layout: 32 TiB below an unlimited stack's mmap_base: %p\n", big);
		return 0;
	}
	if (argc > 2)
		return show(), 0;
	if (!strcmp(mode, "personality")) {
		int a = personality(0xffffffff), b = personality(0x12345678);
		int c = personality(0xffffffff), d = personality(0);

		printf("layout: personality %#x %#x %#x %#x, then %#x\n", a, b, c, d,
		       personality(0xffffffff));
		return 0;
	}
	mount("proc", "/proc", "proc", 0, NULL);
	getrlimit(RLIMIT_STACK, &r);
	if (!strcmp(mode, "legacy")) {
		if (personality(ADDR_COMPAT_LAYOUT) == -1)
			return perror("layout: personality"), 1;
	} else {
		r.rlim_cur = !strcmp(mode, "unlimited") || !strcmp(mode, "fallback") ? RLIM_INFINITY :
			     !strcmp(mode, "1g") ? 1UL << 30 : 8UL << 20;
		if (r.rlim_max != RLIM_INFINITY && r.rlim_cur > r.rlim_max)
			r.rlim_max = r.rlim_cur;
		if (setrlimit(RLIMIT_STACK, &r))
			return perror("layout: setrlimit"), 1;
	}
	execl("/proc/self/exe", argv[0], mode, "again", (char *)NULL);
	execl(argv[0], argv[0], mode, "again", (char *)NULL);
	perror("layout: execl");
	return 1;
}
