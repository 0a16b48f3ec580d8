/*
 * customer_graph_fmgr.c: the graph over resolved customers (issue 5).
 *
 *   c360.neighbourhood(customer_id, max_hops, kinds)
 *   c360.relationship_path(a, b, max_hops)
 *   c360.graph_dot(customer_id, max_hops)
 *   c360.influence(value_sql, decay, max_hops)
 *   c360.customer_influence(customer_id, value_sql, decay, max_hops)
 *   c360.most_valuable_nearby(value_sql, max_hops)
 *
 * All read c360.customer_relationship (both directions, one row per
 * customer, related customer, kind and source; primary key leading with
 * customer_id).  The searches from one customer never read the whole table:
 * they load the graph one BFS level at a time through probe.c, one index
 * probe per level (... WHERE customer_id = ANY($1), prepared once per
 * backend and kept).  The whole-graph functions read the table once into a CSR (csr.c)
 * and run traverse.c over it.  Kinds are numbered 1.. in byte order of
 * their names from c360.relationship_kind, so "the smallest kind" is the
 * one whose name sorts first, as in c360.graph_neighbourhood.
 *
 * Memory that grows with the graph is counted against work_mem; nothing
 * logs the data.
 */
#include "postgres.h"

#include <math.h>

#include "access/tupdesc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/tuplestore.h"

#include "csr.h"
#include "dot.h"
#include "glue.h"
#include "probe.h"
#include "traverse.h"

PG_FUNCTION_INFO_V1(c360_neighbourhood);
PG_FUNCTION_INFO_V1(c360_relationship_path);
PG_FUNCTION_INFO_V1(c360_graph_dot);
PG_FUNCTION_INFO_V1(c360_influence);
PG_FUNCTION_INFO_V1(c360_customer_influence);
PG_FUNCTION_INFO_V1(c360_most_valuable_nearby);

/* The value of a customer when value_sql is NULL. */
#define DEFAULT_VALUE_SQL \
	"SELECT v.customer_id, coalesce(v.clv_1y, v.total_value::float8) FROM c360.customer_value v"

static void
interrupt_tick(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

/* ------------------------------------------------------------ one call */

/* The relationship vocabulary: kind ids 1..count in byte order of names. */
typedef struct Vocabulary
{
	int			count;
	char	  **names;			/* [1..count], NUL-terminated, server encoding */
	int		   *lens;
	uint16	   *inverse;		/* [0..count]; 0 -> 0 */
} Vocabulary;

typedef struct GraphCall
{
	const char *fname;
	bool		read_only;		/* SPI without a new snapshot (STABLE functions) */
	MemoryContext workcxt;		/* the graph and everything that outlives SPI */
	MemoryContext fetchcxt;		/* one probe's parameters, reset after each */
	C360MemBudget budget;
	Vocabulary	vocab;
	C360KindSet allowed;
	bool		filter;			/* allowed applies (a kinds argument was given) */
	SPIPlanPtr	probe_plan;
	Datum		kinds_param;	/* text[] of the allowed kinds */
	uint64		unknown_kinds;	/* rows whose kind is not in the vocabulary */
} GraphCall;

static void
call_begin(GraphCall *call, const char *fname, bool read_only)
{
	memset(call, 0, sizeof(*call));
	call->fname = fname;
	call->read_only = read_only;
	call->workcxt = AllocSetContextCreate(CurrentMemoryContext, "c360 customer graph",
										  ALLOCSET_DEFAULT_SIZES);
	call->fetchcxt = AllocSetContextCreate(call->workcxt, "c360 customer graph probe",
										   ALLOCSET_DEFAULT_SIZES);
	c360_budget_init(&call->budget, (size_t) work_mem * 1024);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

/* Ends SPI; the work context stays until call_free. */
static void
call_end_spi(GraphCall *call)
{
	SPI_finish();
}

static void
call_free(GraphCall *call)
{
	MemoryContextDelete(call->workcxt);
}

static void
report_status(GraphCall *call, C360CsrStatus status, uint64 nodes, uint64 arcs)
{
	if (status == C360_CSR_OVER_BUDGET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s ran out of work_mem after " UINT64_FORMAT " customers and " UINT64_FORMAT " relationships",
						call->fname, nodes, arcs),
				 errdetail("It needs at least %zu kB; work_mem is %d kB.",
						   (call->budget.refused + 1023) / 1024, work_mem),
				 errhint("Raise work_mem for this statement (e.g. SET work_mem = '256MB'), or ask for fewer hops or fewer kinds.")));
	if (status == C360_CSR_TOO_MANY_NODES || status == C360_CSR_TOO_MANY_EDGES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s reached the most customers or relationships one call can hold (" UINT64_FORMAT " customers, " UINT64_FORMAT " relationships)",
						call->fname, nodes, arcs),
				 errhint("Ask for fewer hops or fewer kinds.")));
	if (status != C360_CSR_OK)
		elog(ERROR, "%s: unexpected graph status %d", call->fname, (int) status);
}

static void
check_max_hops(const char *fname, int32 max_hops, int32 least)
{
	if (max_hops < least)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_hops must be %d or more, not %d", least, max_hops),
				 errhint("%s: %s", fname,
						 least == 0 ? "0 returns only the customer; there is no upper bound."
						 : "1 looks at direct relationships, 2 (the default) also at theirs.")));
}

/* ------------------------------------------------------------ kept plans */

/*
 * The statements every call runs are prepared once per backend and kept
 * (SPI_keepplan): a neighbourhood of a few customers costs less than
 * planning them.  The plan cache replans them when the tables change.
 */
static SPIPlanPtr vocabulary_plan;
static SPIPlanPtr resolve_plan;
static SPIPlanPtr probe_all_plan;
static SPIPlanPtr probe_kinds_plan;
static SPIPlanPtr name_plan;

static SPIPlanPtr
kept_plan(SPIPlanPtr *slot, const char *fname, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(sql, nargs, types);

		if (plan == NULL)
			elog(ERROR, "%s: SPI_prepare failed: %s", fname, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "%s: SPI_keepplan failed", fname);
		*slot = plan;
	}
	return *slot;
}

/* ------------------------------------------------------------ vocabulary */

