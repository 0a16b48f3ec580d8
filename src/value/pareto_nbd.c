/*
 * pareto_nbd.c: the Pareto/NBD model (Schmittlein, Morrison and Colombo
 * 1987): likelihood with its gradient, maximum-likelihood fit, P(alive) and
 * conditional expected purchases.  See clv_models.h and
 * docs/design/value-models.md.
 *
 * Fader and Hardie's note ("A Note on Deriving the Pareto/NBD Model and
 * Related Expressions", 2005) writes the likelihood as
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r)
 *       { (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0 }
 * with A0 a difference of two 2F1 values whose argument is
 * |alpha - beta| / (max(alpha, beta) + t), the branch chosen by alpha vs
 * beta so that it lies in [0, 1).  We write s/(r+s+x) A0 = s (G(t_x) - G(T))
 * with
 *   G(u) = integral_u^inf (alpha+y)^-(r+x) (beta+y)^-(s+1) dy
 * and evaluate G after Euler's transformation of the note's 2F1, which
 * leaves 2F1(1, b'; r+s+x+1; z), a series of positive terms below z^n:
 *   alpha >= beta: G = (alpha+u)^-(r+x) (beta+u)^-s
 *                      2F1(1, r+x; r+s+x+1; (alpha-beta)/(alpha+u)) / (r+s+x)
 *   alpha <  beta: G = (alpha+u)^-(r+x-1) (beta+u)^-(s+1)
 *                      2F1(1, s+1; r+s+x+1; (beta-alpha)/(beta+u)) / (r+s+x)
 * Everything is combined in log space.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "c360_alloc.h"
#include "clv_internal.h"
#include "special.h"

/*
 * Terms one 2F1(1, b; c; z) may take inside a fit: enough for
 * z = 1 - 4e-4, i.e. min(alpha, beta) / max(alpha, beta) down to 4e-4.
 * Beyond that an evaluation counts as undefined and the optimizer steps
 * back, so that a fit wandering toward such a corner (data that do not
 * identify the model) stays cheap; such a fit ends unconverged.
 */
#define PARETO_MAX_TERMS 100000

typedef struct ParetoWork
{
	const C360RfmIndex *index;
	double	   *log_au;			/* log(alpha + u) per distinct time */
	double	   *inv_au;
	double	   *log_bu;			/* log(beta + u) */
	double	   *inv_bu;
	double	   *pair_log_g;		/* log G per (x, time) pair */
	double	   *pair_d_log_g;	/* 4 per pair: d log G / d(r, alpha, s, beta) */
} ParetoWork;

/*
 * log G(u) for the customers with x repeat purchases, and when d is not
 * NULL its derivatives with respect to (r, alpha, s, beta).  la, ia, lb, ib
 * are log(alpha+u), 1/(alpha+u), log(beta+u), 1/(beta+u); max_terms bounds
 * the 2F1 series.
 */
static bool
pareto_log_g(const double *params, double x, double u, double la, double ia,
			 double lb, double ib, long max_terms, double *log_g, double *d)
{
	double		r = params[0],
				alpha = params[1],
				s = params[2],
				beta = params[3];
	double		rsx = r + s + x;
	double		f[4];
	double		fb,
				fc,
				fz;

	if (alpha >= beta)
	{
		double		z = (alpha - beta) / (alpha + u);

		if (c360_hyp2f1_1bc(r + x, rsx + 1.0, z, max_terms, f) != C360_HYP_OK)
			return false;
		*log_g = -(r + x) * la - s * lb + log(f[0]) - log(rsx);
		if (d != NULL)
		{
			fb = f[1] / f[0];
			fc = f[2] / f[0];
			fz = f[3] / f[0];
			/* dz/dalpha = (beta+u)/(alpha+u)^2, dz/dbeta = -1/(alpha+u) */
			d[0] = -la + fb + fc - 1.0 / rsx;
			d[1] = -(r + x) * ia + fz * (beta + u) * ia * ia;
			d[2] = -lb + fc - 1.0 / rsx;
			d[3] = -s * ib - fz * ia;
		}
	}
	else
	{
		double		z = (beta - alpha) / (beta + u);

		if (c360_hyp2f1_1bc(s + 1.0, rsx + 1.0, z, max_terms, f) != C360_HYP_OK)
			return false;
		*log_g = -(r + x - 1.0) * la - (s + 1.0) * lb + log(f[0]) - log(rsx);
		if (d != NULL)
		{
			fb = f[1] / f[0];
			fc = f[2] / f[0];
			fz = f[3] / f[0];
			/* dz/dbeta = (alpha+u)/(beta+u)^2, dz/dalpha = -1/(beta+u) */
			d[0] = -la + fc - 1.0 / rsx;
			d[1] = -(r + x - 1.0) * ia - fz * ib;
			d[2] = -lb + fb + fc - 1.0 / rsx;
			d[3] = -(s + 1.0) * ib + fz * (alpha + u) * ib * ib;
		}
	}
	return isfinite(*log_g);
}

