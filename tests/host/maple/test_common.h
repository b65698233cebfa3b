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
