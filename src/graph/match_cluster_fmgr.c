/*
 * match_cluster_fmgr.c: c360.match_clusters(edges_sql, strong_weight,
 * max_cluster_size), guarded clustering of scored match edges.
 *
 * Reads edges_sql once through SPI with a receiver (as
 * c360.connected_components does), then applies the rule in
 * match_cluster.h.  Memory is checked against work_mem: the edges must be
 * kept to be taken strongest first (16 bytes each, plus about 45 bytes per
 * node).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "edges_query.h"
#include "glue.h"
#include "match_cluster.h"

PG_FUNCTION_INFO_V1(c360_match_clusters);

static void
cluster_tick(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

static void
report_cluster_status(C360GraphStatus status, const C360MatchClusters *mc,
					  const C360MemBudget *budget)
{
	if (status == C360_GRAPH_OVER_BUDGET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.match_clusters ran out of work_mem after %u nodes and %zu edges",
						mc->map.count, mc->edge_count),
				 errdetail("It needs at least %zu kB; work_mem is %d kB.",
						   (budget->refused + 1023) / 1024, work_mem),
				 errhint("Raise work_mem for this statement, e.g. SET work_mem = '256MB' (c360.resolve() runs under maintenance_work_mem instead). "
						 "Allow 16 bytes per edge and 45 bytes per node.")));
	if (status == C360_GRAPH_TOO_MANY_NODES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("c360.match_clusters supports at most %u distinct node ids",
						(unsigned int) C360_GRAPH_MAX_NODES),
				 errhint("Cluster parts that share no record separately.")));
}

typedef struct ClusterReceiver
{
	DestReceiver pub;
	C360MatchClusters *mc;
	C360MemBudget *budget;
	MemoryContext workcxt;
	int			width1;
	int			width2;
	Oid			weight_type;
	uint64		rows;
} ClusterReceiver;

static void
cluster_receiver_startup(DestReceiver *self, int operation, TupleDesc desc)
{
	ClusterReceiver *r = (ClusterReceiver *) self;
	Form_pg_attribute att;

	if (desc == NULL || desc->natts != 3)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("edges_sql must return exactly three columns (source, target, weight), but it returns %d",
						desc == NULL ? 0 : desc->natts)));
	r->width1 = c360_edge_column_width(desc, 1);
	r->width2 = c360_edge_column_width(desc, 2);
	att = TupleDescAttr(desc, 2);
	r->weight_type = getBaseType(att->atttypid);
	if (r->weight_type != FLOAT8OID && r->weight_type != FLOAT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column 3 (\"%s\") of edges_sql has type %s, not double precision",
						NameStr(att->attname), format_type_be(att->atttypid)),
				 errhint("Return the match weight as float8, e.g. c360.match_weight(model, a.key, b.key).")));
}

/*
 * One edge.  A NULL weight or NaN keeps both ends as records without the
 * edge; a NULL end keeps the other end only.
 */
static bool
cluster_receiver_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ClusterReceiver *r = (ClusterReceiver *) self;
	C360GraphStatus status = C360_GRAPH_OK;
	MemoryContext oldcxt;
	bool		null1,
				null2,
				nullw;
	double		w = 0;

	if ((++r->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getsomeattrs(slot, 3);
	null1 = slot->tts_isnull[0];
	null2 = slot->tts_isnull[1];
	nullw = slot->tts_isnull[2];
	if (!nullw)
		w = r->weight_type == FLOAT8OID ? DatumGetFloat8(slot->tts_values[2])
			: (double) DatumGetFloat4(slot->tts_values[2]);
	else
		w = get_float8_nan();

	oldcxt = MemoryContextSwitchTo(r->workcxt);
	if (!null1 && !null2)
		status = c360_match_clusters_add_edge(r->mc,
											  c360_edge_value(slot->tts_values[0], r->width1),
											  c360_edge_value(slot->tts_values[1], r->width2), w);
	else if (!null1)
		status = c360_match_clusters_add_node(r->mc, c360_edge_value(slot->tts_values[0], r->width1));
	else if (!null2)
		status = c360_match_clusters_add_node(r->mc, c360_edge_value(slot->tts_values[1], r->width2));
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_GRAPH_OK)
		report_cluster_status(status, r->mc, r->budget);
	return true;
}

Datum
c360_match_clusters(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	double		strong = PG_GETARG_FLOAT8(1);
	int32		max_size = PG_GETARG_INT32(2);
	MemoryContext workcxt;
	MemoryContext oldcxt;
	C360MemBudget budget;
	C360MatchClusters mc;
	C360GraphStatus status;
	ClusterReceiver receiver;
	SPIPlanPtr	plan;
	TupleDesc	tupdesc;
	Tuplestorestate *tupstore;
	uint32		i;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("c360.match_clusters must be called in FROM (it returns a set)")));
	if (isnan(strong))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("strong_weight must be a number, not NaN"),
				 errhint("Pass the match weight (log2 Bayes factor) above which one link may join two clusters, e.g. 10.")));
	if (max_size < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_cluster_size must be at least 1, not %d", max_size)));

	workcxt = AllocSetContextCreate(CurrentMemoryContext, "c360 match_clusters",
									ALLOCSET_DEFAULT_SIZES);
	c360_budget_init(&budget, (size_t) work_mem * 1024);
	oldcxt = MemoryContextSwitchTo(workcxt);
	c360_match_clusters_init(&mc, &budget, cluster_tick, NULL);
	MemoryContextSwitchTo(oldcxt);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = c360_prepare_edges_query(sql);
	memset(&receiver, 0, sizeof(receiver));
	receiver.mc = &mc;
	receiver.budget = &budget;
	receiver.workcxt = workcxt;
	c360_spi_run(plan, NULL, false, &receiver.pub, cluster_receiver_receive, cluster_receiver_startup,
				 "edges_sql");
	SPI_finish();

	oldcxt = MemoryContextSwitchTo(workcxt);
	status = c360_match_clusters_finish(&mc, strong, (uint32) max_size);
	MemoryContextSwitchTo(oldcxt);
	if (status != C360_GRAPH_OK)
		report_cluster_status(status, &mc, &budget);

	tupstore = c360_begin_result(fcinfo, "c360.match_clusters", &tupdesc);

	for (i = 0; i < mc.count; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		values[0] = Int64GetDatum(mc.nodes[i]);
		values[1] = Int64GetDatum(mc.clusters[i]);
		tuplestore_putvalues(tupstore, tupdesc, values, nulls);
	}
	MemoryContextDelete(workcxt);
	return (Datum) 0;
}