/* Loads c360.relationship_kind into call->vocab (in workcxt). */
static void
load_vocabulary(GraphCall *call)
{
	Vocabulary *v = &call->vocab;
	MemoryContext oldcxt;
	uint64		rows;
	uint64		i;
	int			rc;

	rc = SPI_execute_plan(kept_plan(&vocabulary_plan, call->fname,
									"SELECT k.kind, k.inverse_kind FROM c360.relationship_kind k "
									"ORDER BY k.kind COLLATE \"C\"", 0, NULL),
						  NULL, NULL, call->read_only, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "%s: reading c360.relationship_kind failed: %s",
			 call->fname, SPI_result_code_string(rc));
	rows = SPI_processed;
	if (rows >= C360_CSR_KINDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s supports at most %d relationship kinds, but c360.relationship_kind has " UINT64_FORMAT,
						call->fname, C360_CSR_KINDS - 1, rows)));
	oldcxt = MemoryContextSwitchTo(call->workcxt);
	v->count = (int) rows;
	v->names = palloc0(sizeof(char *) * (rows + 1));
	v->lens = palloc0(sizeof(int) * (rows + 1));
	v->inverse = palloc0(sizeof(uint16) * (rows + 1));
	for (i = 0; i < rows; i++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		v->names[i + 1] = pstrdup(name != NULL ? name : "");
		v->lens[i + 1] = (int) strlen(v->names[i + 1]);
	}
	MemoryContextSwitchTo(oldcxt);
	for (i = 0; i < rows; i++)
	{
		char	   *inverse = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		int			lo = 1,
					hi = v->count;

		/* An inverse missing from the vocabulary makes a kind its own inverse. */
		v->inverse[i + 1] = (uint16) (i + 1);
		while (inverse != NULL && lo <= hi)
		{
			int			mid = (lo + hi) / 2;
			int			c = strcmp(v->names[mid], inverse);

			if (c == 0)
			{
				v->inverse[i + 1] = (uint16) mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
	}
	SPI_freetuptable(SPI_tuptable);
}

static int
compare_bytes(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* The id of a kind name, or 0 when it is not in the vocabulary. */
static uint16
vocabulary_find(const Vocabulary *v, const char *s, int len)
{
	int			lo = 1,
				hi = v->count;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = compare_bytes(v->names[mid], v->lens[mid], s, len);

		if (c == 0)
			return (uint16) mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

static char *
vocabulary_list(const Vocabulary *v)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 1; i <= v->count; i++)
		appendStringInfo(&buf, "%s%s", i > 1 ? ", " : "", v->names[i]);
	return buf.data;
}

static Datum
kind_text(const Vocabulary *v, uint16 kind)
{
	if (kind == 0 || kind > v->count)
		return PointerGetDatum(cstring_to_text(""));
	return PointerGetDatum(cstring_to_text_with_len(v->names[kind], v->lens[kind]));
}

static Datum
kind_text_in(MemoryContext cxt, const Vocabulary *v, uint16 kind)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(cxt);
	Datum		d = kind_text(v, kind);

	MemoryContextSwitchTo(oldcxt);
	return d;
}

/*
 * The kinds argument: NULL follows every kind; otherwise exactly the kinds
 * named (an empty array follows none).  NULL elements and names not in the
 * vocabulary are errors.
 */
static void
parse_kinds(GraphCall *call, ArrayType *kinds)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	MemoryContext oldcxt;

	c360_kindset_clear(&call->allowed);
	call->filter = true;
	deconstruct_array(kinds, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		text	   *t;
		uint16		id;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("kinds must not contain NULL"),
					 errhint("Pass NULL instead of the array to follow every kind.")));
		t = DatumGetTextPP(elems[i]);
		id = vocabulary_find(&call->vocab, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
		if (id == 0)
		{
			/* Show at most 64 bytes of what was given (whole characters). */
			int			len = VARSIZE_ANY_EXHDR(t);
			int			shown = pg_mbcliplen(VARDATA_ANY(t), len, 64);

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown relationship kind \"%.*s%s\"", shown, VARDATA_ANY(t),
							shown < len ? "..." : ""),
					 errhint("The kinds are those of c360.relationship_kind: %s.",
							 vocabulary_list(&call->vocab))));
		}
		c360_kindset_add(&call->allowed, id);
	}
	/* The same names, for the probe's kind = ANY($2). */
	oldcxt = MemoryContextSwitchTo(call->workcxt);
	call->kinds_param = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
	MemoryContextSwitchTo(oldcxt);
}

/* ------------------------------------------------------------ ids */

/*
 * The customer an id stands for: itself when it has relationships or
 * records; otherwise the customer it was merged into, following
 * c360.customer_id_history's merges (the latest first) as
 * c360.current_customer_id does.  False when there is none (an id that
 * never existed, whose records are all gone, or a history that loops).
 */
#define MAX_MERGE_STEPS 10000

static bool
resolve_customer(GraphCall *call, int64 id, int64 *customer)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	int			steps;

	for (steps = 0; steps <= MAX_MERGE_STEPS; steps++)
	{
		int			rc;
		bool		isnull;
		bool		exists;
		Datum		next;

		values[0] = Int64GetDatum(id);
		rc = SPI_execute_plan(kept_plan(&resolve_plan, call->fname,
										"SELECT EXISTS (SELECT 1 FROM c360.customer_relationship r WHERE r.customer_id = $1) "
										"OR EXISTS (SELECT 1 FROM c360.record_customer r WHERE r.customer_id = $1), "
										"(SELECT h.new_id FROM c360.customer_id_history h "
										"WHERE h.old_id = $1 AND h.kind = 'merge' ORDER BY h.run_id DESC LIMIT 1)",
										1, types),
							  values, NULL, call->read_only, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "%s: looking up customer failed: %s", call->fname, SPI_result_code_string(rc));
		exists = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		next = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
		SPI_freetuptable(SPI_tuptable);
		if (exists)
		{
			*customer = id;
			return true;
		}
		if (isnull)
			return false;
		id = DatumGetInt64(next);
	}
	return false;
}

/* ------------------------------------------------------------ probing */

/* Streams the rows of one probe into the probe graph. */
typedef struct ProbeReceiver
{
	DestReceiver pub;
	GraphCall  *call;
	C360ProbeGraph *graph;
	C360CsrStatus status;
	uint64		rows;
} ProbeReceiver;

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc desc)
{
}

/* The kind id of a text datum (0: not in the vocabulary). */
static uint16
datum_kind(GraphCall *call, Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	uint16		id = vocabulary_find(&call->vocab, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));

	if ((Pointer) v != DatumGetPointer(d))
		pfree(v);
	if (id == 0)
		call->unknown_kinds++;
	return id;
}

static bool
probe_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ProbeReceiver *r = (ProbeReceiver *) self;
	MemoryContext oldcxt;
	uint16		kind;

	if ((++r->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	if (r->status != C360_CSR_OK)
		return true;
	slot_getsomeattrs(slot, 3);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2])
		return true;
	kind = datum_kind(r->call, slot->tts_values[2]);
	if (kind == 0)
		return true;
	oldcxt = MemoryContextSwitchTo(r->call->workcxt);
	r->status = c360_probe_add_arc(r->graph, DatumGetInt64(slot->tts_values[0]),
								   DatumGetInt64(slot->tts_values[1]), kind);
	MemoryContextSwitchTo(oldcxt);
	return true;
}

