/*
 * runall TEST...: run each test program (./NAME if there is one, else
 * /NAME) one after the other with its output going into a pipe; print
 * PASS: or FAIL: for each, and for a failure the last 4 KiB the test
 * printed.  Exit 1 if any failed.  Some tests make a temporary file in
 * /tmp, which a bare initramfs lacks: runall makes the directory.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tail[4096];
static size_t tail_len;

/* Read the test's output to its end, keeping the last 4 KiB. */
static void drain(int fd)
{
	char buf[1024];
	ssize_t n;

	tail_len = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (tail_len + n > sizeof(tail)) {
			size_t drop = tail_len + n - sizeof(tail);

			memmove(tail, tail + drop, tail_len - drop);
			tail_len -= drop;
		}
		memcpy(tail + tail_len, buf, n);
		tail_len += n;
	}
}

static int run(const char *name)
{
	char path[256];
	int fds[2], status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s%s",
		 access(name, X_OK) == 0 ? "./" : "/", name);
	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execl(path, name, (char *)NULL);
		perror(path);
		_exit(127);
	}
	close(fds[1]);
	drain(fds[0]);
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

int main(int argc, char **argv)
{
	int failed = 0;

	mkdir("/tmp", 01777);
	for (int i = 1; i < argc; i++) {
		int status = run(argv[i]);

		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("PASS: %s\n", argv[i]);
		} else {
			printf("FAIL: %s (%s %d), its output ended:\n%.*s\n",
			       argv[i], WIFEXITED(status) ? "status" : "signal",
			       WIFEXITED(status) ? WEXITSTATUS(status)
						 : WTERMSIG(status),
			       (int)tail_len, tail);
			failed++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", argc - 1 - failed, failed);
	return failed != 0;
}
