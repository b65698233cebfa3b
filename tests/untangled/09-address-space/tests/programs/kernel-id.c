/* Print what tells two kernels apart: the release uname(2) reports, and
 * the pid, which counts the kernel's own threads on Linux.  make compare's
 * check compare-detects expects its two runs to differ. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;

	if (uname(&u))
		return 1;
	printf("%s %s %s\n", u.sysname, u.release, u.machine);
	printf("pid %d\n", (int)getpid());
	return 0;
}
