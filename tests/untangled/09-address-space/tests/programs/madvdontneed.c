/* madvdontneed: MADV_DONTNEED gives the pages back (RSS drops) and they
 * come back as zeros, or from the file; MADV_FREE on anonymous memory;
 * MADV_DONTFORK keeps a VMA out of a child; the errors. */
#include "mmcommon.h"

#define MB (1UL << 20)
#define P "madvdontneed"

static int err_of(int r) { return r ? errno : 0; }

int main(void)
{
	char *a, *f, buf[PG];
	long rss0, rss1;
	int fd, status, ok = 1;
	pid_t pid;

	as_init();
	a = mmap(NULL, 4 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(a, 7, 4 * MB);
	rss0 = status_kb("VmRSS");
	expect(P, "MADV_DONTNEED on 4 MiB", madvise(a, 4 * MB, MADV_DONTNEED) == 0);
	rss1 = status_kb("VmRSS");
	/* Linux's counters lag by up to 64 events per thread: allow 256 kB */
	expect(P, "VmRSS drops by 4 MiB", labs(rss0 - rss1 - 4096) < 256);
	for (unsigned long i = 0; i < 4 * MB; i += 512)
		ok &= a[i] == 0;
	expect(P, "anonymous pages come back as zeros", ok);
	memset(buf, 'F', sizeof(buf));
	fd = open("/madv.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, buf, sizeof(buf));
	f = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	f[0] = 'x';
	expect(P, "a private file page, written", f[0] == 'x');
	madvise(f, PG, MADV_DONTNEED);
	expect(P, "comes back from the file", f[0] == 'F' && f[PG - 1] == 'F');
	a[0] = 1;
	expect(P, "MADV_FREE on anonymous memory", madvise(a, PG, MADV_FREE) == 0);
	madvise(a + MB, PG, MADV_DONTFORK);
	a[MB] = 5;
	pid = fork();
	if (!pid) {
		/* the child has no VMA there: MAP_FIXED_NOREPLACE succeeds */
		_exit(mmap(a + MB, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED_NOREPLACE, -1, 0) == a + MB ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	expect(P, "MADV_DONTFORK: the child has no such VMA", WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0);
	madvise(a + MB, PG, MADV_DOFORK);
	pid = fork();
	if (!pid)
		_exit(a[MB] == 5 ? 0 : 1);
	waitpid(pid, &status, 0);
	expect(P, "MADV_DOFORK: it has it again", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap(a + 2 * MB, PG);
	mlock(a + 3 * MB, PG);
	printf(P ": errors: %s %s %s %s %s %s %s %s %s\n",
	       errname(err_of(madvise(a, PG, 999))),
	       errname(err_of(madvise(a + 1, PG, MADV_DONTNEED))),
	       errname(err_of(madvise(a + MB, 2 * MB, MADV_DONTNEED))),
	       errname(err_of(madvise(a + 3 * MB, PG, MADV_DONTNEED))),
	       errname(err_of(madvise(f, PG, MADV_FREE))),
	       errname(err_of(madvise(a, 0, MADV_DONTNEED))),
	       errname(err_of(madvise(a, -PG, MADV_DONTNEED))),
	       errname(err_of(madvise(a, PG, MADV_RANDOM))),
	       errname(err_of(madvise((void *)0x7000000000, PG, MADV_SEQUENTIAL))));
	unlink("/madv.dat");
	printf(P ": %s\n", failures ? "FAILED" : "all as Linux");
	return 0;
}
