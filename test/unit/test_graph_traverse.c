/*
 * Unit tests for src/graph/csr.c, traverse.c and dot.c: small graphs with
 * known answers.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "csr.h"
#include "dot.h"
#include "traverse.h"
#include "unit.h"

static C360MemBudget budget;

typedef struct TestEdge
{
	int64_t		s;
	int64_t		t;
	uint16_t	k;
} TestEdge;

/* Builds a graph from edges; CHECKs that it worked. */
static void
build(C360Csr *csr, const TestEdge *edges, size_t n, C360CsrDirection direction,
	  const uint16_t *inverse, uint32_t n_inverse)
{
	C360CsrBuilder b;
	size_t		i;

	c360_csr_builder_init(&b, &budget, NULL, NULL);
	for (i = 0; i < n; i++)
		CHECK_INT(c360_csr_builder_add_edge(&b, edges[i].s, edges[i].t, edges[i].k), C360_CSR_OK);
	CHECK_INT(c360_csr_build(&b, direction, inverse, n_inverse, csr), C360_CSR_OK);
	c360_csr_builder_free(&b);
}

static uint32_t
idx(const C360Csr *csr, int64_t id)
{
	int64_t		i = c360_csr_index(csr, id);

	return i < 0 ? C360_NO_NODE : (uint32_t) i;
}

/* The BFS result as "id:hops:parent-id:kind" entries, comma separated. */
static const char *
describe(const C360Bfs *bfs)
{
	static char buf[4096];
	size_t		len = 0;
	uint32_t	p;

	buf[0] = '\0';
	for (p = 0; p < bfs->count && len < sizeof(buf) - 64; p++)
	{
		const C360Csr *csr = bfs->csr;
		long long	parent = bfs->parent[p] == C360_NO_NODE ? -1 :
			(long long) csr->ids[bfs->node[bfs->parent[p]]];

		len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%lld:%u:%lld:%u",
								 p ? "," : "", (long long) csr->ids[bfs->node[p]],
								 bfs->hops[p], parent, (unsigned) bfs->kind[p]);
	}
	return buf;
}

