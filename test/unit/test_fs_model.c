/*
 * test_fs_model.c: the pattern histogram, EM, scoring, term frequencies and
 * the model block of fs_model.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "fs_model.h"
#include "unit.h"

#define NA C360_MATCH_ATTRS

/* The attributes the simulations use, and the true parameters. */
static const int sim_attrs[] = {
	C360_MATCH_BIRTH_DATE, C360_MATCH_EMAIL, C360_MATCH_PHONE,
	C360_MATCH_POSTCODE, C360_MATCH_NATIONAL_ID
};
#define N_SIM 5

typedef struct Truth
{
	double		lambda;
	double		m[NA][C360_MATCH_MAX_LEVELS];
	double		u[NA][C360_MATCH_MAX_LEVELS];
	double		missing[NA];	/* P(level 0), independent of the class */
} Truth;

static void
make_truth(Truth *t, double lambda)
{
	int			s,
				l;

	memset(t, 0, sizeof(*t));
	t->lambda = lambda;
	for (s = 0; s < N_SIM; s++)
	{
		int			a = sim_attrs[s],
					n = c360_match_attrs[a].n_levels;
		double		summ = 0,
					sumu = 0;

		for (l = 1; l < n; l++)
		{
			/* m falls from exact, u rises towards "different". */
			t->m[a][l] = (l == 1) ? 0.7 + 0.03 * s : 0.3 / (n - 2) + 0.01 * l;
			t->u[a][l] = (l == n - 1) ? 0.8 - 0.05 * s : 0.02 * l + 0.01 * s;
			summ += t->m[a][l];
			sumu += t->u[a][l];
		}
		for (l = 1; l < n; l++)
		{
			t->m[a][l] /= summ;
			t->u[a][l] /= sumu;
		}
		t->missing[a] = 0.1 * s;
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static double
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

static int
draw(const double *p, int n)
{
	double		r = rng(),
				acc = 0;
	int			l;

	for (l = 1; l < n - 1; l++)
	{
		acc += p[l];
		if (r < acc)
			return l;
	}
	return n - 1;
}

static C360FsHist *
new_hist(uint32_t cap)
{
	C360FsHist *h = c360_alloc(C360_FS_HIST_SIZE(cap));

	c360_fs_hist_init(h, cap);
	return h;
}

static uint64_t
sample_pattern(const Truth *t)
{
	uint8_t		levels[NA];
	bool		match = rng() < t->lambda;
	int			s;

	memset(levels, 0, sizeof(levels));
	for (s = 0; s < N_SIM; s++)
	{
		int			a = sim_attrs[s];

		if (rng() < t->missing[a])
			continue;
		levels[a] = (uint8_t) draw(match ? t->m[a] : t->u[a], c360_match_attrs[a].n_levels);
	}
	return c360_match_pattern(levels);
}

/* Expected counts of every pattern: n pairs drawn from the truth. */
static C360FsHist *
expected_hist(const Truth *t, double n)
{
	C360FsHist *h = new_hist(4000);
	int			idx[N_SIM];
	int			s,
				full = 0;

	memset(idx, 0, sizeof(idx));
	for (;;)
	{
		uint8_t		levels[NA];
		double		pm = t->lambda,
					pu = 1 - t->lambda,
					pmiss = 1;

		memset(levels, 0, sizeof(levels));
		for (s = 0; s < N_SIM; s++)
		{
			int			a = sim_attrs[s];

			levels[a] = (uint8_t) idx[s];
			if (idx[s] == 0)
				pmiss *= t->missing[a];
			else
			{
				pmiss *= 1 - t->missing[a];
				pm *= t->m[a][idx[s]];
				pu *= t->u[a][idx[s]];
			}
		}
		if (pmiss > 0 && !c360_fs_hist_add(h, c360_match_pattern(levels), n * pmiss * (pm + pu)))
			full++;
		for (s = 0; s < N_SIM; s++)
		{
			if (++idx[s] < c360_match_attrs[sim_attrs[s]].n_levels)
				break;
			idx[s] = 0;
		}
		if (s == N_SIM)
			break;
	}
	CHECK_INT(full, 0);
	return h;
}

static double
max_param_error(const C360FsModel *model, const Truth *t)
{
	double		err = fabs(model->lambda - t->lambda);
	int			s,
				l;

	for (s = 0; s < N_SIM; s++)
	{
		int			a = sim_attrs[s];

		for (l = 1; l < c360_match_attrs[a].n_levels; l++)
		{
			err = fmax(err, fabs(model->m[a][l] - t->m[a][l]));
			err = fmax(err, fabs(model->u[a][l] - t->u[a][l]));
		}
	}
	return err;
}

static void
test_hist(void)
{
	C360FsHist *a = new_hist(4),
			   *b = new_hist(8),
			   *m1 = new_hist(16),
			   *m2 = new_hist(16);
	uint32_t	i;

	CHECK(c360_fs_hist_valid(a, C360_FS_HIST_SIZE(4)));
	CHECK(c360_fs_hist_add(a, 0x300, 1));
	CHECK(c360_fs_hist_add(a, 0x100, 1));
	CHECK(c360_fs_hist_add(a, 0x200, 2));
	CHECK(c360_fs_hist_add(a, 0x100, 3));
	CHECK(c360_fs_hist_add(a, 0, 1));
	CHECK_INT(a->n, 4);
	/* Full: a new pattern is refused, an old one still counts. */
	CHECK(!c360_fs_hist_add(a, 0x400, 1));
	CHECK(c360_fs_hist_add(a, 0x300, 1));
	CHECK_INT(a->n, 4);
	CHECK_INT(a->bins[0].pattern, 0);
	CHECK_INT(a->bins[1].pattern, 0x100);
	CHECK_NEAR(a->bins[1].count, 4, 0);
	CHECK_INT(a->bins[3].pattern, 0x300);
	CHECK_NEAR(a->bins[3].count, 2, 0);
	CHECK_NEAR(c360_fs_hist_pairs(a), 9, 0);
	CHECK(c360_fs_hist_valid(a, C360_FS_HIST_SIZE(4)));

	CHECK(c360_fs_hist_add(b, 0x200, 5));
	CHECK(c360_fs_hist_add(b, 0x250, 1));
	CHECK(c360_fs_hist_add(b, 1, 1));
	c360_fs_hist_merge(m1, a, b);
	c360_fs_hist_merge(m2, b, a);
	CHECK_INT(m1->n, 6);
	CHECK_INT(m2->n, 6);
	CHECK(memcmp(m1->bins, m2->bins, 6 * sizeof(C360FsBin)) == 0);
	CHECK_NEAR(c360_fs_hist_pairs(m1), 16, 0);
	for (i = 1; i < m1->n; i++)
		CHECK(m1->bins[i - 1].pattern < m1->bins[i].pattern);
	CHECK(c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));

	/* The validator. */
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16) - 1));
	CHECK(!c360_fs_hist_valid(m1, 3));
	CHECK(!c360_fs_hist_valid(NULL, 0));
	m1->bins[2].count = -1;
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));
	m1->bins[2].count = NAN;
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));
	m1->bins[2].count = 1;
	m1->bins[2].pattern = m1->bins[1].pattern;
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));
	m1->bins[2].pattern = 0x101;
	CHECK(c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));
	/* Level 15 of the first attribute is past its ladder. */
	m1->bins[5].pattern = 0xF;
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));
	m1->bins[5].pattern = (uint64_t) 1 << 60;
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));
	m1->n = 17;
	CHECK(!c360_fs_hist_valid(m1, C360_FS_HIST_SIZE(16)));

	/* Growth: copy into a larger block. */
	{
		C360FsHist *g = new_hist(8);

		c360_fs_hist_copy(g, a);
		CHECK(c360_fs_hist_add(g, 0x400, 1));
		CHECK_INT(g->n, 5);
		c360_free(g);
	}
	c360_free(a);
	c360_free(b);
	c360_free(m1);
	c360_free(m2);
}

