/*
 * Unit tests for src/value/special.c and src/value/optimize.c.
 *
 * Reference values of 2F1, its derivatives and digamma were computed with
 * mpmath (40 significant digits) at the double nearest each argument.
 */
#include <float.h>
#include <math.h>

#include "optimize.h"
#include "special.h"
#include "unit.h"

typedef struct HypCase
{
	double		a,
				b,
				c,
				z;
	double		log_abs;
	int			sign;
} HypCase;

static const HypCase hyp_cases[] = {
	{1, 1, 2, 0.5, 0.3266342599782809824, 1},
	{0.5, 0.5, 1.5, 0.25, 0.046117597181290482748, 1},
	{2.243, 4.426, 4.219, 0.474, 1.5205589259178055511, 1},
	{1.5, 2.5, 3.7, 0.95, 2.3793547315805188438, 1},	/* 1 - z form */
	{1.5, 2.5, 4.0, 0.95, 2.0572248614085330339, 1},	/* c - a - b = 0 */
	{3, 4, 2, -3.5, -6.6040962520072153017, -1},	/* Pfaff */
	{-3, 2, 1.5, -7, 6.7927932605124554459, 1},	/* polynomial */
	{0.3, 0.7, 1.2, 0.999, 0.6313514118330975989, 1},
	{10, 20, 5, 0.3, 11.699268148546943206, 1},
	{1, 1, 2, -0.999, -0.36623420859208561761, 1},
	{2.5, 1.5, 0.7, 0.99999, 39.076712965112482578, 1},
	{0.243, 2.426, 3.219, 0.9, 0.32699265746227258138, 1},
	{5.5, -2.25, 1.75, -20, 8.981189536349149912, 1},
	{0.1, 0.2, 0.3, -1e6, -1.1491297914702761504, 1},
	{40, 3, 41, 0.9999, 21.412679870128134534, 1},
	{1.2, 2.3, 3.5000001, 0.97, 1.9585260690782791372, 1},	/* c-a-b near 0 */
	{-10, 2.5, 3.5, 0.8, -4.3968315898364217901, 1},
	{2, 3, -1.5, 0.4, 6.6135715023266150629, 1},	/* negative c */
	{1, 30, 2, 0.01, 0.15428785929813329483, 1},
	{0.5, 1.5, 2.0, 0.9999, 1.8493638339022903491, 1},	/* c-a-b = 0 near 1 */
	{2.5, 3.5, 6.0, 0.93, 2.8583455093663065515, 1},	/* c-a-b = 0 near 1 */
	{0.7, 1.3, 2.0, 0.95, 1.0638642599739916755, 1},
	{3.3, -1.7, 0.9, -0.6, 1.8510649915226867378, 1},
};

