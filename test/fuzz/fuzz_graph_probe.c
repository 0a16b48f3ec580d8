/*
 * Fuzz target for src/graph/probe.c (searches over a graph loaded one
 * level at a time) and the styled DOT writer.
 *
 * Input: 5 control bytes, then arcs of 3 bytes (source and target folded
 * into 0..47, a kind folded into 1..7).  Control byte 0: bit 0 store every
 * arc with its mirror (as the relationship table does), bit 1 a small
 * memory budget, bit 2 a kind filter (byte 4 says which kinds), bit 3 load
 * the last level too.  Byte 1: max_hops (signed, so sometimes negative);
 * bytes 2 and 3: start and target.
 *
 * Checked against the whole-graph search of traverse.c over a CSR holding
 * exactly the stored arcs (directed): the same nodes in the same (hops, id)
 * order, with the same parents and kinds; one fetch per level expanded;
 * the shortest path equals the full search's path when every arc has its
 * mirror, and otherwise is a path of stored arcs (read forwards, or
 * backwards with the inverse kind) within max_hops, or the full search's
 * path when rebuilt one-sided; the edge list is strictly sorted and each
 * edge is a stored arc between reached nodes; a second search on the same
 * graph loads nothing new; with a small budget a refusal is clean; every
 * byte is freed; DOT has one line per node and per edge.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "csr.h"
#include "dot.h"
#include "probe.h"
#include "traverse.h"

#define MAX_ARCS 600

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

typedef struct RawArc
{
	int64_t		s;
	int64_t		t;
	uint16_t	k;
} RawArc;

static RawArc arcs[2 * MAX_ARCS];
static size_t n_arcs;
static int	fetches;

/* child 1 <-> parent 4, employee 2 <-> employer 3, referred 5 <-> 6, 7 itself. */
static const uint16_t inverse[8] = {0, 4, 3, 2, 1, 6, 5, 7};

static int64_t
id_of(unsigned v)
{
	/* Spread, negative and extreme ids; distinct for distinct v. */
	if (v == 0)
		return INT64_MIN;
	if (v == 1)
		return INT64_MAX;
	return (int64_t) ((uint64_t) v * UINT64_C(0x9E3779B97F4A7C15)) >> 8;
}

static C360CsrStatus
fetch(void *arg, C360ProbeGraph *g, const int64_t *ids, uint32_t n)
{
	size_t		i;
	uint32_t	j;

	(void) arg;
	fetches++;
	require(n > 0);
	for (j = 1; j < n; j++)
		require(ids[j - 1] < ids[j]);
	for (i = 0; i < n_arcs; i++)
		for (j = 0; j < n; j++)
			if (ids[j] == arcs[i].s)
			{
				C360CsrStatus status = c360_probe_add_arc(g, arcs[i].s, arcs[i].t, arcs[i].k);

				if (status != C360_CSR_OK)
					return status;
			}
	return C360_CSR_OK;
}

/* Whether x -> y of kind k is stored. */
static bool
stored(int64_t x, int64_t y, uint16_t k)
{
	size_t		i;

	for (i = 0; i < n_arcs; i++)
		if (arcs[i].s == x && arcs[i].t == y && arcs[i].k == k)
			return true;
	return false;
}

