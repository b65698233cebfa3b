/* vdsohostile: attack [vvar] and [vdso]; each line says what happened. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile char *vdso, *vvar;
static int bad;

/* Move the whole [vdso] 1 MiB down: it must arrive intact, and the
 * maps line must name it at its new place (the kernel's mremap hook). */
static void move_vdso(void)
{
	char *to = (char *)vdso - 0x100000, line[256];
	FILE *f;
	long r = syscall(SYS_mremap, vdso, 8192, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, to);

	if (r != (long)to || memcmp(to, "\177ELF", 4))
		_exit(1);
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[vdso]"))
			_exit(strtoul(line, NULL, 16) == (unsigned long)to ? 0 : 2);
	_exit(3);
}

/* Run fn in a child; return the signal that killed it, or 0. */
static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return WEXITSTATUS(status) ? -WEXITSTATUS(status) : 0;
}

static void expect(const char *what, int got, int want)
{
	printf("vdsohostile: %s: %s (%d)\n", what, got == want ? "ok" : "WRONG", got);
	if (got != want)
		bad = 1;
}

static void write_vdso(void) { vdso[0] = 1; }
static void read_vvar_page2(void) { (void)vvar[4096]; }
static void read_vvar_page4(void) { (void)vvar[3 * 4096 + 100]; }
static void bad_pointer(void) { clock_gettime(CLOCK_MONOTONIC, (struct timespec *)8); }

static void child_reads_time(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) || t.tv_sec < 0)
		_exit(3);
}

/* A private copy: make [vdso] writable, change a byte, the clock still works. */
static void cow_vdso(void)
{
	struct timespec t;

	if (mprotect((void *)vdso, 8192, PROT_READ | PROT_WRITE | PROT_EXEC))
		_exit(4);
	vdso[7] = 0x55;		/* e_ident padding: harmless */
	if (vdso[7] != 0x55 || clock_gettime(CLOCK_MONOTONIC, &t))
		_exit(5);
}

/* Unmap both, then fork and exec: the new program gets its own vDSO. */
static void unmap_then_exec(void)
{
	int status;
	pid_t pid;

	if (munmap((void *)vvar, 6 * 4096))
		_exit(6);
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		_exit(7);
	execl("/proc/self/exe", "vdsohostile", "fresh", (char *)NULL);
	_exit(8);
}

static int fresh(void)
{
	struct timespec t;

	return getauxval(AT_SYSINFO_EHDR) && !clock_gettime(CLOCK_MONOTONIC, &t) ? 0 : 9;
}

int main(int argc, char **argv)
{
	int fds[2];
	long r;

	if (argc > 1 && !strcmp(argv[1], "fresh"))
		return fresh();
	vdso = (char *)getauxval(AT_SYSINFO_EHDR);
	if (!vdso)
		return printf("vdsohostile: FAILED: no vDSO\n"), 1;
	vvar = vdso - 4 * 4096;
	expect("write into [vdso]", in_child(write_vdso), SIGSEGV);
	errno = 0;
	r = mprotect((void *)vvar, 4096, PROT_READ | PROT_WRITE);
	expect("mprotect [vvar] writable", r ? errno : 0, EACCES);
	errno = 0;
	r = mprotect((void *)vvar, 4096, PROT_READ | PROT_EXEC);
	expect("mprotect [vvar] executable", r ? errno : 0, EACCES);
	expect("read the 2nd page of [vvar]", in_child(read_vvar_page2), SIGBUS);
	expect("read the 4th page of [vvar]", in_child(read_vvar_page4), SIGBUS);
	pipe(fds);
	errno = 0;
	r = write(fds[1], (const void *)(vvar + 4096), 16);
	expect("write(2) from the 2nd page of [vvar]", r < 0 ? errno : 0, EFAULT);
	r = write(fds[1], (const void *)vvar, 16);
	expect("write(2) from the data page", r == 16 ? 0 : -1, 0);
	errno = 0;
	r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)vvar);
	expect("clock_gettime(2) into [vvar]", r < 0 ? errno : 0, EFAULT);
	expect("clock_gettime with a bad pointer", in_child(bad_pointer), SIGSEGV);
	expect("a forked child reads the time", in_child(child_reads_time), 0);
	expect("mprotect [vdso] writable, write: a private copy", in_child(cow_vdso), 0);
	expect("the parent's [vdso] is unchanged", vdso[7], 0);
	expect("munmap [vvar] and [vdso], fork, exec", in_child(unmap_then_exec), 0);
	errno = 0;
	r = munmap((void *)(vvar + 4096), 4096);
	expect("munmap of one page of [vvar]", r ? errno : 0, EINVAL);
	errno = 0;
	r = mprotect((void *)vdso, 4096, PROT_READ);
	expect("mprotect of half of [vdso]", r ? errno : 0, EINVAL);
	errno = 0;
	r = (long)mmap((void *)(vvar - 4096), 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);
	expect("MAP_FIXED over the first page of [vvar]", r == -1 ? errno : 0, ENOMEM);
	errno = 0;
	r = syscall(SYS_mremap, vdso, 8192, 12288, MREMAP_MAYMOVE);
	expect("mremap to grow [vdso]", r == -1 ? errno : 0, EFAULT);
	expect("mremap [vdso] elsewhere, whole", in_child(move_vdso), 0);
	printf("vdsohostile: %s\n", bad ? "FAILED" : "all attacks handled");
	return bad;
}
