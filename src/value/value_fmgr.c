/*
 * value_fmgr.c: the SQL face of the customer-value models.
 *
 *   c360.value_histogram  the aggregate state of every fit (and of gini and
 *                         pareto_share): a varlena of fixed-size entries
 *                         that the transition step appends to in place
 *   c360.bgnbd_fit / pareto_nbd_fit / gamma_gamma_fit   aggregates
 *   c360.bgnbd, c360.pareto_nbd, c360.gamma_gamma       model types
 *   p_alive, expected_purchases, attrition_risk, expected_spend, clv
 *
 * The state is a varlena (not internal) so partial aggregation in parallel
 * workers and on Citus shards can ship it; PostgreSQL has serial/deserial
 * functions only for internal states, so the type's send/recv and text
 * in/out are what move it.
 *
 * In-place growth.  Called as an aggregate, the transition function
 * appends to the state it was given (allocated in the aggregate context)
 * and returns the same pointer, so nothing is copied per row.  When the
 * buffer is full the histogram entries are compressed (sorted, equal ones
 * merged: c360_rfm_compress / c360_spend_compress); only when that frees
 * less than three quarters of it does the buffer double.  A grown buffer is
 * built in the per-call context and returned: the executor copies it into
 * the aggregate context and frees the old state itself (a repalloc of the
 * old state would make it free a pointer that is already gone).  So the
 * buffer's varlena size is its capacity, not its fill.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "clv_models.h"
#include "model_text.h"
#include "value_fmgr.h"

/* ---------------------------------------------------------------------
 * c360.value_histogram
 * ---------------------------------------------------------------------
 */

static size_t
entry_size(int32 kind)
{
	switch (kind)
	{
		case C360_HIST_RFM:
			return sizeof(C360RfmGroup);
		case C360_HIST_SPEND:
			return sizeof(C360SpendGroup);
		case C360_HIST_VALUES:
			return sizeof(double);
	}
	elog(ERROR, "customer360: unknown value_histogram kind %d", (int) kind);
	return 0;
}

static const char *
kind_name(int32 kind)
{
	switch (kind)
	{
		case C360_HIST_RFM:
			return "rfm";
		case C360_HIST_SPEND:
			return "spend";
		case C360_HIST_VALUES:
			return "values";
	}
	return "?";
}

static int
kind_fields(int32 kind)
{
	switch (kind)
	{
		case C360_HIST_RFM:
			return 4;
		case C360_HIST_SPEND:
			return 3;
		default:
			return 1;
	}
}

/* The most entries a state may hold: work_mem, and a varlena's 1 GB. */
static int64
budget_entries(int32 kind)
{
	int64		bytes = (int64) work_mem * 1024;

	if (bytes > (int64) MaxAllocSize - (int64) C360_HIST_HEADER)
		bytes = (int64) MaxAllocSize - (int64) C360_HIST_HEADER;
	return bytes / (int64) entry_size(kind);
}

static void
budget_error(const char *caller, int32 kind, int64 needed)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s ran out of work_mem", caller),
			 errdetail("Its state needs room for more than %lld %s (%zu bytes each); work_mem is %d kB.",
					   (long long) needed,
					   kind == C360_HIST_VALUES ? "values" : "distinct histories",
					   entry_size(kind), work_mem),
			 errhint(kind == C360_HIST_VALUES
					 ? "Raise work_mem for this statement, e.g. SET work_mem = '256MB'."
					 : "Raise work_mem for this statement, e.g. SET work_mem = '256MB', "
					 "or round recency and t (e.g. to whole days) so that more customers share a history.")));
}

/* A new, empty buffer in the current memory context. */
static C360Histogram *
histogram_new(int32 kind, int64 capacity, double param)
{
	size_t		bytes = C360_HIST_HEADER + (size_t) capacity * entry_size(kind);
	C360Histogram *h = palloc(bytes);

	SET_VARSIZE(h, bytes);
	h->kind = kind;
	h->flags = 0;
	h->count = 0;
	h->capacity = capacity;
	h->param = param;
	return h;
}

/* Sort and merge the entries of a histogram in place (values: no-op). */
static void
histogram_compress(C360Histogram *h)
{
	C360ValueStatus status = C360_VALUE_OK;
	size_t		nout = (size_t) h->count;

	if (h->count < 2)
		return;
	if (h->kind == C360_HIST_RFM)
		status = c360_rfm_compress((C360RfmGroup *) C360_HIST_ENTRIES(h), (size_t) h->count, &nout);
	else if (h->kind == C360_HIST_SPEND)
		status = c360_spend_compress((C360SpendGroup *) C360_HIST_ENTRIES(h), (size_t) h->count, &nout);
	else
		return;
	if (status != C360_VALUE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("customer360: value histogram: %s", c360_value_status_message(status))));
	h->count = (int64) nout;
}

