/*
 * The page-fault benchmark (make bench): map MIB MiB of anonymous memory
 * (default 256), write one byte to every 4 KiB page, unmap it; five times.
 * Prints, for the best of the five runs, the nanoseconds per page of the
 * touch loop alone (one fault per page on a kernel that pages on demand)
 * and of the whole mmap + touch + munmap, and the minor faults the touch
 * loop took (getrusage; "-" where the kernel has no getrusage).
 *
 * Then the stack (chapter 10): five times, a child touches the 6 MiB below
 * its stack pointer a page at a time, downwards, as a deep recursion
 * would; almost every touch is a fault that first grows the [stack] VMA
 * (expand_stack) and then maps a page.  Prints the best of the five in
 * nanoseconds per page, on a line of its own.
 *
 * The same static binary runs on weft (through tests/boot-with) and as
 * /init of a tiny initramfs on Debian's Linux 6.1: as process 1 it brings
 * up its own console (devtmpfs) and powers the machine off at the end.
 *
 *   faultbench [MIB]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5
#define PAGE 4096UL

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long minor_faults(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : -1;
}

#define STACK_BYTES (6UL << 20)	/* below RLIMIT_STACK's 8 MiB */

/* A child touches STACK_BYTES below its stack pointer; returns the ns. */
static long long stack_touch(void)
{
	long long ns = -1;
	int fd[2];
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid == 0) {
		volatile char *sp = __builtin_frame_address(0);
		long long t1 = now_ns(), d;

		for (unsigned long off = PAGE; off <= STACK_BYTES; off += PAGE)
			sp[-(long)off] = 1;
		d = now_ns() - t1;
		_exit(write(fd[1], &d, sizeof(d)) == sizeof(d) ? 0 : 1);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &ns, sizeof(ns)) != sizeof(ns))
		ns = -1;
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return ns;
}

/* As Linux's /init: stdin, stdout and stderr on the console. */
static void init_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) != -1)
		return;
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	unsigned long len = mib << 20, pages = len / PAGE;
	long long best_touch = -1, best_whole = -1;
	long faults = -1;
	struct utsname u;
	int pid1 = getpid() == 1;

	if (pid1)
		init_console();
	uname(&u);
	for (int run = 0; run < RUNS && len; run++) {
		long long t0 = now_ns(), t1, t2, t3;
		long f0, f1;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			printf("fault-bench: mmap of %lu MiB failed\n", mib);
			break;
		}
		/* 4 KiB faults on Linux too, not 2 MiB transparent huge pages */
		madvise(p, len, MADV_NOHUGEPAGE);
		f0 = minor_faults();
		t1 = now_ns();
		for (unsigned long i = 0; i < len; i += PAGE)
			((volatile char *)p)[i] = 1;
		t2 = now_ns();
		f1 = minor_faults();
		munmap(p, len);
		t3 = now_ns();
		printf("fault-bench: run %d: touch %lld ns, whole %lld ns\n",
		       run + 1, t2 - t1, t3 - t0);
		if (best_touch < 0 || t2 - t1 < best_touch)
			best_touch = t2 - t1;
		if (best_whole < 0 || t3 - t0 < best_whole)
			best_whole = t3 - t0;
		faults = f0 < 0 || f1 < 0 ? -1 : f1 - f0;
	}
	if (best_touch >= 0) {
		char fl[32] = "-";

		if (faults >= 0)
			snprintf(fl, sizeof(fl), "%ld", faults);
		printf("fault-bench: %s %s: pages %lu touch_ns_per_page %lld.%01lld"
		       " whole_ns_per_page %lld.%01lld minflt %s\n",
		       u.sysname, u.release, pages,
		       best_touch / (long long)pages,
		       best_touch * 10 / (long long)pages % 10,
		       best_whole / (long long)pages,
		       best_whole * 10 / (long long)pages % 10, fl);
	}
	fflush(stdout);
	if (len) {
		long long best_stack = -1, ns;
		unsigned long spages = STACK_BYTES / PAGE;

		for (int run = 0; run < RUNS; run++)
			if ((ns = stack_touch()) >= 0 && (best_stack < 0 || ns < best_stack))
				best_stack = ns;
		if (best_stack >= 0)
			printf("fault-bench: %s %s: stack_pages %lu stack_ns_per_page %lld.%01lld\n",
			       u.sysname, u.release, spages, best_stack / (long long)spages,
			       best_stack * 10 / (long long)spages % 10);
		fflush(stdout);
	}
	if (pid1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return best_touch >= 0 ? 0 : 1;
}