static void
test_em_recovers(double lambda)
{
	Truth		t;
	C360FsHist *h;
	C360FsModel *model;
	const char *why = NULL;
	int			a;

	make_truth(&t, lambda);
	h = expected_hist(&t, 1e6);
	model = c360_fs_train(h, 5000, NULL);
	CHECK(model != NULL);
	CHECK(model->converged == 1);
	CHECK(model->iterations > 1);
	CHECK_NEAR(max_param_error(model, &t), 0, 2e-3);
	CHECK_NEAR(model->pairs, 1e6, 1e-3);
	CHECK(model->log_likelihood < 0);
	CHECK(c360_fs_model_valid(model, model->size, &why));
	/* Only the simulated attributes are trained. */
	for (a = 0; a < NA; a++)
	{
		bool		sim = a == C360_MATCH_BIRTH_DATE || a == C360_MATCH_EMAIL ||
			a == C360_MATCH_PHONE || a == C360_MATCH_POSTCODE || a == C360_MATCH_NATIONAL_ID;

		CHECK(((model->trained >> a) & 1) == (unsigned) sim);
	}
	c360_free(model);
	c360_free(h);
}

static void
test_em_sampled(void)
{
	Truth		t;
	C360FsHist *parts[3];
	C360FsHist *ab,
			   *abc,
			   *cb,
			   *cba;
	C360FsModel *m1,
			   *m2;
	int			i,
				full = 0;

	make_truth(&t, 0.05);
	for (i = 0; i < 3; i++)
		parts[i] = new_hist(4000);
	for (i = 0; i < 300000; i++)
		if (!c360_fs_hist_add(parts[i % 3], sample_pattern(&t), 1))
			full++;
	CHECK_INT(full, 0);
	ab = new_hist(8000);
	abc = new_hist(12000);
	cb = new_hist(8000);
	cba = new_hist(12000);
	c360_fs_hist_merge(ab, parts[0], parts[1]);
	c360_fs_hist_merge(abc, ab, parts[2]);
	c360_fs_hist_merge(cb, parts[2], parts[1]);
	c360_fs_hist_merge(cba, cb, parts[0]);
	/* The combine order does not matter: same bins, same model. */
	CHECK_INT(abc->n, cba->n);
	CHECK(memcmp(abc->bins, cba->bins, abc->n * sizeof(C360FsBin)) == 0);
	CHECK_NEAR(c360_fs_hist_pairs(abc), 300000, 0);
	m1 = c360_fs_train(abc, 0, NULL);
	m2 = c360_fs_train(cba, 0, NULL);
	CHECK(memcmp(m1, m2, sizeof(C360FsModel)) == 0);
	CHECK_NEAR(max_param_error(m1, &t), 0, 0.02);
	CHECK(m1->converged == 1);
	c360_free(m1);
	c360_free(m2);
	for (i = 0; i < 3; i++)
		c360_free(parts[i]);
	c360_free(ab);
	c360_free(abc);
	c360_free(cb);
	c360_free(cba);
}

static int	interrupts;

static void
count_interrupt(void)
{
	interrupts++;
}

static void
test_em_edges(void)
{
	C360FsHist *h = new_hist(8);
	C360FsModel *model;
	uint8_t		levels[NA];
	const char *why;
	int			a;

	/* Zero pairs: no model. */
	CHECK(c360_fs_train(h, 0, NULL) == NULL);

	/* One pair (all exact): a finite, valid model. */
	memset(levels, 1, sizeof(levels));
	CHECK(c360_fs_hist_add(h, c360_match_pattern(levels), 1));
	interrupts = 0;
	model = c360_fs_train(h, 0, count_interrupt);
	CHECK(model != NULL);
	CHECK(interrupts == (int) model->iterations);
	CHECK(c360_fs_model_valid(model, model->size, &why));
	CHECK_INT(model->trained, (1 << NA) - 1);
	CHECK(isfinite(c360_fs_score(model, levels, NULL, NULL)));
	for (a = 0; a < NA; a++)
		CHECK(model->m[a][1] >= model->u[a][1]);
	c360_free(model);

	/* A million identical pairs: the same. */
	h->bins[0].count = 1e6;
	model = c360_fs_train(h, 0, NULL);
	CHECK(model != NULL && c360_fs_model_valid(model, model->size, &why));
	CHECK(model->converged == 1);
	c360_free(model);

	/* Every level missing: nothing trained, every weight 0, prior only. */
	h->n = 0;
	memset(levels, 0, sizeof(levels));
	CHECK(c360_fs_hist_add(h, 0, 10));
	model = c360_fs_train(h, 0, NULL);
	CHECK(model != NULL);
	CHECK_INT(model->trained, 0);
	CHECK(model->converged == 1);
	CHECK(c360_fs_model_valid(model, model->size, &why));
	CHECK_NEAR(model->lambda, 0.001, 1e-12);
	memset(levels, 1, sizeof(levels));
	CHECK_NEAR(c360_fs_score(model, levels, NULL, NULL), c360_fs_prior_weight(model), 0);
	c360_free(model);

	/* The iteration cap: not converged, exactly max_iter iterations. */
	{
		Truth		t;
		C360FsHist *e;

		make_truth(&t, 0.1);
		e = expected_hist(&t, 1000);
		model = c360_fs_train(e, 2, NULL);
		CHECK_INT(model->iterations, 2);
		CHECK_INT(model->converged, 0);
		CHECK(c360_fs_model_valid(model, model->size, &why));
		c360_free(model);
		c360_free(e);
	}
	c360_free(h);
}

