/* Host shim: the kernel's basic types come from the C library here. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
