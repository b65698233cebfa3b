/* syscalls.c: the system calls of issue 16 that real programs expect,
 * each against Linux's behaviour.  Build with gcc -static (it runs on
 * the Linux host too) and run with tests/boot-with DIR /syscalls.
 * Prints "ok: WHAT" or "FAIL: WHAT" per test; exits 1 if any failed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>

static int failed;
static volatile sig_atomic_t got;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failed |= !ok;
}

static void on_signal(int sig) { got = sig; }

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void handle(int sig, int flags)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = flags };

	sigaction(sig, &sa, 0);
}

/* A child that sends SIG to us after MS milliseconds. */
static pid_t signal_me_later(int sig, int ms)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		usleep(ms * 1000);
		kill(parent, sig);
		_exit(0);
	}
	return pid;
}

static void test_signals(void)
{
	sigset_t usr1, empty, now;
	struct timespec t0, zero = { 0, 0 }, ms50 = { 0, 50000000 };
	siginfo_t info;
	pid_t pid;

	handle(SIGUSR1, 0);
	sigemptyset(&empty);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, 0);
	got = 0;
	pid = signal_me_later(SIGUSR1, 20);
	check(sigsuspend(&empty) == -1 && errno == EINTR && got == SIGUSR1,
	      "rt_sigsuspend returns EINTR after the handler");
	sigprocmask(SIG_BLOCK, 0, &now);
	check(sigismember(&now, SIGUSR1), "rt_sigsuspend puts the old mask back");
	waitpid(pid, 0, 0);

	raise(SIGUSR1);
	check(sigtimedwait(&usr1, &info, &zero) == SIGUSR1 && info.si_signo == SIGUSR1 &&
	      info.si_pid == getpid(), "rt_sigtimedwait takes a pending signal");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check(sigtimedwait(&usr1, &info, &ms50) == -1 && errno == EAGAIN && ms_since(&t0) >= 50,
	      "rt_sigtimedwait times out with EAGAIN");
	pid = signal_me_later(SIGUSR1, 20);
	check(sigwaitinfo(&usr1, &info) == SIGUSR1,
	      "rt_sigtimedwait sleeps until a signal of the set comes");
	waitpid(pid, 0, 0);
	sigprocmask(SIG_UNBLOCK, &usr1, 0);

	sigemptyset(&now);
	sigaddset(&now, SIGCHLD);
	sigprocmask(SIG_BLOCK, &now, 0);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		_exit(3);
	}
	check(sigtimedwait(&now, &info, &(struct timespec){ 5, 0 }) == SIGCHLD &&
	      info.si_pid == pid, "rt_sigtimedwait waits for SIGCHLD, ignored by default");
	waitpid(pid, 0, 0);
	sigprocmask(SIG_UNBLOCK, &now, 0);
}

static void test_poll(void)
{
	int p[2];
	char c;
	struct pollfd pfd;
	struct timespec t0, zero = { 0, 0 };
	struct timeval tv = { 0, 30000 };
	fd_set rd, wr;
	sigset_t usr1, empty;
	pid_t pid;

	pipe(p);
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check(poll(&pfd, 1, 30) == 0 && ms_since(&t0) >= 30, "poll of an empty pipe times out");
	write(p[1], "x", 1);
	check(poll(&pfd, 1, -1) == 1 && pfd.revents == POLLIN, "poll sees a byte in a pipe");
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	check(select(p[1] + 1, &rd, &wr, 0, 0) == 2 && FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr),
	      "select: a pipe with a byte is readable, and writable");
	read(p[0], &c, 1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check(select(p[0] + 1, &rd, 0, 0, &tv) == 0 && ms_since(&t0) >= 30,
	      "select of an empty pipe times out");
	check(ppoll(&pfd, 1, &zero, 0) == 0, "ppoll with a zero timeout returns at once");

	handle(SIGUSR1, 0);
	got = 0;
	pid = signal_me_later(SIGUSR1, 20);
	check(poll(&pfd, 1, -1) == -1 && errno == EINTR && got == SIGUSR1,
	      "poll is interrupted by a signal: EINTR");
	waitpid(pid, 0, 0);

	sigemptyset(&empty);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, 0);
	raise(SIGUSR1);
	got = 0;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	check(pselect(p[0] + 1, &rd, 0, 0, 0, &empty) == -1 && errno == EINTR && got == SIGUSR1,
	      "pselect6 lets its mask's signals in");
	sigprocmask(SIG_UNBLOCK, &usr1, 0);

	close(p[1]);
	check(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP), "poll: a pipe without writers hangs up");
	close(p[0]);
	pfd = (struct pollfd){ 0, POLLOUT, 0 };
	check(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLOUT, "poll: the console is writable");
	pfd = (struct pollfd){ 99, POLLIN, 0 };
	check(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLNVAL, "poll: a closed descriptor is POLLNVAL");
}

static int read_file(const char *path, char *buf, int size)
{
	int fd = open(path, O_RDONLY), n = 0, r;

	if (fd < 0)
		return -1;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(fd);
	return n;
}

