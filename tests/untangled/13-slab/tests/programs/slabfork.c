/* Exercise: slabtop -o before and while 40 children exist; the
 * task_struct and mm_struct caches' ACTIVE columns rise. */
#include "slabcommon.h"

#define CHILDREN 40

/* The ACTIVE column of cache NAME in slabtop's output. */
static long active(const char *out, const char *name)
{
	for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char cache[64];
		long objs, act;

		if (sscanf(l, "%ld %ld %*s %*s %*d %*d %*s %63s", &objs, &act, cache) == 3 &&
		    !strcmp(cache, name))
			return act;
	}
	return -1;
}

int main(void)
{
	char *const argv[] = { "/bin/slabtop", "-o", NULL };
	int go[2], status;
	char *before, *during, c;
	pid_t pids[CHILDREN];

	if (pipe(go))
		return 2;
	before = run(argv, &status);
	for (int i = 0; i < CHILDREN; i++)
		if ((pids[i] = fork()) == 0) {
			close(go[1]);		/* so that the parent's close ends the read */
			read(go[0], &c, 1);
			_exit(0);
		}
	during = run(argv, &status);
	close(go[1]);
	for (int i = 0; i < CHILDREN; i++)
		waitpid(pids[i], NULL, 0);
	fputs(during, stdout);
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "mm_struct" : "task_struct";
		long a = active(before, name), b = active(during, name);

		printf("slabfork: %s ACTIVE %ld before, %ld with %d more processes%s\n", name, a, b,
		       CHILDREN, a >= 0 && b - a >= CHILDREN / 2 ? ": ok" : "");
	}
	return 0;
}
