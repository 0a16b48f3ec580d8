/*
 * bgnbd.c: the BG/NBD model (Fader, Hardie and Lee 2005): likelihood with
 * its gradient, maximum-likelihood fit, P(alive) and conditional expected
 * purchases.  See clv_models.h and docs/design/value-models.md.
 *
 * Per customer (x, t_x, T), in log space:
 *   A1 = lgamma(r + x) - lgamma(r) + r log(alpha)
 *   A2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
 *   A3 = -(r + x) log(alpha + T)
 *   A4 = log(a) - log(b + x - 1) - (r + x) log(alpha + t_x)      (x > 0)
 *   LL = A1 + A2 + A3 + log(1 + [x > 0] exp(A4 - A3))
 * so no power of a large number is ever formed.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "c360_alloc.h"
#include "clv_internal.h"
#include "special.h"

typedef struct BgnbdWork
{
	const C360RfmIndex *index;
	double	   *log_au;			/* log(alpha + u) per distinct time */
	double	   *inv_au;			/* 1 / (alpha + u) */
} BgnbdWork;

/*
 * Log-likelihood of the indexed data at params = (r, alpha, a, b), and its
 * gradient with respect to them when grad is not NULL.  Sums run in the
 * canonical group order, so the result does not depend on input order.
 */
