/*
 * fs_model_fmgr.c: the SQL face of the Fellegi-Sunter model.
 *
 *   types      c360.match_histogram (training state), c360.match_tf (term
 *              frequencies), c360.match_model; each a varlena holding the
 *              flat block of fs_model.h, each with a JSON text form and a
 *              binary form that is a version byte plus that text (portable
 *              across machines)
 *   aggregates c360.train_match_model(a, b), c360.match_pair_histogram(a, b),
 *              c360.match_term_frequencies(key)
 *   functions  c360.train_match_model(candidates, random_pairs),
 *              c360.match_model_with_tf, c360.match_model_summary,
 *              c360.match_weight, c360.match_probability, c360.match_explain
 *
 * The algorithms are in fs_hist.c, fs_tf.c and fs_model.c.  Nothing here
 * logs the data.
 */
#include "postgres.h"

#include <math.h>

#include "access/detoast.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "fs_model.h"
#include "fs_model_fmgr.h"
#include "match_key_fmgr.h"

PG_FUNCTION_INFO_V1(c360_match_histogram_in);
PG_FUNCTION_INFO_V1(c360_match_histogram_out);
PG_FUNCTION_INFO_V1(c360_match_histogram_recv);
PG_FUNCTION_INFO_V1(c360_match_histogram_send);
PG_FUNCTION_INFO_V1(c360_match_histogram_add);
PG_FUNCTION_INFO_V1(c360_match_histogram_combine);
PG_FUNCTION_INFO_V1(c360_match_histogram_train);
PG_FUNCTION_INFO_V1(c360_train_match_model_histograms);
PG_FUNCTION_INFO_V1(c360_match_tf_in);
PG_FUNCTION_INFO_V1(c360_match_tf_out);
PG_FUNCTION_INFO_V1(c360_match_tf_recv);
PG_FUNCTION_INFO_V1(c360_match_tf_send);
PG_FUNCTION_INFO_V1(c360_match_tf_add);
PG_FUNCTION_INFO_V1(c360_match_tf_combine);
PG_FUNCTION_INFO_V1(c360_match_tf_final);
PG_FUNCTION_INFO_V1(c360_match_model_in);
PG_FUNCTION_INFO_V1(c360_match_model_out);
PG_FUNCTION_INFO_V1(c360_match_model_recv);
PG_FUNCTION_INFO_V1(c360_match_model_send);
PG_FUNCTION_INFO_V1(c360_match_model_with_tf);
PG_FUNCTION_INFO_V1(c360_match_model_summary);
PG_FUNCTION_INFO_V1(c360_match_weight);
PG_FUNCTION_INFO_V1(c360_match_probability);
PG_FUNCTION_INFO_V1(c360_match_explain);

/* The binary forms: this byte, then the text form. */
#define BINARY_VERSION 1

/* Initial room of a histogram state, in bins. */
#define HIST_INITIAL_BINS 64

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

static void
check_work_mem(const char *what, size_t bytes)
{
	if (bytes > (size_t) work_mem * 1024)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s needs %zu kB, more than work_mem (%d kB)",
						what, (bytes + 1023) / 1024, work_mem),
				 errhint("Raise work_mem for this statement, e.g. SET work_mem = '256MB'.")));
}

/* The varlena's block: the block's first word is the varlena header. */
static void *
datum_block(Datum d, size_t *size)
{
	struct varlena *v = PG_DETOAST_DATUM(d);

	*size = VARSIZE(v);
	return v;
}

static int
attr_by_name(const char *name, int len)
{
	int			a;

	for (a = 0; a < C360_MATCH_ATTRS; a++)
		if ((int) strlen(c360_match_attrs[a].name) == len &&
			memcmp(c360_match_attrs[a].name, name, len) == 0)
			return a;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Reading the JSON text forms                                          */
/* ------------------------------------------------------------------ */

typedef struct JsonReader
{
	const char *type;			/* "c360.match_model", ... for messages */
} JsonReader;

static void pg_attribute_noreturn()
bad_json(const JsonReader *r, const char *hint, const char *fmt,...) pg_attribute_printf(3, 4);

static void
bad_json(const JsonReader *r, const char *hint, const char *fmt,...)
{
	char		msg[512];
	va_list		args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input for %s: %s", r->type, msg),
			 hint ? errhint("%s", hint) : 0));
}

static JsonbContainer *
parse_root(const JsonReader *r, const char *str)
{
	Jsonb	   *jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(str)));

	if (!JB_ROOT_IS_OBJECT(jb))
		bad_json(r, NULL, "expected a JSON object");
	return &jb->root;
}

/* Every key of an object is one of allowed (NULL-terminated). */
static void
check_keys(const JsonReader *r, JsonbContainer *obj, const char *const *allowed,
		   const char *where)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *const *k;
		bool		ok = false;

		if (tok != WJB_KEY)
			continue;
		for (k = allowed; *k; k++)
			if ((int) strlen(*k) == v.val.string.len &&
				memcmp(*k, v.val.string.val, v.val.string.len) == 0)
				ok = true;
		if (!ok)
			bad_json(r, NULL, "unknown field \"%.*s\" in %s",
					 Min(v.val.string.len, 64), v.val.string.val, where);
	}
}

static JsonbValue *
get_field(JsonbContainer *obj, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = (int) strlen(key);
	return findJsonbValueFromContainer(obj, JB_FOBJECT, &k);
}

static double
value_number(const JsonReader *r, JsonbValue *v, const char *what)
{
	if (v == NULL || v->type != jbvNumeric)
		bad_json(r, NULL, "%s must be a number", what);
	/* Out of range gives +/-Infinity or 0 (then refused), not an error
	 * that quotes a huge number. */
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
											  NumericGetDatum(v->val.numeric)));
}

