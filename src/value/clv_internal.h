/*
 * clv_internal.h: what the customer-value model files share (not for
 * callers outside src/value).
 */
#ifndef C360_VALUE_CLV_INTERNAL_H
#define C360_VALUE_CLV_INTERNAL_H

#include "clv_models.h"
#include "optimize.h"

/*
 * Canonical, indexed purchase-history data.  Groups are sorted by
 * (x, t_x, T) and merged; the distinct x values split them into blocks
 * [x_start[k], x_start[k + 1]); every t_x and T is replaced by an index into
 * the sorted distinct times u_values, so a likelihood evaluation computes
 * log(alpha + u) once per distinct time, not once per group.  With pairs,
 * the distinct (x, time) combinations the Pareto/NBD needs are listed too.
 */
typedef struct C360RfmIndex
{
	size_t		ngroups;
	C360RfmGroup *groups;
	double	   *weights;		/* groups[i].weight as double */
	size_t		nx;
	double	   *x_values;
	double	   *x_weights;		/* customers per distinct x */
	size_t	   *x_start;		/* nx + 1 block boundaries */
	size_t		nu;
	double	   *u_values;
	uint32_t   *g_tx;			/* per group: index of t_x in u_values */
	uint32_t   *g_T;			/* per group: index of T in u_values */
	int64_t		customers;
	double		total_weight;
	double		weighted_x;		/* sum of weight * x */
	/* pairs (x index, u index), sorted; only when built with pairs */
	size_t		npairs;
	uint32_t   *pair_x;
	uint32_t   *pair_u;
	uint32_t   *g_pair_tx;		/* per group: pair of (x, t_x), or UINT32_MAX
								 * when t_x = T (neither pair is needed) */
	uint32_t   *g_pair_T;		/* pair of (x, T), or UINT32_MAX likewise */
} C360RfmIndex;

extern C360ValueStatus c360_rfm_index_build(const C360RfmGroup *groups, size_t n,
											bool with_pairs, C360RfmIndex *index);
extern void c360_rfm_index_free(C360RfmIndex *index);

/*
 * Compensated (Kahan) summation.  A likelihood over a million customers is a
 * sum of 1e5..1e6 terms; plain summation would leave rounding noise of about
 * 1e-13 relative, more than the last steps of the optimizer change it.
 */
typedef struct C360Sum
{
	double		sum;
	double		carry;
} C360Sum;

static inline void
c360_sum_add(C360Sum *acc, double value)
{
	double		y = value - acc->carry;
	double		t = acc->sum + y;

	acc->carry = (t - acc->sum) - y;
	acc->sum = t;
}

static inline double
c360_sum_value(const C360Sum *acc)
{
	return acc->sum;
}

/* Parameters live on the log scale in the optimizer, inside this box. */
#define C360_VALUE_LOG_LOWER (-23.0)	/* about 1e-10 */
#define C360_VALUE_LOG_UPPER 23.0	/* about 1e10 */

/* The most parameters a model has. */
#define C360_VALUE_MAX_PARAMS 4

/*
 * Log-likelihood of the data in work at params (natural scale) and, when
 * grad is not NULL, its gradient; false where it is undefined.
 */
typedef bool (*C360Evaluate) (void *work, const double *params, double *ll, double *grad);

/*
 * Maximum-likelihood fit: minimise -LL / total_weight over log-parameters
 * from three starting points (3 x nparams log-parameters), with the
 * optimizer of optimize.h inside the box [C360_VALUE_LOG_LOWER,
 * C360_VALUE_LOG_UPPER].  params gets the parameters (0 when the status
 * has none to give); info gets status, iterations and log-likelihood (the
 * caller fills customers and groups).
 */
extern C360ValueStatus c360_value_fit_run(C360Evaluate evaluate, void *work, int nparams,
										  double total_weight, const double *starts,
										  const C360FitOptions *options, double *params,
										  C360FitInfo *info);

/* What distinguishes the two purchase models for the shared fit driver. */
typedef struct C360PurchaseOps
{
	bool		with_pairs;		/* the index needs the (x, time) pairs */
	size_t		work_size;		/* bytes of the model's work struct */
	void		(*work_init) (void *work, const C360RfmIndex *index);
	void		(*work_free) (void *work);
	C360Evaluate evaluate;
	/* three starting points (log-parameters) from the repeat-purchase rate */
	void		(*starts) (double rate, double starts[3][4]);
} C360PurchaseOps;

extern C360ValueStatus c360_purchase_log_likelihood_run(const C360PurchaseOps *ops,
														const double *params,
														const C360RfmGroup *groups, size_t n,
														double *log_likelihood,
														double *gradient);
extern C360ValueStatus c360_purchase_fit_run(const C360PurchaseOps *ops,
											 const C360RfmGroup *groups, size_t n,
											 const C360FitOptions *options, double *params,
											 C360FitInfo *info);

/* Validation of model parameters and of one prediction's history. */
extern bool c360_value_positive4(double p0, double p1, double p2, double p3);

#endif							/* C360_VALUE_CLV_INTERNAL_H */
