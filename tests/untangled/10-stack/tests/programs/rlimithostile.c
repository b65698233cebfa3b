/*
 * rlimithostile: attack getrlimit, setrlimit and prlimit64 with bad
 * resources, soft above hard, bad pointers (unmapped, kernel, straddling
 * the end of a mapping), pids that do not exist, and RLIMIT_NOFILE above
 * fs.nr_open.  Each line shows the call's result and errno; it must be
 * what Linux 6.1 answers (run as root), and the program checks each
 * against the expected one and ends "rlimithostile: all as expected".
 * System calls are made directly, so that no library check intervenes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define KERNEL_ADDRESS	((void *)0xffffffff81000000UL)

static int wrong;

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	default: return strerror(e);
	}
}

static void expect(const char *what, long ret, int want)
{
	int got = ret < 0 ? errno : 0;

	printf("rlimithostile: %-44s %s%s\n", what, errname(got),
	       got == want ? "" : "  WRONG");
	wrong += got != want;
}

static long prlimit64(long pid, long resource, const void *new, void *old)
{
	return syscall(SYS_prlimit64, pid, resource, new, old);
}

int main(void)
{
	struct rlimit r, big = { 1 << 20, 1 << 20 }, one = { 2, 1 };
	struct rlimit nofile_over = { 1024, (1 << 20) + 1 }, nofile_max = { 1024, 1 << 20 };
	struct rlimit saved;
	char *page = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct rlimit *edge = (struct rlimit *)(page + 4096 - 8);
	pid_t child;

	munmap(page + 4096, 4096);	/* the page after it is a hole */
	getrlimit(RLIMIT_STACK, &saved);
	expect("prlimit64 resource 16", prlimit64(0, 16, 0, &r), EINVAL);
	expect("prlimit64 resource 0xffffffff", prlimit64(0, 0xffffffffL, 0, &r), EINVAL);
	expect("getrlimit resource 16", syscall(SYS_getrlimit, 16, &r), EINVAL);
	expect("setrlimit resource 1000", syscall(SYS_setrlimit, 1000, &big), EINVAL);
	expect("setrlimit STACK soft 2 > hard 1", syscall(SYS_setrlimit, RLIMIT_STACK, &one), EINVAL);
	expect("prlimit64 STACK soft > hard", prlimit64(0, RLIMIT_STACK, &one, 0), EINVAL);
	expect("prlimit64 new at address 1", prlimit64(0, RLIMIT_STACK, (void *)1, 0), EFAULT);
	expect("prlimit64 new in the kernel", prlimit64(0, RLIMIT_STACK, KERNEL_ADDRESS, 0), EFAULT);
	expect("prlimit64 old in the kernel", prlimit64(0, RLIMIT_STACK, 0, KERNEL_ADDRESS), EFAULT);
	expect("getrlimit into NULL", syscall(SYS_getrlimit, RLIMIT_STACK, 0), EFAULT);
	expect("setrlimit from (void *)-1", syscall(SYS_setrlimit, RLIMIT_STACK, (void *)-1L), EFAULT);
	expect("getrlimit across the end of a mapping", syscall(SYS_getrlimit, RLIMIT_STACK, edge), EFAULT);
	expect("setrlimit across the end of a mapping", syscall(SYS_setrlimit, RLIMIT_STACK, edge), EFAULT);
	expect("bad resource before bad old pointer", prlimit64(0, 99, 0, (void *)1), EINVAL);
	expect("prlimit64 STACK 1 MiB, old at address 8", prlimit64(0, RLIMIT_STACK, &big, (void *)8), EFAULT);
	getrlimit(RLIMIT_STACK, &r);
	expect(r.rlim_cur == 1 << 20 ? "... and the new limit was set" : "... and the new limit was NOT set",
	       r.rlim_cur == 1 << 20 ? 0 : (errno = EFAULT, -1), 0);
	expect("setrlimit back to the saved STACK", setrlimit(RLIMIT_STACK, &saved), 0);
	expect("prlimit64 pid 999999", prlimit64(999999, RLIMIT_STACK, 0, &r), ESRCH);
	expect("prlimit64 pid -1", prlimit64(-1, RLIMIT_STACK, 0, &r), ESRCH);
	expect("prlimit64 pid -2147483648", prlimit64(-2147483648L, RLIMIT_STACK, 0, &r), ESRCH);
	expect("prlimit64 bad new before bad pid", prlimit64(999999, RLIMIT_STACK, (void *)1, 0), EFAULT);
	expect("prlimit64 own pid, both NULL", prlimit64(getpid(), RLIMIT_STACK, 0, 0), 0);
	expect("NOFILE hard nr_open + 1", setrlimit(RLIMIT_NOFILE, &nofile_over), EPERM);
	expect("NOFILE hard nr_open", setrlimit(RLIMIT_NOFILE, &nofile_max), 0);
	r = (struct rlimit){ 0, 4096 };
	expect("CORE hard lowered to 4096", setrlimit(RLIMIT_CORE, &r), 0);
	r = (struct rlimit){ 0, RLIM_INFINITY };
	expect("CORE hard raised again (root may)", setrlimit(RLIMIT_CORE, &r), 0);
	r = (struct rlimit){ RLIM_INFINITY, 1 << 20 };
	expect("soft unlimited, hard 1 MiB", setrlimit(RLIMIT_STACK, &r), EINVAL);
	child = fork();
	if (child == 0)
		_exit(0);
	usleep(100000);
	expect("prlimit64 on an exited child (zombie)", prlimit64(child, RLIMIT_STACK, 0, &r), 0);
	waitpid(child, 0, 0);
	expect("prlimit64 on a reaped child", prlimit64(child, RLIMIT_STACK, 0, &r), ESRCH);
	printf("rlimithostile: %s\n", wrong ? "SOME ANSWERS WRONG" : "all as expected");
	return wrong != 0;
}
