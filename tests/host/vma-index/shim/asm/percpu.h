/* Host shim: current is a plain variable the test sets (the kernel reads
 * it from the per-CPU area through %gs). */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H
struct task_struct;
extern struct task_struct *host_current;
#define current host_current
#endif