static double
get_number(const JsonReader *r, JsonbContainer *obj, const char *key, bool required,
		   double dflt, const char *where)
{
	JsonbValue *v = get_field(obj, key);
	char		what[128];

	if (v == NULL || v->type == jbvNull)
	{
		if (required)
			bad_json(r, NULL, "%s needs \"%s\"", where, key);
		return dflt;
	}
	snprintf(what, sizeof(what), "\"%s\" of %s", key, where);
	return value_number(r, v, what);
}

static bool
get_bool(const JsonReader *r, JsonbContainer *obj, const char *key, bool dflt,
		 const char *where)
{
	JsonbValue *v = get_field(obj, key);

	if (v == NULL || v->type == jbvNull)
		return dflt;
	if (v->type != jbvBool)
		bad_json(r, NULL, "\"%s\" of %s must be true or false", key, where);
	return v->val.boolean;
}

/* A nested object or array field; NULL if absent or null. */
static JsonbContainer *
get_container(const JsonReader *r, JsonbContainer *obj, const char *key,
			  bool array, const char *where)
{
	JsonbValue *v = get_field(obj, key);

	if (v == NULL || v->type == jbvNull)
		return NULL;
	if (v->type != jbvBinary ||
		(array ? !JsonContainerIsArray(v->val.binary.data) : !JsonContainerIsObject(v->val.binary.data)))
		bad_json(r, NULL, "\"%s\" of %s must be a JSON %s", key, where,
				 array ? "array" : "object");
	return v->val.binary.data;
}

static JsonbContainer *
elem_container(const JsonReader *r, JsonbContainer *arr, uint32 i, bool array,
			   const char *where)
{
	JsonbValue *v = getIthJsonbValueFromContainer(arr, i);

	if (v == NULL || v->type != jbvBinary ||
		(array ? !JsonContainerIsArray(v->val.binary.data) : !JsonContainerIsObject(v->val.binary.data)))
		bad_json(r, NULL, "element %u of %s must be a JSON %s", i + 1, where,
				 array ? "array" : "object");
	return v->val.binary.data;
}

static bool
is_count(double x)
{
	return isfinite(x) && x >= 0 && x <= 1e15;
}

/* ------------------------------------------------------------------ */
/* c360.match_histogram                                                */
/* ------------------------------------------------------------------ */

static C360FsHist *
hist_new(uint32 cap)
{
	size_t		size = C360_FS_HIST_SIZE(cap);
	C360FsHist *h;

	check_work_mem("the pattern histogram (c360.match_histogram)", size);
	h = palloc(size);
	c360_fs_hist_init(h, cap);
	SET_VARSIZE(h, size);
	return h;
}

/* Add, growing into a new palloc'd block when full; returns the block. */
static C360FsHist *
hist_add_grow(C360FsHist *h, uint64 pattern, double count)
{
	C360FsHist *bigger;
	uint32		cap;

	if (c360_fs_hist_add(h, pattern, count))
		return h;
	if (h->cap >= C360_FS_HIST_MAX_BINS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.train_match_model: more than %u distinct level patterns",
						(unsigned) C360_FS_HIST_MAX_BINS)));
	cap = h->cap < C360_FS_HIST_MAX_BINS / 2 ? Max(h->cap * 2, HIST_INITIAL_BINS) : C360_FS_HIST_MAX_BINS;
	bigger = hist_new(cap);
	c360_fs_hist_copy(bigger, h);
	if (!c360_fs_hist_add(bigger, pattern, count))
		elog(ERROR, "c360.train_match_model: histogram growth failed");
	return bigger;
}

static const JsonReader hist_reader = {"c360.match_histogram"};

static C360FsHist *
hist_from_json(const char *str)
{
	const JsonReader *r = &hist_reader;
	static const char *const top_keys[] = {"pairs", "patterns", NULL};
	static const char *const bin_keys[] = {"levels", "count", NULL};
	JsonbContainer *root = parse_root(r, str);
	JsonbContainer *patterns;
	C360FsHist *h = hist_new(HIST_INITIAL_BINS);
	uint32		n,
				i;

	check_keys(r, root, top_keys, "the histogram");
	patterns = get_container(r, root, "patterns", true, "the histogram");
	if (patterns == NULL)
		bad_json(r, NULL, "the histogram needs \"patterns\"");
	n = JsonContainerSize(patterns);
	for (i = 0; i < n; i++)
	{
		JsonbContainer *bin = elem_container(r, patterns, i, false, "\"patterns\"");
		JsonbContainer *levels;
		uint8_t		lv[C360_MATCH_ATTRS];
		double		count;
		int			a;

		check_keys(r, bin, bin_keys, "a pattern");
		levels = get_container(r, bin, "levels", true, "a pattern");
		if (levels == NULL || JsonContainerSize(levels) != C360_MATCH_ATTRS)
			bad_json(r, NULL, "\"levels\" of pattern %u must be an array of %d levels", i + 1,
					 C360_MATCH_ATTRS);
		for (a = 0; a < C360_MATCH_ATTRS; a++)
		{
			double		l = value_number(r, getIthJsonbValueFromContainer(levels, a), "a level");

			if (l != floor(l) || l < 0 || l >= c360_match_attrs[a].n_levels)
				bad_json(r, NULL, "level %g of %s in pattern %u is outside 0..%d", l,
						 c360_match_attrs[a].name, i + 1, c360_match_attrs[a].n_levels - 1);
			lv[a] = (uint8_t) l;
		}
		count = get_number(r, bin, "count", true, 0, "a pattern");
		if (!is_count(count) || count == 0)
			bad_json(r, NULL, "the count of pattern %u must be a number > 0", i + 1);
		h = hist_add_grow(h, c360_match_pattern(lv), count);
	}
	return h;
}

