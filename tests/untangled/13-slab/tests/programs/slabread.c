/* /proc/slabinfo: Linux's format, line for line; the same text when
 * read a byte at a time; and slabtop -o -s n shows the same caches with
 * the same object sizes and objects per slab.  Bad slabtop options give
 * the usage and status 1. */
#include "slabcommon.h"

static int format_ok(char *line)
{
	char name[64], again[512];
	unsigned long v[13];
	int n;

	if (sscanf(line, "%63s %lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu %lu%n",
		   name, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
		   &v[10], &n) != 12)
		return 0;
	snprintf(again, sizeof(again), "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u"
		 " : slabdata %6lu %6lu %6lu", name, v[0], v[1], (unsigned)v[2], (unsigned)v[3],
		 (int)v[4], (unsigned)v[5], (unsigned)v[6], (unsigned)v[7], v[8], v[9], v[10]);
	return !strcmp(again, line) && v[0] <= v[1] && v[8] <= v[9] && v[3] > 0 &&
	       (v[4] & (v[4] - 1)) == 0;
}

static int find_row(const char *out, const char *name, char *size, long *per_slab)
{
	for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char cache[64];

		if (sscanf(l, "%*d %*d %*s %31s %*d %ld %*s %63s", size, per_slab, cache) == 3 &&
		    !strcmp(cache, name))
			return 1;
	}
	return 0;
}

int main(void)
{
	static const char *const bad[][4] = {
		{ "/bin/slabtop", "-x" }, { "/bin/slabtop", "-d", "abc" },
		{ "/bin/slabtop", "-s", "z" }, { "/bin/slabtop", "-d" }, { "/bin/slabtop", "-d", "0" },
	};
	char *const top[] = { "/bin/slabtop", "-o", "-s", "n", NULL };
	int fd = open("/proc/slabinfo", O_RDONLY), status, lines = 0, good = 0, shown = 0;
	size_t len, len1;
	char *whole, *bytes, *out, *line;

	whole = read_pieces(fd, 65536, &len);
	lseek(fd, 0, SEEK_SET);
	bytes = read_pieces(fd, 1, &len1);
	printf("slabread: %zu bytes in one read, %zu a byte at a time: %s\n", len, len1,
	       len == len1 && !memcmp(whole, bytes, len) ? "the same text" : "DIFFERENT");
	out = run(top, &status);
	for (line = strtok(bytes, "\n"); line; line = strtok(NULL, "\n"), lines++) {
		char name[64], size[32], want[32];
		long per_slab, objsize = 0, ops = 0;

		if (lines == 0 && strcmp(line, "slabinfo - version: 2.1"))
			break;
		if (lines == 1 && strcmp(line, "# name            <active_objs> <num_objs> <objsize> "
				    "<objperslab> <pagesperslab> : tunables <limit> <batchcount> "
				    "<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>"))
			break;
		if (lines < 2)
			continue;
		good += format_ok(line);
		sscanf(line, "%63s %*u %*u %ld %ld", name, &objsize, &ops);
		snprintf(want, sizeof(want), "%ld.%02ldK", (objsize * 100 + 512) / 1024 / 100,
			 (objsize * 100 + 512) / 1024 % 100);
		if (find_row(out, name, size, &per_slab) && !strcmp(size, want) && per_slab == ops)
			shown++;
		else
			printf("slabread: slabtop's line for %s differs from /proc/slabinfo's\n", name);
	}
	printf("slabread: %d caches, %d lines in Linux's format\n", lines - 2, good);
	printf("slabread: slabtop shows %d of them, with their sizes and objects per slab%s\n",
	       shown, status == 0 ? "" : " (slabtop FAILED)");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *o = run((char *const *)bad[i], &status);

		printf("slabread: slabtop %s %s: status %d, %s\n", bad[i][1], bad[i][2] ? bad[i][2] : "",
		       WEXITSTATUS(status), strstr(o, "usage: slabtop") ? "usage" : "NO USAGE");
	}
	return 0;
}