static void
check_dot(const C360ProbeGraph *g)
{
	C360DotStyledNode nodes[64];
	C360DotStyledEdge edges[1];
	uint32_t	n = g->count < 64 ? g->count : 64;
	uint32_t	i;
	size_t		len = 0;
	size_t		len2 = 0;
	char	   *out;
	size_t		lines = 0;

	memset(nodes, 0, sizeof(nodes));
	for (i = 0; i < n; i++)
	{
		nodes[i].id = c360_probe_id(g, g->order[i]);
		nodes[i].label = "a\"b\\c\nd\re\x01\xff";
		nodes[i].label_len = 11;
		nodes[i].highlight = i == 0;
		nodes[i].in_cluster = (i % 3) != 2;
		nodes[i].cluster = i / 4;
	}
	edges[0].source = n > 0 ? nodes[0].id : 0;
	edges[0].target = 7;
	edges[0].label = "k\n";
	edges[0].label_len = 2;
	edges[0].undirected = true;
	require(c360_dot_write_styled(nodes, n, edges, 1, "h ", NULL, 0, &len) ==
			C360_CSR_OUTPUT_TOO_BIG);
	out = malloc(len);
	require(c360_dot_write_styled(nodes, n, edges, 1, "h ", out, len, &len2) == C360_CSR_OK);
	require(len2 == len);
	for (i = 0; i < len; i++)
		if (out[i] == '\n')
			lines++;
	/* Header 2, one per node, per edge, 3 + 1 per cluster block, the end. */
	{
		size_t		blocks = 0;

		for (i = 0; i < n; i++)
			if (nodes[i].in_cluster && (i == 0 || !nodes[i - 1].in_cluster ||
										nodes[i - 1].cluster != nodes[i].cluster))
				blocks++;
		require(lines == 2 + n + 1 + 4 * blocks + 1);
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	C360MemBudget budget;
	C360CsrBuilder b;
	C360Csr		csr;
	C360Bfs		bfs;
	C360ProbeGraph g;
	C360KindSet allowed;
	const C360KindSet *use = NULL;
	bool		mirrored,
				small,
				fetch_last;
	int32_t		max_hops;
	int64_t		start_id,
				target_id;
	uint32_t	start,
				target;
	C360CsrStatus status;
	size_t		i;

	if (size < 5)
		return 0;
	mirrored = data[0] & 1;
	small = data[0] & 2;
	fetch_last = data[0] & 8;
	max_hops = (int8_t) data[1];
	start_id = id_of(data[2] % 48);
	target_id = id_of(data[3] % 48);
	if (data[0] & 4)
	{
		c360_kindset_clear(&allowed);
		for (i = 1; i <= 7; i++)
			if (data[4] & (1u << i))
				c360_kindset_add(&allowed, (uint16_t) i);
		use = &allowed;
	}
	n_arcs = 0;
	for (i = 5; i + 3 <= size && n_arcs + 2 <= 2 * MAX_ARCS; i += 3)
	{
		RawArc		a = {id_of(data[i] % 48), id_of(data[i + 1] % 48), (uint16_t) (1 + data[i + 2] % 7)};

		arcs[n_arcs++] = a;
		if (mirrored)
		{
			RawArc		m = {a.t, a.s, inverse[a.k]};

			arcs[n_arcs++] = m;
		}
	}

	/* The reference: every stored arc in a directed CSR. */
	c360_budget_init(&budget, SIZE_MAX);
	c360_csr_builder_init(&b, &budget, NULL, NULL);
	require(c360_csr_builder_add_node(&b, start_id) == C360_CSR_OK);
	require(c360_csr_builder_add_node(&b, target_id) == C360_CSR_OK);
	for (i = 0; i < n_arcs; i++)
		require(c360_csr_builder_add_edge(&b, arcs[i].s, arcs[i].t, arcs[i].k) == C360_CSR_OK);
	require(c360_csr_build(&b, C360_CSR_FORWARD, NULL, 0, &csr) == C360_CSR_OK);
	c360_csr_builder_free(&b);
	require(c360_bfs_init(&bfs, &csr, &budget, NULL, NULL) == C360_CSR_OK);

	{
		C360MemBudget pbudget;

		c360_budget_init(&pbudget, small ? 2048 + 64 * (size_t) data[4] : SIZE_MAX);
		c360_probe_init(&g, fetch, NULL, inverse, 8, &pbudget, NULL, NULL);
		fetches = 0;
		status = c360_probe_node(&g, start_id, &start);
		if (status == C360_CSR_OK)
			status = c360_probe_node(&g, target_id, &target);
		if (status == C360_CSR_OK)
			status = c360_probe_bfs(&g, start, max_hops, use, fetch_last);
		if (small && status == C360_CSR_OVER_BUDGET)
		{
			require(pbudget.refused > pbudget.limit);
			c360_probe_free(&g);
			require(pbudget.used == 0);
			goto done;
		}
		if (max_hops < 0)
		{
			require(status == C360_CSR_BAD_ARGUMENT);
			c360_probe_free(&g);
			require(pbudget.used == 0);
			goto done;
		}
		require(status == C360_CSR_OK);
		require(pbudget.peak <= pbudget.limit);

		/* The same as the whole-graph search. */
		require(c360_bfs_run(&bfs, (uint32_t) c360_csr_index(&csr, start_id), max_hops, use) == C360_CSR_OK);
		require(bfs.count == g.count);
		for (i = 0; i < g.count; i++)
		{
			uint32_t	v = g.order[i];

			require(csr.ids[bfs.node[i]] == c360_probe_id(&g, v));
			require(bfs.hops[i] == c360_probe_hops(&g, v));
			require((int32_t) bfs.hops[i] <= max_hops);
			if (i > 0)
			{
				require(csr.ids[bfs.node[bfs.parent[i]]] == c360_probe_id(&g, g.nodes[v].parent));
				require(bfs.kind[i] == g.nodes[v].kind);
			}
		}
		/* At most one fetch per level (and the last one when asked). */
		require(fetches <= (int) (g.count > 0 ? c360_probe_hops(&g, g.order[g.count - 1]) : 0) + 1);

		/* Again: nothing new to load. */
		{
			int			before = fetches;

			require(c360_probe_bfs(&g, start, max_hops, use, fetch_last) == C360_CSR_OK);
			require(fetches == before);
		}

		/* Edges among the reached nodes. */
		{
			C360ProbeEdges edges;

			status = c360_probe_edges(&g, use, &edges);
			require(status == C360_CSR_OK || (small && status == C360_CSR_OVER_BUDGET));
			if (status == C360_CSR_OK)
			{
				for (i = 0; i < edges.count; i++)
				{
					int64_t		x = c360_probe_id(&g, g.order[edges.from[i]]);
					int64_t		y = c360_probe_id(&g, g.order[edges.to[i]]);
					uint16_t	k = edges.kind[i];

					require(edges.from[i] < g.count && edges.to[i] < g.count);
					require(stored(x, y, k) || stored(y, x, inverse[k]));
					require(edges.undirected[i] == (inverse[k] == k));
					if (i > 0)
						require(edges.from[i - 1] < edges.from[i] ||
								(edges.from[i - 1] == edges.from[i] &&
								 (edges.to[i - 1] < edges.to[i] ||
								  (edges.to[i - 1] == edges.to[i] && edges.kind[i - 1] < k))));
				}
				c360_probe_free_edges(&g, &edges);
			}
		}
		check_dot(&g);

		/* Shortest path. */
		status = c360_probe_shortest(&g, start, target, max_hops, use);
		if (!(small && status == C360_CSR_OVER_BUDGET))
		{
			uint32_t	position;
			C360CsrStatus reference = c360_bfs_shortest(&bfs, (uint32_t) c360_csr_index(&csr, start_id),
													   (uint32_t) c360_csr_index(&csr, target_id),
													   max_hops, use, &position);

			require(status == C360_CSR_OK || status == C360_CSR_NO_PATH);
			if (status == C360_CSR_OK)
			{
				require(g.path_len >= 1 && g.path_len <= (uint32_t) max_hops + 1);
				require(c360_probe_id(&g, g.path_nodes[0]) == start_id);
				require(c360_probe_id(&g, g.path_nodes[g.path_len - 1]) == target_id);
				for (i = 0; i + 1 < g.path_len; i++)
				{
					int64_t		x = c360_probe_id(&g, g.path_nodes[i]);
					int64_t		y = c360_probe_id(&g, g.path_nodes[i + 1]);
					uint16_t	k = g.path_kinds[i];

					require(stored(x, y, k) || stored(y, x, inverse[k]));
					require(c360_kindset_has(use, k));
				}
			}
			if (mirrored || g.fell_back)
			{
				require(!mirrored || !g.fell_back);
				require(status == reference);
				if (status == C360_CSR_OK)
				{
					uint32_t	nodes[64];
					uint16_t	kinds[64];
					uint32_t	len;

					require(bfs.hops[position] < 64);
					len = c360_bfs_path(&bfs, position, nodes, kinds);
					require(len == g.path_len);
					for (i = 0; i < len; i++)
					{
						require(csr.ids[nodes[i]] == c360_probe_id(&g, g.path_nodes[i]));
						if (i + 1 < len)
							require(kinds[i] == g.path_kinds[i]);
					}
				}
			}
		}
		c360_probe_free(&g);
		require(pbudget.used == 0);
	}
done:
	c360_bfs_free(&bfs);
	c360_csr_free(&csr);
	require(budget.used == 0);
	return 0;
}
