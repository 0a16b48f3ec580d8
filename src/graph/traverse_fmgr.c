/*
 * traverse_fmgr.c: c360.graph_neighbourhood(edges_sql, start, max_hops) and
 * c360.graph_path(edges_sql, a, b, max_hops).
 *
 * Both run the caller's query once through SPI with a DestReceiver that
 * feeds each row (source, target[, kind]) straight into the plain-C CSR
 * builder (csr.c), whose memory is checked against work_mem, build an
 * undirected graph and search it (traverse.c).  Rows are materialized in a
 * tuplestore.  The issue-5 functions (c360.neighbourhood, ...) are meant
 * to be SQL wrappers that pass their relationship view as edges_sql,
 * filtering kinds in that query.
 */
#include "postgres.h"

#include "access/tupdesc.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/tuplestore.h"

#include "glue.h"
#include "csr.h"
#include "edges_query.h"
#include "traverse.h"

PG_FUNCTION_INFO_V1(c360_graph_neighbourhood);
PG_FUNCTION_INFO_V1(c360_graph_path);

/* Kind id 0 is "no kind" (no kind column, or a NULL kind). */
#define MAX_KINDS (C360_CSR_KINDS - 1)

static void
interrupt_tick(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

/* ------------------------------------------------------------ kind names */

/*
 * The distinct kind strings, numbered 1, 2, ... in first-seen order, in an
 * open-addressing table (at most half full).  Their bytes count against
 * the same budget as the graph.
 */
typedef struct KindDict
{
	char	  **names;			/* names[id], id 1..count */
	int		   *lens;
	uint32		count;
	uint32		capacity;		/* entries of names/lens */
	uint32	   *slots;			/* 0 empty, else id */
	uint32		nslots;			/* power of two */
	C360MemBudget *budget;
} KindDict;

static void
kinds_init(KindDict *d, C360MemBudget *budget)
{
	memset(d, 0, sizeof(*d));
	d->budget = budget;
}

static uint32
kinds_probe(const KindDict *d, const char *s, int len, uint32 hash)
{
	uint32		mask = d->nslots - 1;
	uint32		pos = hash & mask;

	for (;;)
	{
		uint32		id = d->slots[pos];

		if (id == 0 || (d->lens[id] == len && memcmp(d->names[id], s, len) == 0))
			return pos;
		pos = (pos + 1) & mask;
	}
}

/* Doubles the table and the name arrays; false when the budget refuses. */
static bool
kinds_grow(KindDict *d)
{
	uint32		new_capacity = d->capacity == 0 ? 16 : 2 * d->capacity;
	uint32		new_nslots = 2 * new_capacity;
	size_t		bytes = (size_t) new_capacity * (sizeof(char *) + sizeof(int)) +
		(size_t) new_nslots * sizeof(uint32);
	char	  **names;
	int		   *lens;
	uint32		id;

	if (!c360_budget_allows(d->budget, d->budget->used + bytes))
		return false;
	names = c360_budget_alloc(d->budget, (size_t) new_capacity * sizeof(char *));
	lens = c360_budget_alloc(d->budget, (size_t) new_capacity * sizeof(int));
	if (d->count > 0)
	{
		memcpy(names, d->names, ((size_t) d->count + 1) * sizeof(char *));
		memcpy(lens, d->lens, ((size_t) d->count + 1) * sizeof(int));
	}
	c360_budget_free(d->budget, d->names, (size_t) d->capacity * sizeof(char *));
	c360_budget_free(d->budget, d->lens, (size_t) d->capacity * sizeof(int));
	c360_budget_free(d->budget, d->slots, (size_t) d->nslots * sizeof(uint32));
	d->names = names;
	d->lens = lens;
	d->capacity = new_capacity;
	d->nslots = new_nslots;
	d->slots = c360_budget_alloc(d->budget, (size_t) new_nslots * sizeof(uint32));
	memset(d->slots, 0, (size_t) new_nslots * sizeof(uint32));
	for (id = 1; id <= d->count; id++)
	{
		uint32		hash = DatumGetUInt32(hash_any((const unsigned char *) d->names[id], d->lens[id]));

		d->slots[kinds_probe(d, d->names[id], d->lens[id], hash)] = id;
	}
	return true;
}

/*
 * The id of kind s, adding it when new: 1..MAX_KINDS, or -1 when the
 * budget refuses, -2 when there would be more than MAX_KINDS kinds.
 */
static int
kinds_intern(KindDict *d, const char *s, int len)
{
	uint32		hash = DatumGetUInt32(hash_any((const unsigned char *) s, len));
	uint32		pos;
	uint32		id;

	if (d->nslots > 0)
	{
		pos = kinds_probe(d, s, len, hash);
		if (d->slots[pos] != 0)
			return (int) d->slots[pos];
	}
	if (d->count >= MAX_KINDS)
		return -2;
	/* Entry 0 is unused, so count + 1 entries must fit. */
	if (d->count + 1 >= d->capacity && !kinds_grow(d))
		return -1;
	if (!c360_budget_allows(d->budget, d->budget->used + (size_t) len + 1))
		return -1;
	id = ++d->count;
	d->names[id] = c360_budget_alloc(d->budget, (size_t) len + 1);
	memcpy(d->names[id], s, len);
	d->names[id][len] = '\0';
	d->lens[id] = len;
	d->slots[kinds_probe(d, s, len, hash)] = id;
	return (int) id;
}

/* The kind as a text datum, or NULL for kind 0. */
static Datum
kind_datum(const KindDict *d, uint16 kind, bool *isnull)
{
	if (kind == 0 || kind > d->count)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	return PointerGetDatum(cstring_to_text_with_len(d->names[kind], d->lens[kind]));
}

static int
kind_name_cmp(const void *a, const void *b, void *arg)
{
	const KindDict *d = (const KindDict *) arg;
	uint32		x = *(const uint32 *) a;
	uint32		y = *(const uint32 *) b;
	int			common = Min(d->lens[x], d->lens[y]);
	int			c = memcmp(d->names[x], d->names[y], common);

	if (c != 0)
		return c;
	return (d->lens[x] > d->lens[y]) - (d->lens[x] < d->lens[y]);
}

/*
 * Renumbers the kinds in byte order of their names (1 = the first) and the
 * builder's edges with them, so that which kind a traversal reports for
 * parallel edges does not depend on the order the query returned its
 * rows.  The scratch arrays hold at most 65535 entries (about 1 MB) and
 * are not counted against work_mem.
 */
static void
kinds_sort(KindDict *d, C360CsrBuilder *b)
{
	uint32	   *order;
	uint16	   *rank;
	char	  **names;
	int		   *lens;
	uint32		i;

	if (d->count == 0)
		return;
	order = palloc(((Size) d->count) * sizeof(uint32));
	for (i = 0; i < d->count; i++)
		order[i] = i + 1;
	qsort_arg(order, d->count, sizeof(uint32), kind_name_cmp, d);
	rank = palloc0(((Size) d->count + 1) * sizeof(uint16));
	names = palloc(((Size) d->count + 1) * sizeof(char *));
	lens = palloc(((Size) d->count + 1) * sizeof(int));
	for (i = 0; i < d->count; i++)
	{
		rank[order[i]] = (uint16) (i + 1);
		names[i + 1] = d->names[order[i]];
		lens[i + 1] = d->lens[order[i]];
	}
	for (i = 1; i <= d->count; i++)
	{
		d->names[i] = names[i];
		d->lens[i] = lens[i];
	}
	for (i = 0; i < b->count; i++)
	{
		b->kinds[i] = rank[b->kinds[i]];
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(order);
	pfree(rank);
	pfree(names);
	pfree(lens);
	/* The hash table now points at the old ids; no more lookups. */
	c360_budget_free(d->budget, d->slots, (size_t) d->nslots * sizeof(uint32));
	d->slots = NULL;
	d->nslots = 0;
}

/* ------------------------------------------------------------ errors */

static void
report_status(const char *fname, C360CsrStatus status, uint32 nodes, uint64 edges,
			  const C360MemBudget *budget)
{
	if (status == C360_CSR_OVER_BUDGET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s ran out of work_mem after %u distinct nodes and " UINT64_FORMAT " edges",
						fname, nodes, edges),
				 errdetail("The graph needs at least %zu kB; work_mem is %d kB.",
						   (budget->refused + 1023) / 1024, work_mem),
				 errhint("Raise work_mem for this statement, e.g. SET work_mem = '256MB'. "
						 "Allow about 40 bytes per edge: "
						 "256MB is enough for about 6 million edges.")));
	if (status == C360_CSR_TOO_MANY_NODES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s supports at most %u distinct node ids",
						fname, (unsigned int) C360_GRAPH_MAX_NODES),
				 errhint("Restrict edges_sql to the part of the graph that can be reached.")));
	if (status == C360_CSR_TOO_MANY_EDGES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s supports at most %u edges (each stored both ways)",
						fname, (unsigned int) (C360_CSR_MAX_ARCS / 2)),
				 errhint("Restrict edges_sql to the part of the graph that can be reached.")));
	if (status != C360_CSR_OK)
		elog(ERROR, "%s: unexpected graph status %d", fname, (int) status);
}

