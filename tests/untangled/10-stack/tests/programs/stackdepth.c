/*
 * stackdepth: print this process's RLIMIT_STACK, then recurse without
 * end, 1 KiB of frame per call, printing a line at every 256 KiB of
 * depth, until the kernel refuses to grow the stack and SIGSEGV ends
 * the process.  Run as "ulimit -s 1024; stackdepth" from a shell: the
 * last line printed is 768 KiB, and the shell reports the signal.
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>

static char *top;
static long next_report = 256 << 10;

static void dive(long calls)
{
	volatile char frame[1024];
	long deep = top - (char *)frame;

	frame[0] = 1;
	if (deep >= next_report) {
		char line[64];
		int n = snprintf(line, sizeof(line), "stackdepth: %ld KiB deep\n",
				 next_report >> 10);

		write(1, line, n);
		next_report += 256 << 10;
	}
	if (calls == 1L << 40)		/* never: keeps the recursion finite for the compiler */
		return;
	dive(calls + 1);
	frame[1] = 0;
}

int main(void)
{
	struct rlimit r;
	char here;

	getrlimit(RLIMIT_STACK, &r);
	if (r.rlim_cur == RLIM_INFINITY)
		printf("stackdepth: RLIMIT_STACK unlimited\n");
	else
		printf("stackdepth: RLIMIT_STACK %lu KiB\n", (unsigned long)r.rlim_cur >> 10);
	fflush(stdout);
	top = &here;
	dive(0);
	return 0;
}
