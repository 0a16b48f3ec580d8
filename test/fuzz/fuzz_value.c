/*
 * fuzz_value.c: libFuzzer target for the customer-value core
 * (src/value/clv_models.h, special.h).
 *
 * The first byte picks what to exercise; the rest is read as numbers, each
 * either a raw 8-byte double (NaN, infinities, subnormals, huge values) or,
 * more often, a value on a coarse grid so that valid data are common:
 *   0: BG/NBD and Pareto/NBD fits of up to 16 groups (x, t_x, T, weight)
 *   1: Gamma-Gamma fit of up to 16 groups (x, mean value, weight)
 *   2: predictions: P(alive), expected purchases, expected spend, CLV
 *   3: 2F1(a, b; c; z) and 2F1(1, b; c; z) with derivatives
 * Invariants: no status other than OK comes with a non-zero output, no OK
 * result is NaN or infinite, probabilities lie in [0, 1], expectations are
 * non-negative and grow with the horizon, a fit does not depend on the
 * order of its groups (bit for bit), and 2F1 is symmetric in a and b within
 * its own error estimates.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clv_models.h"
#include "special.h"

typedef struct Reader
{
	const uint8_t *data;
	size_t		size;
	size_t		pos;
} Reader;

static uint8_t
read_byte(Reader *r)
{
	return r->pos < r->size ? r->data[r->pos++] : 0;
}

/*
 * A number: a tag byte, then either 8 raw bytes (tag >= 0xF0) or 2 bytes on
 * a grid scaled by the tag (0 .. ~65 with 1/1000 steps up to ~1e6).
 */
static double
read_number(Reader *r)
{
	uint8_t		tag = read_byte(r);

	if (tag >= 0xF0)
	{
		double		v;
		uint8_t		raw[8];

		for (int i = 0; i < 8; i++)
			raw[i] = read_byte(r);
		memcpy(&v, raw, sizeof(v));
		return v;
	}
	else
	{
		unsigned	hi = read_byte(r);
		unsigned	lo = read_byte(r);
		double		v = (double) ((hi << 8) | lo);
		static const double scales[8] = {1.0, 0.01, 0.001, 0.1, 10.0, 1e-6, 100.0, 1e-3};
		double		out = v * scales[tag & 7];

		if (tag & 0x40)
			out = -out;
		return out;
	}
}

static void
fail(const char *what)
{
	(void) what;
	abort();
}

static bool
all_finite(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return false;
	return true;
}

static bool
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(double)) == 0;
}

static void
check_info(C360ValueStatus st, const C360FitInfo *info, const double *params, int n)
{
	if (info->status != st)
		fail("info status differs from the returned status");
	if (info->converged != (st == C360_VALUE_OK))
		fail("converged flag disagrees with the status");
	if (!isfinite(info->log_likelihood) || !all_finite(params, n) ||
		!isfinite(info->gradient_norm))
		fail("non-finite fit output");
	if (st == C360_VALUE_OK)
		for (int i = 0; i < n; i++)
			if (!(params[i] > 0.0))
				fail("fitted parameter not positive");
	if (st == C360_VALUE_EMPTY || st == C360_VALUE_BAD_DATA || st == C360_VALUE_TOO_LARGE ||
		st == C360_VALUE_NO_REPEAT_BUYERS)
		for (int i = 0; i < n; i++)
			if (params[i] != 0.0)
				fail("rejected data with parameters");
}

