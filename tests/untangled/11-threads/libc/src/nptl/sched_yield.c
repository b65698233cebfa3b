/* sched_yield (weft, chapter 11: threads).
 * Not printed in the book; the chapter describes it in prose. */
#include <sched.h>
#include "../internal/syscall.h"

int sched_yield(void)
{
	return __syscall_ret(__syscall0(SYS_sched_yield));
}
