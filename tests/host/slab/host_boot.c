/* What the slab host test and the slab benchmark share: "physical memory"
 * (an array), printk into a buffer, panic, and booting the buddy allocator
 * as setup_memory() and mem_init() do.  The slab code under test is the
 * tangled kernel/mm/ code of a build, compiled unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include "host_boot.h"

char *host_ram;
char host_msg[1 << 16];
int host_quiet;
jmp_buf *host_panic_jump;

int printk(const char *fmt, ...)
{
	size_t len = strlen(host_msg);
	va_list ap;
	int n;

	if (len > sizeof(host_msg) - 4096)
		host_msg[len = 0] = 0;
	va_start(ap, fmt);
	n = vsnprintf(host_msg + len, sizeof(host_msg) - len, fmt, ap);
	va_end(ap);
	if (!host_quiet && getenv("SLAB_HOST_VERBOSE"))
		fputs(host_msg + len, stderr);
	return n;
}

void panic(const char *fmt, ...)
{
	size_t len = strlen(host_msg);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_msg + len, sizeof(host_msg) - len, fmt, ap);
	va_end(ap);
	if (host_panic_jump)
		longjmp(*host_panic_jump, 1);
	fprintf(stderr, "\nunexpected panic; last messages:\n%s\n", host_msg);
	abort();
}

void spin_bug(const void *lock, const char *type, const char *msg)
{
	fprintf(stderr, "\n%s %p: %s; last messages:\n%s\n", type, lock, msg, host_msg);
	abort();
}

/* kernel/sys.c's, which the host build does not compile: the pages the
 * buddy allocator manages. */
unsigned long totalram_pages(void);
__attribute__((weak)) unsigned long totalram_pages(void)
{
	unsigned long pages = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		pages += NODE_DATA(0)->node_zones[i].managed_pages;
	return pages;
}

/* The rest of the kernel the slab files touch, as small host versions:
 * the clock (it never ticks here), the command line (empty unless the
 * test sets it) and its parsing, strscpy. */
__attribute__((weak)) volatile unsigned long jiffies;
__attribute__((weak)) char boot_command_line[2048];

static const char *host_find_word(const char *cmdline, const char *option)
{
	size_t n = strlen(option);

	for (const char *p = cmdline; (p = strstr(p, option)); p += n)
		if ((p == cmdline || p[-1] == ' ') && (!p[n] || p[n] == ' ' || p[n] == '='))
			return p;
	return NULL;
}

__attribute__((weak)) bool cmdline_find_option_bool(const char *cmdline, const char *option)
{
	const char *p = host_find_word(cmdline, option);

	return p && p[strlen(option)] != '=';
}

__attribute__((weak)) int cmdline_find_option(const char *cmdline, const char *option,
					      char *buf, int bufsize)
{
	const char *p = host_find_word(cmdline, option);
	int len = 0;

	if (!p || p[strlen(option)] != '=')
		return -1;
	for (p += strlen(option) + 1; *p && *p != ' '; p++, len++)
		if (len < bufsize - 1)
			buf[len] = *p;
	if (bufsize > 0)
		buf[len < bufsize - 1 ? len : bufsize - 1] = 0;
	return len;
}

__attribute__((weak)) ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -7;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = 0;
		return -7;			/* -E2BIG */
	}
	memcpy(dst, src, len + 1);
	return len;
}

void host_stub_called(const char *name)
{
	fprintf(stderr, "host: the kernel called %s, which the host build lacks\n", name);
	abort();
}

void host_boot(unsigned long ram_mib)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { MAX_DMA_PFN, MAX_DMA32_PFN, ~0UL };
	unsigned long top = (ram_mib << 20) - (128UL << 10);
	phys_addr_t map;

	host_ram = aligned_alloc(1UL << 22, ram_mib << 20);
	memset(host_ram, 0, ram_mib << 20);
	memblock_add(0, 0x9fc00);
	memblock_add(0x100000, top - 0x100000);
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	memblock_reserve(0, 1UL << 20, "low 1 MiB");
	memblock_reserve(0x100000, 100 << 10, "kernel image");
	mem_map_pages = ALIGN(max_pfn, MAX_ORDER_NR_PAGES);
	map = memblock_phys_alloc(mem_map_pages * sizeof(struct page), PAGE_SIZE, "mem_map");
	mem_map = __va(map);
	free_area_init(max_zone_pfns);
	memblock_free_all();
}
