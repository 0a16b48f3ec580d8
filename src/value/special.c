/*
 * special.c: log-gamma with sign, digamma, log-sum-exp helpers and the Gauss
 * hypergeometric function 2F1 for the customer-value models.
 *
 * The hypergeometric code never returns a value it cannot vouch for: every
 * series stops on a proven bound of its remaining tail, a term limit turns
 * into C360_HYP_NOT_CONVERGED, and cancellation turns into
 * C360_HYP_PRECISION.  docs/design/value-models.md has the mathematics.
 */
#include <float.h>
#include <math.h>

#include "special.h"

/* Relative size of the series tail at which a sum stops. */
#define TAIL_TOLERANCE 1e-16

/* Partial sums are rescaled by an exact power of two past this size. */
#define SCALE_EXPONENT 600

/* z above this also tries the transformation to 1 - z. */
#define NEAR_ONE 0.9

/* c - a - b closer than this to an integer makes the 1 - z form unusable. */
#define INTEGER_GAP 1e-6

/* An error estimate this small needs no second opinion. */
#define GOOD_ENOUGH 1e-13

double
c360_lgamma_signed(double x, int *sign)
{
	if (isnan(x))
	{
		*sign = 0;
		return x;
	}
	if (x > 0.0)
	{
		*sign = 1;
		return lgamma(x);
	}
	if (x == floor(x))
	{
		/* 0, -1, -2, ... (and -infinity): a pole */
		*sign = 0;
		return INFINITY;
	}
	/* Gamma is negative on (-1, 0), positive on (-2, -1), and so on. */
	*sign = (fmod(floor(x), 2.0) == 0.0) ? 1 : -1;
	return lgamma(x);
}

double
c360_digamma(double x)
{
	double		result = 0.0;
	double		inv2;

	if (isnan(x) || x == -INFINITY)
		return NAN;
	if (x == INFINITY)
		return INFINITY;
	if (x <= 0.0)
	{
		double		frac;

		if (x == floor(x))
			return NAN;
		/* reflection psi(x) = psi(1 - x) - pi cot(pi x); cot has period 1 */
		frac = x - floor(x);
		return c360_digamma(1.0 - x) - M_PI / tan(M_PI * frac);
	}
	/* psi(x) = psi(x + 1) - 1/x up to where the asymptotic series is exact */
	while (x < 10.0)
	{
		result -= 1.0 / x;
		x += 1.0;
	}
	inv2 = 1.0 / (x * x);
	result += log(x) - 0.5 / x
		- inv2 * (1.0 / 12.0
				  - inv2 * (1.0 / 120.0
							- inv2 * (1.0 / 252.0
									  - inv2 * (1.0 / 240.0
												- inv2 * (1.0 / 132.0
														  - inv2 * (691.0 / 32760.0
																	- inv2 * (1.0 / 12.0)))))));
	return result;
}

double
c360_log1pexp(double x)
{
	if (x > 0.0)
		return x + log1p(exp(-x));
	return log1p(exp(x));
}

double
c360_log1mexp(double x)
{
	if (x > 0.0 || isnan(x))
		return NAN;
	/* the two forms lose no accuracy on their side of -log 2 */
	if (x > -M_LN2)
		return log(-expm1(x));
	return log1p(-exp(x));
}

double
c360_logaddexp(double x, double y)
{
	double		hi = x > y ? x : y;
	double		lo = x > y ? y : x;

	if (hi == -INFINITY)
		return -INFINITY;
	return hi + log1p(exp(lo - hi));
}

double
c360_log_exprel(double u)
{
	if (fabs(u) < 1e-4)
		return u * (-0.5 + u / 24.0);	/* next term u^4 / 2880 */
	if (u > 0.0)
		return log(-expm1(-u)) - log(u);
	/* (e^{|u|} - 1) / |u| written so that it cannot overflow */
	return -u + log(-expm1(u)) - log(-u);
}

const char *
c360_hyp_status_message(C360HypStatus status)
{
	switch (status)
	{
		case C360_HYP_OK:
			return "ok";
		case C360_HYP_DOMAIN:
			return "argument out of domain (z must be below 1 and every argument finite)";
		case C360_HYP_POLE:
			return "c is a non-positive integer: the function is infinite";
		case C360_HYP_NOT_CONVERGED:
			return "series did not converge within the term limit (z too close to 1)";
		case C360_HYP_PRECISION:
			return "result could not be evaluated accurately (cancellation or overflow)";
	}
	return "unknown status";
}

