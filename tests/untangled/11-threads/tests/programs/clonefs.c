/* clonefs: what CLONE_FS shares, and that the resource limits are the
 * process's (shared by CLONE_THREAD).  With the flag, a thread's chdir and
 * umask are the whole process's (a relative open in the creator then
 * finds the thread's directory); without it, and across fork, they are
 * the child's own.  Then the hostile part: a process (not a thread) that
 * shares them with CLONE_FS alone, a directory removed while shared,
 * and many sharers that chdir and exit.  A thread's setrlimit limits
 * every thread; a process's (even one sharing the memory) only itself.
 * Every line ends in "ok" on
 * weft and on Linux 6.1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rawclone.h"

#define STACK (64 * 1024)
#define NO_FS (T_CLONE_VM | T_CLONE_FILES | T_CLONE_SIGHAND | T_CLONE_THREAD | \
	       T_CLONE_SYSVSEM)
static int failed;

static void check(int ok, const char *what)
{
	printf("clonefs: %s: %s\n", what, ok ? "ok" : "FAILED");
	failed |= !ok;
}

static char *stack_top;
static volatile int done;
static volatile long ret_chdir, ret_umask;
static const char *volatile target;

/* runs in the new thread: raw system calls only */
static int mover(void *arg)
{
	ret_chdir = sys3(SYS_chdir, (long)target, 0, 0);
	ret_umask = sys3(SYS_umask, (long)arg, 0, 0);
	done = 1;
	return 0;
}

static volatile long ret_limit, stop;
static volatile int tid_seen;

/* runs in a new thread or process: sets RLIMIT_NOFILE's soft limit */
static int limiter(void *arg)
{
	long r[2] = { (long)arg, 4096 };

	ret_limit = sys3(SYS_setrlimit, RLIMIT_NOFILE, (long)r, 0);
	tid_seen = sys3(SYS_gettid, 0, 0, 0);
	done = 1;
	while (!stop)
		sys3(24, 0, 0, 0);
	return 0;
}

static long nofile(void)
{
	struct rlimit r;

	return getrlimit(RLIMIT_NOFILE, &r) ? -1 : (long)r.rlim_cur;
}

/* start mover with flags, wait until it has done its work and gone */
static void run_mover(unsigned long flags, const char *dir, long mask)
{
	static int ctid;

	done = 0;
	target = dir;
	ctid = 1;
	if (raw_clone(flags | T_CLONE_CHILD_CLEARTID, stack_top, NULL, &ctid, 0,
		      mover, (void *)mask) < 0) {
		perror("clone");
		exit(2);
	}
	yield_until(&done, 1);
	yield_until(&ctid, 0);	/* the kernel clears it when the thread is gone */
}

