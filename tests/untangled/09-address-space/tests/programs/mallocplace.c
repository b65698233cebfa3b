/* mallocplace: glibc's malloc(100) comes from the heap (brk), malloc(1 MiB)
 * from an anonymous mapping of its own. */
#include "mmcommon.h"

#define P "mallocplace"

/* The name field of the maps line that covers addr ("" if anonymous). */
static void where(const char *what, void *addr)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long a = (unsigned long)addr;

	while (fgets(line, sizeof(line), f)) {
		unsigned long s = strtoul(line, NULL, 16);
		unsigned long e = strtoul(strchr(line, '-') + 1, NULL, 16);
		char *name = line + 73 < line + strlen(line) ? line + 73 : "\n";

		if (a >= s && a < e) {
			printf(P ": %s is in %s", what, name[0] == '\n' ? "an anonymous mapping\n" :
			       name);
			break;
		}
	}
	fclose(f);
}

/* Linux names both the BSS's VMA and the break's own VMA [heap]. */
static void heap_lines(void)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (fgets(line, sizeof(line), f))
		n += strstr(line, "[heap]") != NULL;
	fclose(f);
	printf(P ": %d [heap] lines\n", n);
}

int main(void)
{
	as_init();
	heap_lines();
	where("malloc(100)", malloc(100));
	where("malloc(1 MiB)", malloc(1 << 20));
	return 0;
}
