/*
 * gamma_gamma.c: the Gamma-Gamma model of spend per transaction (Fader,
 * Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value"): likelihood with its gradient, fit
 * over the repeat buyers, and the conditional expected spend.
 *
 * A customer with x repeat purchases of mean value m contributes the log of
 * the density of the mean,
 *   lgamma(p x + q) - lgamma(p x) - lgamma(q) + q log(gamma)
 *   + (p x - 1) log(m) + p x log(x) - (p x + q) log(gamma + x m).
 */
#include <math.h>
#include <string.h>

#include "c360_alloc.h"
#include "clv_internal.h"
#include "special.h"

/* Canonical repeat-buyer data: sorted, merged, with blocks of equal x. */
typedef struct SpendIndex
{
	size_t		n;
	C360SpendGroup *groups;
	double	   *weights;
	double	   *log_m;			/* log(mean value) per group */
	size_t		nx;
	double	   *x_values;
	double	   *x_weights;
	size_t	   *x_start;
	int64_t		customers;		/* repeat buyers */
	double		total_weight;
	int64_t		all_customers;	/* including x = 0 (reported, not fitted) */
	double		mean_value;		/* weighted mean of the mean values */
} SpendIndex;

static void
spend_index_free(SpendIndex *ix)
{
	if (ix->groups != NULL)
		c360_free(ix->groups);
	if (ix->weights != NULL)
		c360_free(ix->weights);
	if (ix->log_m != NULL)
		c360_free(ix->log_m);
	if (ix->x_values != NULL)
		c360_free(ix->x_values);
	if (ix->x_weights != NULL)
		c360_free(ix->x_weights);
	if (ix->x_start != NULL)
		c360_free(ix->x_start);
	memset(ix, 0, sizeof(*ix));
}

static C360ValueStatus
spend_index_build(const C360SpendGroup *groups, size_t n, SpendIndex *ix)
{
	C360ValueStatus status;
	size_t		m;
	size_t		first = 0;
	size_t		g;
	double		sum_value = 0.0;

	memset(ix, 0, sizeof(*ix));
	if (n > C360_VALUE_MAX_GROUPS)
		return C360_VALUE_TOO_LARGE;
	ix->groups = c360_alloc(sizeof(C360SpendGroup) * (n > 0 ? n : 1));
	if (n > 0)
		memcpy(ix->groups, groups, sizeof(C360SpendGroup) * n);
	status = c360_spend_compress(ix->groups, n, &m);
	if (status != C360_VALUE_OK)
	{
		spend_index_free(ix);
		return status;
	}
	if (m == 0)
	{
		spend_index_free(ix);
		return C360_VALUE_EMPTY;
	}
	/* sorted by x: the one-time buyers come first and are skipped */
	for (g = 0; g < m; g++)
	{
		ix->all_customers += ix->groups[g].weight;
		if (ix->groups[g].frequency == 0.0)
			first = g + 1;
	}
	if (first == m)
		return C360_VALUE_NO_REPEAT_BUYERS;		/* caller frees */
	memmove(ix->groups, ix->groups + first, sizeof(C360SpendGroup) * (m - first));
	ix->n = m - first;
	ix->weights = c360_alloc(sizeof(double) * ix->n);
	ix->log_m = c360_alloc(sizeof(double) * ix->n);
	ix->x_values = c360_alloc(sizeof(double) * ix->n);
	ix->x_weights = c360_alloc(sizeof(double) * ix->n);
	ix->x_start = c360_alloc(sizeof(size_t) * (ix->n + 1));
	for (g = 0; g < ix->n; g++)
	{
		const C360SpendGroup *grp = &ix->groups[g];

		ix->weights[g] = (double) grp->weight;
		ix->log_m[g] = log(grp->monetary_value);
		ix->customers += grp->weight;
		sum_value += ix->weights[g] * grp->monetary_value;
		if (g == 0 || grp->frequency != ix->groups[g - 1].frequency)
		{
			ix->x_start[ix->nx] = g;
			ix->x_values[ix->nx] = grp->frequency;
			ix->x_weights[ix->nx] = 0.0;
			ix->nx++;
		}
		ix->x_weights[ix->nx - 1] += ix->weights[g];
	}
	ix->x_start[ix->nx] = ix->n;
	ix->total_weight = (double) ix->customers;
	ix->mean_value = sum_value / ix->total_weight;
	return C360_VALUE_OK;
}

