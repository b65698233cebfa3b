/* The locked stdio functions and flockfile (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#define STDIO_LOCKED
#include <stdarg.h>
#include "stdio_impl.h"
#include "../nptl/pthreadP.h"

static int open_files_lock;

void flockfile(FILE *f)
{
	pid_t tid = THREAD_SELF()->tid;

	if (f->lock_owner != tid) {
		lll_lock(&f->lock, LLL_PRIVATE);
		f->lock_owner = tid;
	}
	f->lock_count++;
}

void funlockfile(FILE *f)
{
	if (--f->lock_count == 0) {
		f->lock_owner = 0;
		lll_unlock(&f->lock, LLL_PRIVATE);
	}
}

int ftrylockfile(FILE *f)
{
	pid_t tid = THREAD_SELF()->tid;

	if (f->lock_owner != tid) {
		if (lll_trylock(&f->lock))
			return -1;
		f->lock_owner = tid;
	}
	f->lock_count++;
	return 0;
}

#define LOCKED(type, name, params, args, f)	\
type __##name##_unlocked params;		\
type name params				\
{						\
	type ret;				\
						\
	flockfile(f);				\
	ret = __##name##_unlocked args;		\
	funlockfile(f);				\
	return ret;				\
}

LOCKED(int, setvbuf, (FILE *f, char *b, int m, size_t n), (f, b, m, n), f)
LOCKED(size_t, fwrite, (const void *p, size_t s, size_t n, FILE *f),
       (p, s, n, f), f)
LOCKED(int, fputc, (int c, FILE *f), (c, f), f)
LOCKED(int, putc, (int c, FILE *f), (c, f), f)
LOCKED(int, putchar, (int c), (c), stdout)
LOCKED(int, fputs, (const char *s, FILE *f), (s, f), f)
LOCKED(int, puts, (const char *s), (s), stdout)
LOCKED(int, fgetc, (FILE *f), (f), f)
LOCKED(int, getc, (FILE *f), (f), f)
LOCKED(int, getchar, (void), (), stdin)
LOCKED(int, ungetc, (int c, FILE *f), (c, f), f)
LOCKED(char *, fgets, (char *s, int n, FILE *f), (s, n, f), f)
LOCKED(size_t, fread, (void *p, size_t s, size_t n, FILE *f),
       (p, s, n, f), f)
LOCKED(int, vfprintf, (FILE *f, const char *fmt, va_list ap), (f, fmt, ap), f)
LOCKED(int, vprintf, (const char *fmt, va_list ap), (fmt, ap), stdout)
FILE *__fdopen_unlocked(int fd, const char *mode);
FILE *__fopen_unlocked(const char *path, const char *mode);
int __fclose_unlocked(FILE *f);
int __fflush_unlocked(FILE *f);

#define LIST_LOCKED(type, name, params, args)	\
type name params				\
{						\
	type ret;				\
						\
	lll_lock(&open_files_lock, LLL_PRIVATE);	\
	ret = __##name##_unlocked args;		\
	lll_unlock(&open_files_lock, LLL_PRIVATE);	\
	return ret;				\
}

LIST_LOCKED(FILE *, fdopen, (int fd, const char *m), (fd, m))
LIST_LOCKED(FILE *, fopen, (const char *p, const char *m), (p, m))
int fclose(FILE *f)
{
	int ret;

	flockfile(f);
	lll_lock(&open_files_lock, LLL_PRIVATE);
	ret = __fclose_unlocked(f);
	lll_unlock(&open_files_lock, LLL_PRIVATE);
	if (f == stdin || f == stdout || f == stderr)
		funlockfile(f);
	return ret;
}

int fflush(FILE *f)
{
	int ret;

	if (!f) {
		lll_lock(&open_files_lock, LLL_PRIVATE);
		ret = __fflush_unlocked(0);
		lll_unlock(&open_files_lock, LLL_PRIVATE);
		return ret;
	}
	flockfile(f);
	ret = __fflush_unlocked(f);
	funlockfile(f);
	return ret;
}

/* fork (nptl/fork.c): the parent holds the list's lock across the system
 * call; the child frees it and every stream's lock. */
void __stdio_reset_file_locks(void);

void __stdio_fork_lock(void)
{
	lll_lock(&open_files_lock, LLL_PRIVATE);
}

void __stdio_fork_unlock(void)
{
	lll_unlock(&open_files_lock, LLL_PRIVATE);
}

void __stdio_fork_reset_child(void)
{
	open_files_lock = 0;
	__stdio_reset_file_locks();
}
