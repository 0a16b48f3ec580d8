/*
 * fs_model.c: Fellegi-Sunter training by EM, scoring, the model's text form
 * and its checks.
 *
 * The model.  For a pair of records, attribute a compares at level l (0 =
 * missing on either side, 1 = exact, ..., L_a - 1 = different).  Under
 * conditional independence given the pair's class,
 *
 *   P(levels | match)     = prod over present a of m[a][l_a]
 *   P(levels | non-match) = prod over present a of u[a][l_a]
 *
 * and level 0 contributes a factor 1 to both (missing is no evidence).  The
 * prior lambda = P(match).  EM over the histogram of level patterns:
 *
 *   E: g(p) = lambda P(p|M) / (lambda P(p|M) + (1 - lambda) P(p|U))
 *   M: lambda  = sum c(p) g(p) / sum c(p)
 *      m[a][l] = sum_{p: l_a = l} c g / sum_{p: l_a > 0} c g
 *      u[a][l] likewise with 1 - g
 *
 * Starting values: m from a ladder (level 1 gets the most, each following
 * agreement level a tenth of the one before, together 0.95; "different"
 * gets 0.05); u from the observed level frequencies of the attribute (most
 * pairs are non-matches); lambda from the share of pairs that agree exactly
 * on more than half of their present attributes, clamped to [0.001, 0.5].
 *
 * Stopping rule: the largest change of any m, u or lambda in one iteration
 * below C360_FS_TOLERANCE (converged), or C360_FS_MAX_ITERATIONS
 * iterations (not converged).  After every M step each m[a] and u[a] is
 * floored at C360_FS_EPS and renormalized, and lambda clamped to
 * [EPS, 1 - EPS], so every weight is finite.
 *
 * Label switching: EM is symmetric in the two classes.  After it stops,
 * the class whose m puts more mass on level 1 (exact agreement), summed
 * over the trained attributes, is called "match"; if that is the other
 * class, m and u are swapped and lambda becomes 1 - lambda.
 *
 * An attribute with no pair where it is present is untrained: m and u are
 * uniform and its levels weigh 0 when scoring.
 *
 * u from random pairs (c360_fs_train_random_u).  Candidate pairs come from
 * blocking, which picks pairs that already agree on something: with a pass
 * on postcode, "different postcode" is rare among the candidate
 * non-matches, EM's u of that level is small and the level weighs for a
 * match.  Among pairs drawn at random from all records (almost all
 * non-matches) each level's frequency is an unbiased u, as in Splink's
 * estimate_u_using_random_sampling.  Those u, smoothed (add-one, so that a
 * level never seen is not impossible), replace EM's u after EM.
 *
 * They are not held fixed during EM (Splink does that, but then excludes
 * the attributes each blocking rule blocked on from that EM run).  Over
 * the union of several blocking passes, the candidate non-matches agree on
 * the blocked attributes far more often than random pairs do; with u fixed
 * at the random pairs' values the non-match class cannot explain them and
 * EM moves them into the match class.  Measured: lambda went to 0.999 on
 * the generated bank of test/gen (candidates of c360.resolve) and m was
 * ruined (m of "different birth date" 0.53); on simulated counts where
 * blocking biased one of five attributes, lambda went from 0.05 to 1.  EM
 * with a free u has a class for those non-matches, so its m stays right;
 * only its u is replaced.
 *
 * lambda is then the random pairs' too: with u from random pairs the
 * weights are those of two records drawn at random, and the prior that
 * goes with them is the chance that two random records match, not EM's
 * share of matches among the candidates (which blocking raised: 0.11
 * against 0.0005 on FEBRL3).  With EM's lambda every pair got those
 * bits twice, once from being a candidate and once from its levels, and
 * pairwise precision on FEBRL3 fell from 0.995 to 0.977.  It is
 * estimated by EM over the random pairs with m and u held: lambda = the
 * mean posterior probability of a match, iterated to a fixed point.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "fs_model.h"

#define N_ATTRS C360_MATCH_ATTRS
#define ALL_ATTRS_MASK ((1u << N_ATTRS) - 1)

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static double
clampd(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* Floor every level of one distribution at EPS and renormalize. */
static void
floor_normalize(double *p, int n_levels)
{
	double		sum = 0;
	int			l;

	for (l = 1; l < n_levels; l++)
	{
		if (!(p[l] >= C360_FS_EPS))
			p[l] = C360_FS_EPS;
		sum += p[l];
	}
	for (l = 1; l < n_levels; l++)
		p[l] /= sum;
}

