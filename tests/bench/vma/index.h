/*
 * The interface every implementation's adapter gives the VMA-index
 * benchmark (driver.c).  A struct bvma stands for a vm_area_struct: the
 * range it covers, room for links an index embeds in it (an rb_node), and
 * padding to a real VMA's size, so that every index walks objects laid out
 * as the kernel's are.
 */
#ifndef BENCH_VMA_INDEX_H
#define BENCH_VMA_INDEX_H

#include <stddef.h>

struct bvma {
	unsigned long vm_start;		/* [vm_start, vm_end), page aligned */
	unsigned long vm_end;
	unsigned long links[4];		/* an index's embedded links, if any */
	unsigned long id;		/* the range's rank in address order */
	unsigned long pad[17];		/* to 192 bytes, about a vm_area_struct */
};

extern const char idx_name[];
/* bytes per VMA an index keeps inside the VMA itself (an rb_node) */
extern const size_t idx_embedded_bytes;

void *idx_create(void);
/* add v, whose range overlaps no other; 0 or a negative errno */
int idx_insert(void *ix, struct bvma *v);
void idx_erase(void *ix, struct bvma *v);
/* find_vma: the lowest VMA with vm_end > addr, or NULL */
struct bvma *idx_find(void *ix, unsigned long addr);
/* if an adapter has it: called once the index is built and its bytes counted */
void idx_built(void *ix) __attribute__((weak));
void idx_destroy(void *ix);

#endif
