/*
 * match_cluster.c: guarded clustering of match edges (see match_cluster.h).
 *
 * Memory: the id map (about 21-45 bytes per node, as for
 * connected_components), 16 bytes per edge, and at the end 16 bytes per
 * node for the ranks and 8 for the sizes; all through the budget.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "match_cluster.h"

void
c360_match_clusters_init(C360MatchClusters *mc, C360MemBudget *budget,
						 C360GraphTick tick, void *tick_arg)
{
	memset(mc, 0, sizeof(*mc));
	mc->budget = budget;
	mc->tick = tick;
	mc->tick_arg = tick_arg;
	c360_idmap_init(&mc->map, budget, tick, tick_arg);
}

C360GraphStatus
c360_match_clusters_add_node(C360MatchClusters *mc, int64_t id)
{
	uint32_t	index;
	bool		added;

	C360_ASSERT(!mc->finished);
	return c360_idmap_intern(&mc->map, id, &index, &added);
}

static C360GraphStatus
grow_edges(C360MatchClusters *mc)
{
	size_t		capacity = mc->edge_capacity ? mc->edge_capacity * 2 : 1024;
	size_t		old_bytes = mc->edge_capacity * sizeof(C360ClusterEdge);
	size_t		new_bytes;
	C360ClusterEdge *edges;

	if (capacity > C360_ALLOC_MAX / sizeof(C360ClusterEdge))
		return C360_GRAPH_OVER_BUDGET;
	new_bytes = capacity * sizeof(C360ClusterEdge);
	/* Old and new arrays are held together while copying. */
	if (!c360_budget_allows(mc->budget, mc->budget->used + new_bytes))
		return C360_GRAPH_OVER_BUDGET;
	edges = c360_budget_alloc(mc->budget, new_bytes);
	if (mc->edge_count > 0)
		memcpy(edges, mc->edges, mc->edge_count * sizeof(C360ClusterEdge));
	if (mc->edges != NULL)
		c360_budget_free(mc->budget, mc->edges, old_bytes);
	mc->edges = edges;
	mc->edge_capacity = capacity;
	return C360_GRAPH_OK;
}

C360GraphStatus
c360_match_clusters_add_edge(C360MatchClusters *mc, int64_t source, int64_t target,
							 double weight)
{
	uint32_t	a,
				b;
	bool		added;
	C360GraphStatus status;

	C360_ASSERT(!mc->finished);
	status = c360_idmap_intern(&mc->map, source, &a, &added);
	if (status != C360_GRAPH_OK)
		return status;
	status = c360_idmap_intern(&mc->map, target, &b, &added);
	if (status != C360_GRAPH_OK || a == b || isnan(weight))
		return status;
	if (mc->edge_count == mc->edge_capacity)
	{
		status = grow_edges(mc);
		if (status != C360_GRAPH_OK)
			return status;
	}
	mc->edges[mc->edge_count].weight = weight;
	mc->edges[mc->edge_count].a = a;
	mc->edges[mc->edge_count].b = b;
	mc->edge_count++;
	return C360_GRAPH_OK;
}

/* Strongest first; equal weights by the ranks of their ends. */
static int
compare_edges(const void *x, const void *y)
{
	const C360ClusterEdge *e = x,
			   *f = y;

	if (e->weight != f->weight)
		return e->weight > f->weight ? -1 : 1;
	if (e->a != f->a)
		return e->a < f->a ? -1 : 1;
	return (e->b > f->b) - (e->b < f->b);
}

