/*
 * clv_data.c: validation, canonical order and indexing of the data the
 * customer-value models fit, and the small pieces the fits share.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "clv_internal.h"

const char *
c360_value_status_message(C360ValueStatus status)
{
	switch (status)
	{
		case C360_VALUE_OK:
			return "ok";
		case C360_VALUE_EMPTY:
			return "no customers to fit";
		case C360_VALUE_BAD_DATA:
			return "invalid customer data: frequency must be a whole number >= 0, "
				"0 <= recency <= T, recency 0 when frequency is 0, weights >= 0, "
				"monetary value > 0 for repeat buyers, all finite";
		case C360_VALUE_TOO_LARGE:
			return "too many distinct groups or customers";
		case C360_VALUE_NO_REPEAT_BUYERS:
			return "no repeat buyers: the model cannot be fitted";
		case C360_VALUE_NOT_CONVERGED:
			return "the fit did not converge";
		case C360_VALUE_AT_BOUNDARY:
			return "the likelihood has no interior maximum for these data "
				"(a parameter runs to its bound)";
		case C360_VALUE_NUMERIC:
			return "numerical failure (a special function could not be evaluated accurately)";
		case C360_VALUE_BAD_PARAMS:
			return "model parameters must be finite and positive";
		case C360_VALUE_BAD_ARGUMENT:
			return "invalid argument: horizon and period must be finite, horizon >= 0, "
				"period > 0, discount rate > -1, at most 100000 periods";
		case C360_VALUE_UNDEFINED:
			return "the expected value does not exist for these parameters";
	}
	return "unknown status";
}

C360ValueStatus
c360_rfm_check(double frequency, double recency, double T)
{
	if (!isfinite(frequency) || !isfinite(recency) || !isfinite(T))
		return C360_VALUE_BAD_DATA;
	if (frequency < 0.0 || frequency > C360_VALUE_MAX_FREQUENCY ||
		frequency != floor(frequency))
		return C360_VALUE_BAD_DATA;
	if (recency < 0.0 || recency > T)
		return C360_VALUE_BAD_DATA;
	if (frequency == 0.0 && recency != 0.0)
		return C360_VALUE_BAD_DATA;
	return C360_VALUE_OK;
}

C360ValueStatus
c360_spend_check(double frequency, double monetary_value)
{
	if (!isfinite(frequency) || !isfinite(monetary_value))
		return C360_VALUE_BAD_DATA;
	if (frequency < 0.0 || frequency > C360_VALUE_MAX_FREQUENCY ||
		frequency != floor(frequency))
		return C360_VALUE_BAD_DATA;
	if (frequency > 0.0 ? !(monetary_value > 0.0) : monetary_value < 0.0)
		return C360_VALUE_BAD_DATA;
	return C360_VALUE_OK;
}

static int
compare_double(double a, double b)
{
	return (a > b) - (a < b);
}

static int
compare_rfm(const void *pa, const void *pb)
{
	const C360RfmGroup *a = pa;
	const C360RfmGroup *b = pb;
	int			c = compare_double(a->frequency, b->frequency);

	if (c == 0)
		c = compare_double(a->recency, b->recency);
	if (c == 0)
		c = compare_double(a->T, b->T);
	return c;
}

static int
compare_spend(const void *pa, const void *pb)
{
	const C360SpendGroup *a = pa;
	const C360SpendGroup *b = pb;
	int			c = compare_double(a->frequency, b->frequency);

	if (c == 0)
		c = compare_double(a->monetary_value, b->monetary_value);
	return c;
}

/* total += weight, within the customer limit */
static bool
add_weight(int64_t *total, int64_t weight)
{
	if (weight > C360_VALUE_MAX_CUSTOMERS - *total)
		return false;
	*total += weight;
	return true;
}

/* How compress_groups sees one kind of group. */
typedef struct GroupLayout
{
	size_t		size;
	size_t		weight_offset;
	/* validates one group and turns -0.0 into 0.0 (so that they merge) */
	C360ValueStatus (*check) (void *group);
	int			(*compare) (const void *a, const void *b);
} GroupLayout;

static int64_t
group_weight(const char *group, const GroupLayout *layout)
{
	int64_t		w;

	memcpy(&w, group + layout->weight_offset, sizeof(w));
	return w;
}

/*
 * Validate, sort and merge groups in place (see c360_rfm_compress): the
 * same for every kind of group but its fields.
 */
