/*
 * value_summary_fmgr.c: summaries of customers for the value models.
 *
 *   c360.rfm(ts, amount, observation_end, time_unit)   aggregate, one
 *       customer's transactions -> c360.rfm_summary (lifetimes conventions)
 *   c360.rfm_score, c360.rfm_segment, c360.value_tier
 *   c360.gini(value), c360.pareto_share(value, top_fraction)   aggregates
 *       over the c360.value_histogram state of value_fmgr.c
 *
 * c360.rfm keeps an internal state (one customer's distinct purchase days
 * and two numeric sums) with serialize/deserialize functions, so it runs
 * in parallel workers too; it is meant for GROUP BY customer, where groups
 * are small.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "value_fmgr.h"

/* ---------------------------------------------------------------------
 * c360.rfm
 * ---------------------------------------------------------------------
 */

typedef struct RfmState
{
	TimestampTz end_ts;			/* observation_end */
	Interval	unit;			/* time_unit */
	DateADT		end_day;		/* local date of observation_end */
	double		unit_days;		/* time_unit in days */
	int64		transactions;	/* rows counted */
	TimestampTz first_ts;
	TimestampTz last_ts;
	DateADT		first_day;
	Numeric		total;			/* sum of all amounts */
	Numeric		first_total;	/* sum of the amounts of first_day */
	int32		ndays;			/* days[0..ndays) (may repeat until sorted) */
	int32		capacity;
	DateADT    *days;
} RfmState;

static DateADT
local_day(TimestampTz ts)
{
	return DatumGetDateADT(DirectFunctionCall1(timestamptz_date, TimestampTzGetDatum(ts)));
}

static int
compare_day(const void *a, const void *b)
{
	DateADT		x = *(const DateADT *) a;
	DateADT		y = *(const DateADT *) b;

	return (x > y) - (x < y);
}

/* sort the days and drop repeats */
static void
rfm_unique_days(RfmState *s)
{
	int32		i;
	int32		m = 0;

	if (s->ndays < 2)
		return;
	qsort(s->days, s->ndays, sizeof(DateADT), compare_day);
	for (i = 0; i < s->ndays; i++)
		if (m == 0 || s->days[i] != s->days[m - 1])
			s->days[m++] = s->days[i];
	s->ndays = m;
}

/* room for `more` days (in the state's context) */
static void
rfm_reserve_days(RfmState *s, int32 more, MemoryContext context)
{
	int64		capacity;

	if (s->capacity - s->ndays >= more)
		return;
	rfm_unique_days(s);
	if (s->capacity - s->ndays >= more && s->ndays <= s->capacity / 2)
		return;
	capacity = Max((int64) s->capacity * 2, (int64) s->ndays + more);
	capacity = Max(capacity, 16);
	/* at most one per day of the date range: far below this */
	if ((Size) capacity * sizeof(DateADT) > MaxAllocSize || capacity > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.rfm: too many purchase days for one customer")));
	if (s->days == NULL)
		s->days = MemoryContextAlloc(context, capacity * sizeof(DateADT));
	else
		s->days = repalloc(s->days, capacity * sizeof(DateADT));
	s->capacity = (int32) capacity;
}

static Numeric
amount_sum(Numeric a, Numeric b, MemoryContext context)
{
	MemoryContext old = MemoryContextSwitchTo(context);
	Numeric		r = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a),
														NumericGetDatum(b)));

	MemoryContextSwitchTo(old);
	return r;
}

static Numeric
numeric_copy_to(Numeric n, MemoryContext context)
{
	Numeric		r = MemoryContextAlloc(context, VARSIZE(n));

	memcpy(r, n, VARSIZE(n));
	return r;
}

