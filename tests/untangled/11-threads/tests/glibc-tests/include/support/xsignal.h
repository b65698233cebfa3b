#include <signal.h>
#include <support/check.h>
