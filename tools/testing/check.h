/* Minimal host test harness: CHECK records a failure with its location and keeps going. */
#ifndef EFILITE_TOOLS_TESTING_CHECK_H
#define EFILITE_TOOLS_TESTING_CHECK_H
#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		check_count++;                                                        \
		if (!(cond)) {                                                        \
			check_failures++;                                             \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
		}                                                                     \
	} while (0)

/* Compares a status with the wanted one, naming both through strerror_fn. */
#define CHECK_STATUS_AS(expr, want, strerror_fn)                                      \
	do {                                                                          \
		int got_ = (expr), want_ = (want);                                    \
		check_count++;                                                        \
		if (got_ != want_) {                                                  \
			check_failures++;                                             \
			fprintf(stderr, "%s:%d: %s = %s, want %s\n", __FILE__, __LINE__, \
				#expr, strerror_fn(got_), strerror_fn(want_));        \
		}                                                                     \
	} while (0)

static inline int check_report(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, check_count - check_failures, check_failures);
	return check_failures != 0;
}
#endif
