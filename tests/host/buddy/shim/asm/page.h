/* Host replacement for kernel/include/asm/page.h: the "physical memory"
 * of the host tests is an ordinary array starting at host_ram, so __va and
 * __pa add and subtract its address instead of PAGE_OFFSET. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include <linux/types.h>
#include <asm/page_types.h>

extern char *host_ram;

#define __pa(x)		((unsigned long)((char *)(x) - host_ram))
#define __pa_symbol(x)	__pa(x)
#define __va(x)		((void *)(host_ram + (unsigned long)(x)))
#define pfn_to_kaddr(pfn) __va((unsigned long)(pfn) << PAGE_SHIFT)
#define virt_to_pfn(kaddr) (__pa(kaddr) >> PAGE_SHIFT)

#endif