static char *
hist_to_json(const C360FsHist *h)
{
	C360FsBuf	b;
	uint32		i;

	c360_fs_buf_init(&b);
	c360_fs_buf_str(&b, "{\"pairs\": ");
	c360_fs_buf_double(&b, c360_fs_hist_pairs(h));
	c360_fs_buf_str(&b, ", \"patterns\": [");
	for (i = 0; i < h->n; i++)
	{
		char		tmp[16];
		int			a;

		c360_fs_buf_str(&b, i ? ", {\"levels\": [" : "{\"levels\": [");
		for (a = 0; a < C360_MATCH_ATTRS; a++)
		{
			snprintf(tmp, sizeof(tmp), a ? ", %d" : "%d",
					 c360_match_pattern_level(h->bins[i].pattern, a));
			c360_fs_buf_str(&b, tmp);
		}
		c360_fs_buf_str(&b, "], \"count\": ");
		c360_fs_buf_double(&b, h->bins[i].count);
		c360_fs_buf_str(&b, "}");
	}
	c360_fs_buf_str(&b, "]}");
	return b.data;
}

static C360FsHist *
hist_arg(FunctionCallInfo fcinfo, int n)
{
	size_t		size;
	void	   *block = datum_block(PG_GETARG_DATUM(n), &size);

	if (!c360_fs_hist_valid(block, size))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("malformed c360.match_histogram value")));
	return block;
}

Datum
c360_match_histogram_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(hist_from_json(PG_GETARG_CSTRING(0)));
}

Datum
c360_match_histogram_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(hist_to_json(hist_arg(fcinfo, 0)));
}

/* Binary forms: a version byte and the text form. */
static char *
recv_text(FunctionCallInfo fcinfo, const char *type)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgint(buf, 1);
	int			len;

	if (version != BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for %s", version, type)));
	return pq_getmsgtext(buf, buf->len - buf->cursor, &len);
}

static bytea *
send_text(const char *text)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint8(&buf, BINARY_VERSION);
	pq_sendtext(&buf, text, strlen(text));
	return pq_endtypsend(&buf);
}

Datum
c360_match_histogram_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(hist_from_json(recv_text(fcinfo, "c360.match_histogram")));
}

Datum
c360_match_histogram_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(send_text(hist_to_json(hist_arg(fcinfo, 0))));
}

/*
 * Transition of c360.train_match_model(a, b) and of
 * c360.match_pair_histogram(a, b): add the pair's pattern.  The
 * state is updated in place; when it is full a block twice as large is
 * returned (the executor copies it into the aggregate's context and frees
 * the old one), so the cost per row is a binary search, and a copy happens
 * only log2(distinct patterns) times.  A pair with a NULL key is skipped.
 */
Datum
c360_match_histogram_add(PG_FUNCTION_ARGS)
{
	C360FsHist *h;
	uint8_t		levels[C360_MATCH_ATTRS];

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("c360.match_histogram_add can only be called as the transition function of c360.train_match_model or c360.match_pair_histogram")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	c360_match_levels(PG_GETARG_MATCH_KEY(1), PG_GETARG_MATCH_KEY(2), levels);
	/* The state is always one this function made: no detoasting needed. */
	h = PG_ARGISNULL(0) ? hist_new(HIST_INITIAL_BINS) : (C360FsHist *) PG_GETARG_POINTER(0);
	PG_RETURN_POINTER(hist_add_grow(h, c360_match_pattern(levels), 1));
}

/* Combine (STRICT): merge two states into a new one. */
Datum
c360_match_histogram_combine(PG_FUNCTION_ARGS)
{
	C360FsHist *a = hist_arg(fcinfo, 0);
	C360FsHist *b = hist_arg(fcinfo, 1);
	C360FsHist *out = hist_new(Max(a->n + b->n, 1));

	c360_fs_hist_merge(out, a, b);
	PG_RETURN_POINTER(out);
}

static bytea *
model_datum(C360FsModel *model)
{
	SET_VARSIZE(model, model->size);
	return (bytea *) model;
}

/* Final function: EM over the histogram. */
Datum
c360_match_histogram_train(PG_FUNCTION_ARGS)
{
	C360FsHist *h;
	C360FsModel *model;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("c360.train_match_model: no pairs to train on"),
				 errdetail("The aggregate saw no row where both keys are non-NULL."),
				 errhint("Train on candidate pairs, e.g. SELECT c360.train_match_model(x.key, y.key) FROM recs x JOIN recs y ON x.postcode = y.postcode AND x.id < y.id.")));
	h = hist_arg(fcinfo, 0);
	model = c360_fs_train(h, 0, check_interrupts);
	if (model == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("c360.train_match_model: no pairs to train on")));
	PG_RETURN_BYTEA_P(model_datum(model));
}

/*
 * c360.train_match_model(candidates, random_pairs DEFAULT NULL): EM over the
 * candidate pairs' histogram for m and lambda, u from the random pairs'
 * histogram (c360_fs_train_random_u).  Not STRICT: a NULL or empty
 * random_pairs trains exactly as the aggregate does; a NULL candidates is
 * the aggregate's "no pairs" error.
 */
Datum
c360_train_match_model_histograms(PG_FUNCTION_ARGS)
{
	C360FsHist *h;
	C360FsHist *random = NULL;
	C360FsModel *model = NULL;

	if (!PG_ARGISNULL(0))
	{
		h = hist_arg(fcinfo, 0);
		if (!PG_ARGISNULL(1))
			random = hist_arg(fcinfo, 1);
		model = c360_fs_train_random_u(h, random, 0, check_interrupts);
	}
	if (model == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("c360.train_match_model: no pairs to train on"),
				 errdetail("The candidates histogram is NULL or counts no pairs."),
				 errhint("Build it with c360.match_pair_histogram(a, b) over the candidate pairs; a NULL comes from an aggregate over no rows.")));
	PG_RETURN_BYTEA_P(model_datum(model));
}

/* ------------------------------------------------------------------ */
/* c360.match_tf                                                       */
/* ------------------------------------------------------------------ */