static void
rfm_check_arguments(TimestampTz end_ts, const Interval *unit)
{
	if (TIMESTAMP_NOT_FINITE(end_ts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm: observation_end must be finite")));
	if (unit->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm: time_unit must not contain months or years"),
				 errdetail("Months and years have no fixed length."),
				 errhint("Use days or weeks, e.g. interval '1 week' or interval '30 days'.")));
	if ((double) unit->day * USECS_PER_DAY + (double) unit->time <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm: time_unit must be greater than zero")));
}

/* rfm_transition(state, ts, amount, observation_end, time_unit) */
PG_FUNCTION_INFO_V1(c360_rfm_transition);
Datum
c360_rfm_transition(PG_FUNCTION_ARGS)
{
	MemoryContext context;
	RfmState   *s = PG_ARGISNULL(0) ? NULL : (RfmState *) PG_GETARG_POINTER(0);
	TimestampTz ts;
	TimestampTz end_ts;
	Interval   *unit;
	Interval	week;
	Numeric		amount;
	DateADT		day;

	if (!AggCheckCallContext(fcinfo, &context))
		elog(ERROR, "c360.rfm transition called outside an aggregate");
	if (PG_ARGISNULL(3) || (PG_NARGS() > 4 && PG_ARGISNULL(4)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("c360.rfm: observation_end and time_unit must not be NULL")));
	end_ts = PG_GETARG_TIMESTAMPTZ(3);
	if (PG_NARGS() > 4)
		unit = PG_GETARG_INTERVAL_P(4);
	else
	{
		/* the three-argument form: one week */
		week.month = 0;
		week.day = 7;
		week.time = 0;
		unit = &week;
	}
	if (s == NULL)
	{
		rfm_check_arguments(end_ts, unit);
		s = MemoryContextAllocZero(context, sizeof(RfmState));
		s->end_ts = end_ts;
		s->unit = *unit;
		s->end_day = local_day(end_ts);
		s->unit_days = ((double) unit->day * USECS_PER_DAY + (double) unit->time) / USECS_PER_DAY;
	}
	else if (end_ts != s->end_ts || unit->day != s->unit.day || unit->time != s->unit.time ||
			 unit->month != s->unit.month)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm: observation_end and time_unit must be the same for every row of a group")));

	/* rows without a time or an amount, or with an infinite time: skipped */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	ts = PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(ts))
		PG_RETURN_POINTER(s);
	amount = PG_GETARG_NUMERIC(2);
	if (numeric_is_nan(amount))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm: amount must not be NaN"),
				 errdetail("The row's values are not shown (customer data).")));
	day = local_day(ts);
	/* after the observation period (calibration): ignored */
	if (day > s->end_day)
		PG_RETURN_POINTER(s);

	if (s->transactions == 0)
	{
		s->first_ts = s->last_ts = ts;
		s->first_day = day;
		s->total = numeric_copy_to(amount, context);
		s->first_total = numeric_copy_to(amount, context);
	}
	else
	{
		Numeric		old = s->total;

		s->total = amount_sum(s->total, amount, context);
		pfree(old);
		if (day < s->first_day)
		{
			pfree(s->first_total);
			s->first_total = numeric_copy_to(amount, context);
			s->first_day = day;
		}
		else if (day == s->first_day)
		{
			old = s->first_total;
			s->first_total = amount_sum(s->first_total, amount, context);
			pfree(old);
		}
		if (ts < s->first_ts)
			s->first_ts = ts;
		if (ts > s->last_ts)
			s->last_ts = ts;
	}
	s->transactions++;
	if (s->ndays == 0 || s->days[s->ndays - 1] != day)
	{
		rfm_reserve_days(s, 1, context);
		s->days[s->ndays++] = day;
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(c360_rfm_combine);
Datum
c360_rfm_combine(PG_FUNCTION_ARGS)
{
	MemoryContext context;
	RfmState   *a = PG_ARGISNULL(0) ? NULL : (RfmState *) PG_GETARG_POINTER(0);
	RfmState   *b = PG_ARGISNULL(1) ? NULL : (RfmState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &context))
		elog(ERROR, "c360.rfm combine called outside an aggregate");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		/* copy b into the aggregate context */
		a = MemoryContextAllocZero(context, sizeof(RfmState));
		*a = *b;
		a->days = NULL;
		a->ndays = a->capacity = 0;
		if (b->transactions > 0)
		{
			a->total = numeric_copy_to(b->total, context);
			a->first_total = numeric_copy_to(b->first_total, context);
		}
		rfm_reserve_days(a, b->ndays, context);
		if (b->ndays > 0)
			memcpy(a->days, b->days, b->ndays * sizeof(DateADT));
		a->ndays = b->ndays;
		PG_RETURN_POINTER(a);
	}
	if (a->end_ts != b->end_ts || a->unit.day != b->unit.day || a->unit.time != b->unit.time)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm: observation_end and time_unit must be the same for every row of a group")));
	if (b->transactions == 0)
		PG_RETURN_POINTER(a);
	if (a->transactions == 0)
	{
		a->total = numeric_copy_to(b->total, context);
		a->first_total = numeric_copy_to(b->first_total, context);
		a->first_day = b->first_day;
		a->first_ts = b->first_ts;
		a->last_ts = b->last_ts;
	}
	else
	{
		a->total = amount_sum(a->total, b->total, context);
		if (b->first_day < a->first_day)
		{
			a->first_total = numeric_copy_to(b->first_total, context);
			a->first_day = b->first_day;
		}
		else if (b->first_day == a->first_day)
			a->first_total = amount_sum(a->first_total, b->first_total, context);
		a->first_ts = Min(a->first_ts, b->first_ts);
		a->last_ts = Max(a->last_ts, b->last_ts);
	}
	a->transactions += b->transactions;
	rfm_reserve_days(a, b->ndays, context);
	memcpy(a->days + a->ndays, b->days, b->ndays * sizeof(DateADT));
	a->ndays += b->ndays;
	PG_RETURN_POINTER(a);
}