/* The probe graph's fetch: one execution of the prepared probe. */
static C360CsrStatus
probe_fetch(void *arg, C360ProbeGraph *g, const int64_t *ids, uint32_t n)
{
	GraphCall  *call = (GraphCall *) arg;
	ProbeReceiver receiver;
	ParamListInfo params;
	MemoryContext callercxt = CurrentMemoryContext;
	Datum	   *elems;
	uint32		i;

	MemoryContextSwitchTo(call->fetchcxt);
	elems = palloc(sizeof(Datum) * n);
	for (i = 0; i < n; i++)
		elems[i] = Int64GetDatum(ids[i]);
	params = makeParamList(call->filter ? 2 : 1);
	params->params[0].value = PointerGetDatum(construct_array(elems, (int) n, INT8OID, 8,
															  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	params->params[0].isnull = false;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].ptype = INT8ARRAYOID;
	if (call->filter)
	{
		params->params[1].value = call->kinds_param;
		params->params[1].isnull = false;
		params->params[1].pflags = PARAM_FLAG_CONST;
		params->params[1].ptype = TEXTARRAYOID;
	}
	MemoryContextSwitchTo(callercxt);

	memset(&receiver, 0, sizeof(receiver));
	receiver.call = call;
	receiver.graph = g;
	receiver.status = C360_CSR_OK;
	c360_spi_run(call->probe_plan, params, call->read_only, &receiver.pub, probe_receive,
				 receiver_startup, "the probe of c360.customer_relationship");
	/* SPI leaves its own context current; the graph grows in the caller's. */
	MemoryContextSwitchTo(callercxt);
	MemoryContextReset(call->fetchcxt);
	return receiver.status;
}

/* Prepares the probe and initializes the graph (in workcxt). */
static void
probe_begin(GraphCall *call, C360ProbeGraph *g)
{
	Oid			types[2] = {INT8ARRAYOID, TEXTARRAYOID};
	MemoryContext oldcxt;

	if (call->filter)
		call->probe_plan = kept_plan(&probe_kinds_plan, call->fname,
									 "SELECT r.customer_id, r.related_customer_id, r.kind "
									 "FROM c360.customer_relationship r "
									 "WHERE r.customer_id = ANY ($1) AND r.kind = ANY ($2)",
									 2, types);
	else
		call->probe_plan = kept_plan(&probe_all_plan, call->fname,
									 "SELECT r.customer_id, r.related_customer_id, r.kind "
									 "FROM c360.customer_relationship r WHERE r.customer_id = ANY ($1)",
									 1, types);
	oldcxt = MemoryContextSwitchTo(call->workcxt);
	c360_probe_init(g, probe_fetch, call, call->vocab.inverse, (uint32) call->vocab.count + 1,
					&call->budget, interrupt_tick, NULL);
	MemoryContextSwitchTo(oldcxt);
}

static uint32
probe_node(GraphCall *call, C360ProbeGraph *g, int64 id)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(call->workcxt);
	C360CsrStatus status;
	uint32		node;

	status = c360_probe_node(g, id, &node);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(call, status, g->map.count, (uint64) g->arc_count + g->staged_count);
	return node;
}

static void
probe_bfs(GraphCall *call, C360ProbeGraph *g, uint32 start, int32 max_hops, bool fetch_last)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(call->workcxt);
	C360CsrStatus status;

	status = c360_probe_bfs(g, start, max_hops, call->filter ? &call->allowed : NULL, fetch_last);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(call, status, g->map.count, (uint64) g->arc_count + g->staged_count);
}