static const JsonReader tf_reader = {"c360.match_tf"};

static C360FsTf *
tf_from_container(const JsonReader *r, JsonbContainer *obj)
{
	static const char *const top_keys[] = {"records", "capacity", "attributes", NULL};
	static const char *const attr_keys[] = {"present", "values", NULL};
	JsonbContainer *attrs;
	JsonbContainer *per[C360_MATCH_ATTRS];
	uint32_t	caps[C360_MATCH_ATTRS];
	double		records,
				capacity;
	C360FsTf   *tf;
	size_t		size;
	int			a;

	check_keys(r, obj, top_keys, "the term frequencies");
	records = get_number(r, obj, "records", true, 0, "the term frequencies");
	capacity = get_number(r, obj, "capacity", false, C360_FS_TF_DEFAULT_CAPACITY,
						  "the term frequencies");
	if (!is_count(records))
		bad_json(r, NULL, "\"records\" must be a number >= 0");
	if (capacity != floor(capacity) || capacity < 1 || capacity > C360_FS_TF_MAX_CAPACITY)
		bad_json(r, NULL, "\"capacity\" must be an integer from 1 to %d", C360_FS_TF_MAX_CAPACITY);
	attrs = get_container(r, obj, "attributes", false, "the term frequencies");
	memset(per, 0, sizeof(per));
	memset(caps, 0, sizeof(caps));
	if (attrs)
	{
		JsonbIterator *it = JsonbIteratorInit(attrs);
		JsonbValue	v;
		JsonbIteratorToken tok;

		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			if (tok != WJB_KEY)
				continue;
			a = attr_by_name(v.val.string.val, v.val.string.len);
			if (a < 0)
				bad_json(r, "Attributes are given_name, family_name, birth_date, email, phone, street, city, postcode and national_id.",
						 "unknown attribute \"%.*s\" in the term frequencies",
						 Min(v.val.string.len, 64), v.val.string.val);
		}
		for (a = 0; a < C360_MATCH_ATTRS; a++)
		{
			JsonbContainer *values;

			per[a] = get_container(r, attrs, c360_match_attrs[a].name, false,
								   "the term frequencies' attributes");
			if (per[a] == NULL)
				continue;
			check_keys(r, per[a], attr_keys, c360_match_attrs[a].name);
			values = get_container(r, per[a], "values", true, c360_match_attrs[a].name);
			caps[a] = values ? JsonContainerSize(values) : 0;
			if (caps[a] > (uint32_t) capacity)
				bad_json(r, NULL, "%s has %u values, more than the capacity %g",
						 c360_match_attrs[a].name, caps[a], capacity);
			if (caps[a] > 0 && c360_match_attrs[a].tf_level < 0)
				bad_json(r, NULL, "%s takes no term frequencies", c360_match_attrs[a].name);
		}
	}
	size = c360_fs_tf_size(caps);
	tf = palloc(size);
	c360_fs_tf_init(tf, (uint32_t) capacity, caps);
	tf->records = records;
	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		JsonbContainer *values;
		double		present,
					total = 0;
		uint32		i;

		if (per[a] == NULL)
			continue;
		present = get_number(r, per[a], "present", true, 0, c360_match_attrs[a].name);
		if (!is_count(present) || present > records)
			bad_json(r, NULL, "\"present\" of %s must be a number from 0 to \"records\"",
					 c360_match_attrs[a].name);
		tf->attr[a].present = present;
		values = get_container(r, per[a], "values", true, c360_match_attrs[a].name);
		for (i = 0; i < caps[a]; i++)
		{
			JsonbContainer *pair = elem_container(r, values, i, true, "\"values\"");
			JsonbValue *sv,
					   *cv;
			char	   *s;
			double		count;

			if (JsonContainerSize(pair) != 2)
				bad_json(r, NULL, "value %u of %s must be a [value, count] pair", i + 1,
						 c360_match_attrs[a].name);
			sv = getIthJsonbValueFromContainer(pair, 0);
			cv = getIthJsonbValueFromContainer(pair, 1);
			if (sv->type != jbvString || sv->val.string.len == 0 ||
				sv->val.string.len >= C360_FS_TF_VALUE_MAX ||
				memchr(sv->val.string.val, '\0', sv->val.string.len) != NULL)
				bad_json(r, NULL, "value %u of %s must be a non-empty string shorter than %d bytes",
						 i + 1, c360_match_attrs[a].name, C360_FS_TF_VALUE_MAX);
			count = value_number(r, cv, "a value's count");
			if (!is_count(count) || count == 0)
				bad_json(r, NULL, "the count of value %u of %s must be a number > 0", i + 1,
						 c360_match_attrs[a].name);
			total += count;
			s = pnstrdup(sv->val.string.val, sv->val.string.len);
			if (!c360_fs_tf_put(tf, a, s, count))
				bad_json(r, NULL, "value %u of %s appears twice", i + 1, c360_match_attrs[a].name);
			pfree(s);
		}
		if (total > present * (1 + 1e-9))
			bad_json(r, NULL, "the counts of %s add up to more than \"present\"",
					 c360_match_attrs[a].name);
	}
	if (!c360_fs_tf_valid(tf, size))
		bad_json(r, NULL, "the term frequencies are inconsistent");
	SET_VARSIZE(tf, size);
	return tf;
}

static char *
tf_to_json(const C360FsTf *tf)
{
	C360FsBuf	b;

	c360_fs_buf_init(&b);
	c360_fs_tf_json(&b, tf);
	return b.data;
}

static C360FsTf *
tf_arg(FunctionCallInfo fcinfo, int n)
{
	size_t		size;
	void	   *block = datum_block(PG_GETARG_DATUM(n), &size);

	if (!c360_fs_tf_valid(block, size))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("malformed c360.match_tf value")));
	return block;
}

static C360FsTf *
tf_from_json(const char *str)
{
	return tf_from_container(&tf_reader, parse_root(&tf_reader, str));
}

