/* elfhostile: ELF files that pass the header checks but cannot be
 * loaded, or loaded but not run.  Each runs in a child; the parent
 * prints how the child ended.  The kernel must survive them all, and
 * each answer is Linux 6.1's. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
};

static struct image image(int type, unsigned long entry, int phnum)
{
	struct image f = {
		.eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
				     ELFDATA2LSB, EV_CURRENT },
			.e_type = type, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			.e_entry = entry, .e_phoff = sizeof(Elf64_Ehdr),
			.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
			.e_phnum = phnum },
	};
	for (int i = 0; i < 2; i++)
		f.ph[i] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
					.p_vaddr = 0x400000, .p_filesz = 4096,
					.p_memsz = 4096, .p_align = 4096 };
	return f;
}

static void run(const char *what, const struct image *f)
{
	static char page[4096];
	char *argv[] = { "/tmp/elf", NULL }, *envp[] = { NULL };
	int fd, status;
	pid_t pid;

	memcpy(page, f, sizeof(*f));
	fd = open("/tmp/elf", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	write(fd, page, sizeof(page));
	close(fd);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve("/tmp/elf", argv, envp);
		printf("elfhostile: %s: execve returned %s\n", what,
		       errno == ENOEXEC ? "ENOEXEC" : strerror(errno));
		_exit(3);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("elfhostile: %s: killed by signal %d\n", what, WTERMSIG(status));
	else if (WEXITSTATUS(status) != 3)
		printf("elfhostile: %s: exit status %d\n", what, WEXITSTATUS(status));
}

int main(void)
{
	struct image f;

	mkdir("/tmp", 01777);
	f = image(ET_EXEC, 0xffff800000000000UL, 1);
	run("an entry point in the kernel's half", &f);
	f = image(ET_EXEC, 0x400000, 1);
	f.ph[0].p_filesz = 0;
	run("a segment that is all BSS", &f);
	f = image(ET_DYN, 0, 1);
	f.ph[0].p_memsz = 1UL << 40;
	run("a static PIE with a 1 TiB BSS", &f);
	f = image(ET_DYN, 0, 2);
	f.ph[1].p_vaddr = 0x7ffffffd0000UL;
	run("a static PIE spanning all of user space", &f);
	f = image(ET_EXEC, 0x400000, 2);
	f.ph[1].p_vaddr = 0x7fffffff0000UL;
	run("a second segment on the stack", &f);
	f = image(ET_EXEC, 0x400000, 1);
	f.ph[0].p_memsz = 0;
	f.ph[0].p_filesz = 0;
	run("no memory at all", &f);
	printf("elfhostile: done\n");
	return 0;
}
