/* execnoret: a failure before execve's point of no return comes back
 * to the caller as an errno; one after it kills the process with
 * SIGSEGV, since its old program is gone.  The second file is a valid
 * ELF header whose one PT_LOAD segment asks for 0x7ffffffe0000, inside
 * the 132 KiB stack that setup_arg_pages has just made: the
 * MAP_FIXED_NOREPLACE mapping of that segment fails with EEXIST. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void write_file(const char *path, const void *p, size_t n)
{
	static const char zeros[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	write(fd, p, n);
	write(fd, zeros, sizeof(zeros) - n);	/* one page in all */
	close(fd);
}

static void run(const char *what, const char *path)
{
	char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		printf("execnoret: %s: execve returned %s\n", what,
		       errno == ENOEXEC ? "ENOEXEC" : strerror(errno));
		_exit(3);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("execnoret: %s: killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("execnoret: %s: exit status %d\n", what, WEXITSTATUS(status));
}

int main(void)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
	} f = {
		.eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
				     ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			.e_entry = 0x7ffffffe0000, .e_phoff = sizeof(Elf64_Ehdr),
			.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
			.e_phnum = 1 },
		.ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
			.p_vaddr = 0x7ffffffe0000, .p_filesz = 4096, .p_memsz = 4096,
			.p_align = 4096 },
	};

	mkdir("/tmp", 01777);
	write_file("/tmp/notelf", "not an ELF file", 15);
	run("a file that is not ELF", "/tmp/notelf");
	write_file("/tmp/onstack", &f, sizeof(f));
	run("a segment inside the stack", "/tmp/onstack");
	printf("execnoret: done\n");
	return 0;
}
