#include <unistd.h>
#include <support/check.h>