static void
model_init(C360FsModel *model)
{
	int			a;

	memset(model, 0, sizeof(*model));
	for (a = 0; a < N_ATTRS; a++)
		model->n_levels[a] = (uint8_t) c360_match_attrs[a].n_levels;
}

/* ------------------------------------------------------------------ */
/* Training                                                            */
/* ------------------------------------------------------------------ */

static void
starting_values(C360FsModel *model, const C360FsHist *h, double total)
{
	double		freq[N_ATTRS][C360_MATCH_MAX_LEVELS];
	double		agree = 0;
	uint32_t	i;
	int			a,
				l;

	memset(freq, 0, sizeof(freq));
	for (i = 0; i < h->n; i++)
	{
		int			present = 0,
					exact = 0;

		for (a = 0; a < N_ATTRS; a++)
		{
			l = c360_match_pattern_level(h->bins[i].pattern, a);
			if (l == 0)
				continue;
			freq[a][l] += h->bins[i].count;
			present++;
			if (l == 1)
				exact++;
		}
		if (present > 0 && 2 * exact > present)
			agree += h->bins[i].count;
	}
	model->lambda = clampd(agree / total, 0.001, 0.5);

	for (a = 0; a < N_ATTRS; a++)
	{
		int			n = model->n_levels[a];
		double		seen = 0,
					ladder = 0,
					step = 1;

		for (l = 1; l < n; l++)
			seen += freq[a][l];
		if (seen > 0)
			model->trained |= 1u << a;

		/* m: 1, 0.1, 0.01, ... over the agreement levels, scaled to 0.95;
		 * 0.05 for "different".  A ladder of one level is that level. */
		if (n == 2)
			model->m[a][1] = 1;
		else
		{
			for (l = 1; l < n - 1; l++, step *= 0.1)
				ladder += step;
			step = 1;
			for (l = 1; l < n - 1; l++, step *= 0.1)
				model->m[a][l] = 0.95 * step / ladder;
			model->m[a][n - 1] = 0.05;
		}
		/* u: the observed frequencies, or uniform when nothing was seen. */
		for (l = 1; l < n; l++)
			model->u[a][l] = seen > 0 ? freq[a][l] / seen : 1.0 / (n - 1);
		if (seen == 0)
			for (l = 1; l < n; l++)
				model->m[a][l] = 1.0 / (n - 1);
		floor_normalize(model->m[a], n);
		floor_normalize(model->u[a], n);
	}
}

/*
 * One E step at the model's parameters.  Fills the expected counts (when
 * sm is not NULL) and returns the log-likelihood (natural log).
 */
static double
e_step(const C360FsModel *model, const C360FsHist *h,
	   double am[N_ATTRS][C360_MATCH_MAX_LEVELS],
	   double au[N_ATTRS][C360_MATCH_MAX_LEVELS], double *sm)
{
	double		logm[N_ATTRS][C360_MATCH_MAX_LEVELS];
	double		logu[N_ATTRS][C360_MATCH_MAX_LEVELS];
	double		log_lambda = log(model->lambda),
				log_other = log(1 - model->lambda),
				ll = 0;
	uint32_t	i;
	int			a,
				l;

	for (a = 0; a < N_ATTRS; a++)
		for (l = 1; l < model->n_levels[a]; l++)
		{
			logm[a][l] = log(model->m[a][l]);
			logu[a][l] = log(model->u[a][l]);
		}
	if (sm)
	{
		memset(am, 0, sizeof(double) * N_ATTRS * C360_MATCH_MAX_LEVELS);
		memset(au, 0, sizeof(double) * N_ATTRS * C360_MATCH_MAX_LEVELS);
		*sm = 0;
	}
	for (i = 0; i < h->n; i++)
	{
		uint64_t	p = h->bins[i].pattern;
		double		c = h->bins[i].count,
					lm = log_lambda,
					lu = log_other,
					top,
					em,
					eu,
					g;

		for (a = 0; a < N_ATTRS; a++)
		{
			l = c360_match_pattern_level(p, a);
			if (l == 0 || l >= model->n_levels[a])
				continue;
			lm += logm[a][l];
			lu += logu[a][l];
		}
		top = lm > lu ? lm : lu;
		em = exp(lm - top);
		eu = exp(lu - top);
		g = em / (em + eu);
		ll += c * (top + log(em + eu));
		if (sm)
		{
			*sm += c * g;
			for (a = 0; a < N_ATTRS; a++)
			{
				l = c360_match_pattern_level(p, a);
				if (l == 0 || l >= model->n_levels[a])
					continue;
				am[a][l] += c * g;
				au[a][l] += c * (1 - g);
			}
		}
	}
	return ll;
}

