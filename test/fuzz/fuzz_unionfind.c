/*
 * Fuzz target for src/graph/unionfind.c.  The input is an edge list: one
 * control byte, then 16 bytes per edge (two int64, little-endian).  The
 * control byte chooses how ids are narrowed (raw, or folded into a small
 * range so components form), whether some ends count as NULL, a memory
 * budget, and when the components may move to a window over the id range
 * (at once, after 1 or 7 nodes, never).
 *
 * Checked: the components equal a naive label propagation (O(n^2), so the
 * input is capped at MAX_EDGES); the output is sorted by (component, node),
 * has each node once and each component is its own smallest member; the
 * budget is never passed and a refusal is reported with the size it
 * refused; the row count and the component count agree with the rows;
 * everything is freed.  The same pairs, sorted with a small
 * introsort depth (so heapsort runs too), come out sorted and unchanged as
 * a multiset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "unionfind.h"

#define MAX_EDGES 512

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

static int64_t
read_id(const uint8_t *p, int mode)
{
	uint64_t	u = 0;
	int64_t		id;
	int			i;

	for (i = 7; i >= 0; i--)
		u = (u << 8) | p[i];
	id = (int64_t) u;
	switch (mode)
	{
		case 0:
			return id;
		case 1:
			return id % 16;		/* -15..15: dense graphs */
		case 2:
			return (int64_t) (u % 256) - 128;
		default:
			{
				static const int64_t extremes[] = {
					INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX, 42
				};

				return extremes[u % 8];
			}
	}
}

/* Naive components: distinct nodes by linear search, labels by relaxation. */
static void
naive(const int64_t *src, const int64_t *dst, const uint8_t *present, size_t n,
	  int64_t *nodes, int64_t *labels, size_t *count)
{
	size_t	   *a = malloc((n + 1) * sizeof(size_t));
	size_t	   *b = malloc((n + 1) * sizeof(size_t));
	size_t		i,
				j;
	int			changed = 1;

	*count = 0;
	for (i = 0; i < n; i++)
	{
		int64_t		ends[2] = {src[i], dst[i]};
		size_t	   *where[2] = {&a[i], &b[i]};
		int			e;

		for (e = 0; e < 2; e++)
		{
			*where[e] = SIZE_MAX;
			if (!(present[i] & (1 << e)))
				continue;
			for (j = 0; j < *count && nodes[j] != ends[e]; j++)
				;
			if (j == *count)
			{
				nodes[j] = ends[e];
				labels[j] = ends[e];
				(*count)++;
			}
			*where[e] = j;
		}
	}
	while (changed)
	{
		changed = 0;
		for (i = 0; i < n; i++)
		{
			if (a[i] == SIZE_MAX || b[i] == SIZE_MAX)
				continue;
			if (labels[a[i]] != labels[b[i]])
			{
				int64_t		m = labels[a[i]] < labels[b[i]] ? labels[a[i]] : labels[b[i]];

				labels[a[i]] = labels[b[i]] = m;
				changed = 1;
			}
		}
	}
	free(a);
	free(b);
}