/* the fixed part of a serialized state */
typedef struct RfmWire
{
	TimestampTz end_ts;
	Interval	unit;
	DateADT		end_day;
	double		unit_days;
	int64		transactions;
	TimestampTz first_ts;
	TimestampTz last_ts;
	DateADT		first_day;
	int32		ndays;
	uint32		total_size;
	uint32		first_total_size;
} RfmWire;

PG_FUNCTION_INFO_V1(c360_rfm_serialize);
Datum
c360_rfm_serialize(PG_FUNCTION_ARGS)
{
	RfmState   *s = (RfmState *) PG_GETARG_POINTER(0);
	RfmWire		w;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "c360.rfm serialize called outside an aggregate");
	rfm_unique_days(s);
	memset(&w, 0, sizeof(w));
	w.end_ts = s->end_ts;
	w.unit = s->unit;
	w.end_day = s->end_day;
	w.unit_days = s->unit_days;
	w.transactions = s->transactions;
	w.first_ts = s->first_ts;
	w.last_ts = s->last_ts;
	w.first_day = s->first_day;
	w.ndays = s->ndays;
	w.total_size = s->transactions > 0 ? VARSIZE(s->total) : 0;
	w.first_total_size = s->transactions > 0 ? VARSIZE(s->first_total) : 0;
	initStringInfo(&buf);
	appendStringInfoSpaces(&buf, VARHDRSZ);
	appendBinaryStringInfo(&buf, (char *) &w, sizeof(w));
	if (s->transactions > 0)
	{
		appendBinaryStringInfo(&buf, (char *) s->total, w.total_size);
		appendBinaryStringInfo(&buf, (char *) s->first_total, w.first_total_size);
	}
	if (s->ndays > 0)
		appendBinaryStringInfo(&buf, (char *) s->days, s->ndays * sizeof(DateADT));
	SET_VARSIZE(buf.data, buf.len);
	PG_RETURN_BYTEA_P((bytea *) buf.data);
}

