/*
 * optimize.c: BFGS with a strong-Wolfe line search, Nelder-Mead, and the
 * driver that combines them with several starting points.  See optimize.h.
 *
 * Bounds are handled by projection: a search direction never pushes a
 * variable that sits on the box further out, and a step stops where the ray
 * meets the box.  The line search follows Nocedal and Wright, Numerical
 * Optimization (2nd ed.), algorithms 3.5 and 3.6, with cubic interpolation.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "optimize.h"

#define ARMIJO_C1 1e-4
#define CURVATURE_C2 0.9
#define LINE_SEARCH_MAX 40

typedef struct Evaluator
{
	C360Objective objective;
	void	   *context;
	int			n;
	int			evaluations;
} Evaluator;

/* Calls the objective; false unless the value and gradient are all finite. */
static bool
evaluate(Evaluator *ev, const double *x, double *value, double *gradient)
{
	bool		ok;
	int			i;

	ev->evaluations++;
	ok = ev->objective(ev->context, x, value, gradient);
	if (!ok || !isfinite(*value))
		return false;
	if (gradient != NULL)
		for (i = 0; i < ev->n; i++)
			if (!isfinite(gradient[i]))
				return false;
	return true;
}

static double
clamp(double v, double lower, double upper)
{
	if (v < lower)
		return lower;
	if (v > upper)
		return upper;
	return v;
}

void
c360_optimize_defaults(C360OptimizeOptions *options)
{
	options->max_iterations = 200;
	options->gradient_tolerance = 1e-9;
	options->step_tolerance = 1e-8;
	options->loose_gradient_tolerance = 1e-6;
	options->lower = -30.0;
	options->upper = 30.0;
}

/*
 * The projected gradient: a component whose descent direction would leave
 * the box counts as zero.  Returns its largest magnitude.
 */
static double
projected_norm(int n, const double *x, const double *g, const C360OptimizeOptions *o,
			   double *pg)
{
	double		norm = 0.0;
	int			i;

	for (i = 0; i < n; i++)
	{
		pg[i] = g[i];
		if ((x[i] <= o->lower && g[i] > 0.0) || (x[i] >= o->upper && g[i] < 0.0))
			pg[i] = 0.0;
		if (fabs(pg[i]) > norm)
			norm = fabs(pg[i]);
	}
	return norm;
}

static bool
on_boundary(int n, const double *x, const C360OptimizeOptions *o)
{
	int			i;

	for (i = 0; i < n; i++)
		if (x[i] <= o->lower || x[i] >= o->upper)
			return true;
	return false;
}

/* x + t d, kept inside the box. */
static void
step_point(int n, const double *x, const double *d, double t,
		   const C360OptimizeOptions *o, double *out)
{
	int			i;

	for (i = 0; i < n; i++)
		out[i] = clamp(x[i] + t * d[i], o->lower, o->upper);
}

static double
dot(int n, const double *u, const double *v)
{
	double		s = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		s += u[i] * v[i];
	return s;
}

/* A point of the line search: step length, value, slope along d, x, gradient. */
typedef struct LinePoint
{
	double		t;
	double		f;
	double		slope;
	bool		defined;
	double		x[C360_OPT_MAX_DIM];
	double		g[C360_OPT_MAX_DIM];
} LinePoint;

static void
line_point(Evaluator *ev, const double *x, const double *d, double t,
		   const C360OptimizeOptions *o, LinePoint *p)
{
	p->t = t;
	step_point(ev->n, x, d, t, o, p->x);
	p->defined = evaluate(ev, p->x, &p->f, p->g);
	if (p->defined)
		p->slope = dot(ev->n, p->g, d);
	else
	{
		p->f = INFINITY;
		p->slope = 0.0;
	}
}

/*
 * Minimiser of the cubic through (lo, hi) with their values and slopes,
 * kept in the middle 80% of the interval; bisection when the cubic is of
 * no use (an undefined end, or no real minimiser).
 */
static double
interpolate(const LinePoint *lo, const LinePoint *hi)
{
	double		width = hi->t - lo->t;
	double		mid = lo->t + 0.5 * width;
	double		d1,
				disc,
				d2,
				t;
	double		a,
				b;

	if (!lo->defined || !hi->defined)
		return mid;
	d1 = lo->slope + hi->slope - 3.0 * (lo->f - hi->f) / (lo->t - hi->t);
	disc = d1 * d1 - lo->slope * hi->slope;
	if (!(disc >= 0.0))
		return mid;
	d2 = (width > 0.0 ? 1.0 : -1.0) * sqrt(disc);
	t = hi->t - width * (hi->slope + d2 - d1) / (hi->slope - lo->slope + 2.0 * d2);
	a = lo->t + 0.1 * width;
	b = hi->t - 0.1 * width;
	if (!isfinite(t))
		return mid;
	if (a > b)
	{
		double		tmp = a;

		a = b;
		b = tmp;
	}
	return clamp(t, a, b);
}

