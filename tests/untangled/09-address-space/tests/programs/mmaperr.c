/* mmaperr: about sixty mmap calls with good and bad arguments, one line
 * each, so that weft's answers can be compared with Linux's line by line.
 * Files are opened as root; then the program drops to an ordinary user
 * (on Linux; weft has no users and refuses setuid), so that both kernels
 * answer as for an unprivileged process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096UL
#define TASK_SIZE_MAX ((1UL << 47) - PG)

static const char *errname(long e)
{
	static const char *names[] = {
		[EPERM] = "EPERM", [EBADF] = "EBADF", [ENOMEM] = "ENOMEM",
		[EACCES] = "EACCES", [EFAULT] = "EFAULT", [EEXIST] = "EEXIST",
		[ENODEV] = "ENODEV", [EINVAL] = "EINVAL", [EAGAIN] = "EAGAIN",
		[EOVERFLOW] = "EOVERFLOW", [EOPNOTSUPP] = "EOPNOTSUPP",
		[ETXTBSY] = "ETXTBSY", [ENOSYS] = "ENOSYS",
	};
	static char buf[24];

	if (e > 0 && e < (long)(sizeof(names) / sizeof(names[0])) && names[e])
		return names[e];
	snprintf(buf, sizeof(buf), "errno %ld", e);
	return buf;
}

static int n;

/* VmSize of /proc/self/status, in bytes */
static unsigned long vm_size(void)
{
	char line[128];
	unsigned long kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmSize:", 7))
			kb = strtoul(line + 7, NULL, 10);
	if (f)
		fclose(f);
	return kb << 10;
}

/* One call; where it lands is printed only relative to the hint. */
static unsigned long try(const char *what, unsigned long addr, unsigned long len,
			 unsigned long prot, unsigned long flags, long fd, unsigned long off)
{
	long r = syscall(SYS_mmap, addr, len, prot, flags, fd, off);

	if (r < 0 && r > -4096)		/* never: the wrapper returns -1 */
		r = -1;
	if (r == -1) {
		printf("mmaperr: %02d %s: %s\n", ++n, what, errname(errno));
		return 0;
	}
	printf("mmaperr: %02d %s: ok%s\n", ++n, what,
	       addr && (unsigned long)r == ((addr + PG - 1) & ~(PG - 1)) ? " at the hint" :
	       r == 0x10000 ? " at mmap_min_addr" : "");
	return r;
}

static void done(unsigned long a, unsigned long len)
{
	if (a)
		munmap((void *)a, len);
}

#define T(what, addr, len, ...) done(try(what, addr, len, __VA_ARGS__), len)