/*
 * Make room for `more` entries.  Returns h itself when it had room, else a
 * new buffer in the current context holding h's entries (h is untouched
 * then, except that it may have been compressed in place).
 */
static C360Histogram *
histogram_reserve(C360Histogram *h, int64 more, const char *caller)
{
	int64		budget = budget_entries(h->kind);
	int64		capacity;
	C360Histogram *grown;

	if (h->capacity - h->count >= more)
		return h;
	if (h->kind != C360_HIST_VALUES)
	{
		histogram_compress(h);
		/* keep compressing while that frees at least 3/4 of the buffer */
		if (h->capacity - h->count >= more && h->count <= h->capacity / 4)
			return h;
	}
	capacity = Max(h->capacity * 2, h->count + more);
	if (capacity > budget)
	{
		/*
		 * At the budget, keep an eighth of it free after compression: with
		 * less, the buffer would be sorted every few rows.
		 */
		capacity = budget;
		if (h->count + more > capacity - (h->kind == C360_HIST_VALUES ? 0 : capacity / 8))
			budget_error(caller, h->kind, h->count + more);
		if (capacity <= h->capacity)
			return h;			/* it fits as it is, after compression */
	}
	grown = histogram_new(h->kind, capacity, h->param);
	grown->count = h->count;
	grown->flags = h->flags;
	memcpy(C360_HIST_ENTRIES(grown), C360_HIST_ENTRIES(h), (size_t) h->count * entry_size(h->kind));
	return grown;
}

/*
 * The state argument of a transition or combine function, writable: as an
 * aggregate, the state itself; called directly, a private copy.
 */
