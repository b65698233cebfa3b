/* Host shim: the two structures vma_maple.c touches, and the VMA index
 * interface, which tests/host/maple/run extracts from the tangled
 * <linux/mm.h> into mm_index.h so that it cannot drift. */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H
#include <linux/maple_tree.h>
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	unsigned long vm_flags;
};
struct mm_struct {
	struct maple_tree mm_mt;
};
#include <mm_index.h>
#endif
