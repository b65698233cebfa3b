#ifndef HOST_BOOT_H
#define HOST_BOOT_H
#include <setjmp.h>
extern char host_msg[1 << 16];	/* everything printk printed, a ring */
extern int host_quiet;
extern jmp_buf *host_panic_jump;
void host_boot(unsigned long ram_mib);
#endif
