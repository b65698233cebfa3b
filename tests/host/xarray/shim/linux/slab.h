/* Host shim: kzalloc and kfree over calloc and free; the test can make
 * the next allocations fail to exercise the -ENOMEM paths. */
#include <stdlib.h>
extern int xa_test_fail_allocs;	/* fail this many allocations, then succeed */
static inline void *kzalloc(size_t size, int gfp)
{
	(void)gfp;
	if (xa_test_fail_allocs > 0) {
		xa_test_fail_allocs--;
		return NULL;
	}
	return calloc(1, size);
}
static inline void kfree(void *p) { free(p); }
