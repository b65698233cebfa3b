/* Copy-on-write seen from user space, for the copy-on-write figure:
 * a private anonymous mapping of four pages, each written once, then
 * fork.  The parent prints, for both processes, each page's PTE (from
 * weft's /proc/PID/weft_ptes) and its pagemap entry (frame, exclusive
 * bit) three times: after fork, after the child writes page 1, and
 * after the parent then writes page 1 too. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NPAGES 4

static char *map;

static int read_at(const char *path, void *buf, size_t n, off_t off)
{
	int fd = open(path, O_RDONLY);
	ssize_t r = fd < 0 ? -1 : pread(fd, buf, n, off);

	if (fd >= 0)
		close(fd);
	return r == (ssize_t)n ? 0 : -1;
}

static void show(const char *stage, const char *who, pid_t pid)
{
	char ptes[64], pm[64];

	snprintf(ptes, sizeof(ptes), "/proc/%d/weft_ptes", (int)pid);
	snprintf(pm, sizeof(pm), "/proc/%d/pagemap", (int)pid);
	for (int i = 0; i < NPAGES; i++) {
		uintptr_t a = (uintptr_t)map + i * 4096;
		uint64_t w[4] = { 0 }, e = 0;

		if (read_at(ptes, w, sizeof(w), a / 4096 * 32) ||
		    read_at(pm, &e, sizeof(e), a / 4096 * 8)) {
			printf("cow: %s: cannot read %s\n", who, ptes);
			exit(1);
		}
		printf("cow: %s %s page %d addr %#lx pte %#018llx frame %#llx"
		       " present %d rw %d dirty %d exclusive %d\n",
		       stage, who, i, (unsigned long)a,
		       (unsigned long long)w[3],
		       (unsigned long long)(e & ((1ULL << 55) - 1)),
		       (int)(w[3] & 1), (int)(w[3] >> 1 & 1),
		       (int)(w[3] >> 6 & 1), (int)(e >> 56 & 1));
	}
}

int main(void)
{
	int go[2], done[2];
	char c = 0;
	pid_t child;

	map = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || pipe(go) || pipe(done))
		return 1;
	for (int i = 0; i < NPAGES; i++)
		map[i * 4096] = 'a' + i;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		/* wait for the go, write page 1, report, wait to be killed */
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		map[4096] = 'X';
		if (write(done[1], &c, 1) != 1)
			_exit(1);
		read(go[0], &c, 1);
		_exit(0);
	}
	show("fork", "parent", getpid());
	show("fork", "child", child);
	if (write(go[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
		return 1;
	show("write", "parent", getpid());
	show("write", "child", child);
	map[4096] = 'Y';
	show("reuse", "parent", getpid());
	show("reuse", "child", child);
	if (write(go[1], &c, 1) != 1)
		return 1;
	waitpid(child, NULL, 0);
	printf("cow: parent page 1 '%c', done\n", map[4096]);
	return 0;
}
