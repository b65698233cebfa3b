/*
 * hostile: system calls with garbage arguments, and instructions that must
 * kill.  Every call must fail (a mismatch with Linux's error is counted, not
 * fatal); every probe must kill its child with Linux's signal.  Described in
 * chapters/06-libc.nw ("Two programs that misbehave"); run by the checks
 * "hostile" (boot) and tests/host/libc (natively on Linux).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define KERNEL_DIRECT_MAP	0xffff888000000000UL
#define KERNEL_TEXT		0xffffffff80000000UL
#define UNMAPPED		0x100000000000UL	/* 16 TiB: nothing there */
#define NON_CANONICAL		0x8000000000000000UL
#define HUGE_LENGTH		(~0UL)

static int calls, failures, mismatches;
/* page-aligned, so that buf + 1 is a misaligned address for munmap/mprotect */
static char buf[4096] __attribute__((aligned(4096)));
static long raw_syscall(long n, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, n);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	register long r10 __asm__("r10") = a[3];
	register long r8 __asm__("r8") = a[4];
	register long r9 __asm__("r9") = a[5];
	__asm__ volatile("syscall"
			 : "+a"(n)
			 : "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return n;
}

#define TRY(e1, e2, name, ...)                                              \
	expect(#name "(" #__VA_ARGS__ ")",                                  \
	       raw_syscall(SYS_##name, __VA_ARGS__, 0L, 0L, 0L, 0L, 0L, 0L), \
	       e1, e2)
static const char *error_name(long e)
{
	static const char *const names[] = {
		[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [9] = "EBADF",
		[10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM",
		[13] = "EACCES", [14] = "EFAULT", [20] = "ENOTDIR",
		[21] = "EISDIR", [22] = "EINVAL", [25] = "ENOTTY",
		[29] = "ESPIPE", [34] = "ERANGE", [38] = "ENOSYS",
	};
	static char other[16];

	if (e > 0 && e < (long)(sizeof(names) / sizeof(names[0])) && names[e])
		return names[e];
	snprintf(other, sizeof(other), "error %ld", e);
	return other;
}

/* ret outside -4095..-1 is a success, which is the kernel's failure. */
static void expect(const char *what, long ret, int e1, int e2)
{
	calls++;
	if (ret >= 0 || ret < -4095) {
		printf("hostile: %-58s = %ld: SUCCEEDED\n", what, ret);
		failures++;
	} else if (-ret != e1 && -ret != e2) {
		printf("hostile: %-58s = -%s (Linux gives %s)\n", what,
		       error_name(-ret), error_name(e1));
		mismatches++;
	} else {
		printf("hostile: %-58s = -%s\n", what, error_name(-ret));
	}
	fflush(stdout);
}
static void bad_pointers(const char *self, int file, int dir, int p[2])
{
	TRY(EFAULT, 0, read, file, KERNEL_DIRECT_MAP, 10);
	TRY(EFAULT, 0, read, file, KERNEL_TEXT, 10);
	TRY(EFAULT, 0, read, file, 0, 10);
	TRY(EFAULT, 0, read, file, UNMAPPED, 10);
	TRY(EFAULT, 0, read, file, NON_CANONICAL, 10);
	TRY(EFAULT, 0, write, p[1], KERNEL_DIRECT_MAP, 10);
	TRY(EFAULT, 0, write, p[1], KERNEL_TEXT, 10);
	TRY(EFAULT, 0, write, p[1], 0, 10);
	TRY(EFAULT, 0, write, p[1], UNMAPPED, 10);
	TRY(EFAULT, 0, open, KERNEL_DIRECT_MAP, O_RDONLY);
	TRY(EFAULT, 0, open, 0, O_RDONLY);
	TRY(EFAULT, 0, openat, AT_FDCWD, KERNEL_TEXT, O_RDONLY);
	TRY(EFAULT, 0, newfstatat, AT_FDCWD, KERNEL_DIRECT_MAP, buf, 0);
	TRY(EFAULT, 0, newfstatat, AT_FDCWD, "/", KERNEL_DIRECT_MAP, 0);
	TRY(EFAULT, 0, fstat, file, KERNEL_TEXT);
	TRY(EFAULT, 0, pipe2, KERNEL_DIRECT_MAP, 0);
	TRY(EFAULT, 0, pipe2, 0, 0);
	TRY(EFAULT, 0, uname, KERNEL_DIRECT_MAP);
	TRY(EFAULT, 0, uname, 0);
	TRY(EFAULT, 0, getcwd, KERNEL_TEXT, 4096);
	TRY(EFAULT, 0, chdir, KERNEL_DIRECT_MAP);
	TRY(EFAULT, 0, readlink, KERNEL_DIRECT_MAP, buf, 100);
	TRY(EFAULT, 0, getdents64, dir, KERNEL_DIRECT_MAP, 4096);
	TRY(EFAULT, 0, clock_gettime, 0, KERNEL_TEXT);
	TRY(EFAULT, 0, nanosleep, KERNEL_DIRECT_MAP, 0);
	TRY(EFAULT, 0, rt_sigaction, SIGUSR1, KERNEL_DIRECT_MAP, 0, 8);
	TRY(EFAULT, 0, rt_sigaction, SIGUSR1, 0, KERNEL_DIRECT_MAP, 8);
	TRY(EFAULT, 0, rt_sigprocmask, SIG_BLOCK, KERNEL_TEXT, 0, 8);
	TRY(EFAULT, 0, rt_sigprocmask, SIG_BLOCK, 0, KERNEL_TEXT, 8);
	TRY(EFAULT, 0, prlimit64, 0, 3, KERNEL_DIRECT_MAP, 0);
	TRY(EFAULT, 0, prlimit64, 0, 3, 0, KERNEL_DIRECT_MAP);
	TRY(EFAULT, 0, writev, p[1], KERNEL_DIRECT_MAP, 1);
	TRY(EFAULT, 0, execve, KERNEL_DIRECT_MAP, 0, 0);
	TRY(EFAULT, 0, execve, self, KERNEL_TEXT, 0);
}
static void bad_lengths(int file, int dir, int p[2])
{
	static long iov[2] = { (long)KERNEL_TEXT, 16 };

	TRY(EFAULT, 0, read, file, buf, HUGE_LENGTH);
	TRY(EFAULT, 0, write, p[1], buf, HUGE_LENGTH);
	TRY(EFAULT, 0, writev, p[1], iov, 1);
	TRY(EINVAL, 0, writev, p[1], iov, -1);
	TRY(EINVAL, 0, writev, p[1], iov, 100000);
	TRY(ERANGE, 0, getcwd, buf, 0);
	TRY(ERANGE, 0, getcwd, buf, 1);
	TRY(EINVAL, 0, readlink, "/", buf, 0);
	TRY(EINVAL, 0, getdents64, dir, buf, 1);
	TRY(EINVAL, 0, mmap, 0, 0, PROT_READ, 0x22, -1, 0);
	TRY(ENOMEM, 0, mmap, 0, 1UL << 62, PROT_READ, 0x22, -1, 0);
	TRY(ENOMEM, 0, mmap, KERNEL_DIRECT_MAP, 4096, PROT_READ, 0x32, -1, 0);
	TRY(EINVAL, 0, mmap, 0, 4096, PROT_READ, 0x22, -1, 123);
	TRY(EINVAL, 0, mmap, 0, 4096, PROT_READ, 0x20, -1, 0);
	TRY(EINVAL, 0, munmap, KERNEL_DIRECT_MAP, 4096);
	TRY(EINVAL, 0, munmap, buf + 1, 4096);
	TRY(EINVAL, 0, munmap, buf, 0);
	TRY(ENOMEM, 0, mprotect, KERNEL_TEXT, 4096, PROT_READ);
	TRY(ENOMEM, 0, mprotect, UNMAPPED, 4096, PROT_READ);
	TRY(EINVAL, 0, mprotect, buf + 1, 4096, PROT_READ);
}
static void bad_descriptors(int file, int p[2])
{
	TRY(EBADF, 0, read, 9999, buf, 10);
	TRY(EBADF, 0, read, -1, buf, 10);
	TRY(EBADF, 0, read, p[1], buf, 10);
	TRY(EBADF, 0, write, 9999, buf, 10);
	TRY(EBADF, 0, write, file, buf, 10);
	TRY(EBADF, 0, close, -1);
	TRY(EBADF, 0, close, 9999);
	TRY(EBADF, 0, dup, -1);
	TRY(EBADF, 0, dup2, 9999, 5);
	TRY(EBADF, 0, dup2, 0, -1);
	TRY(EINVAL, 0, dup3, 0, 0, 0);
	TRY(EBADF, 0, lseek, 9999, 0, SEEK_SET);
	TRY(EINVAL, 0, lseek, file, 0, 99);
	TRY(EINVAL, 0, lseek, file, -1000L, SEEK_SET);
	TRY(ESPIPE, 0, lseek, p[0], 0, SEEK_SET);
	TRY(EBADF, 0, fstat, 9999, buf);
	TRY(EBADF, 0, newfstatat, 9999, "", buf, AT_EMPTY_PATH);
	TRY(EBADF, 0, openat, 9999, "x", O_RDONLY);
	TRY(EBADF, 0, getdents64, 9999, buf, 4096);
	TRY(ENOTDIR, 0, getdents64, file, buf, 4096);
	TRY(EBADF, 0, ioctl, 9999, 0x5401, buf);
	TRY(ENOTTY, 0, ioctl, file, 0x5401, buf);
	TRY(ENOTTY, 0, ioctl, p[0], 0x5401, buf);
	TRY(EBADF, 0, mmap, 0, 4096, PROT_READ, 0x02, 9999, 0);
}
static void bad_numbers(int file)
{
	static long sa[4];
	long self = raw_syscall(SYS_getpid, 0L, 0L, 0L, 0L, 0L, 0L);

	TRY(EINVAL, 0, rt_sigaction, SIGKILL, sa, 0, 8);
	TRY(EINVAL, 0, rt_sigaction, 0, sa, 0, 8);
	TRY(EINVAL, 0, rt_sigaction, 65, sa, 0, 8);
	TRY(EINVAL, 0, rt_sigaction, SIGUSR1, sa, 0, 7);
	TRY(EINVAL, 0, rt_sigprocmask, 99, buf, 0, 8);
	TRY(EINVAL, 0, rt_sigprocmask, SIG_BLOCK, buf, 0, 4);
	TRY(EINVAL, 0, kill, self, 65);
	TRY(EINVAL, 0, kill, self, -1);
	TRY(ESRCH, 0, kill, 99999999, 0);
	TRY(ECHILD, 0, wait4, -1, buf, 0, 0);
	TRY(ECHILD, 0, wait4, 99999, buf, 0, 0);
	TRY(EINVAL, 0, wait4, -1, buf, 0x7000, 0);
	TRY(EINVAL, 0, clock_gettime, 12345, buf);
	TRY(EINVAL, 0, prlimit64, 0, 99, 0, buf);
	TRY(ESRCH, 0, prlimit64, 99999999, 3, 0, buf);
	TRY(EINVAL, 0, pipe2, buf, 0xffff);
	TRY(ENOENT, 0, open, "/nonexistent/hostile", O_RDONLY);
	TRY(ENOENT, 0, chdir, "/nonexistent");
	TRY(ENOENT, 0, execve, "/nonexistent", 0, 0);
	TRY(EACCES, 0, execve, "/", 0, 0);
	TRY(ENOTDIR, 0, openat, file, "x", O_RDONLY);
	TRY(EINVAL, 0, arch_prctl, 0x9999, 0);
	TRY(EPERM, 0, arch_prctl, 0x1002, KERNEL_TEXT);
	for (int i = 0; i < 4; i++) {
		static const long unknown[] = { 400, 500, 1000, -1 };
		char what[32];

		snprintf(what, sizeof(what), "syscall %ld()", unknown[i]);
		expect(what, raw_syscall(unknown[i], 0L, 0L, 0L, 0L, 0L, 0L),
		       ENOSYS, 0);
	}
}
static void read_kernel_map(void) { (void)*(volatile char *)KERNEL_DIRECT_MAP; }
static void write_kernel_map(void) { *(volatile char *)KERNEL_DIRECT_MAP = 1; }
static void read_kernel_text(void) { (void)*(volatile char *)KERNEL_TEXT; }
static void write_kernel_text(void) { *(volatile char *)KERNEL_TEXT = 1; }
static void read_null(void) { (void)*(volatile char *)0; }
static void read_non_canonical(void) { (void)*(volatile char *)NON_CANONICAL; }
static void write_own_code(void) { *(volatile char *)(void *)read_null = 0; }
static void jump_to_kernel(void) { ((void (*)(void))KERNEL_TEXT)(); }

static void jump_to_stack(void)
{
	volatile unsigned char code[16] = { 0xc3 };	/* ret */

	((void (*)(void))code)();
}

static void halt(void) { __asm__ volatile("hlt"); }
static void disable_interrupts(void) { __asm__ volatile("cli"); }
static void read_cr3(void) { long v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); }
static void port_input(void) { __asm__ volatile("inb $0x80, %%al" ::: "eax"); }
/* only the breakpoint and overflow gates are open to ring 3: #GP */
static void int_page_fault(void) { __asm__ volatile("int $14"); }
static void invalid_opcode(void) { __asm__ volatile("ud2"); }
static void breakpoint(void) { __asm__ volatile("int3"); }

static void divide_by_zero(void)
{
	__asm__ volatile("xorl %%ecx, %%ecx; divl %%ecx" ::: "eax", "ecx", "edx");
}
struct probe {
	const char *name;
	void (*fn)(void);
	int signal;
};

static const struct probe probes[] = {
	{ "read kernel direct map", read_kernel_map, SIGSEGV },
	{ "write kernel direct map", write_kernel_map, SIGSEGV },
	{ "read kernel text", read_kernel_text, SIGSEGV },
	{ "write kernel text", write_kernel_text, SIGSEGV },
	{ "read address 0", read_null, SIGSEGV },
	{ "read non-canonical address", read_non_canonical, SIGSEGV },
	{ "write own code", write_own_code, SIGSEGV },
	{ "jump to kernel text", jump_to_kernel, SIGSEGV },
	{ "execute on the stack", jump_to_stack, SIGSEGV },
	{ "hlt", halt, SIGSEGV },
	{ "cli", disable_interrupts, SIGSEGV },
	{ "mov %cr3", read_cr3, SIGSEGV },
	{ "inb $0x80", port_input, SIGSEGV },
	{ "int $14", int_page_fault, SIGSEGV },
	{ "ud2", invalid_opcode, SIGILL },
	{ "int3", breakpoint, SIGTRAP },
	{ "divide by zero", divide_by_zero, SIGFPE },
};

static void run_probe(const struct probe *pr)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		pr->fn();
		_exit(0);
	}
	calls++;
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("hostile: %-58s : cannot fork or wait\n", pr->name);
		failures++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == pr->signal) {
		printf("hostile: %-58s : killed by %s\n", pr->name,
		       strsignal(pr->signal));
	} else {
		printf("hostile: %-58s : status %#x, expected %s\n", pr->name,
		       status, strsignal(pr->signal));
		failures++;
	}
	fflush(stdout);
}
/*
 * Linux reaps the child before it finds the status pointer bad; a kernel
 * that checks first leaves a zombie: the second wait accepts both.
 */
static void wait_with_bad_status(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	if (pid < 0)
		return;
	TRY(EFAULT, 0, wait4, pid, KERNEL_DIRECT_MAP, 0, 0);
	waitpid(pid, 0, WNOHANG);
}
int main(int argc, char **argv)
{
	const char *self = argc > 0 ? argv[0] : "/bin/hostile";
	int file = open(self, O_RDONLY), dir = open("/", O_RDONLY | O_DIRECTORY);
	int p[2];

	if (file < 0 || dir < 0 || pipe(p) < 0) {
		perror("hostile: setting up");
		return 2;
	}
	bad_pointers(self, file, dir, p);
	bad_lengths(file, dir, p);
	bad_descriptors(file, p);
	bad_numbers(file);
	wait_with_bad_status();
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		run_probe(&probes[i]);
	if (mismatches)
		printf("hostile: %d calls failed with an error other than Linux's\n",
		       mismatches);
	if (failures) {
		printf("hostile: %d calls, %d FAILED\n", calls, failures);
		return 1;
	}
	printf("hostile: %d calls, all returned errors or signals\n", calls);
	return 0;
}