/* ------------------------------------------------------------ reading */

typedef struct GraphReceiver
{
	DestReceiver pub;
	const char *fname;
	C360CsrBuilder *builder;
	KindDict   *kinds;
	C360MemBudget *budget;
	MemoryContext workcxt;
	int			width[2];		/* bytes of each id column's integer type */
	bool		has_kind;
	uint64		rows;
} GraphReceiver;

static void
graph_receiver_startup(DestReceiver *self, int operation, TupleDesc desc)
{
	GraphReceiver *r = (GraphReceiver *) self;
	int			natts = desc == NULL ? 0 : desc->natts;

	if (natts != 2 && natts != 3)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("edges_sql must return two columns (source, target) or three (source, target, kind), but it returns %d",
						natts)));
	r->width[0] = c360_edge_column_width(desc, 1);
	r->width[1] = c360_edge_column_width(desc, 2);
	r->has_kind = natts == 3;
	if (r->has_kind)
	{
		Form_pg_attribute att = TupleDescAttr(desc, 2);
		Oid			base = getBaseType(att->atttypid);

		if (base != TEXTOID && base != VARCHAROID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column 3 (\"%s\") of edges_sql has type %s, not text",
							NameStr(att->attname), format_type_be(att->atttypid)),
					 errhint("The kind of an edge must be text or varchar; cast it, e.g. SELECT a, b, kind::text FROM ...")));
	}
}

