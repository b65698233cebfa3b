/* Host shim: one thread, so a lock is a flag that must be free to take. */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H
#include <linux/kernel.h>
typedef struct { int locked; } spinlock_t;
#define __SPIN_LOCK_UNLOCKED(name)	{ 0 }
static inline void spin_lock_init(spinlock_t *l) { l->locked = 0; }
static inline void spin_lock(spinlock_t *l) { BUG_ON(l->locked); l->locked = 1; }
static inline void spin_unlock(spinlock_t *l) { BUG_ON(!l->locked); l->locked = 0; }
#endif