static void
fuzz_rfm_fits(Reader *r)
{
	C360RfmGroup groups[16];
	C360RfmGroup reversed[16];
	int			n = read_byte(r) % 17;
	bool		valid = true;
	C360FitOptions options = {30, NULL, NULL};
	C360Bgnbd	bg,
				bg2;
	C360ParetoNbd pn,
				pn2;
	C360FitInfo info,
				info2;
	C360ValueStatus st,
				st2;

	memset(groups, 0, sizeof(groups));
	memset(reversed, 0, sizeof(reversed));
	for (int i = 0; i < n; i++)
	{
		groups[i].frequency = floor(read_number(r));
		if (read_byte(r) & 1)
			groups[i].frequency = read_number(r);	/* maybe fractional */
		groups[i].recency = read_number(r);
		groups[i].T = read_number(r);
		groups[i].weight = (int64_t) (read_byte(r) % 5) - (read_byte(r) == 0xFF ? 1 : 0);
		if (groups[i].frequency == 0.0 && (read_byte(r) & 1))
			groups[i].recency = 0.0;
		if (c360_rfm_check(groups[i].frequency, groups[i].recency, groups[i].T) != C360_VALUE_OK ||
			groups[i].weight < 0)
			valid = false;
	}
	for (int i = 0; i < n; i++)
		reversed[i] = groups[n - 1 - i];

	st = c360_bgnbd_fit(groups, (size_t) n, &options, &bg, &info);
	check_info(st, &info, &bg.r, 4);
	if (!valid && st != C360_VALUE_BAD_DATA)
		fail("invalid group accepted");
	if (valid && st == C360_VALUE_BAD_DATA)
		fail("valid groups rejected");
	st2 = c360_bgnbd_fit(reversed, (size_t) n, &options, &bg2, &info2);
	if (st != st2 || !same_bits(bg.r, bg2.r) || !same_bits(bg.alpha, bg2.alpha) ||
		!same_bits(bg.a, bg2.a) || !same_bits(bg.b, bg2.b) ||
		!same_bits(info.log_likelihood, info2.log_likelihood))
		fail("BG/NBD fit depends on group order");

	st = c360_pareto_nbd_fit(groups, (size_t) n, &options, &pn, &info);
	check_info(st, &info, &pn.r, 4);
	st2 = c360_pareto_nbd_fit(reversed, (size_t) n, &options, &pn2, &info2);
	if (st != st2 || !same_bits(pn.r, pn2.r) || !same_bits(pn.beta, pn2.beta) ||
		!same_bits(info.log_likelihood, info2.log_likelihood))
		fail("Pareto/NBD fit depends on group order");

	/* the log-likelihood at the fitted point is the reported one */
	if (st == C360_VALUE_OK)
	{
		double		ll;

		if (c360_pareto_nbd_log_likelihood(&pn, groups, (size_t) n, &ll, NULL) != C360_VALUE_OK ||
			!same_bits(ll, info.log_likelihood))
			fail("Pareto/NBD log-likelihood not reproducible");
	}
}

static void
fuzz_spend_fit(Reader *r)
{
	C360SpendGroup groups[16];
	C360SpendGroup reversed[16];
	int			n = read_byte(r) % 17;
	C360FitOptions options = {30, NULL, NULL};
	C360GammaGamma gg,
				gg2;
	C360FitInfo info,
				info2;
	C360ValueStatus st,
				st2;

	memset(groups, 0, sizeof(groups));
	memset(reversed, 0, sizeof(reversed));
	for (int i = 0; i < n; i++)
	{
		groups[i].frequency = floor(read_number(r));
		groups[i].monetary_value = read_number(r);
		groups[i].weight = (int64_t) (read_byte(r) % 4);
	}
	for (int i = 0; i < n; i++)
		reversed[i] = groups[n - 1 - i];
	st = c360_gamma_gamma_fit(groups, (size_t) n, &options, &gg, &info);
	check_info(st, &info, &gg.p, 3);
	st2 = c360_gamma_gamma_fit(reversed, (size_t) n, &options, &gg2, &info2);
	if (st != st2 || !same_bits(gg.p, gg2.p) || !same_bits(gg.q, gg2.q) ||
		!same_bits(gg.gamma, gg2.gamma))
		fail("Gamma-Gamma fit depends on group order");
}

