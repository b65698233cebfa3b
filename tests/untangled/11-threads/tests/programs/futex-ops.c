/*
 * futex-ops: the futex operations, between processes that share a page
 * (shared keys) and within one process (private keys).  Each line is
 * "what: result"; the same program runs on Linux (tests/compare).
 * An argument picks one part: wake, alias, bitset, requeue, wakeop, timeout,
 * signal; without one, all run.  yield (not in all) counts the
 * sched_yield calls before a runnable child runs; pingpong times
 * 20000 futex round trips between two processes.
 */
#include "futexlib.h"
#include <sys/shm.h>

struct shared {
	uint32_t word, word2;
};

static struct shared *sh;

/* A child that waits on W with BITSET and exits with CODE + errno. */
static pid_t waiter(uint32_t *w, uint32_t val, uint32_t bitset, int code)
{
	pid_t pid = fork();

	if (pid == 0) {
		long r = futex(w, FUTEX_WAIT_BITSET, val, NULL, NULL, bitset);

		_exit(r == 0 ? code : 100 + errno);
	}
	wait_sleeping(pid);
	return pid;
}

static void reap(const char *what, int n)
{
	for (int i = 0; i < n; i++) {
		int status;

		wait(&status);
		printf("%s: a waiter exited with %d\n", what, WEXITSTATUS(status));
	}
}

static void wake_across_fork(void)
{
	for (int i = 0; i < 3; i++)
		waiter(&sh->word, 0, FUTEX_BITSET_MATCH_ANY, 0);
	show("wake 2 of 3 sleepers", futex(&sh->word, FUTEX_WAKE, 2, NULL, NULL, 0));
	show("wake up to 10 of the rest", futex(&sh->word, FUTEX_WAKE, 10, NULL, NULL, 0));
	show("wake with nobody asleep", futex(&sh->word, FUTEX_WAKE, 10, NULL, NULL, 0));
	reap("wake", 3);
	waiter(&sh->word, 0, FUTEX_BITSET_MATCH_ANY, 0);
	show("a private wake misses another process's sleeper",
	     futex(&sh->word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("a shared wake finds it", futex(&sh->word, FUTEX_WAKE, 1, NULL, NULL, 0));
	reap("private", 1);
}

/* One System V segment attached twice: two addresses, one shared key. */
static void alias(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	uint32_t *a = shmat(id, NULL, 0), *b = shmat(id, NULL, 0);

	shmctl(id, IPC_RMID, NULL);
	*a = 0;
	printf("alias: one page at two addresses: %s\n", a != b ? "yes" : "no");
	waiter(a, 0, FUTEX_BITSET_MATCH_ANY, 0);
	show("alias: wake through the other address", futex(b, FUTEX_WAKE, 1, NULL, NULL, 0));
	reap("alias", 1);
	shmdt(a);
	shmdt(b);
}

static void bitsets(void)
{
	waiter(&sh->word, 0, 1, 1);
	waiter(&sh->word, 0, 2, 2);
	show("wake bitset 2", futex(&sh->word, FUTEX_WAKE_BITSET, 10, NULL, NULL, 2));
	reap("bitset 2", 1);
	show("wake bitset 1", futex(&sh->word, FUTEX_WAKE_BITSET, 10, NULL, NULL, 1));
	reap("bitset 1", 1);
}

static void requeue(void)
{
	for (int i = 0; i < 3; i++)
		waiter(&sh->word, 0, FUTEX_BITSET_MATCH_ANY, 0);
	show("cmp_requeue with a stale value",
	     futex(&sh->word, FUTEX_CMP_REQUEUE, 1, (void *)1, &sh->word2, 7));
	show("cmp_requeue wake 1 move 1",
	     futex(&sh->word, FUTEX_CMP_REQUEUE, 1, (void *)1, &sh->word2, 0));
	reap("woken by cmp_requeue", 1);
	show("wake on word2 finds the moved one", futex(&sh->word2, FUTEX_WAKE, 10, NULL, NULL, 0));
	reap("moved", 1);
	show("requeue wake 0 move all", futex(&sh->word, FUTEX_REQUEUE, 0, (void *)10, &sh->word2, 0));
	show("wake on word2 again", futex(&sh->word2, FUTEX_WAKE, 10, NULL, NULL, 0));
	reap("moved by requeue", 1);
}

static void wake_op(void)
{
	/* SET word2 to 1 if it was 0, and wake on both when the old value was 0. */
	int set1_if_eq0 = FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0);
	int add5_if_gt100 = FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_GT, 100);
	int or_shift = FUTEX_OP((FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT), 4, FUTEX_OP_CMP_LT, 0);

	waiter(&sh->word, 0, FUTEX_BITSET_MATCH_ANY, 0);
	waiter(&sh->word2, 0, FUTEX_BITSET_MATCH_ANY, 0);
	show("wake_op set 1, old == 0", futex(&sh->word, FUTEX_WAKE_OP, 1, (void *)1, &sh->word2, set1_if_eq0));
	printf("word2 is now %u\n", sh->word2);
	reap("wake_op", 2);
	show("wake_op add 5, old > 100", futex(&sh->word, FUTEX_WAKE_OP, 1, (void *)1, &sh->word2, add5_if_gt100));
	printf("word2 is now %u\n", sh->word2);
	show("wake_op or 1<<4, old < 0", futex(&sh->word, FUTEX_WAKE_OP, 1, (void *)1, &sh->word2, or_shift));
	printf("word2 is now %u\n", sh->word2);
	sh->word2 = 0;
}