/* M step from expected counts; returns the largest parameter change. */
static double
m_step(C360FsModel *model, double am[N_ATTRS][C360_MATCH_MAX_LEVELS],
	   double au[N_ATTRS][C360_MATCH_MAX_LEVELS], double sm, double total)
{
	double		delta,
				lambda;
	int			a,
				l;

	lambda = clampd(sm / total, C360_FS_EPS, 1 - C360_FS_EPS);
	delta = fabs(lambda - model->lambda);
	model->lambda = lambda;
	for (a = 0; a < N_ATTRS; a++)
	{
		int			n = model->n_levels[a];
		double		newm[C360_MATCH_MAX_LEVELS],
					newu[C360_MATCH_MAX_LEVELS],
					summ = 0,
					sumu = 0;

		if (!(model->trained & (1u << a)))
			continue;
		for (l = 1; l < n; l++)
		{
			summ += am[a][l];
			sumu += au[a][l];
		}
		for (l = 1; l < n; l++)
		{
			/* A class with no expected mass here keeps its parameters. */
			newm[l] = summ > 0 ? am[a][l] / summ : model->m[a][l];
			newu[l] = sumu > 0 ? au[a][l] / sumu : model->u[a][l];
		}
		floor_normalize(newm, n);
		floor_normalize(newu, n);
		for (l = 1; l < n; l++)
		{
			delta = fmax(delta, fabs(newm[l] - model->m[a][l]));
			delta = fmax(delta, fabs(newu[l] - model->u[a][l]));
			model->m[a][l] = newm[l];
			model->u[a][l] = newu[l];
		}
	}
	return delta;
}

/*
 * Label switching: "match" is the class whose m puts more mass on exact
 * agreement, summed over the trained attributes.  A model with u from
 * random pairs is left alone: those u are not a class EM estimated.
 */
bool
c360_fs_fix_labels(C360FsModel *model)
{
	double		agreement = 0;
	int			a;

	if (model->u_random != 0)
		return false;
	for (a = 0; a < N_ATTRS; a++)
		if (model->trained & (1u << a))
			agreement += model->m[a][1] - model->u[a][1];
	if (agreement >= 0)
		return false;
	for (a = 0; a < N_ATTRS; a++)
	{
		double		tmp[C360_MATCH_MAX_LEVELS];

		memcpy(tmp, model->m[a], sizeof(tmp));
		memcpy(model->m[a], model->u[a], sizeof(tmp));
		memcpy(model->u[a], tmp, sizeof(tmp));
	}
	model->lambda = 1 - model->lambda;
	return true;
}

uint32_t
c360_fs_u_from_random(const C360FsHist *random,
					  double u[N_ATTRS][C360_MATCH_MAX_LEVELS])
{
	double		freq[N_ATTRS][C360_MATCH_MAX_LEVELS];
	uint32_t	seen_mask = 0,
				i;
	int			a,
				l;

	memset(freq, 0, sizeof(freq));
	for (i = 0; i < random->n; i++)
		for (a = 0; a < N_ATTRS; a++)
		{
			l = c360_match_pattern_level(random->bins[i].pattern, a);
			if (l > 0 && l < c360_match_attrs[a].n_levels)
				freq[a][l] += random->bins[i].count;
		}
	for (a = 0; a < N_ATTRS; a++)
	{
		int			n = c360_match_attrs[a].n_levels;
		double		seen = 0;

		for (l = 1; l < n; l++)
			seen += freq[a][l];
		if (!(seen > 0))
			continue;
		seen_mask |= 1u << a;
		for (l = 1; l < n; l++)
			u[a][l] = (freq[a][l] + C360_FS_U_SMOOTHING) /
				(seen + C360_FS_U_SMOOTHING * (n - 1));
		floor_normalize(u[a], n);
	}
	return seen_mask;
}

