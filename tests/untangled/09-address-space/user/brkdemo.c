/* brkdemo: the article's brk example (the address-space chapter): move
 * the break up a page and back, printing the [heap] lines of our maps and
 * waiting for Enter between the steps. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Print the [heap] lines of our maps; return the end of the last one.
 * The maps are read with read() into a static buffer, not with fopen():
 * fopen would malloc its buffer, and our malloc takes memory with sbrk,
 * moving the very break the program watches. */
static unsigned long heap_end(const char *when)
{
	static char maps[16384];
	unsigned long end = 0;
	int fd = open("/proc/self/maps", O_RDONLY);
	long n = fd < 0 ? 0 : read(fd, maps, sizeof(maps) - 1);

	if (fd >= 0)
		close(fd);
	maps[n > 0 ? n : 0] = 0;
	printf("brkdemo: %s, break %p:\n", when, sbrk(0));
	for (char *line = maps, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = 0;
		if (strstr(line, "[heap]")) {
			printf("  %s\n", line);
			end = strtoul(strchr(line, '-') + 1, NULL, 16);
		}
	}
	printf("brkdemo: press Enter\n");
	return end;
}

int main(void)
{
	char *start;
	unsigned long before, after;

	printf("brkdemo: the article's brk example\n");
	free(malloc(100));	/* a heap VMA, as glibc's start-up leaves one */
	start = sbrk(0);
	before = heap_end("at the start");
	getchar();
	brk(start + 4096);
	after = heap_end("after brk(+4096)");
	printf("brkdemo: the heap VMA grew by %lu bytes\n", after - before);
	getchar();
	brk(start);
	after = heap_end("after brk(back)");
	printf("brkdemo: the heap VMA is %s\n",
	       after == before ? "as at the start" : "not as at the start");
	getchar();
	return 0;
}