static bool
is_nonpositive_integer(double x)
{
	return x <= 0.0 && x == floor(x);
}

static void
result_set_one(C360HypResult *result)
{
	result->log_abs = 0.0;
	result->sign = 1;
	result->rel_err = 0.0;
	result->terms = 0;
	result->sensitivity = 0.0;
}

static void
result_set_failed(C360HypResult *result)
{
	result->log_abs = -INFINITY;
	result->sign = 0;
	result->rel_err = INFINITY;
	result->terms = 0;
	result->sensitivity = 0.0;
}

/*
 * Sum the series (see c360_hyp_series).  any_z allows |z| >= 1, which only
 * makes sense for a series that terminates.
 */
static C360HypStatus
series_sum(double A, double B, double C, double z, long n0, double t0,
		   bool any_z, C360HypResult *result)
{
	double		sum = t0;
	double		carry = 0.0;	/* Kahan compensation of sum */
	double		abs_sum = fabs(t0);
	double		weighted = 0.0; /* sum of n |t_n|: bounds the terms' own error */
	double		term = t0;
	double		log_scale = 0.0;
	double		big = ldexp(1.0, SCALE_EXPONENT);
	double		small = ldexp(1.0, -SCALE_EXPONENT);
	double		L = A + B - C - 1.0;
	double		M = A * B - C;
	double		L_plus = L > 0.0 ? L : 0.0;
	double		M_plus = M > 0.0 ? M : 0.0;
	double		abs_z = fabs(z);
	long		n;
	long		count = 0;
	bool		converged = false;

	result_set_failed(result);
	if (!isfinite(A) || !isfinite(B) || !isfinite(C) || !isfinite(z) ||
		!isfinite(t0) || n0 < 0 || (!any_z && abs_z >= 1.0))
		return C360_HYP_DOMAIN;
	if (t0 == 0.0)
	{
		result->rel_err = 0.0;
		return C360_HYP_OK;
	}

	for (n = n0; count < C360_HYP_MAX_TERMS; n++, count++)
	{
		double		dn = (double) n;
		double		den = (C + dn) * (dn + 1.0);
		double		ratio;

		if (z == 0.0 || A + dn == 0.0 || B + dn == 0.0)
		{
			/* every later term is exactly zero */
			converged = true;
			break;
		}
		if (den == 0.0)
			return C360_HYP_POLE;

		/*
		 * Once all of A + j, B + j, C + j are positive for j >= n, the ratio
		 * of consecutive terms is |z| (1 + (L j + M) / ((C + j)(j + 1)))
		 * with L = A + B - C - 1, M = AB - C, which stays below q (the same
		 * expression with L, M replaced by their positive parts); the
		 * j / ((C + j)(j + 1)) part only decreases once j^2 >= C.  The tail
		 * after t_n is then at most |t_n| q / (1 - q).
		 */
		if (dn > -A && dn > -B && dn > -C && (L_plus == 0.0 || dn * dn >= C))
		{
			double		q = abs_z * (1.0 + (L_plus * dn + M_plus) / den);

			if (q < 1.0 && fabs(term) * q <= (1.0 - q) * TAIL_TOLERANCE * fabs(sum))
			{
				converged = true;
				break;
			}
		}

		ratio = ((A + dn) / (C + dn)) * ((B + dn) / (dn + 1.0)) * z;
		if (!isfinite(ratio))
			return C360_HYP_PRECISION;
		term *= ratio;
		{
			double		y = term - carry;
			double		t = sum + y;

			carry = (t - sum) - y;
			sum = t;
		}
		abs_sum += fabs(term);
		weighted += (double) (count + 1) * fabs(term);
		if (abs_sum > big || weighted > big)
		{
			term *= small;
			sum *= small;
			carry *= small;
			abs_sum *= small;
			weighted *= small;
			log_scale += SCALE_EXPONENT * M_LN2;
		}
		if (term == 0.0)
		{
			/* underflow: the rest is below the smallest double */
			converged = true;
			break;
		}
	}

	result->terms = count + 1;
	if (sum == 0.0)
	{
		result->log_abs = -INFINITY;
		result->sign = 0;
		result->rel_err = INFINITY;
	}
	else
	{
		result->log_abs = log(fabs(sum)) + log_scale;
		result->sign = sum > 0.0 ? 1 : -1;
		/*
		 * Term n carries the rounding of the n ratios multiplied into it
		 * (at most 5 ulps each); the compensated sum adds about 2 ulps of
		 * the sum of magnitudes.
		 */
		result->rel_err = TAIL_TOLERANCE +
			DBL_EPSILON * (5.0 * weighted + 2.0 * abs_sum) / fabs(sum);
		result->sensitivity = weighted / fabs(sum);
	}
	if (!converged)
		return C360_HYP_NOT_CONVERGED;
	if (!(result->rel_err <= C360_HYP_MAX_REL_ERROR))
		return C360_HYP_PRECISION;
	return C360_HYP_OK;
}

