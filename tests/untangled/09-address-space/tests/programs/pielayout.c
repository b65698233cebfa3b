/* pielayout: print /proc/self/maps, built with gcc -static-pie.
 * Linux 6.1 (norandmaps) maps a static PIE top-down below mmap_base
 * and puts its break at ELF_ET_DYN_BASE; weft does the same. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mount.h>

int main(void)
{
	static char buf[16384];
	ssize_t n, len = 0;
	int fd;

	mount("proc", "/proc", "proc", 0, NULL);	/* as Linux's /init */
	fd = open("/proc/self/maps", O_RDONLY);
	while (fd >= 0 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = 0;
	for (char *s = buf, *e; *s; s = e + 1) {
		e = s;
		while (*e && *e != '\n')
			e++;
		printf("pielayout: %.*s\n", (int)(e - s), s);
		if (!*e)
			break;
	}
	printf("pielayout: main at %p, brk at %p\n", (void *)main, sbrk(0));
	return 0;
}