/* Private keys, one process: the value test and the timeouts. */
static void timeouts(void)
{
	uint32_t w = 0;
	struct timespec rel = { 0, 200000000 }, t0, t1, dl;

	show("wait on a changed value", futex(&w, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	show("relative 200 ms", futex(&w, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("relative: at least 200 ms later: %s\n", ms_between(&t0, &t1) >= 200 ? "yes" : "no");

	for (int rt = 0; rt < 2; rt++) {
		clockid_t clock = rt ? CLOCK_REALTIME : CLOCK_MONOTONIC;
		int op = FUTEX_WAIT_BITSET_PRIVATE | (rt ? FUTEX_CLOCK_REALTIME : 0);
		char what[64];

		clock_gettime(clock, &dl);
		dl.tv_nsec += 200000000;
		if (dl.tv_nsec >= 1000000000) {
			dl.tv_sec++;
			dl.tv_nsec -= 1000000000;
		}
		snprintf(what, sizeof(what), "absolute %s +200 ms", rt ? "realtime" : "monotonic");
		show(what, futex(&w, op, 0, &dl, NULL, FUTEX_BITSET_MATCH_ANY));
		clock_gettime(clock, &t1);
		printf("%s: not before the deadline: %s\n", what, before(&t1, &dl) ? "no" : "yes");
	}
	dl.tv_sec = 1;
	dl.tv_nsec = 0;
	show("absolute deadline in the past",
	     futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 0, &dl, NULL, FUTEX_BITSET_MATCH_ANY));
	show("a deadline in the past, value changed",
	     futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 3, &dl, NULL, FUTEX_BITSET_MATCH_ANY));
}

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

/* A child signals its parent asleep on a futex; with SA_RESTART it then wakes it. */
static void signals(void)
{
	pid_t parent = getpid();

	for (int restart = 0; restart < 2; restart++) {
		struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = restart ? SA_RESTART : 0 };
		pid_t pid;
		long r;

		sigaction(SIGUSR1, &sa, NULL);
		handled = 0;
		sh->word = 0;
		pid = fork();
		if (pid == 0) {
			wait_sleeping(parent);
			kill(parent, SIGUSR1);
			if (restart) {
				pause_ms(50);
				wait_sleeping(parent);	/* asleep again: restarted */
				sh->word = 1;
				futex(&sh->word, FUTEX_WAKE, 1, NULL, NULL, 0);
			}
			_exit(0);
		}
		r = futex(&sh->word, FUTEX_WAIT, 0, NULL, NULL, 0);
		show(restart ? "signal with SA_RESTART, then a wake" : "signal without SA_RESTART", r);
		printf("handler ran %d time(s)\n", (int)handled);
		waitpid(pid, NULL, 0);
	}
	signal(SIGUSR1, SIG_DFL);
}

/* sched_yield lets the runnable child run: on one processor, at once. */
static void yield(void)
{
	volatile uint32_t *flag = &sh->word;
	long n = 0;

	*flag = 0;
	if (fork() == 0) {
		*flag = 1;
		_exit(0);
	}
	while (!*flag && n < 1000000) {
		sched_yield();
		n++;
	}
	printf("yields before the child ran: %ld\n", n);
	wait(NULL);
}

/* Two processes hand a token back and forth through one futex word. */
static void pingpong(void)
{
	volatile uint32_t *w = &sh->word;
	struct timespec a, b;
	int n = 20000;

	*w = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (fork() == 0) {
		for (int i = 0; i < n; i++) {
			while (*w != 1)
				futex(&sh->word, FUTEX_WAIT, 0, NULL, NULL, 0);
			*w = 0;
			futex(&sh->word, FUTEX_WAKE, 1, NULL, NULL, 0);
		}
		_exit(0);
	}
	for (int i = 0; i < n; i++) {
		*w = 1;
		futex(&sh->word, FUTEX_WAKE, 1, NULL, NULL, 0);
		while (*w != 0)
			futex(&sh->word, FUTEX_WAIT, 1, NULL, NULL, 0);
	}
	wait(NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%d round trips: %ld us each\n", n, ms_between(&a, &b) * 1000 / n);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*run)(void);
	} modes[] = {
		{ "wake", wake_across_fork }, { "alias", alias }, { "bitset", bitsets }, { "requeue", requeue },
		{ "wakeop", wake_op }, { "timeout", timeouts }, { "signal", signals },
	};

	sh = shared_page();
	setvbuf(stdout, NULL, _IONBF, 0);
	for (unsigned int i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (argc < 2 || !strcmp(argv[1], modes[i].name))
			modes[i].run();
	if (argc > 1 && !strcmp(argv[1], "yield"))	/* one processor only */
		yield();
	if (argc > 1 && !strcmp(argv[1], "pingpong"))	/* a measurement */
		pingpong();
	printf("futex-ops: done\n");
	return 0;
}