/*
 * Strong-Wolfe line search along the descent direction d from x (value f0,
 * slope0 < 0).  On success *best holds the accepted point.  A point that
 * only satisfies the sufficient-decrease condition is accepted when the
 * search runs out of trials; false means no decrease was found at all.
 */
static bool
line_search(Evaluator *ev, const double *x, double f0, double slope0, const double *d,
			double t_init, double t_max, const C360OptimizeOptions *o, LinePoint *best)
{
	LinePoint	prev;
	LinePoint	cur;
	LinePoint	lo;
	LinePoint	hi;
	LinePoint	trial;
	bool		bracketed = false;
	int			iter;

	prev.t = 0.0;
	prev.f = f0;
	prev.slope = slope0;
	prev.defined = true;
	memcpy(prev.x, x, sizeof(double) * ev->n);

	/* bracketing phase: expand until a step is too long or the slope turns */
	cur.t = t_init;
	for (iter = 0; iter < LINE_SEARCH_MAX; iter++)
	{
		double		next;

		line_point(ev, x, d, cur.t, o, &cur);
		if (!cur.defined || cur.f > f0 + ARMIJO_C1 * cur.t * slope0 ||
			(iter > 0 && cur.f >= prev.f))
		{
			lo = prev;
			hi = cur;
			bracketed = true;
			break;
		}
		if (fabs(cur.slope) <= -CURVATURE_C2 * slope0)
		{
			*best = cur;
			return true;
		}
		if (cur.slope >= 0.0)
		{
			lo = cur;
			hi = prev;
			bracketed = true;
			break;
		}
		if (cur.t >= t_max)
		{
			/* the box stops the step: accept the decrease found there */
			*best = cur;
			return true;
		}
		next = cur.t * 4.0;
		prev = cur;
		cur.t = next < t_max ? next : t_max;
	}
	if (!bracketed)
	{
		/* still descending after every expansion: take the last point */
		*best = prev;
		return prev.t > 0.0;
	}

	/* zoom phase: lo is the best point satisfying sufficient decrease */
	for (iter = 0; iter < LINE_SEARCH_MAX; iter++)
	{
		double		t = interpolate(&lo, &hi);

		if (fabs(hi.t - lo.t) <= 4.0 * DBL_EPSILON * fabs(lo.t) || t == lo.t || t == hi.t)
			break;
		line_point(ev, x, d, t, o, &trial);
		if (!trial.defined || trial.f > f0 + ARMIJO_C1 * t * slope0 || trial.f >= lo.f)
			hi = trial;
		else
		{
			if (fabs(trial.slope) <= -CURVATURE_C2 * slope0)
			{
				*best = trial;
				return true;
			}
			if (trial.slope * (hi.t - lo.t) >= 0.0)
				hi = lo;
			lo = trial;
		}
	}
	if (lo.t > 0.0 && lo.f < f0)
	{
		*best = lo;
		return true;
	}
	return false;
}

/*
 * What every optimizer run does first: clear the result and set up the
 * evaluator; false (result status C360_OPT_BAD_START) for a bad dimension.
 */
static bool
optimize_begin(Evaluator *ev, C360Objective objective, void *context, int n,
			   C360OptimizeResult *result)
{
	memset(result, 0, sizeof(*result));
	ev->objective = objective;
	ev->context = context;
	ev->n = n;
	ev->evaluations = 0;
	if (n < 1 || n > C360_OPT_MAX_DIM)
	{
		result->status = C360_OPT_BAD_START;
		return false;
	}
	return true;
}