static void
check_sort(const int64_t *src, const int64_t *dst, size_t n, int depth)
{
	int64_t    *k = c360_alloc((n + 1) * sizeof(int64_t));
	int64_t    *v = c360_alloc((n + 1) * sizeof(int64_t));
	uint64_t	sum_before = 0,
				sum_after = 0,
				xor_before = 0,
				xor_after = 0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		k[i] = src[i];
		v[i] = dst[i];
		sum_before += (uint64_t) src[i] * 3 + (uint64_t) dst[i];
		xor_before ^= (uint64_t) src[i] * UINT64_C(0x9E3779B97F4A7C15) + (uint64_t) dst[i];
	}
	c360_sort_pairs_depth(k, v, n, depth, NULL, NULL);
	for (i = 0; i < n; i++)
	{
		sum_after += (uint64_t) k[i] * 3 + (uint64_t) v[i];
		xor_after ^= (uint64_t) k[i] * UINT64_C(0x9E3779B97F4A7C15) + (uint64_t) v[i];
		if (i > 0)
			require(k[i - 1] < k[i] || (k[i - 1] == k[i] && v[i - 1] <= v[i]));
	}
	require(sum_before == sum_after && xor_before == xor_after);
	c360_free(k);
	c360_free(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t budgets[8] = {
		SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, 1343, 1344, 4000, 8192
	};
	static const uint32_t probations[4] = {0, 1, 7, UINT32_MAX};
	uint8_t		control;
	int			mode;
	int			with_nulls;
	size_t		n,
				i;
	int64_t    *src,
			   *dst,
			   *nodes,
			   *labels;
	uint8_t    *present;
	size_t		expected_count;
	C360MemBudget budget;
	C360Components c;
	C360ComponentsCursor cursor = {0};
	C360GraphStatus status = C360_GRAPH_OK;
	int64_t	   *rows_node,
			   *rows_comp;
	size_t		rows = 0;
	uint32_t	components = 0;

	if (size < 1)
		return 0;
	control = data[0];
	mode = control & 3;
	with_nulls = (control >> 2) & 1;
	n = (size - 1) / 16;
	if (n > MAX_EDGES)
		n = MAX_EDGES;

	src = c360_alloc((n + 1) * sizeof(int64_t));
	dst = c360_alloc((n + 1) * sizeof(int64_t));
	present = c360_alloc(n + 1);
	nodes = c360_alloc((2 * n + 1) * sizeof(int64_t));
	labels = c360_alloc((2 * n + 1) * sizeof(int64_t));
	for (i = 0; i < n; i++)
	{
		const uint8_t *p = data + 1 + 16 * i;

		src[i] = read_id(p, mode);
		dst[i] = read_id(p + 8, mode);
		/* with NULLs on, the top bits of each raw id decide its presence */
		present[i] = 3;
		if (with_nulls)
			present[i] = (uint8_t) (((p[7] >> 7) ? 0 : 1) | ((p[15] >> 7) ? 0 : 2));
	}

	c360_budget_init(&budget, budgets[(control >> 3) & 7]);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = probations[control >> 6];
	for (i = 0; i < n && status == C360_GRAPH_OK; i++)
	{
		if (present[i] == 3)
			status = c360_components_add_edge(&c, src[i], dst[i]);
		else if (present[i] == 1)
			status = c360_components_add_node(&c, src[i]);
		else if (present[i] == 2)
			status = c360_components_add_node(&c, dst[i]);
		require(budget.used <= budget.limit && budget.peak <= budget.limit);
	}
	if (status == C360_GRAPH_OK)
		status = c360_components_finish(&c);
	require(budget.peak <= budget.limit);

	if (status != C360_GRAPH_OK)
	{
		/* only a budget refusal is possible at these sizes */
		require(status == C360_GRAPH_OVER_BUDGET);
		require(budget.limit != SIZE_MAX && budget.refused > budget.limit);
	}
	else
	{
		naive(src, dst, present, n, nodes, labels, &expected_count);
		require(c.count == expected_count);
		rows_node = c360_alloc((c.count + 1) * sizeof(int64_t));
		rows_comp = c360_alloc((c.count + 1) * sizeof(int64_t));
		while (rows <= c.count &&
			   c360_components_next(&c, &cursor, &rows_node[rows], &rows_comp[rows]))
			rows++;
		require(rows == c.count);
		require(!c360_components_next(&c, &cursor, &rows_node[0], &rows_comp[0]));
		for (i = 0; i < rows; i++)
		{
			size_t		j;

			/* sorted, so each node once */
			if (i > 0)
				require(rows_comp[i - 1] < rows_comp[i] ||
						(rows_comp[i - 1] == rows_comp[i] && rows_node[i - 1] < rows_node[i]));
			/* the first member of a component is its label */
			require(rows_comp[i] <= rows_node[i]);
			if (i == 0 || rows_comp[i - 1] != rows_comp[i])
			{
				require(rows_comp[i] == rows_node[i]);
				components++;
			}
			/* agrees with the naive labelling */
			for (j = 0; j < expected_count && nodes[j] != rows_node[i]; j++)
				;
			require(j < expected_count && labels[j] == rows_comp[i]);
		}
		require(components == c.components);
		c360_free(rows_node);
		c360_free(rows_comp);
	}
	c360_components_free(&c);
	require(budget.used == 0);

	check_sort(src, dst, n, control >> 6);

	c360_free(src);
	c360_free(dst);
	c360_free(present);
	c360_free(nodes);
	c360_free(labels);
	return 0;
}
