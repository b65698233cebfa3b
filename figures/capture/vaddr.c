/* Addresses a static glibc program uses, for the page-table figures:
 * one local variable (the stack), one malloc'd block (the heap, from
 * brk), main (the text), one global (the data) and one fresh anonymous
 * mapping; then its own /proc/self/maps. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int global = 1;

int main(void)
{
	int local = 2;
	char *heap = malloc(64);
	char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char line[256];
	FILE *f;

	heap[0] = map[0] = 1;
	printf("vaddr: stack %p\n", (void *)&local);
	printf("vaddr: heap %p\n", (void *)heap);
	printf("vaddr: text %p\n", (void *)main);
	printf("vaddr: data %p\n", (void *)&global);
	printf("vaddr: mmap %p\n", (void *)map);
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f))
		printf("maps: %s", line);
	return 0;
}
