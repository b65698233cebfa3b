/* POSIX semaphores' header (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <time.h>

typedef union {
	struct {
		int __value, __nwaiters, __pshared;
	} __data;
	char __size[32];
	long __align;
} sem_t;

#define SEM_VALUE_MAX	0x7fffffff

int sem_init(sem_t *s, int pshared, unsigned value);
int sem_destroy(sem_t *s);
int sem_post(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
int sem_timedwait(sem_t *s, const struct timespec *abstime);
int sem_getvalue(sem_t *s, int *value);

#endif
