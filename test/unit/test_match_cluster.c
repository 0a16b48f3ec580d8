/*
 * test_match_cluster.c: guarded clustering of match edges.
 */
#include <stdint.h>
#include <stdlib.h>

#include "match_cluster.h"
#include "unit.h"

typedef struct E
{
	int64_t		a,
				b;
	double		w;
} E;

/* Clusters of n_edges edges; returns the cluster of each id in ids[]. */
static void
run(const E *edges, int n_edges, double strong, uint32_t max_size,
	const int64_t *ids, int64_t *out, int n_ids, C360MatchClusters *mc_out,
	bool reverse)
{
	C360MemBudget budget;
	C360MatchClusters mc;
	int			i,
				j;

	c360_budget_init(&budget, SIZE_MAX);
	c360_match_clusters_init(&mc, &budget, NULL, NULL);
	for (i = 0; i < n_edges; i++)
	{
		const E    *e = &edges[reverse ? n_edges - 1 - i : i];

		/* reversed runs also swap the ends */
		CHECK_INT(c360_match_clusters_add_edge(&mc, reverse ? e->b : e->a,
											   reverse ? e->a : e->b, e->w), C360_GRAPH_OK);
	}
	CHECK_INT(c360_match_clusters_finish(&mc, strong, max_size), C360_GRAPH_OK);
	for (i = 1; i < (int) mc.count; i++)
		CHECK(mc.clusters[i - 1] < mc.clusters[i] ||
			  (mc.clusters[i - 1] == mc.clusters[i] && mc.nodes[i - 1] < mc.nodes[i]));
	for (j = 0; j < n_ids; j++)
	{
		out[j] = -1;
		for (i = 0; i < (int) mc.count; i++)
			if (mc.nodes[i] == ids[j])
				out[j] = mc.clusters[i];
	}
	if (mc_out)
		*mc_out = mc;
	c360_match_clusters_free(&mc);
	CHECK_INT(budget.used, 0);
}

static void
test_weak_link_between_clusters(void)
{
	/* Two people held by strong edges, one weak edge between them. */
	E			edges[] = {
		{1, 2, 30}, {2, 3, 25}, {1, 3, 28},
		{10, 11, 40}, {11, 12, 22},
		{3, 10, 2},				/* weak */
		{20, 1, 3},				/* a single record's weak link: joins */
		{21, 20, 1},			/* chained single: joins too (weaker) */
	};
	int64_t		ids[] = {1, 2, 3, 10, 11, 12, 20, 21};
	int64_t		out[8];
	C360MatchClusters mc;
	int			r;

	for (r = 0; r < 2; r++)
	{
		run(edges, 8, 10, 1000, ids, out, 8, &mc, r == 1);
		CHECK_INT(out[0], 1);
		CHECK_INT(out[1], 1);
		CHECK_INT(out[2], 1);
		CHECK_INT(out[3], 10);
		CHECK_INT(out[4], 10);
		CHECK_INT(out[5], 10);
		CHECK_INT(out[6], 1);
		CHECK_INT(out[7], 1);
		CHECK_INT(mc.refused_weak, 1);
		CHECK_INT(mc.refused_size, 0);
		CHECK_INT(mc.joined, 6);
	}
	/* With everything strong it is plain connected components. */
	run(edges, 8, -1e300, 1000, ids, out, 8, &mc, false);
	for (r = 0; r < 8; r++)
		CHECK_INT(out[r], 1);
}

static void
test_size_bound(void)
{
	/* A star of 100 records around a junk value, weights falling. */
	E			edges[99];
	int64_t		ids[100];
	int64_t		out[100];
	C360MatchClusters mc;
	int			i,
				in_hub = 0;

	for (i = 0; i < 99; i++)
	{
		edges[i].a = 1000;
		edges[i].b = i + 1;
		edges[i].w = 50 - i * 0.1;
		ids[i] = i + 1;
	}
	ids[99] = 1000;
	run(edges, 99, 10, 5, ids, out, 100, &mc, false);
	for (i = 0; i < 100; i++)
		in_hub += out[i] == out[99];
	CHECK_INT(in_hub, 5);
	/* the strongest four links are kept */
	CHECK_INT(out[0], 1);
	CHECK_INT(out[3], 1);
	CHECK_INT(out[99], 1);
	CHECK_INT(out[4], 5);
	CHECK_INT(mc.refused_size, 95);
	/* max_size 1: nothing joins */
	run(edges, 99, 10, 1, ids, out, 100, &mc, false);
	for (i = 0; i < 100; i++)
		CHECK_INT(out[i], ids[i]);
}

static void
test_edge_cases(void)
{
	C360MemBudget budget;
	C360MatchClusters mc;
	E			edges[] = {{5, 5, 100}, {6, 7, 0.0 / 0.0}, {7, 6, 20}, {7, 6, 20},
	{-3, 7, 20}, {INT64_MAX, INT64_MIN, 15}};
	int64_t		ids[] = {5, 6, 7, -3, INT64_MAX, INT64_MIN};
	int64_t		out[6];

	/* empty */
	c360_budget_init(&budget, SIZE_MAX);
	c360_match_clusters_init(&mc, &budget, NULL, NULL);
	CHECK_INT(c360_match_clusters_finish(&mc, 10, 10), C360_GRAPH_OK);
	CHECK_INT(mc.count, 0);
	c360_match_clusters_free(&mc);
	CHECK_INT(budget.used, 0);

	/* self-loop, NaN, duplicates, extreme ids */
	run(edges, 6, 10, 100, ids, out, 6, NULL, false);
	CHECK_INT(out[0], 5);
	CHECK_INT(out[1], -3);
	CHECK_INT(out[2], -3);
	CHECK_INT(out[3], -3);
	CHECK_INT(out[4], INT64_MIN);
	CHECK_INT(out[5], INT64_MIN);

	/* a budget too small */
	c360_budget_init(&budget, 64);
	c360_match_clusters_init(&mc, &budget, NULL, NULL);
	CHECK_INT(c360_match_clusters_add_edge(&mc, 1, 2, 1), C360_GRAPH_OVER_BUDGET);
	c360_match_clusters_free(&mc);
}

/* Random graphs: the result does not depend on the edges' order. */
static void
test_order_independent(void)
{
	enum
	{
		N = 400
	};
	E			edges[N];
	int64_t		ids[N];
	int64_t		out1[N],
				out2[N];
	uint64_t	x = 12345;
	int			i;

	for (i = 0; i < N; i++)
	{
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		edges[i].a = (int64_t) ((x >> 33) % 150);
		edges[i].b = (int64_t) ((x >> 13) % 150);
		edges[i].w = (double) ((x >> 50) % 8) * 3;	/* many ties */
		ids[i] = i % 150;
	}
	run(edges, N, 12, 7, ids, out1, N, NULL, false);
	run(edges, N, 12, 7, ids, out2, N, NULL, true);
	for (i = 0; i < N; i++)
		CHECK_INT(out1[i], out2[i]);
}

int
main(void)
{
	test_weak_link_between_clusters();
	test_size_bound();
	test_edge_cases();
	test_order_independent();
	return UNIT_DONE();
}
