/* Helpers shared by chapter 9's test programs (they run on weft and on Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
static int failures;

/* A field of /proc/self/status in kB, read without malloc. */
static inline long status_kb(const char *field)
{
	static char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	char *p;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, field);
	return p ? strtol(p + strlen(field) + 1, NULL, 10) : -1;
}

/* The frame number of the page at addr, from /proc/self/pagemap. */
static inline unsigned long long frame_of(const void *addr)
{
	unsigned long long e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd >= 0) {
		pread(fd, &e, 8, (unsigned long)addr / PG * 8);
		close(fd);
	}
	return e & ((1ULL << 55) - 1);
}

static inline void expect(const char *prog, const char *what, int ok)
{
	printf("%s: %s: %s\n", prog, what, ok ? "ok" : "FAILED");
	failures += !ok;
}

static inline const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case EAGAIN: return "EAGAIN";
	case EEXIST: return "EEXIST";
	case EACCES: return "EACCES";
	default: return "other";
	}
}

/* Mount /proc when running as Linux's /init. */
static inline void as_init(void)
{
	if (getpid() == 1)
		mount("proc", "/proc", "proc", 0, NULL);
}