C360OptimizeStatus
c360_minimize_bfgs(C360Objective objective, void *context, int n, const double *x0,
				   const C360OptimizeOptions *options, C360OptimizeResult *result)
{
	Evaluator	ev;
	double		x[C360_OPT_MAX_DIM];
	double		g[C360_OPT_MAX_DIM];
	double		pg[C360_OPT_MAX_DIM];
	double		d[C360_OPT_MAX_DIM];
	double		H[C360_OPT_MAX_DIM][C360_OPT_MAX_DIM];
	double		f;
	bool		identity = true;
	bool		scaled = false;
	int			updates = 0;	/* BFGS updates since the last reset */
	int			iter;
	int			i,
				j;
	C360OptimizeStatus status = C360_OPT_MAX_ITERATIONS;

	if (!optimize_begin(&ev, objective, context, n, result))
		return C360_OPT_BAD_START;
	for (i = 0; i < n; i++)
		x[i] = clamp(x0[i], options->lower, options->upper);
	memcpy(result->x, x, sizeof(double) * n);
	if (!evaluate(&ev, x, &f, g))
	{
		result->value = INFINITY;
		result->gradient_norm = INFINITY;
		result->evaluations = ev.evaluations;
		result->status = C360_OPT_BAD_START;
		return C360_OPT_BAD_START;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			H[i][j] = (i == j) ? 1.0 : 0.0;

	for (iter = 0; iter < options->max_iterations; iter++)
	{
		double		gnorm = projected_norm(n, x, g, options, pg);
		double		slope;
		double		t_max = INFINITY;
		double		t_init;
		double		dmax = 0.0;
		double		s[C360_OPT_MAX_DIM];
		double		y[C360_OPT_MAX_DIM];
		double		sy,
					yy;
		LinePoint	next;

		if (gnorm <= options->gradient_tolerance)
		{
			status = on_boundary(n, x, options) ? C360_OPT_AT_BOUNDARY : C360_OPT_CONVERGED;
			break;
		}

		/* d = -H g, without pushing a variable out through its bound */
		for (i = 0; i < n; i++)
		{
			d[i] = 0.0;
			for (j = 0; j < n; j++)
				d[i] -= H[i][j] * g[j];
			if ((x[i] <= options->lower && d[i] < 0.0) || (x[i] >= options->upper && d[i] > 0.0))
				d[i] = 0.0;
		}
		slope = dot(n, g, d);

		/*
		 * Near the optimum the objective's rounding hides the last digits of
		 * the gradient.  With an inverse-Hessian estimate built by at least
		 * n updates and a gradient below the loose tolerance, stop too when
		 * the quasi-Newton step moves no variable by more than
		 * step_tolerance, or when the decrease it predicts, -g'd / 2, is
		 * below a few units in the last place of the objective: no step can
		 * then show a decrease.
		 */
		if (updates >= n && slope < 0.0 && gnorm <= options->loose_gradient_tolerance)
		{
			bool		small = true;

			for (i = 0; i < n; i++)
				if (fabs(d[i]) > options->step_tolerance)
					small = false;
			if (small || -0.5 * slope <= 4.0 * DBL_EPSILON * fabs(f))
			{
				status = on_boundary(n, x, options) ? C360_OPT_AT_BOUNDARY : C360_OPT_CONVERGED;
				break;
			}
		}
		if (!(slope < 0.0))
		{
			/* the estimate lost positive definiteness: steepest descent */
			for (i = 0; i < n; i++)
			{
				for (j = 0; j < n; j++)
					H[i][j] = (i == j) ? 1.0 : 0.0;
				d[i] = -pg[i];
			}
			identity = true;
			scaled = false;
			updates = 0;
			slope = dot(n, g, d);
		}
		for (i = 0; i < n; i++)
		{
			if (d[i] > 0.0 && (options->upper - x[i]) / d[i] < t_max)
				t_max = (options->upper - x[i]) / d[i];
			if (d[i] < 0.0 && (options->lower - x[i]) / d[i] < t_max)
				t_max = (options->lower - x[i]) / d[i];
			if (fabs(d[i]) > dmax)
				dmax = fabs(d[i]);
		}
		/* an unscaled first step moves no variable by more than 1 */
		t_init = (identity && !scaled && dmax > 1.0) ? 1.0 / dmax : 1.0;
		if (t_init > t_max)
			t_init = t_max;

		if (!line_search(&ev, x, f, slope, d, t_init, t_max, options, &next))
		{
			if (!identity)
			{
				/* retry once along the steepest descent before giving up */
				for (i = 0; i < n; i++)
					for (j = 0; j < n; j++)
						H[i][j] = (i == j) ? 1.0 : 0.0;
				identity = true;
				scaled = false;
				updates = 0;
				continue;
			}
			status = C360_OPT_STALLED;
			break;
		}

		for (i = 0; i < n; i++)
		{
			s[i] = next.x[i] - x[i];
			y[i] = next.g[i] - g[i];
		}
		sy = dot(n, s, y);
		yy = dot(n, y, y);
		if (sy > 0.0 && yy > 0.0 && isfinite(sy) && isfinite(yy))
		{
			double		rho = 1.0 / sy;
			double		Hy[C360_OPT_MAX_DIM];
			double		yHy;

			if (!scaled)
			{
				/* Nocedal and Wright (6.20): size the first estimate */
				for (i = 0; i < n; i++)
					for (j = 0; j < n; j++)
						H[i][j] = (i == j) ? sy / yy : 0.0;
				scaled = true;
			}
			for (i = 0; i < n; i++)
			{
				Hy[i] = 0.0;
				for (j = 0; j < n; j++)
					Hy[i] += H[i][j] * y[j];
			}
			yHy = dot(n, y, Hy);
			/* H += (1 + rho yHy) rho s s' - rho (Hy s' + s Hy') */
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++)
					H[i][j] += (1.0 + rho * yHy) * rho * s[i] * s[j]
						- rho * (Hy[i] * s[j] + s[i] * Hy[j]);
			identity = false;
			updates++;
		}

		memcpy(x, next.x, sizeof(double) * n);
		memcpy(g, next.g, sizeof(double) * n);
		f = next.f;
	}

	memcpy(result->x, x, sizeof(double) * n);
	memcpy(result->gradient, g, sizeof(double) * n);
	result->value = f;
	result->gradient_norm = projected_norm(n, x, g, options, pg);
	result->iterations = iter;
	result->evaluations = ev.evaluations;
	result->status = status;
	return status;
}

