/* The slab reaper gives spare memory back while a program sleeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static long memfree(void)
{
	char buf[4096], *p;
	FILE *f = fopen("/proc/meminfo", "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = 0;
	p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

int main(void)
{
	static char *maps[3000];
	long before, after;

	for (int i = 0; i < 3000; i++) {
		maps[i] = mmap(NULL, 4096, i & 1 ? PROT_READ : PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (maps[i] == MAP_FAILED)
			return 1;
	}
	for (int i = 0; i < 3000; i++)
		munmap(maps[i], 4096);
	before = memfree();
	for (int i = 0; i < 16; i++)
		sleep(1);
	after = memfree();
	printf("slabreap: MemFree %ld kB after the munmaps, %ld kB 16 s later: "
	       "%s\n", before, after, after - before >= 16 ? "given back" : "KEPT");
	return 0;
}
