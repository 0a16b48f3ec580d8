/*
 * components_fmgr.c: c360.connected_components(edges_sql text).
 *
 * Runs the caller's query once through an SPI cursor, feeding the rows in
 * batches to the plain-C components (unionfind.c), whose memory is checked
 * against work_mem, then returns (node, component) rows sorted by
 * (component, node) in a materialized tuplestore.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/cmdtag.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/portal.h"
#include "utils/tuplestore.h"

#include "unionfind.h"

PG_FUNCTION_INFO_V1(c360_connected_components);

/* Rows fetched from the cursor at a time: bounds the SPI result memory. */
#define EDGE_BATCH_ROWS 10000

static void
interrupt_tick(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * The integer width of an edges_sql column (2, 4 or 8 bytes), or an error
 * naming the column and the type it has.  Domains over integer types count
 * as their base type.
 */
static int
edge_column_width(TupleDesc desc, int attno)
{
	Form_pg_attribute att = TupleDescAttr(desc, attno - 1);

	switch (getBaseType(att->atttypid))
	{
		case INT8OID:
			return 8;
		case INT4OID:
			return 4;
		case INT2OID:
			return 2;
	}
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("column %d (\"%s\") of edges_sql has type %s, not an integer type",
					attno, NameStr(att->attname), format_type_be(att->atttypid)),
			 errhint("Node ids must be bigint, integer or smallint; cast the column, e.g. SELECT a::bigint, b::bigint FROM ...")));
	return 0;					/* not reached */
}

static inline int64
edge_value(Datum d, int width)
{
	switch (width)
	{
		case 8:
			return DatumGetInt64(d);
		case 4:
			return (int64) DatumGetInt32(d);
		default:
			return (int64) DatumGetInt16(d);
	}
}

/* Raises the error for a refusal from the components code. */
static void
report_graph_status(C360GraphStatus status, const C360Components *c,
					const C360MemBudget *budget)
{
	if (status == C360_GRAPH_OVER_BUDGET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.connected_components ran out of work_mem after %u distinct nodes",
						c->map.count),
				 errdetail("Storing more nodes needs at least %zu kB; work_mem is %d kB.",
						   (budget->refused + 1023) / 1024, work_mem),
				 errhint("Raise work_mem for this statement, e.g. SET work_mem = '256MB'. "
						 "The function needs about 21 to 45 bytes per distinct node id: "
						 "64MB covers about 1.5 million ids, 256MB about 6 million.")));
	if (status == C360_GRAPH_TOO_MANY_NODES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.connected_components supports at most %u distinct node ids",
						(unsigned int) C360_GRAPH_MAX_NODES),
				 errhint("Split the edges into parts that share no node (for example by a blocking key) and run each part separately.")));
}

/*
 * Prepares edges_sql and checks that it is one statement returning rows;
 * the message says what it got instead.
 */
static SPIPlanPtr
prepare_edges_query(const char *sql)
{
	SPIPlanPtr	plan = SPI_prepare(sql, 0, NULL);
	List	   *sources;
	CommandTag	tag;

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for edges_sql: %s",
			 SPI_result_code_string(SPI_result));
	if (SPI_is_cursor_plan(plan))
		return plan;

	sources = SPI_plan_get_plan_sources(plan);
	if (list_length(sources) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edges_sql is empty"),
				 errhint("Pass a query that returns two node id columns, e.g. 'SELECT source, target FROM edges'.")));
	if (list_length(sources) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edges_sql must be a single query, but it has %d statements",
						list_length(sources)),
				 errhint("Combine the edges into one query, e.g. with UNION ALL.")));
	tag = ((CachedPlanSource *) linitial(sources))->commandTag;
	if (tag == CMDTAG_SELECT)	/* the only SELECT that returns nothing */
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edges_sql must be a query that returns rows, not SELECT ... INTO"),
				 errhint("Leave out the INTO clause.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("edges_sql must be a query that returns rows, not %s",
					GetCommandTagName(tag)),
			 errhint("Use a SELECT (or INSERT/UPDATE/DELETE ... RETURNING) that returns two node id columns.")));
	return NULL;				/* not reached */
}

/*
 * Reads every row of edges_sql into c.  A NULL end is skipped: (x, NULL)
 * and (NULL, x) add x as a node, (NULL, NULL) adds nothing.
 */
static void
read_edges(const char *sql, C360Components *c, C360MemBudget *budget,
		   MemoryContext workcxt)
{
	SPIPlanPtr	plan = prepare_edges_query(sql);
	Portal		portal = SPI_cursor_open(NULL, plan, NULL, NULL, false);
	TupleDesc	desc = portal->tupDesc;
	int			width1,
				width2;

	if (desc == NULL || desc->natts != 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("edges_sql must return exactly two columns (source, target), but it returns %d",
						desc == NULL ? 0 : desc->natts)));
	width1 = edge_column_width(desc, 1);
	width2 = edge_column_width(desc, 2);

	for (;;)
	{
		MemoryContext spicxt;
		uint64		n;
		uint64		i;

		CHECK_FOR_INTERRUPTS();
		SPI_cursor_fetch(portal, true, EDGE_BATCH_ROWS);
		n = SPI_processed;
		if (n == 0 || SPI_tuptable == NULL)
			break;

		/* Growth of the components lands in workcxt, not in SPI's memory. */
		spicxt = MemoryContextSwitchTo(workcxt);
		for (i = 0; i < n; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			bool		null1,
						null2;
			Datum		d1 = heap_getattr(tuple, 1, desc, &null1);
			Datum		d2 = heap_getattr(tuple, 2, desc, &null2);
			C360GraphStatus status;

			if (!null1 && !null2)
				status = c360_components_add_edge(c, edge_value(d1, width1),
												  edge_value(d2, width2));
			else if (!null1)
				status = c360_components_add_node(c, edge_value(d1, width1));
			else if (!null2)
				status = c360_components_add_node(c, edge_value(d2, width2));
			else
				continue;
			if (status != C360_GRAPH_OK)
				report_graph_status(status, c, budget);
		}
		MemoryContextSwitchTo(spicxt);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
}

Datum
c360_connected_components(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	MemoryContext callercxt = CurrentMemoryContext;
	MemoryContext workcxt;
	MemoryContext oldcxt;
	C360MemBudget budget;
	C360Components components;
	C360GraphStatus status;
	TupleDesc	tupdesc;
	Tuplestorestate *tupstore;
	uint32		i;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("materialize mode required, but it is not allowed in this context")));

	/*
	 * The graph lives in its own context, a child of the caller's, so it
	 * survives SPI_finish and goes away with the statement on an error.
	 */
	workcxt = AllocSetContextCreate(callercxt, "c360 connected_components",
									ALLOCSET_DEFAULT_SIZES);
	c360_budget_init(&budget, (size_t) work_mem * 1024);
	c360_components_init(&components, &budget, interrupt_tick, NULL);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	read_edges(sql, &components, &budget, workcxt);
	SPI_finish();

	oldcxt = MemoryContextSwitchTo(workcxt);
	status = c360_components_finish(&components);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_GRAPH_OK)
		report_graph_status(status, &components, &budget);

	/* Materialize the rows in the query's memory, as executors expect. */
	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type of c360.connected_components must be a row type");
	tupstore = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
									 false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tupstore;
	rsinfo->setDesc = tupdesc;
	MemoryContextSwitchTo(oldcxt);

	for (i = 0; i < components.count; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = Int64GetDatum(components.nodes[i]);
		values[1] = Int64GetDatum(components.components[i]);
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}

	MemoryContextDelete(workcxt);
	return (Datum) 0;
}
