/* threads: what clone's sharing flags and thread groups do, with raw
 * clone calls and no thread library.  Prints one line per fact; every
 * line ends in "ok" on weft and on Linux 6.1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "rawclone.h"

#define STACK (64 * 1024)
static int failed;

static void check(int ok, const char *what)
{
	printf("threads: %s: %s\n", what, ok ? "ok" : "FAILED");
	failed |= !ok;
}

static void *new_stack(void)
{
	char *s = mmap(NULL, STACK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (s == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return s + STACK;
}

static volatile int shared_word, done, tid_seen, pid_seen, ppid_seen, dupfd = -1;

static int sharer(void *arg)
{
	(void)arg;
	shared_word = 42;
	tid_seen = sys3(SYS_gettid, 0, 0, 0);
	pid_seen = sys3(SYS_getpid, 0, 0, 0);
	ppid_seen = sys3(SYS_getppid, 0, 0, 0);
	dupfd = sys3(SYS_dup, 1, 0, 0);
	done = 1;
	return 0;
}

static volatile int spin_count, stop;

static int spinner(void *arg)
{
	(void)arg;
	while (!stop) {
		spin_count++;
		sys3(SYS_sched_yield, 0, 0, 0);
	}
	return 0;
}

static int thread_exits(void *arg)
{
	(void)arg;
	return 0;		/* SYS_exit: this thread only */
}

static void test_sharing(void)
{
	int ctid = 1, ptid = 0;
	long tid = raw_clone(T_THREAD_FLAGS | T_CLONE_PARENT_SETTID | T_CLONE_CHILD_CLEARTID,
			     new_stack(), &ptid, &ctid, 0, sharer, NULL);

	check(tid > 0, "clone with the flags of pthread_create");
	yield_until(&done, 1);
	check(shared_word == 42, "the thread's store is seen by its creator");
	check(tid_seen == tid && ptid == tid, "its gettid is the id clone returned");
	check(pid_seen == getpid() && tid_seen != getpid(), "getpid is the group's, gettid its own");
	check(ppid_seen == getppid(), "getppid is the process's parent");
	check(dupfd > 2 && fcntl(dupfd, F_GETFD) >= 0, "a descriptor it opens is the process's");
	yield_until(&ctid, 0);
	check(1, "its exit clears the clear_child_tid word");
}

static void test_one_exits(void)
{
	int ctid = 1, before;

	raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, spinner, NULL);
	raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID, new_stack(), NULL, &ctid, 0,
		  thread_exits, NULL);
	yield_until(&ctid, 0);
	before = spin_count;
	while (spin_count < before + 10)
		sched_yield();
	check(1, "one thread's exit leaves the others running");
	stop = 1;
}

static int group_exiter(void *arg)
{
	sys3(SYS_exit_group, (long)arg, 0, 0);
	return 99;
}

static int sleeper(void *arg)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	sys3(SYS_nanosleep, (long)&ts, 0, 0);
	sys3(SYS_write, (long)arg, (long)"x", 1);
	return 5;
}

static void test_group_exit(void)
{
	int status, fds[2];
	char c;
	pid_t pid = fork();

	if (pid == 0) {		/* a process of three threads; one calls exit_group(7) */
		stop = 0;
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, spinner, NULL);
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, group_exiter, (void *)7);
		for (;;)
			sched_yield();
	}
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7,
	      "exit_group in a thread ends the process with its status");

	pipe(fds);
	pid = fork();
	if (pid == 0) {		/* the leader exits first with 3, a thread later with 5 */
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, sleeper, (void *)(long)fds[1]);
		syscall(SYS_exit, 3);
	}
	close(fds[1]);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 5,
	      "a leader that exits first: the status is the last thread's");
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	check(read(fds[0], &c, 1) == 1, "wait4 returns only after the last thread");
	close(fds[0]);

	pid = fork();
	if (pid == 0) {		/* a thread dies of a signal: the process does */
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, spinner, NULL);
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, (int (*)(void *))(void *)8, NULL);
		for (;;)
			sched_yield();
	}
	check(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "a thread's SIGSEGV kills the whole process");
}

static volatile int forked_pid;

static int forker(void *arg)
{
	long r = sys3(SYS_fork, 0, 0, 0);

	(void)arg;
	if (r == 0)
		sys3(SYS_exit_group, 6, 0, 0);
	forked_pid = r;
	return 0;
}

static void test_wait_for_a_threads_child(void)
{
	int status, ctid = 1;

	raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID, new_stack(), NULL, &ctid, 0,
		  forker, NULL);
	yield_until(&ctid, 0);
	check(forked_pid > 0 && waitpid(forked_pid, &status, 0) == forked_pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 6,
	      "wait4 finds a child that another thread forked");
}