static void
test_label_switching(void)
{
	Truth		t;
	C360FsHist *h;
	C360FsModel *model;
	int			s;

	/* Mostly matches: EM must still call the agreeing class "match". */
	make_truth(&t, 0.8);
	h = expected_hist(&t, 1e5);
	model = c360_fs_train(h, 5000, NULL);
	for (s = 0; s < N_SIM; s++)
		CHECK(model->m[sim_attrs[s]][1] > model->u[sim_attrs[s]][1]);
	CHECK_NEAR(model->lambda, 0.8, 0.01);

	/* The swapped solution is put back: m and u exchanged, 1 - lambda. */
	{
		C360FsModel swapped = *model;
		const char *why = NULL;
		int			a;

		for (a = 0; a < NA; a++)
		{
			memcpy(swapped.m[a], model->u[a], sizeof(swapped.m[a]));
			memcpy(swapped.u[a], model->m[a], sizeof(swapped.u[a]));
		}
		swapped.lambda = 1 - model->lambda;
		CHECK(c360_fs_fix_labels(&swapped));
		CHECK(memcmp(swapped.m, model->m, sizeof(swapped.m)) == 0);
		CHECK(memcmp(swapped.u, model->u, sizeof(swapped.u)) == 0);
		CHECK_NEAR(swapped.lambda, model->lambda, 1e-15);
		CHECK(!c360_fs_fix_labels(&swapped));
		c360_fs_model_seal(&swapped);
		CHECK(c360_fs_model_valid(&swapped, swapped.size, &why));
		/* Untrained attributes do not vote. */
		swapped.trained = 0;
		CHECK(!c360_fs_fix_labels(&swapped));
	}
	c360_free(model);
	c360_free(h);
}

/* The bit mask of the simulated attributes. */
static uint32_t
sim_mask(void)
{
	uint32_t	mask = 0;
	int			s;

	for (s = 0; s < N_SIM; s++)
		mask |= 1u << sim_attrs[s];
	return mask;
}

/* u from random pairs: the smoothing, by hand. */
static void
test_u_from_random(void)
{
	C360FsHist *r = new_hist(8);
	double		u[NA][C360_MATCH_MAX_LEVELS];
	uint8_t		levels[NA];
	uint32_t	mask;
	int			l,
				n = c360_match_attrs[C360_MATCH_GIVEN_NAME].n_levels;

	/* 10 pairs with a given name: 2 exact, 8 different; none other. */
	memset(levels, 0, sizeof(levels));
	levels[C360_MATCH_GIVEN_NAME] = 1;
	CHECK(c360_fs_hist_add(r, c360_match_pattern(levels), 2));
	levels[C360_MATCH_GIVEN_NAME] = (uint8_t) (n - 1);
	CHECK(c360_fs_hist_add(r, c360_match_pattern(levels), 8));
	memset(levels, 0, sizeof(levels));
	CHECK(c360_fs_hist_add(r, c360_match_pattern(levels), 5));
	memset(u, 0, sizeof(u));
	u[C360_MATCH_EMAIL][1] = 0.25;	/* not in the random pairs: untouched */
	mask = c360_fs_u_from_random(r, u);
	CHECK_INT(mask, 1u << C360_MATCH_GIVEN_NAME);
	/* (count + 1) / (10 + 8): 8 levels besides "missing". */
	CHECK_NEAR(u[C360_MATCH_GIVEN_NAME][1], 3.0 / 18.0, 1e-15);
	CHECK_NEAR(u[C360_MATCH_GIVEN_NAME][n - 1], 9.0 / 18.0, 1e-15);
	for (l = 2; l < n - 1; l++)
		CHECK_NEAR(u[C360_MATCH_GIVEN_NAME][l], 1.0 / 18.0, 1e-15);
	CHECK_NEAR(u[C360_MATCH_GIVEN_NAME][0], 0, 0);
	CHECK_NEAR(u[C360_MATCH_EMAIL][1], 0.25, 0);
	CHECK_NEAR(u[C360_MATCH_FAMILY_NAME][1], 0, 0);

	/* A huge sample: an unseen level is floored at EPS, never 0.  (The
	 * bins are sorted by pattern: missing, exact, different.) */
	CHECK_INT(r->bins[2].pattern, (uint64_t) (n - 1));
	r->bins[2].count = 1e12;
	mask = c360_fs_u_from_random(r, u);
	CHECK_INT(mask, 1u << C360_MATCH_GIVEN_NAME);
	for (l = 1; l < n; l++)
		CHECK(u[C360_MATCH_GIVEN_NAME][l] >= C360_FS_EPS * 0.999);
	CHECK_NEAR(u[C360_MATCH_GIVEN_NAME][n - 1], 1, 1e-5);

	/* No pairs: nothing. */
	r->n = 0;
	CHECK_INT(c360_fs_u_from_random(r, u), 0);
	c360_free(r);
}

/*
 * Training with u from random pairs, on expected counts where the truth is
 * known: EM on the candidates gives m; the random pairs (from a population
 * where 0.2% of pairs match) give u and lambda.
 */