static void
test_build_basics(void)
{
	/* Duplicates in both directions, a self-loop, parallel kinds, big ids. */
	static const TestEdge edges[] = {
		{30, 10, 1}, {10, 30, 1}, {30, 10, 1}, {10, 20, 2}, {10, 20, 3},
		{20, 20, 1}, {INT64_MIN, INT64_MAX, 0}, {-5, 10, 1}
	};
	C360Csr		csr;

	c360_budget_init(&budget, SIZE_MAX);
	build(&csr, edges, sizeof(edges) / sizeof(edges[0]), C360_CSR_BOTH, NULL, 0);
	CHECK_INT(csr.n, 6);
	CHECK(csr.ids[0] == INT64_MIN);
	CHECK_INT(csr.ids[1], -5);
	CHECK_INT(csr.ids[2], 10);
	CHECK_INT(csr.ids[3], 20);
	CHECK_INT(csr.ids[4], 30);
	CHECK(csr.ids[5] == INT64_MAX);
	/* arcs: MIN-MAX 2, -5-10 2, 10-20 (kinds 2,3) 4, 10-30 2 = 10 */
	CHECK_INT(csr.arcs, 10);
	/* node 10: -5(1), 20(2), 20(3), 30(1) in (target, kind) order */
	CHECK_INT(csr.offsets[3] - csr.offsets[2], 4);
	CHECK_INT(csr.targets[csr.offsets[2]], 1);
	CHECK_INT(csr.targets[csr.offsets[2] + 1], 3);
	CHECK_INT(csr.kinds[csr.offsets[2] + 1], 2);
	CHECK_INT(csr.kinds[csr.offsets[2] + 2], 3);
	CHECK_INT(csr.targets[csr.offsets[2] + 3], 4);
	/* 20's self-loop stored nothing: only 10 twice */
	CHECK_INT(csr.offsets[4] - csr.offsets[3], 2);
	CHECK_INT(c360_csr_index(&csr, 20), 3);
	CHECK_INT(c360_csr_index(&csr, 21), -1);
	CHECK_INT(c360_csr_index(&csr, INT64_MAX), 5);
	c360_csr_free(&csr);
	CHECK_INT(budget.used, 0);

	/* Forward only, with an inverse table for BOTH. */
	{
		static const TestEdge directed[] = {{1, 2, 1}, {2, 3, 1}, {3, 1, 4}};
		static const uint16_t inverse[] = {0, 2, 1};	/* 1 <-> 2; others self */

		build(&csr, directed, 3, C360_CSR_FORWARD, NULL, 0);
		CHECK_INT(csr.arcs, 3);
		CHECK_INT(csr.offsets[1] - csr.offsets[0], 1);
		CHECK_INT(csr.targets[0], 1);
		c360_csr_free(&csr);

		build(&csr, directed, 3, C360_CSR_BOTH, inverse, 3);
		CHECK_INT(csr.arcs, 6);
		/* node 1 (index 0): -> 2 kind 1, -> 3 kind 4 (reverse of 3->1, 4 is its own) */
		CHECK_INT(csr.targets[csr.offsets[0]], 1);
		CHECK_INT(csr.kinds[csr.offsets[0]], 1);
		CHECK_INT(csr.kinds[csr.offsets[0] + 1], 4);
		/* node 2: -> 1 kind 2 (inverse of 1), -> 3 kind 1 */
		CHECK_INT(csr.targets[csr.offsets[1]], 0);
		CHECK_INT(csr.kinds[csr.offsets[1]], 2);
		CHECK_INT(csr.kinds[csr.offsets[1] + 1], 1);
		c360_csr_free(&csr);
	}

	/* Empty graph; graph of one isolated node. */
	{
		C360CsrBuilder b;
		C360Bfs		bfs;

		c360_csr_builder_init(&b, &budget, NULL, NULL);
		CHECK_INT(c360_csr_build(&b, C360_CSR_BOTH, NULL, 0, &csr), C360_CSR_OK);
		c360_csr_builder_free(&b);
		CHECK_INT(csr.n, 0);
		CHECK_INT(csr.arcs, 0);
		CHECK_INT(c360_csr_index(&csr, 0), -1);
		CHECK_INT(c360_bfs_init(&bfs, &csr, &budget, NULL, NULL), C360_CSR_OK);
		CHECK_INT(c360_bfs_run(&bfs, 0, 2, NULL), C360_CSR_BAD_ARGUMENT);
		CHECK_INT(bfs.count, 0);
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);

		c360_csr_builder_init(&b, &budget, NULL, NULL);
		CHECK_INT(c360_csr_builder_add_node(&b, 7), C360_CSR_OK);
		CHECK_INT(c360_csr_builder_add_edge(&b, 7, 7, 0), C360_CSR_OK);
		CHECK_INT(b.self_loops, 1);
		CHECK_INT(c360_csr_build(&b, C360_CSR_BOTH, NULL, 0, &csr), C360_CSR_OK);
		c360_csr_builder_free(&b);
		CHECK_INT(csr.n, 1);
		CHECK_INT(csr.arcs, 0);
		CHECK_INT(c360_bfs_init(&bfs, &csr, &budget, NULL, NULL), C360_CSR_OK);
		CHECK_INT(c360_bfs_run(&bfs, 0, 5, NULL), C360_CSR_OK);
		CHECK_STR(describe(&bfs), "7:0:-1:0");
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);
	}
	CHECK_INT(budget.used, 0);
}

