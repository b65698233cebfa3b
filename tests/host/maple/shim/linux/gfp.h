/* Host shim: the allocation flags the tree passes through. */
#ifndef _SHIM_LINUX_GFP_H
#define _SHIM_LINUX_GFP_H
typedef unsigned int gfp_t;
#define __GFP_ZERO	0x100u
#define GFP_KERNEL	0xcc0u
#endif