Datum
c360_match_tf_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(tf_from_json(PG_GETARG_CSTRING(0)));
}

Datum
c360_match_tf_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(tf_to_json(tf_arg(fcinfo, 0)));
}

Datum
c360_match_tf_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(tf_from_json(recv_text(fcinfo, "c360.match_tf")));
}

Datum
c360_match_tf_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(send_text(tf_to_json(tf_arg(fcinfo, 0))));
}

/*
 * Transition of c360.match_term_frequencies(key): count the key's values
 * in place.  The state starts with room for 16 values per attribute and
 * doubles an attribute's room when it fills, up to
 * C360_FS_TF_DEFAULT_CAPACITY (about 84 kB per attribute).
 */
Datum
c360_match_tf_add(PG_FUNCTION_ARGS)
{
	C360FsTf   *tf;
	const C360MatchKey *key;
	const char *values[C360_MATCH_ATTRS];
	int			a;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("c360.match_tf_add can only be called as the transition function of c360.match_term_frequencies")));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		uint32_t	caps[C360_MATCH_ATTRS];
		size_t		size;

		for (a = 0; a < C360_MATCH_ATTRS; a++)
			caps[a] = c360_match_attrs[a].tf_level >= 0 ? C360_FS_TF_INITIAL_CAPACITY : 0;
		size = c360_fs_tf_size(caps);
		tf = palloc(size);
		c360_fs_tf_init(tf, C360_FS_TF_DEFAULT_CAPACITY, caps);
		SET_VARSIZE(tf, size);
	}
	else
		tf = (C360FsTf *) PG_GETARG_POINTER(0);
	key = PG_GETARG_MATCH_KEY(1);
	for (a = 0; a < C360_MATCH_ATTRS; a++)
		values[a] = c360_match_key_value(key, (C360MatchAttr) a);
	if (!c360_fs_tf_add_record(tf, values))
	{
		/*
		 * Room for more values: a new, larger block (the executor copies it
		 * into the aggregate's context and frees the old one).
		 */
		tf = c360_fs_tf_grow(tf);
		check_work_mem("c360.match_term_frequencies", tf->size);
		SET_VARSIZE(tf, tf->size);
		if (!c360_fs_tf_add_record(tf, values))
			elog(ERROR, "c360.match_term_frequencies: summary growth failed");
	}
	PG_RETURN_POINTER(tf);
}

static bytea *
tf_datum(C360FsTf *tf)
{
	SET_VARSIZE(tf, tf->size);
	return (bytea *) tf;
}

/* Combine (STRICT): merge, compact (a transition that follows would grow
 * the block again). */
Datum
c360_match_tf_combine(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(tf_datum(c360_fs_tf_merge(tf_arg(fcinfo, 0), tf_arg(fcinfo, 1), true)));
}

/* Final: the same summary with no spare room. */
Datum
c360_match_tf_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(tf_datum(c360_fs_tf_merge(tf_arg(fcinfo, 0), NULL, true)));
}

/* ------------------------------------------------------------------ */
/* c360.match_model                                                    */
/* ------------------------------------------------------------------ */

static const JsonReader model_reader = {"c360.match_model"};

#define EDIT_HINT "Edit m, u and lambda; match_weight and prior_weight are derived from them."

static double
probability_field(const JsonReader *r, JsonbContainer *obj, const char *key,
				  const char *where)
{
	double		p = get_number(r, obj, key, true, 0, where);

	if (!(p >= C360_FS_EPS / 2 && p <= 1 - C360_FS_EPS / 2))
		bad_json(r, NULL, "\"%s\" of %s is %g; it must be in (0, 1), at least 5e-07 from either end",
				 key, where, p);
	return p;
}

static void
check_derived(const JsonReader *r, JsonbContainer *obj, const char *key, double expect,
			  const char *where)
{
	JsonbValue *v = get_field(obj, key);
	double		got;

	if (v == NULL || v->type == jbvNull)
		return;
	got = value_number(r, v, key);
	if (fabs(got - expect) > 1e-9 * Max(1.0, fabs(expect)))
		bad_json(r, EDIT_HINT, "\"%s\" of %s is %.12g but m, u and lambda give %.12g",
				 key, where, got, expect);
}

