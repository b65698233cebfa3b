/* As glibc's tst-free-errno.c: free keeps errno, whatever it frees. */
#include "check.h"
#include <pthread.h>

static void *worker(void *arg)
{
	(void)arg;
	return malloc(100);
}

int main(void)
{
	size_t sizes[] = { 0, 24, 100, 1000, 100000, 200000, 4 << 20 };
	pthread_t t;
	void *p;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = malloc(sizes[i]);
		errno = 1789;
		free(p);
		CHECK(errno == 1789);
	}
	errno = 1789;
	free(NULL);
	CHECK(errno == 1789);
	/* A block of another thread's arena. */
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, &p);
	errno = 1789;
	free(p);
	CHECK(errno == 1789);
	return done("free-errno");
}
