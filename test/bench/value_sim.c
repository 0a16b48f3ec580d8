/*
 * value_sim.c: a simulator of customers under the BG/NBD and Gamma-Gamma
 * models, and a benchmark of the customer-value fits.
 *
 * Each customer gets a purchase rate lambda ~ Gamma(r, alpha) and a dropout
 * probability p ~ Beta(a, b); purchases follow a Poisson process with rate
 * lambda while the customer is alive, and after each repeat purchase the
 * customer drops out with probability p.  The age T is uniform over a year.
 * Times are recorded in whole days (as transaction dates are) and given in
 * weeks.  Spend per transaction is Gamma(p, nu) with nu ~ Gamma(q, gamma).
 *
 * Built alone it is the benchmark:
 *   gcc $(make -s print-standalone-cflags) -o /tmp/value_sim \
 *       test/bench/value_sim.c $(make -s print-core-srcs) -lm
 *   /tmp/value_sim [customers (default 1000000)] [cdnow summary csv]
 * or, for test/bench/bench_value.sql, the simulated customers as csv lines
 * "frequency,recency,T,monetary_value" on stdout:
 *   /tmp/value_sim --csv [customers]
 * The unit tests include it with VALUE_SIM_LIBRARY defined to reuse the
 * simulator.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "c360_alloc.h"
#include "clv_models.h"

typedef struct SimRng
{
	uint64_t	s[4];
} SimRng;

static uint64_t
sim_splitmix(uint64_t *state)
{
	uint64_t	z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void
sim_seed(SimRng *rng, uint64_t seed)
{
	int			i;

	for (i = 0; i < 4; i++)
		rng->s[i] = sim_splitmix(&seed);
}

/* xoshiro256** */
static uint64_t
sim_next(SimRng *rng)
{
	uint64_t   *s = rng->s;
	uint64_t	result = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

/* uniform on (0, 1) */
static double
sim_uniform(SimRng *rng)
{
	return ((double) (sim_next(rng) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double
sim_normal(SimRng *rng)
{
	double		u = sim_uniform(rng);
	double		v = sim_uniform(rng);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* Gamma(shape, 1): Marsaglia and Tsang (2000), boosted below shape 1. */
static double
sim_gamma(SimRng *rng, double shape)
{
	double		d,
				c;

	if (shape < 1.0)
		return sim_gamma(rng, shape + 1.0) * pow(sim_uniform(rng), 1.0 / shape);
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;)
	{
		double		x = sim_normal(rng);
		double		v = 1.0 + c * x;
		double		u;

		if (v <= 0.0)
			continue;
		v = v * v * v;
		u = sim_uniform(rng);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

static double
sim_beta(SimRng *rng, double a, double b)
{
	double		x = sim_gamma(rng, a);
	double		y = sim_gamma(rng, b);

	return x / (x + y);
}

/*
 * Simulate n customers; fills rfm[n] (weight 1 each) and, when spend is not
 * NULL, spend[n] with the mean repeat-purchase value (0 for x = 0).
 */
static void
sim_customers(const C360Bgnbd *model, const C360GammaGamma *gg, size_t n, uint64_t seed,
			  C360RfmGroup *rfm, C360SpendGroup *spend)
{
	SimRng		rng;
	size_t		i;

	sim_seed(&rng, seed);
	for (i = 0; i < n; i++)
	{
		double		lambda = sim_gamma(&rng, model->r) / model->alpha;
		double		p = sim_beta(&rng, model->a, model->b);
		double		T_weeks = sim_uniform(&rng) * (365.0 / 7.0);
		double		t = 0.0;
		double		last = 0.0;
		double		T_days = floor(T_weeks * 7.0);
		long		x = 0;

		for (;;)
		{
			t += -log(sim_uniform(&rng)) / lambda;
			if (!(t < T_weeks))
				break;
			x++;
			last = t;
			if (sim_uniform(&rng) < p)
				break;
		}
		rfm[i].frequency = (double) x;
		rfm[i].recency = (x > 0) ? floor(last * 7.0) / 7.0 : 0.0;
		rfm[i].T = T_days / 7.0;
		rfm[i].weight = 1;
		if (spend != NULL)
		{
			double		nu = sim_gamma(&rng, gg->q) / gg->gamma;
			double		sum = 0.0;
			long		k;

			for (k = 0; k < x; k++)
				sum += sim_gamma(&rng, gg->p) / nu;
			spend[i].frequency = (double) x;
			spend[i].monetary_value = (x > 0) ? sum / (double) x : 0.0;
			spend[i].weight = 1;
		}
	}
}

#ifndef VALUE_SIM_LIBRARY

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
report_fit(const char *what, double seconds, C360ValueStatus status, const C360FitInfo *info,
		   const char *params)
{
	printf("%-34s %8.3f s  status=%s  groups=%lld customers=%lld iterations=%d "
		   "evaluations=%d LL=%.4f\n    %s\n",
		   what, seconds, c360_value_status_message(status), (long long) info->groups,
		   (long long) info->customers, info->iterations, info->evaluations,
		   info->log_likelihood, params);
}

static void
bench_cdnow(const char *path)
{
	FILE	   *f = fopen(path, "r");
	C360RfmGroup *groups;
	size_t		n = 0;
	char		line[256];
	C360Bgnbd	bg;
	C360ParetoNbd pn;
	C360FitInfo info;
	C360ValueStatus status;
	double		t0;
	char		params[256];
	int			repeat;
	const int	repeats = 20;

	if (f == NULL)
	{
		printf("cdnow: cannot open %s (skipped)\n", path);
		return;
	}
	groups = c360_alloc(sizeof(C360RfmGroup) * 4000);
	if (fgets(line, sizeof(line), f) == NULL)
		n = 0;
	while (n < 4000 && fgets(line, sizeof(line), f) != NULL)
	{
		long		id;

		if (sscanf(line, "%ld,%lf,%lf,%lf", &id, &groups[n].frequency, &groups[n].recency,
				   &groups[n].T) == 4)
		{
			groups[n].weight = 1;
			n++;
		}
	}
	fclose(f);

	t0 = now_seconds();
	for (repeat = 0; repeat < repeats; repeat++)
		status = c360_bgnbd_fit(groups, n, NULL, &bg, &info);
	snprintf(params, sizeof(params), "r=%.4f alpha=%.4f a=%.4f b=%.4f (published 0.243 4.414 0.793 2.426)",
			 bg.r, bg.alpha, bg.a, bg.b);
	report_fit("CDNOW BG/NBD (mean of 20 fits)", (now_seconds() - t0) / repeats, status, &info,
			   params);
	t0 = now_seconds();
	for (repeat = 0; repeat < repeats; repeat++)
		status = c360_pareto_nbd_fit(groups, n, NULL, &pn, &info);
	snprintf(params, sizeof(params), "r=%.4f alpha=%.4f s=%.4f beta=%.4f (published 0.553 10.578 0.606 11.669)",
			 pn.r, pn.alpha, pn.s, pn.beta);
	report_fit("CDNOW Pareto/NBD (mean of 20 fits)", (now_seconds() - t0) / repeats, status,
			   &info, params);
	c360_free(groups);
}

/* the simulated customers as csv on stdout (seeded: always the same) */
static int
write_csv(size_t n)
{
	C360Bgnbd	truth = {0.243, 4.414, 0.793, 2.426};
	C360GammaGamma gg_truth = {6.25, 3.74, 15.44};
	C360RfmGroup *rfm = c360_alloc(sizeof(C360RfmGroup) * (n > 0 ? n : 1));
	C360SpendGroup *spend = c360_alloc(sizeof(C360SpendGroup) * (n > 0 ? n : 1));
	size_t		i;

	sim_customers(&truth, &gg_truth, n, 20240601, rfm, spend);
	for (i = 0; i < n; i++)
		printf("%.17g,%.17g,%.17g,%.17g\n", rfm[i].frequency, rfm[i].recency, rfm[i].T,
			   spend[i].monetary_value);
	c360_free(rfm);
	c360_free(spend);
	return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	size_t		n;
	const char *cdnow;
	C360Bgnbd	truth = {0.243, 4.414, 0.793, 2.426};
	C360GammaGamma gg_truth = {6.25, 3.74, 15.44};
	C360RfmGroup *rfm;
	C360SpendGroup *spend;
	size_t		groups;
	C360Bgnbd	bg;
	C360ParetoNbd pn;
	C360GammaGamma gg;
	C360FitInfo info;
	C360ValueStatus status;
	double		t0;
	char		params[256];
	char		label[64];

	if (argc > 1 && strcmp(argv[1], "--csv") == 0)
		return write_csv((argc > 2) ? (size_t) strtoull(argv[2], NULL, 10) : 1000000);
	n = (argc > 1) ? (size_t) strtoull(argv[1], NULL, 10) : 1000000;
	cdnow = (argc > 2) ? argv[2] : "test/data/cdnow/cdnow_customers_summary.csv";
	bench_cdnow(cdnow);
	if (n == 0)
		return 0;

	rfm = c360_alloc(sizeof(C360RfmGroup) * n);
	spend = c360_alloc(sizeof(C360SpendGroup) * n);
	t0 = now_seconds();
	sim_customers(&truth, &gg_truth, n, 20240601, rfm, spend);
	printf("simulated %zu customers in %.3f s\n", n, now_seconds() - t0);

	/* what the SQL aggregate's transition step does: count distinct triples */
	t0 = now_seconds();
	status = c360_rfm_compress(rfm, n, &groups);
	printf("compressed to %zu distinct (x, t_x, T) in %.3f s (%s)\n", groups,
		   now_seconds() - t0, c360_value_status_message(status));

	t0 = now_seconds();
	status = c360_bgnbd_fit(rfm, groups, NULL, &bg, &info);
	snprintf(params, sizeof(params), "r=%.4f alpha=%.4f a=%.4f b=%.4f (simulated from 0.243 4.414 0.793 2.426)",
			 bg.r, bg.alpha, bg.a, bg.b);
	snprintf(label, sizeof(label), "%zu simulated: BG/NBD", n);
	report_fit(label, now_seconds() - t0, status, &info, params);

	t0 = now_seconds();
	status = c360_pareto_nbd_fit(rfm, groups, NULL, &pn, &info);
	snprintf(params, sizeof(params), "r=%.4f alpha=%.4f s=%.4f beta=%.4f",
			 pn.r, pn.alpha, pn.s, pn.beta);
	snprintf(label, sizeof(label), "%zu simulated: Pareto/NBD", n);
	report_fit(label, now_seconds() - t0, status, &info, params);

	t0 = now_seconds();
	status = c360_gamma_gamma_fit(spend, n, NULL, &gg, &info);
	snprintf(params, sizeof(params), "p=%.4f q=%.4f gamma=%.4f (simulated from 6.25 3.74 15.44)",
			 gg.p, gg.q, gg.gamma);
	snprintf(label, sizeof(label), "%zu simulated: Gamma-Gamma", n);
	report_fit(label, now_seconds() - t0, status, &info, params);

	c360_free(rfm);
	c360_free(spend);
	return 0;
}

#endif							/* VALUE_SIM_LIBRARY */