/* Log-likelihood at (p, q, gamma) and its gradient with respect to them. */
static bool
spend_evaluate(void *context, const double *params, double *ll, double *grad)
{
	const SpendIndex *ix = context;
	double		p = params[0],
				q = params[1],
				gamma = params[2];
	double		log_gamma,
				lg_q,
				psi_q = 0.0;
	C360Sum		total = {0.0, 0.0};
	C360Sum		g_p = {0.0, 0.0},
				g_q = {0.0, 0.0},
				g_gamma = {0.0, 0.0};
	size_t		k;

	if (!(isfinite(p) && isfinite(q) && isfinite(gamma) && p > 0.0 && q > 0.0 && gamma > 0.0))
		return false;
	log_gamma = log(gamma);
	lg_q = lgamma(q);
	if (grad != NULL)
		psi_q = c360_digamma(q);
	for (k = 0; k < ix->nx; k++)
	{
		double		x = ix->x_values[k];
		double		W = ix->x_weights[k];
		double		px = p * x;
		double		log_x = log(x);
		C360Sum		s_lm = {0.0, 0.0},
					s_lgm = {0.0, 0.0},
					s_inv = {0.0, 0.0};
		double		lm,
					lgm;
		size_t		g;

		/*
		 * log(gamma + x m) is split as log(x m) + log1p(gamma / (x m)) so
		 * that the large log(m) parts cancel exactly in
		 * (p x - 1) log m - (p x + q) log(gamma + x m).
		 */
		for (g = ix->x_start[k]; g < ix->x_start[k + 1]; g++)
		{
			double		w = ix->weights[g];
			double		xm = x * ix->groups[g].monetary_value;

			c360_sum_add(&s_lm, w * ix->log_m[g]);
			c360_sum_add(&s_lgm, w * log1p(gamma / xm));
			if (grad != NULL)
				c360_sum_add(&s_inv, w / (gamma + xm));
		}
		lm = c360_sum_value(&s_lm);
		lgm = c360_sum_value(&s_lgm);
		/* (p x - 1) lm - (p x + q)(W log x + lm + lgm) + p x W log x */
		c360_sum_add(&total, W * (lgamma(px + q) - lgamma(px) - lg_q + q * log_gamma -
								  q * log_x));
		c360_sum_add(&total, -(1.0 + q) * lm - (px + q) * lgm);
		if (grad != NULL)
		{
			double		psi_pxq = c360_digamma(px + q);

			/* d/dp: x [psi(px+q) - psi(px) + log x + log m - log(gamma + x m)] */
			c360_sum_add(&g_p, x * (W * (psi_pxq - c360_digamma(px)) - lgm));
			c360_sum_add(&g_q, W * (psi_pxq - psi_q + log_gamma - log_x) - lm - lgm);
			c360_sum_add(&g_gamma, W * q / gamma - (px + q) * c360_sum_value(&s_inv));
		}
	}
	*ll = c360_sum_value(&total);
	if (!isfinite(*ll))
		return false;
	if (grad != NULL)
	{
		grad[0] = c360_sum_value(&g_p);
		grad[1] = c360_sum_value(&g_q);
		grad[2] = c360_sum_value(&g_gamma);
		if (!isfinite(grad[0]) || !isfinite(grad[1]) || !isfinite(grad[2]))
			return false;
	}
	return true;
}

C360ValueStatus
c360_gamma_gamma_log_likelihood(const C360GammaGamma *model, const C360SpendGroup *groups,
								size_t n, double *log_likelihood, double *gradient)
{
	SpendIndex	ix;
	C360ValueStatus status;
	double		params[3] = {model->p, model->q, model->gamma};
	int			i;

	*log_likelihood = 0.0;
	if (gradient != NULL)
		for (i = 0; i < 3; i++)
			gradient[i] = 0.0;
	if (!(isfinite(params[0]) && isfinite(params[1]) && isfinite(params[2]) &&
		  params[0] > 0.0 && params[1] > 0.0 && params[2] > 0.0))
		return C360_VALUE_BAD_PARAMS;
	status = spend_index_build(groups, n, &ix);
	if (status == C360_VALUE_OK && !spend_evaluate(&ix, params, log_likelihood, gradient))
	{
		*log_likelihood = 0.0;
		if (gradient != NULL)
			for (i = 0; i < 3; i++)
				gradient[i] = 0.0;
		status = C360_VALUE_NUMERIC;
	}
	spend_index_free(&ix);
	return status;
}

C360ValueStatus
c360_gamma_gamma_fit(const C360SpendGroup *groups, size_t n, const C360FitOptions *options,
					 C360GammaGamma *model, C360FitInfo *info)
{
	SpendIndex	ix;
	C360ValueStatus status;
	double		starts[3][3];
	double		params[3];
	int			i;

	memset(model, 0, sizeof(*model));
	memset(info, 0, sizeof(*info));
	status = spend_index_build(groups, n, &ix);
	info->customers = ix.customers;
	info->groups = (int64_t) ix.n;
	if (status != C360_VALUE_OK)
	{
		spend_index_free(&ix);
		info->status = status;
		return status;
	}

	/*
	 * Starts whose population mean p gamma / (q - 1) is the data's mean
	 * value, for a few shapes.
	 */
	for (i = 0; i < 3; i++)
	{
		static const double shape_p[3] = {1.0, 4.0, 0.5};
		static const double shape_q[3] = {2.0, 4.0, 1.5};

		starts[i][0] = log(shape_p[i]);
		starts[i][1] = log(shape_q[i]);
		starts[i][2] = log(ix.mean_value * (shape_q[i] - 1.0) / shape_p[i]);
	}
	status = c360_value_fit_run(spend_evaluate, &ix, 3, ix.total_weight, &starts[0][0],
								options, params, info);
	model->p = params[0];
	model->q = params[1];
	model->gamma = params[2];
	spend_index_free(&ix);
	return status;
}

C360ValueStatus
c360_gamma_gamma_expected_spend(const C360GammaGamma *model, double frequency,
								double monetary_value, double *expected)
{
	double		p = model->p,
				q = model->q,
				gamma = model->gamma;
	double		denom;
	double		value;
	C360ValueStatus status;

	*expected = 0.0;
	if (!(isfinite(p) && isfinite(q) && isfinite(gamma) && p > 0.0 && q > 0.0 && gamma > 0.0))
		return C360_VALUE_BAD_PARAMS;
	status = c360_spend_check(frequency, monetary_value);
	if (status != C360_VALUE_OK)
		return status;
	denom = p * frequency + q - 1.0;
	if (!(denom > 0.0))
		return C360_VALUE_UNDEFINED;
	/* a weighted mean of the population mean and the customer's own mean */
	value = (gamma + (frequency > 0.0 ? monetary_value * frequency : 0.0)) * p / denom;
	if (!isfinite(value))
		return C360_VALUE_NUMERIC;
	*expected = value;
	return C360_VALUE_OK;
}