static void
test_budget(void)
{
	C360CsrBuilder b;
	C360Csr		csr;
	size_t		need;
	int64_t		i;
	C360CsrStatus status = C360_CSR_OK;

	/* Growth is refused past the limit and the builder stays usable. */
	c360_budget_init(&budget, 4096);
	c360_csr_builder_init(&b, &budget, NULL, NULL);
	for (i = 0; i < 10000 && status == C360_CSR_OK; i++)
		status = c360_csr_builder_add_edge(&b, i, i + 1, 0);
	CHECK_INT(status, C360_CSR_OVER_BUDGET);
	CHECK(budget.refused > 4096);
	CHECK(budget.peak <= 4096);
	c360_csr_builder_free(&b);
	CHECK_INT(budget.used, 0);

	/* need is exact: the build's peak equals it, and one byte less refuses. */
	c360_budget_init(&budget, SIZE_MAX);
	c360_csr_builder_init(&b, &budget, NULL, NULL);
	for (i = 0; i < 1000; i++)
		CHECK_INT(c360_csr_builder_add_edge(&b, i * 7919 % 1000, (i * 31 + 1) % 1000, (uint16_t) (i % 3)), C360_CSR_OK);
	need = c360_csr_builder_need(&b, C360_CSR_BOTH);
	budget.limit = need - 1;
	CHECK_INT(c360_csr_build(&b, C360_CSR_BOTH, NULL, 0, &csr), C360_CSR_OVER_BUDGET);
	CHECK_INT(budget.refused, need);
	budget.limit = need;
	budget.peak = budget.used;
	CHECK_INT(c360_csr_build(&b, C360_CSR_BOTH, NULL, 0, &csr), C360_CSR_OK);
	CHECK_INT(budget.peak, need);
	c360_csr_builder_free(&b);
	/* The graph: 8 per id slot, 4 per node + 4, 6 per arc. */
	CHECK_INT(budget.used, csr.ids_bytes + 4 * ((size_t) csr.n + 1) + 6 * (size_t) csr.arcs);
	c360_csr_free(&csr);
	CHECK_INT(budget.used, 0);

	/* The BFS workspace and best-in-two-hops check the budget too. */
	{
		static const TestEdge edges[] = {{1, 2, 0}, {2, 3, 0}};
		C360Bfs		bfs;
		uint32_t	best[3];
		double		value[3] = {1, 2, 3};

		budget.limit = SIZE_MAX;
		build(&csr, edges, 2, C360_CSR_BOTH, NULL, 0);
		budget.limit = budget.used + c360_bfs_bytes(3) - 1;
		CHECK_INT(c360_bfs_init(&bfs, &csr, &budget, NULL, NULL), C360_CSR_OVER_BUDGET);
		c360_bfs_free(&bfs);
		budget.limit = budget.used + 8;
		CHECK_INT(c360_best_within_two_hops(&csr, value, NULL, best, &budget, NULL, NULL), C360_CSR_OVER_BUDGET);
		CHECK_INT(c360_influence_all(&csr, value, 0.5, 2, NULL, value, &budget, NULL, NULL), C360_CSR_OVER_BUDGET);
		budget.limit = SIZE_MAX;
		c360_csr_free(&csr);
	}
	CHECK_INT(budget.used, 0);
}