C360OptimizeStatus
c360_minimize_nelder_mead(C360Objective objective, void *context, int n, const double *x0,
						  double step, int max_evaluations,
						  const C360OptimizeOptions *options, C360OptimizeResult *result)
{
	Evaluator	ev;
	double		simplex[C360_OPT_MAX_DIM + 1][C360_OPT_MAX_DIM];
	double		values[C360_OPT_MAX_DIM + 1];
	double		centroid[C360_OPT_MAX_DIM];
	double		trial[C360_OPT_MAX_DIM];
	double		trial2[C360_OPT_MAX_DIM];
	double		g[C360_OPT_MAX_DIM];
	int			iterations = 0;
	int			i,
				j;
	bool		any_defined = false;

	if (!optimize_begin(&ev, objective, context, n, result))
		return C360_OPT_BAD_START;

	for (i = 0; i <= n; i++)
	{
		for (j = 0; j < n; j++)
		{
			double		v = x0[j] + ((i == j + 1) ? step : 0.0);

			/* a vertex pushed onto the box steps inward instead */
			if (v > options->upper)
				v = x0[j] - step;
			simplex[i][j] = clamp(v, options->lower, options->upper);
		}
		if (!evaluate(&ev, simplex[i], &values[i], NULL))
			values[i] = INFINITY;
		else
			any_defined = true;
	}
	if (!any_defined)
	{
		memcpy(result->x, x0, sizeof(double) * n);
		result->value = INFINITY;
		result->evaluations = ev.evaluations;
		result->status = C360_OPT_BAD_START;
		return C360_OPT_BAD_START;
	}

	while (ev.evaluations < max_evaluations)
	{
		double		f_r,
					f_e,
					f_c;
		double		size = 0.0;

		/* insertion sort by value; ties keep their order (deterministic) */
		for (i = 1; i <= n; i++)
		{
			double		v = values[i];
			double		row[C360_OPT_MAX_DIM];

			memcpy(row, simplex[i], sizeof(double) * n);
			for (j = i - 1; j >= 0 && values[j] > v; j--)
			{
				values[j + 1] = values[j];
				memcpy(simplex[j + 1], simplex[j], sizeof(double) * n);
			}
			values[j + 1] = v;
			memcpy(simplex[j + 1], row, sizeof(double) * n);
		}
		for (i = 1; i <= n; i++)
			for (j = 0; j < n; j++)
				if (fabs(simplex[i][j] - simplex[0][j]) > size)
					size = fabs(simplex[i][j] - simplex[0][j]);
		if (values[n] - values[0] <= 1e-13 * (fabs(values[0]) + 1e-300) && size <= 1e-9)
			break;
		iterations++;

		for (j = 0; j < n; j++)
		{
			centroid[j] = 0.0;
			for (i = 0; i < n; i++)
				centroid[j] += simplex[i][j];
			centroid[j] /= n;
		}
		/* reflect */
		for (j = 0; j < n; j++)
			trial[j] = clamp(2.0 * centroid[j] - simplex[n][j], options->lower, options->upper);
		if (!evaluate(&ev, trial, &f_r, NULL))
			f_r = INFINITY;
		if (f_r < values[0])
		{
			/* expand */
			for (j = 0; j < n; j++)
				trial2[j] = clamp(3.0 * centroid[j] - 2.0 * simplex[n][j],
								  options->lower, options->upper);
			if (!evaluate(&ev, trial2, &f_e, NULL))
				f_e = INFINITY;
			if (f_e < f_r)
			{
				memcpy(simplex[n], trial2, sizeof(double) * n);
				values[n] = f_e;
			}
			else
			{
				memcpy(simplex[n], trial, sizeof(double) * n);
				values[n] = f_r;
			}
			continue;
		}
		if (f_r < values[n - 1])
		{
			memcpy(simplex[n], trial, sizeof(double) * n);
			values[n] = f_r;
			continue;
		}
		/* contract, outside if the reflection helped a little, else inside */
		for (j = 0; j < n; j++)
		{
			if (f_r < values[n])
				trial2[j] = centroid[j] + 0.5 * (trial[j] - centroid[j]);
			else
				trial2[j] = centroid[j] + 0.5 * (simplex[n][j] - centroid[j]);
		}
		if (!evaluate(&ev, trial2, &f_c, NULL))
			f_c = INFINITY;
		if (f_c < (f_r < values[n] ? f_r : values[n]))
		{
			memcpy(simplex[n], trial2, sizeof(double) * n);
			values[n] = f_c;
			continue;
		}
		/* shrink toward the best vertex */
		for (i = 1; i <= n; i++)
		{
			for (j = 0; j < n; j++)
				simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]);
			if (!evaluate(&ev, simplex[i], &values[i], NULL))
				values[i] = INFINITY;
		}
	}

	/* best vertex (the sort above may not have run after the last step) */
	j = 0;
	for (i = 1; i <= n; i++)
		if (values[i] < values[j])
			j = i;
	memcpy(result->x, simplex[j], sizeof(double) * n);
	result->value = values[j];
	result->iterations = iterations;
	/* one gradient at the answer, for the caller's report */
	if (evaluate(&ev, result->x, &result->value, g))
	{
		double		pg[C360_OPT_MAX_DIM];

		memcpy(result->gradient, g, sizeof(double) * n);
		result->gradient_norm = projected_norm(n, result->x, g, options, pg);
	}
	else
		result->gradient_norm = INFINITY;
	result->evaluations = ev.evaluations;
	result->status = (result->gradient_norm <= options->gradient_tolerance) ?
		(on_boundary(n, result->x, options) ? C360_OPT_AT_BOUNDARY : C360_OPT_CONVERGED) :
		C360_OPT_STALLED;
	return result->status;
}

