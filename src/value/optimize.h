/*
 * optimize.h: minimisation of a smooth function of a few variables inside a
 * box, for the maximum-likelihood fits of the customer-value models.
 *
 * Plain C, no PostgreSQL headers, no allocation (the state is on the stack:
 * at most C360_OPT_MAX_DIM variables).  Deterministic: the same objective and
 * starting points give the same iterates, bit for bit.
 *
 * The driver runs BFGS (inverse-Hessian form) with a strong-Wolfe line
 * search from each starting point in turn; a run that stalls without
 * meeting the gradient rule is handed to Nelder-Mead and then to BFGS again.
 * docs/design/value-models.md describes the stopping rule.
 */
#ifndef C360_VALUE_OPTIMIZE_H
#define C360_VALUE_OPTIMIZE_H

#include <stdbool.h>

#define C360_OPT_MAX_DIM 8

/*
 * The objective: sets *value and, when gradient is not NULL, gradient[0..n).
 * Returns false where it is not defined or not finite; the optimizer treats
 * such a point as +infinity and steps back from it.
 */
typedef bool (*C360Objective) (void *context, const double *x, double *value,
							   double *gradient);

typedef struct C360OptimizeOptions
{
	int			max_iterations; /* BFGS iterations per run (default 200) */
	double		gradient_tolerance; /* converged when every component of the
									 * projected gradient is at most this
									 * (default 1e-9) */
	double		step_tolerance; /* or, with the gradient below
								 * loose_gradient_tolerance (default 1e-6),
								 * when the quasi-Newton step moves no
								 * variable by more than this (default 1e-8)
								 * or predicts a decrease below the
								 * objective's rounding */
	double		loose_gradient_tolerance;
	double		lower;			/* box: lower <= x[i] <= upper for every i */
	double		upper;
} C360OptimizeOptions;

typedef enum C360OptimizeStatus
{
	C360_OPT_CONVERGED = 0,		/* stopping rule met, strictly inside the box */
	C360_OPT_AT_BOUNDARY,		/* gradient rule met with some x[i] on the box:
								 * the objective keeps falling outward */
	C360_OPT_MAX_ITERATIONS,	/* iteration limit reached first */
	C360_OPT_STALLED,			/* no step lowers the objective any more, yet
								 * the gradient rule is not met */
	C360_OPT_BAD_START			/* the objective is not defined at any start */
} C360OptimizeStatus;

typedef struct C360OptimizeResult
{
	double		x[C360_OPT_MAX_DIM];
	double		value;
	double		gradient[C360_OPT_MAX_DIM];
	double		gradient_norm;	/* max |projected gradient component| */
	int			iterations;		/* BFGS iterations plus Nelder-Mead
								 * iterations, over all runs */
	int			evaluations;	/* objective calls */
	C360OptimizeStatus status;
} C360OptimizeResult;

/* Fill options with the defaults above and a box of [-30, 30]. */
extern void c360_optimize_defaults(C360OptimizeOptions *options);

/*
 * Minimise objective over n <= C360_OPT_MAX_DIM variables from each of the
 * nstarts starting points (starts holds nstarts rows of n values; points
 * outside the box are clamped into it).  Starts are tried in order; the
 * first run that converges ends the search.  Otherwise the result is the
 * best point found (lowest value; earlier start on a tie).
 */
extern C360OptimizeStatus c360_minimize(C360Objective objective, void *context, int n,
										const double *starts, int nstarts,
										const C360OptimizeOptions *options,
										C360OptimizeResult *result);

/* One BFGS run from x0 (exported for the unit tests). */
extern C360OptimizeStatus c360_minimize_bfgs(C360Objective objective, void *context, int n,
											 const double *x0,
											 const C360OptimizeOptions *options,
											 C360OptimizeResult *result);

/*
 * Nelder-Mead from x0 with an initial simplex of edge step, at most
 * max_evaluations calls; it needs no gradient.  Stops when the simplex's
 * values agree to 1e-13 relative and its edges are shorter than 1e-9.
 */
extern C360OptimizeStatus c360_minimize_nelder_mead(C360Objective objective, void *context,
													int n, const double *x0, double step,
													int max_evaluations,
													const C360OptimizeOptions *options,
													C360OptimizeResult *result);

#endif							/* C360_VALUE_OPTIMIZE_H */