static void
test_em_random_u(void)
{
	Truth		t,
				population,
				nonmatch,
				blocked;
	C360FsHist *cand,
			   *random,
			   *empty;
	C360FsModel *model,
			   *plain,
			   *same;
	double		ru[NA][C360_MATCH_MAX_LEVELS];
	const char *why = NULL;
	int			s,
				l,
				diff;

	make_truth(&t, 0.05);
	population = t;
	population.lambda = 0.002;
	nonmatch = t;
	nonmatch.lambda = 0;
	cand = expected_hist(&t, 1e6);
	random = expected_hist(&population, 1e6);
	interrupts = 0;
	model = c360_fs_train_random_u(cand, random, 5000, count_interrupt);
	plain = c360_fs_train(cand, 5000, NULL);
	CHECK(model != NULL);
	CHECK(c360_fs_model_valid(model, model->size, &why));
	CHECK_INT(model->converged, 1);
	CHECK(interrupts > (int) model->iterations);
	CHECK_INT(model->u_random, sim_mask());
	CHECK_INT(model->trained, sim_mask());
	CHECK_NEAR(model->random_pairs, 1e6, 1e-6);
	CHECK_NEAR(model->pairs, 1e6, 1e-6);
	/* m and the EM report are EM's; u is exactly the random pairs'
	 * smoothed frequencies; lambda the share of matches among the random
	 * pairs.  All near the truth (u within the 0.2% of matches among the
	 * random pairs plus the smoothing, about L / n). */
	CHECK(memcmp(model->m, plain->m, sizeof(model->m)) == 0);
	CHECK_INT(model->iterations, plain->iterations);
	CHECK_NEAR(plain->lambda, t.lambda, 2e-3);
	CHECK_NEAR(model->lambda, population.lambda, 1e-4);
	CHECK(model->log_likelihood < 0 && model->log_likelihood != plain->log_likelihood);
	memset(ru, 0, sizeof(ru));
	CHECK_INT(c360_fs_u_from_random(random, ru), sim_mask());
	for (s = 0; s < N_SIM; s++)
	{
		int			a = sim_attrs[s];

		CHECK(memcmp(model->u[a], ru[a], sizeof(ru[a])) == 0);
		for (l = 1; l < c360_match_attrs[a].n_levels; l++)
		{
			CHECK_NEAR(model->u[a][l], t.u[a][l], 2e-3);
			CHECK_NEAR(model->m[a][l], t.m[a][l], 2e-3);
		}
	}
	/* The untrained attributes keep their uniform u. */
	CHECK(memcmp(model->u[C360_MATCH_GIVEN_NAME], plain->u[C360_MATCH_GIVEN_NAME],
				 sizeof(model->u[0])) == 0);
	/* Random pairs without a single match: lambda at its floor. */
	{
		C360FsHist *none = expected_hist(&nonmatch, 1e6);

		same = c360_fs_train_random_u(cand, none, 5000, NULL);
		CHECK_NEAR(same->lambda, C360_FS_EPS, 1e-9);
		for (s = 0; s < N_SIM; s++)
			for (l = 1; l < c360_match_attrs[sim_attrs[s]].n_levels; l++)
				CHECK_NEAR(same->u[sim_attrs[s]][l], t.u[sim_attrs[s]][l], 1e-5);
		c360_free(same);
		c360_free(none);
	}
	/* The label rule never swaps a model with u from random pairs. */
	{
		C360FsModel copy = *model;

		for (s = 0; s < NA; s++)
		{
			memcpy(copy.m[s], model->u[s], sizeof(copy.m[s]));
			memcpy(copy.u[s], model->m[s], sizeof(copy.u[s]));
		}
		CHECK(!c360_fs_fix_labels(&copy));
		CHECK(memcmp(copy.u, model->m, sizeof(copy.u)) == 0);
	}
	{
		char	   *json = c360_fs_model_json(model);
		const char *rp = strstr(json, "\"random_pairs\": ");

		CHECK(rp != NULL);
		CHECK_NEAR(rp ? strtod(rp + 16, NULL) : 0, 1e6, 1e-6);
		CHECK(strstr(json, "\"name\": \"email\", \"trained\": true, \"u_random\": true") != NULL);
		CHECK(strstr(json, "\"name\": \"given_name\", \"trained\": false, \"u_random\": false") != NULL);
		c360_free(json);
	}

	/* The validator's rules on u_random and random_pairs. */
	model->u_random |= 1u << C360_MATCH_GIVEN_NAME;
	c360_fs_model_seal(model);
	CHECK(!c360_fs_model_valid(model, model->size, &why));
	CHECK_STR(why, "u can only come from random pairs for a trained attribute");
	model->u_random = 0;
	c360_fs_model_seal(model);
	CHECK(!c360_fs_model_valid(model, model->size, &why));
	CHECK_STR(why, "u comes from random pairs for some attribute exactly when random_pairs is above 0");
	model->random_pairs = 0;
	c360_fs_model_seal(model);
	CHECK(c360_fs_model_valid(model, model->size, &why));
	model->u_random = 1u << C360_MATCH_EMAIL;
	c360_fs_model_seal(model);
	CHECK(!c360_fs_model_valid(model, model->size, &why));
	model->random_pairs = NAN;
	c360_fs_model_seal(model);
	CHECK(!c360_fs_model_valid(model, model->size, &why));
	CHECK_STR(why, "random_pairs must be a finite number >= 0");
	model->random_pairs = -1;
	c360_fs_model_seal(model);
	CHECK(!c360_fs_model_valid(model, model->size, &why));
	c360_free(model);

	/* No random pairs (NULL, empty, or none sharing an attribute with the
	 * candidates): exactly the model of c360_fs_train. */
	CHECK_INT(plain->u_random, 0);
	CHECK_NEAR(plain->random_pairs, 0, 0);
	same = c360_fs_train_random_u(cand, NULL, 5000, NULL);
	CHECK(memcmp(same, plain, sizeof(C360FsModel)) == 0);
	c360_free(same);
	empty = new_hist(4);
	same = c360_fs_train_random_u(cand, empty, 5000, NULL);
	CHECK(memcmp(same, plain, sizeof(C360FsModel)) == 0);
	c360_free(same);
	{
		uint8_t		levels[NA];

		memset(levels, 0, sizeof(levels));
		levels[C360_MATCH_GIVEN_NAME] = 1;
		CHECK(c360_fs_hist_add(empty, c360_match_pattern(levels), 100));
	}
	same = c360_fs_train_random_u(cand, empty, 5000, NULL);
	CHECK(memcmp(same, plain, sizeof(C360FsModel)) == 0);
	c360_free(same);
	/* Candidates with nothing the random pairs have: a model, u untouched;
	 * no candidates: none. */
	same = c360_fs_train_random_u(empty, random, 0, NULL);
	CHECK(same != NULL && same->u_random == 0 && same->random_pairs == 0);
	c360_free(same);
	empty->n = 0;
	CHECK(c360_fs_train_random_u(empty, random, 0, NULL) == NULL);
	c360_free(empty);
	c360_free(plain);
	c360_free(cand);

	/*
	 * Blocking bias: the candidate non-matches mostly agree on the postcode
	 * (a blocking pass on it), while random pairs rarely do.  EM on the
	 * candidates alone finds "different postcode" rare among non-matches
	 * and weighs it for a match; with u from the random pairs it weighs
	 * against.  m is still recovered (EM's own u absorbed the bias), and
	 * lambda is the random pairs'.
	 */
	blocked = t;
	diff = c360_match_attrs[C360_MATCH_POSTCODE].n_levels - 1;
	CHECK_INT(diff, 3);
	blocked.u[C360_MATCH_POSTCODE][1] = 0.9;
	blocked.u[C360_MATCH_POSTCODE][2] = 0.05;
	blocked.u[C360_MATCH_POSTCODE][3] = 0.05;
	cand = expected_hist(&blocked, 1e6);
	plain = c360_fs_train(cand, 0, NULL);
	model = c360_fs_train_random_u(cand, random, 0, NULL);
	CHECK(c360_fs_level_weight(plain, C360_MATCH_POSTCODE, diff) > 1);
	CHECK(c360_fs_level_weight(model, C360_MATCH_POSTCODE, diff) < -1);
	CHECK_NEAR(model->u[C360_MATCH_POSTCODE][diff], t.u[C360_MATCH_POSTCODE][diff], 2e-3);
	CHECK_NEAR(model->u[C360_MATCH_POSTCODE][1], t.u[C360_MATCH_POSTCODE][1], 2e-3);
	for (s = 0; s < N_SIM; s++)
		for (l = 1; l < c360_match_attrs[sim_attrs[s]].n_levels; l++)
			CHECK_NEAR(model->m[sim_attrs[s]][l], t.m[sim_attrs[s]][l], 2e-3);
	CHECK_NEAR(plain->lambda, t.lambda, 2e-3);
	CHECK_NEAR(model->lambda, population.lambda, 1e-4);
	c360_free(plain);
	c360_free(model);
	c360_free(cand);
	c360_free(random);
}

