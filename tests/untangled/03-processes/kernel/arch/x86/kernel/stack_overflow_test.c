/*
 * test=stack-overflow (chapters/03-processes.nw, "A stack overflow, on
 * purpose"): recurse on a two-page stack in the kernel's BSS whose lowest
 * page is unmapped, until a write hits that guard page.  The page fault
 * cannot be pushed there either; the double fault runs on its IST stack.
 */
#include <linux/kernel.h>
#include <linux/selftest.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

/* A guard page, then a two-page stack. */
static char overflow_area[3 * PAGE_SIZE] __aligned(PAGE_SIZE);

static __attribute__((noinline)) unsigned long recurse(unsigned long depth)
{
	volatile char frame[128];

	frame[0] = (char)depth;
	if (depth == ~0UL)	/* never; tells the compiler the recursion ends */
		return 0;
	return recurse(depth + 1) + frame[0];
}

static int test_stack_overflow(void)
{
	unsigned long guard = (unsigned long)overflow_area;
	unsigned long top = guard + sizeof(overflow_area);
	unsigned int level;
	pte_t *pte = lookup_address(guard, &level);

	if (!pte || level != PG_LEVEL_4K)
		return 1;
	pte_clear(pte);
	__flush_tlb_one_kernel(guard);
	printk("stack-overflow: stack %#lx-%#lx, guard page at %#lx\n",
	       guard + PAGE_SIZE, top, guard);
	asm volatile("movq %0, %%rsp\n\tcall *%1" : : "r"(top), "r"(recurse), "D"(0UL));
	__builtin_unreachable();
}
DEFINE_SELFTEST("stack-overflow", test_stack_overflow);
