/* vdsomaps: print [vvar] and [vdso] from /proc/self/maps, say whether the
 * next mapping starts right above (a static PIE), check that
 * AT_SYSINFO_EHDR points at [vdso], and read the image's symbols. */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static unsigned long vdso_start, vdso_end, next_start;

static void show_maps(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (vdso_end && !next_start)
			sscanf(line, "%lx", &next_start);
		if (strstr(line, "[vvar]") || strstr(line, "[vdso]")) {
			fputs(line, stdout);
			if (strstr(line, "[vdso]"))
				sscanf(line, "%lx-%lx", &vdso_start, &vdso_end);
		}
	}
}

int main(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR), nsyms = 0;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph;
	const Elf64_Dyn *dyn = NULL;
	const Elf64_Sym *sym = NULL;
	const char *str = NULL;
	int found = 0, gnu_hash = 0;

	show_maps();
	printf("vdsomaps: AT_SYSINFO_EHDR %#lx, [vdso] at %#lx: %s\n", base, vdso_start,
	       base && base == vdso_start ? "the same" : "DIFFERENT");
	printf("vdsomaps: the next mapping starts %s\n",
	       next_start == vdso_end ? "where [vdso] ends" : "higher");
	if (!base || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_type != ET_DYN)
		return printf("vdsomaps: FAILED: not an ELF shared object\n"), 1;
	ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_vaddr);
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			sym = (const Elf64_Sym *)(base + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_STRTAB)
			str = (const char *)(base + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_HASH)
			nsyms = ((const Elf64_Word *)(base + dyn->d_un.d_ptr))[1];
		else if (dyn->d_tag == DT_GNU_HASH)
			gnu_hash = 1;
	}
	for (unsigned long i = 0; sym && str && i < nsyms; i++) {
		const char *name = str + sym[i].st_name;

		if (!strcmp(name, "__vdso_clock_gettime") || !strcmp(name, "__vdso_gettimeofday") ||
		    !strcmp(name, "__vdso_time") || !strcmp(name, "__vdso_getcpu")) {
			printf("vdsomaps: symbol %s\n", name);
			found++;
		}
	}
	printf("vdsomaps: %d of the four functions, DT_HASH %s, DT_GNU_HASH %s\n", found,
	       nsyms ? "yes" : "no", gnu_hash ? "yes" : "no");
	return found == 4 && gnu_hash && base == vdso_start ? 0 : 1;
}
