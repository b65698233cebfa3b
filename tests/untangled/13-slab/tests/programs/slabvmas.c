/* Exercise: vm_area_struct objects in /proc/slabinfo rise while a child
 * holds 1000 mappings (alternate protections, so that none merge) and
 * fall back when it exits. */
#include <sys/mman.h>
#include "slabcommon.h"

#define MAPPINGS 1000

int main(void)
{
	int go[2], ready[2];
	long before, during, after;
	char c = 'x';
	pid_t pid;

	if (pipe(go) || pipe(ready))
		return 2;
	before = slab_field(slabinfo(), "vm_area_struct", 0);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < MAPPINGS; i++)
			if (mmap(NULL, 4096, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
				_exit(1);
		write(ready[1], &c, 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		return 1;
	during = slab_field(slabinfo(), "vm_area_struct", 0);
	write(go[1], &c, 1);
	waitpid(pid, NULL, 0);
	after = slab_field(slabinfo(), "vm_area_struct", 0);
	printf("slabvmas: vm_area_struct active objects: %ld before, %ld with %d mappings, "
	       "%ld after\n", before, during, MAPPINGS, after);
	if (during - before >= MAPPINGS)
		printf("slabvmas: rose by %ld, at least %d: ok\n", during - before, MAPPINGS);
	if (during - after >= MAPPINGS - 300 && after - before <= 300)
		printf("slabvmas: fell back by %ld, to within 300 of before: ok\n", during - after);
	return 0;
}