C360HypStatus
c360_hyp_series(double A, double B, double C, double z, long n0, double t0,
				C360HypResult *result)
{
	return series_sum(A, B, C, z, n0, t0, false, result);
}

/*
 * Relative rounding error of the computed p - q: the transformations below
 * feed such differences to a series as new parameters, and a series' log
 * moves by at most its sensitivity times a parameter's relative change.
 */
static double
rounding_of_difference(double p, double q)
{
	double		d = fabs(p - q);

	if (d == 0.0)
		return 0.0;
	return DBL_EPSILON * (fabs(p) + fabs(q)) / d;
}

/* Add the values x and y, each kept as sign * exp(log_abs). */
static void
signed_log_add(const C360HypResult *x, const C360HypResult *y, C360HypResult *out)
{
	const C360HypResult *hi;
	const C360HypResult *lo;
	double		r;

	if (x->sign == 0)
	{
		*out = *y;
		return;
	}
	if (y->sign == 0)
	{
		*out = *x;
		return;
	}
	hi = x->log_abs >= y->log_abs ? x : y;
	lo = x->log_abs >= y->log_abs ? y : x;
	r = exp(lo->log_abs - hi->log_abs);
	out->terms = x->terms + y->terms;
	out->sensitivity = hi->sensitivity + lo->sensitivity;
	out->sign = hi->sign;
	if (hi->sign == lo->sign)
	{
		out->log_abs = hi->log_abs + log1p(r);
		out->rel_err = (hi->rel_err + lo->rel_err * r) / (1.0 + r) + DBL_EPSILON;
	}
	else if (r >= 1.0)
	{
		/* complete cancellation: nothing is known about the value */
		out->log_abs = -INFINITY;
		out->sign = 0;
		out->rel_err = INFINITY;
	}
	else
	{
		out->log_abs = hi->log_abs + log1p(-r);
		out->rel_err = (hi->rel_err + lo->rel_err * r) / (1.0 - r) + DBL_EPSILON;
	}
}

/* Keep the better of two attempts: OK before anything else, then accuracy. */
static void
keep_better(C360HypStatus *best_status, C360HypResult *best,
			C360HypStatus status, const C360HypResult *candidate)
{
	bool		better;

	if (*best_status != C360_HYP_OK && status == C360_HYP_OK)
		better = true;
	else if (*best_status == C360_HYP_OK && status != C360_HYP_OK)
		better = false;
	else
		better = candidate->rel_err < best->rel_err;
	if (better)
	{
		*best_status = status;
		*best = *candidate;
	}
}

/*
 * 2F1 by its series in z, or after Euler's transformation
 * 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z).
 * The terms of a 2F1 series behave like n^(a + b - c - 1) z^n: with
 * c - a - b < 0 they grow before they shrink, so the transformed series is
 * tried first then.
 */
