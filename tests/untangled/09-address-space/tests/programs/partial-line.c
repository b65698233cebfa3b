/* End badly: print a line without its newline, then die of SIGABRT.
 * make compare's check compare-abort expects both kernels to show the
 * same partial line and the same exit status, 134 (128 + SIGABRT). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("a line without its newline");
	fflush(stdout);
	abort();
}
