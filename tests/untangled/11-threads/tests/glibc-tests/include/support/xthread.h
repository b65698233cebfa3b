/* support/xthread.h: pthread calls that end the test when they fail. */
#ifndef WEFT_SUPPORT_XTHREAD_H
#define WEFT_SUPPORT_XTHREAD_H
#include <pthread.h>
#include <string.h>
#include <support/check.h>

#define WEFT_X(call) do { int weft_e = (call);				\
		if (weft_e)						\
			FAIL_EXIT1("%s: %s", #call, strerror(weft_e));	\
	} while (0)

static inline pthread_t xpthread_create(pthread_attr_t *attr,
					void *(*fn)(void *), void *arg)
{
	pthread_t t;

	WEFT_X(pthread_create(&t, attr, fn, arg));
	return t;
}

static inline void *xpthread_join(pthread_t t)
{
	void *ret;

	WEFT_X(pthread_join(t, &ret));
	return ret;
}

static inline int xpthread_barrier_wait(pthread_barrier_t *b)
{
	int r = pthread_barrier_wait(b);

	if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
		FAIL_EXIT1("pthread_barrier_wait: %s", strerror(r));
	return r == PTHREAD_BARRIER_SERIAL_THREAD;
}

#define WEFT_XWRAP(name, params, args)					\
	static inline void x##name params { WEFT_X(name args); }
WEFT_XWRAP(pthread_detach, (pthread_t t), (t))
WEFT_XWRAP(pthread_cancel, (pthread_t t), (t))
WEFT_XWRAP(pthread_mutex_lock, (pthread_mutex_t *m), (m))
WEFT_XWRAP(pthread_mutex_unlock, (pthread_mutex_t *m), (m))
WEFT_XWRAP(pthread_mutex_init, (pthread_mutex_t *m,
	const pthread_mutexattr_t *a), (m, a))
WEFT_XWRAP(pthread_mutex_destroy, (pthread_mutex_t *m), (m))
WEFT_XWRAP(pthread_cond_wait, (pthread_cond_t *c, pthread_mutex_t *m), (c, m))
WEFT_XWRAP(pthread_cond_signal, (pthread_cond_t *c), (c))
WEFT_XWRAP(pthread_cond_broadcast, (pthread_cond_t *c), (c))
WEFT_XWRAP(pthread_barrier_init, (pthread_barrier_t *b,
	const pthread_barrierattr_t *a, unsigned n), (b, a, n))
WEFT_XWRAP(pthread_barrier_destroy, (pthread_barrier_t *b), (b))
WEFT_XWRAP(pthread_attr_init, (pthread_attr_t *a), (a))
WEFT_XWRAP(pthread_attr_destroy, (pthread_attr_t *a), (a))
WEFT_XWRAP(pthread_attr_setstacksize, (pthread_attr_t *a, size_t s), (a, s))
WEFT_XWRAP(pthread_attr_setdetachstate, (pthread_attr_t *a, int s), (a, s))
WEFT_XWRAP(pthread_attr_setguardsize, (pthread_attr_t *a, size_t s), (a, s))
#endif