static C360HypStatus
series_or_euler(double a, double b, double c, double z, double log1mz,
				C360HypResult *result)
{
	double		d = c - a - b;
	C360HypStatus best_status;
	C360HypStatus status;
	C360HypResult attempt;
	int			pass;

	best_status = C360_HYP_DOMAIN;
	result_set_failed(result);
	for (pass = 0; pass < 2; pass++)
	{
		bool		euler = (pass == 0) == (d < 0.0);

		if (euler)
		{
			double		prefactor = d * log1mz;

			status = series_sum(c - a, c - b, c, z, 0, 1.0, false, &attempt);
			attempt.log_abs += prefactor;
			/* and the rounding of d, c - a and c - b */
			attempt.rel_err += 2.0 * DBL_EPSILON * (fabs(prefactor) + 1.0) +
				2.0 * DBL_EPSILON * (fabs(a) + fabs(b) + fabs(c)) * fabs(log1mz) +
				attempt.sensitivity * (rounding_of_difference(c, a) +
									   rounding_of_difference(c, b));
			if (status == C360_HYP_OK && !(attempt.rel_err <= C360_HYP_MAX_REL_ERROR))
				status = C360_HYP_PRECISION;
		}
		else
			status = series_sum(a, b, c, z, 0, 1.0, false, &attempt);
		keep_better(&best_status, result, status, &attempt);
		if (best_status == C360_HYP_OK && result->rel_err <= GOOD_ENOUGH)
			break;
	}
	return best_status;
}

/* Gamma(p) Gamma(q) / (Gamma(r) Gamma(s)) in signed log form; 0 at a pole of r or s. */
static void
gamma_ratio(double p, double q, double r, double s, C360HypResult *out)
{
	int			sp,
				sq,
				sr,
				ss;
	double		lp = c360_lgamma_signed(p, &sp);
	double		lq = c360_lgamma_signed(q, &sq);
	double		lr = c360_lgamma_signed(r, &sr);
	double		ls = c360_lgamma_signed(s, &ss);

	out->terms = 0;
	if (sr == 0 || ss == 0)
	{
		/* 1 / Gamma vanishes at its poles */
		out->log_abs = -INFINITY;
		out->sign = 0;
		out->rel_err = 0.0;
		return;
	}
	out->log_abs = lp + lq - lr - ls;
	out->sign = sp * sq * sr * ss;
	/* each lgamma is good to a few ulps of its own size */
	out->rel_err = 4.0 * DBL_EPSILON * (fabs(lp) + fabs(lq) + fabs(lr) + fabs(ls) + 4.0);
}

/*
 * For z near 1 (Abramowitz and Stegun 15.3.6), with d = c - a - b not an
 * integer:
 *   2F1(a,b;c;z) = G(c)G(d)/(G(c-a)G(c-b)) 2F1(a, b; 1-d; 1-z)
 *                + (1-z)^d G(c)G(-d)/(G(a)G(b)) 2F1(c-a, c-b; 1+d; 1-z).
 */
static C360HypStatus
one_minus_z(double a, double b, double c, double w, C360HypResult *result)
{
	double		d = c - a - b;
	C360HypResult coef1,
				coef2,
				part1,
				part2;
	C360HypStatus status;

	result_set_failed(result);
	if (fabs(d - nearbyint(d)) < INTEGER_GAP)
		return C360_HYP_PRECISION;

	gamma_ratio(c, d, c - a, c - b, &coef1);
	part1.sign = 0;
	part1.log_abs = -INFINITY;
	part1.rel_err = 0.0;
	part1.terms = 0;
	part1.sensitivity = 0.0;
	if (coef1.sign != 0)
	{
		status = series_sum(a, b, 1.0 - d, w, 0, 1.0, false, &part1);
		if (status != C360_HYP_OK)
			return status;
		part1.log_abs += coef1.log_abs;
		part1.sign *= coef1.sign;
		part1.rel_err += coef1.rel_err;
	}

	gamma_ratio(c, -d, a, b, &coef2);
	part2.sign = 0;
	part2.log_abs = -INFINITY;
	part2.rel_err = 0.0;
	part2.terms = 0;
	part2.sensitivity = 0.0;
	if (coef2.sign != 0)
	{
		double		prefactor = d * log(w);

		status = series_sum(c - a, c - b, 1.0 + d, w, 0, 1.0, false, &part2);
		if (status != C360_HYP_OK)
			return status;
		part2.log_abs += coef2.log_abs + prefactor;
		part2.sign *= coef2.sign;
		part2.rel_err += coef2.rel_err + 2.0 * DBL_EPSILON * (fabs(prefactor) + 1.0);
	}

	signed_log_add(&part1, &part2, result);
	/* the rounding of d, c - a, c - b moves the gamma functions and series */
	result->rel_err += 2.0 * DBL_EPSILON * (fabs(a) + fabs(b) + fabs(c)) *
		(fabs(log(w)) + 2.0 * log(2.0 + fabs(a) + fabs(b) + fabs(c))) +
		(part1.sensitivity + part2.sensitivity) *
		(rounding_of_difference(c, a) + rounding_of_difference(c, b) +
		 rounding_of_difference(c, a + b));
	if (!(result->rel_err <= C360_HYP_MAX_REL_ERROR))
		return C360_HYP_PRECISION;
	return C360_HYP_OK;
}

