/* The thread library's header (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#ifndef _PTHREAD_H
#define _PTHREAD_H

#include <limits.h>
#include <sched.h>
#include <time.h>
#include <sys/types.h>

typedef unsigned long pthread_t;
typedef unsigned int pthread_key_t;
typedef int pthread_once_t;

#define PTHREAD_ONCE_INIT		0
#define PTHREAD_CREATE_JOINABLE		0
#define PTHREAD_CREATE_DETACHED		1
#define PTHREAD_MUTEX_NORMAL		0
#define PTHREAD_MUTEX_RECURSIVE		1
#define PTHREAD_MUTEX_ERRORCHECK	2
#define PTHREAD_MUTEX_DEFAULT		PTHREAD_MUTEX_NORMAL
#define PTHREAD_PROCESS_PRIVATE		0
#define PTHREAD_PROCESS_SHARED		1
#define PTHREAD_CANCEL_ENABLE		0
#define PTHREAD_CANCEL_DISABLE		1
#define PTHREAD_CANCEL_DEFERRED		0
#define PTHREAD_CANCEL_ASYNCHRONOUS	1
#define PTHREAD_CANCELED		((void *)-1)
#define PTHREAD_BARRIER_SERIAL_THREAD	(-1)
typedef union {
	char __size[56];
	long __align;
} pthread_attr_t;

typedef union {
	struct {
		int __lock, __count, __owner, __kind, __pshared;
	} __data;
	char __size[40];
	long __align;
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER	{ { 0, 0, 0, 0, 0 } }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP \
	{ { 0, 0, 0, PTHREAD_MUTEX_RECURSIVE, 0 } }

typedef union {
	struct {
		int __seq, __waiters, __clock, __pshared;
	} __data;
	char __size[48];
	long long __align;
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER	{ { 0, 0, 0, 0 } }
typedef union {
	struct {
		int __lock, __readers, __writer, __seq;
	} __data;
	char __size[56];
	long __align;
} pthread_rwlock_t;
#define PTHREAD_RWLOCK_INITIALIZER	{ { 0, 0, 0, 0 } }

typedef union {
	struct {
		int __lock, __count, __arrived, __seq;
	} __data;
	char __size[32];
	long __align;
} pthread_barrier_t;

typedef struct { int __kind; } pthread_mutexattr_t;
typedef struct { int __value; } pthread_condattr_t;
typedef struct { long __value; } pthread_rwlockattr_t;
typedef struct { int __value; } pthread_barrierattr_t;
struct __pthread_cleanup_frame {
	void (*__routine)(void *);
	void *__arg;
	struct __pthread_cleanup_frame *__prev;
};
void __pthread_cleanup_push(struct __pthread_cleanup_frame *f);
void __pthread_cleanup_pop(struct __pthread_cleanup_frame *f, int execute);
#define pthread_cleanup_push(routine, arg) do {				\
	struct __pthread_cleanup_frame __cleanup = { (routine), (arg), 0 };	\
	__pthread_cleanup_push(&__cleanup);
#define pthread_cleanup_pop(execute)					\
	__pthread_cleanup_pop(&__cleanup, (execute));			\
} while (0)
#include <bits/pthread-api.h>	/* the prototypes */

#endif