static void test_process(int argc, char **argv)
{
	char buf[4096], name[32] = "", want[256];
	int n, p[2], fields = 1;
	struct sysinfo si;
	cpu_set_t set;
	pid_t a, b;

	prctl(PR_SET_NAME, "renamed-probe");
	prctl(PR_GET_NAME, name);
	read_file("/proc/self/status", buf, sizeof(buf));
	check(!strcmp(name, "renamed-probe") && strstr(buf, "Name:\trenamed-probe\n"),
	      "prctl(PR_SET_NAME) shows in /proc/self/status");
	n = read_file("/proc/self/stat", buf, sizeof(buf));
	for (int i = 0; i < n; i++)
		fields += buf[i] == ' ';
	check(!strncmp(strchr(buf, ' '), " (renamed-probe) R ", 19) && fields == 52,
	      "/proc/self/stat: the name, the state and 52 fields");

	n = read_file("/proc/self/cmdline", buf, sizeof(buf));
	want[0] = 0;
	for (int i = 0, k = 0; i < argc; k += strlen(argv[i]) + 1, i++)
		strcpy(want + k, argv[i]);
	check(n > 0 && !memcmp(buf, want, n) && buf[n - 1] == 0, "/proc/self/cmdline is argv");
	check(read_file("/proc/self/environ", buf, sizeof(buf)) >= 0, "/proc/self/environ reads");

	check(sysinfo(&si) == 0 && si.totalram > si.freeram && si.freeram > 0 &&
	      si.procs >= 1 && si.mem_unit > 0, "sysinfo: memory and processes");
	check(setpriority(PRIO_PROCESS, 0, 7) == 0 && getpriority(PRIO_PROCESS, 0) == 7,
	      "setpriority and getpriority");
	check(sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 1 &&
	      CPU_ISSET(0, &set), "sched_getaffinity: CPU 0");
	CPU_ZERO(&set);
	CPU_SET(1000, &set);
	check(sched_setaffinity(0, sizeof(set), &set) == -1 && errno == EINVAL,
	      "sched_setaffinity to no usable CPU is EINVAL");

	/* the grandchild asks for SIGUSR1 when its parent dies */
	pipe(p);
	a = fork();
	if (a == 0) {
		if (fork() == 0) {
			handle(SIGUSR1, 0);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(p[1], "r", 1);
			while (!got)
				pause();
			write(p[1], "d", 1);
			_exit(0);
		}
		pause();
		_exit(0);
	}
	read(p[0], buf, 1);
	kill(a, SIGKILL);
	waitpid(a, 0, 0);
	struct pollfd pfd = { p[0], POLLIN, 0 };
	check(poll(&pfd, 1, 2000) == 1 && read(p[0], buf, 1) == 1 && buf[0] == 'd',
	      "PR_SET_PDEATHSIG: the orphan gets its signal");
	while ((b = waitpid(-1, 0, WNOHANG)) > 0)
		;
	close(p[0]);
	close(p[1]);
}

static void test_limits_and_proc(void)
{
	struct rlimit old, five = { 5, 5 };
	char buf[16384];
	int fd, p[2], k = 0;

	getrlimit(RLIMIT_NOFILE, &old);
	setrlimit(RLIMIT_NOFILE, &five);
	while ((fd = open("/proc/self/status", O_RDONLY)) >= 0)
		k++;
	check(errno == EMFILE && k == 2, "RLIMIT_NOFILE 5: the sixth open is EMFILE");
	check(pipe(p) == -1 && errno == EMFILE, "RLIMIT_NOFILE: pipe is EMFILE");
	check(dup2(0, 7) == -1 && errno == EBADF, "RLIMIT_NOFILE: dup2 above it is EBADF");
	close(3);
	close(4);
	setrlimit(RLIMIT_NOFILE, &old);

	check(klogctl(10, 0, 0) > 0 && klogctl(3, buf, sizeof(buf)) > 0, "syslog reads the log");
	read_file("/proc/loadavg", buf, sizeof(buf));
	check(sscanf(buf, "%*d.%*d %*d.%*d %*d.%*d %*d/%*d %d", &k) == 1, "/proc/loadavg");
	read_file("/proc/version", buf, sizeof(buf));
	check(!strncmp(buf, "Linux version ", 14), "/proc/version");
	read_file("/proc/cpuinfo", buf, sizeof(buf));
	check(!strncmp(buf, "processor\t: 0\n", 14) && strstr(buf, "\nmodel name\t: "), "/proc/cpuinfo");
	read_file("/proc/stat", buf, sizeof(buf));
	check(!strncmp(buf, "cpu  ", 5) && strstr(buf, "\nbtime "), "/proc/stat");

	check(syscall(212) == -1 && errno == ENOSYS && syscall(212) == -1, "lookup_dcookie is ENOSYS");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, 0, _IONBF, 0);
	test_signals();
	test_poll();
	test_process(argc, argv);
	test_limits_and_proc();
	printf("syscalls: %s\n", failed ? "FAILED" : "all passed");
	return failed;
}
