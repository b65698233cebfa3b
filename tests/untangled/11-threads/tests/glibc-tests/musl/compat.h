/* error.h for musl, which lacks it: glibc's error(3), for the tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define error(status, errnum, ...) do {					\
		fprintf(stderr, __VA_ARGS__);				\
		if (errnum)						\
			fprintf(stderr, ": %s", strerror(errnum));	\
		fputc('\n', stderr);					\
		if (status)						\
			exit(status);					\
	} while (0)
#include <errno.h>
#ifndef TEMP_FAILURE_RETRY	/* glibc's unistd.h has it, musl's not */
#define TEMP_FAILURE_RETRY(e) ({ long weft_r;				\
		do weft_r = (long)(e); while (weft_r == -1 && errno == EINTR); \
		weft_r; })
#endif
