/* Host shim: just enough of <linux/kernel.h> for lib/xarray.c. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