/*
 * 2F1 for 0 < z < 1; w = 1 - z and log1mz = log(1 - z) are passed in,
 * because after Pfaff's transformation they are known more accurately than
 * 1 - z can be computed from the rounded z.
 */
static C360HypStatus
positive_z(double a, double b, double c, double z, double w, double log1mz,
		   C360HypResult *result)
{
	C360HypStatus best_status = C360_HYP_DOMAIN;
	C360HypStatus status;
	C360HypResult attempt;

	result_set_failed(result);
	if (z > NEAR_ONE)
	{
		/* a few terms in 1 - z instead of thousands in z, when it is accurate */
		status = one_minus_z(a, b, c, w, &attempt);
		keep_better(&best_status, result, status, &attempt);
		if (best_status == C360_HYP_OK && result->rel_err <= GOOD_ENOUGH)
			return best_status;
	}
	status = series_or_euler(a, b, c, z, log1mz, &attempt);
	keep_better(&best_status, result, status, &attempt);
	return best_status;
}

C360HypStatus
c360_hyp2f1_log(double a, double b, double c, double z, C360HypResult *result)
{
	bool		a_stops = is_nonpositive_integer(a);
	bool		b_stops = is_nonpositive_integer(b);
	C360HypStatus status = C360_HYP_DOMAIN;
	C360HypStatus attempt_status;
	C360HypResult attempt;

	result_set_failed(result);
	if (!isfinite(a) || !isfinite(b) || !isfinite(c) || !isfinite(z) || z >= 1.0)
		return C360_HYP_DOMAIN;
	if (is_nonpositive_integer(c) &&
		!((a_stops && a > c) || (b_stops && b > c)))
		return C360_HYP_POLE;
	if (z == 0.0 || a == 0.0 || b == 0.0)
	{
		result_set_one(result);
		return C360_HYP_OK;
	}

	if (a_stops || b_stops)
	{
		/* a polynomial: its finite sum needs no convergence, for any z */
		status = series_sum(a, b, c, z, 0, 1.0, true, result);
		if (status == C360_HYP_OK && result->rel_err <= GOOD_ENOUGH)
			return status;
		/* its terms cancel: try the transformations below as well */
	}
	if (z < 0.0)
	{
		/*
		 * Pfaff: 2F1(a,b;c;z) = (1-z)^(-a) 2F1(a, c-b; c; z/(z-1)), or the
		 * same with a and b exchanged.  The new argument w lies in (0, 1),
		 * with 1 - w = 1/(1 - z) exactly enough; the choice makes the new
		 * c - a - b (= b - a, or a - b) non-negative.
		 */
		double		w = z / (z - 1.0);
		double		log1mz = log1p(-z);
		double		exponent;

		if (b >= a)
		{
			attempt_status = positive_z(a, c - b, c, w, 1.0 / (1.0 - z), -log1mz, &attempt);
			exponent = -a;
		}
		else
		{
			attempt_status = positive_z(c - a, b, c, w, 1.0 / (1.0 - z), -log1mz, &attempt);
			exponent = -b;
		}
		attempt.log_abs += exponent * log1mz;
		attempt.rel_err += 2.0 * DBL_EPSILON * (fabs(exponent * log1mz) + 1.0) +
			attempt.sensitivity * (b >= a ? rounding_of_difference(c, b) :
								   rounding_of_difference(c, a));
	}
	else
		attempt_status = positive_z(a, b, c, z, 1.0 - z, log1p(-z), &attempt);
	if (attempt_status == C360_HYP_OK && !(attempt.rel_err <= C360_HYP_MAX_REL_ERROR))
		attempt_status = C360_HYP_PRECISION;
	if (a_stops || b_stops)
		keep_better(&status, result, attempt_status, &attempt);
	else
	{
		status = attempt_status;
		*result = attempt;
	}

	if (status == C360_HYP_OK && !(result->rel_err <= C360_HYP_MAX_REL_ERROR))
		status = C360_HYP_PRECISION;
	return status;
}

