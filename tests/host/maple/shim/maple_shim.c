/*
 * Host shim: the state behind shim/linux/slab.h, so that any driver (the
 * tests here, a benchmark) links the book's maple_tree.c with this file
 * and nothing else.  Allocation failures are off unless a driver sets
 * maple_test_fail_after or maple_test_fail_one_in.
 */
#include <linux/slab.h>

long maple_test_live;
long maple_test_fail_after = -1;
unsigned int maple_test_fail_one_in;

static unsigned long long maple_shim_state = 88172645463325252ULL;

void maple_test_seed(unsigned long long seed)
{
	maple_shim_state = seed ? seed : 1;
}

unsigned int maple_test_rand_below(unsigned int n)
{
	maple_shim_state ^= maple_shim_state << 13;
	maple_shim_state ^= maple_shim_state >> 7;
	maple_shim_state ^= maple_shim_state << 17;
	return maple_shim_state % n;
}