/*
 * The bracket of one customer, log V with V = exp(B1) + s (G1 - G2), where
 * B1 = -(r+x) log(alpha+T) - s log(beta+T), G1 = G(t_x), G2 = G(T); and the
 * weights of the three parts in V for the gradient.  has_g false means
 * t_x = T (then V = exp(B1)).
 */
static double
pareto_log_v(double b1, bool has_g, double log_s, double log_g1, double log_g2,
			 double *w1, double *wg1, double *wg2)
{
	double		lg1,
				lg2,
				m,
				e1,
				h1,
				h2,
				diff,
				v;

	if (!has_g)
	{
		*w1 = 1.0;
		*wg1 = *wg2 = 0.0;
		return b1;
	}
	lg1 = log_s + log_g1;
	lg2 = log_s + log_g2;
	m = b1 > lg1 ? b1 : lg1;
	e1 = exp(b1 - m);
	h1 = exp(lg1 - m);
	h2 = exp(lg2 - m);
	diff = h1 - h2;
	if (!(diff > 0.0))
	{
		/* t_x so close to T that the difference rounds away */
		h1 = h2 = diff = 0.0;
	}
	v = e1 + diff;
	*w1 = e1 / v;
	*wg1 = h1 / v;
	*wg2 = h2 / v;
	return m + log(v);
}