/*
 * One row.  (x, NULL) and (NULL, x) add x as a node; (NULL, NULL) adds
 * nothing; a NULL kind is "no kind".
 */
static bool
graph_receiver_receive(TupleTableSlot *slot, DestReceiver *self)
{
	GraphReceiver *r = (GraphReceiver *) self;
	C360CsrStatus status = C360_CSR_OK;
	MemoryContext oldcxt;
	uint16		kind = 0;
	bool		null1,
				null2;

	if ((++r->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getsomeattrs(slot, r->has_kind ? 3 : 2);
	null1 = slot->tts_isnull[0];
	null2 = slot->tts_isnull[1];

	oldcxt = MemoryContextSwitchTo(r->workcxt);
	if (r->has_kind && !null1 && !null2 && !slot->tts_isnull[2])
	{
		struct varlena *v = PG_DETOAST_DATUM_PACKED(slot->tts_values[2]);
		int			id = kinds_intern(r->kinds, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));

		if ((Pointer) v != DatumGetPointer(slot->tts_values[2]))
			pfree(v);
		if (id == -2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s supports at most %d distinct edge kinds", r->fname, MAX_KINDS),
					 errhint("The kind column names the relationship (e.g. 'spouse'); pass NULL or leave the column out when there is none.")));
		if (id == -1)
			status = C360_CSR_OVER_BUDGET;
		else
			kind = (uint16) id;
	}
	if (status == C360_CSR_OK)
	{
		if (!null1 && !null2)
			status = c360_csr_builder_add_edge(r->builder,
											   c360_edge_value(slot->tts_values[0], r->width[0]),
											   c360_edge_value(slot->tts_values[1], r->width[1]),
											   kind);
		else if (!null1)
			status = c360_csr_builder_add_node(r->builder, c360_edge_value(slot->tts_values[0], r->width[0]));
		else if (!null2)
			status = c360_csr_builder_add_node(r->builder, c360_edge_value(slot->tts_values[1], r->width[1]));
	}
	MemoryContextSwitchTo(oldcxt);

	if (status != C360_CSR_OK)
		report_status(r->fname, status, r->builder->map.count, r->builder->count, r->budget);
	return true;
}

/*
 * Runs edges_sql and builds the undirected graph into *csr (in workcxt),
 * with the kind names in *kinds.
 */
