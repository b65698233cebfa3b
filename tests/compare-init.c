/*
 * /init of the small initramfs in which tests/compare runs a program on
 * Debian's Linux 6.1.  It does for Linux what weft's own init does under
 * tests/boot-with: mount /proc, /sys and /dev, read the command from
 * /compare.argv (each argument followed by a NUL, as in /proc/PID/cmdline),
 * run it as a child, say how it ended, power off.
 *
 * tests/compare cuts the program's output from the console between the
 * line "compare: start" and the line "compare: exited with status N"
 * (128+SIG if a signal killed it), which may follow output that did not
 * end its line, as weft's "init exited with status N" may.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void mount_at(const char *type, const char *dir)
{
	if (mkdir(dir, 0755) && errno != EEXIST)
		dprintf(2, "compare-init: mkdir %s: %s\n", dir, strerror(errno));
	if (mount(type, dir, type, 0, NULL))
		dprintf(2, "compare-init: mount %s: %s\n", type, strerror(errno));
}

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	_exit(1);
}

/* The arguments, NUL-terminated one after the other, into a NULL-ended array. */
static char **read_argv(const char *path)
{
	static char buf[65536];
	static char *argv[1024];
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY), argc = 0;

	if (fd < 0)
		return NULL;
	while (len < (ssize_t)sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += n;
	close(fd);
	for (ssize_t i = 0; i < len && argc < 1023; i += strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	argv[argc] = NULL;
	return argc ? argv : NULL;
}

int main(void)
{
	char **argv;
	int status, code;
	pid_t pid;

	mount_at("proc", "/proc");
	mount_at("sysfs", "/sys");
	mount_at("devtmpfs", "/dev");
	argv = read_argv("/compare.argv");
	if (!argv) {
		dprintf(2, "compare-init: no /compare.argv\n");
		power_off();
	}
	/* The environment weft's init gives the programs it starts
	 * (chapter 6's child_env), so that both stacks hold the same bytes. */
	static char *const env[] = { "PATH=/bin", "HOME=/", "TERM=linux", NULL };

	dprintf(1, "compare: start\n");
	pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, env);
		dprintf(2, "compare-init: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		dprintf(2, "compare-init: fork or wait failed: %s\n", strerror(errno));
		power_off();
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	dprintf(1, "compare: exited with status %d\n", code);
	power_off();
}
