/* mmhostile: 10^5 random mmap, munmap, mprotect, mremap, madvise, mlock
 * and brk calls with wild arguments, in a child; the kernel must answer
 * each with a result or an errno, and give every page back when the
 * child exits (MemFree returns to where it was). */
#include "mmcommon.h"

#define P "mmhostile"
#define WIN 0x100000000UL	/* the window fixed mappings stay in */
#define WIN_LEN (16UL << 20)
#define NTRACK 8

static unsigned long long seed = 88172645463325252ULL;
static unsigned long tracked[NTRACK], tracked_len[NTRACK];
static int pipefd[2];
static int last_op;		/* the kind of the last call, 0..8 */

static unsigned long rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* An address: mostly pages of the window, sometimes anything. */
static unsigned long any_addr(void)
{
	static const unsigned long wild[] = {
		0, 1, 4096, 0xfff, 0x7ffffffff000, 0x800000000000, -4096UL, -1UL,
		0xffff800000000000, 0x400000, 0x10000,
	};

	switch (rnd() % 8) {
	case 0:
		return wild[rnd() % (sizeof(wild) / sizeof(wild[0]))];
	case 1:
		return WIN + rnd() % WIN_LEN;		/* unaligned */
	default:
		return WIN + (rnd() % (WIN_LEN / PG)) * PG;
	}
}

static unsigned long any_len(void)
{
	static const unsigned long wild[] = { 0, 1, -1UL, -4096UL, 1UL << 47, 1UL << 62 };

	if (rnd() % 8 == 0)
		return wild[rnd() % (sizeof(wild) / sizeof(wild[0]))];
	return (rnd() % (rnd() % 16 ? 64 : 512) + 1) * PG - (rnd() % 4 == 0 ? rnd() % PG : 0);
}

/* Keep a result that may lie outside the window, and unmap an old one. */
static void track(unsigned long addr, unsigned long len)
{
	int i = rnd() % NTRACK;

	if (addr >= WIN && addr + len <= WIN + WIN_LEN)
		return;
	if (tracked[i])
		munmap((void *)tracked[i], tracked_len[i]);
	tracked[i] = addr;
	tracked_len[i] = len;
}

/* A length that keeps [a, a + len) inside the window, unless the kernel
 * must refuse it anyway (it wraps around): the program must not unmap,
 * protect or zap its own text, heap and stack. */
static unsigned long in_window(unsigned long a, unsigned long len)
{
	if (a < WIN)
		a = WIN;
	if (a + len < a || a >= WIN + WIN_LEN)
		return len;
	return a + len > WIN + WIN_LEN ? WIN + WIN_LEN - a : len;
}

static long one_call(unsigned long brk0)
{
	unsigned long a = any_addr(), len = any_len(), r, fixed;

	switch ((last_op = rnd() % 9)) {
	case 0:
		fixed = rnd() % 2 ? MAP_FIXED : rnd() % 2 ? MAP_FIXED_NOREPLACE : 0;
		if (fixed && (a < WIN || a + len > WIN + WIN_LEN))
			fixed = 0;
		if (!fixed && len > (2UL << 20))
			len = 2UL << 20;
		r = syscall(SYS_mmap, a, len, rnd() % 16 | (rnd() % 4 == 0 ? rnd() : 0),
			    (rnd() % 4 ? MAP_PRIVATE : MAP_SHARED) | MAP_ANONYMOUS | fixed |
			    (rnd() % 2 ? MAP_POPULATE : 0) | (rnd() % 8 == 0 ? rnd() & 0x1ff00 : 0),
			    -1, rnd() % 4 ? 0 : rnd());
		if (r != -1UL && !fixed)
			track(r, len);
		return r == -1UL ? -1 : 0;
	case 1:
		return munmap((void *)(a < WIN ? WIN : a), in_window(a, len));
	case 2:
		return mprotect((void *)(a < WIN ? WIN : a), in_window(a, len),
				rnd() % 16 | (rnd() % 4 == 0 ? rnd() & 0x3000008 : 0));
	case 3:
		if (a < WIN)
			a = WIN;
		r = syscall(SYS_mremap, a, rnd() % 4 ? len : 0, any_len() % (2UL << 20),
			    rnd() % 8, WIN + (rnd() % (WIN_LEN / PG)) * PG);
		if (r != -1UL)
			track(r, 2UL << 20);
		return r == -1UL ? -1 : 0;
	case 4:
		return madvise((void *)(a < WIN ? WIN : a), in_window(a, len),
			       rnd() % 4 ? rnd() % 12 : rnd() % 200);
	case 5:
		r = rnd() % 4 ? brk0 + rnd() % (8UL << 20) : any_addr() | brk0;
		return syscall(SYS_brk, r) == (long)r ? 0 : -1;
	case 6:
		return (rnd() % 2 ? mlock : munlock)((void *)(a < WIN ? WIN : a),
						     in_window(a, len % (4UL << 20)));
	case 7:	/* a write by the kernel: copy_to_user from a pipe, EFAULT if unmapped
		 * (the byte then stays in the pipe) */
		write(pipefd[1], "x", 1);
		return read(pipefd[0], (void *)(a < WIN ? WIN : a), 1) == 1 ? 0 : -1;
	default:
		return syscall(SYS_brk, 0) > 0 ? 0 : -1;
	}
}

static long mem_free_kb(void)
{
	static char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = read(fd, buf, sizeof(buf) - 1);
	char *p;

	close(fd);
	buf[n > 0 ? n : 0] = 0;
	p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

/* Run the calls in a child, which exits: its pages must all come back. */
static int run_child(long calls)
{
	long failed = 0;
	int status;
	pid_t pid = fork();

	if (!pid) {
		unsigned long brk0 = syscall(SYS_brk, 0);

		pipe2(pipefd, O_NONBLOCK);	/* a full pipe must not block */
		long succeeded[9] = { 0 };
		int kinds = 0;

		for (long i = 0; i < calls; i++) {
			long r = one_call(brk0);

			failed += r != 0;
			succeeded[last_op] += r == 0;
		}
		for (int k = 0; k < 9; k++)
			kinds += succeeded[k] > 0;
		printf(P ": %ld calls, %ld refused with an errno\n", calls, failed);
		printf(P ": %s kind of call succeeded at least once\n",
		       kinds == 9 ? "every" : "not every");
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && !WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 100000, before, after;
	int finished;

	as_init();
	/* A first run of the same calls fills the kernel's caches of VMAs,
	 * tree nodes and files, which keep their slabs.  A leak would
	 * leak again in the second run; a cache is already full. */
	run_child(calls);
	before = mem_free_kb();
	finished = run_child(calls);
	after = mem_free_kb();
	printf(P ": the child %s\n", finished ? "finished" : "did not finish");
	printf(P ": MemFree %s (%ld kB before, %ld kB after)\n",
	       after == before ? "back to where it was" : "not back", before, after);
	return 0;
}
