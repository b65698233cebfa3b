/* Helpers shared by chapter 13's test programs: read /proc/slabinfo,
 * find a cache's line, run a program and capture its output. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Read FD to its end, PIECE bytes per read(); return the text. */
static inline char *read_pieces(int fd, size_t piece, size_t *len)
{
	size_t cap = 1 << 16;
	char *text = malloc(cap);
	ssize_t r;

	*len = 0;
	while ((r = read(fd, text + *len, piece)) > 0) {
		*len += r;
		if (*len + piece + 1 > cap)
			text = realloc(text, cap *= 2);
	}
	text[*len] = '\0';
	return text;
}

static inline char *slabinfo(void)
{
	int fd = open("/proc/slabinfo", O_RDONLY);
	size_t len;
	char *t;

	if (fd < 0) {
		perror("/proc/slabinfo");
		exit(2);
	}
	t = read_pieces(fd, 65536, &len);
	close(fd);
	return t;
}

/* Field FIELD (0: active_objs, 1: num_objs, ...) of cache NAME, or -1. */
static inline long slab_field(const char *text, const char *name, int field)
{
	size_t n = strlen(name);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, name, n) || l[n] != ' ')
			continue;
		char *p = (char *)l + n;
		long v = 0;
		for (int i = 0; i <= field; i++)
			v = strtol(p, &p, 10);
		return v;
	}
	return -1;
}

/* Run ARGV with its output in a pipe; return the output, status in *status. */
static inline char *run(char *const argv[], int *status)
{
	int p[2];
	size_t len;
	char *out;
	pid_t pid;

	if (pipe(p) < 0 || (pid = fork()) < 0)
		exit(2);
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	out = read_pieces(p[0], 4096, &len);
	close(p[0]);
	waitpid(pid, status, 0);
	return out;
}