static void
test_bfs_shapes(void)
{
	C360Csr		csr;
	C360Bfs		bfs;

	c360_budget_init(&budget, SIZE_MAX);

	/* A chain 1-2-3-4-5: hops and parents along it; max_hops bounds. */
	{
		static const TestEdge chain[] = {{1, 2, 0}, {3, 2, 0}, {3, 4, 0}, {5, 4, 0}};
		uint32_t	nodes[5];
		uint16_t	kinds[4];
		uint32_t	len;

		build(&csr, chain, 4, C360_CSR_BOTH, NULL, 0);
		c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);
		CHECK_INT(c360_bfs_run(&bfs, idx(&csr, 1), 2, NULL), C360_CSR_OK);
		CHECK_STR(describe(&bfs), "1:0:-1:0,2:1:1:0,3:2:2:0");
		CHECK_INT(c360_bfs_run(&bfs, idx(&csr, 3), 1, NULL), C360_CSR_OK);
		CHECK_STR(describe(&bfs), "3:0:-1:0,2:1:3:0,4:1:3:0");
		CHECK_INT(c360_bfs_run(&bfs, idx(&csr, 3), 0, NULL), C360_CSR_OK);
		CHECK_STR(describe(&bfs), "3:0:-1:0");
		CHECK_INT(c360_bfs_run(&bfs, idx(&csr, 3), -1, NULL), C360_CSR_BAD_ARGUMENT);
		CHECK_INT(bfs.count, 0);
		CHECK_INT(c360_bfs_run(&bfs, 99, 1, NULL), C360_CSR_BAD_ARGUMENT);
		CHECK_INT(c360_bfs_run(&bfs, idx(&csr, 5), INT32_MAX, NULL), C360_CSR_OK);
		CHECK_STR(describe(&bfs), "5:0:-1:0,4:1:5:0,3:2:4:0,2:3:3:0,1:4:2:0");
		len = c360_bfs_path(&bfs, c360_bfs_position(&bfs, idx(&csr, 1)), nodes, kinds);
		CHECK_INT(len, 5);
		CHECK_INT(csr.ids[nodes[0]], 5);
		CHECK_INT(csr.ids[nodes[4]], 1);
		CHECK_INT(c360_bfs_position(&bfs, 99), C360_NO_NODE);
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);
	}

	/* A star: the leaves come in ascending id order whatever the input order. */
	{
		static const TestEdge star[] = {{0, 9, 0}, {5, 0, 0}, {0, 7, 0}, {0, -3, 0}, {0, 1, 0}};

		build(&csr, star, 5, C360_CSR_BOTH, NULL, 0);
		c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);
		c360_bfs_run(&bfs, idx(&csr, 0), 2, NULL);
		CHECK_STR(describe(&bfs), "0:0:-1:0,-3:1:0:0,1:1:0:0,5:1:0:0,7:1:0:0,9:1:0:0");
		c360_bfs_run(&bfs, idx(&csr, 7), 2, NULL);
		CHECK_STR(describe(&bfs), "7:0:-1:0,0:1:7:0,-3:2:0:0,1:2:0:0,5:2:0:0,9:2:0:0");
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);
	}

	/*
	 * A cycle 1-2-3-4-5-6-1 and a chord 2-5, plus a separate pair 10-11:
	 * parents are the smallest-id neighbour one hop closer.
	 */
	{
		static const TestEdge cycle[] = {
			{1, 2, 0}, {2, 3, 0}, {3, 4, 0}, {4, 5, 0}, {5, 6, 0}, {6, 1, 0}, {2, 5, 0}, {10, 11, 0}
		};
		uint32_t	p;
		uint32_t	nodes[8];

		build(&csr, cycle, 8, C360_CSR_BOTH, NULL, 0);
		c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);
		c360_bfs_run(&bfs, idx(&csr, 1), 10, NULL);
		CHECK_STR(describe(&bfs), "1:0:-1:0,2:1:1:0,6:1:1:0,3:2:2:0,5:2:2:0,4:3:3:0");
		c360_bfs_run(&bfs, idx(&csr, 4), 10, NULL);
		CHECK_STR(describe(&bfs), "4:0:-1:0,3:1:4:0,5:1:4:0,2:2:3:0,6:2:5:0,1:3:2:0");
		/* shortest path and its absence */
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 3), idx(&csr, 6), 6, NULL, &p), C360_CSR_OK);
		CHECK_INT(bfs.hops[p], 3);
		CHECK_INT(c360_bfs_path(&bfs, p, nodes, NULL), 4);
		CHECK_INT(csr.ids[nodes[0]], 3);
		CHECK_INT(csr.ids[nodes[1]], 2);
		CHECK_INT(csr.ids[nodes[2]], 1);	/* 1 < 5: the smaller parent of 6 */
		CHECK_INT(csr.ids[nodes[3]], 6);
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 3), idx(&csr, 6), 2, NULL, &p), C360_CSR_NO_PATH);
		CHECK_INT(p, C360_NO_NODE);
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 1), idx(&csr, 10), 100, NULL, &p), C360_CSR_NO_PATH);
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 10), idx(&csr, 10), 0, NULL, &p), C360_CSR_OK);
		CHECK_INT(p, 0);
		CHECK_INT(bfs.count, 1);
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 10), idx(&csr, 11), 0, NULL, &p), C360_CSR_NO_PATH);
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 10), 99, 3, NULL, &p), C360_CSR_BAD_ARGUMENT);
		CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 10), idx(&csr, 11), -1, NULL, &p), C360_CSR_BAD_ARGUMENT);
		/* disconnected: the pair sees only itself */
		c360_bfs_run(&bfs, idx(&csr, 11), 5, NULL);
		CHECK_STR(describe(&bfs), "11:0:-1:0,10:1:11:0");
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);
	}
	CHECK_INT(budget.used, 0);
}

static void
test_kinds(void)
{
	/* 1 -spouse(1)- 2 -employer(2)- 3, and 1 -employer(2)- 3 too; 2=3 also sibling(3). */
	static const TestEdge edges[] = {{1, 2, 1}, {2, 3, 2}, {1, 3, 2}, {2, 3, 3}, {3, 4, 1}};
	C360Csr		csr;
	C360Bfs		bfs;
	C360KindSet *set = malloc(sizeof(C360KindSet));
	uint32_t	p;
	uint32_t	nodes[4];
	uint16_t	kinds[3];

	c360_budget_init(&budget, SIZE_MAX);
	build(&csr, edges, 5, C360_CSR_BOTH, NULL, 0);
	c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);

	c360_bfs_run(&bfs, idx(&csr, 2), 3, NULL);
	/* 3 reached from 2 by kinds 2 and 3: the smallest, 2 */
	CHECK_STR(describe(&bfs), "2:0:-1:0,1:1:2:1,3:1:2:2,4:2:3:1");

	c360_kindset_clear(set);
	c360_kindset_add(set, 1);
	c360_bfs_run(&bfs, idx(&csr, 2), 3, set);
	CHECK_STR(describe(&bfs), "2:0:-1:0,1:1:2:1");
	c360_kindset_add(set, 3);
	c360_bfs_run(&bfs, idx(&csr, 2), 3, set);
	CHECK_STR(describe(&bfs), "2:0:-1:0,1:1:2:1,3:1:2:3,4:2:3:1");
	CHECK(!c360_kindset_has(set, 2));
	CHECK(c360_kindset_has(NULL, 2));

	c360_kindset_clear(set);
	c360_kindset_add(set, 2);
	c360_kindset_add(set, 1);
	CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 1), idx(&csr, 4), 6, set, &p), C360_CSR_OK);
	CHECK_INT(c360_bfs_path(&bfs, p, nodes, kinds), 3);
	CHECK_INT(csr.ids[nodes[1]], 3);
	CHECK_INT(kinds[0], 2);
	CHECK_INT(kinds[1], 1);
	c360_kindset_clear(set);
	c360_kindset_add(set, 1);
	CHECK_INT(c360_bfs_shortest(&bfs, idx(&csr, 1), idx(&csr, 4), 6, set, &p), C360_CSR_NO_PATH);
	c360_kindset_clear(set);
	c360_kindset_add(set, 65535);
	c360_bfs_run(&bfs, idx(&csr, 1), 3, set);
	CHECK_INT(bfs.count, 1);

	c360_bfs_free(&bfs);
	c360_csr_free(&csr);
	free(set);
	CHECK_INT(budget.used, 0);
}

