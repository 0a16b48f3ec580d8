/*
 * unit.h: a minimal unit-test harness for the plain-C algorithm files.
 *
 * Each check counts once.  UNIT_DONE() prints "N passed, N failed" as the
 * last line (test/run_tests.sh adds these up) and returns the exit status.
 * Failures print file, line and the values compared.
 */
#ifndef C360_UNIT_H
#define C360_UNIT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int	unit_passed;
static int	unit_failed;

#define UNIT_RECORD(ok, ...) \
	do { \
		if (ok) \
			unit_passed++; \
		else \
		{ \
			unit_failed++; \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

#define CHECK(cond) UNIT_RECORD((cond), "%s", #cond)

#define CHECK_INT(actual, expected) \
	do { \
		long long unit_a_ = (long long) (actual), unit_e_ = (long long) (expected); \
		UNIT_RECORD(unit_a_ == unit_e_, "%s = %lld, expected %lld", #actual, unit_a_, unit_e_); \
	} while (0)

#define CHECK_NEAR(actual, expected, tolerance) \
	do { \
		double unit_a_ = (actual), unit_e_ = (expected); \
		UNIT_RECORD(fabs(unit_a_ - unit_e_) <= (tolerance), "%s = %.10g, expected %.10g (+/- %g)", \
					#actual, unit_a_, unit_e_, (double) (tolerance)); \
	} while (0)

/* Compares C strings; NULL equals only NULL. */
#define CHECK_STR(actual, expected) \
	do { \
		const char *unit_a_ = (actual), *unit_e_ = (expected); \
		int unit_ok_ = (unit_a_ == NULL || unit_e_ == NULL) ? unit_a_ == unit_e_ : strcmp(unit_a_, unit_e_) == 0; \
		UNIT_RECORD(unit_ok_, "%s = \"%s\", expected \"%s\"", #actual, \
					unit_a_ ? unit_a_ : "(null)", unit_e_ ? unit_e_ : "(null)"); \
	} while (0)

#define UNIT_DONE() \
	(printf("%d passed, %d failed\n", unit_passed, unit_failed), unit_failed ? 1 : 0)

#endif							/* C360_UNIT_H */
