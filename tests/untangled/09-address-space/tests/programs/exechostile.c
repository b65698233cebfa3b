/* exechostile: execve with bad pointers, arrays that run off the end of
 * user space, too many arguments and a NULL argv.  Every call must come
 * back with Linux's errno, and the kernel must survive all of them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char *self;

static const char *name(int e)
{
	return e == EFAULT ? "EFAULT" : e == E2BIG ? "E2BIG" : e == ENOENT ? "ENOENT" :
	       strerror(e);
}

/* the raw system call: glibc's wrapper would not pass these through */
static void try(const char *what, const char *path, void *argv, void *envp)
{
	long r = syscall(SYS_execve, path, argv, envp);

	printf("exechostile: %s: %s\n", what, r == -1 ? name(errno) : "returned?");
}

int main(int argc, char **argv)
{
	static char *envp[] = { NULL };
	unsigned long top = 0x7ffffffff000UL;
	char **many, *page;
	pid_t pid;
	int status;

	if (argc == 1 && argv[0][0] == 0) {	/* started with argv == NULL */
		printf("exechostile: the child got argc 1, argv[0] \"\"\n");
		return 0;
	}
	self = argv[0];
	char *bad_string[] = { self, (char *)0x10, NULL };
	char *kernel_string[] = { self, (char *)0xffff888000000000UL, NULL };
	try("a NULL file name", NULL, argv, envp);
	try("argv unmapped", self, (void *)0x10, envp);
	try("envp in the kernel's half", self, argv, (void *)0xffff888000000000UL);
	try("an argv string unmapped", self, bad_string, envp);
	try("an argv string in the kernel's half", self, kernel_string, envp);
	try("argv straddling the end of user space", self, (void *)(top - 4), envp);
	try("argv past the end of user space", self, (void *)(top + 8), envp);
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	memset(page, 'a', 4096);		/* no NUL before the hole */
	char *unterminated[] = { self, page, NULL };
	try("a string running into unmapped memory", self, unterminated, envp);
	many = mmap(NULL, 300000 * sizeof(char *), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 300000 - 1; i++)
		many[i] = "a";
	try("299999 arguments", self, many, envp);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execve, self, NULL, NULL);
		printf("exechostile: argv NULL: %s\n", name(errno));
		_exit(1);
	}
	waitpid(pid, &status, 0);
	printf("exechostile: still running\n");
	return 0;
}