static bool
bgnbd_evaluate(void *context, const double *params, double *ll, double *grad)
{
	BgnbdWork  *work = context;

	const C360RfmIndex *ix = work->index;
	double		r = params[0];
	double		alpha = params[1];
	double		a = params[2];
	double		b = params[3];
	double		log_alpha,
				log_a;
	double		lg_r,
				lg_b,
				lg_ab;
	double		psi_r = 0.0,
				psi_b = 0.0,
				psi_ab = 0.0;
	C360Sum		total = {0.0, 0.0};
	C360Sum		g[4] = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
	size_t		u;
	size_t		k;
	int			j;

	if (!c360_value_positive4(r, alpha, a, b))
		return false;
	for (u = 0; u < ix->nu; u++)
	{
		double		s = alpha + ix->u_values[u];

		work->log_au[u] = log(s);
		work->inv_au[u] = 1.0 / s;
	}
	log_alpha = log(alpha);
	log_a = log(a);
	lg_r = lgamma(r);
	lg_b = lgamma(b);
	lg_ab = lgamma(a + b);
	if (grad != NULL)
	{
		psi_r = c360_digamma(r);
		psi_b = c360_digamma(b);
		psi_ab = c360_digamma(a + b);
	}

	for (k = 0; k < ix->nx; k++)
	{
		double		x = ix->x_values[k];
		double		W = ix->x_weights[k];
		double		rx = r + x;
		size_t		gi;

		if (x == 0.0)
		{
			/*
			 * A1 + A3 = r log(alpha) - r log(alpha + T) = -r log1p(T/alpha),
			 * A2 = 0: summed in that form, which cancels nothing
			 */
			C360Sum		s_l = {0.0, 0.0},
						s_i = {0.0, 0.0};

			for (gi = ix->x_start[k]; gi < ix->x_start[k + 1]; gi++)
			{
				double		w = ix->weights[gi];
				double		T = ix->groups[gi].T;

				c360_sum_add(&s_l, w * log1p(T / alpha));
				c360_sum_add(&s_i, w * T * work->inv_au[ix->g_T[gi]]);
			}
			c360_sum_add(&total, -r * c360_sum_value(&s_l));
			/* d/dr = -log1p(T/alpha); d/dalpha = r T / (alpha (alpha + T)) */
			c360_sum_add(&g[0], -c360_sum_value(&s_l));
			c360_sum_add(&g[1], r / alpha * c360_sum_value(&s_i));
		}
		else
		{
			double		log_bx1 = log(b + x - 1.0);
			double		inv_bx1 = 1.0 / (b + x - 1.0);
			double		c0 = log_a - log_bx1;
			C360Sum		s_lT = {0.0, 0.0},
						s_iT = {0.0, 0.0},
						s_sp = {0.0, 0.0},
						s_P = {0.0, 0.0},
						s_Pl = {0.0, 0.0},
						s_Pi = {0.0, 0.0};

			for (gi = ix->x_start[k]; gi < ix->x_start[k + 1]; gi++)
			{
				double		w = ix->weights[gi];
				double		lT = work->log_au[ix->g_T[gi]];
				double		lt = work->log_au[ix->g_tx[gi]];
				double		D = c0 + rx * (lT - lt);	/* A4 - A3 */
				double		e = exp(-fabs(D));
				double		P = (D >= 0.0 ? 1.0 : e) / (1.0 + e);	/* weight of A4 */
				double		wP = w * P;

				c360_sum_add(&s_lT, w * lT);
				c360_sum_add(&s_sp, w * ((D > 0.0 ? D : 0.0) + log1p(e)));
				if (grad != NULL)
				{
					c360_sum_add(&s_P, wP);
					c360_sum_add(&s_Pl, wP * (lT - lt));
					c360_sum_add(&s_Pi, wP * (work->inv_au[ix->g_T[gi]] -
											  work->inv_au[ix->g_tx[gi]]));
					c360_sum_add(&s_iT, w * work->inv_au[ix->g_T[gi]]);
				}
			}
			c360_sum_add(&total, W * (lgamma(rx) - lg_r + r * log_alpha + lg_ab +
									  lgamma(b + x) - lg_b - lgamma(a + b + x)));
			c360_sum_add(&total, -rx * c360_sum_value(&s_lT));
			c360_sum_add(&total, c360_sum_value(&s_sp));
			if (grad != NULL)
			{
				double		psi_abx = c360_digamma(a + b + x);

				c360_sum_add(&g[0], W * (c360_digamma(rx) - psi_r + log_alpha));
				c360_sum_add(&g[0], c360_sum_value(&s_Pl) - c360_sum_value(&s_lT));
				c360_sum_add(&g[1], W * r / alpha);
				c360_sum_add(&g[1], rx * (c360_sum_value(&s_Pi) - c360_sum_value(&s_iT)));
				c360_sum_add(&g[2], W * (psi_ab - psi_abx) + c360_sum_value(&s_P) / a);
				c360_sum_add(&g[3], W * (psi_ab + c360_digamma(b + x) - psi_b - psi_abx));
				c360_sum_add(&g[3], -c360_sum_value(&s_P) * inv_bx1);
			}
		}
	}
	*ll = c360_sum_value(&total);
	if (!isfinite(*ll))
		return false;
	if (grad != NULL)
		for (j = 0; j < 4; j++)
		{
			grad[j] = c360_sum_value(&g[j]);
			if (!isfinite(grad[j]))
				return false;
		}
	return true;
}

static void
work_init(void *context, const C360RfmIndex *index)
{
	BgnbdWork  *work = context;

	work->index = index;
	work->log_au = c360_alloc(sizeof(double) * index->nu);
	work->inv_au = c360_alloc(sizeof(double) * index->nu);
}

static void
work_free(void *context)
{
	BgnbdWork  *work = context;

	c360_free(work->log_au);
	c360_free(work->inv_au);
}

static void
bgnbd_starts(double rate, double starts[3][4])
{
	/*
	 * Start where the mean purchase rate r / alpha matches the data's, with
	 * unit shape and a dropout probability a / (a + b) of one half; then two
	 * other shapes.
	 */
	static const double shape[3] = {1.0, 0.25, 4.0};
	static const double drop_a[3] = {1.0, 0.5, 2.0};
	static const double drop_b[3] = {1.0, 3.0, 2.0};
	int			i;

	for (i = 0; i < 3; i++)
	{
		starts[i][0] = log(shape[i]);
		starts[i][1] = log(shape[i] / rate);
		starts[i][2] = log(drop_a[i]);
		starts[i][3] = log(drop_b[i]);
	}
}