static void
fuzz_predictions(Reader *r)
{
	C360PurchaseModel model;
	C360GammaGamma gg;
	double		x = floor(read_number(r));
	double		t_x = read_number(r);
	double		T = read_number(r);
	double		horizon = read_number(r);
	double		m = read_number(r);
	double		discount = read_number(r) * 0.01;
	double		period = read_number(r);
	double		p,
				e1,
				e2,
				spend,
				clv,
				clv0;
	C360ValueStatus st,
				st1,
				st2;

	model.kind = (read_byte(r) & 1) ? C360_PURCHASE_PARETO_NBD : C360_PURCHASE_BGNBD;
	model.u.bgnbd.r = read_number(r);
	model.u.bgnbd.alpha = read_number(r);
	model.u.bgnbd.a = read_number(r);
	model.u.bgnbd.b = read_number(r);
	gg.p = read_number(r);
	gg.q = read_number(r);
	gg.gamma = read_number(r);

	st = c360_purchase_p_alive(&model, x, t_x, T, &p);
	if (st == C360_VALUE_OK ? !(p >= 0.0 && p <= 1.0) : p != 0.0)
		fail("P(alive) out of [0, 1] or set on failure");

	st1 = c360_purchase_expected(&model, horizon, x, t_x, T, &e1);
	st2 = c360_purchase_expected(&model, 2.0 * horizon, x, t_x, T, &e2);
	if ((st1 != C360_VALUE_OK && e1 != 0.0) || (st2 != C360_VALUE_OK && e2 != 0.0))
		fail("expected purchases set on failure");
	if (st1 == C360_VALUE_OK && !(isfinite(e1) && e1 >= 0.0))
		fail("expected purchases negative or not finite");
	if (st1 == C360_VALUE_OK && st2 == C360_VALUE_OK && e2 < e1 * (1.0 - 1e-7) - 1e-300)
		fail("expected purchases fall with the horizon");

	st = c360_gamma_gamma_expected_spend(&gg, x, m, &spend);
	if (st == C360_VALUE_OK ? !(isfinite(spend) && spend >= 0.0) : spend != 0.0)
		fail("expected spend invalid");

	st = c360_clv(&model, &gg, x, t_x, T, m, horizon, discount, period, &clv);
	if (st == C360_VALUE_OK ? !isfinite(clv) : clv != 0.0)
		fail("CLV invalid");
	if (st == C360_VALUE_OK && discount > 0.0 &&
		c360_clv(&model, &gg, x, t_x, T, m, horizon, 0.0, period, &clv0) == C360_VALUE_OK &&
		clv > clv0 * (1.0 + 1e-9) + 1e-300)
		fail("discounting raised the CLV");
	(void) c360_value_status_message(st);
}

static void
fuzz_hyp(Reader *r)
{
	double		a = read_number(r);
	double		b = read_number(r);
	double		c = read_number(r);
	double		z = read_number(r) * ((read_byte(r) & 1) ? -1.0 : 1.0);
	C360HypResult r1,
				r2;
	C360HypStatus s1,
				s2;
	double		v,
				out[4];

	if (read_byte(r) & 1)
		z = z / (1.0 + fabs(z));	/* mostly inside (-1, 1) */
	s1 = c360_hyp2f1_log(a, b, c, z, &r1);
	s2 = c360_hyp2f1_log(b, a, c, z, &r2);
	if (s1 == C360_HYP_OK && (r1.sign != 0 ? !isfinite(r1.log_abs) : r1.log_abs != -INFINITY))
		fail("2F1 OK with a non-finite log");
	if (s1 == C360_HYP_OK && !(r1.rel_err >= 0.0 && r1.rel_err <= C360_HYP_MAX_REL_ERROR))
		fail("2F1 OK with a large error estimate");
	if (s1 == C360_HYP_OK && s2 == C360_HYP_OK && r1.sign != 0 &&
		(r1.sign != r2.sign ||
		 fabs(r1.log_abs - r2.log_abs) > 4.0 * (r1.rel_err + r2.rel_err) + 1e-12))
		fail("2F1 not symmetric in a and b within its error estimates");
	s1 = c360_hyp2f1(a, b, c, z, &v);
	if (s1 == C360_HYP_OK ? !isfinite(v) : v != 0.0)
		fail("2F1 value invalid");
	(void) c360_hyp_status_message(s1);

	s1 = c360_hyp2f1_1bc(fabs(a), fabs(a) + fabs(c), fabs(z) < 1.0 ? fabs(z) : 0.5, 100000, out);
	if (s1 == C360_HYP_OK &&
		!(all_finite(out, 4) && out[0] >= 1.0 && out[1] >= 0.0 && out[2] <= 0.0 && out[3] >= 0.0))
		fail("2F1(1, b; c; z) parts invalid");
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Reader		r = {data, size, 0};

	switch (read_byte(&r) % 4)
	{
		case 0:
			fuzz_rfm_fits(&r);
			break;
		case 1:
			fuzz_spend_fit(&r);
			break;
		case 2:
			fuzz_predictions(&r);
			break;
		default:
			fuzz_hyp(&r);
			break;
	}
	return 0;
}
