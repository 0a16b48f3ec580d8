/*
 * special.h: special functions for the customer-value models.
 *
 * Plain C, no PostgreSQL headers.  Everything here either returns a finite,
 * documented value or says through a status why it cannot: the models build
 * likelihoods from these pieces and must never pass a NaN off as a number.
 *
 * The Gauss hypergeometric function 2F1(a, b; c; z) is evaluated for real
 * parameters and real z < 1 (see docs/design/value-models.md for the
 * transformations, the stopping rule and the error estimate).
 */
#ifndef C360_VALUE_SPECIAL_H
#define C360_VALUE_SPECIAL_H

#include <stdbool.h>

/*
 * log|Gamma(x)| and the sign of Gamma(x).  At the poles (x = 0, -1, -2, ...)
 * and for NaN the sign is 0 and the result +infinity (NaN for NaN).
 */
extern double c360_lgamma_signed(double x, int *sign);

/*
 * The digamma function psi(x) = d/dx log Gamma(x), to about 1e-15 relative
 * accuracy.  NaN at the poles x = 0, -1, -2, ... and for NaN; callers in
 * the models only pass positive arguments.
 */
extern double c360_digamma(double x);

/* log(1 + exp(x)) without overflow or loss of small values. */
extern double c360_log1pexp(double x);

/* log(1 - exp(x)) for x <= 0 (-infinity at x = 0, NaN for x > 0). */
extern double c360_log1mexp(double x);

/* log(exp(x) + exp(y)); either may be -infinity. */
extern double c360_logaddexp(double x, double y);

/*
 * log((1 - exp(-u)) / u), the logarithm of the "relative exponential", with
 * its limit 0 at u = 0.  Finite for every finite u: it stands in for
 * (1 - q^k) / k style expressions whose k can be 0.
 */
extern double c360_log_exprel(double u);

/* What a hypergeometric evaluation achieved. */
typedef enum C360HypStatus
{
	C360_HYP_OK = 0,
	C360_HYP_DOMAIN,			/* z >= 1, or an argument is not finite */
	C360_HYP_POLE,				/* c is 0, -1, -2, ... and the series does not
								 * terminate first: the function is infinite */
	C360_HYP_NOT_CONVERGED,		/* the term limit was reached (z very near 1) */
	C360_HYP_PRECISION			/* cancellation: the estimated relative error
								 * exceeds C360_HYP_MAX_REL_ERROR */
} C360HypStatus;

/* Terms summed at most by one series (z = 1 - 1e-4 needs about 4e5). */
#define C360_HYP_MAX_TERMS 1000000

/* Largest estimated relative error still reported as C360_HYP_OK. */
#define C360_HYP_MAX_REL_ERROR 1e-10

/*
 * A value kept as sign * exp(log_abs), so that results far outside the
 * double range stay usable in log space.  rel_err estimates the relative
 * error (truncation bound plus a rounding estimate).  terms counts the
 * series terms summed.
 */
typedef struct C360HypResult
{
	double		log_abs;		/* -infinity when the value is exactly 0 */
	int			sign;			/* -1, 0 or +1 */
	double		rel_err;
	long		terms;
	double		sensitivity;	/* sum of n |t_n| over |sum|: bounds how much
								 * the log of a series moves per unit of
								 * relative change in its parameters */
} C360HypResult;

/* Short English description of a status. */
extern const char *c360_hyp_status_message(C360HypStatus status);

/*
 * 2F1(a, b; c; z) for real a, b, c and real z < 1, as sign and log|F|.
 * z < 0 goes through Pfaff's transformation to z / (z - 1) in (0, 1); z in
 * (0, 1) is summed directly or after Euler's transformation, whichever has
 * the better-behaved terms; z > 0.9 also tries the transformation to 1 - z
 * (when c - a - b is not an integer) and keeps the more accurate result.
 * On any status but C360_HYP_OK, *result still holds the best attempt but
 * must not be used as a value.
 */
extern C360HypStatus c360_hyp2f1_log(double a, double b, double c, double z,
									 C360HypResult *result);

/*
 * 2F1 as a plain double.  Fails with C360_HYP_PRECISION as well when the
 * value does not fit in a double.  *value is 0 on failure.
 */
extern C360HypStatus c360_hyp2f1(double a, double b, double c, double z, double *value);

/*
 * The tail of a hypergeometric series from index n0:
 *     sum over n >= n0 of t_n,  t_{n+1} = t_n z (A + n)(B + n) / ((C + n)(n + 1)),
 * starting from the given t_{n0}.  With n0 = 0 and t0 = 1 it is
 * 2F1(A, B; C; z); the customer-value models also use it for
 * (2F1 - 1) / B without dividing by a B that may be 0.  Requires |z| < 1.
 * The stopping rule is the certified tail bound described in the design
 * note; it fails with C360_HYP_NOT_CONVERGED after C360_HYP_MAX_TERMS terms.
 */
extern C360HypStatus c360_hyp_series(double A, double B, double C, double z,
									 long n0, double t0, C360HypResult *result);

/*
 * 2F1(1, b; c; z) and its partial derivatives for 0 < b <= c (b not
 * subnormal) and 0 <= z < 1:
 * out[0] = F, out[1] = dF/db, out[2] = dF/dc, out[3] = dF/dz.  All terms are
 * positive and F <= 1 / (1 - z), so plain doubles suffice.  This is the
 * series the Pareto/NBD likelihood and its gradient need.  At most
 * max_terms terms (0 or more than C360_HYP_MAX_TERMS: C360_HYP_MAX_TERMS);
 * about 37 / (1 - z) are needed.
 */
extern C360HypStatus c360_hyp2f1_1bc(double b, double c, double z, long max_terms,
									 double out[4]);

#endif							/* C360_VALUE_SPECIAL_H */
