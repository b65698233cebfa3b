#include <support/xtime.h>