static ArrayType *
id_array(const int64 *ids, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	ArrayType  *a;
	int			i;

	for (i = 0; i < n; i++)
		elems[i] = Int64GetDatum(ids[i]);
	a = construct_array(elems, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	pfree(elems);
	return a;
}

/* ------------------------------------------------------------ neighbourhood */

Datum
c360_neighbourhood(PG_FUNCTION_ARGS)
{
	GraphCall	call;
	C360ProbeGraph g;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	int64		start_id;
	int64		customer;
	int32		max_hops;
	uint32		start;
	uint32	   *path_nodes;
	uint16	   *path_kinds;
	Datum	   *path_ids;
	Datum	   *kind_values;
	Datum	   *kind_texts;
	uint32		p;

	c360_check_set_context(fcinfo);
	tupstore = c360_begin_result(fcinfo, "c360.neighbourhood", &tupdesc);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	start_id = PG_GETARG_INT64(0);
	max_hops = PG_GETARG_INT32(1);
	check_max_hops("c360.neighbourhood", max_hops, 0);

	call_begin(&call, "c360.neighbourhood", true);
	load_vocabulary(&call);
	if (!PG_ARGISNULL(2))
		parse_kinds(&call, PG_GETARG_ARRAYTYPE_P(2));
	if (!resolve_customer(&call, start_id, &customer))
	{
		call_end_spi(&call);
		call_free(&call);
		return (Datum) 0;
	}
	probe_begin(&call, &g);
	start = probe_node(&call, &g, customer);
	probe_bfs(&call, &g, start, max_hops, false);
	call_end_spi(&call);

	/* Rows, in (hops, id) order; the longest path is the last row's. */
	{
		uint32		longest = c360_probe_hops(&g, g.order[g.count - 1]) + 1;
		int			k;

		path_nodes = MemoryContextAlloc(call.workcxt, sizeof(uint32) * longest);
		path_kinds = MemoryContextAlloc(call.workcxt, sizeof(uint16) * longest);
		path_ids = MemoryContextAlloc(call.workcxt, sizeof(Datum) * longest);
		kind_values = MemoryContextAlloc(call.workcxt, sizeof(Datum) * longest);
		/* Each kind's text once, not once per row. */
		kind_texts = MemoryContextAlloc(call.workcxt, sizeof(Datum) * (call.vocab.count + 1));
		for (k = 0; k <= call.vocab.count; k++)
			kind_texts[k] = kind_text_in(call.workcxt, &call.vocab, (uint16) k);
	}
	for (p = 0; p < g.count; p++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		uint32		v = g.order[p];
		uint32		len = c360_probe_bfs_path(&g, v, path_nodes, path_kinds);
		uint32		i;
		MemoryContext oldcxt;

		if ((p & 255) == 0)
		{
			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(call.fetchcxt);
		}
		oldcxt = MemoryContextSwitchTo(call.fetchcxt);
		for (i = 0; i < len; i++)
			path_ids[i] = Int64GetDatum(c360_probe_id(&g, path_nodes[i]));
		for (i = 0; i + 1 < len; i++)
			kind_values[i] = kind_texts[path_kinds[i] <= call.vocab.count ? path_kinds[i] : 0];
		values[0] = Int64GetDatum(c360_probe_id(&g, v));
		values[1] = Int32GetDatum((int32) (len - 1));
		values[2] = PointerGetDatum(construct_array(path_ids, (int) len, INT8OID, 8,
													FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[3] = PointerGetDatum(construct_array(kind_values, (int) len - 1, TEXTOID, -1,
													false, TYPALIGN_INT));
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
		MemoryContextSwitchTo(oldcxt);
	}
	call_free(&call);
	return (Datum) 0;
}

/* ------------------------------------------------------------ path */

Datum
c360_relationship_path(PG_FUNCTION_ARGS)
{
	GraphCall	call;
	C360ProbeGraph g;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	int64		a_id = PG_GETARG_INT64(0);
	int64		b_id = PG_GETARG_INT64(1);
	int32		max_hops = PG_GETARG_INT32(2);
	int64		a,
				b;
	C360CsrStatus status;
	MemoryContext oldcxt;
	uint32		i;

	c360_check_set_context(fcinfo);
	tupstore = c360_begin_result(fcinfo, "c360.relationship_path", &tupdesc);
	check_max_hops("c360.relationship_path", max_hops, 0);

	call_begin(&call, "c360.relationship_path", true);
	load_vocabulary(&call);
	if (!resolve_customer(&call, a_id, &a) || !resolve_customer(&call, b_id, &b))
	{
		call_end_spi(&call);
		call_free(&call);
		return (Datum) 0;
	}
	probe_begin(&call, &g);
	{
		uint32		na = probe_node(&call, &g, a);
		uint32		nb = probe_node(&call, &g, b);

		oldcxt = MemoryContextSwitchTo(call.workcxt);
		status = c360_probe_shortest(&g, na, nb, max_hops, NULL);
		MemoryContextSwitchTo(oldcxt);
	}
	call_end_spi(&call);
	if (status != C360_CSR_OK && status != C360_CSR_NO_PATH)
		report_status(&call, status, g.map.count, (uint64) g.arc_count + g.staged_count);

	for (i = 0; status == C360_CSR_OK && i < g.path_len; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, i == 0};

		values[0] = Int32GetDatum((int32) i);
		values[1] = Int64GetDatum(c360_probe_id(&g, g.path_nodes[i]));
		values[2] = i == 0 ? (Datum) 0 : kind_text(&call.vocab, g.path_kinds[i - 1]);
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}
	call_free(&call);
	return (Datum) 0;
}

/* ------------------------------------------------------------ DOT */

/* Sorts (key, position) pairs: households first by id, then the rest. */
Datum
c360_graph_dot(PG_FUNCTION_ARGS)
{
	GraphCall	call;
	C360ProbeGraph g;
	C360ProbeEdges edges;
	int64		start_id = PG_GETARG_INT64(0);
	int32		max_hops = PG_GETARG_INT32(1);
	int64		customer;
	uint32		start;
	int64	   *ids;
	char	  **labels;
	size_t	   *label_lens;
	bool	   *in_household;
	int64	   *household;
	C360DotStyledNode *nodes;
	C360DotStyledEdge *dot_edges;
	char	  **kind_names;
	size_t	   *kind_lens;
	int64	   *sort_keys;
	int64	   *sort_positions;
	uint32		n;
	uint32		i;
	uint32		k;
	size_t		len = 0;
	char	   *out;
	text	   *result;
	MemoryContext oldcxt;
	C360CsrStatus status;
	bool		has_households;
	int			rc;

	check_max_hops("c360.graph_dot", max_hops, 0);
	call_begin(&call, "c360.graph_dot", true);
	load_vocabulary(&call);
	if (!resolve_customer(&call, start_id, &customer))
	{
		call_end_spi(&call);
		call_free(&call);
		PG_RETURN_NULL();
	}
	probe_begin(&call, &g);
	start = probe_node(&call, &g, customer);
	probe_bfs(&call, &g, start, max_hops, true);
	oldcxt = MemoryContextSwitchTo(call.workcxt);
	status = c360_probe_edges(&g, NULL, &edges);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(&call, status, g.map.count, (uint64) g.arc_count + g.staged_count);

	n = g.count;
	oldcxt = MemoryContextSwitchTo(call.workcxt);
	ids = palloc(sizeof(int64) * n);
	labels = palloc0(sizeof(char *) * n);
	label_lens = palloc0(sizeof(size_t) * n);
	in_household = palloc0(sizeof(bool) * n);
	household = palloc0(sizeof(int64) * n);
	for (i = 0; i < n; i++)
		ids[i] = c360_probe_id(&g, g.order[i]);
	MemoryContextSwitchTo(oldcxt);

	/*
	 * Golden full names: "id\nname", or the id alone.  One lookup per
	 * customer: an equality on customer_id reaches both halves of the view
	 * (= ANY would make it aggregate every record).
	 */
	{
		Oid			types[1] = {INT8OID};
		Datum		values[1];
		uint64		r;
		SPIPlanPtr	plan = kept_plan(&name_plan, call.fname,
									 "SELECT c.full_name FROM c360.customer c WHERE c.customer_id = $1",
									 1, types);

		for (i = 0; i < n; i++)
		{
			bool		null_name;
			Datum		name;

			if ((i & 255) == 0)
				CHECK_FOR_INTERRUPTS();
			values[0] = Int64GetDatum(ids[i]);
			rc = SPI_execute_plan(plan, values, NULL, call.read_only, 1);
			if (rc != SPI_OK_SELECT)
				elog(ERROR, "c360.graph_dot: reading c360.customer failed: %s", SPI_result_code_string(rc));
			if (SPI_processed == 1)
			{
				name = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null_name);
				if (!null_name)
				{
					size_t		name_len;
					char	   *utf8;
					char	   *label;
					int			m;

					oldcxt = MemoryContextSwitchTo(call.workcxt);
					utf8 = c360_text_utf8(DatumGetTextPP(name), &name_len);
					label = palloc(name_len + 32);
					m = snprintf(label, 32, INT64_FORMAT "\n", ids[i]);
					memcpy(label + m, utf8, name_len);
					labels[i] = label;
					label_lens[i] = (size_t) m + name_len;
					MemoryContextSwitchTo(oldcxt);
				}
			}
			SPI_freetuptable(SPI_tuptable);
		}
		values[0] = PointerGetDatum(id_array(ids, (int) n));

		/* Households, when the relationship code has built them. */
		rc = SPI_execute("SELECT pg_catalog.to_regclass('c360.customer_household') IS NOT NULL",
						 call.read_only, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "c360.graph_dot: looking for c360.customer_household failed");
		{
			bool		isnull;

			has_households = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0],
														SPI_tuptable->tupdesc, 1, &isnull));
		}
		SPI_freetuptable(SPI_tuptable);
		if (has_households)
		{
			Oid			array_types[1] = {INT8ARRAYOID};

			rc = SPI_execute_with_args("SELECT h.customer_id, h.household_id FROM c360.customer_household h "
									   "WHERE h.customer_id = ANY ($1)",
									   1, array_types, values, NULL, call.read_only, 0);
			if (rc != SPI_OK_SELECT)
				elog(ERROR, "c360.graph_dot: reading c360.customer_household failed: %s",
					 SPI_result_code_string(rc));
			for (r = 0; r < SPI_processed; r++)
			{
				bool		null_id,
							null_household;
				int64		id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &null_id));
				int64		h = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &null_household));
				uint32		v = null_id ? C360_NO_NODE : c360_probe_lookup(&g, id);

				if (v == C360_NO_NODE || !c360_probe_reached(&g, v) || null_household)
					continue;
				in_household[g.nodes[v].position] = true;
				household[g.nodes[v].position] = h;
			}
			SPI_freetuptable(SPI_tuptable);
		}
	}
	call_end_spi(&call);

	/*
	 * Node order: members of households with two or more drawn members,
	 * by (household, position); then everybody else by position.
	 */
	oldcxt = MemoryContextSwitchTo(call.workcxt);
	sort_keys = palloc(sizeof(int64) * (n > 0 ? n : 1));
	sort_positions = palloc(sizeof(int64) * (n > 0 ? n : 1));
	nodes = palloc0(sizeof(C360DotStyledNode) * (n > 0 ? n : 1));
	k = 0;
	for (i = 0; i < n; i++)
		if (in_household[i])
		{
			sort_keys[k] = household[i];
			sort_positions[k] = i;
			k++;
		}
	c360_sort_pairs(sort_keys, sort_positions, k, interrupt_tick, NULL);
	{
		uint32		out_count = 0;
		uint32		j = 0;

		/* Households of at least two. */
		while (j < k)
		{
			uint32		end = j;

			while (end < k && sort_keys[end] == sort_keys[j])
				end++;
			if (end - j >= 2)
			{
				for (; j < end; j++)
				{
					uint32		pos = (uint32) sort_positions[j];
					C360DotStyledNode *node = &nodes[out_count++];

					node->id = ids[pos];
					node->label = labels[pos];
					node->label_len = label_lens[pos];
					node->highlight = pos == 0;
					node->in_cluster = true;
					node->cluster = household[pos];
				}
			}
			else
				for (; j < end; j++)
					in_household[sort_positions[j]] = false;
		}
		for (i = 0; i < n; i++)
			if (!in_household[i])
			{
				C360DotStyledNode *node = &nodes[out_count++];

				node->id = ids[i];
				node->label = labels[i];
				node->label_len = label_lens[i];
				node->highlight = i == 0;
			}
		Assert(out_count == n);
	}

	kind_names = palloc0(sizeof(char *) * (call.vocab.count + 1));
	kind_lens = palloc0(sizeof(size_t) * (call.vocab.count + 1));
	for (i = 1; i <= (uint32) call.vocab.count; i++)
	{
		text	   *t = cstring_to_text_with_len(call.vocab.names[i], call.vocab.lens[i]);

		kind_names[i] = c360_text_utf8(t, &kind_lens[i]);
	}
	dot_edges = palloc0(sizeof(C360DotStyledEdge) * (edges.count > 0 ? edges.count : 1));
	for (i = 0; i < edges.count; i++)
	{
		C360DotStyledEdge *e = &dot_edges[i];
		uint16		kind = edges.kind[i];

		e->source = ids[edges.from[i]];
		e->target = ids[edges.to[i]];
		e->undirected = edges.undirected[i];
		if (kind >= 1 && kind <= call.vocab.count)
		{
			e->label = kind_names[kind];
			e->label_len = kind_lens[kind];
		}
	}
	MemoryContextSwitchTo(oldcxt);

	(void) c360_dot_write_styled(nodes, n, dot_edges, edges.count, "household ", NULL, 0, &len);
	if (len > MaxAllocSize - VARHDRSZ - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.graph_dot would write %zu bytes, more than a text value holds", len),
				 errhint("Ask for fewer hops.")));
	out = MemoryContextAlloc(call.workcxt, len + 1);
	status = c360_dot_write_styled(nodes, n, dot_edges, edges.count, "household ", out, len, &len);
	if (status != C360_CSR_OK)
		elog(ERROR, "c360.graph_dot: writing the picture failed");
	result = c360_utf8_text(out, len);
	call_free(&call);
	PG_RETURN_TEXT_P(result);
}

