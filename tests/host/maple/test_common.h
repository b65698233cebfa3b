/*
 * What both host drivers of the maple tree share: the seed, the operation
 * counter, a xorshift generator and the FAIL line (TEST names the driver).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state;
static unsigned long seed, op;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define FAIL(...) do { \
	printf("FAIL: maple: " TEST "seed %lu op %lu: ", seed, op); \
	printf(__VA_ARGS__); \
	printf("\n"); \
	exit(1); \
} while (0)

/* maple_test SEED OPS / vma_test SEED OPS: the seed seeds the generator (with
 * SALT, so the two drivers draw different sequences) and the shim's failures */
static int parse_args(int argc, char **argv, uint64_t salt, unsigned long *ops)
{
	if (argc != 3)
		return 0;
	seed = strtoul(argv[1], NULL, 0);
	*ops = strtoul(argv[2], NULL, 0);
	maple_test_seed(seed);
	rng_state = seed * 0x9e3779b97f4a7c15ULL + salt;
	return 1;
}
