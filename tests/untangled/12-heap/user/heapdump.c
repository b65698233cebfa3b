/*
 * heapdump STEP...: drive the allocator from the command line and show
 * the heap with malloc_heapdump (weft's own viewer, chapter 12).
 *   mSIZE[xN]  malloc SIZE bytes (N times), each into the next slot
 *   fI[-J]     free slot I (to J)
 *   t          malloc_trim(0)
 *   d          malloc_heapdump(1)
 *   T          run the remaining steps in a new thread, and join it
 * Output goes through dprintf, which needs no stdio buffer from the heap.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 1024

static void *slot[SLOTS];
static int nslots;

static void run(char **steps);

static void *thread_main(void *steps)
{
	run(steps);
	return NULL;
}

static void step(char **steps)
{
	char *a = steps[0], *end;
	long x = strtol(a + 1, &end, 10), y;

	switch (a[0]) {
	case 'm':
		y = *end == 'x' ? strtol(end + 1, NULL, 10) : 1;
		for (long i = 0; i < y && nslots < SLOTS; i++) {
			slot[nslots] = malloc(x);
			dprintf(1, "%s: slot %d = %p\n", a, nslots, slot[nslots]);
			nslots++;
		}
		break;
	case 'f':
		y = *end == '-' ? strtol(end + 1, NULL, 10) : x;
		for (long i = x; i <= y && i < SLOTS; i++) {
			free(slot[i]);
			slot[i] = NULL;
		}
		dprintf(1, "%s: freed slots %ld-%ld\n", a, x, y);
		break;
	case 't':
		dprintf(1, "t: malloc_trim(0) = %d\n", malloc_trim(0));
		break;
	case 'd':
		dprintf(1, "d: dump\n");
		malloc_heapdump(1);
		break;
	default:
		dprintf(1, "%s: unknown step\n", a);
		exit(2);
	}
}

static void run(char **steps)
{
	for (; *steps; steps++) {
		if (**steps == 'T') {
			pthread_t t;

			dprintf(1, "T: the rest runs in a new thread\n");
			pthread_create(&t, NULL, thread_main, steps + 1);
			pthread_join(t, NULL);
			return;
		}
		step(steps);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	run(argv + 1);
	return 0;
}
