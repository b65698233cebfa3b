/*
 * As glibc's tst-malloc-thread-exit.c: threads that malloc and exit, in
 * rounds.  An exiting thread puts its arena on the free list, where the
 * next new thread finds it, so the arena count stays near the number of
 * threads alive at once instead of climbing to M_ARENA_MAX.  Blocks a
 * thread leaves behind are freed by main, into the dead thread's arena.
 */
#include "check.h"
#include <malloc.h>
#include <pthread.h>

#define HEAP_MAX_SIZE	(64UL << 20)	/* a non-main arena's heap, aligned so */

static void *one_block(void *arg)
{
	void *p = malloc(100);

	(void)arg;
	memset(p, 7, 100);
	return p;
}

static void *some_blocks(void *arg)
{
	void *p[50];
	int i;

	(void)arg;
	for (i = 0; i < 50; i++)
		p[i] = malloc(i * 40);
	for (i = 0; i < 49; i++)
		free(p[i]);
	return p[49];
}

static int arenas(void)
{
	char *buf = NULL, *s;
	size_t len = 0;
	int n = 0;
	FILE *f = open_memstream(&buf, &len);

	malloc_info(0, f);
	fclose(f);
	for (s = buf; (s = strstr(s, "<heap nr=")); s++)
		n++;
	free(buf);
	return n;
}

int main(void)
{
	pthread_t t[4];
	void *a, *b, *left[4];
	int round, i;

	sink = malloc(100);			/* a block of the main arena */
	CHECK(mallopt(M_ARENA_MAX, 8) == 1);
	/* One thread after another: the second reuses the first's arena. */
	pthread_create(&t[0], NULL, one_block, NULL);
	pthread_join(t[0], &a);
	pthread_create(&t[0], NULL, one_block, NULL);
	pthread_join(t[0], &b);
	CHECK((uintptr_t)a / HEAP_MAX_SIZE == (uintptr_t)b / HEAP_MAX_SIZE);
	CHECK((uintptr_t)a / HEAP_MAX_SIZE != (uintptr_t)sink / HEAP_MAX_SIZE);
	free(a);
	free(b);
	/* 300 rounds of four threads: at most 1 + 4 arenas ever. */
	for (round = 0; round < 300; round++) {
		for (i = 0; i < 4; i++)
			pthread_create(&t[i], NULL, some_blocks, NULL);
		for (i = 0; i < 4; i++)
			pthread_join(t[i], &left[i]);
		for (i = 0; i < 4; i++)
			free(left[i]);
	}
	i = arenas();
	CHECK(i >= 2 && i <= 5);
	if (i < 2 || i > 5)
		printf("error: %d arenas after 300 rounds of 4 threads\n", i);
	return done("thread-exit");
}