static void
test_hyp2f1(void)
{
	for (size_t i = 0; i < sizeof(hyp_cases) / sizeof(hyp_cases[0]); i++)
	{
		const HypCase *h = &hyp_cases[i];
		C360HypResult r;
		C360HypStatus st = c360_hyp2f1_log(h->a, h->b, h->c, h->z, &r);

		UNIT_RECORD(st == C360_HYP_OK, "2F1(%g, %g; %g; %g): status %d", h->a, h->b, h->c, h->z, st);
		UNIT_RECORD(r.sign == h->sign && fabs(r.log_abs - h->log_abs) <= 1e-12 * (1 + fabs(h->log_abs)),
					"2F1(%g, %g; %g; %g) = %d exp(%.17g), expected %d exp(%.17g)",
					h->a, h->b, h->c, h->z, r.sign, r.log_abs, h->sign, h->log_abs);
		/* the error estimate is honest: at least the error made */
		UNIT_RECORD(fabs(r.log_abs - h->log_abs) <= r.rel_err + 4 * DBL_EPSILON * (1 + fabs(h->log_abs)),
					"2F1(%g, %g; %g; %g): error %.3g above its estimate %.3g",
					h->a, h->b, h->c, h->z, fabs(r.log_abs - h->log_abs), r.rel_err);
	}

	/* closed forms */
	{
		double		v;

		CHECK_INT(c360_hyp2f1(1, 1, 2, 0.3, &v), C360_HYP_OK);
		CHECK_NEAR(v, -log1p(-0.3) / 0.3, 1e-15);
		CHECK_INT(c360_hyp2f1(2.5, 1.7, 1.7, -0.8, &v), C360_HYP_OK);
		CHECK_NEAR(v, pow(1.8, -2.5), 1e-15);
		CHECK_INT(c360_hyp2f1(0.5, 0.5, 1.5, 0.36, &v), C360_HYP_OK);
		CHECK_NEAR(v, asin(0.6) / 0.6, 1e-15);
		CHECK_INT(c360_hyp2f1(0.0, 3.0, 2.0, 0.9, &v), C360_HYP_OK);
		CHECK_NEAR(v, 1.0, 0.0);
		CHECK_INT(c360_hyp2f1(3.0, 4.0, 5.0, 0.0, &v), C360_HYP_OK);
		CHECK_NEAR(v, 1.0, 0.0);
		/* 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1)) */
		CHECK_INT(c360_hyp2f1(-2, 3, 4, 0.5, &v), C360_HYP_OK);
		CHECK_NEAR(v, 1 - 2 * 3 * 0.5 / 4 + 3.0 * 4 * 0.25 / (4 * 5), 1e-15);
		/* a polynomial stopping before its zero denominator */
		CHECK_INT(c360_hyp2f1(-1, 3, -2, 0.5, &v), C360_HYP_OK);
		CHECK_NEAR(v, 1 + 3 * 0.5 / 2, 1e-15);
	}

	/* statuses, never a silent number */
	{
		double		v = 123;
		C360HypResult r;

		CHECK_INT(c360_hyp2f1(1, 2, 3, 1.0, &v), C360_HYP_DOMAIN);
		CHECK(v == 0.0);
		CHECK_INT(c360_hyp2f1(1, 2, 3, 1.5, &v), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1(NAN, 2, 3, 0.5, &v), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1(1, 2, 3, NAN, &v), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1(1, INFINITY, 3, 0.5, &v), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1(1, 2, -3, 0.5, &v), C360_HYP_POLE);
		CHECK_INT(c360_hyp2f1(1, 2, 0, 0.5, &v), C360_HYP_POLE);
		CHECK_INT(c360_hyp2f1(-5, 2, -3, 0.5, &v), C360_HYP_POLE);
		/* too close to 1 for any series, with c - a - b an integer */
		CHECK_INT(c360_hyp2f1_log(0.5, 1.5, 2.0, 1.0 - 1e-9, &r), C360_HYP_NOT_CONVERGED);
		/* beyond the double range as a plain value, fine in log form */
		CHECK_INT(c360_hyp2f1(200, 300, 1, 0.9, &v), C360_HYP_PRECISION);
		CHECK(v == 0.0);
		CHECK_INT(c360_hyp2f1_log(200, 300, 1, 0.9, &r), C360_HYP_OK);
		CHECK(r.log_abs > 709 && isfinite(r.log_abs));
		/* symmetric in a and b */
		{
			C360HypResult r1,
						r2;

			c360_hyp2f1_log(0.3, 4.7, 2.2, -3.0, &r1);
			c360_hyp2f1_log(4.7, 0.3, 2.2, -3.0, &r2);
			CHECK_NEAR(r1.log_abs, r2.log_abs, 1e-13);
		}
	}

	/* the series tail used by the BG/NBD: (2F1 - 1) / B without dividing by B */
	{
		C360HypResult r;
		double		f;
		double		A = 1.7,
					B = 0.4,
					C = 3.1,
					z = 0.6;

		CHECK_INT(c360_hyp_series(A, B, C, z, 1, A * B * z / C, &r), C360_HYP_OK);
		c360_hyp2f1(A, B, C, z, &f);
		CHECK_NEAR(r.sign * exp(r.log_abs), f - 1.0, 1e-14);
		CHECK_INT(c360_hyp_series(A, B, C, 1.0, 0, 1.0, &r), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp_series(A, B, C, z, 0, 0.0, &r), C360_HYP_OK);
		CHECK(r.sign == 0);
	}
}