static void
load_graph(const char *fname, const char *sql, C360Csr *csr, KindDict *kinds,
		   C360MemBudget *budget, MemoryContext workcxt)
{
	C360CsrBuilder builder;
	GraphReceiver receiver;
	SPIPlanPtr	plan;
	C360CsrStatus status;
	MemoryContext oldcxt;

	c360_csr_builder_init(&builder, budget, interrupt_tick, NULL);
	kinds_init(kinds, budget);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = c360_prepare_edges_query(sql);
	memset(&receiver, 0, sizeof(receiver));
	receiver.fname = fname;
	receiver.builder = &builder;
	receiver.kinds = kinds;
	receiver.budget = budget;
	receiver.workcxt = workcxt;
	/* VOLATILE: the query sees a fresh snapshot */
	c360_spi_run(plan, NULL, false, &receiver.pub, graph_receiver_receive, graph_receiver_startup,
				 "edges_sql");
	SPI_finish();

	oldcxt = MemoryContextSwitchTo(workcxt);
	kinds_sort(kinds, &builder);
	status = c360_csr_build(&builder, C360_CSR_BOTH, NULL, 0, csr);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(fname, status, builder.map.count, builder.count, budget);
}

static void
check_max_hops(const char *fname, int32 max_hops)
{
	if (max_hops < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_hops must be 0 or more, not %d", max_hops),
				 errhint("%s: 0 returns only the start node; the default is the usual bound.", fname)));
}

static C360Bfs *
new_search(const char *fname, const C360Csr *csr, C360MemBudget *budget,
		   MemoryContext workcxt)
{
	C360Bfs    *bfs;
	MemoryContext oldcxt = MemoryContextSwitchTo(workcxt);
	C360CsrStatus status;

	bfs = palloc(sizeof(C360Bfs));
	status = c360_bfs_init(bfs, csr, budget, interrupt_tick, NULL);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_CSR_OK)
		report_status(fname, status, csr->n, csr->arcs / 2, budget);
	return bfs;
}

/* ------------------------------------------------------------ functions */