PG_FUNCTION_INFO_V1(c360_rfm_deserialize);
Datum
c360_rfm_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(b);
	size_t		len = VARSIZE_ANY_EXHDR(b);
	MemoryContext context;
	RfmWire		w;
	RfmState   *s;

	if (!AggCheckCallContext(fcinfo, &context))
		elog(ERROR, "c360.rfm deserialize called outside an aggregate");
	if (len < sizeof(w))
		elog(ERROR, "c360.rfm: damaged serialized state");
	memcpy(&w, p, sizeof(w));
	if (w.ndays < 0 || len != sizeof(w) + (size_t) w.total_size + w.first_total_size +
		(size_t) w.ndays * sizeof(DateADT))
		elog(ERROR, "c360.rfm: damaged serialized state");
	p += sizeof(w);
	s = MemoryContextAllocZero(context, sizeof(RfmState));
	s->end_ts = w.end_ts;
	s->unit = w.unit;
	s->end_day = w.end_day;
	s->unit_days = w.unit_days;
	s->transactions = w.transactions;
	s->first_ts = w.first_ts;
	s->last_ts = w.last_ts;
	s->first_day = w.first_day;
	if (w.transactions > 0)
	{
		s->total = MemoryContextAlloc(context, w.total_size);
		memcpy(s->total, p, w.total_size);
		p += w.total_size;
		s->first_total = MemoryContextAlloc(context, w.first_total_size);
		memcpy(s->first_total, p, w.first_total_size);
		p += w.first_total_size;
	}
	rfm_reserve_days(s, w.ndays, context);
	if (w.ndays > 0)
		memcpy(s->days, p, w.ndays * sizeof(DateADT));
	s->ndays = w.ndays;
	PG_RETURN_POINTER(s);
}

/*
 * (frequency, recency, t, monetary_value, first_purchase, last_purchase,
 * total_value); NULL when no row counted.
 */
PG_FUNCTION_INFO_V1(c360_rfm_final);
Datum
c360_rfm_final(PG_FUNCTION_ARGS)
{
	RfmState   *s = PG_ARGISNULL(0) ? NULL : (RfmState *) PG_GETARG_POINTER(0);
	RfmState	copy;
	TupleDesc	desc;
	Datum		values[7];
	bool		nulls[7] = {false, false, false, false, false, false, false};
	int64		frequency;
	Numeric		repeat_total;

	if (s == NULL || s->transactions == 0)
		PG_RETURN_NULL();
	/* the state stays as it is (window aggregates call this again) */
	copy = *s;
	copy.days = palloc(Max(s->ndays, 1) * sizeof(DateADT));
	memcpy(copy.days, s->days, s->ndays * sizeof(DateADT));
	rfm_unique_days(&copy);
	frequency = copy.ndays - 1;
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "c360.rfm: composite result type expected");
	desc = BlessTupleDesc(desc);
	values[0] = Int64GetDatum(frequency);
	values[1] = Float8GetDatum((double) (copy.days[copy.ndays - 1] - s->first_day) / s->unit_days);
	values[2] = Float8GetDatum((double) (s->end_day - s->first_day) / s->unit_days);
	if (frequency > 0)
	{
		repeat_total = DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(s->total),
														   NumericGetDatum(s->first_total)));
		values[3] = DirectFunctionCall2(numeric_div, NumericGetDatum(repeat_total),
										NumericGetDatum(int64_to_numeric(frequency)));
	}
	else
		values[3] = NumericGetDatum(int64_to_numeric(0));
	values[4] = TimestampTzGetDatum(s->first_ts);
	values[5] = TimestampTzGetDatum(s->last_ts);
	values[6] = NumericGetDatum(s->total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ---------------------------------------------------------------------
 * scores, segments, tiers
 * ---------------------------------------------------------------------
 */

/*
 * 1..5 from rank() OVER (ORDER BY value) among n: 1 + floor(5 (rank - 1) / n),
 * i.e. by the share of customers with a strictly smaller value, in exact
 * integer arithmetic.  Ties share a rank, so they share a score, and the
 * smallest value always scores 1.
 */
PG_FUNCTION_INFO_V1(c360_rfm_score);
Datum
c360_rfm_score(PG_FUNCTION_ARGS)
{
	int64		rank = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);

	if (n < 1 || rank < 1 || rank > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm_score: rank must be between 1 and customers, customers >= 1"),
				 errhint("Pass rank() OVER (ORDER BY value) and count(*) OVER ().")));
	if (n > PG_INT64_MAX / 5)
		PG_RETURN_INT32((int32) (1 + (rank - 1) / (n / 5 + 1)));
	PG_RETURN_INT32((int32) (1 + 5 * (rank - 1) / n));
}

