#include <stdlib.h>
#include <support/check.h>
