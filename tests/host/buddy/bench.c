/* Host benchmark of the buddy allocator: alloc+free pairs per second.
 * Built by tests/run-bench from the tangled kernel/mm sources, -O2, no
 * sanitizers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/mm.h>
#include <linux/memblock.h>

char *host_ram;

int printk(const char *fmt, ...) { (void)fmt; return 0; }
void panic(const char *fmt, ...) { fprintf(stderr, "panic: %s\n", fmt); abort(); }

int main(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { MAX_DMA_PFN, MAX_DMA32_PFN, ~0UL };
	const unsigned long ram = 128UL << 20, pairs = 20000000;

	host_ram = aligned_alloc(1UL << 22, ram);
	memblock_add(0x100000, ram - 0x100000);
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	mem_map_pages = ALIGN(max_pfn, MAX_ORDER_NR_PAGES);
	mem_map = __va(memblock_phys_alloc(mem_map_pages * sizeof(struct page), PAGE_SIZE, "mem_map"));
	free_area_init(max_zone_pfns);
	memblock_free_all();
	for (unsigned int order = 0; order <= 3; order += 3) {
		struct timespec t0, t1;
		double s;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (unsigned long i = 0; i < pairs; i++)
			__free_pages(alloc_pages(GFP_KERNEL, order), order);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("buddy (host, -O2): order %u: %.1f million alloc+free pairs/s, %.1f ns per pair\n",
		       order, pairs / s / 1e6, s * 1e9 / pairs);
	}
	return 0;
}