static bool
pareto_evaluate(void *context, const double *params, double *ll, double *grad)
{
	ParetoWork *work = context;

	const C360RfmIndex *ix = work->index;
	double		r = params[0],
				alpha = params[1],
				s = params[2],
				beta = params[3];
	double		log_alpha,
				log_beta,
				log_s,
				lg_r,
				psi_r = 0.0;
	C360Sum		total = {0.0, 0.0};
	C360Sum		g[4] = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
	size_t		u;
	size_t		p;
	size_t		k;
	int			j;

	if (!c360_value_positive4(r, alpha, s, beta))
		return false;
	for (u = 0; u < ix->nu; u++)
	{
		work->log_au[u] = log(alpha + ix->u_values[u]);
		work->inv_au[u] = 1.0 / (alpha + ix->u_values[u]);
		work->log_bu[u] = log(beta + ix->u_values[u]);
		work->inv_bu[u] = 1.0 / (beta + ix->u_values[u]);
	}
	for (p = 0; p < ix->npairs; p++)
	{
		uint32_t	pu = ix->pair_u[p];

		if (!pareto_log_g(params, ix->x_values[ix->pair_x[p]], ix->u_values[pu],
						  work->log_au[pu], work->inv_au[pu], work->log_bu[pu],
						  work->inv_bu[pu], PARETO_MAX_TERMS, &work->pair_log_g[p],
						  grad != NULL ? &work->pair_d_log_g[4 * p] : NULL))
			return false;
	}
	log_alpha = log(alpha);
	log_beta = log(beta);
	log_s = log(s);
	lg_r = lgamma(r);
	if (grad != NULL)
		psi_r = c360_digamma(r);

	for (k = 0; k < ix->nx; k++)
	{
		double		x = ix->x_values[k];
		double		W = ix->x_weights[k];
		double		rx = r + x;
		size_t		gi;

		/* log(Gamma(r+x) alpha^r beta^s / Gamma(r)) */
		c360_sum_add(&total, W * ((x == 0.0 ? 0.0 : lgamma(rx) - lg_r) +
								  r * log_alpha + s * log_beta));
		if (grad != NULL)
		{
			c360_sum_add(&g[0], W * ((x == 0.0 ? 0.0 : c360_digamma(rx) - psi_r) + log_alpha));
			c360_sum_add(&g[1], W * r / alpha);
			c360_sum_add(&g[2], W * log_beta);
			c360_sum_add(&g[3], W * s / beta);
		}
		for (gi = ix->x_start[k]; gi < ix->x_start[k + 1]; gi++)
		{
			double		w = ix->weights[gi];
			uint32_t	iT = ix->g_T[gi];
			uint32_t	p1 = ix->g_pair_tx[gi];
			uint32_t	p2 = ix->g_pair_T[gi];
			bool		has_g = (p1 != UINT32_MAX);
			double		b1 = -rx * work->log_au[iT] - s * work->log_bu[iT];
			double		w1,
						wg1,
						wg2;

			c360_sum_add(&total, w * pareto_log_v(b1, has_g, log_s,
												  has_g ? work->pair_log_g[p1] : 0.0,
												  has_g ? work->pair_log_g[p2] : 0.0,
												  &w1, &wg1, &wg2));
			if (grad != NULL)
			{
				double		db1[4];

				db1[0] = -work->log_au[iT];
				db1[1] = -rx * work->inv_au[iT];
				db1[2] = -work->log_bu[iT];
				db1[3] = -s * work->inv_bu[iT];
				for (j = 0; j < 4; j++)
				{
					double		dj = w1 * db1[j];

					if (has_g)
						dj += wg1 * work->pair_d_log_g[4 * p1 + j] -
							wg2 * work->pair_d_log_g[4 * p2 + j];
					if (j == 2 && has_g)
						dj += (wg1 - wg2) / s;
					c360_sum_add(&g[j], w * dj);
				}
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
	ParetoWork *work = context;

	size_t		np = index->npairs > 0 ? index->npairs : 1;

	work->index = index;
	work->log_au = c360_alloc(sizeof(double) * index->nu);
	work->inv_au = c360_alloc(sizeof(double) * index->nu);
	work->log_bu = c360_alloc(sizeof(double) * index->nu);
	work->inv_bu = c360_alloc(sizeof(double) * index->nu);
	work->pair_log_g = c360_alloc(sizeof(double) * np);
	work->pair_d_log_g = c360_alloc(sizeof(double) * 4 * np);
}

static void
work_free(void *context)
{
	ParetoWork *work = context;

	c360_free(work->log_au);
	c360_free(work->inv_au);
	c360_free(work->log_bu);
	c360_free(work->inv_bu);
	c360_free(work->pair_log_g);
	c360_free(work->pair_d_log_g);
}

static void
pareto_starts(double rate, double starts[3][4])
{
	/*
	 * Start with the purchase rate r / alpha at the data's mean and the
	 * dropout rate s / beta equal to it (alpha = beta makes every 2F1
	 * argument 0); then other shapes.
	 */
	static const double shape_r[3] = {1.0, 0.25, 4.0};
	static const double shape_s[3] = {1.0, 0.5, 2.0};
	int			i;

	for (i = 0; i < 3; i++)
	{
		starts[i][0] = log(shape_r[i]);
		starts[i][1] = log(shape_r[i] / rate);
		starts[i][2] = log(shape_s[i]);
		starts[i][3] = log(shape_s[i] / rate);
	}
}

static const C360PurchaseOps pareto_ops = {
	true, sizeof(ParetoWork), work_init, work_free, pareto_evaluate, pareto_starts
};

C360ValueStatus
c360_pareto_nbd_log_likelihood(const C360ParetoNbd *model, const C360RfmGroup *groups,
							   size_t n, double *log_likelihood, double *gradient)
{
	double		params[4] = {model->r, model->alpha, model->s, model->beta};

	return c360_purchase_log_likelihood_run(&pareto_ops, params, groups, n,
											log_likelihood, gradient);
}

C360ValueStatus
c360_pareto_nbd_fit(const C360RfmGroup *groups, size_t n, const C360FitOptions *options,
					C360ParetoNbd *model, C360FitInfo *info)
{
	double		params[4];
	C360ValueStatus status = c360_purchase_fit_run(&pareto_ops, groups, n, options,
												   params, info);

	model->r = params[0];
	model->alpha = params[1];
	model->s = params[2];
	model->beta = params[3];
	return status;
}

/* log P(alive | x, t_x, T) for one customer. */
static C360ValueStatus
pareto_log_p_alive(const C360ParetoNbd *m, double x, double t_x, double T, double *log_p)
{
	double		params[4] = {m->r, m->alpha, m->s, m->beta};
	double		b1,
				log_g1 = 0.0,
				log_g2 = 0.0,
				log_v;
	double		w1,
				wg1,
				wg2;
	bool		has_g = (t_x < T);

	if (!c360_value_positive4(params[0], params[1], params[2], params[3]))
		return C360_VALUE_BAD_PARAMS;
	if (c360_rfm_check(x, t_x, T) != C360_VALUE_OK)
		return C360_VALUE_BAD_DATA;
	b1 = -(m->r + x) * log(m->alpha + T) - m->s * log(m->beta + T);
	if (has_g)
	{
		if (!pareto_log_g(params, x, t_x, log(m->alpha + t_x), 1.0 / (m->alpha + t_x),
						  log(m->beta + t_x), 1.0 / (m->beta + t_x), 0, &log_g1, NULL) ||
			!pareto_log_g(params, x, T, log(m->alpha + T), 1.0 / (m->alpha + T),
						  log(m->beta + T), 1.0 / (m->beta + T), 0, &log_g2, NULL))
			return C360_VALUE_NUMERIC;
	}
	log_v = pareto_log_v(b1, has_g, log(m->s), log_g1, log_g2, &w1, &wg1, &wg2);
	*log_p = b1 - log_v;
	if (!isfinite(*log_p))
		return C360_VALUE_NUMERIC;
	if (*log_p > 0.0)
		*log_p = 0.0;			/* rounding; P(alive) <= 1 */
	return C360_VALUE_OK;
}

C360ValueStatus
c360_pareto_nbd_p_alive(const C360ParetoNbd *model, double frequency, double recency,
						double T, double *p_alive)
{
	double		log_p;
	C360ValueStatus status = pareto_log_p_alive(model, frequency, recency, T, &log_p);

	*p_alive = (status == C360_VALUE_OK) ? exp(log_p) : 0.0;
	return status;
}

/*
 * E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1))
 *                        [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive),
 * written with L = log(1 + t/(beta+T)) as
 *   (r+x) (beta+T)/(alpha+T) L exprel((s-1) L) P(alive),
 * which has no singularity at s = 1.
 */
C360ValueStatus
c360_pareto_nbd_expected_purchases(const C360ParetoNbd *model, double horizon,
								   double frequency, double recency, double T,
								   double *expected)
{
	double		log_p;
	double		L;
	double		log_e;
	C360ValueStatus status;

	*expected = 0.0;
	status = pareto_log_p_alive(model, frequency, recency, T, &log_p);
	if (status != C360_VALUE_OK)
		return status;
	if (!isfinite(horizon) || horizon < 0.0)
		return C360_VALUE_BAD_ARGUMENT;
	if (horizon == 0.0)
		return C360_VALUE_OK;
	L = log1p(horizon / (model->beta + T));
	log_e = log(model->r + frequency) + log(model->beta + T) - log(model->alpha + T) +
		log(L) + c360_log_exprel((model->s - 1.0) * L) + log_p;
	if (!(log_e < log(DBL_MAX)))
		return C360_VALUE_NUMERIC;
	*expected = exp(log_e);
	return C360_VALUE_OK;
}