static void
test_influence(void)
{
	/*
	 * Referrals: 1 -> 2 -> 3 -> 1 (a cycle), 2 -> 4, 4 -> 3 (3 also at depth
	 * 2 from 2), 5 -> 6, 7 alone.
	 */
	static const TestEdge edges[] = {{1, 2, 0}, {2, 3, 0}, {3, 1, 0}, {2, 4, 0}, {4, 3, 0}, {5, 6, 0}, {7, 7, 0}};
	C360Csr		csr;
	C360Bfs		bfs;
	double		value[7];
	double		out[7];
	double		one;
	uint32_t	i;

	c360_budget_init(&budget, SIZE_MAX);
	build(&csr, edges, 7, C360_CSR_FORWARD, NULL, 0);
	CHECK_INT(csr.n, 7);
	for (i = 0; i < 7; i++)
		value[i] = 10.0 * (double) (i + 1);	/* value of id k is 10k */
	CHECK_INT(c360_influence_all(&csr, value, 0.5, 6, NULL, out, &budget, NULL, NULL), C360_CSR_OK);
	/* 1: 2 at d1, 3 and 4 at d2 (3 once, not again at d3) */
	CHECK_NEAR(out[0], 20 * 0.5 + 30 * 0.25 + 40 * 0.25, 1e-12);
	/* 2: 3 and 4 at d1, 1 at d2; itself never */
	CHECK_NEAR(out[1], 30 * 0.5 + 40 * 0.5 + 10 * 0.25, 1e-12);
	/* 3: 1 at d1, 2 at d2, 4 at d3 */
	CHECK_NEAR(out[2], 10 * 0.5 + 20 * 0.25 + 40 * 0.125, 1e-12);
	/* 4: 3, 1, 2 */
	CHECK_NEAR(out[3], 30 * 0.5 + 10 * 0.25 + 20 * 0.125, 1e-12);
	CHECK_NEAR(out[4], 60 * 0.5, 1e-12);
	CHECK_NEAR(out[5], 0, 0);
	CHECK_NEAR(out[6], 0, 0);

	/* depth bound, decay 1 and 0, bad arguments, non-finite values */
	CHECK_INT(c360_influence_all(&csr, value, 1.0, 1, NULL, out, &budget, NULL, NULL), C360_CSR_OK);
	CHECK_NEAR(out[1], 70, 1e-12);
	CHECK_INT(c360_influence_all(&csr, value, 0.0, 5, NULL, out, &budget, NULL, NULL), C360_CSR_OK);
	CHECK_NEAR(out[1], 0, 0);
	CHECK_INT(c360_influence_all(&csr, value, 0.5, 0, NULL, out, &budget, NULL, NULL), C360_CSR_OK);
	CHECK_NEAR(out[0], 0, 0);
	CHECK_INT(c360_influence_all(&csr, value, 1.5, 2, NULL, out, &budget, NULL, NULL), C360_CSR_BAD_ARGUMENT);
	CHECK_INT(c360_influence_all(&csr, value, -0.1, 2, NULL, out, &budget, NULL, NULL), C360_CSR_BAD_ARGUMENT);
	CHECK_INT(c360_influence_all(&csr, value, NAN, 2, NULL, out, &budget, NULL, NULL), C360_CSR_BAD_ARGUMENT);
	CHECK_INT(c360_influence_all(&csr, value, 0.5, -1, NULL, out, &budget, NULL, NULL), C360_CSR_BAD_ARGUMENT);
	value[3] = NAN;
	value[2] = INFINITY;
	c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);
	CHECK_INT(c360_influence_one(&bfs, 0, value, 0.5, 6, NULL, &one), C360_CSR_OK);
	CHECK_NEAR(one, 20 * 0.5, 1e-12);
	CHECK_INT(c360_influence_one(&bfs, 7, value, 0.5, 6, NULL, &one), C360_CSR_BAD_ARGUMENT);
	c360_bfs_free(&bfs);
	c360_csr_free(&csr);

	/* A long referral chain: the weight underflows to 0, the sum stays finite. */
	{
		C360CsrBuilder b;
		double	   *v = malloc(3000 * sizeof(double));
		double	   *o = malloc(3000 * sizeof(double));

		c360_csr_builder_init(&b, &budget, NULL, NULL);
		for (i = 0; i < 2999; i++)
			c360_csr_builder_add_edge(&b, i, i + 1, 0);
		CHECK_INT(c360_csr_build(&b, C360_CSR_FORWARD, NULL, 0, &csr), C360_CSR_OK);
		c360_csr_builder_free(&b);
		for (i = 0; i < 3000; i++)
			v[i] = 1.0;
		CHECK_INT(c360_influence_all(&csr, v, 0.5, INT32_MAX, NULL, o, &budget, NULL, NULL), C360_CSR_OK);
		CHECK_NEAR(o[0], 1.0, 1e-12);
		CHECK_NEAR(o[2998], 0.5, 0);
		CHECK_NEAR(o[2999], 0.0, 0);
		c360_csr_free(&csr);
		free(v);
		free(o);
	}
	CHECK_INT(budget.used, 0);
}

