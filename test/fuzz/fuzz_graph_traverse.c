/*
 * Fuzz target for src/graph/csr.c, traverse.c and dot.c.
 *
 * Input: 4 control bytes, then edges.  Control byte 0: bit 0 raw 64-bit
 * ids (17 bytes per edge: two int64 little-endian and a kind byte) or
 * small ids (3 bytes per edge: two ids folded into 0..63 and a kind
 * byte); bit 1 directed (C360_CSR_FORWARD) or both ways; bit 2 a small
 * memory budget; bit 3 inverse kinds (1 <-> 2).  Byte 1: max_hops (signed,
 * so sometimes negative).  Byte 2: which node starts, byte 3 which kinds
 * (0..7) are allowed (0: all).
 *
 * Checked against a naive search over the raw edge list: the CSR is sorted,
 * without repeats or self-loops, symmetric when built both ways, and the
 * budget's peak equals c360_csr_builder_need; the BFS reaches exactly the
 * nodes within max_hops, each at its shortest distance, in (hops, id)
 * order, never past max_hops, with the smallest-id parent one hop closer
 * and the smallest allowed kind; shortest paths agree on length, are
 * made of real arcs and equal the full search's path; influence equals the naive decayed sum; the best node
 * within two hops equals a naive search; a shortest path (bidirectional
 * on graphs stored both ways) is the one the full search gives; DOT output has one line per node
 * and per edge (labels cannot break lines), is valid UTF-8 and its
 * measured size is exact.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "csr.h"
#include "dot.h"
#include "traverse.h"

#define MAX_EDGES 400

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

typedef struct RawEdge
{
	int64_t		s;
	int64_t		t;
	uint16_t	k;
} RawEdge;

static RawEdge edges[MAX_EDGES];
static int	n_edges;
static bool directed;
static bool use_inverse;
static const uint16_t inverse_table[3] = {0, 2, 1};

static uint16_t
inverse_of(uint16_t k)
{
	return (use_inverse && k < 3) ? inverse_table[k] : k;
}

static int64_t
read_i64(const uint8_t *p)
{
	uint64_t	u = 0;
	int			i;

	for (i = 7; i >= 0; i--)
		u = (u << 8) | p[i];
	return (int64_t) u;
}

/* Naive: the kind of an arc u -> v (smallest allowed), or -1 when none. */
static int
naive_arc(int64_t u, int64_t v, const C360KindSet *allowed)
{
	int			best = -1;
	int			e;

	if (u == v)
		return -1;
	for (e = 0; e < n_edges; e++)
	{
		int			k = -1;

		if (edges[e].s == u && edges[e].t == v)
			k = edges[e].k;
		else if (!directed && edges[e].s == v && edges[e].t == u)
			k = inverse_of(edges[e].k);
		if (k >= 0 && c360_kindset_has(allowed, (uint16_t) k) && (best < 0 || k < best))
			best = k;
	}
	return best;
}

static int
uniq_index(const int64_t *ids, int n, int64_t id)
{
	int			i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return i;
	return -1;
}

