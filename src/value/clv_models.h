/*
 * clv_models.h: customer-value models, the plain-C core.
 *
 *   BG/NBD       Fader, Hardie and Lee (2005), "Counting Your Customers the
 *                Easy Way", Marketing Science 24(2).
 *   Pareto/NBD   Schmittlein, Morrison and Colombo (1987), Management
 *                Science 33(1); likelihood as in Fader and Hardie (2005),
 *                "A Note on Deriving the Pareto/NBD Model and Related
 *                Expressions".
 *   Gamma-Gamma  Fader, Hardie and Lee (2005), "RFM and CLV: Using Iso-Value
 *                Curves for Customer Base Analysis", JMR 42(4); Fader and
 *                Hardie (2013), "The Gamma-Gamma Model of Monetary Value".
 *
 * No PostgreSQL headers.  Data arrive as groups of identical customers:
 * (frequency x, recency t_x, age T, weight) for the purchase models and
 * (frequency x, mean repeat-purchase value, weight) for Gamma-Gamma, in any
 * order and possibly with repeats.  Every fit first validates, sorts and
 * merges the groups, so the answer is the same bit for bit whatever the
 * order the groups came in (the SQL aggregates get them from parallel
 * workers in any order).  Time is in whatever unit the data use (weeks for
 * the CDNOW reference data); alpha and beta are in that unit.
 *
 * Every function returns a status.  Only C360_VALUE_OK results are numbers
 * to use; on any other status the outputs are 0 (never NaN).
 * docs/design/value-models.md has the mathematics.
 */
#ifndef C360_VALUE_CLV_MODELS_H
#define C360_VALUE_CLV_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum C360ValueStatus
{
	C360_VALUE_OK = 0,
	C360_VALUE_EMPTY,			/* no customers (no group with weight > 0) */
	C360_VALUE_BAD_DATA,		/* a group is invalid (see c360_rfm_check) */
	C360_VALUE_TOO_LARGE,		/* more groups or customers than supported */
	C360_VALUE_NO_REPEAT_BUYERS,	/* nobody bought twice: not identified */
	C360_VALUE_NOT_CONVERGED,	/* the optimizer stopped without meeting its
								 * rule; the parameters are the best found */
	C360_VALUE_AT_BOUNDARY,		/* the likelihood rises toward a parameter
								 * bound: no interior maximum in these data */
	C360_VALUE_NUMERIC,			/* a special function failed or overflowed */
	C360_VALUE_BAD_PARAMS,		/* model parameters not finite and positive */
	C360_VALUE_BAD_ARGUMENT,	/* horizon, discount rate or period invalid */
	C360_VALUE_UNDEFINED		/* the quantity does not exist for these
								 * parameters (expected spend needs p x + q > 1) */
} C360ValueStatus;

/* Short English description of a status (for error messages). */
extern const char *c360_value_status_message(C360ValueStatus status);

/* Limits: groups per fit, customers per fit (exactly representable). */
#define C360_VALUE_MAX_GROUPS ((size_t) 16 * 1024 * 1024)
#define C360_VALUE_MAX_CUSTOMERS ((int64_t) 1 << 53)
/* Largest frequency accepted (a count of repeat purchases). */
#define C360_VALUE_MAX_FREQUENCY 1e9
/* Periods summed by one CLV at most. */
#define C360_VALUE_MAX_PERIODS 100000

/* customers with the same history */
typedef struct C360RfmGroup
{
	double		frequency;		/* x: repeat purchases, a whole number >= 0 */
	double		recency;		/* t_x: time of the last purchase, from the
								 * first; 0 when x = 0 */
	double		T;				/* age: time from the first purchase to the
								 * end of the observation period */
	int64_t		weight;			/* how many customers; 0 is ignored */
} C360RfmGroup;

typedef struct C360SpendGroup
{
	double		frequency;		/* x: repeat purchases */
	double		monetary_value; /* mean value of the x repeat purchases */
	int64_t		weight;
} C360SpendGroup;

typedef struct C360Bgnbd
{
	double		r;
	double		alpha;
	double		a;
	double		b;
} C360Bgnbd;

typedef struct C360ParetoNbd
{
	double		r;
	double		alpha;
	double		s;
	double		beta;
} C360ParetoNbd;

typedef struct C360GammaGamma
{
	double		p;
	double		q;
	double		gamma;
} C360GammaGamma;

/* How a fit went. */
typedef struct C360FitInfo
{
	C360ValueStatus status;
	bool		converged;		/* status is C360_VALUE_OK */
	double		log_likelihood; /* at the returned parameters */
	int			iterations;		/* optimizer iterations, all runs */
	int			evaluations;	/* likelihood evaluations */
	double		gradient_norm;	/* max |d(-LL/customers)/d log(param)| */
	int64_t		customers;		/* sum of the weights used */
	int64_t		groups;			/* distinct groups after merging */
} C360FitInfo;

typedef struct C360FitOptions
{
	int			max_iterations; /* per optimizer run; 0 means 200 */
	/* called once per likelihood evaluation (CHECK_FOR_INTERRUPTS) */
	void		(*check_interrupts) (void *arg);
	void	   *interrupt_arg;
} C360FitOptions;

/*
 * Data preparation (the SQL aggregates use these in their transition and
 * combine steps).
 *
 * c360_rfm_check: one history is valid when all values are finite, x is a
 * whole number in [0, C360_VALUE_MAX_FREQUENCY], 0 <= t_x <= T, and t_x = 0
 * when x = 0.
 */