C360HypStatus
c360_hyp2f1(double a, double b, double c, double z, double *value)
{
	C360HypResult result;
	C360HypStatus status = c360_hyp2f1_log(a, b, c, z, &result);

	*value = 0.0;
	if (status != C360_HYP_OK)
		return status;
	if (result.sign == 0)
		return C360_HYP_OK;
	if (result.log_abs > log(DBL_MAX))
		return C360_HYP_PRECISION;
	*value = result.sign * exp(result.log_abs);
	return C360_HYP_OK;
}

C360HypStatus
c360_hyp2f1_1bc(double b, double c, double z, long max_terms, double out[4])
{
	double		term = 1.0;
	double		f = 1.0;
	double		f_b = 0.0;
	double		f_c = 0.0;		/* minus dF/dc, accumulated positive */
	double		f_nz = 0.0;		/* z dF/dz */
	double		h_b = 0.0;		/* sum over k < n of 1/(b + k) */
	double		h_c = 0.0;
	double		zz;
	double		geometric;
	long		n;

	out[0] = out[1] = out[2] = out[3] = 0.0;
	if (!(b > 0.0) || !(c >= b) || !isfinite(c) || !(z >= 0.0) || !(z < 1.0))
		return C360_HYP_DOMAIN;
	if (max_terms <= 0 || max_terms > C360_HYP_MAX_TERMS)
		max_terms = C360_HYP_MAX_TERMS;
	if (b < DBL_MIN)
		return C360_HYP_DOMAIN; /* 1/b would overflow */
	if (z < DBL_MIN)
		z = 0.0;				/* its terms would underflow against 1/b */
	if (z == 0.0)
	{
		out[0] = 1.0;
		out[3] = b / c;
		return C360_HYP_OK;
	}

	/*
	 * t_{n+1} = t_n z (b + n)/(c + n) <= z t_n, so for j > n: t_j <= t_n
	 * z^(j-n), sum_{k<j} 1/(b+k) <= h_b(n) + (j-n)/(b+n) and j <= n + (j-n):
	 * each tail below is a geometric bound, valid for every n.
	 */
	zz = z / (1.0 - z);
	geometric = zz / (1.0 - z);
	for (n = 0;; n++)
	{
		double		dn = (double) n;
		double		tail_f = term * zz;
		double		tail_b = term * (h_b * zz + geometric / (b + dn));
		double		tail_c = term * (h_c * zz + geometric / (c + dn));
		double		tail_z = term * (dn * zz + geometric);
		double		inv_b;
		double		inv_c;

		if (tail_f <= TAIL_TOLERANCE * f &&
			tail_b <= 10.0 * TAIL_TOLERANCE * f_b &&
			tail_c <= 10.0 * TAIL_TOLERANCE * f_c &&
			tail_z <= 10.0 * TAIL_TOLERANCE * f_nz)
			break;
		if (n >= max_terms)
		{
			out[0] = out[1] = out[2] = out[3] = 0.0;
			return C360_HYP_NOT_CONVERGED;
		}
		inv_b = 1.0 / (b + dn);
		inv_c = 1.0 / (c + dn);
		term *= (b + dn) * inv_c * z;
		h_b += inv_b;
		h_c += inv_c;
		f += term;
		f_b += term * h_b;
		f_c += term * h_c;
		f_nz += (dn + 1.0) * term;
		if (term == 0.0)
			break;				/* underflow: the rest is negligible */
	}
	out[0] = f;
	out[1] = f_b;
	out[2] = -f_c;
	out[3] = f_nz / z;
	if (!isfinite(out[0]) || !isfinite(out[1]) || !isfinite(out[2]) || !isfinite(out[3]))
	{
		out[0] = out[1] = out[2] = out[3] = 0.0;
		return C360_HYP_PRECISION;
	}
	return C360_HYP_OK;
}