static int cwd_is(const char *want)
{
	char buf[256];

	return getcwd(buf, sizeof(buf)) && !strcmp(buf, want);
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

int main(void)
{
	char *s = mmap(NULL, STACK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	int fd, i, ok;
	pid_t pid;

	if (s == MAP_FAILED)
		return 2;
	stack_top = s + STACK;
	mkdir("/cfs", 0755);
	mkdir("/cfs/a", 0755);
	mkdir("/cfs/b", 0755);
	close(open("/cfs/a/only-in-a", O_CREAT | O_WRONLY, 0644));
	if (chdir("/cfs"))
		return 2;
	umask(022);

	run_mover(T_THREAD_FLAGS, "/cfs/a", 077);
	check(ret_chdir == 0 && ret_umask == 022, "the thread's chdir and umask succeed");
	check(cwd_is("/cfs/a"), "with CLONE_FS the thread's chdir moves the creator");
	check(current_umask() == 077, "with CLONE_FS the thread's umask is the creator's");
	fd = open("only-in-a", O_RDONLY);
	check(fd >= 0, "a relative open in the creator starts in the thread's directory");
	close(fd);
	fd = open("/cfs/new", O_CREAT | O_WRONLY, 0666);
	{
		struct stat st;

		check(fd >= 0 && !fstat(fd, &st) && (st.st_mode & 0777) == 0600,
		      "a file the creator makes gets the thread's umask (0600)");
	}
	close(fd);
	unlink("/cfs/new");

	if (chdir("/cfs"))
		return 2;
	umask(022);
	run_mover(NO_FS, "/cfs/b", 077);
	check(ret_chdir == 0 && ret_umask == 022, "without CLONE_FS the thread starts with a copy");
	check(cwd_is("/cfs"), "without CLONE_FS the creator stays where it was");
	check(current_umask() == 022, "without CLONE_FS the creator's umask is unchanged");

	pid = fork();
	if (pid == 0) {
		umask(0);
		_exit(chdir("/cfs/b") ? 1 : 0);
	}
	waitpid(pid, NULL, 0);
	check(cwd_is("/cfs") && current_umask() == 022, "a forked child's chdir and umask are its own");

	/* a process, not a thread, that shares only the fs_struct */
	pid = clone_like_fork(T_CLONE_FS | SIGCHLD, NULL, NULL, 0);
	if (pid == 0) {
		umask(07);
		_exit(chdir("/cfs/b") ? 1 : 0);
	}
	if (pid < 0)
		return 2;
	ok = 0;
	waitpid(pid, &ok, 0);
	check(WIFEXITED(ok) && !WEXITSTATUS(ok) && cwd_is("/cfs/b") && current_umask() == 07,
	      "CLONE_FS alone: a child process moves its parent");

	/* the shared directory is removed by a sharer, which then exits */
	mkdir("/cfs/gone", 0755);
	run_mover(T_THREAD_FLAGS, "/cfs/gone", 022);
	rmdir("/cfs/gone");
	errno = 0;
	check(!getcwd((char[64]){ 0 }, 64) && errno == ENOENT,
	      "the sharers' removed directory: getcwd is ENOENT");
	check(!stat(".", &(struct stat){ 0 }), "the sharers still hold it: stat(\".\") works");
	check(!chdir("/cfs"), "chdir out of it works");

	/* many sharers that chdir and end; and a few that copy */
	ok = 1;
	for (i = 0; i < 300; i++) {
		run_mover(i % 3 ? T_THREAD_FLAGS : NO_FS, i & 1 ? "/cfs/a" : "/cfs/b", 022);
		ok &= ret_chdir == 0;
	}
	check(ok && cwd_is("/cfs/a"), "300 threads chdir and end; the last sharer's directory stays");
	run_mover(T_THREAD_FLAGS, "/no/such/dir", 022);
	check(ret_chdir == -ENOENT && cwd_is("/cfs/a"), "a failed chdir in a thread moves nobody");
	run_mover(T_THREAD_FLAGS, (const char *)1, 022);
	check(ret_chdir == -EFAULT && cwd_is("/cfs/a"), "a bad pointer to chdir is EFAULT");

	/* resource limits */
	{
		static int ctid;
		struct rlimit r = { 1024, 4096 };

		setrlimit(RLIMIT_NOFILE, &r);
		done = stop = 0;
		ctid = 1;
		if (raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID, stack_top, NULL, &ctid, 0,
			      limiter, (void *)100) < 0)
			return 2;
		yield_until(&done, 1);
		check(ret_limit == 0 && nofile() == 100, "a thread's setrlimit limits its creator");
		r.rlim_cur = 200;
		check(!syscall(SYS_prlimit64, tid_seen, RLIMIT_NOFILE, &r, NULL) && nofile() == 200,
		      "prlimit64 on a thread's id sets the process's limit");
		r.rlim_max = 1 << 30;
		check(syscall(SYS_prlimit64, tid_seen, RLIMIT_NOFILE, &r, NULL) < 0 && errno == EPERM &&
		      nofile() == 200, "a hard limit above nr_open: EPERM, nothing changed");
		check(syscall(SYS_prlimit64, tid_seen, RLIM_NLIMITS, NULL, NULL) < 0 && errno == EINVAL,
		      "prlimit64 of resource 16: EINVAL");
		stop = 1;
		yield_until(&ctid, 0);

		done = stop = 0;
		pid = raw_clone(T_CLONE_VM | SIGCHLD, stack_top, NULL, NULL, 0, limiter, (void *)300);
		if (pid < 0)
			return 2;
		yield_until(&done, 1);
		stop = 1;
		waitpid(pid, NULL, 0);
		check(ret_limit == 0 && nofile() == 200,
		      "CLONE_VM without CLONE_THREAD: the child's setrlimit is its own");
	}
	printf("clonefs: %s\n", failed ? "FAILED" : "all as Linux");
	return failed;
}
