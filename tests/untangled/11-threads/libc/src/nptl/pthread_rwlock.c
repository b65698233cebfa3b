/* Read-write locks (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#include <errno.h>
#include <string.h>
#include "pthreadP.h"

#define R(r)	(&(r)->__data)

static int rwlock_sleep(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	int seq = R(rw)->__seq, err;

	lll_unlock(&R(rw)->__lock, LLL_PRIVATE);
	err = __futex_abstimed_wait(&R(rw)->__seq, seq, CLOCK_REALTIME, abstime,
				    LLL_PRIVATE);
	lll_lock(&R(rw)->__lock, LLL_PRIVATE);
	return err == ETIMEDOUT || err == EINVAL ? err : 0;
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw,
			       const struct timespec *abstime)
{
	int err = 0;

	lll_lock(&R(rw)->__lock, LLL_PRIVATE);
	while (R(rw)->__writer && !err)
		err = R(rw)->__writer == THREAD_SELF()->tid ? EDEADLK :
		      rwlock_sleep(rw, abstime);
	if (!err)
		R(rw)->__readers++;
	lll_unlock(&R(rw)->__lock, LLL_PRIVATE);
	return err;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return pthread_rwlock_timedrdlock(rw, 0);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	int err = 0;

	lll_lock(&R(rw)->__lock, LLL_PRIVATE);
	if (R(rw)->__writer)
		err = EBUSY;
	else
		R(rw)->__readers++;
	lll_unlock(&R(rw)->__lock, LLL_PRIVATE);
	return err;
}
int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw,
			       const struct timespec *abstime)
{
	pid_t tid = THREAD_SELF()->tid;
	int err = 0;

	lll_lock(&R(rw)->__lock, LLL_PRIVATE);
	while ((R(rw)->__writer || R(rw)->__readers) && !err)
		err = R(rw)->__writer == tid ? EDEADLK : rwlock_sleep(rw, abstime);
	if (!err)
		R(rw)->__writer = tid;
	lll_unlock(&R(rw)->__lock, LLL_PRIVATE);
	return err;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return pthread_rwlock_timedwrlock(rw, 0);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	int err = 0;

	lll_lock(&R(rw)->__lock, LLL_PRIVATE);
	if (R(rw)->__writer || R(rw)->__readers)
		err = EBUSY;
	else
		R(rw)->__writer = THREAD_SELF()->tid;
	lll_unlock(&R(rw)->__lock, LLL_PRIVATE);
	return err;
}
int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	lll_lock(&R(rw)->__lock, LLL_PRIVATE);
	if (R(rw)->__writer)
		R(rw)->__writer = 0;
	else if (R(rw)->__readers)
		R(rw)->__readers--;
	R(rw)->__seq++;
	lll_unlock(&R(rw)->__lock, LLL_PRIVATE);
	futex_wake(&R(rw)->__seq, INT_MAX, LLL_PRIVATE);
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a)
{
	(void)a;
	memset(rw, 0, sizeof(*rw));
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	(void)rw;
	return 0;
}