static void
test_best_two_hops(void)
{
	/* 1-2-3-4 chain, 5 alone-ish (5-5), 6-7 with a tie. */
	static const TestEdge edges[] = {{1, 2, 0}, {2, 3, 1}, {3, 4, 0}, {5, 5, 0}, {6, 7, 0}, {7, 8, 0}};
	C360Csr		csr;
	double		value[8] = {100, 5, 50, 70, 999, 3, 1, 3};	/* by index = id - 1 */
	uint32_t	best[8];
	C360KindSet *set = malloc(sizeof(C360KindSet));

	c360_budget_init(&budget, SIZE_MAX);
	build(&csr, edges, 6, C360_CSR_BOTH, NULL, 0);
	CHECK_INT(c360_best_within_two_hops(&csr, value, NULL, best, &budget, NULL, NULL), C360_CSR_OK);
	CHECK_INT(csr.ids[best[0]], 3);	/* 1: 2 (5), 3 (50) */
	CHECK_INT(csr.ids[best[1]], 1);	/* 2: 1 (100), 3, 4 */
	CHECK_INT(csr.ids[best[2]], 1);	/* 3: 2, 4, 1 */
	CHECK_INT(csr.ids[best[3]], 3);	/* 4: 3 (50), 2 (5); not 1 (3 hops) */
	CHECK_INT(best[4], C360_NO_NODE);	/* 5: nothing but itself */
	CHECK_INT(csr.ids[best[5]], 8);	/* 6: 7 (1), 8 (3) */
	CHECK_INT(csr.ids[best[6]], 6);	/* 7: 6 (3) and 8 (3) tie: smaller id */
	CHECK_INT(csr.ids[best[7]], 6);	/* 8: 7 (1), 6 (3) */

	/* Kind 1 (2-3) filtered out; NaN never chosen. */
	c360_kindset_clear(set);
	c360_kindset_add(set, 0);
	value[0] = NAN;
	CHECK_INT(c360_best_within_two_hops(&csr, value, set, best, &budget, NULL, NULL), C360_CSR_OK);
	CHECK_INT(csr.ids[best[0]], 2);
	CHECK_INT(best[1], C360_NO_NODE);	/* 2: only 1, whose value is NaN */
	CHECK_INT(csr.ids[best[2]], 4);
	c360_csr_free(&csr);
	free(set);
	CHECK_INT(budget.used, 0);
}

