/* execstack: print this process's [stack] line from /proc/self/maps,
 * then execute itself again with 300 KiB of arguments (three strings
 * of 100 KiB and an empty environment) and print the new [stack] line.
 * Run on weft and on Linux 6.1 (norandmaps): the lines are the same. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

static void show(const char *tag)
{
	static char buf[16384];
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n, len = 0;
	char *line;

	while (fd >= 0 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long lo, hi;

		if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			printf("execstack: %s: [stack] %lx-%lx %lu KiB\n", tag, lo, hi,
			       (hi - lo) >> 10);
	}
}

static char big[3][100 * 1024 + 1];

int main(int argc, char **argv)
{
	mount("proc", "/proc", "proc", 0, NULL);	/* as Linux's /init */
	if (argc > 1 && !strcmp(argv[1], "show")) {
		show("300 KiB of arguments");
		return 0;
	}
	show("small");
	fflush(stdout);
	for (int i = 0; i < 3; i++)
		memset(big[i], 'a' + i, sizeof(big[i]) - 1);
	char *nargv[] = { argv[0], "show", big[0], big[1], big[2], NULL };
	char *nenvp[] = { NULL };
	execve(argv[0], nargv, nenvp);
	perror("execstack: execve");
	return 1;
}