C360GraphStatus
c360_match_clusters_finish(C360MatchClusters *mc, double strong, uint32_t max_size)
{
	C360MemBudget *budget = mc->budget;
	uint32_t	n = mc->map.count;
	size_t		nn = n > 0 ? n : 1;
	size_t		slots_bytes = (size_t) mc->map.capacity * 2 * sizeof(uint32_t);
	size_t		rank_bytes = nn * sizeof(int64_t);
	size_t		size_bytes = nn * sizeof(uint32_t);
	int64_t    *ids = mc->map.ids;
	int64_t    *rank;
	int64_t    *order;
	uint32_t   *size;
	C360UnionFind uf;
	size_t		i;

	C360_ASSERT(!mc->finished && max_size >= 1);

	/*
	 * Ranks: index -> position of its id in id order, so that ties are
	 * broken by ids and not by the order the edges arrived in.
	 */
	if (!c360_budget_allows(budget, budget->used - slots_bytes + 2 * rank_bytes))
		return C360_GRAPH_OVER_BUDGET;
	c360_budget_free(budget, mc->map.slots, slots_bytes);
	mc->map.slots = NULL;
	rank = c360_budget_alloc(budget, rank_bytes);
	order = c360_budget_alloc(budget, rank_bytes);
	for (i = 0; i < n; i++)
		order[i] = (int64_t) i;
	c360_sort_pairs(ids, order, n, mc->tick, mc->tick_arg);
	/* ids is now sorted; order[r] is the old index of rank r. */
	for (i = 0; i < n; i++)
		rank[order[i]] = (int64_t) i;
	c360_budget_free(budget, order, rank_bytes);
	for (i = 0; i < mc->edge_count; i++)
	{
		uint32_t	a = (uint32_t) rank[mc->edges[i].a],
					b = (uint32_t) rank[mc->edges[i].b];

		mc->edges[i].a = a < b ? a : b;
		mc->edges[i].b = a < b ? b : a;
	}
	c360_budget_free(budget, rank, rank_bytes);

	qsort(mc->edges, mc->edge_count, sizeof(C360ClusterEdge), compare_edges);

	/* Kruskal's order with the guard. */
	if (!c360_budget_allows(budget, budget->used + size_bytes +
							nn * (sizeof(uint32_t) + sizeof(uint8_t)) + rank_bytes))
		return C360_GRAPH_OVER_BUDGET;
	c360_uf_init(&uf, budget);
	if (c360_uf_reserve(&uf, n) != C360_GRAPH_OK)
		return C360_GRAPH_OVER_BUDGET;
	size = c360_budget_alloc(budget, size_bytes);
	for (i = 0; i < n; i++)
	{
		c360_uf_add(&uf);
		size[i] = 1;
	}
	for (i = 0; i < mc->edge_count; i++)
	{
		const C360ClusterEdge *e = &mc->edges[i];
		uint32_t	ra = c360_uf_find(&uf, e->a),
					rb = c360_uf_find(&uf, e->b),
					root;

		if (mc->tick != NULL && (i + 1) % C360_GRAPH_TICK_EVERY == 0)
			mc->tick(mc->tick_arg);
		if (ra == rb)
			continue;
		if ((uint64_t) size[ra] + size[rb] > max_size)
		{
			mc->refused_size++;
			continue;
		}
		if (!(e->weight >= strong) && size[ra] > 1 && size[rb] > 1)
		{
			mc->refused_weak++;
			continue;
		}
		root = c360_uf_union(&uf, ra, rb);
		size[root] = size[ra] + size[rb];
		mc->joined++;
	}
	c360_budget_free(budget, size, size_bytes);
	c360_budget_free(budget, mc->edges, mc->edge_capacity * sizeof(C360ClusterEdge));
	mc->edges = NULL;
	mc->edge_capacity = 0;

	/* Labels: the smallest id in each set. */
	if (!c360_budget_allows(budget, budget->used + rank_bytes))
	{
		c360_uf_free(&uf);
		return C360_GRAPH_OVER_BUDGET;
	}
	mc->clusters = c360_budget_alloc(budget, rank_bytes);
	for (i = 0; i < n; i++)
		mc->clusters[i] = INT64_MAX;
	for (i = 0; i < n; i++)
	{
		uint32_t	root = c360_uf_find(&uf, (uint32_t) i);

		if (ids[i] < mc->clusters[root])
			mc->clusters[root] = ids[i];
	}
	for (i = 0; i < n; i++)
		mc->clusters[i] = mc->clusters[uf.parent[i]];
	c360_uf_free(&uf);
	c360_sort_pairs(mc->clusters, ids, n, mc->tick, mc->tick_arg);
	mc->nodes = ids;
	mc->count = n;
	mc->finished = true;
	return C360_GRAPH_OK;
}

void
c360_match_clusters_free(C360MatchClusters *mc)
{
	if (mc->edges != NULL)
		c360_budget_free(mc->budget, mc->edges, mc->edge_capacity * sizeof(C360ClusterEdge));
	mc->edges = NULL;
	if (mc->clusters != NULL)
		c360_budget_free(mc->budget, mc->clusters,
						 (size_t) (mc->count > 0 ? mc->count : 1) * sizeof(int64_t));
	mc->clusters = NULL;
	c360_idmap_free(&mc->map);
}
