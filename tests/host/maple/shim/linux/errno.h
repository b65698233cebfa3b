/* Host shim: the kernel's error numbers, from the host's Linux headers. */
#include <asm-generic/errno-base.h>
#include <asm-generic/errno.h>
