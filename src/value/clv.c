/*
 * clv.c: customer lifetime value from a purchase model (BG/NBD or
 * Pareto/NBD) and the Gamma-Gamma spend model.  See c360_clv in
 * clv_models.h for the formula.
 */
#include <math.h>

#include "clv_models.h"

C360ValueStatus
c360_purchase_p_alive(const C360PurchaseModel *model, double frequency, double recency,
					  double T, double *p_alive)
{
	*p_alive = 0.0;
	switch (model->kind)
	{
		case C360_PURCHASE_BGNBD:
			return c360_bgnbd_p_alive(&model->u.bgnbd, frequency, recency, T, p_alive);
		case C360_PURCHASE_PARETO_NBD:
			return c360_pareto_nbd_p_alive(&model->u.pareto_nbd, frequency, recency, T,
										   p_alive);
	}
	return C360_VALUE_BAD_PARAMS;
}

C360ValueStatus
c360_purchase_expected(const C360PurchaseModel *model, double horizon, double frequency,
					   double recency, double T, double *expected)
{
	*expected = 0.0;
	switch (model->kind)
	{
		case C360_PURCHASE_BGNBD:
			return c360_bgnbd_expected_purchases(&model->u.bgnbd, horizon, frequency,
												 recency, T, expected);
		case C360_PURCHASE_PARETO_NBD:
			return c360_pareto_nbd_expected_purchases(&model->u.pareto_nbd, horizon,
													  frequency, recency, T, expected);
	}
	return C360_VALUE_BAD_PARAMS;
}

C360ValueStatus
c360_clv(const C360PurchaseModel *model, const C360GammaGamma *spend, double frequency,
		 double recency, double T, double monetary_value, double horizon,
		 double discount_rate, double period, double *clv)
{
	C360ValueStatus status;
	double		expected_spend;
	double		periods;
	double		previous = 0.0;
	double		discount = 1.0;
	double		factor;
	double		total = 0.0;
	long		count;
	long		k;

	*clv = 0.0;
	/* the purchase model checks its parameters and the history */
	status = c360_purchase_expected(model, 0.0, frequency, recency, T, &previous);
	if (status != C360_VALUE_OK)
		return status;
	status = c360_gamma_gamma_expected_spend(spend, frequency, monetary_value,
											 &expected_spend);
	if (status != C360_VALUE_OK)
		return status;
	if (!isfinite(horizon) || horizon < 0.0 || !isfinite(period) || !(period > 0.0) ||
		!isfinite(discount_rate) || !(discount_rate > -1.0))
		return C360_VALUE_BAD_ARGUMENT;
	if (horizon == 0.0)
		return C360_VALUE_OK;

	/*
	 * K = ceil(horizon / period); a quotient within 1e-9 of a whole number
	 * counts as that number, so 52 weeks in periods of 52/12 give 12.
	 */
	periods = horizon / period;
	if (!(periods <= (double) C360_VALUE_MAX_PERIODS + 0.5))
		return C360_VALUE_BAD_ARGUMENT;
	count = (long) ceil(periods);
	if (fabs(periods - nearbyint(periods)) <= 1e-9 * (periods > 1.0 ? periods : 1.0))
		count = (long) nearbyint(periods);
	if (count < 1)
		count = 1;
	factor = 1.0 / (1.0 + discount_rate);

	for (k = 1; k <= count; k++)
	{
		double		t = (k == count) ? horizon : (double) k * period;
		double		expected;

		if (t > horizon)
			t = horizon;
		status = c360_purchase_expected(model, t, frequency, recency, T, &expected);
		if (status != C360_VALUE_OK)
			return status;
		discount *= factor;
		total += (expected - previous) * discount;
		previous = expected;
	}
	total *= expected_spend;
	if (!isfinite(total))
		return C360_VALUE_NUMERIC;
	*clv = total;
	return C360_VALUE_OK;
}