/* ------------------------------------------------------------ values */

/*
 * Reads value_sql (or the default) as (customer_id, value) rows and hands
 * each usable one to add(): rows with a NULL id or value, or a value that
 * is not finite, are skipped.
 */
typedef void (*ValueAdd) (void *arg, int64 id, double value);

typedef struct ValueReceiver
{
	DestReceiver pub;
	GraphCall  *call;
	ValueAdd	add;
	void	   *arg;
	int			id_width;
	Oid			value_type;
	uint64		rows;
} ValueReceiver;

static void
value_startup(DestReceiver *self, int operation, TupleDesc desc)
{
	ValueReceiver *r = (ValueReceiver *) self;
	Form_pg_attribute att;
	Oid			base;

	if (desc == NULL || desc->natts != 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("value_sql must return two columns (customer_id, value), but it returns %d",
						desc == NULL ? 0 : desc->natts)));
	att = TupleDescAttr(desc, 0);
	switch (getBaseType(att->atttypid))
	{
		case INT8OID:
			r->id_width = 8;
			break;
		case INT4OID:
			r->id_width = 4;
			break;
		case INT2OID:
			r->id_width = 2;
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column 1 (\"%s\") of value_sql has type %s, not an integer type",
							NameStr(att->attname), format_type_be(att->atttypid)),
					 errhint("The first column is the customer id: bigint, integer or smallint; cast it, e.g. SELECT customer_id::bigint, value FROM ...")));
	}
	att = TupleDescAttr(desc, 1);
	base = getBaseType(att->atttypid);
	if (base != FLOAT8OID && base != FLOAT4OID && base != NUMERICOID &&
		base != INT8OID && base != INT4OID && base != INT2OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column 2 (\"%s\") of value_sql has type %s, not a number",
						NameStr(att->attname), format_type_be(att->atttypid)),
				 errhint("The second column is the customer's value: a number (float8, numeric, integer); cast it, e.g. SELECT customer_id, value::float8 FROM ...")));
	r->value_type = base;
}

static bool
value_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ValueReceiver *r = (ValueReceiver *) self;
	MemoryContext oldcxt;
	int64		id;
	double		value;
	Datum		d;

	if ((++r->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getsomeattrs(slot, 2);
	if (slot->tts_isnull[0] || slot->tts_isnull[1])
		return true;
	d = slot->tts_values[0];
	id = r->id_width == 8 ? DatumGetInt64(d) :
		r->id_width == 4 ? (int64) DatumGetInt32(d) : (int64) DatumGetInt16(d);
	d = slot->tts_values[1];
	switch (r->value_type)
	{
		case FLOAT8OID:
			value = DatumGetFloat8(d);
			break;
		case FLOAT4OID:
			value = (double) DatumGetFloat4(d);
			break;
		case INT8OID:
			value = (double) DatumGetInt64(d);
			break;
		case INT4OID:
			value = (double) DatumGetInt32(d);
			break;
		case INT2OID:
			value = (double) DatumGetInt16(d);
			break;
		default:
			value = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
			break;
	}
	if (!isfinite(value))
		return true;
	oldcxt = MemoryContextSwitchTo(r->call->workcxt);
	r->add(r->arg, id, value);
	MemoryContextSwitchTo(oldcxt);
	return true;
}

/* Prepares value_sql: one statement that returns rows. */
static SPIPlanPtr
prepare_value_query(const char *sql)
{
	SPIPlanPtr	plan = SPI_prepare(sql, 0, NULL);
	List	   *sources;
	CommandTag	tag;

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for value_sql: %s", SPI_result_code_string(SPI_result));
	if (SPI_is_cursor_plan(plan))
		return plan;
	sources = SPI_plan_get_plan_sources(plan);
	if (list_length(sources) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_sql is empty"),
				 errhint("Pass a query of (customer_id, value), e.g. 'SELECT customer_id, clv_1y FROM c360.customer_value', or NULL for the default.")));
	if (list_length(sources) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_sql must be a single query, but it has %d statements",
						list_length(sources))));
	tag = ((CachedPlanSource *) linitial(sources))->commandTag;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("value_sql must be a query that returns rows, not %s",
					tag == CMDTAG_SELECT ? "SELECT ... INTO" : GetCommandTagName(tag)),
			 errhint("Use a SELECT that returns (customer_id, value).")));
	return NULL;				/* not reached */
}