static C360FsModel *
model_from_json(const char *str)
{
	const JsonReader *r = &model_reader;
	static const char *const top_keys[] = {
		"version", "pairs", "random_pairs", "lambda", "prior_weight", "iterations",
		"converged", "log_likelihood", "attributes", "term_frequencies", NULL
	};
	static const char *const attr_keys[] = {"name", "trained", "u_random", "levels", NULL};
	static const char *const level_keys[] = {"name", "m", "u", "match_weight", NULL};
	JsonbContainer *root = parse_root(r, str);
	JsonbContainer *attrs;
	JsonbContainer *tfobj;
	C360FsModel model;
	C360FsModel *result;
	bool		seen[C360_MATCH_ATTRS];
	double		version,
				iterations;
	const char *why;
	uint32		n,
				i;
	int			a;

	check_keys(r, root, top_keys, "the model");
	memset(&model, 0, sizeof(model));
	version = get_number(r, root, "version", true, 0, "the model");
	if (version != C360_FS_MODEL_VERSION)
		bad_json(r, NULL, "version %g is not supported (this is version %d)", version,
				 C360_FS_MODEL_VERSION);
	model.lambda = probability_field(r, root, "lambda", "the model");
	check_derived(r, root, "prior_weight", c360_fs_prior_weight(&model), "the model");
	model.pairs = get_number(r, root, "pairs", false, 0, "the model");
	if (!is_count(model.pairs))
		bad_json(r, NULL, "\"pairs\" must be a number >= 0");
	model.random_pairs = get_number(r, root, "random_pairs", false, 0, "the model");
	if (!is_count(model.random_pairs))
		bad_json(r, NULL, "\"random_pairs\" must be a number >= 0");
	iterations = get_number(r, root, "iterations", false, 0, "the model");
	if (iterations != floor(iterations) || iterations < 0 || iterations > 1e9)
		bad_json(r, NULL, "\"iterations\" must be an integer >= 0");
	model.iterations = (uint32_t) iterations;
	model.converged = get_bool(r, root, "converged", false, "the model") ? 1 : 0;
	model.log_likelihood = get_number(r, root, "log_likelihood", false, 0, "the model");
	if (!isfinite(model.log_likelihood))
		bad_json(r, NULL, "\"log_likelihood\" must be finite");

	attrs = get_container(r, root, "attributes", true, "the model");
	if (attrs == NULL)
		bad_json(r, NULL, "the model needs \"attributes\"");
	memset(seen, 0, sizeof(seen));
	n = JsonContainerSize(attrs);
	for (i = 0; i < n; i++)
	{
		JsonbContainer *obj = elem_container(r, attrs, i, false, "\"attributes\"");
		JsonbContainer *levels;
		JsonbValue *name = get_field(obj, "name");
		const char *aname;
		double		summ = 0,
					sumu = 0;
		int			nl,
					l;

		check_keys(r, obj, attr_keys, "an attribute");
		if (name == NULL || name->type != jbvString)
			bad_json(r, NULL, "attribute %u needs a \"name\"", i + 1);
		a = attr_by_name(name->val.string.val, name->val.string.len);
		if (a < 0)
			bad_json(r, "Attributes are given_name, family_name, birth_date, email, phone, street, city, postcode and national_id.",
					 "unknown attribute \"%.*s\"", Min(name->val.string.len, 64),
					 name->val.string.val);
		aname = c360_match_attrs[a].name;
		if (seen[a])
			bad_json(r, NULL, "attribute \"%s\" appears twice", aname);
		seen[a] = true;
		if (get_bool(r, obj, "trained", true, aname))
			model.trained |= 1u << a;
		if (get_bool(r, obj, "u_random", false, aname))
		{
			if (!(model.trained & (1u << a)))
				bad_json(r, "An untrained attribute weighs 0; its u comes from nowhere.",
						 "attribute \"%s\" is untrained but has \"u_random\": true", aname);
			model.u_random |= 1u << a;
		}
		levels = get_container(r, obj, "levels", true, aname);
		nl = c360_match_attrs[a].n_levels;
		if (levels == NULL || (int) JsonContainerSize(levels) != nl - 1)
			bad_json(r, "List every level but \"missing\", from \"exact\" to \"different\".",
					 "attribute \"%s\" has %d levels in this version of c360.match_key (missing excluded), not %d",
					 aname, nl - 1, levels ? (int) JsonContainerSize(levels) : 0);
		for (l = 1; l < nl; l++)
		{
			JsonbContainer *lo = elem_container(r, levels, l - 1, false, aname);
			JsonbValue *lname = get_field(lo, "name");
			const char *expect = c360_match_attrs[a].level_names[l];
			char		where[128];

			check_keys(r, lo, level_keys, "a level");
			if (lname == NULL || lname->type != jbvString ||
				(int) strlen(expect) != lname->val.string.len ||
				memcmp(expect, lname->val.string.val, lname->val.string.len) != 0)
				bad_json(r, NULL, "level %d of \"%s\" must be named \"%s\"", l, aname, expect);
			snprintf(where, sizeof(where), "%s.%s", aname, expect);
			model.m[a][l] = probability_field(r, lo, "m", where);
			model.u[a][l] = probability_field(r, lo, "u", where);
			summ += model.m[a][l];
			sumu += model.u[a][l];
			if (model.trained & (1u << a))
				check_derived(r, lo, "match_weight", log2(model.m[a][l] / model.u[a][l]), where);
			else
				check_derived(r, lo, "match_weight", 0, where);
		}
		if (fabs(summ - 1) > 1e-6 || fabs(sumu - 1) > 1e-6)
			bad_json(r, "m (and u) is a probability distribution over an attribute's levels.",
					 "the m of \"%s\" sum to %.12g and the u to %.12g; each must sum to 1",
					 aname, summ, sumu);
	}
	for (a = 0; a < C360_MATCH_ATTRS; a++)
		if (!seen[a])
			bad_json(r, "A model lists all nine attributes; mark one it should ignore with \"trained\": false.",
					 "attribute \"%s\" is missing", c360_match_attrs[a].name);
	if ((model.u_random != 0) != (model.random_pairs > 0))
		bad_json(r, "\"random_pairs\" counts the random pairs u came from: above 0 exactly when some attribute has \"u_random\": true.",
				 "\"random_pairs\" is %g but %s attribute has \"u_random\": true",
				 model.random_pairs, model.u_random ? "an" : "no");

	c360_fs_model_seal(&model);
	tfobj = get_container(r, root, "term_frequencies", false, "the model");
	if (tfobj)
	{
		C360FsTf   *tf = tf_from_container(r, tfobj);

		result = c360_fs_model_with_tf(&model, tf);
	}
	else
		result = c360_fs_model_with_tf(&model, NULL);
	if (!c360_fs_model_valid(result, result->size, &why))
		bad_json(r, NULL, "%s", why);
	SET_VARSIZE(result, result->size);
	return result;
}

static C360FsModel *
model_arg(FunctionCallInfo fcinfo, int n)
{
	size_t		size;
	void	   *block = datum_block(PG_GETARG_DATUM(n), &size);
	const char *why;

	if (!c360_fs_model_valid(block, size, &why))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("malformed c360.match_model value: %s", why)));
	return block;
}

Datum
c360_match_model_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(model_from_json(PG_GETARG_CSTRING(0)));
}

Datum
c360_match_model_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(c360_fs_model_json(model_arg(fcinfo, 0)));
}

