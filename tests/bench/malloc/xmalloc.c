/*
 * xmalloc-like: producers and consumers.  xmalloc-test (Lever and
 * Boreham's, in the mimalloc suite) has some threads only allocate and
 * others only free what they are given: every block crosses threads, and
 * an allocator that returns a freed block to its owner's structures pays
 * for it on every free.  Here 2 producers allocate blocks of 16 to 512
 * bytes and queue them in batches of 64; 2 consumers take batches, check
 * them and free them.
 */
#include <pthread.h>
#include "bench.h"

#define PRODUCERS 2
#define CONSUMERS 2
#define BATCH 64
#define QLEN 64

struct batch {
	void *p[BATCH];
	uint32_t n[BATCH];
	uint64_t tag[BATCH];
};

static struct batch *queue[QLEN];
static int qhead, qcount, producing = PRODUCERS;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qfull = PTHREAD_COND_INITIALIZER;
static pthread_cond_t qempty = PTHREAD_COND_INITIALIZER;
static long batches;
static uint64_t sums[CONSUMERS];

static void *producer(void *arg)
{
	struct rng r;

	rng_seed(&r, 100 + (long)arg);
	for (long k = 0; k < batches; k++) {
		struct batch *b = xmalloc(sizeof(*b));

		for (int i = 0; i < BATCH; i++) {
			b->n[i] = rng_range(&r, 16, 512);
			b->p[i] = xmalloc(b->n[i]);
			b->tag[i] = rng_next(&r);
			fill(b->p[i], b->n[i], b->tag[i]);
		}
		pthread_mutex_lock(&qlock);
		while (qcount == QLEN)
			pthread_cond_wait(&qfull, &qlock);
		queue[(qhead + qcount++) % QLEN] = b;
		pthread_cond_signal(&qempty);
		pthread_mutex_unlock(&qlock);
	}
	pthread_mutex_lock(&qlock);
	producing--;
	pthread_cond_broadcast(&qempty);
	pthread_mutex_unlock(&qlock);
	return NULL;
}

static void *consumer(void *arg)
{
	uint64_t sum = 0;

	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&qlock);
		while (!qcount && producing)
			pthread_cond_wait(&qempty, &qlock);
		if (!qcount) {
			pthread_mutex_unlock(&qlock);
			break;
		}
		b = queue[qhead];
		qhead = (qhead + 1) % QLEN;
		qcount--;
		pthread_cond_signal(&qfull);
		pthread_mutex_unlock(&qlock);
		/* a sum, not a chain: which consumer gets a batch varies */
		for (int i = 0; i < BATCH; i++) {
			sum += check(b->p[i], b->n[i], b->tag[i]);
			free(b->p[i]);
		}
		free(b);
	}
	sums[(long)arg] = sum;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	uint64_t sum = 0;

	batches = scaled(argc, argv, 40000);
	for (long i = 0; i < CONSUMERS; i++)
		if (pthread_create(&c[i], NULL, consumer, (void *)i))
			abort();
	for (long i = 0; i < PRODUCERS; i++)
		if (pthread_create(&p[i], NULL, producer, (void *)i))
			abort();
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < CONSUMERS; i++) {
		pthread_join(c[i], NULL);
		sum += sums[i];
	}
	DONE("xmalloc", sum);
	return 0;
}
