/*
 * Attacks on stack growth (chapter 10): how far does the stack grow
 * towards a mapping below it?  Each test runs in a child that records
 * the deepest page it reached in a shared page and dies of SIGSEGV; the
 * parent prints where the stack stopped, relative to the mapping.  Runs the
 * same on weft and on Linux 6.1 (tests/compare).
 *
 *   stackgap fixed KIB      PROT_READ|PROT_WRITE page KIB below the stack
 *   stackgap none KIB       the same with a PROT_NONE page
 *   stackgap low            a MAP_GROWSDOWN mapping at 0x20000 grows to 0
 *   stackgap jump           touches 4 MiB, then 9 MiB, below the stack
 *   stackgap syscall        read() into the stack 1 MiB below its start
 *   stackgap place          mmap after a MAP_GROWSDOWN mapping keeps its gap
 *   stackgap hint           mmap hints inside and just outside the stack's gap
 *   stackgap limits         RLIMIT_STACK lowered to 1 MiB, RLIMIT_AS at VmSize
 *   stackgap mlock          a locked stack under RLIMIT_MEMLOCK = VmLck + 256 KiB
 *                           (root's CAP_IPC_LOCK lifts it: RLIMIT_STACK stops it)
 *   stackgap all            all of them (fixed 512, fixed 2048, none 256, ...)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define KIB 1024UL
static volatile unsigned long *lowest;	/* shared with the parent */

static unsigned long stack_end;

static unsigned long stack_start(void)
{
	char line[256];
	unsigned long start = 0, end = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]"))
			sscanf(line, "%lx-%lx", &start, &end);
	stack_end = end;
	if (f)
		fclose(f);
	return start;
}

/*
 * Touch the pages below the stack one by one, as a recursion would, but
 * page by page: the deepest page reached is then exact, whatever the
 * size of a frame.  Linux 6.1 grows the stack for a touch anywhere below
 * it, not only near %rsp.
 */
static void touch_down(unsigned long start)
{
	*lowest = start;	/* the stack's lowest page so far */
	for (unsigned long x = start - 4096; x; x -= 4096) {
		*(volatile char *)x = 1;
		*lowest = x;
	}
}

static const char *death(int status)
{
	static char s[32];

	if (WIFSIGNALED(status))
		snprintf(s, sizeof(s), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(s, sizeof(s), "exit %d", WEXITSTATUS(status));
	return s;
}

/* Run fn in a child; print how it ended. */
static void in_child(const char *what, void (*fn)(unsigned long), unsigned long arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("stackgap: %s: %s\n", what, death(status));
}

static void below(unsigned long kib, int prot)
{
	unsigned long end = stack_start() - kib * KIB;
	void *p = mmap((void *)(end - 4096), 4096, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p == MAP_FAILED) {
		perror("stackgap: mmap");
		_exit(2);
	}
	lowest[1] = end;
	touch_down(stack_start());
}

static void below_rw(unsigned long kib) { below(kib, PROT_READ | PROT_WRITE); }
static void below_none(unsigned long kib) { below(kib, PROT_NONE); }

static void report_gap(const char *mode, unsigned long kib)
{
	unsigned long page = *lowest & ~4095UL;

	printf("stackgap: %s mapping %lu KiB below the stack: the stack stopped %ld KiB above it\n",
	       mode, kib, ((long)page - (long)lowest[1]) / 1024);
}

static void low(unsigned long unused)
{
	unsigned long a = 0x20000;
	char *p = mmap((void *)a, 4 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);

	(void)unused;
	if (p == MAP_FAILED) {
		perror("stackgap: mmap");
		_exit(2);
	}
	for (unsigned long x = a - 1; x; x -= 4096) {
		*(volatile char *)x = 1;
		*lowest = x & ~4095UL;
	}
	_exit(0);
}

static void jump(unsigned long mib)
{
	unsigned long top = (stack_start(), stack_end);

	*(volatile char *)(top - mib * 1024 * KIB) = 1;
	*lowest = top - mib * 1024 * KIB;
}

static void syscall_below(unsigned long unused)
{
	int fd[2];
	char *dst = (char *)(stack_start() - 1024 * KIB);

	(void)unused;
	if (pipe(fd) || write(fd[1], "hello", 5) != 5)
		_exit(2);
	printf("stackgap: read into the stack 1 MiB below its start: %zd bytes, \"%.5s\"\n",
	       read(fd[0], dst, 5), dst);
	fflush(stdout);
}

static void place(void)
{
	char *g = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("stackgap: mmap below a MAP_GROWSDOWN mapping: %ld KiB between them\n",
	       (long)(g - (q + 4096)) / 1024);
}

static void hint(void)
{
	unsigned long start = stack_start();

	for (unsigned long kib = 512; kib <= 1028; kib += 516) {
		char *want = (char *)(start - kib * KIB);
		char *p = mmap(want, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		printf("stackgap: a hint %lu KiB below the stack: %s\n", kib,
		       p == want ? "taken" : "ignored");
		munmap(p, 4096);
	}
}

/* Lower a limit to value (0: the current VmSize), then touch down. */
static void limited(unsigned long resource)
{
	struct rlimit r;
	unsigned long start = stack_start();

	getrlimit(resource, &r);
	if (resource == RLIMIT_STACK) {
		r.rlim_cur = 1024 * KIB;
	} else {
		FILE *f = fopen("/proc/self/status", "r");
		char line[128];

		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "VmSize: %lu", &r.rlim_cur) == 1)
				r.rlim_cur *= KIB;
		if (f)
			fclose(f);
	}
	if (setrlimit(resource, &r))
		_exit(2);
	touch_down(start);
}