/*
 * Natural log of P(pattern | match) / P(pattern | non-match) over the
 * model's trained attributes; false when none of them is present (the
 * pattern carries no evidence).
 */
static bool
pattern_log_ratio(const C360FsModel *model, uint64_t pattern, double *ratio)
{
	bool		evidence = false;
	int			a;

	*ratio = 0;
	for (a = 0; a < N_ATTRS; a++)
	{
		int			l = c360_match_pattern_level(pattern, a);

		if (l == 0 || l >= model->n_levels[a] || !(model->trained & (1u << a)))
			continue;
		*ratio += log(model->m[a][l]) - log(model->u[a][l]);
		evidence = true;
	}
	return evidence;
}

/*
 * lambda among the random pairs with m and u held: EM over the single
 * parameter, lambda <- sum c g / sum c, g the posterior of a match.  Bins
 * where no trained attribute is present carry no evidence and are left
 * out (they would only slow the fixed point down).  Starts from the
 * model's lambda; stops when lambda moves less than 1e-9 plus 1e-6 of
 * itself, or after max_iter rounds.  Needs no memory: the log ratios are
 * recomputed each round (a few dozen rounds over thousands of bins).
 */
static double
random_lambda(const C360FsModel *model, const C360FsHist *random, int max_iter,
			  C360FsInterrupt interrupt)
{
	double		lambda = model->lambda,
				total = 0,
				ratio;
	uint32_t	i;
	int			iter;

	for (i = 0; i < random->n; i++)
		if (pattern_log_ratio(model, random->bins[i].pattern, &ratio))
			total += random->bins[i].count;
	for (iter = 0; iter < max_iter && total > 0; iter++)
	{
		double		prior = log(lambda) - log(1 - lambda),
					expected = 0,
					next;

		if (interrupt)
			interrupt();
		for (i = 0; i < random->n; i++)
		{
			double		x;

			if (!pattern_log_ratio(model, random->bins[i].pattern, &ratio))
				continue;
			/* the logistic of prior + ratio, without overflow */
			x = prior + ratio;
			expected += random->bins[i].count *
				(x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)));
		}
		next = clampd(expected / total, C360_FS_EPS, 1 - C360_FS_EPS);
		if (fabs(next - lambda) <= 1e-9 + 1e-6 * lambda)
		{
			lambda = next;
			break;
		}
		lambda = next;
	}
	return lambda;
}

C360FsModel *
c360_fs_train(const C360FsHist *h, int max_iter, C360FsInterrupt interrupt)
{
	return c360_fs_train_random_u(h, NULL, max_iter, interrupt);
}

C360FsModel *
c360_fs_train_random_u(const C360FsHist *h, const C360FsHist *random, int max_iter,
					   C360FsInterrupt interrupt)
{
	C360FsModel *model;
	double		total = c360_fs_hist_pairs(h);
	double		random_total = random ? c360_fs_hist_pairs(random) : 0;
	double		am[N_ATTRS][C360_MATCH_MAX_LEVELS];
	double		au[N_ATTRS][C360_MATCH_MAX_LEVELS];
	int			iter;

	if (!(total > 0))
		return NULL;
	if (max_iter <= 0)
		max_iter = C360_FS_MAX_ITERATIONS;

	model = c360_alloc(sizeof(C360FsModel));
	model_init(model);
	model->pairs = total;
	starting_values(model, h, total);

	for (iter = 0; iter < max_iter; iter++)
	{
		double		sm,
					delta;

		if (interrupt)
			interrupt();
		e_step(model, h, am, au, &sm);
		delta = m_step(model, am, au, sm, total);
		model->iterations = (uint32_t) iter + 1;
		if (delta < C360_FS_TOLERANCE)
		{
			model->converged = 1;
			break;
		}
	}

	c360_fs_fix_labels(model);
	if (random_total > 0)
	{
		double		ru[N_ATTRS][C360_MATCH_MAX_LEVELS];
		int			a;

		memset(ru, 0, sizeof(ru));
		/* Only trained attributes: an untrained one weighs 0 anyway. */
		model->u_random = c360_fs_u_from_random(random, ru) & model->trained;
		for (a = 0; a < N_ATTRS; a++)
			if (model->u_random & (1u << a))
				memcpy(model->u[a], ru[a], sizeof(ru[a]));
		if (model->u_random != 0)
		{
			model->random_pairs = random_total;
			model->lambda = random_lambda(model, random, max_iter, interrupt);
		}
	}
	model->log_likelihood = e_step(model, h, NULL, NULL, NULL);
	c360_fs_model_seal(model);
	return model;
}