Datum
c360_match_model_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(model_from_json(recv_text(fcinfo, "c360.match_model")));
}

Datum
c360_match_model_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(send_text(c360_fs_model_json(model_arg(fcinfo, 0))));
}

/*
 * c360.match_model_with_tf(model, tf): not STRICT, so that a NULL tf (no
 * records) gives the model without term frequencies.
 */
Datum
c360_match_model_with_tf(PG_FUNCTION_ARGS)
{
	C360FsModel *model;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	model = c360_fs_model_with_tf(model_arg(fcinfo, 0),
								  PG_ARGISNULL(1) ? NULL : tf_arg(fcinfo, 1));
	PG_RETURN_BYTEA_P(model_datum(model));
}

/* c360.match_model_summary(model): one row per attribute and level. */
Datum
c360_match_model_summary(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	C360FsModel *model = model_arg(fcinfo, 0);
	int			a,
				l;

	InitMaterializedSRF(fcinfo, 0);
	for (a = 0; a < C360_MATCH_ATTRS; a++)
		for (l = 1; l < model->n_levels[a]; l++)
		{
			Datum		values[14];
			bool		nulls[14];

			memset(nulls, 0, sizeof(nulls));
			values[0] = CStringGetTextDatum(c360_match_attrs[a].name);
			values[1] = Int16GetDatum((int16) l);
			values[2] = CStringGetTextDatum(c360_match_attrs[a].level_names[l]);
			values[3] = BoolGetDatum((model->trained & (1u << a)) != 0);
			values[4] = Float8GetDatum(model->m[a][l]);
			values[5] = Float8GetDatum(model->u[a][l]);
			values[6] = Float8GetDatum(c360_fs_level_weight(model, a, l));
			values[7] = Float8GetDatum(model->lambda);
			values[8] = Float8GetDatum(c360_fs_prior_weight(model));
			values[9] = Int32GetDatum((int32) model->iterations);
			values[10] = BoolGetDatum(model->converged != 0);
			values[11] = Float8GetDatum(model->pairs);
			values[12] = BoolGetDatum((model->u_random & (1u << a)) != 0);
			values[13] = Float8GetDatum(model->random_pairs);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

/*
 * The checked model, cached in fn_extra across calls, so a million calls
 * check the model once.  Identified by (size, checksum) read from the
 * first bytes of the datum (a slice: a toasted model is not fetched
 * whole), or by the TOAST pointer when the model is stored out of line.
 *
 * Every statement has a fresh fn_extra, and checking and copying a model
 * with term frequencies (about a megabyte) takes longer than scoring the
 * few pairs a statement of c360.resolve_record scores.  So the last model
 * checked in this backend is kept once, in TopMemoryContext, and a call
 * site that finds it there points at it (shared) instead of copying it.
 * The shared copy is replaced when another model is checked; call sites
 * pointing at the old one see the generation change and look again.  A
 * call site whose shared model was replaced while it ran (one statement
 * scoring with two models) keeps a private copy from then on, so two
 * models never take turns replacing each other.
 */
typedef struct ModelCache
{
	bool		valid;
	bool		external;
	bool		shared;			/* model is last_checked_model */
	bool		was_shared;		/* shared once, then replaced */
	Oid			toastrelid;
	Oid			valueid;
	uint32		size;
	uint64		checksum;
	uint64		generation;		/* of last_checked_model, when shared */
	C360FsModel *model;			/* shared, or a private copy in fn_mcxt */
} ModelCache;

static C360FsModel *last_checked_model = NULL;	/* in TopMemoryContext */
static uint64 last_checked_generation = 0;

#define MODEL_HEAD (offsetof(C360FsModel, checksum) + sizeof(uint64) - VARHDRSZ)

/* The (size, checksum) a model datum's first bytes give; false if too short. */
static bool
model_datum_head(struct varlena *raw, uint32 *size, uint64 *checksum)
{
	struct varlena *head = pg_detoast_datum_slice(raw, 0, MODEL_HEAD);
	const char *p;

	if (VARSIZE_ANY_EXHDR(head) != MODEL_HEAD)
		return false;
	p = VARDATA_ANY(head);
	memcpy(size, p + offsetof(C360FsModel, size) - VARHDRSZ, sizeof(*size));
	memcpy(checksum, p + offsetof(C360FsModel, checksum) - VARHDRSZ, sizeof(*checksum));
	return true;
}

/* The cached model is the argument's and still there. */
static bool
model_cache_hit(const ModelCache *cache, bool external, Oid toastrelid, Oid valueid,
				bool has_head, uint32 size, uint64 checksum)
{
	if (!cache->valid || cache->external != external)
		return false;
	if (cache->shared && cache->generation != last_checked_generation)
		return false;
	if (external)
		return cache->toastrelid == toastrelid && cache->valueid == valueid;
	return has_head && cache->size == size && cache->checksum == checksum;
}

static const C360FsModel *
cached_model(FunctionCallInfo fcinfo)
{
	ModelCache *cache = fcinfo->flinfo->fn_extra;
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(0));
	bool		external = VARATT_IS_EXTERNAL_ONDISK(raw);
	bool		has_head = false;
	Oid			toastrelid = InvalidOid,
				valueid = InvalidOid;
	uint32		size = 0;
	uint64		checksum = 0;
	const C360FsModel *model;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (external)
	{
		struct varatt_external ve;

		VARATT_EXTERNAL_GET_POINTER(ve, raw);
		toastrelid = ve.va_toastrelid;
		valueid = ve.va_valueid;
	}
	else
		has_head = model_datum_head(raw, &size, &checksum);
	if (model_cache_hit(cache, external, toastrelid, valueid, has_head, size, checksum))
		return cache->model;

	if (cache->shared && cache->generation != last_checked_generation)
		cache->was_shared = true;
	if (!cache->shared && cache->model)
		pfree(cache->model);
	cache->model = NULL;
	cache->valid = false;
	cache->shared = false;

	if (external)
		has_head = model_datum_head(raw, &size, &checksum);
	if (has_head && last_checked_model != NULL && last_checked_model->size == size &&
		last_checked_model->checksum == checksum)
		model = last_checked_model;
	else
	{
		model = model_arg(fcinfo, 0);
		if (!cache->was_shared)
		{
			C360FsModel *copy = MemoryContextAlloc(TopMemoryContext, model->size);

			memcpy(copy, model, model->size);
			if (last_checked_model)
				pfree(last_checked_model);
			last_checked_model = copy;
			last_checked_generation++;
			model = copy;
		}
	}
	if (model == last_checked_model && !cache->was_shared)
	{
		cache->model = last_checked_model;
		cache->shared = true;
		cache->generation = last_checked_generation;
	}
	else
	{
		cache->model = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, model->size);
		memcpy(cache->model, model, model->size);
	}
	cache->external = external;
	cache->toastrelid = toastrelid;
	cache->valueid = valueid;
	cache->size = model->size;
	cache->checksum = model->checksum;
	cache->valid = true;
	return cache->model;
}