static C360FsModel *
small_model(void)
{
	Truth		t;
	C360FsHist *h;
	C360FsModel *model;

	make_truth(&t, 0.05);
	h = expected_hist(&t, 1e5);
	model = c360_fs_train(h, 0, NULL);
	c360_free(h);
	return model;
}

static void
test_scoring(void)
{
	C360FsModel *model = small_model();
	uint8_t		levels[NA];
	C360FsTerm	terms[NA];
	double		w,
				expect;
	int			a;

	memset(levels, 0, sizeof(levels));
	levels[C360_MATCH_EMAIL] = 1;
	levels[C360_MATCH_PHONE] = 4;
	levels[C360_MATCH_GIVEN_NAME] = 1;	/* untrained: weighs 0 */
	w = c360_fs_score(model, levels, NULL, terms);
	expect = log2(model->lambda / (1 - model->lambda)) +
		log2(model->m[C360_MATCH_EMAIL][1] / model->u[C360_MATCH_EMAIL][1]) +
		log2(model->m[C360_MATCH_PHONE][4] / model->u[C360_MATCH_PHONE][4]);
	CHECK_NEAR(w, expect, 1e-12);
	CHECK(terms[C360_MATCH_EMAIL].weight > 0);
	CHECK(terms[C360_MATCH_PHONE].weight < 0);
	CHECK_NEAR(terms[C360_MATCH_GIVEN_NAME].weight, 0, 0);
	CHECK(!terms[C360_MATCH_GIVEN_NAME].trained);
	CHECK_INT(terms[C360_MATCH_PHONE].level, 4);
	for (a = 0; a < NA; a++)
		CHECK(!terms[a].has_tf);
	/* Levels outside a ladder weigh 0 rather than reading past it. */
	levels[C360_MATCH_POSTCODE] = 15;
	CHECK_NEAR(c360_fs_score(model, levels, NULL, NULL), expect, 1e-12);

	CHECK_NEAR(c360_fs_probability(0), 0.5, 0);
	CHECK_NEAR(c360_fs_probability(1), 2.0 / 3.0, 1e-15);
	CHECK_NEAR(c360_fs_probability(-1), 1.0 / 3.0, 1e-15);
	CHECK_NEAR(c360_fs_probability(5000), 1, 0);
	CHECK_NEAR(c360_fs_probability(-5000), 0, 0);
	CHECK(c360_fs_probability(-60) > 0);
	CHECK_NEAR(c360_fs_level_weight(model, -1, 1), 0, 0);
	CHECK_NEAR(c360_fs_level_weight(model, NA, 1), 0, 0);
	CHECK_NEAR(c360_fs_level_weight(model, C360_MATCH_EMAIL, 0), 0, 0);
	c360_free(model);
}

static C360FsTf *
new_tf(uint32_t k)
{
	uint32_t	caps[NA];
	C360FsTf   *tf;
	int			a;

	for (a = 0; a < NA; a++)
		caps[a] = k;
	tf = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(tf, k, caps);
	return tf;
}

static void
add_family(C360FsTf *tf, const char *family)
{
	const char *values[NA];

	memset(values, 0, sizeof(values));
	values[C360_MATCH_FAMILY_NAME] = family;
	c360_fs_tf_add_record(tf, values);
}