static C360ValueStatus
compress_groups(void *base, size_t n, const GroupLayout *layout, size_t *nout)
{
	char	   *groups = base;
	size_t		i;
	size_t		m = 0;
	int64_t		total = 0;

	*nout = 0;
	if (n > C360_VALUE_MAX_GROUPS)
		return C360_VALUE_TOO_LARGE;
	for (i = 0; i < n; i++)
	{
		char	   *g = groups + i * layout->size;
		C360ValueStatus status = layout->check(g);

		if (status != C360_VALUE_OK)
			return status;
		if (group_weight(g, layout) < 0)
			return C360_VALUE_BAD_DATA;
		if (!add_weight(&total, group_weight(g, layout)))
			return C360_VALUE_TOO_LARGE;
	}
	if (n > 1)
		qsort(groups, n, layout->size, layout->compare);
	for (i = 0; i < n; i++)
	{
		char	   *g = groups + i * layout->size;
		int64_t		w = group_weight(g, layout);

		if (w == 0)
			continue;
		if (m > 0 && layout->compare(groups + (m - 1) * layout->size, g) == 0)
		{
			char	   *last = groups + (m - 1) * layout->size;
			int64_t		sum = group_weight(last, layout) + w;

			memcpy(last + layout->weight_offset, &sum, sizeof(sum));
		}
		else
		{
			if (m != i)
				memcpy(groups + m * layout->size, g, layout->size);
			m++;
		}
	}
	*nout = m;
	return C360_VALUE_OK;
}

static C360ValueStatus
check_rfm_group(void *group)
{
	C360RfmGroup *g = group;

	g->recency += 0.0;
	g->T += 0.0;
	return c360_rfm_check(g->frequency, g->recency, g->T);
}

static C360ValueStatus
check_spend_group(void *group)
{
	C360SpendGroup *g = group;

	g->monetary_value += 0.0;
	return c360_spend_check(g->frequency, g->monetary_value);
}

static const GroupLayout rfm_layout = {
	sizeof(C360RfmGroup), offsetof(C360RfmGroup, weight), check_rfm_group, compare_rfm
};

static const GroupLayout spend_layout = {
	sizeof(C360SpendGroup), offsetof(C360SpendGroup, weight), check_spend_group, compare_spend
};

C360ValueStatus
c360_rfm_compress(C360RfmGroup *groups, size_t n, size_t *nout)
{
	return compress_groups(groups, n, &rfm_layout, nout);
}

C360ValueStatus
c360_spend_compress(C360SpendGroup *groups, size_t n, size_t *nout)
{
	return compress_groups(groups, n, &spend_layout, nout);
}

static int
compare_double_ptr(const void *pa, const void *pb)
{
	return compare_double(*(const double *) pa, *(const double *) pb);
}

static int
compare_u64(const void *pa, const void *pb)
{
	uint64_t	a = *(const uint64_t *) pa;
	uint64_t	b = *(const uint64_t *) pb;

	return (a > b) - (a < b);
}

