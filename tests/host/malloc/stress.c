/*
 * stress [ROUNDS]: eight threads pass blocks to each other.  Each thread
 * allocates blocks of random sizes, stamps each with its maker, its number
 * and its size, fills it with a pattern from those, and pushes it onto
 * another thread's queue; it pops what others sent it, checks every byte
 * and frees it: most frees are of another arena's chunk.  At the end the
 * counts must match: every block made was checked and freed once.
 */
#include "check.h"
#include <malloc.h>
#include <pthread.h>

#define THREADS	8
#define QUEUE	256

struct stamp {
	uint32_t maker, number;
	size_t size;
};

struct queue {
	pthread_mutex_t lock;
	void *item[QUEUE];
	unsigned head, tail;
};

static struct queue queue[THREADS];
static unsigned long rounds = 200000, made[THREADS], freed[THREADS];
static pthread_barrier_t all_made;

static unsigned char byte(const struct stamp *s, size_t i)
{
	return (unsigned char)(s->maker * 31 + s->number * 7 + i);
}

static int push(struct queue *q, void *p)
{
	int ok;

	pthread_mutex_lock(&q->lock);
	ok = q->tail - q->head < QUEUE;
	if (ok)
		q->item[q->tail++ % QUEUE] = p;
	pthread_mutex_unlock(&q->lock);
	return ok;
}

static void *pop(struct queue *q)
{
	void *p = NULL;

	pthread_mutex_lock(&q->lock);
	if (q->head != q->tail)
		p = q->item[q->head++ % QUEUE];
	pthread_mutex_unlock(&q->lock);
	return p;
}

static void check_and_free(unsigned self, struct stamp *s)
{
	unsigned char *p = (unsigned char *)(s + 1);
	size_t i;

	for (i = 0; i < s->size; i++)
		if (p[i] != byte(s, i)) {
			printf("error: block %u of thread %u: byte %zu changed\n",
			       s->number, s->maker, i);
			exit(1);
		}
	free(s);
	freed[self]++;
}

static void *worker(void *arg)
{
	unsigned self = (unsigned)(uintptr_t)arg, x = self * 2654435761u + 1;
	unsigned long n;
	struct stamp *s;
	size_t i;

	for (n = 0; n < rounds; n++) {
		x = x * 1103515245 + 12345;
		s = malloc(sizeof(*s) + (x >> 4) % (x % 16 ? 600 : 20000));
		s->maker = self;
		s->number = n;
		s->size = (x >> 4) % (x % 16 ? 600 : 20000);
		for (i = 0; i < s->size; i++)
			((unsigned char *)(s + 1))[i] = byte(s, i);
		made[self]++;
		if (!push(&queue[(self + 1 + (x >> 20) % (THREADS - 1)) % THREADS], s))
			check_and_free(self, s);
		while ((s = pop(&queue[self])))
			check_and_free(self, s);
	}
	pthread_barrier_wait(&all_made);
	while ((s = pop(&queue[self])))
		check_and_free(self, s);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long total_made = 0, total_freed = 0;
	pthread_t t[THREADS];
	unsigned i;

	if (argc > 1)
		rounds = strtoul(argv[1], NULL, 0);
	pthread_barrier_init(&all_made, NULL, THREADS);
	for (i = 0; i < THREADS; i++)
		pthread_mutex_init(&queue[i].lock, NULL);
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		total_made += made[i];
		total_freed += freed[i];
	}
	CHECK(total_made == THREADS * rounds && total_freed == total_made);
	printf("stress: %u threads made and freed %lu blocks\n", THREADS, total_made);
	return done("stress");
}