static void
test_dot(void)
{
	static const TestEdge edges[] = {{1, 2, 1}, {2, 3, 2}, {3, 1, 1}, {3, 4, 1}};
	static const char *const kind_names[] = {NULL, "spouse", "co-\"owner\""};
	static const size_t kind_lens[] = {0, 6, 10};
	C360Csr		csr;
	C360Bfs		bfs;
	char		out[1024];
	size_t		len;
	const char *labels[3] = {"Ann \"Nan\" Lee", "Zoë\\Bob", NULL};
	size_t		label_lens[3] = {13, 8, 0};

	c360_budget_init(&budget, SIZE_MAX);
	build(&csr, edges, 4, C360_CSR_BOTH, NULL, 0);
	c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);
	c360_bfs_run(&bfs, idx(&csr, 1), 1, NULL);
	CHECK_INT(c360_dot_neighbourhood(&bfs, NULL, labels, label_lens, kind_names, kind_lens, 3,
									 out, sizeof(out), &len), C360_CSR_OK);
	out[len] = '\0';
	CHECK_STR(out,
			  "graph c360 {\n"
			  "\t\"1\" [label=\"Ann \\\"Nan\\\" Lee\"];\n"
			  "\t\"2\" [label=\"Zoë\\\\Bob\"];\n"
			  "\t\"3\" [label=\"3\"];\n"
			  "\t\"1\" -- \"2\" [label=\"spouse\"];\n"
			  "\t\"1\" -- \"3\" [label=\"spouse\"];\n"
			  "\t\"2\" -- \"3\" [label=\"co-\\\"owner\\\"\"];\n"
			  "}\n");
	/* Too small: refused with the size needed; measuring with NULL. */
	{
		size_t		need = len;

		CHECK_INT(c360_dot_neighbourhood(&bfs, NULL, labels, label_lens, kind_names, kind_lens, 3,
										 out, need - 1, &len), C360_CSR_OUTPUT_TOO_BIG);
		CHECK_INT(len, need);
		CHECK_INT(c360_dot_neighbourhood(&bfs, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, &len),
				  C360_CSR_OUTPUT_TOO_BIG);
		CHECK(len > 0);
	}
	c360_bfs_free(&bfs);
	c360_csr_free(&csr);

	/* Generic writer: escapes, line breaks, controls, bad UTF-8, directed. */
	{
		C360DotNode nodes[2] = {
			{-9, "a\r\nb\rc\nd\te\x01\x7f" "\xc2\x85" "f", 15},
			{INT64_MAX, "\xff\xc3(\xe2\x82\xac\xf0\x9f\x98\x80\xed\xa0\x80", 13}
		};
		C360DotEdge dedges[2] = {{-9, INT64_MAX, NULL, 0}, {INT64_MAX, -9, "", 0}};

		CHECK_INT(c360_dot_write(nodes, 2, dedges, 2, true, out, sizeof(out), &len), C360_CSR_OK);
		out[len] = '\0';
		CHECK_STR(out,
				  "digraph c360 {\n"
				  "\t\"-9\" [label=\"a\\nb\\nc\\nd e   f\"];\n"
				  "\t\"9223372036854775807\" [label=\"\xEF\xBF\xBD\xEF\xBF\xBD(\xe2\x82\xac\xf0\x9f\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"];\n"
				  "\t\"-9\" -> \"9223372036854775807\";\n"
				  "\t\"9223372036854775807\" -> \"-9\" [label=\"\"];\n"
				  "}\n");
		CHECK_INT(c360_dot_write(NULL, 0, NULL, 0, false, out, sizeof(out), &len), C360_CSR_OK);
		CHECK_INT(len, strlen("graph c360 {\n}\n"));
		CHECK_INT(c360_dot_write(NULL, 0, NULL, 0, false, out, 3, &len), C360_CSR_OUTPUT_TOO_BIG);
	}
	CHECK_INT(budget.used, 0);
}

static int	ticks;

static void
count_tick(void *arg)
{
	(void) arg;
	ticks++;
}

