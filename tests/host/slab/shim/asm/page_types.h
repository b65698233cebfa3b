/* Host addition to kernel/include/asm/page_types.h: the direct map of the
 * host tests begins at host_ram (see tests/host/buddy/shim/asm/page.h), so
 * "is this a direct-map address" (virt_to_slab, kfree) compares with that. */
#ifndef _HOST_ASM_PAGE_TYPES_H
#define _HOST_ASM_PAGE_TYPES_H
#include_next <asm/page_types.h>
extern char *host_ram;
#undef PAGE_OFFSET
#define PAGE_OFFSET	((unsigned long)host_ram)
#endif
