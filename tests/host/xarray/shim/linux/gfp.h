#define GFP_KERNEL 0