int main(int argc, char **argv)
{
	int ro = open(argv[0], O_RDONLY);
	int rw = open("/mmaperr.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int wo = open("/mmaperr.dat", O_WRONLY);
	int dir = open("/", O_RDONLY);
	int maps;
	int closed = open(argv[0], O_RDONLY);
	int pipefd[2];
	unsigned long a, b, anon = MAP_PRIVATE | MAP_ANONYMOUS, rwp = PROT_READ | PROT_WRITE;
	struct rlimit old, lim;

	(void)argc;
	if (getpid() == 1)	/* as /init on Linux */
		mount("proc", "/proc", "proc", 0, NULL);
	maps = open("/proc/self/maps", O_RDONLY);
	if (ro < 0 || rw < 0 || wo < 0 || dir < 0 || maps < 0 || pipe(pipefd)) {
		printf("mmaperr: cannot open the files: FAILED\n");
		return 1;
	}
	close(closed);
	ftruncate(rw, 16 * PG);
	if (setuid(65534) == 0)
		printf("mmaperr: running as uid 65534\n");

	/* lengths */
	T("len 0", 0, 0, rwp, anon, -1, 0);
	T("len -1", 0, -1UL, rwp, anon, -1, 0);
	T("len 2^47", 0, 1UL << 47, PROT_NONE, anon, -1, 0);
	T("len 1 TiB writable", 0, 1UL << 40, rwp, anon, -1, 0);
	done(try("len 1 TiB PROT_NONE", 0, 1UL << 40, PROT_NONE, anon, -1, 0), 1UL << 40);
	done(try("len 1 TiB MAP_NORESERVE", 0, 1UL << 40, rwp, anon | MAP_NORESERVE, -1, 0),
	     1UL << 40);
	a = try("len 64 TiB PROT_NONE", 0, 1UL << 46, PROT_NONE, anon, -1, 0);
	T("a second 64 TiB: no room", 0, 1UL << 46, PROT_NONE, anon, -1, 0);
	done(a, 1UL << 46);

	/* the type */
	T("type 0", 0, PG, rwp, MAP_ANONYMOUS, -1, 0);
	T("type 0xf", 0, PG, rwp, MAP_ANONYMOUS | 0xf, -1, 0);
	T("anonymous MAP_SHARED_VALIDATE", 0, PG, rwp, MAP_ANONYMOUS | MAP_SHARED_VALIDATE, -1, 0);
	T("anonymous MAP_SHARED", 0, PG, rwp, MAP_ANONYMOUS | MAP_SHARED, -1, 0);
	T("unknown flag 0x200000, private", 0, PG, rwp, anon | 0x200000, -1, 0);
	T("file MAP_SHARED with unknown flag", 0, PG, PROT_READ, MAP_SHARED | 0x200000, rw, 0);
	T("file MAP_SHARED_VALIDATE", 0, PG, PROT_READ, MAP_SHARED_VALIDATE, rw, 0);
	T("file MAP_SHARED_VALIDATE, unknown flag", 0, PG, PROT_READ,
	  MAP_SHARED_VALIDATE | 0x200000, rw, 0);
	T("file MAP_SHARED_VALIDATE|MAP_SYNC", 0, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x80000,
	  rw, 0);
	T("file MAP_SHARED_VALIDATE|MAP_FIXED_NOREPLACE", 0x300000000, PG, PROT_READ,
	  MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE, rw, 0);
	T("file MAP_PRIVATE, unknown flag", 0, PG, PROT_READ, MAP_PRIVATE | 0x200000, rw, 0);

	/* protections */
	T("PROT_NONE", 0, PG, PROT_NONE, anon, -1, 0);
	T("PROT_WRITE only", 0, PG, PROT_WRITE, anon, -1, 0);
	T("PROT_EXEC only", 0, PG, PROT_EXEC, anon, -1, 0);
	T("prot 0x8 (PROT_SEM)", 0, PG, 8, anon, -1, 0);
	T("PROT_GROWSDOWN", 0, PG, rwp | PROT_GROWSDOWN, anon, -1, 0);
	T("prot -1", 0, PG, -1UL, anon, -1, 0);

	/* addresses */
	T("MAP_FIXED unaligned", 0x300000123, PG, rwp, anon | MAP_FIXED, -1, 0);
	T("MAP_FIXED at 0", 0, PG, rwp, anon | MAP_FIXED, -1, 0);
	T("MAP_FIXED at 0x1000 (below mmap_min_addr)", 0x1000, PG, rwp, anon | MAP_FIXED, -1, 0);
	T("MAP_FIXED at 0x10000", 0x10000, PG, rwp, anon | MAP_FIXED, -1, 0);
	T("MAP_FIXED ending past user space", TASK_SIZE_MAX - PG, 2 * PG, rwp, anon | MAP_FIXED,
	  -1, 0);
	T("MAP_FIXED_NOREPLACE on the stack", TASK_SIZE_MAX - PG, PG, rwp, anon | MAP_FIXED_NOREPLACE, -1, 0);
	T("MAP_FIXED in the kernel half", 0xffff800000000000, PG, rwp, anon | MAP_FIXED, -1, 0);
	T("MAP_FIXED wrapping around", 0x7fff00000000, -PG, rwp, anon | MAP_FIXED, -1, 0);
	a = try("MAP_FIXED_NOREPLACE on a hole", 0x300000000, 4 * PG, rwp,
		anon | MAP_FIXED_NOREPLACE, -1, 0);
	T("MAP_FIXED_NOREPLACE on it", 0x300000000, PG, rwp, anon | MAP_FIXED_NOREPLACE, -1, 0);
	T("MAP_FIXED_NOREPLACE overlapping its end", 0x300003000, 2 * PG, rwp,
	  anon | MAP_FIXED_NOREPLACE, -1, 0);
	T("MAP_FIXED_NOREPLACE unaligned", 0x300000123, PG, rwp, anon | MAP_FIXED_NOREPLACE, -1, 0);
	try("MAP_FIXED over it", 0x300001000, PG, PROT_READ, anon | MAP_FIXED, -1, 0);
	T("a hint inside it", 0x300000000, PG, rwp, anon, -1, 0);
	done(a, 4 * PG);
	T("an unaligned free hint", 0x300000123, PG, rwp, anon, -1, 0);
	T("a hint below mmap_min_addr", 0x1000, PG, rwp, anon, -1, 0);
	T("a hint too high", TASK_SIZE_MAX - PG, 2 * PG, rwp, anon, -1, 0);
	T("a hint in the kernel half", 0xffff800000000000, PG, rwp, anon, -1, 0);

	/* other flags */
	T("MAP_GROWSDOWN", 0, 16 * PG, rwp, anon | MAP_GROWSDOWN, -1, 0);
	T("MAP_GROWSDOWN shared", 0, PG, rwp, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	T("MAP_GROWSDOWN on a file", 0, PG, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, ro, 0);
	T("MAP_STACK", 0, 16 * PG, rwp, anon | MAP_STACK, -1, 0);
	T("MAP_POPULATE", 0, 16 * PG, rwp, anon | MAP_POPULATE, -1, 0);
	T("MAP_LOCKED", 0, 16 * PG, rwp, anon | MAP_LOCKED, -1, 0);

	/* files and descriptors */
	T("fd -1", 0, PG, PROT_READ, MAP_PRIVATE, -1, 0);
	T("fd 999", 0, PG, PROT_READ, MAP_PRIVATE, 999, 0);
	T("a closed fd", 0, PG, PROT_READ, MAP_PRIVATE, closed, 0);
	T("fd 999 with MAP_ANONYMOUS", 0, PG, rwp, anon, 999, 0);
	T("offset unaligned", 0, PG, PROT_READ, MAP_PRIVATE, rw, 123);
	T("anonymous, offset unaligned", 0, PG, rwp, anon, -1, 123);
	T("anonymous, offset near 2^64", 0, 2 * PG, rwp, anon, -1, -PG);
	T("file, offset near 2^64", 0, 2 * PG, PROT_READ, MAP_PRIVATE, rw, -PG);
	T("file, offset 2^63 - 1 page", 0, 2 * PG, PROT_READ, MAP_PRIVATE, rw,
	  (1UL << 63) - PG);
	T("file, offset past its end", 0, PG, PROT_READ, MAP_PRIVATE, rw, 1024 * PG);
	T("read-only file, private writable", 0, PG, rwp, MAP_PRIVATE, ro, 0);
	T("read-only file, shared readable", 0, PG, PROT_READ, MAP_SHARED, ro, 0);
	T("read-only file, shared writable", 0, PG, rwp, MAP_SHARED, ro, 0);
	T("write-only file, private", 0, PG, PROT_READ, MAP_PRIVATE, wo, 0);
	T("write-only file, shared", 0, PG, PROT_WRITE, MAP_SHARED, wo, 0);
	T("read-write file, shared writable", 0, PG, rwp, MAP_SHARED, rw, 0);
	T("a directory", 0, PG, PROT_READ, MAP_PRIVATE, dir, 0);
	T("/proc/self/maps", 0, PG, PROT_READ, MAP_PRIVATE, maps, 0);
	T("a pipe", 0, PG, PROT_READ, MAP_PRIVATE, pipefd[0], 0);
	a = try("read-only file, shared readable, kept", 0, PG, PROT_READ, MAP_SHARED, ro, 0);
	printf("mmaperr: %02d then mprotect PROT_WRITE: %s\n", ++n,
	       mprotect((void *)a, PG, rwp) ? errname(errno) : "ok");
	printf("mmaperr: %02d then mprotect PROT_EXEC: %s\n", ++n,
	       mprotect((void *)a, PG, PROT_READ | PROT_EXEC) ? errname(errno) : "ok");
	done(a, PG);

	/* the limits: the soft limits only, the hard ones stay unlimited */
	getrlimit(RLIMIT_AS, &old);
	lim = old;
	a = try("a 1 MiB mapping to replace", 0, 256 * PG, rwp, anon, -1, 0);
	lim.rlim_cur = 64UL << 20;	/* VmSize is a few MiB */
	setrlimit(RLIMIT_AS, &lim);
	T("RLIMIT_AS 64 MiB, mmap 128 MiB", 0, 128UL << 20, PROT_NONE, anon, -1, 0);
	b = try("RLIMIT_AS 64 MiB, mmap 16 MiB", 0, 16UL << 20, PROT_NONE, anon, -1, 0);
	lim.rlim_cur = vm_size();
	setrlimit(RLIMIT_AS, &lim);
	T("RLIMIT_AS = VmSize, mmap a page", 0, PG, rwp, anon, -1, 0);
	T("RLIMIT_AS = VmSize, MAP_FIXED over 1 MiB", a, 256 * PG, PROT_READ, anon | MAP_FIXED,
	  -1, 0);
	try("RLIMIT_AS = VmSize, MAP_FIXED over 1 MiB and a page", a, 257 * PG, PROT_READ,
	    anon | MAP_FIXED, -1, 0);
	setrlimit(RLIMIT_AS, &old);
	done(a, 257 * PG);
	done(b, 16UL << 20);
	getrlimit(RLIMIT_DATA, &old);
	lim = old;
	lim.rlim_cur = 1UL << 20;
	setrlimit(RLIMIT_DATA, &lim);
	T("RLIMIT_DATA 1 MiB, private writable 2 MiB", 0, 2UL << 20, rwp, anon, -1, 0);
	T("RLIMIT_DATA 1 MiB, private read-only 2 MiB", 0, 2UL << 20, PROT_READ, anon, -1, 0);
	T("RLIMIT_DATA 1 MiB, shared writable 2 MiB", 0, 2UL << 20, rwp,
	  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	T("RLIMIT_DATA 1 MiB, private writable MAP_GROWSDOWN 2 MiB", 0, 2UL << 20, rwp,
	  anon | MAP_GROWSDOWN, -1, 0);
	lim.rlim_cur = 0;
	setrlimit(RLIMIT_DATA, &lim);
	T("RLIMIT_DATA 0 (hard unlimited), private writable 2 MiB", 0, 2UL << 20, rwp, anon, -1, 0);
	setrlimit(RLIMIT_DATA, &old);

	/* the map count: one-page mappings, alternately readable and not so
	 * that they cannot merge, until mmap refuses one */
	{
		static unsigned long pages[70000];
		long k = 0, err = 0;

		while (k < 70000) {
			long r = syscall(SYS_mmap, 0, PG, k % 2 ? PROT_READ : PROT_NONE, anon, -1, 0);

			if (r == -1) {
				err = errno;
				break;
			}
			pages[k++] = r;
		}
		printf("mmaperr: %02d one-page mappings until refused: %s after %s 65530 VMAs\n",
		       ++n, errname(err), k > 65400 && k < 65530 ? "about" : "not about");
		while (k > 0)
			munmap((void *)pages[--k], PG);
	}
	unlink("/mmaperr.dat");
	printf("mmaperr: done, %d calls\n", n);
	return 0;
}
