/* The mutex attributes: kind in bits 0-1, process-shared in bit 7.
 * Not printed in the book; chapter 11 describes them. */
#include <errno.h>
#include <pthread.h>

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	a->__kind = 0;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	(void)a;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int kind)
{
	if (kind < PTHREAD_MUTEX_NORMAL || kind > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->__kind = (a->__kind & ~3) | kind;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *kind)
{
	*kind = a->__kind & 3;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->__kind = (a->__kind & 3) | pshared << 7;
	return 0;
}