C360OptimizeStatus
c360_minimize(C360Objective objective, void *context, int n, const double *starts,
			  int nstarts, const C360OptimizeOptions *options, C360OptimizeResult *result)
{
	C360OptimizeResult best;
	C360OptimizeResult run;
	C360OptimizeResult polish;
	int			iterations = 0;
	int			evaluations = 0;
	bool		have_best = false;
	int			k;

	memset(&best, 0, sizeof(best));
	best.status = C360_OPT_BAD_START;
	best.value = INFINITY;
	for (k = 0; k < nstarts; k++)
	{
		c360_minimize_bfgs(objective, context, n, starts + (size_t) k * n, options, &run);
		iterations += run.iterations;
		evaluations += run.evaluations;
		if (run.status == C360_OPT_STALLED || run.status == C360_OPT_MAX_ITERATIONS)
		{
			/*
			 * BFGS stalls where the objective is rough (rounding noise, an
			 * undefined region next to the path); the simplex method does
			 * not need a gradient to get past that.  Then BFGS again.
			 */
			c360_minimize_nelder_mead(objective, context, n, run.x, 0.05, 200 * n,
									  options, &polish);
			iterations += polish.iterations;
			evaluations += polish.evaluations;
			if (polish.value <= run.value)
			{
				C360OptimizeResult again;

				c360_minimize_bfgs(objective, context, n, polish.x, options, &again);
				iterations += again.iterations;
				evaluations += again.evaluations;
				if (again.status != C360_OPT_BAD_START && again.value <= polish.value)
					run = again;
				else
					run = polish;
			}
		}
		/* a converged run beats any other; then the lower value */
		if (run.status != C360_OPT_BAD_START &&
			(!have_best ||
			 ((run.status == C360_OPT_CONVERGED) != (best.status == C360_OPT_CONVERGED) ?
			  run.status == C360_OPT_CONVERGED : run.value < best.value)))
		{
			best = run;
			have_best = true;
		}
		if (have_best && best.status == C360_OPT_CONVERGED)
			break;
	}
	best.iterations = iterations;
	best.evaluations = evaluations;
	*result = best;
	return best.status;
}