static int32
score_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	int32		s = PG_GETARG_INT32(argno);

	if (s < 1 || s > 5)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.rfm_segment: %s must be between 1 and 5", name)));
	return s;
}

/*
 * Segments on the recency score r and fm = round((f + m) / 2) (halves up):
 * see docs/reference/value.md for the table.  Every (r, fm) has one.
 */
PG_FUNCTION_INFO_V1(c360_rfm_segment);
Datum
c360_rfm_segment(PG_FUNCTION_ARGS)
{
	int32		r = score_arg(fcinfo, 0, "r_score");
	int32		f = score_arg(fcinfo, 1, "f_score");
	int32		m = score_arg(fcinfo, 2, "m_score");
	int32		fm = (f + m + 1) / 2;
	const char *segment;

	if (r == 5)
		segment = fm >= 4 ? "champions" : fm >= 2 ? "potential loyalist" : "new";
	else if (r == 4)
		segment = fm >= 4 ? "loyal" : fm >= 2 ? "potential loyalist" : "promising";
	else if (r == 3)
		segment = fm >= 4 ? "loyal" : fm == 3 ? "needs attention" : "about to sleep";
	else if (fm == 5)
		segment = "cannot lose";
	else if (fm >= 3)
		segment = "at risk";
	else
		segment = r == 2 ? "hibernating" : "lost";
	PG_RETURN_TEXT_P(cstring_to_text(segment));
}

/* tier of a customer with rank() `rank` (by value, descending) among n */
PG_FUNCTION_INFO_V1(c360_value_tier);
Datum
c360_value_tier(PG_FUNCTION_ARGS)
{
	int64		rank = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	const char *tier;

	if (n < 1 || rank < 1 || rank > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.value_tier: rank must be between 1 and customers, customers >= 1"),
				 errhint("Pass rank() OVER (ORDER BY value DESC) and count(value) OVER ().")));
	/* customers strictly above, as a share: compared exactly in integers */
	rank -= 1;
	if (rank * 100 < n)
		tier = "top 1%";
	else if (rank * 20 < n)
		tier = "top 1-5%";
	else if (rank * 10 < n)
		tier = "top 5-10%";
	else if (rank * 4 < n)
		tier = "top 10-25%";
	else if (rank * 2 < n)
		tier = "top 25-50%";
	else
		tier = "bottom 50%";
	PG_RETURN_TEXT_P(cstring_to_text(tier));
}

/* ---------------------------------------------------------------------
 * gini, pareto_share
 * ---------------------------------------------------------------------
 */

static Datum
values_add(FunctionCallInfo fcinfo, double param, const char *caller)
{
	double		v;
	C360Histogram *h;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	v = PG_GETARG_FLOAT8(1);
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: value must be finite", caller)));
	v += 0.0;
	h = c360_histogram_append(fcinfo, C360_HIST_VALUES, param, &v, caller);
	if (v < 0.0)
		h->flags |= C360_HIST_NEGATIVE;
	PG_RETURN_POINTER(h);
}

