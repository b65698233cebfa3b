/* Built twice by tests/host/libc/run: against weft's libc and against the
 * host's glibc.  The two outputs must be identical. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void formats(void)
{
	char buf[256];
	int n;
#define F(...) do { n = snprintf(buf, sizeof(buf), __VA_ARGS__); \
		printf("[%s] %d\n", buf, n); } while (0)
	F("%d %i %u", 42, -42, 42u);
	F("%d %d", INT_MAX, INT_MIN);
	F("%ld %ld", LONG_MAX, LONG_MIN);
	F("%lld %llu", LLONG_MIN, ULLONG_MAX);
	F("%lu %lx %lX", ULONG_MAX, 0xdeadbeefUL, 0xdeadbeefUL);
	F("%zu %zd", (size_t)12345, (ssize_t)-12345);
	F("%x %X %o", 255, 255, 8);
	F("%#x %#X %#o %#o %#x", 255, 255, 8, 0, 0);
	F("%5d|%-5d|%05d|%+d|% d|%+5d|%-+5d|", 42, 42, 42, 42, 42, 42, 42);
	F("%05d|%-05d|%5.3d|%-8.4x|%08.3d", -42, -42, 7, 0xab, -5);
	F("%.0d|%.0x|%5.0d|%#.0o|%.3o", 0, 0, 0, 0, 8);
	F("%s|%10s|%-10s|%.2s|%10.3s|", "abc", "abc", "abc", "abc", "abcdef");
	F("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	F("%%|%5%|%d%%", 50);
	F("%p %p", (void *)0x1234, (void *)0);
	F("%20p|%-20p|", (void *)0xffffffff80000000UL, (void *)0x400000);
	F("%*d|%-*d|%.*d|%*.*x", 6, 1, 6, 2, 4, 3, 8, 5, 0xabc);
	F("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	F("%#lx %#llo %#5x", 0x7ffffffff000UL, 0777ULL, 1);
	F("%s", "");
	F("%3s|%-3s|", "toolong", "toolong");
	n = snprintf(buf, 5, "%s", "truncated");
	printf("[%s] %d\n", buf, n);
	n = snprintf(NULL, 0, "%d-%s", 12345, "xyz");
	printf("null %d\n", n);
	n = sprintf(buf, "%08.3lx|", 0x1fUL);
	printf("[%s] %d\n", buf, n);
}

static unsigned long rng = 12345;
static unsigned long next(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return rng >> 33;
}

static void malloc_stress(void)
{
	enum { SLOTS = 512, ROUNDS = 20000 };
	static unsigned char *p[SLOTS];
	static size_t len[SLOTS];
	int bad = 0;

	for (int r = 0; r < ROUNDS; r++) {
		int i = next() % SLOTS;
		if (p[i]) {
			for (size_t k = 0; k < len[i]; k++)
				if (p[i][k] != (unsigned char)(i + k))
					bad++;
			if (next() % 3 == 0) {
				size_t nl = next() % 3000;
				p[i] = realloc(p[i], nl + 1);
				for (size_t k = len[i]; k < nl; k++)
					p[i][k] = (unsigned char)(i + k);
				len[i] = nl < len[i] ? nl : nl;
				for (size_t k = 0; k < len[i]; k++)
					p[i][k] = (unsigned char)(i + k);
				continue;
			}
			free(p[i]);
			p[i] = 0;
		} else {
			len[i] = next() % 4 == 0 ? next() % 300000 : next() % 2000;
			p[i] = malloc(len[i]);
			if (!p[i] || ((unsigned long)p[i] & 15))
				bad++;
			for (size_t k = 0; k < len[i]; k++)
				p[i][k] = (unsigned char)(i + k);
		}
	}
	for (int i = 0; i < SLOTS; i++)
		free(p[i]);
	int *z = calloc(1000, sizeof(int));
	for (int i = 0; i < 1000; i++)
		bad += z[i] != 0;
	free(z);
	errno = 0;
	printf("calloc overflow: %p %d\n", calloc(~0UL / 2, 4), errno == ENOMEM);
	printf("malloc stress: %d bad\n", bad);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void sorting(void)
{
	static int a[5000];
	unsigned long sum = 0;
	for (int i = 0; i < 5000; i++)
		a[i] = (int)(next() % 1000) - 500;
	qsort(a, 5000, sizeof(int), cmp_int);
	for (int i = 0; i < 5000; i++)
		sum = sum * 31 + (unsigned)a[i];
	int sorted = 1;
	for (int i = 1; i < 5000; i++)
		sorted &= a[i - 1] <= a[i];
	printf("qsort: sorted=%d hash=%lx first=%d last=%d\n", sorted, sum, a[0], a[4999]);
	qsort(a, 0, sizeof(int), cmp_int);
	qsort(a, 1, sizeof(int), cmp_int);
}

static void numbers(void)
{
	static const char *in[] = { "0", "42", "  -17xyz", "+9", "0x1F", "0X", "0xg",
		"017", "08", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "-1", "", "  ",
		"-", "zz", "1e5", "\t\n 123" };
	static const int bases[] = { 0, 10, 16, 8, 36, 2 };
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *end;
			errno = 0;
			long v = strtol(in[i], &end, bases[b]);
			int e1 = errno;
			errno = 0;
			unsigned long u = strtoul(in[i], &end, bases[b]);
			printf("strto '%s' base %d: %ld e%d %lu e%d end+%ld\n", in[i],
			       bases[b], v, e1, u, errno, (long)(end - in[i]));
		}
	printf("strtoll %lld %llu atoi %d abs %d labs %ld\n", strtoll("-77", 0, 10),
	       strtoull("77", 0, 8), atoi(" 12ab"), abs(-5), labs(-6L));
}

static volatile int got;
static void handler(int sig) { got = sig; }

static void signals(void)
{
	for (int s = 1; s < 32; s++)
		printf("sig %d: %s\n", s, strsignal(s));
	for (int e = 0; e <= 40; e++)
		printf("err %d: %s\n", e, strerror(e));
	signal(SIGUSR1, handler);
	raise(SIGUSR1);
	printf("handler ran: %d\n", got);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	signal(SIGUSR2, handler);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR2);
	printf("blocked: got=%d member=%d\n", got, sigismember(&set, SIGUSR2));
	sigprocmask(SIG_SETMASK, &old, 0);
	printf("unblocked: got=%d\n", got);
}

static void files(void)
{
	char path[64], line[64];
	snprintf(path, sizeof(path), "/tmp/libctest.%d", (int)getpid());
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d\n", i);
	fclose(f);
	f = fopen(path, "r");
	int n = 0, c;
	while (fgets(line, sizeof(line), f))
		n++;
	printf("lines %d eof %d last '%s'\n", n, feof(f), line);
	fclose(f);
	f = fopen(path, "r");
	c = fgetc(f);
	ungetc(c, f);
	size_t got = fread(line, 1, 10, f);
	line[got] = 0;
	printf("fread %zu '%s'\n", got, line);
	fclose(f);
	unlink(path);
	f = fopen("/nonexistent/x", "r");
	printf("fopen missing: %p %s\n", (void *)f, strerror(errno));
	printf("getenv: %s\n", getenv("LIBCTEST") ? getenv("LIBCTEST") : "(unset)");
	printf("strings: %zu %d %s %s %zu\n", strlen("hello"), strcmp("a", "b") < 0,
	       strchr("hello", 'l'), strrchr("hello", 'l'), strcspn("abc:def", ":"));
}

static void bye1(void) { printf("atexit 1\n"); }
static void bye2(void) { printf("atexit 2\n"); }

int main(void)
{
	formats();
	malloc_stress();
	sorting();
	numbers();
	signals();
	files();
	atexit(bye1);
	atexit(bye2);
	printf("pagesize %ld\n", sysconf(_SC_PAGESIZE));
	printf("buffered, no newline at the end: exit must flush");
	return 0;
}