static const C360PurchaseOps bgnbd_ops = {
	false, sizeof(BgnbdWork), work_init, work_free, bgnbd_evaluate, bgnbd_starts
};

C360ValueStatus
c360_bgnbd_log_likelihood(const C360Bgnbd *model, const C360RfmGroup *groups, size_t n,
						  double *log_likelihood, double *gradient)
{
	double		params[4] = {model->r, model->alpha, model->a, model->b};

	return c360_purchase_log_likelihood_run(&bgnbd_ops, params, groups, n,
											log_likelihood, gradient);
}

C360ValueStatus
c360_bgnbd_fit(const C360RfmGroup *groups, size_t n, const C360FitOptions *options,
			   C360Bgnbd *model, C360FitInfo *info)
{
	double		params[4];
	C360ValueStatus status = c360_purchase_fit_run(&bgnbd_ops, groups, n, options,
												   params, info);

	model->r = params[0];
	model->alpha = params[1];
	model->a = params[2];
	model->b = params[3];
	return status;
}

/* log(a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)), for x > 0 */
static double
bgnbd_log_odds_dead(const C360Bgnbd *m, double x, double t_x, double T)
{
	return log(m->a) - log(m->b + x - 1.0) +
		(m->r + x) * (log(m->alpha + T) - log(m->alpha + t_x));
}

static C360ValueStatus
bgnbd_check(const C360Bgnbd *m, double x, double t_x, double T)
{
	if (!c360_value_positive4(m->r, m->alpha, m->a, m->b))
		return C360_VALUE_BAD_PARAMS;
	return c360_rfm_check(x, t_x, T);
}

C360ValueStatus
c360_bgnbd_p_alive(const C360Bgnbd *model, double frequency, double recency, double T,
				   double *p_alive)
{
	C360ValueStatus status = bgnbd_check(model, frequency, recency, T);

	*p_alive = 0.0;
	if (status != C360_VALUE_OK)
		return status;
	if (frequency == 0.0)
	{
		/* the model lets customers drop out only right after a purchase */
		*p_alive = 1.0;
		return C360_VALUE_OK;
	}
	*p_alive = exp(-c360_log1pexp(bgnbd_log_odds_dead(model, frequency, recency, T)));
	return C360_VALUE_OK;
}

/*
 * E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
 *                        2F1(r+x, b+x; a+b+x-1; z)] P(alive),  z = t/(alpha+T+t)
 * (Fader, Hardie and Lee 2005, eq. 10).  Euler's transformation turns the
 * bracket into 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; C; z), C = a+b+x-1, and
 * splitting off the series' first term removes the 1/(a-1) (see the design
 * note):
 *   E = [C L exprel((a-1)L) - exp(-(a-1)L) S'] P(alive),  L = -log(1-z),
 *   S' = sum_{n>=1} (a+b-1-r)_n (a)_{n-1} / ((C+1)_{n-1} n!) z^n,
 * which is smooth through a = 1 and through C = 0.
 */