static void
read_values(GraphCall *call, text *value_sql, ValueAdd add, void *arg)
{
	char	   *sql = value_sql != NULL ? text_to_cstring(value_sql) : pstrdup(DEFAULT_VALUE_SQL);
	SPIPlanPtr	plan = prepare_value_query(sql);
	ValueReceiver receiver;

	memset(&receiver, 0, sizeof(receiver));
	receiver.call = call;
	receiver.add = add;
	receiver.arg = arg;
	/* VOLATILE: value_sql sees a fresh snapshot */
	c360_spi_run(plan, NULL, false, &receiver.pub, value_receive, value_startup, "value_sql");
}

/* (id, value) pairs collected against the budget. */
typedef struct ValueList
{
	GraphCall  *call;
	C360CsrBuilder *builder;	/* also add each id as a node (or NULL) */
	int64	   *ids;
	double	   *values;
	uint32		count;
	uint32		capacity;
} ValueList;

static void
value_list_add(void *arg, int64 id, double value)
{
	ValueList  *list = (ValueList *) arg;
	C360MemBudget *budget = &list->call->budget;

	if (list->count == list->capacity)
	{
		uint32		capacity = list->capacity == 0 ? 1024 : 2 * list->capacity;
		size_t		bytes = (size_t) capacity * (sizeof(int64) + sizeof(double));
		int64	   *ids;
		double	   *values;

		if (capacity > MaxAllocSize / sizeof(int64) ||
			!c360_budget_allows(budget, budget->used + bytes))
		{
			if (capacity <= MaxAllocSize / sizeof(int64))
				report_status(list->call, C360_CSR_OVER_BUDGET, list->count, 0);
			report_status(list->call, C360_CSR_TOO_MANY_NODES, list->count, 0);
		}
		ids = c360_budget_alloc(budget, (size_t) capacity * sizeof(int64));
		values = c360_budget_alloc(budget, (size_t) capacity * sizeof(double));
		if (list->count > 0)
		{
			memcpy(ids, list->ids, sizeof(int64) * list->count);
			memcpy(values, list->values, sizeof(double) * list->count);
		}
		c360_budget_free(budget, list->ids, (size_t) list->capacity * sizeof(int64));
		c360_budget_free(budget, list->values, (size_t) list->capacity * sizeof(double));
		list->ids = ids;
		list->values = values;
		list->capacity = capacity;
	}
	if (list->builder != NULL)
	{
		C360CsrStatus status = c360_csr_builder_add_node(list->builder, id);

		if (status != C360_CSR_OK)
			report_status(list->call, status, list->builder->map.count, list->builder->count);
	}
	list->ids[list->count] = id;
	list->values[list->count] = value;
	list->count++;
}

/*
 * value[i] for every node of csr: the sum of its values, NaN when it has
 * none.  Ids not in the graph are ignored.
 */
static double *
node_values(GraphCall *call, const C360Csr *csr, const ValueList *list)
{
	double	   *value;
	size_t		bytes = sizeof(double) * (csr->n > 0 ? csr->n : 1);
	uint32		i;

	if (!c360_budget_allows(&call->budget, call->budget.used + bytes))
		report_status(call, C360_CSR_OVER_BUDGET, csr->n, csr->arcs);
	value = MemoryContextAlloc(call->workcxt, bytes);
	call->budget.used += bytes;
	for (i = 0; i < csr->n; i++)
		value[i] = NAN;
	for (i = 0; i < list->count; i++)
	{
		int64		v = c360_csr_index(csr, list->ids[i]);

		if (v < 0)
			continue;
		value[v] = isnan(value[v]) ? list->values[i] : value[v] + list->values[i];
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return value;
}

/* ------------------------------------------------------------ whole graph */

typedef struct TableReceiver
{
	DestReceiver pub;
	GraphCall  *call;
	C360CsrBuilder *builder;
	uint64		rows;
} TableReceiver;

static bool
table_receive(TupleTableSlot *slot, DestReceiver *self)
{
	TableReceiver *r = (TableReceiver *) self;
	MemoryContext oldcxt;
	C360CsrStatus status;
	uint16		kind;

	if ((++r->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getsomeattrs(slot, 3);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2])
		return true;
	kind = datum_kind(r->call, slot->tts_values[2]);
	if (kind == 0)
		return true;
	oldcxt = MemoryContextSwitchTo(r->call->workcxt);
	status = c360_csr_builder_add_edge(r->builder, DatumGetInt64(slot->tts_values[0]),
									   DatumGetInt64(slot->tts_values[1]), kind);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(r->call, status, r->builder->map.count, r->builder->count);
	return true;
}

/* Reads the relationships (of one kind, or all) once into a builder. */
static void
read_relationships(GraphCall *call, C360CsrBuilder *builder, const char *only_kind)
{
	TableReceiver receiver;
	SPIPlanPtr	plan;
	Oid			types[1] = {TEXTOID};
	ParamListInfo params = NULL;

	plan = SPI_prepare(only_kind != NULL
					   ? "SELECT r.customer_id, r.related_customer_id, r.kind "
					   "FROM c360.customer_relationship r WHERE r.kind = $1"
					   : "SELECT r.customer_id, r.related_customer_id, r.kind "
					   "FROM c360.customer_relationship r",
					   only_kind != NULL ? 1 : 0, types);
	if (plan == NULL)
		elog(ERROR, "%s: SPI_prepare failed: %s", call->fname, SPI_result_code_string(SPI_result));
	if (only_kind != NULL)
	{
		params = makeParamList(1);
		params->params[0].value = CStringGetTextDatum(only_kind);
		params->params[0].isnull = false;
		params->params[0].pflags = PARAM_FLAG_CONST;
		params->params[0].ptype = TEXTOID;
	}
	memset(&receiver, 0, sizeof(receiver));
	receiver.call = call;
	receiver.builder = builder;
	c360_spi_run(plan, params, call->read_only, &receiver.pub, table_receive, receiver_startup,
				 "the read of c360.customer_relationship");
}

static void
build_csr(GraphCall *call, C360CsrBuilder *builder, C360Csr *csr)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(call->workcxt);
	C360CsrStatus status = c360_csr_build(builder, C360_CSR_FORWARD, NULL, 0, csr);

	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(call, status, builder->map.count, builder->count);
}

