/*
 * fit.c: what the three maximum-likelihood fits share: the optimizer's
 * objective (-LL per customer over log-parameters), the run of the
 * multi-start optimizer and the reading of its result, and for the two
 * purchase models (BG/NBD, Pareto/NBD) the whole fit and log-likelihood
 * around their model-specific evaluation.
 */
#include <math.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "clv_internal.h"

typedef struct FitObjective
{
	C360Evaluate evaluate;
	void	   *work;
	int			nparams;
	double		total_weight;
	const C360FitOptions *options;
} FitObjective;

/* The optimizer's objective: -LL per customer over log-parameters. */
static bool
fit_objective(void *context, const double *theta, double *value, double *gradient)
{
	FitObjective *f = context;
	double		params[C360_VALUE_MAX_PARAMS];
	double		grad[C360_VALUE_MAX_PARAMS];
	double		ll;
	int			i;

	if (f->options != NULL && f->options->check_interrupts != NULL)
		f->options->check_interrupts(f->options->interrupt_arg);
	for (i = 0; i < f->nparams; i++)
		params[i] = exp(theta[i]);
	if (!f->evaluate(f->work, params, &ll, gradient != NULL ? grad : NULL))
		return false;
	*value = -ll / f->total_weight;
	if (gradient != NULL)
		for (i = 0; i < f->nparams; i++)
			gradient[i] = -grad[i] * params[i] / f->total_weight;
	return true;
}

static C360ValueStatus
fit_status(const C360OptimizeResult *result, C360FitInfo *info)
{
	C360ValueStatus status;

	switch (result->status)
	{
		case C360_OPT_CONVERGED:
			status = C360_VALUE_OK;
			break;
		case C360_OPT_AT_BOUNDARY:
			status = C360_VALUE_AT_BOUNDARY;
			break;
		case C360_OPT_MAX_ITERATIONS:
		case C360_OPT_STALLED:
			status = C360_VALUE_NOT_CONVERGED;
			break;
		default:
			status = C360_VALUE_NUMERIC;
			break;
	}
	info->status = status;
	info->converged = (status == C360_VALUE_OK);
	info->iterations = result->iterations;
	info->evaluations = result->evaluations;
	info->gradient_norm = isfinite(result->gradient_norm) ? result->gradient_norm : 0.0;
	return status;
}

C360ValueStatus
c360_value_fit_run(C360Evaluate evaluate, void *work, int nparams, double total_weight,
				   const double *starts, const C360FitOptions *options, double *params,
				   C360FitInfo *info)
{
	FitObjective objective = {evaluate, work, nparams, total_weight, options};
	C360OptimizeOptions opt;
	C360OptimizeResult result;
	C360ValueStatus status;
	double		ll;
	int			i;

	C360_ASSERT(nparams > 0 && nparams <= C360_VALUE_MAX_PARAMS);
	for (i = 0; i < nparams; i++)
		params[i] = 0.0;
	c360_optimize_defaults(&opt);
	opt.lower = C360_VALUE_LOG_LOWER;
	opt.upper = C360_VALUE_LOG_UPPER;
	if (options != NULL && options->max_iterations > 0)
		opt.max_iterations = options->max_iterations;
	c360_minimize(fit_objective, &objective, nparams, starts, 3, &opt, &result);
	status = fit_status(&result, info);
	if (result.status == C360_OPT_BAD_START)
		return status;
	for (i = 0; i < nparams; i++)
		params[i] = exp(result.x[i]);
	if (evaluate(work, params, &ll, NULL))
		info->log_likelihood = ll;
	else
	{
		for (i = 0; i < nparams; i++)
			params[i] = 0.0;
		status = C360_VALUE_NUMERIC;
		info->status = status;
		info->converged = false;
	}
	return status;
}

C360ValueStatus
c360_purchase_log_likelihood_run(const C360PurchaseOps *ops, const double *params,
								 const C360RfmGroup *groups, size_t n,
								 double *log_likelihood, double *gradient)
{
	C360RfmIndex index;
	C360ValueStatus status;
	void	   *work;
	int			i;

	*log_likelihood = 0.0;
	if (gradient != NULL)
		for (i = 0; i < 4; i++)
			gradient[i] = 0.0;
	if (!c360_value_positive4(params[0], params[1], params[2], params[3]))
		return C360_VALUE_BAD_PARAMS;
	status = c360_rfm_index_build(groups, n, ops->with_pairs, &index);
	if (status != C360_VALUE_OK)
		return status;
	work = c360_alloc_zero(ops->work_size);
	ops->work_init(work, &index);
	if (!ops->evaluate(work, params, log_likelihood, gradient))
	{
		*log_likelihood = 0.0;
		if (gradient != NULL)
			for (i = 0; i < 4; i++)
				gradient[i] = 0.0;
		status = C360_VALUE_NUMERIC;
	}
	ops->work_free(work);
	c360_free(work);
	c360_rfm_index_free(&index);
	return status;
}

C360ValueStatus
c360_purchase_fit_run(const C360PurchaseOps *ops, const C360RfmGroup *groups, size_t n,
					  const C360FitOptions *options, double *params, C360FitInfo *info)
{
	C360RfmIndex index;
	C360ValueStatus status;
	double		starts[3][4];
	double		sum_T = 0.0;
	double		rate;
	void	   *work;
	size_t		g;
	int			i;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < 4; i++)
		params[i] = 0.0;
	status = c360_rfm_index_build(groups, n, ops->with_pairs, &index);
	if (status != C360_VALUE_OK)
	{
		info->status = status;
		return status;
	}
	info->customers = index.customers;
	info->groups = (int64_t) index.ngroups;
	if (index.weighted_x == 0.0)
	{
		c360_rfm_index_free(&index);
		info->status = C360_VALUE_NO_REPEAT_BUYERS;
		return info->status;
	}

	/* the data's repeat-purchase rate (purchases per unit of time observed) */
	for (g = 0; g < index.ngroups; g++)
		sum_T += index.weights[g] * index.groups[g].T;
	rate = index.weighted_x / (sum_T > 0.0 ? sum_T : 1.0);
	ops->starts(rate, starts);

	work = c360_alloc_zero(ops->work_size);
	ops->work_init(work, &index);
	status = c360_value_fit_run(ops->evaluate, work, 4, index.total_weight, &starts[0][0],
								options, params, info);
	ops->work_free(work);
	c360_free(work);
	c360_rfm_index_free(&index);
	return status;
}
