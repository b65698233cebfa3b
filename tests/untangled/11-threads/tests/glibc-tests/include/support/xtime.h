/* support/xtime.h and support/timespec.h: clocks and time arithmetic. */
#ifndef WEFT_SUPPORT_XTIME_H
#define WEFT_SUPPORT_XTIME_H
#include <time.h>
#include <errno.h>
#include <string.h>
#include <support/check.h>

#define TIMESPEC_HZ 1000000000L

static inline void xclock_gettime(clockid_t clock, struct timespec *ts)
{
	if (clock_gettime(clock, ts))
		FAIL_EXIT1("clock_gettime: %s", strerror(errno));
}

static inline struct timespec xclock_now(clockid_t clock)
{
	struct timespec ts;

	xclock_gettime(clock, &ts);
	return ts;
}

static inline struct timespec make_timespec(time_t s, long ns)
{
	struct timespec ts = { s, ns };

	return ts;
}

static inline struct timespec timespec_add(struct timespec a, struct timespec b)
{
	struct timespec r = { a.tv_sec + b.tv_sec, a.tv_nsec + b.tv_nsec };

	if (r.tv_nsec >= TIMESPEC_HZ) {
		r.tv_sec++;
		r.tv_nsec -= TIMESPEC_HZ;
	}
	return r;
}

static inline struct timespec timespec_sub(struct timespec a, struct timespec b)
{
	struct timespec r = { a.tv_sec - b.tv_sec, a.tv_nsec - b.tv_nsec };

	if (r.tv_nsec < 0) {
		r.tv_sec--;
		r.tv_nsec += TIMESPEC_HZ;
	}
	return r;
}

static inline int timespec_before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec ||
	       (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

#define TEST_TIMESPEC_EQUAL_OR_AFTER(l, r) do {				\
		if (timespec_before((l), (r)))				\
			FAIL("%s is before %s", #l, #r);		\
	} while (0)
#define TEST_TIMESPEC_BEFORE(l, r) TEST_VERIFY(timespec_before((l), (r)))
#define TEST_TIMESPEC_NOW_OR_AFTER(clock, ts)				\
	TEST_TIMESPEC_EQUAL_OR_AFTER(xclock_now(clock), (ts))
#define TEST_TIMESPEC_NOW_OR_BEFORE(clock, ts)				\
	TEST_TIMESPEC_EQUAL_OR_AFTER((ts), xclock_now(clock))
#endif