static C360Bfs *
new_search(GraphCall *call, const C360Csr *csr)
{
	MemoryContext oldcxt = MemoryContextSwitchTo(call->workcxt);
	C360Bfs    *bfs = palloc(sizeof(C360Bfs));
	C360CsrStatus status = c360_bfs_init(bfs, csr, &call->budget, interrupt_tick, NULL);

	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(call, status, csr->n, csr->arcs);
	return bfs;
}

static void
check_influence_arguments(const char *fname, double decay, int32 max_hops)
{
	if (!(decay >= 0.0 && decay <= 1.0))	/* NaN fails too */
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("decay must be between 0 and 1, not %g", decay),
				 errhint("%s: a referral's value counts decay times per hop (0.5, the default, halves it each hop).", fname)));
	check_max_hops(fname, max_hops, 0);
}

static void
put_influence(Tuplestorestate *tupstore, TupleDesc tupdesc, int64 id, double own,
			  double indirect, uint32 referred)
{
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	values[0] = Int64GetDatum(id);
	nulls[1] = isnan(own);
	values[1] = Float8GetDatum(nulls[1] ? 0.0 : own);
	values[2] = Float8GetDatum(indirect);
	values[3] = Float8GetDatum((nulls[1] ? 0.0 : own) + indirect);
	values[4] = Int32GetDatum((int32) Min(referred, (uint32) PG_INT32_MAX));
	tuplestore_putvalues(tupstore, tupdesc, values, nulls);
}

Datum
c360_influence(PG_FUNCTION_ARGS)
{
	GraphCall	call;
	C360CsrBuilder builder;
	C360Csr		csr;
	C360Bfs    *bfs;
	ValueList	list;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	double	   *value;
	double		decay;
	int32		max_hops;
	uint32		u;

	c360_check_set_context(fcinfo);
	tupstore = c360_begin_result(fcinfo, "c360.influence", &tupdesc);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	decay = PG_GETARG_FLOAT8(1);
	max_hops = PG_GETARG_INT32(2);
	check_influence_arguments("c360.influence", decay, max_hops);

	call_begin(&call, "c360.influence", false);
	load_vocabulary(&call);
	c360_csr_builder_init(&builder, &call.budget, interrupt_tick, NULL);
	read_relationships(&call, &builder, "referred");
	memset(&list, 0, sizeof(list));
	list.call = &call;
	list.builder = &builder;
	read_values(&call, PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0), value_list_add, &list);
	call_end_spi(&call);

	build_csr(&call, &builder, &csr);
	value = node_values(&call, &csr, &list);
	bfs = new_search(&call, &csr);
	for (u = 0; u < csr.n; u++)
	{
		double		indirect = 0.0;
		MemoryContext oldcxt = MemoryContextSwitchTo(call.workcxt);
		C360CsrStatus status;

		if (decay > 0.0)
			status = c360_influence_one(bfs, u, value, decay, max_hops, NULL, &indirect);
		else
			status = c360_bfs_run(bfs, u, max_hops, NULL);	/* only counts */
		MemoryContextSwitchTo(oldcxt);
		if (status != C360_CSR_OK)
			elog(ERROR, "c360.influence: search failed");
		put_influence(tupstore, tupdesc, csr.ids[u], value[u], indirect, bfs->count - 1);
	}
	call_free(&call);
	return (Datum) 0;
}

/* Keeps the values of the customers one search reached. */
typedef struct ReachedValues
{
	C360ProbeGraph *graph;
	double	   *value;			/* by position in g->order, NaN: none */
} ReachedValues;

static void
reached_value_add(void *arg, int64 id, double v)
{
	ReachedValues *r = (ReachedValues *) arg;
	uint32		node = c360_probe_lookup(r->graph, id);
	uint32		p;

	if (node == C360_NO_NODE || !c360_probe_reached(r->graph, node))
		return;
	p = r->graph->nodes[node].position;
	r->value[p] = isnan(r->value[p]) ? v : r->value[p] + v;
}

Datum
c360_customer_influence(PG_FUNCTION_ARGS)
{
	GraphCall	call;
	C360ProbeGraph g;
	ReachedValues reached;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	int64		customer;
	double		decay;
	int32		max_hops;
	double		indirect = 0.0;
	double		weight = 1.0;
	uint32		depth = 0;
	uint32		p;
	uint32		start;

	c360_check_set_context(fcinfo);
	tupstore = c360_begin_result(fcinfo, "c360.customer_influence", &tupdesc);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return (Datum) 0;
	decay = PG_GETARG_FLOAT8(2);
	max_hops = PG_GETARG_INT32(3);
	check_influence_arguments("c360.customer_influence", decay, max_hops);

	call_begin(&call, "c360.customer_influence", false);
	load_vocabulary(&call);
	{
		uint16		referred = vocabulary_find(&call.vocab, "referred", 8);
		Datum		name = CStringGetTextDatum("referred");
		MemoryContext oldcxt;

		if (referred == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("c360.relationship_kind has no kind \"referred\"")));
		c360_kindset_clear(&call.allowed);
		c360_kindset_add(&call.allowed, referred);
		call.filter = true;
		oldcxt = MemoryContextSwitchTo(call.workcxt);
		call.kinds_param = PointerGetDatum(construct_array(&name, 1, TEXTOID, -1, false, TYPALIGN_INT));
		MemoryContextSwitchTo(oldcxt);
	}
	if (!resolve_customer(&call, PG_GETARG_INT64(0), &customer))
	{
		call_end_spi(&call);
		call_free(&call);
		return (Datum) 0;
	}
	probe_begin(&call, &g);
	start = probe_node(&call, &g, customer);
	probe_bfs(&call, &g, start, max_hops, false);
	reached.graph = &g;
	reached.value = MemoryContextAlloc(call.workcxt, sizeof(double) * g.count);
	for (p = 0; p < g.count; p++)
		reached.value[p] = NAN;
	read_values(&call, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1), reached_value_add, &reached);
	call_end_spi(&call);

	/* The same sum as c360_influence_one: level by level, the weight steps down. */
	for (p = 1; p < g.count && decay > 0.0; p++)
	{
		uint32		hops = c360_probe_hops(&g, g.order[p]);

		while (depth < hops)
		{
			weight *= decay;
			depth++;
		}
		if (!isnan(reached.value[p]))
			indirect += reached.value[p] * weight;
	}
	put_influence(tupstore, tupdesc, customer, reached.value[0], indirect, g.count - 1);
	call_free(&call);
	return (Datum) 0;
}

/* ------------------------------------------------------------ most valuable nearby */