static void
test_tf(void)
{
	C360FsTf   *tf = new_tf(4),
			   *tf2 = new_tf(4),
			   *m1,
			   *m2,
			   *c;
	char		name[32];
	char		longval[100];
	uint32_t	caps[NA];
	int			i;

	CHECK(c360_fs_tf_valid(tf, tf->size));
	/* Exact while there is room. */
	add_family(tf, "smith");
	add_family(tf, "smith");
	add_family(tf, "jones");
	add_family(tf, "müller");
	CHECK_NEAR(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, "smith"), 2, 0);
	CHECK_NEAR(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, "müller"), 1, 0);
	CHECK_NEAR(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, "brown"), 0, 0);
	CHECK_NEAR(c360_fs_tf_count(tf, C360_MATCH_GIVEN_NAME, "smith"), 0, 0);
	CHECK_NEAR(c360_fs_tf_count(tf, -1, "smith"), 0, 0);
	CHECK_NEAR(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, NULL), 0, 0);
	CHECK_NEAR(tf->records, 4, 0);
	CHECK_NEAR(tf->attr[C360_MATCH_FAMILY_NAME].present, 4, 0);
	CHECK_NEAR(tf->attr[C360_MATCH_GIVEN_NAME].present, 0, 0);
	CHECK(c360_fs_tf_valid(tf, tf->size));

	/* Long values count as present but are not tracked. */
	memset(longval, 'x', sizeof(longval) - 1);
	longval[sizeof(longval) - 1] = '\0';
	add_family(tf, longval);
	CHECK_NEAR(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, longval), 0, 0);
	CHECK_NEAR(tf->attr[C360_MATCH_FAMILY_NAME].present, 5, 0);

	/* Heavy hitters: smith is 40% of 1000 records with k = 4; every value
	 * above 1/(k+1) = 20% must stay, within N/(k+1) of its count. */
	for (i = 0; i < 1000; i++)
	{
		if (i % 5 < 2)
			add_family(tf, "smith");
		else
		{
			snprintf(name, sizeof(name), "rare%d", i);
			add_family(tf, name);
		}
	}
	CHECK(c360_fs_tf_valid(tf, tf->size));
	CHECK(tf->attr[C360_MATCH_FAMILY_NAME].n <= 4);
	CHECK(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, "smith") > 402 - 1005.0 / 5);
	CHECK(c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, "smith") <= 402);

	/* Merging: order does not matter, counts add, the bound holds. */
	for (i = 0; i < 300; i++)
		add_family(tf2, i % 3 ? "smith" : "jones");
	m1 = c360_fs_tf_merge(tf, tf2, false);
	m2 = c360_fs_tf_merge(tf2, tf, false);
	CHECK(c360_fs_tf_valid(m1, m1->size));
	CHECK_INT(m1->size, m2->size);
	CHECK(memcmp(m1, m2, m1->size) == 0);
	CHECK_NEAR(m1->records, 1305, 0);
	CHECK(c360_fs_tf_count(m1, C360_MATCH_FAMILY_NAME, "smith") >
		  c360_fs_tf_count(tf, C360_MATCH_FAMILY_NAME, "smith") + 200 - 1305.0 / 5);
	/* The merged summary is still one to add to. */
	add_family(m1, "smith");
	CHECK(c360_fs_tf_valid(m1, m1->size));

	/* Compacting: room for exactly what is there, same counts. */
	c = c360_fs_tf_merge(m2, NULL, true);
	CHECK(c360_fs_tf_valid(c, c->size));
	CHECK(c->size < m2->size);
	CHECK_INT(c->attr[C360_MATCH_FAMILY_NAME].cap, c->attr[C360_MATCH_FAMILY_NAME].n);
	CHECK_INT(c->attr[C360_MATCH_GIVEN_NAME].cap, 0);
	CHECK_NEAR(c360_fs_tf_count(c, C360_MATCH_FAMILY_NAME, "smith"),
			   c360_fs_tf_count(m2, C360_MATCH_FAMILY_NAME, "smith"), 0);
	CHECK_INT(c->capacity, 4);
	/* Slots are sorted by count, largest first. */
	CHECK_STR(c360_fs_tf_slot(c, C360_MATCH_FAMILY_NAME, 0)->value, "smith");

	/* put: for the text form. */
	memset(caps, 0, sizeof(caps));
	caps[C360_MATCH_EMAIL] = 2;
	c360_free(tf2);
	tf2 = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(tf2, 10, caps);
	tf2->records = 10;
	tf2->attr[C360_MATCH_EMAIL].present = 10;
	CHECK(c360_fs_tf_put(tf2, C360_MATCH_EMAIL, "a@example.com", 3));
	CHECK(!c360_fs_tf_put(tf2, C360_MATCH_EMAIL, "a@example.com", 3));
	CHECK(!c360_fs_tf_put(tf2, C360_MATCH_EMAIL, "", 3));
	CHECK(!c360_fs_tf_put(tf2, C360_MATCH_EMAIL, longval, 3));
	CHECK(c360_fs_tf_put(tf2, C360_MATCH_EMAIL, "b@example.com", 3));
	CHECK(!c360_fs_tf_put(tf2, C360_MATCH_EMAIL, "c@example.com", 3));
	CHECK(!c360_fs_tf_put(tf2, C360_MATCH_PHONE, "+15551234567", 3));
	CHECK(c360_fs_tf_valid(tf2, tf2->size));
	/* Counts above the records present are refused. */
	tf2->attr[C360_MATCH_EMAIL].present = 5;
	CHECK(!c360_fs_tf_valid(tf2, tf2->size));
	tf2->attr[C360_MATCH_EMAIL].present = 10;

	/* The validator catches damage. */
	CHECK(!c360_fs_tf_valid(c, c->size - 8));
	CHECK(!c360_fs_tf_valid(c, 10));
	CHECK(!c360_fs_tf_valid(NULL, 0));
	{
		C360FsTfSlot *s = (C360FsTfSlot *) c360_fs_tf_slot(c, C360_MATCH_FAMILY_NAME, 0);

		s->value[0] = 'S';
		CHECK(!c360_fs_tf_valid(c, c->size));	/* hash mismatch */
		s->value[0] = 's';
		CHECK(c360_fs_tf_valid(c, c->size));
		s->count = 0;
		CHECK(!c360_fs_tf_valid(c, c->size));
		s->count = 1;
		memset(s->value, 'a', sizeof(s->value));
		CHECK(!c360_fs_tf_valid(c, c->size));	/* no terminator */
		strcpy(s->value, "\xff");
		s->hash = c360_fs_tf_hash("\xff", 1);
		CHECK(!c360_fs_tf_valid(c, c->size));	/* not UTF-8 */
	}
	CHECK(c360_fs_utf8_valid("a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", 10));
	CHECK(!c360_fs_utf8_valid("\xc3", 1));
	CHECK(!c360_fs_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	CHECK(!c360_fs_utf8_valid("\xc0\x80", 2));	/* overlong */
	CHECK(!c360_fs_utf8_valid("a\0b", 3));

	c360_free(tf);
	c360_free(tf2);
	c360_free(m1);
	c360_free(m2);
	c360_free(c);
}

