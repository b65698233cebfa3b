/*
 * futex-hostile: futex calls with bad addresses, operations, timeouts
 * and counts.  Every line is "what: result", to be the same on Linux
 * (tests/compare); the kernel must answer each with an error, never
 * crash or hang.  "pi" runs the priority-inheritance operations, which
 * weft does not have (ENOSYS) and Linux does.
 */
#include "futexlib.h"
#include <limits.h>

#define KERNEL_ADDR	((void *)0xffffffff81000000UL)
#define UNMAPPED	((void *)0x10000000UL)

static uint32_t word;

static void addresses(void)
{
	char *p = (char *)&word;
	uint32_t *none = mmap(NULL, 4096, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	show("wait, unaligned", futex(p + 1, FUTEX_WAIT, 0, NULL, NULL, 0));
	show("wake, unaligned", futex(p + 2, FUTEX_WAKE, 1, NULL, NULL, 0));
	show("wait, NULL", futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0));
	show("wake private, NULL", futex(NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("wake shared, NULL", futex(NULL, FUTEX_WAKE, 1, NULL, NULL, 0));
	show("wait, kernel address", futex(KERNEL_ADDR, FUTEX_WAIT, 0, NULL, NULL, 0));
	show("wake, kernel address", futex(KERNEL_ADDR, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("wait, top of user space", futex((void *)0x7ffffffffffcUL, FUTEX_WAIT, 0, NULL, NULL, 0));
	show("wait, non-canonical", futex((void *)0x800000000000UL, FUTEX_WAIT, 0, NULL, NULL, 0));
	show("wait, unmapped", futex(UNMAPPED, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	show("wake private, unmapped", futex(UNMAPPED, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	show("wake shared, unmapped", futex(UNMAPPED, FUTEX_WAKE, 1, NULL, NULL, 0));
	show("wait, PROT_NONE", futex(none, FUTEX_WAIT, 0, NULL, NULL, 0));
	show("wake shared, PROT_NONE", futex(none, FUTEX_WAKE, 1, NULL, NULL, 0));
	show("requeue to an unaligned word",
	     futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, p + 1, 0));
	show("requeue to the kernel",
	     futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, KERNEL_ADDR, 0));
}

static void operations(void)
{
	show("operation 99", futex(&word, 99, 0, NULL, NULL, 0));
	show("FUTEX_FD", futex(&word, FUTEX_FD, 0, NULL, NULL, 0));
	show("operation -1", futex(&word, -1, 0, NULL, NULL, 0));
	show("operation 14", futex(&word, 14, 0, NULL, NULL, 0));
	show("FUTEX_WAIT with FUTEX_CLOCK_REALTIME",
	     futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
	show("FUTEX_WAKE with FUTEX_CLOCK_REALTIME",
	     futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
	show("wait_bitset, bitset 0", futex(&word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0));
	show("wake_bitset, bitset 0", futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0));
	show("wake -1 tasks", futex(&word, FUTEX_WAKE, -1, NULL, NULL, 0));
	show("cmp_requeue, nr_wake -1", futex(&word, FUTEX_CMP_REQUEUE, -1, (void *)1, &word, 0));
	show("cmp_requeue, nr_requeue -1",
	     futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)-1L, &word, 0));
	show("requeue onto itself", futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word, 0));
}

static void wake_ops(void)
{
	uint32_t *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t w2 = 5;

	show("wake_op, comparison 15", futex(&word, FUTEX_WAKE_OP, 1, (void *)1, &w2,
					    FUTEX_OP(FUTEX_OP_ADD, 1, 15, 0)));
	printf("wake_op, comparison 15: the word became %u\n", w2);
	show("wake_op, operation 7", futex(&word, FUTEX_WAKE_OP, 1, (void *)1, &w2, 7 << 28));
	show("wake_op, shift 40", futex(&word, FUTEX_WAKE_OP, 1, (void *)1, &w2,
				       FUTEX_OP((FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT), 40,
						FUTEX_OP_CMP_EQ, 0)));
	printf("wake_op, shift 40: the word became %#x\n", w2);
	show("wake_op, read-only word", futex(&word, FUTEX_WAKE_OP, 1, (void *)1, ro,
					     FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)));
	show("wake_op, word in the kernel", futex(&word, FUTEX_WAKE_OP, 1, (void *)1, KERNEL_ADDR,
						 FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)));
	show("wake_op, NULL", futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, NULL,
				   FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)));
}

/* A child sleeps with TIMEOUT; the parent wakes it.  0 unless the
 * timeout wrapped round into the past. */
static void woken_despite(const char *what, int op, const struct timespec *timeout)
{
	uint32_t *w = shared_page();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		long r = futex(w, op, 0, timeout, NULL, FUTEX_BITSET_MATCH_ANY);

		_exit(r == 0 ? 0 : errno);
	}
	wait_sleeping(pid);
	futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
	waitpid(pid, &status, 0);
	printf("%s: the sleeper got %s\n", what,
	       WEXITSTATUS(status) ? strerrorname_np(WEXITSTATUS(status)) : "0");
}

static void timeouts(void)
{
	struct timespec neg_sec = { -1, 0 }, neg_nsec = { 0, -1 }, big_nsec = { 0, 1000000000 };
	struct timespec zero = { 0, 0 }, huge = { LONG_MAX, 999999999 };

	show("timeout -1 s", futex(&word, FUTEX_WAIT, 0, &neg_sec, NULL, 0));
	show("timeout -1 ns", futex(&word, FUTEX_WAIT, 0, &neg_nsec, NULL, 0));
	show("timeout 10^9 ns", futex(&word, FUTEX_WAIT, 0, &big_nsec, NULL, 0));
	show("timeout -1 s, value changed", futex(&word, FUTEX_WAIT, 1, &neg_sec, NULL, 0));
	show("timeout -1 s, unaligned", futex((char *)&word + 1, FUTEX_WAIT, 0, &neg_sec, NULL, 0));
	show("absolute -1 s", futex(&word, FUTEX_WAIT_BITSET, 0, &neg_sec, NULL, ~0u));
	show("timeout in the kernel", futex(&word, FUTEX_WAIT, 0, KERNEL_ADDR, NULL, 0));
	show("timeout at NULL+8", futex(&word, FUTEX_WAIT, 0, (void *)8, NULL, 0));
	show("timeout 0", futex(&word, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0));
	show("huge timeout, value changed", futex(&word, FUTEX_WAIT, 1, &huge, NULL, 0));
	show("a kernel address as FUTEX_WAKE's unused timeout",
	     futex(&word, FUTEX_WAKE, 1, KERNEL_ADDR, NULL, 0));
	woken_despite("huge relative timeout", FUTEX_WAIT, &huge);
	woken_despite("huge absolute monotonic deadline", FUTEX_WAIT_BITSET, &huge);
	woken_despite("huge absolute realtime deadline",
		      FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, &huge);
}

static void pi(void)
{
	word = 0;
	show("FUTEX_LOCK_PI", futex(&word, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	show("FUTEX_TRYLOCK_PI", futex(&word, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	show("FUTEX_UNLOCK_PI", futex(&word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
	show("FUTEX_WAIT_REQUEUE_PI", futex(&word, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, NULL, &word, ~0u));
	show("futex_waitv", syscall(449, NULL, 0, 0, NULL, 0));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "pi")) {
		pi();
	} else {
		addresses();
		operations();
		wake_ops();
		timeouts();
	}
	printf("futex-hostile: done\n");
	return 0;
}
