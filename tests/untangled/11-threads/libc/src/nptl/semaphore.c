/* POSIX semaphores (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#include <errno.h>
#include <semaphore.h>
#include "pthreadP.h"

#define S(s)		(&(s)->__data)
#define PRIVATE(s)	(S(s)->__pshared ? LLL_SHARED : LLL_PRIVATE)

int sem_init(sem_t *s, int pshared, unsigned value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	S(s)->__value = value;
	S(s)->__nwaiters = 0;
	S(s)->__pshared = pshared != 0;
	return 0;
}

int sem_destroy(sem_t *s)
{
	(void)s;
	return 0;
}

int sem_post(sem_t *s)
{
	int v = __atomic_load_n(&S(s)->__value, __ATOMIC_RELAXED);

	do {
		if (v == SEM_VALUE_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
	} while (!__atomic_compare_exchange_n(&S(s)->__value, &v, v + 1, 0,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	if (__atomic_load_n(&S(s)->__nwaiters, __ATOMIC_SEQ_CST))
		futex_wake(&S(s)->__value, 1, PRIVATE(s));
	return 0;
}

int sem_getvalue(sem_t *s, int *value)
{
	*value = __atomic_load_n(&S(s)->__value, __ATOMIC_RELAXED);
	return 0;
}
int sem_trywait(sem_t *s)
{
	int v = __atomic_load_n(&S(s)->__value, __ATOMIC_RELAXED);

	while (v > 0)
		if (__atomic_compare_exchange_n(&S(s)->__value, &v, v - 1, 0,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return 0;
	errno = EAGAIN;
	return -1;
}
int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	int err;

	pthread_testcancel();
	while (sem_trywait(s) < 0) {
		__atomic_add_fetch(&S(s)->__nwaiters, 1, __ATOMIC_SEQ_CST);
		err = __futex_abstimed_wait(&S(s)->__value, 0, CLOCK_REALTIME,
					    abstime, PRIVATE(s));
		__atomic_sub_fetch(&S(s)->__nwaiters, 1, __ATOMIC_SEQ_CST);
		if (err == ETIMEDOUT || err == EINTR || err == EINVAL) {
			errno = err;
			return -1;
		}
		pthread_testcancel();
	}
	return 0;
}

int sem_wait(sem_t *s)
{
	return sem_timedwait(s, 0);
}