/* A larger random graph: BFS hops agree with a plain O(n + m) BFS. */
static void
test_random_against_naive(void)
{
	enum
	{
		N = 3000, M = 9000
	};
	C360CsrBuilder b;
	C360Csr		csr;
	C360Bfs		bfs;
	int64_t    *src = malloc(M * sizeof(int64_t));
	int64_t    *dst = malloc(M * sizeof(int64_t));
	int		   *dist = malloc(N * sizeof(int));
	int		   *queue = malloc(N * sizeof(int));
	uint32_t	seed = 12345;
	int			i;
	int			bad = 0;

	c360_budget_init(&budget, SIZE_MAX);
	c360_csr_builder_init(&b, &budget, count_tick, NULL);
	for (i = 0; i < M; i++)
	{
		seed = seed * 1103515245u + 12345u;
		src[i] = (seed >> 8) % N;
		seed = seed * 1103515245u + 12345u;
		dst[i] = (seed >> 8) % N;
		c360_csr_builder_add_edge(&b, src[i] * 1000003, dst[i] * 1000003, 0);
	}
	CHECK_INT(c360_csr_build(&b, C360_CSR_BOTH, NULL, 0, &csr), C360_CSR_OK);
	c360_csr_builder_free(&b);
	c360_bfs_init(&bfs, &csr, &budget, count_tick, NULL);
	c360_bfs_run(&bfs, 0, INT32_MAX, NULL);
	{
		/* Naive BFS over the raw edge list, O(n * m) but small. */
		int			head = 0,
					tail = 0;
		int64_t		start = csr.ids[0] / 1000003;

		for (i = 0; i < N; i++)
			dist[i] = -1;
		dist[start] = 0;
		queue[tail++] = (int) start;
		while (head < tail)
		{
			int			u = queue[head++];
			int			e;

			for (e = 0; e < M; e++)
			{
				int			v = -1;

				if (src[e] == u)
					v = (int) dst[e];
				else if (dst[e] == u)
					v = (int) src[e];
				if (v >= 0 && dist[v] < 0)
				{
					dist[v] = dist[u] + 1;
					queue[tail++] = v;
				}
			}
		}
		CHECK_INT(bfs.count, tail);
		for (i = 0; i < (int) bfs.count; i++)
		{
			int64_t		id = csr.ids[bfs.node[i]] / 1000003;

			if (dist[id] != (int) bfs.hops[i])
				bad++;
			if (i > 0 && (bfs.hops[i] < bfs.hops[i - 1] ||
						  (bfs.hops[i] == bfs.hops[i - 1] && bfs.node[i] <= bfs.node[i - 1])))
				bad++;
		}
		CHECK_INT(bad, 0);
	}
	/* Bidirectional paths between many pairs equal the full search's. */
	{
		uint32_t   *p1 = malloc(N * sizeof(uint32_t));
		uint32_t   *p2 = malloc(N * sizeof(uint32_t));
		uint16_t   *k1 = malloc(N * sizeof(uint16_t));
		uint16_t   *k2 = malloc(N * sizeof(uint16_t));
		int			found = 0;

		bad = 0;
		for (i = 0; i < 300; i++)
		{
			uint32_t	s,
						t,
						tp,
						len1 = 0,
						len2,
						j;
			int32_t		hops = 1 + i % 9;

			seed = seed * 1103515245u + 12345u;
			s = (seed >> 8) % csr.n;
			seed = seed * 1103515245u + 12345u;
			t = (seed >> 8) % csr.n;
			c360_bfs_run(&bfs, s, hops, NULL);
			if (c360_bfs_position(&bfs, t) != C360_NO_NODE)
				len1 = c360_bfs_path(&bfs, c360_bfs_position(&bfs, t), p1, k1);
			if (c360_bfs_shortest(&bfs, s, t, hops, NULL, &tp) != C360_CSR_OK)
			{
				if (len1 != 0)
					bad++;
				continue;
			}
			found++;
			len2 = c360_bfs_path(&bfs, tp, p2, k2);
			if (len1 != len2)
				bad++;
			for (j = 0; j < len2 && len1 == len2; j++)
				if (p1[j] != p2[j])
					bad++;
		}
		CHECK_INT(bad, 0);
		CHECK(found > 100);
		free(p1);
		free(p2);
		free(k1);
		free(k2);
	}
	c360_bfs_free(&bfs);
	c360_csr_free(&csr);
	free(src);
	free(dst);
	free(dist);
	free(queue);
	CHECK_INT(budget.used, 0);
}

static void
test_sort(void)
{
	uint64_t	v[1000];
	int			i;
	int			bad = 0;

	for (i = 0; i < 1000; i++)
		v[i] = (uint64_t) ((i * 7919) % 1000) * UINT64_C(0x100000001);
	v[3] = UINT64_MAX;
	v[4] = 0;
	c360_sort_u64(v, 1000, NULL, NULL);
	for (i = 1; i < 1000; i++)
		if (v[i - 1] > v[i])
			bad++;
	CHECK_INT(bad, 0);
	CHECK(v[999] == UINT64_MAX);
	c360_sort_u64(v, 0, NULL, NULL);
}

int
main(void)
{
	test_build_basics();
	test_budget();
	test_bfs_shapes();
	test_kinds();
	test_influence();
	test_best_two_hops();
	test_dot();
	test_random_against_naive();
	test_sort();
	return UNIT_DONE();
}