Datum
c360_graph_neighbourhood(PG_FUNCTION_ARGS)
{
	const char *fname = "c360.graph_neighbourhood";
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64		start_id = PG_GETARG_INT64(1);
	int32		max_hops = PG_GETARG_INT32(2);
	MemoryContext workcxt;
	C360MemBudget budget;
	C360Csr		csr;
	KindDict	kinds;
	C360Bfs    *bfs;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	int64		start;
	uint32	   *path_nodes;
	uint16	   *path_kinds;
	Datum	   *path_ids;
	Datum	   *kind_values;
	bool	   *kind_nulls;
	uint32		p;

	c360_check_set_context(fcinfo);
	check_max_hops(fname, max_hops);

	workcxt = AllocSetContextCreate(CurrentMemoryContext, "c360 graph_neighbourhood",
									ALLOCSET_DEFAULT_SIZES);
	c360_budget_init(&budget, (size_t) work_mem * 1024);
	load_graph(fname, sql, &csr, &kinds, &budget, workcxt);
	tupstore = c360_begin_result(fcinfo, fname, &tupdesc);

	start = c360_csr_index(&csr, start_id);
	if (start < 0)
	{
		/* A node without edges: its neighbourhood is itself. */
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		Datum		one = Int64GetDatum(start_id);

		values[0] = Int64GetDatum(start_id);
		values[1] = Int32GetDatum(0);
		values[2] = PointerGetDatum(construct_array(&one, 1, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[3] = PointerGetDatum(construct_empty_array(TEXTOID));
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
		MemoryContextDelete(workcxt);
		return (Datum) 0;
	}

	bfs = new_search(fname, &csr, &budget, workcxt);
	if (c360_bfs_run(bfs, (uint32) start, max_hops, NULL) != C360_CSR_OK)
		elog(ERROR, "%s: search failed", fname);

	/* The longest path has as many nodes as the last entry's hops + 1. */
	{
		uint32		longest = bfs->hops[bfs->count - 1] + 1;

		path_nodes = MemoryContextAlloc(workcxt, (Size) longest * sizeof(uint32));
		path_kinds = MemoryContextAlloc(workcxt, (Size) longest * sizeof(uint16));
		path_ids = MemoryContextAlloc(workcxt, (Size) longest * sizeof(Datum));
		kind_values = MemoryContextAlloc(workcxt, (Size) longest * sizeof(Datum));
		kind_nulls = MemoryContextAlloc(workcxt, (Size) longest * sizeof(bool));
	}
	for (p = 0; p < bfs->count; p++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		uint32		len = c360_bfs_path(bfs, p, path_nodes, path_kinds);
		uint32		i;
		MemoryContext oldcxt;

		if ((p & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		oldcxt = MemoryContextSwitchTo(workcxt);
		for (i = 0; i < len; i++)
			path_ids[i] = Int64GetDatum(csr.ids[path_nodes[i]]);
		for (i = 0; i + 1 < len; i++)
			kind_values[i] = kind_datum(&kinds, path_kinds[i], &kind_nulls[i]);
		values[0] = Int64GetDatum(csr.ids[bfs->node[p]]);
		values[1] = Int32GetDatum((int32) bfs->hops[p]);
		values[2] = PointerGetDatum(construct_array(path_ids, (int) len, INT8OID, 8,
													FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		if (len == 1)
			values[3] = PointerGetDatum(construct_empty_array(TEXTOID));
		else
		{
			int			dims[1];
			int			lbs[1] = {1};

			dims[0] = (int) len - 1;
			values[3] = PointerGetDatum(construct_md_array(kind_values, kind_nulls, 1, dims, lbs,
														   TEXTOID, -1, false, TYPALIGN_INT));
		}
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
		MemoryContextSwitchTo(oldcxt);
		pfree(DatumGetPointer(values[2]));
		pfree(DatumGetPointer(values[3]));
		for (i = 0; i + 1 < len; i++)
			if (!kind_nulls[i])
				pfree(DatumGetPointer(kind_values[i]));
	}

	MemoryContextDelete(workcxt);
	return (Datum) 0;
}

Datum
c360_graph_path(PG_FUNCTION_ARGS)
{
	const char *fname = "c360.graph_path";
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64		a_id = PG_GETARG_INT64(1);
	int64		b_id = PG_GETARG_INT64(2);
	int32		max_hops = PG_GETARG_INT32(3);
	MemoryContext workcxt;
	C360MemBudget budget;
	C360Csr		csr;
	KindDict	kinds;
	C360Bfs    *bfs;
	Tuplestorestate *tupstore;
	TupleDesc	tupdesc;
	int64		a,
				b;
	uint32		target_position;
	uint32	   *path_nodes;
	uint16	   *path_kinds;
	uint32		len;
	uint32		i;

	c360_check_set_context(fcinfo);
	check_max_hops(fname, max_hops);

	workcxt = AllocSetContextCreate(CurrentMemoryContext, "c360 graph_path",
									ALLOCSET_DEFAULT_SIZES);
	c360_budget_init(&budget, (size_t) work_mem * 1024);
	load_graph(fname, sql, &csr, &kinds, &budget, workcxt);
	tupstore = c360_begin_result(fcinfo, fname, &tupdesc);

	if (a_id == b_id)
	{
		/* Every node is 0 hops from itself, edges or not. */
		Datum		values[3];
		bool		nulls[3] = {false, false, true};

		values[0] = Int32GetDatum(0);
		values[1] = Int64GetDatum(a_id);
		values[2] = (Datum) 0;
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
		MemoryContextDelete(workcxt);
		return (Datum) 0;
	}
	a = c360_csr_index(&csr, a_id);
	b = c360_csr_index(&csr, b_id);
	if (a < 0 || b < 0)
	{
		MemoryContextDelete(workcxt);
		return (Datum) 0;
	}

	bfs = new_search(fname, &csr, &budget, workcxt);
	if (c360_bfs_shortest(bfs, (uint32) a, (uint32) b, max_hops, NULL,
						  &target_position) != C360_CSR_OK)
	{
		MemoryContextDelete(workcxt);
		return (Datum) 0;
	}
	len = bfs->hops[target_position] + 1;
	path_nodes = MemoryContextAlloc(workcxt, (Size) len * sizeof(uint32));
	path_kinds = MemoryContextAlloc(workcxt, (Size) len * sizeof(uint16));
	c360_bfs_path(bfs, target_position, path_nodes, path_kinds);
	for (i = 0; i < len; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, true};

		values[0] = Int32GetDatum((int32) i);
		values[1] = Int64GetDatum(csr.ids[path_nodes[i]]);
		values[2] = (Datum) 0;
		if (i > 0)
			values[2] = kind_datum(&kinds, path_kinds[i - 1], &nulls[2]);
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}
	MemoryContextDelete(workcxt);
	return (Datum) 0;
}
