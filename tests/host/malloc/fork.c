/*
 * As glibc's tst-mallocfork2.c: fork while other threads malloc and free
 * without pause.  fork takes every arena's lock first, so the child finds
 * the allocator consistent: it mallocs and frees in every size class and
 * exits 0.  A lock left held in the child would hang it: an alarm ends
 * such a child after 20 s, and the test with it; a torn list crashes it.
 */
#include "check.h"
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;

static void *churn(void *arg)
{
	void *keep[64] = { 0 };
	unsigned x = (unsigned)(uintptr_t)arg;
	size_t i = 0;

	while (!stop) {
		x = x * 1103515245 + 12345;
		i = (x >> 8) % 64;
		free(keep[i]);
		keep[i] = malloc((x >> 16) % 3000);
	}
	for (i = 0; i < 64; i++)
		free(keep[i]);
	return NULL;
}

static int child(void)
{
	size_t n;
	void *p;

	for (n = 0; n < 300000; n = n * 2 + 1) {
		p = malloc(n);
		if (!p)
			return 1;
		memset(p, 1, n);
		free(p);
	}
	return 0;
}

int main(void)
{
	pthread_t t[3];
	int i, status, bad = 0;
	pid_t pid;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, churn, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < 200; i++) {
		pid = fork();
		if (pid == 0) {
			alarm(20);
			_exit(child());
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("error: child %d ended with status %#x\n", i, status);
			bad++;
			break;
		}
	}
	stop = 1;
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK(bad == 0);
	return done("fork");
}