/* A summary that starts small and grows ends as one with all the room. */
static void
test_tf_growth(void)
{
	uint32_t	caps[NA];
	C360FsTf   *small,
			   *full = new_tf(100),
			   *c1,
			   *c2;
	const char *values[NA];
	char		buf[32];
	int			a,
				i,
				grown = 0,
				refused = 0;

	for (a = 0; a < NA; a++)
		caps[a] = a == C360_MATCH_EMAIL ? 0 : 1;
	small = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(small, 100, caps);
	memset(values, 0, sizeof(values));
	for (i = 0; i < 5000; i++)
	{
		/* Half "common", half spread over 997 values. */
		snprintf(buf, sizeof(buf), "v%d", i % 2 ? (i * 7919) % 997 : -1);
		values[C360_MATCH_FAMILY_NAME] = buf;
		values[C360_MATCH_EMAIL] = i % 3 ? buf : NULL;
		if (!c360_fs_tf_add_record(full, values))
			refused++;
		if (!c360_fs_tf_add_record(small, values))
		{
			C360FsTf   *g = c360_fs_tf_grow(small);

			c360_free(small);
			small = g;
			grown++;
			if (!c360_fs_tf_add_record(small, values))
				CHECK(!"add after grow");
			if (!c360_fs_tf_valid(small, small->size))
				CHECK(!"valid after grow");
		}
	}
	CHECK_INT(refused, 0);
	CHECK(grown >= 3);
	CHECK(c360_fs_tf_count(small, C360_MATCH_FAMILY_NAME, "v-1") > 2500 - 5000.0 / 101);
	CHECK(small->attr[C360_MATCH_FAMILY_NAME].cap == 100);
	CHECK(small->size < full->size);
	c1 = c360_fs_tf_merge(small, NULL, true);
	c2 = c360_fs_tf_merge(full, NULL, true);
	CHECK_INT(c1->size, c2->size);
	CHECK(memcmp(c1, c2, c1->size) == 0);
	CHECK_NEAR(c1->attr[C360_MATCH_EMAIL].present, 3333, 0);
	/* A full summary does not ask for room. */
	values[C360_MATCH_FAMILY_NAME] = "brand new";
	CHECK_INT(c360_fs_tf_add_record(full, values), 1);
	c360_free(small);
	c360_free(full);
	c360_free(c1);
	c360_free(c2);
}

static void
test_tf_scoring(void)
{
	C360FsModel *model = small_model(),
			   *with;
	C360FsTf   *tf = new_tf(10);
	const char *values[NA];
	uint8_t		levels[NA];
	C360FsTerm	terms[NA];
	const char *why = NULL;
	double		plain,
				w,
				u;
	int			i;

	/* e-mail "family@example.com" is 30% of 1000 records. */
	memset(values, 0, sizeof(values));
	for (i = 0; i < 1000; i++)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), "p%d@example.com", i);
		values[C360_MATCH_EMAIL] = i % 10 < 3 ? "family@example.com" : buf;
		c360_fs_tf_add_record(tf, values);
	}
	with = c360_fs_model_with_tf(model, tf);
	CHECK(c360_fs_model_valid(with, with->size, &why));
	CHECK(c360_fs_model_tf(with) != NULL);
	CHECK(c360_fs_model_tf(model) == NULL);

	memset(levels, 0, sizeof(levels));
	levels[C360_MATCH_EMAIL] = 1;
	plain = c360_fs_score(with, levels, NULL, NULL);
	CHECK_NEAR(plain, c360_fs_score(model, levels, NULL, NULL), 0);
	values[C360_MATCH_EMAIL] = "family@example.com";
	w = c360_fs_score(with, levels, values, terms);
	u = with->u[C360_MATCH_EMAIL][1];
	CHECK(terms[C360_MATCH_EMAIL].has_tf);
	/* Misra-Gries: at most N/(k+1) below the true 30%. */
	CHECK(terms[C360_MATCH_EMAIL].tf >= 0.3 - 1.0 / 11 && terms[C360_MATCH_EMAIL].tf <= 0.3);
	{
		/* u_random: the chance two random records agree, from the summary */
		const C360FsTf *mtf = c360_fs_model_tf(with);
		double		sum2 = 0;
		uint32_t	k;

		for (k = 0; k < mtf->attr[C360_MATCH_EMAIL].n; k++)
		{
			double		f = c360_fs_tf_slot(mtf, C360_MATCH_EMAIL, k)->count /
				mtf->attr[C360_MATCH_EMAIL].present;

			sum2 += f * f;
		}
		(void) u;
		CHECK_NEAR(terms[C360_MATCH_EMAIL].tf_adjustment,
				   fmax(log2(sum2 / terms[C360_MATCH_EMAIL].tf), -terms[C360_MATCH_EMAIL].weight), 1e-12);
	}
	CHECK(w < plain);
	/* A common value never counts against a match. */
	CHECK(terms[C360_MATCH_EMAIL].weight + terms[C360_MATCH_EMAIL].tf_adjustment >= -1e-12);
	/* A value not in the summary: no adjustment. */
	values[C360_MATCH_EMAIL] = "nobody@example.com";
	CHECK_NEAR(c360_fs_score(with, levels, values, terms), plain, 0);
	CHECK(!terms[C360_MATCH_EMAIL].has_tf);
	/* Not at the exact level: no adjustment. */
	levels[C360_MATCH_EMAIL] = 2;
	values[C360_MATCH_EMAIL] = "family@example.com";
	c360_fs_score(with, levels, values, terms);
	CHECK(!terms[C360_MATCH_EMAIL].has_tf);

	/* Text form. */
	{
		char	   *json = c360_fs_model_json(with);

		CHECK(strstr(json, "\"name\": \"email\"") != NULL);
		CHECK(strstr(json, "[\"family@example.com\", ") != NULL);
		CHECK(strstr(json, "\"converged\": true") != NULL);
		c360_free(json);
		json = c360_fs_model_json(model);
		CHECK(strstr(json, "\"term_frequencies\": null}") != NULL);
		CHECK(strstr(json, "\"name\": \"given_name\", \"trained\": false") != NULL);
		c360_free(json);
	}

	/* The model validator. */
	CHECK(!c360_fs_model_valid(with, with->size - 1, &why));
	CHECK(!c360_fs_model_valid(NULL, 0, &why));
	with->lambda = 0.5;
	CHECK(!c360_fs_model_valid(with, with->size, &why));
	CHECK_STR(why, "checksum mismatch");
	c360_fs_model_seal(with);
	CHECK(c360_fs_model_valid(with, with->size, &why));
	with->m[0][1] = 2;
	c360_fs_model_seal(with);
	CHECK(!c360_fs_model_valid(with, with->size, &why));
	CHECK_STR(why, "every m and u must be in (0, 1)");
	with->m[0][1] = 0.5;
	c360_fs_model_seal(with);
	CHECK(!c360_fs_model_valid(with, with->size, &why));
	CHECK_STR(why, "the m (and the u) of an attribute's levels must sum to 1");
	c360_free(with);
	c360_free(model);
	c360_free(tf);
}