static volatile int usr1_tid, usr2_hits, usr2_tid;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_tid = sys3(SYS_gettid, 0, 0, 0);
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2_hits++;
	usr2_tid = sys3(SYS_gettid, 0, 0, 0);
}

static int unblocking_spinner(void *arg)
{
	unsigned long none = 0;

	sys4(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, 8);
	*(volatile int *)arg = 1;
	while (!stop)
		sys3(SYS_sched_yield, 0, 0, 0);
	return 0;
}

static void test_signals(void)
{
	sigset_t set;
	volatile int ready1 = 0, ready2 = 0;
	int c1 = 1, c2 = 1;
	sigset_t pending;
	long t1, t2;
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	stop = 0;
	t1 = raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID, new_stack(), NULL, &c1, 0,
		       unblocking_spinner, (void *)&ready1);
	t2 = raw_clone(T_THREAD_FLAGS | T_CLONE_CHILD_CLEARTID, new_stack(), NULL, &c2, 0,
		       unblocking_spinner, (void *)&ready2);
	yield_until(&ready1, 1);
	yield_until(&ready2, 1);
	kill(getpid(), SIGUSR1);
	while (!usr1_tid)
		sched_yield();
	check(usr1_tid == t1 || usr1_tid == t2,
	      "kill(getpid()) runs the handler in a thread that does not block it");
	syscall(SYS_tgkill, getpid(), t2, SIGUSR2);
	while (!usr2_hits)
		sched_yield();
	for (int i = 0; i < 20; i++)
		sched_yield();
	check(usr2_hits == 1 && usr2_tid == t2, "tgkill reaches exactly the thread named");
	check(syscall(SYS_tgkill, getpid() + 1000, t2, 0) < 0 && errno == ESRCH,
	      "tgkill with another tgid is ESRCH");
	stop = 1;
	yield_until(&c1, 0);
	yield_until(&c2, 0);
	usr1_tid = 0;
	kill(getpid(), SIGUSR1);	/* the only thread left blocks it */
	sigpending(&pending);
	check(sigismember(&pending, SIGUSR1) && !usr1_tid,
	      "a signal every thread blocks waits, and sigpending shows it");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	check(usr1_tid == getpid(), "unblocking it runs the handler");
}

static volatile int vfork_word;

static void test_vfork(void)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	int status;
	pid_t pid = vfork();

	if (pid == 0) {
		vfork_word = 1;
		nanosleep(&ts, NULL);
		vfork_word = 2;
		_exit(4);
	}
	check(vfork_word == 2, "vfork's parent sleeps until the child exits, in one memory");
	check(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 4,
	      "and waits for it as for any child");

	int fds[2];
	pid_t child;

	pipe(fds);
	pid = fork();
	if (pid == 0) {		/* SIGTERM kills a parent that waits for its vfork child */
		if (vfork() == 0) {
			int me = sys3(SYS_getpid, 0, 0, 0);

			sys3(SYS_write, fds[1], (long)&me, sizeof(me));
			for (;;)
				sys3(SYS_pause, 0, 0, 0);
		}
		_exit(0);
	}
	read(fds[0], &child, sizeof(child));	/* the parent is in vfork now */
	kill(pid, SIGTERM);
	check(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	      "a fatal signal ends the wait of vfork's parent");
	kill(child, SIGKILL);
	close(fds[0]);
	close(fds[1]);
}

static char *self;

static int execer(void *arg)
{
	static char num[16];
	char *argv[] = { self, "after-exec", num, NULL };
	char *envp[] = { NULL };
	int n = (int)(long)arg, i = sizeof(num) - 1;

	do
		num[--i] = '0' + n % 10;
	while ((n /= 10));
	argv[2] = num + i;
	sys3(SYS_execve, (long)self, (long)argv, (long)envp);
	return 1;
}

static void test_exec(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		stop = 0;
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, spinner, NULL);
		raw_clone(T_THREAD_FLAGS, new_stack(), NULL, NULL, 0, execer,
			  (void *)(long)getpid());
		for (;;)
			sched_yield();
	}
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "execve from a thread: the process goes on as the new program");
}

static void after_exec(const char *pid)
{
	char line[256];
	int threads = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "Threads: %d", &threads);
	check(getpid() == atoi(pid), "execve from a thread keeps the process's pid");
	check(syscall(SYS_gettid) == getpid(), "and the new program's one thread is its leader");
	check(threads == 1, "/proc/self/status: Threads: 1 after execve");
	exit(failed);
}

int main(int argc, char **argv)
{
	self = argv[0];
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 3 && !strcmp(argv[1], "after-exec"))
		after_exec(argv[2]);
	test_sharing();
	test_one_exits();
	test_group_exit();
	test_wait_for_a_threads_child();
	test_signals();
	test_vfork();
	test_exec();
	printf("threads: %s\n", failed ? "FAILED" : "all as Linux");
	return failed;
}