PG_FUNCTION_INFO_V1(c360_gini_transition);
Datum
c360_gini_transition(PG_FUNCTION_ARGS)
{
	return values_add(fcinfo, NAN, "c360.gini");
}

PG_FUNCTION_INFO_V1(c360_pareto_share_transition);
Datum
c360_pareto_share_transition(PG_FUNCTION_ARGS)
{
	double		f;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("c360.pareto_share: top_fraction must not be NULL")));
	f = PG_GETARG_FLOAT8(2);
	if (!(f >= 0.0 && f <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.pareto_share: top_fraction must be between 0 and 1")));
	if (!PG_ARGISNULL(0) && c360_histogram_arg(fcinfo, 0, C360_HIST_VALUES)->param != f)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.pareto_share: top_fraction must be the same for every row of a group")));
	return values_add(fcinfo, f, "c360.pareto_share");
}

static int
compare_double_asc(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * The values of the state in argument 0, sorted ascending (a private
 * copy), or NULL when the result is NULL: no state, no values, or a
 * negative value.  *state gets the state.
 */
static double *
final_values(FunctionCallInfo fcinfo, int64 *n, C360Histogram **state)
{
	C360Histogram *h;
	double	   *v;

	if (PG_ARGISNULL(0))
		return NULL;
	h = c360_histogram_arg(fcinfo, 0, C360_HIST_VALUES);
	if (h->count == 0 || (h->flags & C360_HIST_NEGATIVE))
		return NULL;
	v = palloc(h->count * sizeof(double));
	memcpy(v, C360_HIST_ENTRIES(h), h->count * sizeof(double));
	qsort(v, h->count, sizeof(double), compare_double_asc);
	*n = h->count;
	*state = h;
	return v;
}

typedef struct KahanSum
{
	double		sum;
	double		carry;
} KahanSum;

static void
kahan_add(KahanSum *k, double x)
{
	double		y = x - k->carry;
	double		t = k->sum + y;

	k->carry = (t - k->sum) - y;
	k->sum = t;
}

/*
 * Gini = sum_i (2i - n - 1) x_(i) / (n sum x), x sorted ascending, i = 1..n.
 * NULL: no values, a negative value, or a total of 0.
 */
PG_FUNCTION_INFO_V1(c360_gini_final);
Datum
c360_gini_final(PG_FUNCTION_ARGS)
{
	C360Histogram *h;
	double	   *v;
	int64		n;
	int64		i;
	KahanSum	total = {0, 0};
	KahanSum	weighted = {0, 0};

	if ((v = final_values(fcinfo, &n, &h)) == NULL)
		PG_RETURN_NULL();
	for (i = 0; i < n; i++)
	{
		kahan_add(&total, v[i]);
		kahan_add(&weighted, (double) (2 * (i + 1) - n - 1) * v[i]);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (!(total.sum > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(Max(0.0, weighted.sum / ((double) n * total.sum)));
}

/*
 * Share of the total held by the ceil(top_fraction * n) largest values.
 * NULL: no values, a negative value, or a total of 0.
 */
PG_FUNCTION_INFO_V1(c360_pareto_share_final);
Datum
c360_pareto_share_final(PG_FUNCTION_ARGS)
{
	C360Histogram *h;
	double	   *v;
	int64		n;
	int64		i;
	int64		k;
	double		kf;
	KahanSum	total = {0, 0};
	KahanSum	top = {0, 0};

	if ((v = final_values(fcinfo, &n, &h)) == NULL)
		PG_RETURN_NULL();
	kf = h->param * (double) n;
	/* 0.2 * 2357 = 471.4 -> 472; a product within 1e-9 of k counts as k */
	k = (int64) ceil(kf - 1e-9);
	k = Max(0, Min(n, k));
	for (i = n - 1; i >= 0; i--)
	{
		kahan_add(&total, v[i]);
		if (n - 1 - i < k)
			kahan_add(&top, v[i]);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (!(total.sum > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(Min(1.0, top.sum / total.sum));
}