static void locked(unsigned long unused)
{
	struct rlimit r;
	unsigned long start = stack_start();
	FILE *f;
	char line[128];

	(void)unused;
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		_exit(2);
	f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %lu", &r.rlim_cur) == 1)
			r.rlim_cur = (r.rlim_cur + 256) * KIB;
	if (f)
		fclose(f);
	r.rlim_max = r.rlim_cur;
	if (setrlimit(RLIMIT_MEMLOCK, &r))
		_exit(3);
	touch_down(start);
}

static void report_size(const char *what)
{
	printf("stackgap: %s: the stack stopped at %lu KiB\n", what,
	       (stack_end - *lowest) / KIB);
}

static int run(const char *mode, unsigned long kib)
{
	if (!strcmp(mode, "fixed") || !strcmp(mode, "none")) {
		in_child(mode, mode[0] == 'f' ? below_rw : below_none, kib);
		report_gap(mode[0] == 'f' ? "a PROT_READ|PROT_WRITE" : "a PROT_NONE", kib);
	} else if (!strcmp(mode, "low")) {
		in_child("MAP_GROWSDOWN at 0x20000 touched down to 0", low, 0);
		printf("stackgap: it grew down to %#lx\n", *lowest);
	} else if (!strcmp(mode, "jump")) {
		in_child("a touch 4 MiB below the top of the stack", jump, 4);
		in_child("a touch 9 MiB below the top of the stack", jump, 9);
	} else if (!strcmp(mode, "syscall")) {
		in_child("the read", syscall_below, 0);
	} else if (!strcmp(mode, "place")) {
		place();
	} else if (!strcmp(mode, "hint")) {
		hint();
	} else if (!strcmp(mode, "limits")) {
		stack_start();
		in_child("RLIMIT_STACK lowered to 1 MiB", limited, RLIMIT_STACK);
		report_size("RLIMIT_STACK 1 MiB");
		in_child("RLIMIT_AS at VmSize", limited, RLIMIT_AS);
		report_size("RLIMIT_AS at VmSize");
	} else if (!strcmp(mode, "mlock")) {
		stack_start();
		in_child("a locked stack", locked, 0);
		printf("stackgap: RLIMIT_MEMLOCK 256 KiB above VmLck: the stack grew by %lu KiB\n",
		       (stack_end - *lowest) / KIB - 132);
	} else {
		fprintf(stderr, "usage: stackgap fixed|none KIB | low | jump | syscall | place | hint | limits | mlock | all\n");
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	mount("proc", "/proc", "proc", 0, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	lowest = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (strcmp(mode, "all"))
		return run(mode, argc > 2 ? strtoul(argv[2], NULL, 0) : 0);
	return run("fixed", 512) | run("fixed", 2048) | run("none", 256) | run("low", 0) |
	       run("jump", 0) | run("syscall", 0) | run("place", 0) |
	       run("hint", 0) | run("limits", 0) | run("mlock", 0);
}
