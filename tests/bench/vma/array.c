/*
 * A sorted array: each slot holds a VMA's end and the VMA, in address
 * order; find_vma is a binary search for the first end above the address,
 * and an insert or erase moves the slots above it.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "index.h"

const char idx_name[] = "sorted array";
const size_t idx_embedded_bytes = 0;

struct slot {
	unsigned long end;
	struct bvma *vma;
};

struct array {
	struct slot *s;
	size_t n, cap;
};

void *idx_create(void)
{
	return calloc(1, sizeof(struct array));
}

/* the first slot whose end is above addr (n if none) */
static size_t first_above(struct array *a, unsigned long addr)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->s[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int idx_insert(void *ix, struct bvma *v)
{
	struct array *a = ix;
	size_t i;

	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;
		struct slot *s = realloc(a->s, cap * sizeof(*s));

		if (!s)
			return -ENOMEM;
		a->s = s;
		a->cap = cap;
	}
	i = first_above(a, v->vm_start);
	memmove(&a->s[i + 1], &a->s[i], (a->n - i) * sizeof(a->s[0]));
	a->s[i].end = v->vm_end;
	a->s[i].vma = v;
	a->n++;
	return 0;
}

void idx_erase(void *ix, struct bvma *v)
{
	struct array *a = ix;
	size_t i = first_above(a, v->vm_start);

	if (i == a->n || a->s[i].vma != v)
		abort();
	memmove(&a->s[i], &a->s[i + 1], (a->n - i - 1) * sizeof(a->s[0]));
	a->n--;
}

struct bvma *idx_find(void *ix, unsigned long addr)
{
	struct array *a = ix;
	size_t i = first_above(a, addr);

	return i < a->n ? a->s[i].vma : NULL;
}

void idx_destroy(void *ix)
{
	struct array *a = ix;

	free(a->s);
	free(a);
}
