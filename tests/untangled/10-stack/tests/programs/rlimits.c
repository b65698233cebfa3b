/*
 * rlimits: print every resource limit, soft and hard, as getrlimit
 * returns it, for comparison with Linux (tests/compare).  The two limits
 * that Linux sizes from memory, RLIMIT_NPROC and RLIMIT_SIGPENDING, are
 * shown by their relation to MemTotal: one process per 64 pages of the
 * memory the kernel managed when it made its first task, which is less
 * than MemTotal by what the kernel freed later (its init sections, the
 * initrd), so between 3/4 of MemTotal/256 and MemTotal/256.  No two
 * kernels manage the same number of pages; "rlimits raw" prints them.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static const char *const names[16] = {
	"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
	"RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
	"RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
	"RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};

static void value(char *buf, size_t size, rlim_t v)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, size, "unlimited");
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
}

static unsigned long memtotal_kb(void)
{
	char line[128];
	unsigned long kb = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	int raw = argc > 1 && !strcmp(argv[1], "raw");
	unsigned long per64 = memtotal_kb() / 256;	/* MemTotal in pages / 64 */

	for (int i = 0; i < 16; i++) {
		struct rlimit r;
		char cur[32], max[32];

		if (getrlimit(i, &r)) {
			printf("%-18s getrlimit failed\n", names[i]);
			continue;
		}
		value(cur, sizeof(cur), r.rlim_cur);
		value(max, sizeof(max), r.rlim_max);
		if (!raw && (i == RLIMIT_NPROC || i == RLIMIT_SIGPENDING)) {
			int near = r.rlim_cur == r.rlim_max && r.rlim_cur <= per64 &&
				   r.rlim_cur >= per64 / 4 * 3;
			printf("%-18s soft = hard, about MemTotal/256: %s\n",
			       names[i], near ? "yes" : "no");
			continue;
		}
		printf("%-18s soft %-12s hard %s\n", names[i], cur, max);
	}
	if (raw)
		printf("MemTotal %lu kB, /256: %lu\n", memtotal_kb(), per64);
	return 0;
}
