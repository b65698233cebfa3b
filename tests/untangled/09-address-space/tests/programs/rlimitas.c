/* rlimitas: RLIMIT_AS bounds mmap and brk, and children inherit it. */
#include "mmcommon.h"

#define MB (1UL << 20)
#define P "rlimitas"

int main(int argc, char **argv)
{
	struct rlimit r;
	unsigned long limit;
	char *start, *end;
	int status;
	pid_t pid;

	as_init();
	if (argc > 1) {		/* the exec'd child */
		getrlimit(RLIMIT_AS, &r);
		printf(P ": after exec: RLIMIT_AS is %s\n",
		       r.rlim_cur == strtoul(argv[1], NULL, 10) ? "inherited" : "lost");
		printf(P ": after exec: mmap 64 MiB: %s\n", errname(mmap(NULL, 64 * MB,
		       PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errno : 0));
		return 0;
	}
	limit = (status_kb("VmSize") << 10) + 8 * MB;
	r.rlim_cur = limit;
	r.rlim_max = RLIM_INFINITY;
	setrlimit(RLIMIT_AS, &r);
	printf(P ": mmap 16 MiB over the limit: %s\n", errname(mmap(NULL, 16 * MB, PROT_NONE,
	       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errno : 0));
	printf(P ": mmap 4 MiB under it: %s\n", errname(mmap(NULL, 4 * MB, PROT_NONE,
	       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errno : 0));
	start = sbrk(0);
	while (sbrk(64 * 1024) != (void *)-1)
		;
	end = sbrk(0);
	printf(P ": brk stops after %lu KiB, VmSize %s the limit\n",
	       (unsigned long)(end - start) >> 10,
	       (unsigned long)status_kb("VmSize") << 10 <= limit ? "within" : "over");
	pid = fork();
	if (!pid) {
		getrlimit(RLIMIT_AS, &r);
		printf(P ": after fork: RLIMIT_AS is %s\n", r.rlim_cur == limit ? "inherited" : "lost");
		printf(P ": after fork: mmap 16 MiB: %s\n", errname(mmap(NULL, 16 * MB, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errno : 0));
		fflush(stdout);
		char num[32];
		snprintf(num, sizeof(num), "%lu", limit);
		execl(argv[0], argv[0], num, (char *)NULL);
		_exit(1);
	}
	waitpid(pid, &status, 0);
	printf(P ": done\n");
	return 0;
}