static C360Histogram *
writable_state(FunctionCallInfo fcinfo)
{
	if (AggCheckCallContext(fcinfo, NULL))
		return (C360Histogram *) PG_GETARG_POINTER(0);
	return (C360Histogram *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
}

/* A histogram argument for reading (aligned, detoasted), checked. */
C360Histogram *
c360_histogram_arg(FunctionCallInfo fcinfo, int argno, int32 kind)
{
	C360Histogram *h = (C360Histogram *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (VARSIZE(h) < C360_HIST_HEADER || h->kind != kind ||
		h->count < 0 || h->count > h->capacity ||
		VARSIZE(h) < C360_HIST_HEADER + (size_t) h->capacity * entry_size(kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.value_histogram of kind \"%s\" expected, got a different or damaged one",
						kind_name(kind))));
	return h;
}

C360Histogram *
c360_histogram_append(FunctionCallInfo fcinfo, int32 kind, double param,
					  const void *entry, const char *caller)
{
	C360Histogram *h;
	C360Histogram *out;

	if (PG_ARGISNULL(0))
		h = histogram_new(kind, C360_HIST_INITIAL, param);
	else
	{
		h = writable_state(fcinfo);
		if (h->kind != kind)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: the state is a value_histogram of another kind", caller)));
	}
	out = histogram_reserve(h, 1, caller);
	memcpy(C360_HIST_ENTRIES(out) + (size_t) out->count * entry_size(kind), entry,
		   entry_size(kind));
	out->count++;
	return out;
}

/*
 * Combine: non-strict so that the first partial state is copied by us into
 * a buffer with room (the executor would copy it as it is).
 */
PG_FUNCTION_INFO_V1(c360_value_histogram_combine);
Datum
c360_value_histogram_combine(PG_FUNCTION_ARGS)
{
	C360Histogram *b;
	C360Histogram *a;
	C360Histogram *out;
	size_t		esize;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	b = (C360Histogram *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	if (VARSIZE(b) < C360_HIST_HEADER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.value_histogram is damaged")));
	b = c360_histogram_arg(fcinfo, 1, b->kind);
	esize = entry_size(b->kind);
	if (PG_ARGISNULL(0))
	{
		a = histogram_new(b->kind, Max(b->count, C360_HIST_INITIAL), b->param);
		a->flags = b->flags;
		a->count = b->count;
		memcpy(C360_HIST_ENTRIES(a), C360_HIST_ENTRIES(b), (size_t) b->count * esize);
		PG_RETURN_POINTER(a);
	}
	a = writable_state(fcinfo);
	if (a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine value_histograms of different kinds")));
	if (a->kind == C360_HIST_VALUES && !(a->param == b->param ||
										 (isnan(a->param) && isnan(b->param))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine pareto_share states with different top fractions")));
	out = histogram_reserve(a, b->count, "a customer-value aggregate");
	memcpy(C360_HIST_ENTRIES(out) + (size_t) out->count * esize, C360_HIST_ENTRIES(b),
		   (size_t) b->count * esize);
	out->count += b->count;
	out->flags |= b->flags;
	PG_RETURN_POINTER(out);
}

/*
 * The shortest decimal that reads back as v (independent of
 * extra_float_digits, so the text form round-trips).
 */
static char *
dbl(double v)
{
	char	   *buf = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);

	double_to_shortest_decimal_buf(v, buf);
	return buf;
}

/* text form: "rfm: x:t_x:T:weight ...", "spend: x:m:weight ...", "values: v ..." */
PG_FUNCTION_INFO_V1(c360_value_histogram_out);
Datum
c360_value_histogram_out(PG_FUNCTION_ARGS)
{
	C360Histogram *h = (C360Histogram *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		i;

	h = c360_histogram_arg(fcinfo, 0, h->kind);
	initStringInfo(&buf);
	appendStringInfoString(&buf, kind_name(h->kind));
	if (h->kind == C360_HIST_VALUES && !isnan(h->param))
		appendStringInfo(&buf, "(%s)", dbl(h->param));
	appendStringInfoChar(&buf, ':');
	for (i = 0; i < h->count; i++)
	{
		const char *e = C360_HIST_ENTRIES(h) + (size_t) i * entry_size(h->kind);

		if (h->kind == C360_HIST_RFM)
		{
			const C360RfmGroup *g = (const C360RfmGroup *) e;

			appendStringInfo(&buf, " %s:%s:%s:%lld", dbl(g->frequency),
							 dbl(g->recency), dbl(g->T),
							 (long long) g->weight);
		}
		else if (h->kind == C360_HIST_SPEND)
		{
			const C360SpendGroup *g = (const C360SpendGroup *) e;

			appendStringInfo(&buf, " %s:%s:%lld", dbl(g->frequency),
							 dbl(g->monetary_value), (long long) g->weight);
		}
		else
		{
			double		v;

			memcpy(&v, e, sizeof(v));
			appendStringInfo(&buf, " %s", dbl(v));
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

static void
histogram_syntax_error(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type c360.value_histogram: %s", why),
			 errhint("The form is \"rfm: x:recency:t:weight ...\", \"spend: x:monetary_value:weight ...\" or \"values[(top_fraction)]: value ...\".")));
}

static double
read_number(char **p, char stop_a, char stop_b)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(*p, &end);
	if (end == *p || (*end != stop_a && *end != stop_b && *end != '\0'))
		histogram_syntax_error("a value is not a number");
	*p = end;
	return v;
}

PG_FUNCTION_INFO_V1(c360_value_histogram_in);
Datum
c360_value_histogram_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	char	   *p = s;
	int32		kind;
	double		param = NAN;
	C360Histogram *h;
	int64		n = 0;
	int64		i;

	while (*p == ' ')
		p++;
	if (strncmp(p, "rfm", 3) == 0)
		kind = C360_HIST_RFM, p += 3;
	else if (strncmp(p, "spend", 5) == 0)
		kind = C360_HIST_SPEND, p += 5;
	else if (strncmp(p, "values", 6) == 0)
	{
		kind = C360_HIST_VALUES;
		p += 6;
		if (*p == '(')
		{
			p++;
			param = read_number(&p, ')', ')');
			if (*p != ')' || !(param >= 0.0 && param <= 1.0))
				histogram_syntax_error("the top fraction must be a number in [0, 1]");
			p++;
		}
	}
	else
	{
		histogram_syntax_error("unknown kind (rfm, spend or values)");
		PG_RETURN_NULL();		/* keep the compiler quiet */
	}
	if (*p != ':')
		histogram_syntax_error("\":\" expected after the kind");
	p++;
	/* count the entries: blank-separated words */
	{
		char	   *q = p;

		while (*q)
		{
			while (*q == ' ')
				q++;
			if (*q == '\0')
				break;
			n++;
			while (*q && *q != ' ')
				q++;
		}
	}
	if (n > budget_entries(kind))
		budget_error("c360.value_histogram input", kind, n);
	h = histogram_new(kind, Max(n, 1), param);
	for (i = 0; i < n; i++)
	{
		double		f[4];
		int			k;
		int			fields = kind_fields(kind);
		char	   *e = C360_HIST_ENTRIES(h) + (size_t) i * entry_size(kind);

		while (*p == ' ')
			p++;
		for (k = 0; k < fields; k++)
		{
			if (k > 0)
			{
				if (*p != ':')
					histogram_syntax_error("an entry has too few fields");
				p++;
			}
			f[k] = read_number(&p, k + 1 < fields ? ':' : ' ', ' ');
		}
		if (*p != ' ' && *p != '\0')
			histogram_syntax_error("an entry has too many fields");
		if (kind == C360_HIST_RFM)
		{
			C360RfmGroup g = {f[0], f[1], f[2], (int64) f[3]};

			if (c360_rfm_check(f[0], f[1], f[2]) != C360_VALUE_OK ||
				!(f[3] >= 0.0 && f[3] <= (double) C360_VALUE_MAX_CUSTOMERS) || f[3] != floor(f[3]))
				histogram_syntax_error("an entry is not a valid (frequency, recency, t, weight)");
			memcpy(e, &g, sizeof(g));
		}
		else if (kind == C360_HIST_SPEND)
		{
			C360SpendGroup g = {f[0], f[1], (int64) f[2]};

			if (c360_spend_check(f[0], f[1]) != C360_VALUE_OK ||
				!(f[2] >= 0.0 && f[2] <= (double) C360_VALUE_MAX_CUSTOMERS) || f[2] != floor(f[2]))
				histogram_syntax_error("an entry is not a valid (frequency, monetary_value, weight)");
			memcpy(e, &g, sizeof(g));
		}
		else
		{
			if (!isfinite(f[0]))
				histogram_syntax_error("a value is not finite");
			if (f[0] < 0.0)
				h->flags |= C360_HIST_NEGATIVE;
			memcpy(e, &f[0], sizeof(double));
		}
		h->count++;
	}
	PG_RETURN_POINTER(h);
}

PG_FUNCTION_INFO_V1(c360_value_histogram_send);
Datum
c360_value_histogram_send(PG_FUNCTION_ARGS)
{
	C360Histogram *h = (C360Histogram *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		i;

	h = c360_histogram_arg(fcinfo, 0, h->kind);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, h->kind);
	pq_sendint32(&buf, h->flags);
	pq_sendfloat8(&buf, h->param);
	pq_sendint64(&buf, h->count);
	for (i = 0; i < h->count; i++)
	{
		const char *e = C360_HIST_ENTRIES(h) + (size_t) i * entry_size(h->kind);

		if (h->kind == C360_HIST_RFM)
		{
			const C360RfmGroup *g = (const C360RfmGroup *) e;

			pq_sendfloat8(&buf, g->frequency);
			pq_sendfloat8(&buf, g->recency);
			pq_sendfloat8(&buf, g->T);
			pq_sendint64(&buf, g->weight);
		}
		else if (h->kind == C360_HIST_SPEND)
		{
			const C360SpendGroup *g = (const C360SpendGroup *) e;

			pq_sendfloat8(&buf, g->frequency);
			pq_sendfloat8(&buf, g->monetary_value);
			pq_sendint64(&buf, g->weight);
		}
		else
		{
			double		v;

			memcpy(&v, e, sizeof(v));
			pq_sendfloat8(&buf, v);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(c360_value_histogram_recv);
Datum
c360_value_histogram_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		kind = pq_getmsgint(buf, 4);
	int32		flags = pq_getmsgint(buf, 4);
	double		param = pq_getmsgfloat8(buf);
	int64		n = pq_getmsgint64(buf);
	C360Histogram *h;
	int64		i;

	if (kind != C360_HIST_RFM && kind != C360_HIST_SPEND && kind != C360_HIST_VALUES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid c360.value_histogram: unknown kind")));
	if (n < 0 || n > (int64) (buf->len - buf->cursor) / (int64) entry_size(kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid c360.value_histogram: bad entry count")));
	if (kind == C360_HIST_VALUES && !isnan(param) && !(param >= 0.0 && param <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid c360.value_histogram: top fraction out of range")));
	h = histogram_new(kind, Max(n, 1), param);
	/* the only flag is recomputed from the values */
	(void) flags;
	for (i = 0; i < n; i++)
	{
		char	   *e = C360_HIST_ENTRIES(h) + (size_t) i * entry_size(kind);
		bool		ok;

		if (kind == C360_HIST_RFM)
		{
			C360RfmGroup g;

			g.frequency = pq_getmsgfloat8(buf);
			g.recency = pq_getmsgfloat8(buf);
			g.T = pq_getmsgfloat8(buf);
			g.weight = pq_getmsgint64(buf);
			ok = c360_rfm_check(g.frequency, g.recency, g.T) == C360_VALUE_OK && g.weight >= 0;
			memcpy(e, &g, sizeof(g));
		}
		else if (kind == C360_HIST_SPEND)
		{
			C360SpendGroup g;

			g.frequency = pq_getmsgfloat8(buf);
			g.monetary_value = pq_getmsgfloat8(buf);
			g.weight = pq_getmsgint64(buf);
			ok = c360_spend_check(g.frequency, g.monetary_value) == C360_VALUE_OK && g.weight >= 0;
			memcpy(e, &g, sizeof(g));
		}
		else
		{
			double		v = pq_getmsgfloat8(buf);

			ok = isfinite(v);
			if (v < 0.0)
				h->flags |= C360_HIST_NEGATIVE;
			memcpy(e, &v, sizeof(v));
		}
		if (!ok)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid c360.value_histogram: an entry is out of range")));
		h->count++;
	}
	pq_getmsgend(buf);
	PG_RETURN_POINTER(h);
}

/* ---------------------------------------------------------------------
 * transition steps of the fits
 * ---------------------------------------------------------------------
 */

static void
history_error(const char *caller, const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: invalid customer history: %s", caller, problem),
			 errhint("frequency is a whole number of repeat purchases >= 0, 0 <= recency <= t, recency = 0 when frequency = 0; the row's values are not shown (customer data).")));
}

/* the first rule a history breaks (NULL when it is valid) */
static const char *
frequency_problem(double x)
{
	if (!isfinite(x))
		return "frequency is not finite";
	if (x < 0.0)
		return "frequency is negative";
	if (x != floor(x))
		return "frequency is not a whole number";
	if (x > C360_VALUE_MAX_FREQUENCY)
		return "frequency is above 1e9";
	return NULL;
}

static const char *
history_problem(double x, double tx, double T)
{
	const char *p = frequency_problem(x);

	if (p != NULL)
		return p;
	if (!isfinite(tx) || !isfinite(T))
		return "recency or t is not finite";
	if (tx < 0.0)
		return "recency is negative";
	if (tx > T)
		return "recency is greater than t";
	if (x == 0.0 && tx != 0.0)
		return "recency is not 0 although frequency is 0";
	return NULL;
}

static void
interrupt_tick(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

PG_FUNCTION_INFO_V1(c360_rfm_histogram_add);
Datum
c360_rfm_histogram_add(PG_FUNCTION_ARGS)
{
	C360RfmGroup g;
	const char *problem;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		/* rows with a NULL are skipped, like other aggregates do */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	g.frequency = PG_GETARG_FLOAT8(1);
	g.recency = PG_GETARG_FLOAT8(2);
	g.T = PG_GETARG_FLOAT8(3);
	g.weight = 1;
	if ((problem = history_problem(g.frequency, g.recency, g.T)) != NULL)
		history_error("customer-value fit", problem);
	/* -0.0 and 0.0 are one history */
	g.recency += 0.0;
	g.T += 0.0;
	PG_RETURN_POINTER(c360_histogram_append(fcinfo, C360_HIST_RFM, NAN, &g,
											"customer-value fit"));
}

PG_FUNCTION_INFO_V1(c360_spend_histogram_add);
Datum
c360_spend_histogram_add(PG_FUNCTION_ARGS)
{
	C360SpendGroup g;
	const char *problem;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	g.frequency = PG_GETARG_FLOAT8(1);
	g.monetary_value = PG_GETARG_FLOAT8(2);
	g.weight = 1;
	if ((problem = frequency_problem(g.frequency)) != NULL)
		history_error("c360.gamma_gamma_fit", problem);
	if (!isfinite(g.monetary_value))
		history_error("c360.gamma_gamma_fit", "monetary_value is not finite");
	if (g.monetary_value < 0.0)
		history_error("c360.gamma_gamma_fit", "monetary_value is negative");
	if (g.frequency > 0.0 && g.monetary_value == 0.0)
		history_error("c360.gamma_gamma_fit", "monetary_value is 0 for a repeat buyer");
	g.monetary_value += 0.0;
	PG_RETURN_POINTER(c360_histogram_append(fcinfo, C360_HIST_SPEND, NAN, &g,
											"c360.gamma_gamma_fit"));
}

/* ---------------------------------------------------------------------
 * fits and model values
 * ---------------------------------------------------------------------
 */

StaticAssertDecl(sizeof(C360ModelValue) == 56, "c360 model types are declared with INTERNALLENGTH = 56");

static C360ModelValue *
model_from_fit(C360ModelKind kind, const double *params, const C360FitInfo *info)
{
	C360ModelValue *m = palloc0(sizeof(C360ModelValue));
	int			i;

	for (i = 0; i < c360_model_param_count(kind); i++)
		m->param[i] = params[i];
	m->kind = kind;
	m->status = info->status;
	m->log_likelihood = info->log_likelihood;
	m->customers = info->customers;
	return m;
}

/*
 * What a fit status means for SQL: a model (converged or not: the status
 * says), NULL (nothing to fit), or an error.
 */
static bool
fit_result_is_model(const char *caller, C360ValueStatus status)
{
	switch (status)
	{
		case C360_VALUE_OK:
		case C360_VALUE_NOT_CONVERGED:
		case C360_VALUE_AT_BOUNDARY:
			return true;
		case C360_VALUE_EMPTY:
		case C360_VALUE_NO_REPEAT_BUYERS:
			return false;
		case C360_VALUE_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: %s", caller, c360_value_status_message(status)),
					 errdetail("At most %zu distinct histories and 2^53 customers.",
							   (size_t) C360_VALUE_MAX_GROUPS)));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s: %s", caller, c360_value_status_message(status))));
	}
	return false;
}

/*
 * Final step of the three fits: the fit of the histogram in argument 0 as
 * a model value, or NULL (see fit_result_is_model).
 */
static Datum
fit_final(FunctionCallInfo fcinfo, C360ModelKind kind)
{
	C360Histogram *h;
	C360FitOptions options;
	C360FitInfo info;
	C360ValueStatus status;
	double		params[4] = {0, 0, 0, 0};
	const char *caller;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	h = c360_histogram_arg(fcinfo, 0, kind == C360_MODEL_GAMMA_GAMMA ? C360_HIST_SPEND : C360_HIST_RFM);
	memset(&options, 0, sizeof(options));
	options.check_interrupts = interrupt_tick;
	if (kind == C360_MODEL_BGNBD)
	{
		C360Bgnbd	m;

		caller = "c360.bgnbd_fit";
		status = c360_bgnbd_fit((const C360RfmGroup *) C360_HIST_ENTRIES(h), (size_t) h->count,
								&options, &m, &info);
		params[0] = m.r, params[1] = m.alpha, params[2] = m.a, params[3] = m.b;
	}
	else if (kind == C360_MODEL_PARETO_NBD)
	{
		C360ParetoNbd m;

		caller = "c360.pareto_nbd_fit";
		status = c360_pareto_nbd_fit((const C360RfmGroup *) C360_HIST_ENTRIES(h),
									 (size_t) h->count, &options, &m, &info);
		params[0] = m.r, params[1] = m.alpha, params[2] = m.s, params[3] = m.beta;
	}
	else
	{
		C360GammaGamma m;

		caller = "c360.gamma_gamma_fit";
		status = c360_gamma_gamma_fit((const C360SpendGroup *) C360_HIST_ENTRIES(h),
									  (size_t) h->count, &options, &m, &info);
		params[0] = m.p, params[1] = m.q, params[2] = m.gamma;
	}
	if (!fit_result_is_model(caller, status))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(model_from_fit(kind, params, &info));
}

PG_FUNCTION_INFO_V1(c360_bgnbd_fit_final);
Datum
c360_bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	return fit_final(fcinfo, C360_MODEL_BGNBD);
}

PG_FUNCTION_INFO_V1(c360_pareto_nbd_fit_final);
Datum
c360_pareto_nbd_fit_final(PG_FUNCTION_ARGS)
{
	return fit_final(fcinfo, C360_MODEL_PARETO_NBD);
}

PG_FUNCTION_INFO_V1(c360_gamma_gamma_fit_final);
Datum
c360_gamma_gamma_fit_final(PG_FUNCTION_ARGS)
{
	return fit_final(fcinfo, C360_MODEL_GAMMA_GAMMA);
}

static const char *
model_type_name(C360ModelKind kind)
{
	switch (kind)
	{
		case C360_MODEL_BGNBD:
			return "c360.bgnbd";
		case C360_MODEL_PARETO_NBD:
			return "c360.pareto_nbd";
		case C360_MODEL_GAMMA_GAMMA:
			return "c360.gamma_gamma";
	}
	return "?";
}

static Datum
model_in(FunctionCallInfo fcinfo, C360ModelKind kind)
{
	char	   *s = PG_GETARG_CSTRING(0);
	C360ModelValue *m = palloc0(sizeof(C360ModelValue));
	size_t		pos;
	C360ModelParse r = c360_model_parse(kind, s, strlen(s), m, &pos);

	if (r != C360_MODEL_PARSE_OK)
	{
		StringInfoData expected;
		int			i;

		initStringInfo(&expected);
		for (i = 0; i < c360_model_param_count(kind); i++)
			appendStringInfo(&expected, "%s%s=...", i > 0 ? "," : "(",
							 c360_model_param_name(kind, i));
		appendStringInfoString(&expected, "[,log_likelihood=...,customers=...,status=...])");
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s at character %zu: %s",
						model_type_name(kind), pos + 1, c360_model_parse_message(r)),
				 errhint("The form is %s.", expected.data)));
	}
	PG_RETURN_POINTER(m);
}

static C360ModelValue *
model_arg(FunctionCallInfo fcinfo, int argno, C360ModelKind kind)
{
	C360ModelValue *m = (C360ModelValue *) PG_GETARG_POINTER(argno);

	/* a value of another of our types cannot arrive here (SQL typing) */
	if (m->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("%s value is damaged", model_type_name(kind))));
	return m;
}

static Datum
model_out(FunctionCallInfo fcinfo, C360ModelKind kind)
{
	C360ModelValue *m = model_arg(fcinfo, 0, kind);
	char	   *buf = palloc(C360_MODEL_TEXT_MAX);

	c360_model_format(m, buf, C360_MODEL_TEXT_MAX);
	PG_RETURN_CSTRING(buf);
}

static Datum
model_send(FunctionCallInfo fcinfo, C360ModelKind kind)
{
	C360ModelValue *m = model_arg(fcinfo, 0, kind);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	for (i = 0; i < 4; i++)
		pq_sendfloat8(&buf, m->param[i]);
	pq_sendfloat8(&buf, m->log_likelihood);
	pq_sendint64(&buf, m->customers);
	pq_sendint32(&buf, m->status);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static Datum
model_recv(FunctionCallInfo fcinfo, C360ModelKind kind)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	C360ModelValue *m = palloc0(sizeof(C360ModelValue));
	bool		ok = true;
	int			i;

	m->kind = kind;
	for (i = 0; i < 4; i++)
		m->param[i] = pq_getmsgfloat8(buf);
	m->log_likelihood = pq_getmsgfloat8(buf);
	m->customers = pq_getmsgint64(buf);
	m->status = pq_getmsgint(buf, 4);
	pq_getmsgend(buf);
	for (i = 0; i < c360_model_param_count(kind); i++)
		ok = ok && isfinite(m->param[i]) && m->param[i] > 0.0;
	for (; i < 4; i++)
		ok = ok && m->param[i] == 0.0;
	if (m->status == C360_MODEL_GIVEN)
		ok = ok && m->log_likelihood == 0.0 && m->customers == 0;
	else
		ok = ok && c360_model_status_token(m->status) != NULL && isfinite(m->log_likelihood) &&
			m->customers >= 1;
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", model_type_name(kind))));
	PG_RETURN_POINTER(m);
}

#define MODEL_IO(prefix, kind) \
PG_FUNCTION_INFO_V1(c360_##prefix##_in); \
Datum c360_##prefix##_in(PG_FUNCTION_ARGS) { return model_in(fcinfo, kind); } \
PG_FUNCTION_INFO_V1(c360_##prefix##_out); \
Datum c360_##prefix##_out(PG_FUNCTION_ARGS) { return model_out(fcinfo, kind); } \
PG_FUNCTION_INFO_V1(c360_##prefix##_send); \
Datum c360_##prefix##_send(PG_FUNCTION_ARGS) { return model_send(fcinfo, kind); } \
PG_FUNCTION_INFO_V1(c360_##prefix##_recv); \
Datum c360_##prefix##_recv(PG_FUNCTION_ARGS) { return model_recv(fcinfo, kind); }

MODEL_IO(bgnbd, C360_MODEL_BGNBD)
MODEL_IO(pareto_nbd, C360_MODEL_PARETO_NBD)
MODEL_IO(gamma_gamma, C360_MODEL_GAMMA_GAMMA)

/* (params..., log_likelihood, customers, converged, status) */
static Datum
model_params(FunctionCallInfo fcinfo, C360ModelKind kind)
{
	C360ModelValue *m = model_arg(fcinfo, 0, kind);
	TupleDesc	desc;
	Datum		values[8];
	bool		nulls[8];
	int			n = c360_model_param_count(kind);
	int			i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "customer360: %s parameters: composite result type expected", model_type_name(kind));
	desc = BlessTupleDesc(desc);
	memset(nulls, 0, sizeof(nulls));
	for (i = 0; i < n; i++)
		values[i] = Float8GetDatum(m->param[i]);
	if (m->status == C360_MODEL_GIVEN)
	{
		nulls[n] = nulls[n + 1] = nulls[n + 2] = true;
		values[n] = values[n + 1] = values[n + 2] = (Datum) 0;
	}
	else
	{
		values[n] = Float8GetDatum(m->log_likelihood);
		values[n + 1] = Int64GetDatum(m->customers);
		values[n + 2] = BoolGetDatum(m->status == C360_VALUE_OK);
	}
	values[n + 3] = CStringGetTextDatum(c360_model_status_token(m->status));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

PG_FUNCTION_INFO_V1(c360_bgnbd_params);
Datum
c360_bgnbd_params(PG_FUNCTION_ARGS)
{
	return model_params(fcinfo, C360_MODEL_BGNBD);
}

PG_FUNCTION_INFO_V1(c360_pareto_nbd_params);
Datum
c360_pareto_nbd_params(PG_FUNCTION_ARGS)
{
	return model_params(fcinfo, C360_MODEL_PARETO_NBD);
}

PG_FUNCTION_INFO_V1(c360_gamma_gamma_params);
Datum
c360_gamma_gamma_params(PG_FUNCTION_ARGS)
{
	return model_params(fcinfo, C360_MODEL_GAMMA_GAMMA);
}

/* ---------------------------------------------------------------------
 * predictions
 * ---------------------------------------------------------------------
 */

/* The purchase model of argument 0, whichever of the two types it is. */
static void
purchase_arg(FunctionCallInfo fcinfo, C360PurchaseModel *out)
{
	C360ModelValue *m = (C360ModelValue *) PG_GETARG_POINTER(0);

	if (m->kind != C360_MODEL_BGNBD && m->kind != C360_MODEL_PARETO_NBD)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("purchase model value is damaged")));
	c360_model_to_purchase(m, out);
}

static void
check_horizon(const char *caller, double horizon)
{
	if (!isfinite(horizon) || horizon < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: horizon must be a finite number >= 0", caller)));
}

/* a prediction's status: a number, or NULL for data it does not apply to */
static bool
prediction_ok(C360ValueStatus status)
{
	/* BAD_DATA, NUMERIC, UNDEFINED: documented NULL (row-level data) */
	return status == C360_VALUE_OK;
}

/* p_alive(model, frequency, recency, t); attrition_risk is 1 - it */
static Datum
p_alive_common(FunctionCallInfo fcinfo, bool attrition)
{
	C360PurchaseModel model;
	double		p;

	purchase_arg(fcinfo, &model);
	if (!prediction_ok(c360_purchase_p_alive(&model, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
											 PG_GETARG_FLOAT8(3), &p)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(attrition ? 1.0 - p : p);
}

PG_FUNCTION_INFO_V1(c360_p_alive);
Datum
c360_p_alive(PG_FUNCTION_ARGS)
{
	return p_alive_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(c360_attrition_risk);
Datum
c360_attrition_risk(PG_FUNCTION_ARGS)
{
	return p_alive_common(fcinfo, true);
}

/* expected_purchases(model, horizon, frequency, recency, t) */
PG_FUNCTION_INFO_V1(c360_expected_purchases);
Datum
c360_expected_purchases(PG_FUNCTION_ARGS)
{
	C360PurchaseModel model;
	double		horizon = PG_GETARG_FLOAT8(1);
	double		e;

	purchase_arg(fcinfo, &model);
	check_horizon("c360.expected_purchases", horizon);
	if (!prediction_ok(c360_purchase_expected(&model, horizon, PG_GETARG_FLOAT8(2),
											  PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4), &e)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(e);
}

/* expected_spend(gg, frequency, monetary_value) */
PG_FUNCTION_INFO_V1(c360_expected_spend);
Datum
c360_expected_spend(PG_FUNCTION_ARGS)
{
	C360GammaGamma gg;
	double		e;

	c360_model_to_gamma_gamma(model_arg(fcinfo, 0, C360_MODEL_GAMMA_GAMMA), &gg);
	if (!prediction_ok(c360_gamma_gamma_expected_spend(&gg, PG_GETARG_FLOAT8(1),
													   PG_GETARG_FLOAT8(2), &e)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(e);
}

/*
 * clv(model, gg, frequency, recency, t, monetary_value, horizon,
 *     discount_rate, period)
 */
PG_FUNCTION_INFO_V1(c360_clv_value);
Datum
c360_clv_value(PG_FUNCTION_ARGS)
{
	C360PurchaseModel model;
	C360GammaGamma gg;
	double		horizon = PG_GETARG_FLOAT8(6);
	double		rate = PG_GETARG_FLOAT8(7);
	double		period = PG_GETARG_FLOAT8(8);
	double		clv;

	purchase_arg(fcinfo, &model);
	c360_model_to_gamma_gamma(model_arg(fcinfo, 1, C360_MODEL_GAMMA_GAMMA), &gg);
	check_horizon("c360.clv", horizon);
	if (!isfinite(rate) || !(rate > -1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.clv: discount_rate must be a finite number greater than -1")));
	if (!isfinite(period) || !(period > 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.clv: period must be a finite number greater than 0")));
	if (!(horizon / period <= (double) C360_VALUE_MAX_PERIODS + 0.5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("c360.clv: horizon / period must be at most %d periods",
						C360_VALUE_MAX_PERIODS)));
	if (!prediction_ok(c360_clv(&model, &gg, PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3),
								PG_GETARG_FLOAT8(4), PG_GETARG_FLOAT8(5), horizon, rate,
								period, &clv)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(clv);
}