/* The first (smallest) kind of an arc from -> to, or -1. */
static int
csr_arc_kind(const C360Csr *csr, uint32 from, uint32 to)
{
	uint32		lo = csr->offsets[from];
	uint32		hi = csr->offsets[from + 1];

	while (lo < hi)
	{
		uint32		mid = lo + (hi - lo) / 2;

		if (csr->targets[mid] < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < csr->offsets[from + 1] && csr->targets[lo] == to)
		return csr->kinds[lo];
	return -1;
}

static void
put_nearby(Tuplestorestate *tupstore, TupleDesc tupdesc, const Vocabulary *vocab,
		   const C360Csr *csr, const double *value, const uint32 *path, const uint16 *kinds,
		   uint32 len)
{
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	int64		ids[64];
	Datum		kind_values[64];
	int64	   *path_ids = len <= 64 ? ids : palloc(sizeof(int64) * len);
	Datum	   *kind_datums = len <= 64 ? kind_values : palloc(sizeof(Datum) * len);
	uint32		i;

	for (i = 0; i < len; i++)
		path_ids[i] = csr->ids[path[i]];
	for (i = 0; i + 1 < len; i++)
		kind_datums[i] = kind_text(vocab, kinds[i]);
	values[0] = Int64GetDatum(path_ids[0]);
	values[1] = Int64GetDatum(path_ids[len - 1]);
	values[2] = Int32GetDatum((int32) len - 1);
	values[3] = Float8GetDatum(value[path[len - 1]]);
	values[4] = PointerGetDatum(id_array(path_ids, (int) len));
	values[5] = PointerGetDatum(construct_array(kind_datums, (int) len - 1, TEXTOID, -1,
												false, TYPALIGN_INT));
	tuplestore_putvalues(tupstore, tupdesc, values, nulls);
}

Datum
c360_most_valuable_nearby(PG_FUNCTION_ARGS)
{
	GraphCall	call;
	C360CsrBuilder builder;
	C360Csr		csr;
	ValueList	list;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	double	   *value;
	int32		max_hops;
	uint32		u;
	MemoryContext rowcxt;

	c360_check_set_context(fcinfo);
	tupstore = c360_begin_result(fcinfo, "c360.most_valuable_nearby", &tupdesc);
	if (PG_ARGISNULL(1))
		return (Datum) 0;
	max_hops = PG_GETARG_INT32(1);
	check_max_hops("c360.most_valuable_nearby", max_hops, 1);

	call_begin(&call, "c360.most_valuable_nearby", false);
	load_vocabulary(&call);
	c360_csr_builder_init(&builder, &call.budget, interrupt_tick, NULL);
	read_relationships(&call, &builder, NULL);
	memset(&list, 0, sizeof(list));
	list.call = &call;
	read_values(&call, PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0), value_list_add, &list);
	call_end_spi(&call);

	build_csr(&call, &builder, &csr);
	value = node_values(&call, &csr, &list);
	rowcxt = AllocSetContextCreate(call.workcxt, "c360 most_valuable_nearby row",
								   ALLOCSET_SMALL_SIZES);

	if (max_hops == 2)
	{
		/* The linear pass, then each path: direct, or via the smallest-id middle. */
		uint32	   *best;
		size_t		bytes = sizeof(uint32) * (csr.n > 0 ? csr.n : 1);
		MemoryContext oldcxt;
		C360CsrStatus status;

		if (!c360_budget_allows(&call.budget, call.budget.used + bytes))
			report_status(&call, C360_CSR_OVER_BUDGET, csr.n, csr.arcs);
		best = MemoryContextAlloc(call.workcxt, bytes);
		call.budget.used += bytes;
		oldcxt = MemoryContextSwitchTo(call.workcxt);
		status = c360_best_within_two_hops(&csr, value, NULL, best, &call.budget,
										   interrupt_tick, NULL);
		MemoryContextSwitchTo(oldcxt);
		if (status != C360_CSR_OK)
			report_status(&call, status, csr.n, csr.arcs);
		for (u = 0; u < csr.n; u++)
		{
			uint32		v = best[u];
			uint32		path[3];
			uint16		kinds[2];
			int			k;

			if (v == C360_NO_NODE)
				continue;
			if ((u & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			oldcxt = MemoryContextSwitchTo(rowcxt);
			path[0] = u;
			k = csr_arc_kind(&csr, u, v);
			if (k >= 0)
			{
				path[1] = v;
				kinds[0] = (uint16) k;
				put_nearby(tupstore, tupdesc, &call.vocab, &csr, value, path, kinds, 2);
			}
			else
			{
				uint32		a;

				/* u's arcs are sorted by target: the first middle that works is the smallest. */
				for (a = csr.offsets[u]; a < csr.offsets[u + 1]; a++)
				{
					uint32		w = csr.targets[a];

					if (a > csr.offsets[u] && csr.targets[a - 1] == w)
						continue;
					k = csr_arc_kind(&csr, w, v);
					if (k < 0)
						continue;
					path[1] = w;
					path[2] = v;
					kinds[0] = csr.kinds[a];
					kinds[1] = (uint16) k;
					put_nearby(tupstore, tupdesc, &call.vocab, &csr, value, path, kinds, 3);
					break;
				}
			}
			MemoryContextSwitchTo(oldcxt);
			MemoryContextReset(rowcxt);
		}
	}
	else
	{
		/* One bounded search per customer. */
		C360Bfs    *bfs = new_search(&call, &csr);
		uint32	   *path = MemoryContextAlloc(call.workcxt, sizeof(uint32) * (csr.n > 0 ? csr.n : 1));
		uint16	   *kinds = MemoryContextAlloc(call.workcxt, sizeof(uint16) * (csr.n > 0 ? csr.n : 1));

		call.budget.used += (sizeof(uint32) + sizeof(uint16)) * (csr.n > 0 ? csr.n : 1);
		for (u = 0; u < csr.n; u++)
		{
			uint32		p;
			uint32		chosen = C360_NO_NODE;
			MemoryContext oldcxt = MemoryContextSwitchTo(call.workcxt);
			C360CsrStatus status = c360_bfs_run(bfs, u, max_hops, NULL);

			MemoryContextSwitchTo(oldcxt);
			if (status != C360_CSR_OK)
				elog(ERROR, "c360.most_valuable_nearby: search failed");
			for (p = 1; p < bfs->count; p++)
			{
				double		x = value[bfs->node[p]];

				if (isnan(x))
					continue;
				if (chosen == C360_NO_NODE || x > value[bfs->node[chosen]] ||
					(x == value[bfs->node[chosen]] && bfs->node[p] < bfs->node[chosen]))
					chosen = p;
			}
			if (chosen == C360_NO_NODE)
				continue;
			oldcxt = MemoryContextSwitchTo(rowcxt);
			{
				uint32		len = c360_bfs_path(bfs, chosen, path, kinds);

				put_nearby(tupstore, tupdesc, &call.vocab, &csr, value, path, kinds, len);
			}
			MemoryContextSwitchTo(oldcxt);
			MemoryContextReset(rowcxt);
		}
	}
	call_free(&call);
	return (Datum) 0;
}
