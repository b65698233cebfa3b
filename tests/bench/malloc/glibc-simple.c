/*
 * glibc-simple: glibc's benchtests/bench-malloc-simple.c, in our own
 * words.  For each block size from 16 to 1024 bytes and each count of
 * 25, 100, 400 and 1600 blocks, allocate that many blocks, then free them
 * all, many times over: the fast paths of malloc and free (tcache,
 * fastbins, the small bins) with nothing else going on.  glibc runs it
 * once in a single thread and once with a second thread alive, which
 * turns on its locking; this runs the single-threaded half.
 */
#include "bench.h"

static const size_t sizes[] = { 16, 32, 64, 128, 256, 512, 1024 };
static const int counts[] = { 25, 100, 400, 1600 };

int main(int argc, char **argv)
{
	long reps = scaled(argc, argv, 40000);
	static void *p[1600];
	uint64_t sum = 0;

	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (unsigned c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
			long n = counts[c], rep = reps * 25 / n;

			for (long k = 0; k < rep; k++) {
				for (long i = 0; i < n; i++) {
					p[i] = xmalloc(sizes[s]);
					*(volatile long *)p[i] = i;
				}
				for (long i = 0; i < n; i++) {
					sum += *(volatile long *)p[i];
					free(p[i]);
				}
			}
		}
	DONE("glibc-simple", sum);
	return 0;
}