static void
test_double_round_trip(void)
{
	static const double values[] = {0.1, 1.0 / 3.0, 1e-6, 1 - 1e-6, 123456789.125, -2.5e-300, 0};
	size_t		i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
	{
		C360FsBuf	b;

		c360_fs_buf_init(&b);
		c360_fs_buf_double(&b, values[i]);
		CHECK(strtod(b.data, NULL) == values[i]);
		c360_free(b.data);
	}
	{
		C360FsBuf	b;

		c360_fs_buf_init(&b);
		c360_fs_buf_json_string(&b, "a\"b\\c\n\x01\x7f\xc3\xa9");
		CHECK_STR(b.data, "\"a\\\"b\\\\c\\u000a\\u0001\\u007f\xc3\xa9\"");
		c360_free(b.data);
	}
}

/*
 * Phone, street, city and postcode count as one piece of evidence: the
 * strongest agreeing one, else the most disagreeing one.  A hand-set model
 * makes every weight known.
 */
static void
test_location_group(void)
{
	C360FsModel *model = small_model();
	static const int loc[] = {C360_MATCH_PHONE, C360_MATCH_STREET, C360_MATCH_CITY, C360_MATCH_POSTCODE};
	uint8_t		levels[NA];
	C360FsTerm	terms[NA];
	double		prior,
				w_email;
	int			i,
				a;

	/* m and u such that level 1 weighs 1, 2, 3, 4 bits (phone..postcode)
	 * and the last level -1, -2, -3, -4 bits. */
	for (i = 0; i < 4; i++)
	{
		int			n = c360_match_attrs[loc[i]].n_levels;
		int			l;

		a = loc[i];
		model->trained |= 1u << a;
		for (l = 1; l < n; l++)
		{
			model->m[a][l] = 1.0 / (n - 1);
			model->u[a][l] = 1.0 / (n - 1);
		}
		model->m[a][1] = 0.5;
		model->u[a][1] = 0.5 / pow(2, i + 1);
		model->m[a][n - 1] = 0.5 / pow(2, i + 1);
		model->u[a][n - 1] = 0.5;
	}
	model->trained |= 1u << C360_MATCH_EMAIL;
	prior = c360_fs_prior_weight(model);
	w_email = c360_fs_level_weight(model, C360_MATCH_EMAIL, 1);

	/* All four agree: only the strongest (postcode, 4 bits) counts. */
	memset(levels, 0, sizeof(levels));
	levels[C360_MATCH_EMAIL] = 1;
	for (i = 0; i < 4; i++)
		levels[loc[i]] = 1;
	CHECK_NEAR(c360_fs_score(model, levels, NULL, terms), prior + w_email + 4, 1e-9);
	CHECK(terms[C360_MATCH_POSTCODE].counted);
	CHECK(!terms[C360_MATCH_PHONE].counted);
	CHECK(!terms[C360_MATCH_STREET].counted);
	CHECK(!terms[C360_MATCH_CITY].counted);
	CHECK(terms[C360_MATCH_EMAIL].counted);

	/* All four disagree (a move): only the most negative (-4) counts. */
	for (i = 0; i < 4; i++)
		levels[loc[i]] = c360_match_attrs[loc[i]].n_levels - 1;
	CHECK_NEAR(c360_fs_score(model, levels, NULL, terms), prior + w_email - 4, 1e-9);
	CHECK(terms[C360_MATCH_POSTCODE].counted);
	CHECK(!terms[C360_MATCH_CITY].counted);

	/* Phone agrees (1 bit), the address disagrees: the agreement counts. */
	levels[C360_MATCH_PHONE] = 1;
	CHECK_NEAR(c360_fs_score(model, levels, NULL, terms), prior + w_email + 1, 1e-9);
	CHECK(terms[C360_MATCH_PHONE].counted);
	CHECK(!terms[C360_MATCH_POSTCODE].counted);

	/* Only one present: it counts as it is; missing ones stay counted (0). */
	memset(levels, 0, sizeof(levels));
	levels[C360_MATCH_CITY] = c360_match_attrs[C360_MATCH_CITY].n_levels - 1;
	CHECK_NEAR(c360_fs_score(model, levels, NULL, terms), prior - 3, 1e-9);
	CHECK(terms[C360_MATCH_CITY].counted);
	CHECK(terms[C360_MATCH_PHONE].counted);

	/* None present: no location term. */
	memset(levels, 0, sizeof(levels));
	CHECK_NEAR(c360_fs_score(model, levels, NULL, NULL), prior, 1e-12);
	CHECK(c360_fs_location_attr(C360_MATCH_STREET));
	CHECK(!c360_fs_location_attr(C360_MATCH_EMAIL));
	CHECK(!c360_fs_location_attr(-1));
	c360_free(model);
}

int
main(void)
{
	test_hist();
	test_em_recovers(0.05);
	test_em_recovers(0.3);
	test_em_sampled();
	test_em_edges();
	test_label_switching();
	test_u_from_random();
	test_em_random_u();
	test_scoring();
	test_location_group();
	test_tf();
	test_tf_growth();
	test_tf_scoring();
	test_double_round_trip();
	return UNIT_DONE();
}
