/* Host shim: just enough of <linux/kernel.h> for lib/maple_tree.c and
 * mm/vma_maple.c (the book's tree compiled for user space). */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define printk(...)	fprintf(stderr, __VA_ARGS__)
#define BUG_ON(cond) do { \
	if (cond) { \
		fprintf(stderr, "BUG at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)
#endif
