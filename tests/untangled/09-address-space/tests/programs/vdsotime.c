/* vdsotime: read the clocks through the vDSO.
 *   vdsotime        1000 rounds of clock_gettime(MONOTONIC, REALTIME),
 *                   gettimeofday and time; checks that they are sane
 *   vdsotime agree  compares the vDSO with the system call itself */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS	10000000L	/* weft's HZ is 100 */

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static int fail(const char *what)
{
	printf("vdsotime: FAILED: %s\n", what);
	return 1;
}

static int loop(void)
{
	struct timespec mono, prev = { 0, 0 }, real;
	struct timeval tv;
	time_t t;

	for (int i = 0; i < 1000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &mono) || clock_gettime(CLOCK_REALTIME, &real) ||
		    gettimeofday(&tv, NULL) || (t = time(NULL)) == (time_t)-1)
			return fail("a call failed");
		if (ns(&mono) < ns(&prev))
			return fail("CLOCK_MONOTONIC went backwards");
		if (real.tv_sec < 1600000000 || mono.tv_nsec < 0 || mono.tv_nsec >= 1000000000)
			return fail("a value is not sane");
		if (tv.tv_sec * 1000000LL + tv.tv_usec < ns(&real) / 1000 || t < real.tv_sec)
			return fail("gettimeofday or time is behind CLOCK_REALTIME");
		prev = mono;
	}
	printf("vdsotime: 4000 calls, values sane and monotonic\n");
	return 0;
}

static int agree(void)
{
	struct timespec a, b, c, r1, r2;
	int fine_vdso = 0, fine_syscall = 0;

	if (!getauxval(AT_SYSINFO_EHDR))
		return fail("no AT_SYSINFO_EHDR: no vDSO");
	for (int i = 0; i < 2000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
		clock_gettime(CLOCK_MONOTONIC, &c);
		fine_vdso += a.tv_nsec % TICK_NS != 0;
		fine_syscall += b.tv_nsec % TICK_NS != 0;
		if (ns(&b) < ns(&a) || ns(&c) < ns(&b))
			return fail("MONOTONIC went backwards between the vDSO and the system call");
		if (ns(&c) - ns(&a) > 2 * TICK_NS && ns(&b) - ns(&a) > 2 * TICK_NS)
			return fail("the vDSO and the system call are two ticks apart");
		clock_gettime(CLOCK_REALTIME, &r1);
		syscall(SYS_clock_gettime, CLOCK_REALTIME, &r2);
		if (ns(&r2) < ns(&r1) || ns(&r2) - ns(&r1) > 2 * TICK_NS)
			return fail("REALTIME differs by more than two ticks");
	}
	printf("vdsotime: vDSO and system call agree within two ticks, 2000 rounds\n");
	printf("vdsotime: between ticks: vDSO %s, system call %s\n",
	       fine_vdso > 1000 ? "finer than a tick" : "by ticks",
	       fine_syscall > 1000 ? "finer than a tick" : "by ticks");
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a))
		return fail("CLOCK_PROCESS_CPUTIME_ID (the fallback)");
	errno = 0;
	if (clock_gettime(99, &a) != -1 || errno != EINVAL)
		return fail("clock 99 is not EINVAL");
	errno = 0;
	if (clock_gettime(-1, &a) != -1 || errno != EINVAL)
		return fail("clock -1 is not EINVAL");
	printf("vdsotime: fallback: CPUTIME served, bad clocks EINVAL\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "agree"))
		return agree();
	return loop();
}