static void
test_hyp2f1_1bc(void)
{
	static const double cases[][7] = {
		{1.6, 3.2, 0.8, 1.8959579601852392412, 0.9293136647877516758, -0.53026482387478639236, 2.8482417289348755266},
		{0.8, 1.9, 0.05, 1.0217303910250011011, 0.027548494600589806456, -0.011677215233506465413, 0.44867081512629596553},
		{2.5, 40.0, 0.97, 1.066242613529225044, 0.028250662617638781231, -0.0018093743144466562248, 0.074790727443090785584},
		{1.0, 1.0, 0.5, 2.0, 1.3862943611198906188, -1.3862943611198906188, 4.0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		double		out[4];

		CHECK_INT(c360_hyp2f1_1bc(cases[i][0], cases[i][1], cases[i][2], 0, out), C360_HYP_OK);
		for (int k = 0; k < 4; k++)
			UNIT_RECORD(fabs(out[k] - cases[i][3 + k]) <= 1e-13 * (1 + fabs(cases[i][3 + k])),
						"2F1(1, %g; %g; %g) part %d = %.17g, expected %.17g",
						cases[i][0], cases[i][1], cases[i][2], k, out[k], cases[i][3 + k]);
	}
	{
		double		out[4] = {9, 9, 9, 9};

		CHECK_INT(c360_hyp2f1_1bc(2.0, 1.0, 0.5, 0, out), C360_HYP_DOMAIN);	/* c < b */
		CHECK(out[0] == 0.0 && out[3] == 0.0);
		CHECK_INT(c360_hyp2f1_1bc(1.0, 2.0, 1.0, 0, out), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1_1bc(1.0, 2.0, -0.1, 0, out), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1_1bc(0.0, 2.0, 0.5, 0, out), C360_HYP_DOMAIN);
		CHECK_INT(c360_hyp2f1_1bc(1.0, 2.0, 1.0 - 1e-9, 0, out), C360_HYP_NOT_CONVERGED);
		CHECK_INT(c360_hyp2f1_1bc(1.0, 2.0, 0.0, 0, out), C360_HYP_OK);
		CHECK(out[0] == 1.0 && out[3] == 0.5);
	}
}

static void
test_elementary(void)
{
	static const double digamma_cases[][2] = {
		{0.243, -4.3510938644232107288},
		{1e-08, -100000000.57721564636},
		{3.5, 1.1031566406452431872},
		{15.5, 2.7082352425903654326},
		{100.0, 4.6001618527380874002},
		{1000000.0, 13.815510057964190771},
		{-2.5, 1.1031566406452431872},
		{-0.1, 9.2450730500529480423},
	};
	int			sign;

	for (size_t i = 0; i < sizeof(digamma_cases) / sizeof(digamma_cases[0]); i++)
		UNIT_RECORD(fabs(c360_digamma(digamma_cases[i][0]) - digamma_cases[i][1]) <=
					2e-15 * (1 + fabs(digamma_cases[i][1])),
					"digamma(%g) = %.17g, expected %.17g", digamma_cases[i][0],
					c360_digamma(digamma_cases[i][0]), digamma_cases[i][1]);
	CHECK(isnan(c360_digamma(0.0)));
	CHECK(isnan(c360_digamma(-3.0)));
	CHECK(isnan(c360_digamma(NAN)));

	CHECK_NEAR(c360_lgamma_signed(5.0, &sign), log(24.0), 1e-14);
	CHECK_INT(sign, 1);
	CHECK_NEAR(c360_lgamma_signed(-0.5, &sign), log(2 * sqrt(M_PI)), 1e-14);
	CHECK_INT(sign, -1);
	CHECK_NEAR(c360_lgamma_signed(-1.5, &sign), log(4 * sqrt(M_PI) / 3), 1e-14);
	CHECK_INT(sign, 1);
	CHECK(isinf(c360_lgamma_signed(-2.0, &sign)));
	CHECK_INT(sign, 0);
	CHECK(isinf(c360_lgamma_signed(0.0, &sign)));

	CHECK_NEAR(c360_log1pexp(0.0), log(2.0), 1e-16);
	CHECK_NEAR(c360_log1pexp(800.0), 800.0, 0.0);
	CHECK_NEAR(c360_log1pexp(-800.0), 0.0, 0.0);
	CHECK_NEAR(c360_log1pexp(-40.0), exp(-40.0), 1e-30);
	CHECK_NEAR(c360_log1mexp(-1e-20), log(1e-20), 1e-12);
	CHECK_NEAR(c360_log1mexp(-50.0), -exp(-50.0), 1e-35);
	CHECK(isinf(c360_log1mexp(0.0)));
	CHECK(isnan(c360_log1mexp(1.0)));
	CHECK_NEAR(c360_logaddexp(1000.0, 1000.0), 1000.0 + log(2.0), 1e-12);
	CHECK(c360_logaddexp(-INFINITY, -INFINITY) == -INFINITY);
	CHECK_NEAR(c360_logaddexp(-INFINITY, 3.0), 3.0, 0.0);
	CHECK_NEAR(c360_log_exprel(0.0), 0.0, 0.0);
	CHECK_NEAR(c360_log_exprel(1e-6), -0.5e-6 + 1e-12 / 24.0, 1e-22);
	CHECK_NEAR(c360_log_exprel(2.0), log((1 - exp(-2.0)) / 2.0), 1e-15);
	CHECK_NEAR(c360_log_exprel(-2.0), log((exp(2.0) - 1) / 2.0), 1e-15);
	CHECK_NEAR(c360_log_exprel(-1000.0), 1000.0 - log(1000.0), 1e-12);
	CHECK(isfinite(c360_log_exprel(1e300)) && isfinite(c360_log_exprel(-1e300)));
	CHECK(c360_hyp_status_message(C360_HYP_POLE)[0] != '\0');
	CHECK(c360_hyp_status_message((C360HypStatus) 99)[0] != '\0');
}

/* Rosenbrock in n dimensions, with its gradient */
static bool
rosenbrock(void *context, const double *x, double *value, double *gradient)
{
	int			n = *(int *) context;
	double		f = 0.0;

	if (gradient != NULL)
		for (int i = 0; i < n; i++)
			gradient[i] = 0.0;
	for (int i = 0; i + 1 < n; i++)
	{
		double		t1 = x[i + 1] - x[i] * x[i];
		double		t2 = 1.0 - x[i];

		f += 100.0 * t1 * t1 + t2 * t2;
		if (gradient != NULL)
		{
			gradient[i] += -400.0 * x[i] * t1 - 2.0 * t2;
			gradient[i + 1] += 200.0 * t1;
		}
	}
	*value = f;
	return true;
}

/* a bowl whose minimum (x = 5) lies outside the box [-2, 2] */
static bool
outside_bowl(void *context, const double *x, double *value, double *gradient)
{
	(void) context;
	*value = (x[0] - 5.0) * (x[0] - 5.0) + (x[1] - 1.0) * (x[1] - 1.0);
	if (gradient != NULL)
	{
		gradient[0] = 2.0 * (x[0] - 5.0);
		gradient[1] = 2.0 * (x[1] - 1.0);
	}
	return true;
}

/* undefined for x[0] < 0.5: the optimizer must step back from there */
static bool
partly_defined(void *context, const double *x, double *value, double *gradient)
{
	(void) context;
	if (x[0] < 0.5)
		return false;
	*value = (x[0] - 1.0) * (x[0] - 1.0) + 10.0 * (x[1] + 2.0) * (x[1] + 2.0);
	if (gradient != NULL)
	{
		gradient[0] = 2.0 * (x[0] - 1.0);
		gradient[1] = 20.0 * (x[1] + 2.0);
	}
	return true;
}

static bool
nowhere(void *context, const double *x, double *value, double *gradient)
{
	(void) context;
	(void) x;
	(void) value;
	(void) gradient;
	return false;
}

static void
test_optimizer(void)
{
	C360OptimizeOptions opt;
	C360OptimizeResult res;
	int			n;

	c360_optimize_defaults(&opt);
	for (n = 2; n <= 6; n += 2)
	{
		double		start[6] = {-1.2, 1, -1.2, 1, -1.2, 1};
		C360OptimizeStatus st;

		opt.max_iterations = 500;
		st = c360_minimize(rosenbrock, &n, n, start, 1, &opt, &res);
		UNIT_RECORD(st == C360_OPT_CONVERGED, "Rosenbrock %d: status %d", n, st);
		for (int i = 0; i < n; i++)
			UNIT_RECORD(fabs(res.x[i] - 1.0) < 1e-6, "Rosenbrock %d: x[%d] = %.10g", n, i, res.x[i]);
	}
	{
		double		start[2] = {0, 0};

		c360_optimize_defaults(&opt);
		opt.lower = -2;
		opt.upper = 2;
		CHECK_INT(c360_minimize(outside_bowl, NULL, 2, start, 1, &opt, &res), C360_OPT_AT_BOUNDARY);
		CHECK_NEAR(res.x[0], 2.0, 0.0);
		CHECK_NEAR(res.x[1], 1.0, 1e-8);
	}
	{
		double		starts[4] = {0.0, 0.0, 3.0, 3.0};	/* the first is undefined */

		c360_optimize_defaults(&opt);
		CHECK_INT(c360_minimize(partly_defined, NULL, 2, starts, 2, &opt, &res), C360_OPT_CONVERGED);
		CHECK_NEAR(res.x[0], 1.0, 1e-8);
		CHECK_NEAR(res.x[1], -2.0, 1e-8);
	}
	{
		double		start[2] = {1, 1};

		CHECK_INT(c360_minimize(nowhere, NULL, 2, start, 1, &opt, &res), C360_OPT_BAD_START);
		CHECK_INT(c360_minimize_bfgs(rosenbrock, &n, 0, start, &opt, &res), C360_OPT_BAD_START);
	}
	{
		double		start[2] = {-1.2, 1};
		int			two = 2;
		C360OptimizeStatus st;

		c360_optimize_defaults(&opt);
		st = c360_minimize_nelder_mead(rosenbrock, &two, 2, start, 0.1, 5000,
														  &opt, &res);

		CHECK(st == C360_OPT_CONVERGED || st == C360_OPT_STALLED);
		CHECK(res.evaluations <= 5001);
		CHECK_NEAR(res.x[0], 1.0, 1e-4);
		CHECK_NEAR(res.x[1], 1.0, 1e-4);
		/* an iteration limit that cannot be met */
		opt.max_iterations = 3;
		CHECK_INT(c360_minimize_bfgs(rosenbrock, &two, 2, start, &opt, &res), C360_OPT_MAX_ITERATIONS);
		CHECK_INT(res.iterations, 3);
	}
	/* deterministic: the same run twice gives the same bits */
	{
		double		start[2] = {-1.2, 1};
		int			two = 2;
		C360OptimizeResult r1,
					r2;

		c360_optimize_defaults(&opt);
		c360_minimize(rosenbrock, &two, 2, start, 1, &opt, &r1);
		c360_minimize(rosenbrock, &two, 2, start, 1, &opt, &r2);
		CHECK(r1.x[0] == r2.x[0] && r1.x[1] == r2.x[1] && r1.evaluations == r2.evaluations);
	}
}

int
main(void)
{
	test_hyp2f1();
	test_hyp2f1_1bc();
	test_elementary();
	test_optimizer();
	return UNIT_DONE();
}
