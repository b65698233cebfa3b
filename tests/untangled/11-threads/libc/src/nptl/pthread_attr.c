/* The attribute objects: init, destroy and the setters and getters.
 * Not printed in the book; chapter 11 describes them. */
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/resource.h>
#include "pthreadP.h"

#define ATTR(a)	((struct pthread_attr *)(a))

int pthread_attr_init(pthread_attr_t *a)
{
	memset(a, 0, sizeof(*a));
	ATTR(a)->guardsize = 4096;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	(void)a;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	ATTR(a)->stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = ATTR(a)->stacksize ? ATTR(a)->stacksize : __default_stacksize;
	return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *a, size_t size)
{
	ATTR(a)->guardsize = size;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size)
{
	*size = ATTR(a)->guardsize;
	return 0;
}

int pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	ATTR(a)->stackaddr = (char *)addr + size;
	ATTR(a)->stacksize = size;
	ATTR(a)->flags |= ATTR_FLAG_STACKADDR;
	return 0;
}

int pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size)
{
	pthread_attr_getstacksize(a, size);
	*addr = (char *)ATTR(a)->stackaddr - *size;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	ATTR(a)->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = ATTR(a)->detachstate;
	return 0;
}
