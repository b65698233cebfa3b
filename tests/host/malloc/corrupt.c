/*
 * As glibc's tst-tcfree*.c, tst-malloc-check.c and the checks of
 * section "_int_free and coalescing": each kind of misuse in a child of
 * its own, which must die of SIGABRT after printing glibc's message on
 * stderr, word for word.
 */
#include "check.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/* The i-th word from p, through an integer so the compiler lets it be. */
static size_t *word(void *p, long i)
{
	return (size_t *)((uintptr_t)p + i * sizeof(size_t));
}

static void tcache_double(void)
{
	char *p = malloc(32);

	free(p);
	free(p);
}

static void fasttop(void)
{
	char *p[8];
	int i;

	for (i = 0; i < 8; i++)
		p[i] = malloc(32);
	for (i = 0; i < 7; i++)
		free(p[i]);		/* the tcache bin is full now */
	free(p[7]);
	free(p[7]);
}

static void misaligned(void)
{
	free((char *)malloc(32) + 8);
}

static void bad_size(void)
{
	char *p = malloc(32);

	*word(p, -1) = 8;	/* smaller than any chunk */
	free(p);
}

static void bad_mapped(void)
{
	char *p = malloc(200000);

	*word(p, 1) = 0;			/* prev_size of a fake chunk */
	*word(p, 3) = 4096 | 2;			/* its size, IS_MMAPPED */
	free(p + 32);
}

static void bad_top(void)
{
	char *p = malloc(5000);

	*word(p, 5000 / 8) = (size_t)-1 & ~(size_t)7;	/* the top's size */
	sink = malloc(6000);
}

static const struct {
	void (*misuse)(void);
	const char *message;
} cases[] = {
	{ tcache_double, "free(): double free detected in tcache 2\n" },
	{ fasttop, "double free or corruption (fasttop)\n" },
	{ misaligned, "free(): invalid pointer\n" },
	{ bad_size, "free(): invalid size\n" },
	{ bad_mapped, "munmap_chunk(): invalid pointer\n" },
	{ bad_top, "malloc(): corrupted top size\n" },
};

int main(void)
{
	char said[200];
	int pipefd[2], status;
	size_t i, len;
	ssize_t n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (pipe(pipefd))
			return 1;
		if (fork() == 0) {
			dup2(pipefd[1], 2);
			cases[i].misuse();
			_exit(0);
		}
		close(pipefd[1]);
		for (len = 0; len < sizeof(said) - 1; len += n)
			if ((n = read(pipefd[0], said + len, sizeof(said) - 1 - len)) <= 0)
				break;
		said[len] = 0;
		close(pipefd[0]);
		wait(&status);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT ||
		    strcmp(said, cases[i].message) != 0) {
			printf("error: case %zu: status %#x, said \"%s\"\n", i, status, said);
			check_failures++;
		}
	}
	return done("corrupt");
}
