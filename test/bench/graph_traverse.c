/*
 * graph_traverse.c: standalone benchmark of the graph core (csr.c,
 * traverse.c, dot.c) at 10 million edges.
 *
 *   gcc $(make -s print-standalone-cflags) -o /tmp/graph_traverse \
 *       test/bench/graph_traverse.c $(make -s print-core-srcs) -lm
 *   /tmp/graph_traverse [edges (default 10000000)]
 *
 * The relationship graph: edges / 3 nodes with sparse 64-bit ids (a random
 * odd multiple), each edge between two random nodes with one of 8 kinds,
 * stored both ways.  Timed: loading the edges, building the CSR, 1,000
 * two-hop neighbourhoods, 1,000 shortest paths (max 6 hops), the best node
 * within two hops for every node, and one DOT.  Then a referral forest of
 * edges / 10 nodes (each node referred by a random earlier one, plus 1% of
 * back edges making cycles) for the influence of every node, decay 0.5, 6
 * hops.  Memory is the budget's peak, exact (every byte the core holds).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "c360_alloc.h"
#include "csr.h"
#include "dot.h"
#include "traverse.h"

static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t
rng_next(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int64_t
node_id(uint64_t i)
{
	return (int64_t) (i * UINT64_C(0x9E3779B97F4A7C15));
}

static void
die(const char *what, C360CsrStatus status)
{
	fprintf(stderr, "graph_traverse: %s failed with status %d\n", what, (int) status);
	exit(1);
}

int
main(int argc, char **argv)
{
	uint64_t	edges = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	uint64_t	nodes = edges / 3 > 0 ? edges / 3 : 1;
	C360MemBudget budget;
	C360CsrBuilder b;
	C360Csr		csr;
	C360Bfs		bfs;
	C360CsrStatus status;
	double		t0,
				t1;
	uint64_t	i;
	uint64_t	reached = 0;
	uint64_t	path_found = 0;
	uint64_t	path_hops = 0;
	double	   *value;
	uint32_t   *best;
	size_t		need;
	size_t		graph_bytes;

	c360_budget_init(&budget, SIZE_MAX);

	printf("relationship graph: %llu edges over %llu node ids, 8 kinds, both ways\n",
		   (unsigned long long) edges, (unsigned long long) nodes);
	t0 = now_ms();
	c360_csr_builder_init(&b, &budget, NULL, NULL);
	for (i = 0; i < edges; i++)
	{
		uint64_t	r = rng_next();

		status = c360_csr_builder_add_edge(&b, node_id(r % nodes), node_id((r >> 32) % nodes),
										   (uint16_t) (rng_next() & 7));
		if (status != C360_CSR_OK)
			die("add_edge", status);
	}
	t1 = now_ms();
	printf("  load edges:        %8.0f ms  (%.0f ns per edge, %zu bytes held)\n",
		   t1 - t0, (t1 - t0) * 1e6 / (double) edges, budget.used);
	need = c360_csr_builder_need(&b, C360_CSR_BOTH);
	t0 = now_ms();
	status = c360_csr_build(&b, C360_CSR_BOTH, NULL, 0, &csr);
	if (status != C360_CSR_OK)
		die("build", status);
	c360_csr_builder_free(&b);
	t1 = now_ms();
	graph_bytes = budget.used;
	printf("  build CSR:         %8.0f ms  (%u nodes, %u arcs)\n", t1 - t0, csr.n, csr.arcs);
	printf("  memory: peak %.1f MB = %.1f bytes per edge (need() said %.1f MB); graph %.1f MB = %.1f bytes per edge\n",
		   budget.peak / 1048576.0, (double) budget.peak / (double) edges, need / 1048576.0,
		   graph_bytes / 1048576.0, (double) graph_bytes / (double) edges);

	status = c360_bfs_init(&bfs, &csr, &budget, NULL, NULL);
	if (status != C360_CSR_OK)
		die("bfs_init", status);
	t0 = now_ms();
	for (i = 0; i < 1000; i++)
	{
		c360_bfs_run(&bfs, (uint32_t) (rng_next() % csr.n), 2, NULL);
		reached += bfs.count;
	}
	t1 = now_ms();
	printf("  1000 neighbourhoods (2 hops): %8.1f ms  (%.3f ms each, %.0f nodes each)\n",
		   t1 - t0, (t1 - t0) / 1000, reached / 1000.0);
	t0 = now_ms();
	for (i = 0; i < 1000; i++)
	{
		uint32_t	tp;

		if (c360_bfs_shortest(&bfs, (uint32_t) (rng_next() % csr.n), (uint32_t) (rng_next() % csr.n),
							  6, NULL, &tp) == C360_CSR_OK)
		{
			path_found++;
			path_hops += bfs.hops[tp];
		}
	}
	t1 = now_ms();
	printf("  1000 shortest paths (max 6):  %8.1f ms  (%.3f ms each, %llu found, mean %.2f hops)\n",
		   t1 - t0, (t1 - t0) / 1000, (unsigned long long) path_found,
		   path_found ? (double) path_hops / (double) path_found : 0.0);

	value = malloc((size_t) csr.n * sizeof(double));
	best = malloc((size_t) csr.n * sizeof(uint32_t));
	for (i = 0; i < csr.n; i++)
		value[i] = (double) (rng_next() % 100000) / 100.0;
	t0 = now_ms();
	status = c360_best_within_two_hops(&csr, value, NULL, best, &budget, NULL, NULL);
	if (status != C360_CSR_OK)
		die("best_within_two_hops", status);
	t1 = now_ms();
	printf("  best within 2 hops, all nodes: %7.0f ms\n", t1 - t0);

	{
		size_t		len;
		char	   *out;

		c360_bfs_run(&bfs, 0, 2, NULL);
		t0 = now_ms();
		c360_dot_neighbourhood(&bfs, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, &len);
		out = malloc(len);
		status = c360_dot_neighbourhood(&bfs, NULL, NULL, NULL, NULL, NULL, 0, out, len, &len);
		t1 = now_ms();
		printf("  DOT of a 2-hop neighbourhood:  %7.3f ms  (%u nodes, %zu bytes)\n",
			   t1 - t0, bfs.count, len);
		free(out);
	}
	c360_bfs_free(&bfs);
	c360_csr_free(&csr);
	free(value);
	free(best);

	/* A referral forest with cycles, for influence. */
	{
		uint64_t	n = edges / 10 > 2 ? edges / 10 : 2;
		double	   *out;

		c360_budget_init(&budget, SIZE_MAX);
		c360_csr_builder_init(&b, &budget, NULL, NULL);
		for (i = 1; i < n; i++)
		{
			c360_csr_builder_add_edge(&b, node_id(rng_next() % i), node_id(i), 0);
			if (rng_next() % 100 == 0)
				c360_csr_builder_add_edge(&b, node_id(i), node_id(rng_next() % i), 0);
		}
		status = c360_csr_build(&b, C360_CSR_FORWARD, NULL, 0, &csr);
		if (status != C360_CSR_OK)
			die("build referrals", status);
		c360_csr_builder_free(&b);
		value = malloc((size_t) csr.n * sizeof(double));
		out = malloc((size_t) csr.n * sizeof(double));
		for (i = 0; i < csr.n; i++)
			value[i] = (double) (rng_next() % 1000);
		t0 = now_ms();
		status = c360_influence_all(&csr, value, C360_INFLUENCE_DEFAULT_DECAY,
									C360_INFLUENCE_DEFAULT_DEPTH, NULL, out, &budget, NULL, NULL);
		if (status != C360_CSR_OK)
			die("influence", status);
		t1 = now_ms();
		printf("referral forest: %u nodes, %u arcs (1%% back edges)\n", csr.n, csr.arcs);
		printf("  influence of every node (decay 0.5, 6 hops): %7.0f ms (%.2f us per node)\n",
			   t1 - t0, (t1 - t0) * 1000 / csr.n);
		c360_csr_free(&csr);
		free(value);
		free(out);
	}
	return 0;
}
