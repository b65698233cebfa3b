/* Barriers (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#include <errno.h>
#include "pthreadP.h"

#define B(b)	(&(b)->__data)

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
			 unsigned count)
{
	(void)a;
	if (count == 0)
		return EINVAL;
	B(b)->__lock = 0;
	B(b)->__count = count;
	B(b)->__arrived = 0;
	B(b)->__seq = 0;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	(void)b;
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	int seq;

	lll_lock(&B(b)->__lock, LLL_PRIVATE);
	seq = B(b)->__seq;
	if (++B(b)->__arrived == B(b)->__count) {
		B(b)->__arrived = 0;
		__atomic_store_n(&B(b)->__seq, seq + 1, __ATOMIC_RELEASE);
		lll_unlock(&B(b)->__lock, LLL_PRIVATE);
		futex_wake(&B(b)->__seq, INT_MAX, LLL_PRIVATE);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	lll_unlock(&B(b)->__lock, LLL_PRIVATE);
	while (__atomic_load_n(&B(b)->__seq, __ATOMIC_ACQUIRE) == seq)
		futex_wait(&B(b)->__seq, seq, LLL_PRIVATE);
	return 0;
}