extern C360ValueStatus c360_rfm_check(double frequency, double recency, double T);

/*
 * Validate, sort by (x, t_x, T) and merge equal histories in place, dropping
 * weight-0 groups; *nout gets the new count.  Negative weights, invalid
 * histories and a total above C360_VALUE_MAX_CUSTOMERS are rejected (the
 * array is then left partly sorted).
 */
extern C360ValueStatus c360_rfm_compress(C360RfmGroup *groups, size_t n, size_t *nout);

/* c360_spend_check: x whole in [0, max]; value finite, > 0 when x > 0, >= 0 otherwise. */
extern C360ValueStatus c360_spend_check(double frequency, double monetary_value);
extern C360ValueStatus c360_spend_compress(C360SpendGroup *groups, size_t n, size_t *nout);

/* ---- BG/NBD ---- */

/* Maximum-likelihood fit.  options may be NULL. */
extern C360ValueStatus c360_bgnbd_fit(const C360RfmGroup *groups, size_t n,
									  const C360FitOptions *options,
									  C360Bgnbd *model, C360FitInfo *info);

/*
 * Log-likelihood of the data under the model and, when gradient is not NULL,
 * its derivatives with respect to (r, alpha, a, b).
 */
extern C360ValueStatus c360_bgnbd_log_likelihood(const C360Bgnbd *model,
												 const C360RfmGroup *groups, size_t n,
												 double *log_likelihood, double *gradient);

/* P(alive at T | x, t_x, T). */
extern C360ValueStatus c360_bgnbd_p_alive(const C360Bgnbd *model, double frequency,
										  double recency, double T, double *p_alive);

/* E[purchases in (T, T + horizon] | x, t_x, T]; horizon >= 0. */
extern C360ValueStatus c360_bgnbd_expected_purchases(const C360Bgnbd *model, double horizon,
													 double frequency, double recency,
													 double T, double *expected);

/* ---- Pareto/NBD ---- */

extern C360ValueStatus c360_pareto_nbd_fit(const C360RfmGroup *groups, size_t n,
										   const C360FitOptions *options,
										   C360ParetoNbd *model, C360FitInfo *info);

/* gradient with respect to (r, alpha, s, beta) */
extern C360ValueStatus c360_pareto_nbd_log_likelihood(const C360ParetoNbd *model,
													  const C360RfmGroup *groups, size_t n,
													  double *log_likelihood, double *gradient);

extern C360ValueStatus c360_pareto_nbd_p_alive(const C360ParetoNbd *model, double frequency,
											   double recency, double T, double *p_alive);

extern C360ValueStatus c360_pareto_nbd_expected_purchases(const C360ParetoNbd *model,
														  double horizon, double frequency,
														  double recency, double T,
														  double *expected);

/* ---- Gamma-Gamma ---- */

/* Fit over the repeat buyers (groups with x = 0 are ignored). */
extern C360ValueStatus c360_gamma_gamma_fit(const C360SpendGroup *groups, size_t n,
											const C360FitOptions *options,
											C360GammaGamma *model, C360FitInfo *info);

/* gradient with respect to (p, q, gamma); repeat buyers only, like the fit */
extern C360ValueStatus c360_gamma_gamma_log_likelihood(const C360GammaGamma *model,
													   const C360SpendGroup *groups, size_t n,
													   double *log_likelihood,
													   double *gradient);

/*
 * E[mean transaction value | x, mean value]: (gamma + mean x) p / (p x + q - 1).
 * For x = 0 it is the population mean p gamma / (q - 1) (the mean value is
 * then ignored).  C360_VALUE_UNDEFINED when p x + q <= 1.
 */
extern C360ValueStatus c360_gamma_gamma_expected_spend(const C360GammaGamma *model,
													   double frequency,
													   double monetary_value,
													   double *expected);

/* ---- customer lifetime value ---- */

typedef enum C360PurchaseModelKind
{
	C360_PURCHASE_BGNBD,
	C360_PURCHASE_PARETO_NBD
} C360PurchaseModelKind;

typedef struct C360PurchaseModel
{
	C360PurchaseModelKind kind;
	union
	{
		C360Bgnbd	bgnbd;
		C360ParetoNbd pareto_nbd;
	}			u;
} C360PurchaseModel;

/* P(alive) and expected purchases for either purchase model. */
extern C360ValueStatus c360_purchase_p_alive(const C360PurchaseModel *model, double frequency,
											 double recency, double T, double *p_alive);
extern C360ValueStatus c360_purchase_expected(const C360PurchaseModel *model, double horizon,
											  double frequency, double recency, double T,
											  double *expected);

/*
 * Discounted expected value of a customer's purchases over (T, T + horizon]:
 *
 *   CLV = spend * sum_{k=1..K} (E(t_k) - E(t_{k-1})) / (1 + discount_rate)^k
 *
 * with E(t) the conditional expected purchases by T + t, t_k = min(k period,
 * horizon), K = ceil(horizon / period) (at most C360_VALUE_MAX_PERIODS), and
 * spend the Gamma-Gamma expected spend for (x, monetary_value).  horizon and
 * period are in the data's time unit, discount_rate is per period (> -1).
 */
extern C360ValueStatus c360_clv(const C360PurchaseModel *model, const C360GammaGamma *spend,
								double frequency, double recency, double T,
								double monetary_value, double horizon, double discount_rate,
								double period, double *clv);

#endif							/* C360_VALUE_CLV_MODELS_H */