/* Valid UTF-8 throughout. */
static bool
valid_utf8(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		need = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 :
			(c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
		size_t		j;

		if (need == 0 || i + need > len)
			return false;
		for (j = 1; j < need; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) ||
			(c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F))
			return false;
		i += need;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int64_t ids[2 * MAX_EDGES];
	static int	dist[2 * MAX_EDGES];
	static int	queue[2 * MAX_EDGES];
	static double value[2 * MAX_EDGES];
	static uint32_t best[2 * MAX_EDGES];
	static uint32_t path[2 * MAX_EDGES];
	static uint16_t path_kinds[2 * MAX_EDGES];
	static uint32_t run_path[2 * MAX_EDGES];
	static uint16_t run_kinds[2 * MAX_EDGES];
	static C360KindSet kindset;
	const C360KindSet *allowed = NULL;
	C360MemBudget budget;
	C360CsrBuilder b;
	C360Csr		csr;
	C360Bfs		bfs;
	C360CsrStatus status;
	uint8_t		mode;
	int			max_hops;
	int			n_ids = 0;
	int			edge_size;
	size_t		pos;
	size_t		need;
	uint32_t	u;
	uint32_t	a;
	uint32_t	p;
	int			i;
	int64_t		start_id;

	if (size < 4)
		return 0;
	mode = data[0];
	max_hops = (int8_t) data[1];
	directed = (mode & 2) != 0;
	use_inverse = (mode & 8) != 0;
	if (data[3] != 0)
	{
		c360_kindset_clear(&kindset);
		for (i = 0; i < 8; i++)
			if (data[3] & (1 << i))
				c360_kindset_add(&kindset, (uint16_t) i);
		allowed = &kindset;
	}

	/* The edges. */
	edge_size = (mode & 1) ? 17 : 3;
	n_edges = 0;
	for (pos = 4; pos + edge_size <= size && n_edges < MAX_EDGES; pos += edge_size)
	{
		if (mode & 1)
		{
			edges[n_edges].s = read_i64(data + pos);
			edges[n_edges].t = read_i64(data + pos + 8);
			edges[n_edges].k = data[pos + 16] & 7;
		}
		else
		{
			edges[n_edges].s = (data[pos] & 63) - 20;
			edges[n_edges].t = (data[pos + 1] & 63) - 20;
			edges[n_edges].k = data[pos + 2] & 7;
		}
		n_edges++;
	}

	c360_budget_init(&budget, (mode & 4) ? 512 + 64 * (size_t) data[2] : SIZE_MAX);
	c360_csr_builder_init(&b, &budget, NULL, NULL);
	for (i = 0; i < n_edges; i++)
	{
		status = c360_csr_builder_add_edge(&b, edges[i].s, edges[i].t, edges[i].k);
		if (status != C360_CSR_OK)
		{
			require(status == C360_CSR_OVER_BUDGET);
			require(budget.refused > budget.limit && budget.peak <= budget.limit);
			c360_csr_builder_free(&b);
			require(budget.used == 0);
			return 0;
		}
		if (uniq_index(ids, n_ids, edges[i].s) < 0)
			ids[n_ids++] = edges[i].s;
		if (uniq_index(ids, n_ids, edges[i].t) < 0)
			ids[n_ids++] = edges[i].t;
	}
	need = c360_csr_builder_need(&b, directed ? C360_CSR_FORWARD : C360_CSR_BOTH);
	budget.peak = budget.used;
	status = c360_csr_build(&b, directed ? C360_CSR_FORWARD : C360_CSR_BOTH,
							use_inverse ? inverse_table : NULL, 3, &csr);
	if (status != C360_CSR_OK)
	{
		require(status == C360_CSR_OVER_BUDGET && need > budget.limit);
		require(budget.refused == need);
		c360_csr_builder_free(&b);
		require(budget.used == 0);
		return 0;
	}
	require(budget.peak <= need && budget.peak <= budget.limit);
	c360_csr_builder_free(&b);

	/* The CSR: every id once, ascending; arcs sorted, no repeats, no loops. */
	require(csr.n == (uint32_t) n_ids);
	for (u = 0; u < csr.n; u++)
	{
		require(uniq_index(ids, n_ids, csr.ids[u]) >= 0);
		require(u == 0 || csr.ids[u - 1] < csr.ids[u]);
		for (a = csr.offsets[u]; a < csr.offsets[u + 1]; a++)
		{
			require(csr.targets[a] < csr.n && csr.targets[a] != u);
			require(a == csr.offsets[u] || csr.targets[a - 1] < csr.targets[a] ||
					(csr.targets[a - 1] == csr.targets[a] && csr.kinds[a - 1] < csr.kinds[a]));
			/* the arc is in the input; the smallest kind agrees with naive */
			if (a == csr.offsets[u] || csr.targets[a - 1] != csr.targets[a])
				require(naive_arc(csr.ids[u], csr.ids[csr.targets[a]], NULL) == csr.kinds[a]);
		}
	}
	require(csr.offsets[csr.n] == csr.arcs);

	/* Searches need a workspace; a small budget may refuse it. */
	if (c360_bfs_init(&bfs, &csr, &budget, NULL, NULL) != C360_CSR_OK)
	{
		require(budget.refused > budget.limit);
		c360_csr_free(&csr);
		require(budget.used == 0);
		return 0;
	}

	if (csr.n == 0)
	{
		require(c360_bfs_run(&bfs, 0, max_hops, allowed) == C360_CSR_BAD_ARGUMENT);
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);
		require(budget.used == 0);
		return 0;
	}
	start_id = ids[data[2] % n_ids];

	/* Naive BFS over the raw edges. */
	for (i = 0; i < n_ids; i++)
		dist[i] = -1;
	{
		int			head = 0,
					tail = 0;

		dist[uniq_index(ids, n_ids, start_id)] = 0;
		queue[tail++] = uniq_index(ids, n_ids, start_id);
		while (head < tail)
		{
			int			x = queue[head++];
			int			y;

			for (y = 0; y < n_ids; y++)
				if (dist[y] < 0 && naive_arc(ids[x], ids[y], allowed) >= 0)
				{
					dist[y] = dist[x] + 1;
					queue[tail++] = y;
				}
		}
	}

	status = c360_bfs_run(&bfs, (uint32_t) c360_csr_index(&csr, start_id), max_hops, allowed);
	if (max_hops < 0)
		require(status == C360_CSR_BAD_ARGUMENT && bfs.count == 0);
	else
	{
		int			expected = 0;

		require(status == C360_CSR_OK);
		for (i = 0; i < n_ids; i++)
			if (dist[i] >= 0 && dist[i] <= max_hops)
				expected++;
		require(bfs.count == (uint32_t) expected);
		for (p = 0; p < bfs.count; p++)
		{
			int64_t		id = csr.ids[bfs.node[p]];
			int			d = dist[uniq_index(ids, n_ids, id)];

			require((int) bfs.hops[p] == d && d <= max_hops);
			require(c360_bfs_position(&bfs, bfs.node[p]) == p);
			if (p == 0)
			{
				require(id == start_id && bfs.parent[0] == C360_NO_NODE);
				continue;
			}
			require(bfs.hops[p - 1] < bfs.hops[p] ||
					(bfs.hops[p - 1] == bfs.hops[p] && bfs.node[p - 1] < bfs.node[p]));
			require(bfs.parent[p] < p && bfs.hops[bfs.parent[p]] + 1 == bfs.hops[p]);
			{
				int64_t		parent_id = csr.ids[bfs.node[bfs.parent[p]]];
				uint32_t	q;

				require(naive_arc(parent_id, id, allowed) == bfs.kind[p]);
				/* no smaller node one hop closer has an allowed arc to it */
				for (q = 0; q < bfs.count; q++)
					if (bfs.hops[q] + 1 == bfs.hops[p] && csr.ids[bfs.node[q]] < parent_id)
						require(naive_arc(csr.ids[bfs.node[q]], id, allowed) < 0);
			}
		}
	}

	/* Shortest path to every node (a few of them). */
	for (i = 0; i < n_ids && i < 8; i++)
	{
		int64_t		target_id = ids[(data[2] + 7 * i) % n_ids];
		uint32_t	tp;
		int			d = dist[uniq_index(ids, n_ids, target_id)];

		/* The path the full search gives, to compare. */
		uint32_t	run_len = 0;

		if (max_hops >= 0 && d >= 0 && d <= max_hops)
		{
			c360_bfs_run(&bfs, (uint32_t) c360_csr_index(&csr, start_id), max_hops, allowed);
			run_len = c360_bfs_path(&bfs, c360_bfs_position(&bfs, (uint32_t) c360_csr_index(&csr, target_id)),
									run_path, run_kinds);
		}
		status = c360_bfs_shortest(&bfs, (uint32_t) c360_csr_index(&csr, start_id),
								   (uint32_t) c360_csr_index(&csr, target_id),
								   max_hops, allowed, &tp);
		if (max_hops < 0)
			require(status == C360_CSR_BAD_ARGUMENT);
		else if (d >= 0 && d <= max_hops)
		{
			uint32_t	len;
			uint32_t	j;

			require(status == C360_CSR_OK);
			len = c360_bfs_path(&bfs, tp, path, path_kinds);
			require(len == (uint32_t) d + 1);
			require(csr.ids[path[0]] == start_id && csr.ids[path[len - 1]] == target_id);
			for (j = 0; j + 1 < len; j++)
				require(naive_arc(csr.ids[path[j]], csr.ids[path[j + 1]], allowed) == path_kinds[j]);
			/* bidirectional or not, the same path as the full search */
			require(run_len == len);
			for (j = 0; j < len; j++)
				require(run_path[j] == path[j] && (j + 1 == len || run_kinds[j] == path_kinds[j]));
		}
		else
			require(status == C360_CSR_NO_PATH && tp == C360_NO_NODE);
	}

	/* Influence of the start, decay 0.5, depth max_hops. */
	for (u = 0; u < csr.n; u++)
		value[u] = (double) ((csr.ids[u] % 7 + 7) % 7) - 1.5;
	if (max_hops >= 0)
	{
		double		got;
		double		want = 0;

		require(c360_influence_one(&bfs, (uint32_t) c360_csr_index(&csr, start_id), value,
								   0.5, max_hops, allowed, &got) == C360_CSR_OK);
		for (i = 0; i < n_ids; i++)
			if (dist[i] > 0 && dist[i] <= max_hops)
				want += value[c360_csr_index(&csr, ids[i])] * ldexp(1.0, -dist[i]);
		require(fabs(got - want) <= 1e-9 * (1 + fabs(want)));
	}

	/* Best within two hops, against a naive search from every node. */
	require(c360_best_within_two_hops(&csr, value, allowed, best, &budget, NULL, NULL) == C360_CSR_OK ||
			budget.refused > budget.limit);
	if (budget.refused <= budget.limit)
	{
		for (u = 0; u < csr.n; u++)
		{
			uint32_t	want = C360_NO_NODE;
			uint32_t	v;

			for (v = 0; v < csr.n; v++)
			{
				bool		near = false;
				uint32_t	w;

				if (v == u)
					continue;
				if (naive_arc(csr.ids[u], csr.ids[v], allowed) >= 0)
					near = true;
				for (w = 0; w < csr.n && !near; w++)
					if (naive_arc(csr.ids[u], csr.ids[w], allowed) >= 0 &&
						naive_arc(csr.ids[w], csr.ids[v], allowed) >= 0)
						near = true;
				if (near && (want == C360_NO_NODE || value[v] > value[want]))
					want = v;
			}
			require(best[u] == want);
		}
	}

	/* DOT of the neighbourhood, the tail of the input as the start's label. */
	if (max_hops >= 0)
	{
		c360_bfs_run(&bfs, (uint32_t) c360_csr_index(&csr, start_id), max_hops, allowed);
		{
			static const char *const kind_names[3] = {NULL, "a\"b\\c\n", "\xff"};
			static const size_t kind_lens[3] = {0, 6, 1};
			const char **labels = calloc(bfs.count, sizeof(char *));
			size_t	   *label_lens = calloc(bfs.count, sizeof(size_t));
			size_t		len;
			size_t		len2;
			char	   *out;
			size_t		lines = 0;
			size_t		arcs_drawn = 0;
			size_t		j;

			labels[0] = (const char *) data + 4;
			label_lens[0] = size - 4;
			status = c360_dot_neighbourhood(&bfs, allowed, labels, label_lens, kind_names, kind_lens, 3,
											NULL, 0, &len);
			require(status == C360_CSR_OUTPUT_TOO_BIG);
			out = malloc(len);
			require(c360_dot_neighbourhood(&bfs, allowed, labels, label_lens, kind_names, kind_lens, 3,
										   out, len, &len2) == C360_CSR_OK && len2 == len);
			if (len > 1)
				require(c360_dot_neighbourhood(&bfs, allowed, labels, label_lens, kind_names, kind_lens, 3,
											   out, len - 1, &len2) == C360_CSR_OUTPUT_TOO_BIG && len2 == len);
			require(c360_dot_neighbourhood(&bfs, allowed, labels, label_lens, kind_names, kind_lens, 3,
										   out, len, &len2) == C360_CSR_OK);
			require(valid_utf8((const unsigned char *) out, len));
			for (j = 0; j < len; j++)
			{
				require((unsigned char) out[j] >= 0x20 || out[j] == '\n' || out[j] == '\t');
				if (out[j] == '\n')
					lines++;
			}
			for (p = 0; p < bfs.count; p++)
			{
				uint32_t	x = bfs.node[p];

				for (a = csr.offsets[x]; a < csr.offsets[x + 1]; a++)
					if ((directed || csr.targets[a] > x) &&
						c360_kindset_has(allowed, csr.kinds[a]) &&
						c360_bfs_position(&bfs, csr.targets[a]) != C360_NO_NODE)
						arcs_drawn++;
			}
			require(lines == 2 + bfs.count + arcs_drawn);
			free(out);
			free(labels);
			free(label_lens);
		}
	}

	c360_bfs_free(&bfs);
	c360_csr_free(&csr);
	require(budget.used == 0);
	return 0;
}