/* Index of v in the sorted distinct values (v is known to be there). */
static uint32_t
find_double(const double *values, size_t n, double v)
{
	size_t		lo = 0;
	size_t		hi = n;

	while (hi - lo > 1)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (values[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t) lo;
}

static uint32_t
find_u64(const uint64_t *values, size_t n, uint64_t v)
{
	size_t		lo = 0;
	size_t		hi = n;

	while (hi - lo > 1)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (values[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t) lo;
}

static uint64_t
pair_key(size_t x_index, uint32_t u_index)
{
	return ((uint64_t) x_index << 32) | u_index;
}

void
c360_rfm_index_free(C360RfmIndex *index)
{
	void	   *arrays[] = {index->groups, index->weights, index->x_values, index->x_weights,
		index->x_start, index->u_values, index->g_tx, index->g_T, index->pair_x,
	index->pair_u, index->g_pair_tx, index->g_pair_T};
	size_t		i;

	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
		if (arrays[i] != NULL)
			c360_free(arrays[i]);
	memset(index, 0, sizeof(*index));
}

C360ValueStatus
c360_rfm_index_build(const C360RfmGroup *groups, size_t n, bool with_pairs,
					 C360RfmIndex *index)
{
	C360ValueStatus status;
	size_t		g;
	size_t		k;
	size_t		m;
	double	   *times;

	memset(index, 0, sizeof(*index));
	if (n > C360_VALUE_MAX_GROUPS)
		return C360_VALUE_TOO_LARGE;
	index->groups = c360_alloc(sizeof(C360RfmGroup) * (n > 0 ? n : 1));
	if (n > 0)
		memcpy(index->groups, groups, sizeof(C360RfmGroup) * n);
	status = c360_rfm_compress(index->groups, n, &index->ngroups);
	if (status == C360_VALUE_OK && index->ngroups == 0)
		status = C360_VALUE_EMPTY;
	if (status != C360_VALUE_OK)
	{
		c360_rfm_index_free(index);
		return status;
	}
	n = index->ngroups;

	/* weights and the blocks of equal x */
	index->weights = c360_alloc(sizeof(double) * n);
	index->x_start = c360_alloc(sizeof(size_t) * (n + 1));
	index->x_values = c360_alloc(sizeof(double) * n);
	index->x_weights = c360_alloc(sizeof(double) * n);
	for (g = 0; g < n; g++)
	{
		const C360RfmGroup *grp = &index->groups[g];

		index->weights[g] = (double) grp->weight;
		index->customers += grp->weight;
		index->weighted_x += index->weights[g] * grp->frequency;
		if (g == 0 || grp->frequency != index->groups[g - 1].frequency)
		{
			index->x_start[index->nx] = g;
			index->x_values[index->nx] = grp->frequency;
			index->x_weights[index->nx] = 0.0;
			index->nx++;
		}
		index->x_weights[index->nx - 1] += index->weights[g];
	}
	index->x_start[index->nx] = n;
	index->total_weight = (double) index->customers;

	/* the distinct times */
	times = c360_alloc(sizeof(double) * 2 * n);
	for (g = 0; g < n; g++)
	{
		times[2 * g] = index->groups[g].recency;
		times[2 * g + 1] = index->groups[g].T;
	}
	qsort(times, 2 * n, sizeof(double), compare_double_ptr);
	m = 0;
	for (g = 0; g < 2 * n; g++)
		if (m == 0 || times[g] != times[m - 1])
			times[m++] = times[g];
	index->nu = m;
	index->u_values = c360_alloc(sizeof(double) * m);
	memcpy(index->u_values, times, sizeof(double) * m);
	c360_free(times);
	index->g_tx = c360_alloc(sizeof(uint32_t) * n);
	index->g_T = c360_alloc(sizeof(uint32_t) * n);
	for (g = 0; g < n; g++)
	{
		index->g_tx[g] = find_double(index->u_values, m, index->groups[g].recency);
		index->g_T[g] = find_double(index->u_values, m, index->groups[g].T);
	}

	if (with_pairs)
	{
		uint64_t   *keys = c360_alloc(sizeof(uint64_t) * 2 * n);
		/* fits with every t_x = T have no pair at all */
		size_t		nkeys = 0;

		for (k = 0; k < index->nx; k++)
			for (g = index->x_start[k]; g < index->x_start[k + 1]; g++)
			{
				/* with t_x = T the likelihood needs neither */
				if (index->g_tx[g] == index->g_T[g])
					continue;
				keys[nkeys++] = pair_key(k, index->g_T[g]);
				keys[nkeys++] = pair_key(k, index->g_tx[g]);
			}
		qsort(keys, nkeys, sizeof(uint64_t), compare_u64);
		m = 0;
		for (g = 0; g < nkeys; g++)
			if (m == 0 || keys[g] != keys[m - 1])
				keys[m++] = keys[g];
		index->npairs = m;
		index->pair_x = c360_alloc(sizeof(uint32_t) * m);
		index->pair_u = c360_alloc(sizeof(uint32_t) * m);
		for (g = 0; g < m; g++)
		{
			index->pair_x[g] = (uint32_t) (keys[g] >> 32);
			index->pair_u[g] = (uint32_t) (keys[g] & 0xFFFFFFFFu);
		}
		index->g_pair_tx = c360_alloc(sizeof(uint32_t) * n);
		index->g_pair_T = c360_alloc(sizeof(uint32_t) * n);
		for (k = 0; k < index->nx; k++)
			for (g = index->x_start[k]; g < index->x_start[k + 1]; g++)
			{
				if (index->g_tx[g] == index->g_T[g])
				{
					index->g_pair_T[g] = index->g_pair_tx[g] = UINT32_MAX;
					continue;
				}
				index->g_pair_T[g] = find_u64(keys, m, pair_key(k, index->g_T[g]));
				index->g_pair_tx[g] = find_u64(keys, m, pair_key(k, index->g_tx[g]));
			}
		c360_free(keys);
	}
	return C360_VALUE_OK;
}

bool
c360_value_positive4(double p0, double p1, double p2, double p3)
{
	return isfinite(p0) && isfinite(p1) && isfinite(p2) && isfinite(p3) &&
		p0 > 0.0 && p1 > 0.0 && p2 > 0.0 && p3 > 0.0;
}