/* The checked model of argument 0, cached as c360.match_weight caches it. */
const C360FsModel *
c360_fs_cached_model(FunctionCallInfo fcinfo)
{
	return cached_model(fcinfo);
}

typedef struct Scored
{
	const C360FsModel *model;
	const C360MatchKey *a;
	const C360MatchKey *b;
	uint8_t		levels[C360_MATCH_ATTRS];
	C360FsTerm	terms[C360_MATCH_ATTRS];
	double		weight;
} Scored;

static void
score_args(FunctionCallInfo fcinfo, Scored *s)
{
	const char *values[C360_MATCH_ATTRS];
	int			a;

	s->model = cached_model(fcinfo);
	s->a = PG_GETARG_MATCH_KEY(1);
	s->b = PG_GETARG_MATCH_KEY(2);
	c360_match_levels(s->a, s->b, s->levels);
	for (a = 0; a < C360_MATCH_ATTRS; a++)
		values[a] = c360_fs_model_tf(s->model) ? c360_match_key_value(s->a, (C360MatchAttr) a) : NULL;
	s->weight = c360_fs_score(s->model, s->levels, values, s->terms);
}

Datum
c360_match_weight(PG_FUNCTION_ARGS)
{
	Scored		s;

	score_args(fcinfo, &s);
	PG_RETURN_FLOAT8(s.weight);
}

Datum
c360_match_probability(PG_FUNCTION_ARGS)
{
	Scored		s;

	score_args(fcinfo, &s);
	PG_RETURN_FLOAT8(c360_fs_probability(s.weight));
}

static void
json_value_or_null(C360FsBuf *b, const char *v)
{
	if (v)
		c360_fs_buf_json_string(b, v);
	else
		c360_fs_buf_str(b, "null");
}

/* c360.match_explain(model, a, b) -> jsonb: why two records (did not) match. */
Datum
c360_match_explain(PG_FUNCTION_ARGS)
{
	Scored		s;
	C360FsBuf	b;
	char		tmp[64];
	int			a;

	score_args(fcinfo, &s);
	c360_fs_buf_init(&b);
	c360_fs_buf_str(&b, "{\"match_weight\": ");
	c360_fs_buf_double(&b, s.weight);
	c360_fs_buf_str(&b, ", \"match_probability\": ");
	c360_fs_buf_double(&b, c360_fs_probability(s.weight));
	c360_fs_buf_str(&b, ", \"prior\": {\"lambda\": ");
	c360_fs_buf_double(&b, s.model->lambda);
	c360_fs_buf_str(&b, ", \"weight\": ");
	c360_fs_buf_double(&b, c360_fs_prior_weight(s.model));
	c360_fs_buf_str(&b, "}, \"attributes\": [");
	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		const C360FsTerm *t = &s.terms[a];
		int			l = t->level < c360_match_attrs[a].n_levels ? t->level : 0;

		c360_fs_buf_str(&b, a ? ", {\"attribute\": " : "{\"attribute\": ");
		c360_fs_buf_json_string(&b, c360_match_attrs[a].name);
		c360_fs_buf_str(&b, ", \"a\": ");
		json_value_or_null(&b, c360_match_key_value(s.a, (C360MatchAttr) a));
		c360_fs_buf_str(&b, ", \"b\": ");
		json_value_or_null(&b, c360_match_key_value(s.b, (C360MatchAttr) a));
		snprintf(tmp, sizeof(tmp), ", \"level\": %d, \"level_name\": ", t->level);
		c360_fs_buf_str(&b, tmp);
		c360_fs_buf_json_string(&b, c360_match_attrs[a].level_names[l]);
		c360_fs_buf_str(&b, t->trained ? ", \"trained\": true" : ", \"trained\": false");
		if (l > 0)
		{
			c360_fs_buf_str(&b, ", \"m\": ");
			c360_fs_buf_double(&b, s.model->m[a][l]);
			c360_fs_buf_str(&b, ", \"u\": ");
			c360_fs_buf_double(&b, s.model->u[a][l]);
		}
		c360_fs_buf_str(&b, ", \"weight\": ");
		c360_fs_buf_double(&b, t->weight);
		if (t->has_tf)
		{
			c360_fs_buf_str(&b, ", \"tf\": {\"frequency\": ");
			c360_fs_buf_double(&b, t->tf);
			c360_fs_buf_str(&b, ", \"adjustment\": ");
			c360_fs_buf_double(&b, t->tf_adjustment);
			c360_fs_buf_str(&b, "}");
		}
		if (!t->counted)
			c360_fs_buf_str(&b, ", \"counted\": false");
		c360_fs_buf_str(&b, "}");
	}
	c360_fs_buf_str(&b, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(b.data)));
}