/* ------------------------------------------------------------------ */
/* The block                                                           */
/* ------------------------------------------------------------------ */

uint64_t
c360_fs_model_checksum(const C360FsModel *model)
{
	const unsigned char *p = (const unsigned char *) model;
	size_t		start = offsetof(C360FsModel, lambda);
	uint64_t	h = 0xcbf29ce484222325ULL ^ model->size;
	size_t		i;

	for (i = start; i < model->size; i++)
	{
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
c360_fs_model_seal(C360FsModel *model)
{
	int			a;

	model->magic = C360_FS_MODEL_MAGIC;
	model->version = C360_FS_MODEL_VERSION;
	if (model->tf_offset == 0)
		model->size = sizeof(C360FsModel);
	for (a = 0; a < N_ATTRS; a++)
		model->n_levels[a] = (uint8_t) c360_match_attrs[a].n_levels;
	model->checksum = c360_fs_model_checksum(model);
}

const C360FsTf *
c360_fs_model_tf(const C360FsModel *model)
{
	if (model->tf_offset == 0)
		return NULL;
	return (const C360FsTf *) ((const char *) model + model->tf_offset);
}

C360FsModel *
c360_fs_model_with_tf(const C360FsModel *model, const C360FsTf *tf)
{
	C360FsModel *out;
	C360FsTf   *compact = NULL;
	size_t		size = sizeof(C360FsModel);

	if (tf)
	{
		compact = c360_fs_tf_merge(tf, NULL, true);
		size += compact->size;
	}
	out = c360_alloc_zero(size);
	memcpy(out, model, sizeof(C360FsModel));
	out->tf_offset = 0;
	out->size = (uint32_t) size;
	if (compact)
	{
		out->tf_offset = sizeof(C360FsModel);
		memcpy((char *) out + sizeof(C360FsModel), compact, compact->size);
		c360_free(compact);
	}
	c360_fs_model_seal(out);
	return out;
}

static bool
fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return false;
}

bool
c360_fs_model_valid(const void *block, size_t size, const char **why)
{
	const C360FsModel *model = block;
	int			a,
				l;

	if (block == NULL || size < sizeof(C360FsModel))
		return fail(why, "the block is too short");
	if (model->magic != C360_FS_MODEL_MAGIC || model->version != C360_FS_MODEL_VERSION)
		return fail(why, "not a match model of this version");
	if (model->size != size)
		return fail(why, "the recorded size does not match");
	if (!isfinite(model->lambda) || model->lambda < C360_FS_EPS / 2 ||
		model->lambda > 1 - C360_FS_EPS / 2)
		return fail(why, "lambda must be in (0, 1)");
	if (!isfinite(model->pairs) || model->pairs < 0)
		return fail(why, "pairs must be a finite number >= 0");
	if (!isfinite(model->log_likelihood))
		return fail(why, "log_likelihood must be finite");
	if (model->converged > 1 || (model->trained & ~ALL_ATTRS_MASK) != 0)
		return fail(why, "bad flags");
	if (!isfinite(model->random_pairs) || model->random_pairs < 0)
		return fail(why, "random_pairs must be a finite number >= 0");
	if ((model->u_random & ~model->trained) != 0)
		return fail(why, "u can only come from random pairs for a trained attribute");
	if ((model->u_random != 0) != (model->random_pairs > 0))
		return fail(why, "u comes from random pairs for some attribute exactly when random_pairs is above 0");
	for (a = 0; a < (int) sizeof(model->n_levels); a++)
	{
		int			expect = a < N_ATTRS ? c360_match_attrs[a].n_levels : 0;

		if (model->n_levels[a] != expect)
			return fail(why, "the number of levels of an attribute does not match this version of c360.match_key");
	}
	for (a = 0; a < N_ATTRS; a++)
	{
		double		summ = 0,
					sumu = 0;

		for (l = 0; l < C360_MATCH_MAX_LEVELS; l++)
		{
			double		m = model->m[a][l],
						u = model->u[a][l];

			if (l == 0 || l >= model->n_levels[a])
			{
				if (m != 0 || u != 0)
					return fail(why, "m and u of level 0 and of levels past the ladder must be 0");
				continue;
			}
			if (!isfinite(m) || !isfinite(u) || m < C360_FS_EPS / 2 || u < C360_FS_EPS / 2 ||
				m > 1 - C360_FS_EPS / 2 || u > 1 - C360_FS_EPS / 2)
				return fail(why, "every m and u must be in (0, 1)");
			summ += m;
			sumu += u;
		}
		if (fabs(summ - 1) > 1e-6 || fabs(sumu - 1) > 1e-6)
			return fail(why, "the m (and the u) of an attribute's levels must sum to 1");
	}
	if (model->tf_offset == 0)
	{
		if (size != sizeof(C360FsModel))
			return fail(why, "the recorded size does not match");
	}
	else if (model->tf_offset != sizeof(C360FsModel) ||
			 !c360_fs_tf_valid((const char *) block + model->tf_offset,
							   size - model->tf_offset))
		return fail(why, "malformed term frequencies");
	if (model->checksum != c360_fs_model_checksum(model))
		return fail(why, "checksum mismatch");
	return true;
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

double
c360_fs_level_weight(const C360FsModel *model, int attr, int level)
{
	if (attr < 0 || attr >= N_ATTRS || level <= 0 || level >= model->n_levels[attr] ||
		!(model->trained & (1u << attr)))
		return 0;
	return log2(model->m[attr][level] / model->u[attr][level]);
}

double
c360_fs_prior_weight(const C360FsModel *model)
{
	return log2(model->lambda / (1 - model->lambda));
}

/*
 * Term-frequency adjustment for exact agreement on a value v whose relative
 * frequency among the records with the attribute is f_v:
 *
 *   adj = log2(u_random / f_v),   u_random = sum of f^2 over the values
 *
 * u_random is the chance that two random records agree on the attribute
 * (from the summary's tracked values), so this is Splink's formula with
 * the random-pair agreement rate in place of EM's u_exact.  EM's u comes
 * from blocked candidate pairs, where exact agreement is far more common
 * than between random records; log2(u_exact / f_v) would add the maximum
 * bonus to nearly every value, and household members who share an address
 * and a family name would match.  Agreeing on a common value (surname
 * Smith, a care home's address) weighs less than average, on a rare one
 * more.  Clamped to [-w_exact, +C360_FS_TF_MAX_BONUS] (w_exact = the
 * level's weight, if positive, else 0): agreeing on a common value never
 * counts against a match, and a rare value adds at most 5 bits.
 */

/* log2(u_random) per attribute for the model last scored (a per-process
 * cache; NAN when the summary tracks nothing). */
static uint64_t tf_ref_checksum;
static bool tf_ref_valid;
static double tf_ref[C360_MATCH_ATTRS];

static void
tf_reference(const C360FsModel *model, const C360FsTf *tf)
{
	int			a;

	if (tf_ref_valid && tf_ref_checksum == model->checksum)
		return;
	for (a = 0; a < N_ATTRS; a++)
	{
		double		sum2 = 0;
		uint32_t	i;

		for (i = 0; i < tf->attr[a].n; i++)
		{
			double		f = c360_fs_tf_slot(tf, a, i)->count / tf->attr[a].present;

			if (f > 0 && f <= 1)
				sum2 += f * f;
		}
		tf_ref[a] = sum2 > 0 ? log2(sum2) : NAN;
	}
	tf_ref_checksum = model->checksum;
	tf_ref_valid = true;
}

bool
c360_fs_location_attr(int attr)
{
	return attr == C360_MATCH_PHONE || attr == C360_MATCH_STREET ||
		attr == C360_MATCH_CITY || attr == C360_MATCH_POSTCODE;
}

void
c360_fs_prepare(const C360FsModel *model)
{
	const C360FsTf *tf = c360_fs_model_tf(model);

	if (tf)
		tf_reference(model, tf);
}

double
c360_fs_score(const C360FsModel *model, const uint8_t levels[C360_MATCH_ATTRS],
			  const char *const *values_a, C360FsTerm *terms)
{
	const C360FsTf *tf = c360_fs_model_tf(model);
	double		total = c360_fs_prior_weight(model);
	double		parts[C360_MATCH_ATTRS];
	int			best_agree = -1;
	int			worst_disagree = -1;
	int			a;

	if (tf && values_a)
		tf_reference(model, tf);

	for (a = 0; a < N_ATTRS; a++)
	{
		int			l = levels[a];
		double		w = c360_fs_level_weight(model, a, l);
		C360FsTerm	t;

		t.level = l;
		t.trained = (model->trained & (1u << a)) != 0;
		t.weight = w;
		t.has_tf = false;
		t.tf = 0;
		t.tf_adjustment = 0;
		if (tf && values_a && values_a[a] && t.trained && l > 0 &&
			l == c360_match_attrs[a].tf_level && tf->attr[a].present > 0)
		{
			double		count = c360_fs_tf_count(tf, a, values_a[a]);

			if (count > 0)
			{
				double		f = count / tf->attr[a].present;
				double		adj = tf_ref[a] - log2(f);

				if (isnan(adj))
					adj = 0;
				t.has_tf = true;
				t.tf = f;
				t.tf_adjustment = clampd(adj, w > 0 ? -w : 0, C360_FS_TF_MAX_BONUS);
			}
		}
		t.counted = true;
		parts[a] = t.weight + t.tf_adjustment;
		if (c360_fs_location_attr(a) && l > 0 && t.trained)
		{
			if (parts[a] > 0 && (best_agree < 0 || parts[a] > parts[best_agree]))
				best_agree = a;
			if (parts[a] <= 0 && (worst_disagree < 0 || parts[a] < parts[worst_disagree]))
				worst_disagree = a;
		}
		else if (!c360_fs_location_attr(a))
			total += parts[a];
		if (terms)
			terms[a] = t;
	}
	/* One location term counts: see c360_fs_location_attr. */
	{
		int			chosen = best_agree >= 0 ? best_agree : worst_disagree;

		if (chosen >= 0)
			total += parts[chosen];
		if (terms)
			for (a = 0; a < N_ATTRS; a++)
				if (c360_fs_location_attr(a) && a != chosen && terms[a].level > 0 &&
					terms[a].trained)
					terms[a].counted = false;
	}
	return total;
}

double
c360_fs_probability(double weight)
{
	double		e;

	if (isnan(weight))
		return weight;
	if (weight >= 0)
		return 1 / (1 + exp2(-weight));
	e = exp2(weight);
	return e / (1 + e);
}

/* ------------------------------------------------------------------ */
/* Text form                                                           */
/* ------------------------------------------------------------------ */

void
c360_fs_buf_init(C360FsBuf *b)
{
	b->cap = 256;
	b->len = 0;
	b->data = c360_alloc(b->cap);
	b->data[0] = '\0';
}

void
c360_fs_buf_add(C360FsBuf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap)
	{
		size_t		cap = b->cap;
		char	   *data;

		while (b->len + len + 1 > cap)
			cap *= 2;
		data = c360_alloc(cap);
		memcpy(data, b->data, b->len);
		c360_free(b->data);
		b->data = data;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
c360_fs_buf_str(C360FsBuf *b, const char *s)
{
	c360_fs_buf_add(b, s, strlen(s));
}

/* Shortest %.*g that reads back to the same double (at most 17 digits). */
void
c360_fs_buf_double(C360FsBuf *b, double d)
{
	char		tmp[40];
	int			prec;

	if (!isfinite(d))
	{
		c360_fs_buf_str(b, "null");
		return;
	}
	for (prec = 15; prec <= 17; prec++)
	{
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	c360_fs_buf_str(b, tmp);
}

void
c360_fs_buf_json_string(C360FsBuf *b, const char *s)
{
	const char *p;

	c360_fs_buf_add(b, "\"", 1);
	for (p = s; *p; p++)
	{
		unsigned char c = (unsigned char) *p;
		char		esc[8];

		if (c == '"' || c == '\\')
		{
			esc[0] = '\\';
			esc[1] = (char) c;
			c360_fs_buf_add(b, esc, 2);
		}
		else if (c < 0x20 || c == 0x7f)
		{
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			c360_fs_buf_add(b, esc, 6);
		}
		else
			c360_fs_buf_add(b, p, 1);
	}
	c360_fs_buf_add(b, "\"", 1);
}

void
c360_fs_tf_json(C360FsBuf *b, const C360FsTf *tf)
{
	bool		first_attr = true;
	char		tmp[64];
	int			a;

	c360_fs_buf_str(b, "{\"records\": ");
	c360_fs_buf_double(b, tf->records);
	snprintf(tmp, sizeof(tmp), ", \"capacity\": %u, \"attributes\": {", tf->capacity);
	c360_fs_buf_str(b, tmp);
	for (a = 0; a < N_ATTRS; a++)
	{
		uint32_t	i;

		if (tf->attr[a].present == 0 && tf->attr[a].n == 0)
			continue;
		if (!first_attr)
			c360_fs_buf_str(b, ", ");
		first_attr = false;
		c360_fs_buf_json_string(b, c360_match_attrs[a].name);
		c360_fs_buf_str(b, ": {\"present\": ");
		c360_fs_buf_double(b, tf->attr[a].present);
		c360_fs_buf_str(b, ", \"values\": [");
		for (i = 0; i < tf->attr[a].n; i++)
		{
			const C360FsTfSlot *s = c360_fs_tf_slot(tf, a, i);

			c360_fs_buf_str(b, i ? ", [" : "[");
			c360_fs_buf_json_string(b, s->value);
			c360_fs_buf_str(b, ", ");
			c360_fs_buf_double(b, s->count);
			c360_fs_buf_str(b, "]");
		}
		c360_fs_buf_str(b, "]}");
	}
	c360_fs_buf_str(b, "}}");
}

char *
c360_fs_model_json(const C360FsModel *model)
{
	C360FsBuf	b;
	char		tmp[64];
	int			a,
				l;

	c360_fs_buf_init(&b);
	c360_fs_buf_str(&b, "{\"version\": 1, \"pairs\": ");
	c360_fs_buf_double(&b, model->pairs);
	c360_fs_buf_str(&b, ", \"random_pairs\": ");
	c360_fs_buf_double(&b, model->random_pairs);
	c360_fs_buf_str(&b, ", \"lambda\": ");
	c360_fs_buf_double(&b, model->lambda);
	c360_fs_buf_str(&b, ", \"prior_weight\": ");
	c360_fs_buf_double(&b, c360_fs_prior_weight(model));
	snprintf(tmp, sizeof(tmp), ", \"iterations\": %u, \"converged\": %s",
			 model->iterations, model->converged ? "true" : "false");
	c360_fs_buf_str(&b, tmp);
	c360_fs_buf_str(&b, ", \"log_likelihood\": ");
	c360_fs_buf_double(&b, model->log_likelihood);
	c360_fs_buf_str(&b, ", \"attributes\": [");
	for (a = 0; a < N_ATTRS; a++)
	{
		bool		trained = (model->trained & (1u << a)) != 0;

		c360_fs_buf_str(&b, a ? ", {\"name\": " : "{\"name\": ");
		c360_fs_buf_json_string(&b, c360_match_attrs[a].name);
		c360_fs_buf_str(&b, trained ? ", \"trained\": true" : ", \"trained\": false");
		c360_fs_buf_str(&b, (model->u_random & (1u << a)) ? ", \"u_random\": true" : ", \"u_random\": false");
		c360_fs_buf_str(&b, ", \"levels\": [");
		for (l = 1; l < model->n_levels[a]; l++)
		{
			c360_fs_buf_str(&b, l > 1 ? ", {\"name\": " : "{\"name\": ");
			c360_fs_buf_json_string(&b, c360_match_attrs[a].level_names[l]);
			c360_fs_buf_str(&b, ", \"m\": ");
			c360_fs_buf_double(&b, model->m[a][l]);
			c360_fs_buf_str(&b, ", \"u\": ");
			c360_fs_buf_double(&b, model->u[a][l]);
			c360_fs_buf_str(&b, ", \"match_weight\": ");
			c360_fs_buf_double(&b, c360_fs_level_weight(model, a, l));
			c360_fs_buf_str(&b, "}");
		}
		c360_fs_buf_str(&b, "]}");
	}
	c360_fs_buf_str(&b, "], \"term_frequencies\": ");
	if (model->tf_offset)
		c360_fs_tf_json(&b, c360_fs_model_tf(model));
	else
		c360_fs_buf_str(&b, "null");
	c360_fs_buf_str(&b, "}");
	return b.data;
}
