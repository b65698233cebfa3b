/* The condition variable attributes: the clock in bits 1 and up, process-shared
 * in bit 0.  Not printed in the book; chapter 11 describes them. */
#include <errno.h>
#include <pthread.h>

int pthread_condattr_init(pthread_condattr_t *a)
{
	a->__value = 0;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	(void)a;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->__value = (a->__value & 1) | clock << 1;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = a->__value >> 1;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__value = (a->__value & ~1) | pshared;
	return 0;
}
