/* Host version of kernel/include/asm/processor.h: everything as the
 * kernel's, except rdmsr, which a user program may not execute.  Every
 * MSR reads as 0 here: for MSR_GS_BASE that means "no per-CPU area yet",
 * so the slab debug code's owner records say pid 0. */
#ifndef _HOST_ASM_PROCESSOR_H
#define _HOST_ASM_PROCESSOR_H
#define rdmsr kernel_rdmsr
#include_next <asm/processor.h>
#undef rdmsr
static inline u64 rdmsr(u32 msr)
{
	(void)msr;
	return 0;
}
#endif