C360ValueStatus
c360_bgnbd_expected_purchases(const C360Bgnbd *model, double horizon, double frequency,
							  double recency, double T, double *expected)
{
	C360ValueStatus status = bgnbd_check(model, frequency, recency, T);
	double		r = model->r,
				alpha = model->alpha,
				a = model->a,
				b = model->b;
	double		x = frequency;
	double		log_p_alive;
	double		L,
				z,
				u,
				A,
				C;
	double		log_t1,
				log_t2;
	int			sign1,
				sign2;
	double		err1,
				err2;
	double		hi,
				lo,
				ratio,
				value,
				rel_err;
	int			sign;
	C360HypResult series;
	C360HypStatus hstatus;

	*expected = 0.0;
	if (status != C360_VALUE_OK)
		return status;
	if (!isfinite(horizon) || horizon < 0.0)
		return C360_VALUE_BAD_ARGUMENT;
	if (horizon == 0.0)
		return C360_VALUE_OK;

	log_p_alive = (x == 0.0) ? 0.0 : -c360_log1pexp(bgnbd_log_odds_dead(model, x, recency, T));
	L = log1p(horizon / (alpha + T));
	z = horizon / (alpha + T + horizon);
	u = (a - 1.0) * L;
	A = a + b - 1.0 - r;
	C = a + b + x - 1.0;

	/* first part: C L exprel(u), sign of C */
	sign1 = (C > 0.0) - (C < 0.0);
	log_t1 = (sign1 != 0) ? log(fabs(C)) + log(L) + c360_log_exprel(u) : -INFINITY;
	err1 = (sign1 != 0) ? 8.0 * DBL_EPSILON * (1.0 + fabs(log_t1)) : 0.0;

	/* second part: exp(-u) S' */
	if (A == 0.0)
	{
		sign2 = 0;
		log_t2 = -INFINITY;
		err2 = 0.0;
	}
	else
	{
		hstatus = c360_hyp_series(A, a - 1.0, C, z, 1, A * z, &series);
		if (hstatus != C360_HYP_OK)
		{
			/*
			 * z too close to 1 for the series (a horizon of many thousand
			 * times alpha + T): use the general 2F1, which transforms to 1-z,
			 * on E = C/(a-1) [1 - (1-z)^(a-1) 2F1(A, a-1; C; z)] P(alive).
			 */
			C360HypResult f;
			double		bracket;
			double		scaled;

			if (fabs(a - 1.0) < 1e-3 ||
				c360_hyp2f1_log(A, a - 1.0, C, z, &f) != C360_HYP_OK)
				return C360_VALUE_NUMERIC;
			scaled = f.sign * exp(f.log_abs - u);
			bracket = (1.0 - scaled) / (a - 1.0);
			value = C * bracket * exp(log_p_alive);
			if (!isfinite(value) || value < 0.0 ||
				fabs(scaled) * (f.rel_err + 1e-15) > 1e-8 * fabs(1.0 - scaled))
				return C360_VALUE_NUMERIC;
			*expected = value;
			return C360_VALUE_OK;
		}
		sign2 = series.sign;
		log_t2 = series.log_abs - u;
		err2 = series.rel_err + 4.0 * DBL_EPSILON * (1.0 + fabs(u));
	}

	/* E / P(alive) = t1 - t2, combined in log space with an error estimate */
	sign2 = -sign2;
	if (sign1 == 0 && sign2 == 0)
		return C360_VALUE_OK;
	if (sign2 == 0 || (sign1 != 0 && log_t1 >= log_t2))
	{
		hi = log_t1;
		lo = log_t2;
		sign = sign1;
		ratio = (sign2 == 0) ? 0.0 : exp(lo - hi);
		rel_err = (sign1 == sign2) ? (err1 + err2 * ratio) / (1.0 + ratio) :
			(err1 + err2 * ratio) / (1.0 - ratio);
		value = (sign1 == sign2) ? hi + log1p(ratio) : hi + log1p(-ratio);
	}
	else
	{
		hi = log_t2;
		lo = log_t1;
		sign = sign2;
		ratio = (sign1 == 0) ? 0.0 : exp(lo - hi);
		rel_err = (sign1 == sign2) ? (err2 + err1 * ratio) / (1.0 + ratio) :
			(err2 + err1 * ratio) / (1.0 - ratio);
		value = (sign1 == sign2) ? hi + log1p(ratio) : hi + log1p(-ratio);
	}
	if (sign < 0 || !(rel_err <= 1e-8) || !isfinite(value))
		return C360_VALUE_NUMERIC;
	value = exp(value + log_p_alive);
	if (!isfinite(value))
		return C360_VALUE_NUMERIC;
	*expected = value;
	return C360_VALUE_OK;
}
