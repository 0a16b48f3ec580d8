/*
 * Unit tests for src/graph/unionfind.c: the id map, the union-find, the
 * sort, the memory budget, and connected components against a naive
 * label-propagation on random graphs.
 */
#include <stdint.h>
#include <stdlib.h>

#include "c360_alloc.h"
#include "unionfind.h"
#include "unit.h"

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static uint32_t
rng_below(uint32_t bound)
{
	return (uint32_t) (rng_next() % bound);
}

static int	ticks;

static void
count_tick(void *arg)
{
	(void) arg;
	ticks++;
}

/* ------------------------------------------------------------ row reader */

/* The rows of a finished graph, through the cursor, into fresh arrays. */
static size_t
read_rows(const C360Components *c, int64_t **nodes, int64_t **comps)
{
	C360ComponentsCursor cursor = {0};
	size_t		n = 0;

	*nodes = malloc(((size_t) c->count + 1) * sizeof(int64_t));
	*comps = malloc(((size_t) c->count + 1) * sizeof(int64_t));
	while (n <= c->count && c360_components_next(c, &cursor, &(*nodes)[n], &(*comps)[n]))
		n++;
	return n;
}

/* ------------------------------------------------------------ naive model */

/*
 * Distinct nodes by linear search and labels by repeated relaxation of
 * every edge until nothing changes: obviously right, O(n * e * rounds).
 */
typedef struct Naive
{
	int64_t    *nodes;
	int64_t    *labels;
	size_t		count;
} Naive;

static size_t
naive_index(Naive *g, int64_t id)
{
	size_t		i;

	for (i = 0; i < g->count; i++)
		if (g->nodes[i] == id)
			return i;
	g->nodes[g->count] = id;
	g->labels[g->count] = id;
	return g->count++;
}

/* edges[2i], edges[2i+1]; present[i] bit 1 / 2 says which ends are not NULL */
static void
naive_components(Naive *g, const int64_t *edges, const uint8_t *present, size_t nedges)
{
	size_t	   *a = malloc((nedges + 1) * sizeof(size_t));
	size_t	   *b = malloc((nedges + 1) * sizeof(size_t));
	bool		changed = true;
	size_t		i,
				j;

	g->nodes = malloc((2 * nedges + 1) * sizeof(int64_t));
	g->labels = malloc((2 * nedges + 1) * sizeof(int64_t));
	g->count = 0;
	for (i = 0; i < nedges; i++)
	{
		a[i] = (present[i] & 1) ? naive_index(g, edges[2 * i]) : SIZE_MAX;
		b[i] = (present[i] & 2) ? naive_index(g, edges[2 * i + 1]) : SIZE_MAX;
	}
	while (changed)
	{
		changed = false;
		for (i = 0; i < nedges; i++)
		{
			if (a[i] == SIZE_MAX || b[i] == SIZE_MAX)
				continue;
			if (g->labels[a[i]] < g->labels[b[i]])
			{
				g->labels[b[i]] = g->labels[a[i]];
				changed = true;
			}
			else if (g->labels[b[i]] < g->labels[a[i]])
			{
				g->labels[a[i]] = g->labels[b[i]];
				changed = true;
			}
		}
	}
	/* sort by (label, node): insertion sort, small inputs only */
	for (i = 1; i < g->count; i++)
		for (j = i; j > 0 && (g->labels[j - 1] > g->labels[j] ||
							  (g->labels[j - 1] == g->labels[j] && g->nodes[j - 1] > g->nodes[j])); j--)
		{
			int64_t		t = g->labels[j];

			g->labels[j] = g->labels[j - 1];
			g->labels[j - 1] = t;
			t = g->nodes[j];
			g->nodes[j] = g->nodes[j - 1];
			g->nodes[j - 1] = t;
		}
	free(a);
	free(b);
}

static void
naive_free(Naive *g)
{
	free(g->nodes);
	free(g->labels);
}

/*
 * Runs both on one edge list; returns whether they agree exactly.  The
 * components start a window after probation nodes (0: at once; UINT32_MAX:
 * never).
 */
static bool
agrees_with_naive(const int64_t *edges, const uint8_t *present, size_t nedges,
				  uint32_t probation)
{
	C360MemBudget budget;
	C360Components c;
	Naive		g;
	bool		ok = true;
	size_t		i;
	int64_t    *nodes = NULL;
	int64_t    *comps = NULL;

	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = probation;
	for (i = 0; i < nedges && ok; i++)
	{
		int64_t		s = edges[2 * i],
					t = edges[2 * i + 1];
		C360GraphStatus st = C360_GRAPH_OK;

		if (present[i] == 3)
			st = c360_components_add_edge(&c, s, t);
		else if (present[i] == 1)
			st = c360_components_add_node(&c, s);
		else if (present[i] == 2)
			st = c360_components_add_node(&c, t);
		ok = st == C360_GRAPH_OK;
	}
	ok = ok && c360_components_finish(&c) == C360_GRAPH_OK;

	naive_components(&g, edges, present, nedges);
	ok = ok && c.count == g.count && read_rows(&c, &nodes, &comps) == g.count;
	for (i = 0; ok && i < g.count; i++)
		ok = nodes[i] == g.nodes[i] && comps[i] == g.labels[i];
	free(nodes);
	free(comps);
	naive_free(&g);
	c360_components_free(&c);
	ok = ok && budget.used == 0;
	return ok;
}

/* ----------------------------------------------------------------- tests */

static void
test_budget(void)
{
	C360MemBudget b;
	void	   *p;

	c360_budget_init(&b, 100);
	CHECK(c360_budget_allows(&b, 100));
	CHECK(!c360_budget_allows(&b, 101));
	CHECK_INT(b.refused, 101);
	p = c360_budget_alloc(&b, 60);
	CHECK_INT(b.used, 60);
	CHECK_INT(b.peak, 60);
	c360_budget_free(&b, p, 60);
	CHECK_INT(b.used, 0);
	CHECK_INT(b.peak, 60);
	c360_budget_free(&b, NULL, 10);	/* no-op */
	CHECK_INT(b.used, 0);
}

static void
test_idmap(void)
{
	C360MemBudget budget;
	C360IdMap	map;
	uint32_t	index;
	bool		added;
	int64_t		extremes[] = {INT64_MIN, INT64_MAX, 0, -1, 1, INT64_MIN + 1, INT64_MAX - 1};
	size_t		i;
	bool		all_ok;

	c360_budget_init(&budget, SIZE_MAX);
	c360_idmap_init(&map, &budget, count_tick, NULL);
	CHECK_INT(c360_idmap_lookup(&map, 5), -1);	/* empty, nothing allocated */
	CHECK_INT(budget.used, 0);

	for (i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++)
	{
		CHECK(c360_idmap_intern(&map, extremes[i], &index, &added) == C360_GRAPH_OK);
		CHECK(added);
		CHECK_INT(index, i);
	}
	for (i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++)
	{
		CHECK(c360_idmap_intern(&map, extremes[i], &index, &added) == C360_GRAPH_OK);
		CHECK(!added);
		CHECK_INT(index, i);
		CHECK_INT(c360_idmap_lookup(&map, extremes[i]), i);
		CHECK(c360_idmap_id(&map, (uint32_t) i) == extremes[i]);
	}
	CHECK_INT(map.count, 7);
	CHECK_INT(map.capacity, 64);
	/* 64 ids and 128 four-byte slots */
	CHECK_INT(budget.used, 64 * 8 + 128 * 4);
	CHECK_INT(c360_idmap_lookup(&map, 2), -1);

	/*
	 * 200,000 ids that differ only in their high bits, then all of them
	 * again: growth keeps every index, and absent ids stay absent.
	 */
	ticks = 0;
	all_ok = true;
	for (i = 0; i < 200000; i++)
	{
		int64_t		id = (int64_t) ((uint64_t) i << 40);

		if (i == 0)
			id = 12345;			/* 0 is already in */
		all_ok = all_ok && c360_idmap_intern(&map, id, &index, &added) == C360_GRAPH_OK &&
			added && index == i + 7;
	}
	CHECK(all_ok);
	CHECK_INT(map.count, 200007);
	CHECK_INT(map.capacity, 262144);
	CHECK_INT(budget.used, (size_t) 262144 * 16);
	CHECK(ticks > 0);			/* rehashing 131072 ids ticked */
	all_ok = true;
	for (i = 1; i < 200000; i++)
	{
		all_ok = all_ok && c360_idmap_lookup(&map, (int64_t) ((uint64_t) i << 40)) == (int64_t) (i + 7);
		all_ok = all_ok && c360_idmap_lookup(&map, (int64_t) ((uint64_t) i << 40) + 1) == -1;
	}
	CHECK(all_ok);
	for (i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++)
		CHECK_INT(c360_idmap_lookup(&map, extremes[i]), i);

	c360_idmap_free(&map);
	CHECK_INT(budget.used, 0);
	CHECK(map.ids == NULL && map.slots == NULL && map.count == 0);
	c360_idmap_free(&map);		/* twice is harmless */
	CHECK_INT(budget.used, 0);
}

static void
test_idmap_limits(void)
{
	C360MemBudget budget;
	C360IdMap	map;
	uint32_t	index;
	bool		added;
	uint32_t	i;
	bool		all_ok = true;

	/* A budget just short of the first growth: nothing is allocated. */
	c360_budget_init(&budget, 64 * 16 - 1);
	c360_idmap_init(&map, &budget, NULL, NULL);
	CHECK(c360_idmap_intern(&map, 1, &index, &added) == C360_GRAPH_OVER_BUDGET);
	CHECK_INT(budget.refused, 64 * 16);
	CHECK_INT(budget.used, 0);
	CHECK_INT(map.count, 0);
	budget.limit = 64 * 16;
	CHECK(c360_idmap_intern(&map, 1, &index, &added) == C360_GRAPH_OK);
	CHECK_INT(budget.used, 64 * 16);
	c360_idmap_free(&map);

	/* max_capacity: the 129th distinct id is refused, known ids are not. */
	c360_budget_init(&budget, SIZE_MAX);
	c360_idmap_init(&map, &budget, NULL, NULL);
	map.max_capacity = 128;
	for (i = 0; i < 128; i++)
		all_ok = all_ok && c360_idmap_intern(&map, -(int64_t) i, &index, &added) == C360_GRAPH_OK;
	CHECK(all_ok);
	CHECK(c360_idmap_intern(&map, 1000, &index, &added) == C360_GRAPH_TOO_MANY_NODES);
	CHECK(c360_idmap_intern(&map, -127, &index, &added) == C360_GRAPH_OK);
	CHECK(!added);
	CHECK_INT(index, 127);
	CHECK_INT(map.count, 128);
	CHECK(c360_idmap_grow(&map) == C360_GRAPH_TOO_MANY_NODES);
	c360_idmap_free(&map);
	CHECK_INT(budget.used, 0);
}

static void
test_union_find(void)
{
	C360MemBudget budget;
	C360UnionFind uf;
	uint32_t	i;
	uint32_t	root;
	bool		all_ok = true;
	int			max_rank = 0;

	c360_budget_init(&budget, SIZE_MAX);
	c360_uf_init(&uf, &budget);
	CHECK(c360_uf_reserve(&uf, 0) == C360_GRAPH_OK);
	CHECK_INT(budget.used, 0);
	CHECK(c360_uf_reserve(&uf, 1000) == C360_GRAPH_OK);
	CHECK_INT(uf.capacity, 1024);
	CHECK_INT(budget.used, 1024 * 5);
	for (i = 0; i < 1000; i++)
		all_ok = all_ok && c360_uf_add(&uf) == i;
	CHECK(all_ok);
	for (i = 0; i < 1000; i++)
		all_ok = all_ok && c360_uf_find(&uf, i) == i;
	CHECK(all_ok);

	/* even numbers in one set, odd in another, by a chain of unions */
	for (i = 2; i < 1000; i++)
		c360_uf_union(&uf, i, i - 2);
	root = c360_uf_find(&uf, 0);
	for (i = 0; i < 1000; i += 2)
		all_ok = all_ok && c360_uf_find(&uf, i) == root;
	CHECK(all_ok);
	CHECK(c360_uf_find(&uf, 1) != root);
	CHECK(c360_uf_find(&uf, 999) == c360_uf_find(&uf, 1));
	/* after find, the path is compressed: the parent is the root */
	for (i = 0; i < 1000; i++)
		all_ok = all_ok && uf.parent[i] == c360_uf_find(&uf, i);
	CHECK(all_ok);
	/* union by rank keeps trees shallow: rank <= log2(1000) */
	for (i = 0; i < 1000; i++)
		if (uf.rank[i] > max_rank)
			max_rank = uf.rank[i];
	CHECK(max_rank <= 9);
	CHECK(c360_uf_union(&uf, 0, 1) == c360_uf_find(&uf, 999));
	CHECK(c360_uf_union(&uf, 5, 5) == c360_uf_find(&uf, 0));	/* already one */

	/* growth keeps what is there */
	CHECK(c360_uf_reserve(&uf, 1025) == C360_GRAPH_OK);
	CHECK_INT(uf.capacity, 2048);
	CHECK(c360_uf_find(&uf, 998) == c360_uf_find(&uf, 3));
	CHECK_INT(c360_uf_add(&uf), 1000);
	CHECK(c360_uf_find(&uf, 1000) == 1000);

	c360_uf_free(&uf);
	CHECK_INT(budget.used, 0);
}

static void
test_uf_budget(void)
{
	C360MemBudget budget;
	C360UnionFind uf;

	/* 64 parents (256 bytes) then 64 ranks: the peak is the sum, 320 */
	c360_budget_init(&budget, 319);
	c360_uf_init(&uf, &budget);
	CHECK(c360_uf_reserve(&uf, 1) == C360_GRAPH_OVER_BUDGET);
	CHECK_INT(budget.refused, 320);
	CHECK_INT(uf.capacity, 0);
	budget.limit = 320;
	CHECK(c360_uf_reserve(&uf, 1) == C360_GRAPH_OK);
	/* doubling to 128: new parents (512) beside everything (320) = 832 */
	budget.limit = 831;
	CHECK(c360_uf_reserve(&uf, 65) == C360_GRAPH_OVER_BUDGET);
	CHECK_INT(budget.refused, 832);
	budget.limit = 832;
	CHECK(c360_uf_reserve(&uf, 65) == C360_GRAPH_OK);
	CHECK_INT(budget.used, 640);
	CHECK_INT(budget.peak, 832);
	c360_uf_free(&uf);
}

/* Sorted by (key, value) and the same multiset as before (by two sums). */
static bool
sorted_pairs_ok(const int64_t *k, const int64_t *v, size_t n,
				uint64_t sum_before, uint64_t mix_before)
{
	uint64_t	sum = 0,
				mix = 0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		sum += (uint64_t) k[i] * 31 + (uint64_t) v[i];
		mix += ((uint64_t) k[i] * UINT64_C(0x9E3779B97F4A7C15)) ^ ((uint64_t) v[i] * 7 + 1);
		if (i > 0 && (k[i - 1] > k[i] || (k[i - 1] == k[i] && v[i - 1] > v[i])))
			return false;
	}
	return sum == sum_before && mix == mix_before;
}

static void
test_sort(void)
{
	size_t		sizes[] = {0, 1, 2, 3, 15, 16, 17, 100, 1000, 70000};
	int			shapes = 7;
	size_t		s;
	int			shape,
				depth;
	bool		all_ok = true;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (shape = 0; shape < shapes; shape++)
			for (depth = -1; depth <= 2; depth++)
			{
				size_t		n = sizes[s];
				int64_t    *k = c360_alloc(n * sizeof(int64_t));
				int64_t    *v = c360_alloc(n * sizeof(int64_t));
				uint64_t	sum = 0,
							mix = 0;
				size_t		i;

				for (i = 0; i < n; i++)
				{
					switch (shape)
					{
						case 0:	/* random, wide */
							k[i] = (int64_t) rng_next();
							v[i] = (int64_t) rng_next();
							break;
						case 1:	/* many equal keys */
							k[i] = rng_below(4);
							v[i] = (int64_t) rng_next() % 1000;
							break;
						case 2:	/* ascending */
							k[i] = (int64_t) i;
							v[i] = -(int64_t) i;
							break;
						case 3:	/* descending */
							k[i] = (int64_t) (n - i);
							v[i] = 0;
							break;
						case 4:	/* all equal */
							k[i] = 7;
							v[i] = 7;
							break;
						case 5:	/* organ pipe */
							k[i] = (int64_t) (i < n / 2 ? i : n - i);
							v[i] = (int64_t) i;
							break;
						default:	/* extremes */
							k[i] = (i % 3 == 0) ? INT64_MIN : (i % 3 == 1) ? INT64_MAX : 0;
							v[i] = (i % 2) ? INT64_MAX : INT64_MIN;
							break;
					}
					sum += (uint64_t) k[i] * 31 + (uint64_t) v[i];
					mix += ((uint64_t) k[i] * UINT64_C(0x9E3779B97F4A7C15)) ^ ((uint64_t) v[i] * 7 + 1);
				}
				ticks = 0;
				if (depth < 0)
					c360_sort_pairs(k, v, n, count_tick, NULL);
				else
					c360_sort_pairs_depth(k, v, n, depth, count_tick, NULL);
				if (!sorted_pairs_ok(k, v, n, sum, mix))
				{
					all_ok = false;
					fprintf(stderr, "sort failed: n=%zu shape=%d depth=%d\n", n, shape, depth);
				}
				if (n >= 70000 && ticks == 0)
				{
					all_ok = false;
					fprintf(stderr, "sort never ticked: n=%zu shape=%d depth=%d\n", n, shape, depth);
				}
				c360_free(k);
				c360_free(v);
			}
	CHECK(all_ok);
}

/* The two probations the tests run with: a window at once, and never. */
static const uint32_t probations[2] = {0, UINT32_MAX};

static void
test_components_fixed(void)
{
	C360MemBudget budget;
	C360Components c;
	int64_t    *nodes;
	int64_t    *comps;
	int			p;

	for (p = 0; p < 2; p++)
	{
		/* two components, a self-loop, a duplicate, a lone node */
		c360_budget_init(&budget, SIZE_MAX);
		c360_components_init(&c, &budget, NULL, NULL);
		c.probation = probations[p];
		CHECK(c360_components_add_edge(&c, 5, 3) == C360_GRAPH_OK);
		CHECK(c360_components_add_edge(&c, 3, 9) == C360_GRAPH_OK);
		CHECK(c360_components_add_edge(&c, 9, 5) == C360_GRAPH_OK);	/* cycle */
		CHECK(c360_components_add_edge(&c, 5, 3) == C360_GRAPH_OK);	/* duplicate */
		CHECK(c360_components_add_edge(&c, 20, 20) == C360_GRAPH_OK);	/* self-loop */
		CHECK(c360_components_add_edge(&c, -4, 100) == C360_GRAPH_OK);
		CHECK(c360_components_add_node(&c, 100) == C360_GRAPH_OK);	/* known */
		CHECK(c360_components_add_node(&c, 7) == C360_GRAPH_OK);	/* lone */
		CHECK(c.window == 0);	/* -4 and 100 are too far apart for 5 nodes */
		CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
		CHECK_INT(c.count, 7);
		CHECK_INT(c.components, 4);
		CHECK_INT(read_rows(&c, &nodes, &comps), 7);
		{
			int64_t		want_nodes[] = {-4, 100, 3, 5, 9, 7, 20};
			int64_t		want_comps[] = {-4, -4, 3, 3, 3, 7, 20};
			int			i;
			bool		ok = true;

			for (i = 0; i < 7; i++)
				ok = ok && nodes[i] == want_nodes[i] && comps[i] == want_comps[i];
			CHECK(ok);
		}
		free(nodes);
		free(comps);
		c360_components_free(&c);
		CHECK_INT(budget.used, 0);

		/* empty graph */
		c360_components_init(&c, &budget, NULL, NULL);
		c.probation = probations[p];
		CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
		CHECK_INT(c.count, 0);
		CHECK_INT(read_rows(&c, &nodes, &comps), 0);
		free(nodes);
		free(comps);
		c360_components_free(&c);
		CHECK_INT(budget.used, 0);

		/* one node */
		c360_components_init(&c, &budget, NULL, NULL);
		c.probation = probations[p];
		CHECK(c360_components_add_node(&c, -9) == C360_GRAPH_OK);
		CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
		CHECK_INT(read_rows(&c, &nodes, &comps), 1);
		CHECK(nodes[0] == -9 && comps[0] == -9);
		free(nodes);
		free(comps);
		c360_components_free(&c);

		/* the bigint limits, joined (a window leaves for the hash layout) */
		c360_components_init(&c, &budget, NULL, NULL);
		c.probation = probations[p];
		CHECK(c360_components_add_edge(&c, INT64_MAX, INT64_MIN) == C360_GRAPH_OK);
		CHECK(c360_components_add_edge(&c, INT64_MAX - 1, INT64_MAX) == C360_GRAPH_OK);
		CHECK(c.window == 0);
		CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
		CHECK_INT(read_rows(&c, &nodes, &comps), 3);
		CHECK(nodes[0] == INT64_MIN && nodes[1] == INT64_MAX - 1 && nodes[2] == INT64_MAX);
		CHECK(comps[0] == INT64_MIN && comps[1] == INT64_MIN && comps[2] == INT64_MIN);
		free(nodes);
		free(comps);
		c360_components_free(&c);

		/* free without finish */
		c360_components_init(&c, &budget, NULL, NULL);
		c.probation = probations[p];
		CHECK(c360_components_add_edge(&c, 1, 2) == C360_GRAPH_OK);
		c360_components_free(&c);
		CHECK_INT(budget.used, 0);
	}
}

static void
test_window_allowed(void)
{
	/* up to 8 slots per node, at least one slot, at most C360_WINDOW_MAX */
	CHECK(c360_window_allowed(8, 1));
	CHECK(!c360_window_allowed(9, 1));
	CHECK(!c360_window_allowed(1, 0));
	CHECK(!c360_window_allowed(0, 5));
	CHECK(c360_window_allowed((uint64_t) 8 << 20, 1 << 20));
	CHECK(!c360_window_allowed(((uint64_t) 8 << 20) + 1, 1 << 20));
	CHECK(c360_window_allowed(C360_WINDOW_MAX, C360_WINDOW_MAX));
	CHECK(!c360_window_allowed((uint64_t) C360_WINDOW_MAX + 1, C360_WINDOW_MAX));
	CHECK(!c360_window_allowed(UINT64_MAX, UINT32_MAX));
}

/* Runs a list of edges in both layouts; true when the rows are the same. */
static bool
layouts_agree(const int64_t *src, const int64_t *dst, size_t n, bool *used_window)
{
	C360MemBudget budget;
	C360Components c[2];
	int64_t    *nodes[2];
	int64_t    *comps[2];
	size_t		rows[2];
	bool		ok = true;
	size_t		i;
	int			p;

	for (p = 0; p < 2; p++)
	{
		c360_budget_init(&budget, SIZE_MAX);
		c360_components_init(&c[p], &budget, NULL, NULL);
		c[p].probation = p == 0 ? C360_WINDOW_PROBATION : UINT32_MAX;
		for (i = 0; i < n && ok; i++)
			ok = c360_components_add_edge(&c[p], src[i], dst[i]) == C360_GRAPH_OK;
		if (p == 0)
			*used_window = c[p].window > 0;
		ok = ok && c360_components_finish(&c[p]) == C360_GRAPH_OK;
		rows[p] = ok ? read_rows(&c[p], &nodes[p], &comps[p]) : 0;
		ok = ok && rows[p] == c[p].count;
		c360_components_free(&c[p]);
		ok = ok && budget.used == 0;
		if (rows[p] == 0 && ok)
		{
			nodes[p] = NULL;
			comps[p] = NULL;
		}
	}
	ok = ok && rows[0] == rows[1];
	for (i = 0; ok && i < rows[0]; i++)
		ok = nodes[0][i] == nodes[1][i] && comps[0][i] == comps[1][i];
	for (p = 0; p < 2; p++)
	{
		free(nodes[p]);
		free(comps[p]);
	}
	return ok;
}

static void
test_window_layout(void)
{
	C360MemBudget budget;
	C360Components c;
	int64_t    *src = malloc(200000 * sizeof(int64_t));
	int64_t    *dst = malloc(200000 * sizeof(int64_t));
	int64_t    *nodes;
	int64_t    *comps;
	bool		used_window = false;
	bool		ok;
	int64_t		i;
	size_t		n;
	C360GraphStatus st = C360_GRAPH_OK;

	/* random edges over a dense range, random order: a window, same rows */
	for (i = 0; i < 200000; i++)
	{
		src[i] = 1000 + rng_below(150000);
		dst[i] = 1000 + rng_below(150000);
	}
	CHECK(layouts_agree(src, dst, 200000, &used_window));
	CHECK(used_window);

	/* descending ids: the window grows downward */
	for (i = 0; i < 100000; i++)
	{
		src[i] = 100000 - i;
		dst[i] = 100000 - i - (i % 3 == 0 ? 0 : 1);
	}
	CHECK(layouts_agree(src, dst, 100000, &used_window));
	CHECK(used_window);

	/* next to INT64_MAX and INT64_MIN: the window never wraps */
	for (i = 0; i < 20000; i++)
	{
		src[i] = INT64_MAX - i;
		dst[i] = INT64_MAX - (i / 7) * 7;
		src[20000 + i] = INT64_MIN + i;
		dst[20000 + i] = INT64_MIN + (i / 5) * 5;
	}
	CHECK(layouts_agree(src, dst, 20000, &used_window));
	CHECK(used_window);
	CHECK(layouts_agree(src + 20000, dst + 20000, 20000, &used_window));
	CHECK(used_window);
	/* both ends of the bigint range: the window leaves for the hash layout */
	CHECK(layouts_agree(src, dst, 40000, &used_window));
	CHECK(!used_window);

	/* dense ids and a far outlier joined to them */
	for (i = 0; i < 10000; i++)
	{
		src[i] = i;
		dst[i] = i % 100;
	}
	src[10000] = INT64_C(1000000000000000);
	dst[10000] = 5;
	CHECK(layouts_agree(src, dst, 10001, &used_window));
	CHECK(!used_window);

	/*
	 * ids 5 apart: 5 to 10 slots per node in a power-of-two window, so the
	 * graph moves between the layouts as it grows; the rows are the same.
	 */
	for (i = 0; i < 50000; i++)
	{
		src[i] = i * 5;
		dst[i] = (i / 3) * 5;
	}
	CHECK(layouts_agree(src, dst, 50000, &used_window));

	/*
	 * A window grown upward, left for an outlier below it, then tried
	 * again: the new window must cover the ids the old one took above its
	 * first ids (1,000,000 to 1,040,000), not only the range seen before it.
	 */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = 0;
	for (i = 1000000; i < 1040000; i++)
		st = st == C360_GRAPH_OK ? c360_components_add_edge(&c, i, i + 1) : st;
	CHECK(st == C360_GRAPH_OK && c.window > 0);
	CHECK(c360_components_add_node(&c, 1) == C360_GRAPH_OK);
	CHECK(c.window == 0 && c.probation == 2 * 40001);
	/* 2^20 slots need 131,072 nodes: tried at 80,002 (no) and 160,004 */
	for (i = 2; i <= 120010 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_edge(&c, i, i - 1);
	CHECK(st == C360_GRAPH_OK);
	CHECK_INT(c.window, 1 << 20);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	n = read_rows(&c, &nodes, &comps);
	CHECK_INT(n, 120010 + 40001);
	CHECK(nodes[0] == 1 && comps[0] == 1 && nodes[120009] == 120010 && comps[120009] == 1);
	CHECK(nodes[120010] == 1000000 && comps[120010] == 1000000);
	CHECK(nodes[n - 1] == 1040000 && comps[n - 1] == 1000000);
	free(nodes);
	free(comps);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/* ids 3 apart: a window; 17 apart: the hash layout */
	for (i = 0; i < 20000; i++)
	{
		src[i] = i * 3;
		dst[i] = (i / 2) * 3;
	}
	CHECK(layouts_agree(src, dst, 20000, &used_window));
	CHECK(used_window);
	for (i = 0; i < 20000; i++)
	{
		src[i] = i * 17;
		dst[i] = (i / 2) * 17;
	}
	CHECK(layouts_agree(src, dst, 20000, &used_window));
	CHECK(!used_window);

	/*
	 * Random order over a range of 150,000 ids: too sparse at 4,096 nodes
	 * and at 8,192 and 16,384; the window comes at 32,768 (262,144 slots).
	 */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	ok = true;
	for (i = 0; i < 200000 && c.window == 0; i++)
	{
		st = c360_components_add_edge(&c, 1000 + rng_below(150000), 1000 + rng_below(150000));
		ok = ok && (c.window > 0 || c.probation > c.map.count);
	}
	CHECK(ok);
	CHECK(st == C360_GRAPH_OK);
	CHECK_INT(c.window, 262144);
	/* tried at 4,096 (or 4,097 if an edge brought two), then at doublings */
	CHECK(c.window_count >= 32768 && c.window_count <= 32776);
	/* the spare slots are split around the range seen, so ids keep fitting */
	for (; i < 200000 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_edge(&c, 1000 + rng_below(150000), 1000 + rng_below(150000));
	CHECK(st == C360_GRAPH_OK);
	CHECK_INT(c.window, 262144);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/* a window from the first node, many components, a known row */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = 0;
	for (i = 0; i < 30000; i++)
		st = st == C360_GRAPH_OK ? c360_components_add_edge(&c, 2 * i + 1, 2 * i + 2) : st;
	CHECK(st == C360_GRAPH_OK && c.window > 0);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK_INT(c.components, 30000);
	n = read_rows(&c, &nodes, &comps);
	CHECK_INT(n, 60000);
	CHECK(nodes[0] == 1 && comps[0] == 1 && nodes[1] == 2 && comps[1] == 1);
	CHECK(nodes[59999] == 60000 && comps[59999] == 59999);
	free(nodes);
	free(comps);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/*
	 * Budget: a refused window growth leaves the graph as it was, and the
	 * same call succeeds with room; the window's finish needs 4 bytes per
	 * node more than the input phase, for the ends and the order (8 bytes).
	 */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = 0;
	CHECK(c360_components_add_edge(&c, 1, 2) == C360_GRAPH_OK);
	CHECK_INT(c.window, 2);
	CHECK_INT(budget.used, 10);
	budget.limit = 10 + 19;		/* the doubled window (20 bytes) does not fit */
	CHECK(c360_components_add_edge(&c, 3, 4) == C360_GRAPH_OVER_BUDGET);
	/* nor does the hash layout: 64 ids at 21 bytes, which the refusal reports */
	CHECK_INT(budget.refused, 10 + 64 * 21);
	CHECK_INT(c.window, 2);
	CHECK_INT(c.window_count, 2);
	budget.limit = 30;
	CHECK(c360_components_add_edge(&c, 3, 4) == C360_GRAPH_OK);
	CHECK_INT(c.window, 4);
	CHECK_INT(budget.used, 20);
	/*
	 * finish: ends (2 components + 1, 12 bytes) beside the window, then the
	 * ranks (4) give way to the order (16); refused one byte short, and
	 * then it still works with room.
	 */
	budget.limit = 20 + 12 - 4 + 16 - 1;
	CHECK(c360_components_finish(&c) == C360_GRAPH_OVER_BUDGET);
	CHECK_INT(budget.refused, 20 + 12 - 4 + 16);
	CHECK_INT(c.window_count, 4);
	CHECK(!c.finished);
	budget.limit = 20 + 12 - 4 + 16;
	budget.peak = budget.used;	/* the hash layout held more, before the window */
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK(budget.peak <= budget.limit);
	n = read_rows(&c, &nodes, &comps);
	CHECK_INT(n, 4);
	CHECK(comps[0] == 1 && comps[1] == 1 && comps[2] == 3 && comps[3] == 3);
	free(nodes);
	free(comps);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/*
	 * A window whose doubling does not fit beside it, while the hash layout
	 * of its nodes does: the graph moves to the hash layout.  4,095 ids 4
	 * apart in a window of 16,384 (81,920 bytes); doubling needs 245,760,
	 * the hash layout 4,096 ids at 21 bytes beside the window: 167,936.
	 */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = 0;
	st = C360_GRAPH_OK;
	for (i = 0; i < 4095 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_node(&c, i * 4);
	CHECK(st == C360_GRAPH_OK);
	CHECK_INT(c.window, 16384);
	CHECK_INT(budget.used, 81920);
	CHECK(c360_window_allowed(32768, 4096));
	budget.limit = 167936;
	CHECK(c360_components_add_edge(&c, 16384, 0) == C360_GRAPH_OK);
	CHECK(c.window == 0 && c.map.count == 4096 && c360_components_node_count(&c) == 4096);
	budget.peak = 0;
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	n = read_rows(&c, &nodes, &comps);
	CHECK_INT(n, 4096);
	CHECK(nodes[0] == 0 && comps[0] == 0 && nodes[1] == 16384 && comps[1] == 0 && comps[2] == 4);
	free(nodes);
	free(comps);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/*
	 * A window that may not grow (too sparse) moves the graph to the hash
	 * layout, or is refused unchanged when that does not fit.
	 */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = 0;
	for (i = 0; i < 64; i++)
		CHECK(c360_components_add_node(&c, i) == C360_GRAPH_OK);
	CHECK_INT(c.window, 64);
	CHECK_INT(budget.used, 64 * 5);
	/* id 600 needs 1024 slots: sparse for 65 nodes (> 8 a node) */
	/* (the hash layout takes room for one more: 128 ids at 21 bytes) */
	budget.limit = 64 * 5 + 128 * 21 - 1;
	CHECK(!c360_window_allowed(1024, 65));
	CHECK(c360_components_add_edge(&c, 600, 0) == C360_GRAPH_OVER_BUDGET);
	CHECK_INT(budget.refused, 64 * 5 + 128 * 21);
	CHECK_INT(c.window, 64);
	CHECK_INT(c.window_count, 64);
	budget.limit = 64 * 5 + 128 * 21;
	CHECK(c360_components_add_edge(&c, 600, 0) == C360_GRAPH_OK);
	CHECK(c.window == 0 && c.map.count == 65 && c.probation == 128);
	budget.limit = SIZE_MAX;
	CHECK(c360_components_add_edge(&c, 5000000000, 0) == C360_GRAPH_OK);
	CHECK(c360_components_add_edge(&c, 63, 62) == C360_GRAPH_OK);
	CHECK(c.window == 0 && c.map.count == 66);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	n = read_rows(&c, &nodes, &comps);
	CHECK_INT(n, 66);
	ok = true;
	for (i = 0; i < (int64_t) n; i++)
		ok = ok && comps[i] == (nodes[i] == 0 || nodes[i] == 600 || nodes[i] == 5000000000 ? 0 :
								nodes[i] == 63 ? 62 : nodes[i]);
	CHECK(ok);
	free(nodes);
	free(comps);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	free(src);
	free(dst);
}

static void
test_components_budget(void)
{
	C360MemBudget budget;
	C360Components c;
	int64_t		i;
	int64_t    *nodes;
	int64_t    *comps;
	C360GraphStatus st = C360_GRAPH_OK;
	size_t		limit;

	/*
	 * The hash layout (the window has its own tests above).  One node
	 * needs the map (64 ids, 128 slots: 1024 bytes) and the union-find (64
	 * parents and ranks: 320 bytes).  One byte short of that the map grows
	 * but the union-find is refused; raising the budget, the same call then
	 * succeeds (a refusal leaves a consistent state).
	 */
	c360_budget_init(&budget, 1343);
	c360_components_init(&c, &budget, NULL, NULL);
	CHECK(c360_components_add_node(&c, 42) == C360_GRAPH_OVER_BUDGET);
	CHECK_INT(budget.refused, 1344);
	CHECK(budget.used <= budget.limit);
	budget.limit = 1344;
	CHECK(c360_components_add_node(&c, 42) == C360_GRAPH_OK);
	CHECK_INT(budget.used, 1344);
	c360_components_free(&c);

	/*
	 * Under a 64 kB budget (the smallest work_mem) a long chain stops with
	 * OVER_BUDGET at a growth, never holding more than the limit; the
	 * 21-45 bytes per node rule holds.
	 */
	limit = 64 * 1024;
	c360_budget_init(&budget, limit);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = UINT32_MAX;
	for (i = 0; i < 100000 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_edge(&c, i, i + 1);
	CHECK(st == C360_GRAPH_OVER_BUDGET);
	CHECK(budget.peak <= limit);
	CHECK(budget.refused > limit);
	CHECK_INT(c.map.count, 2048);	/* 21 * 2048 = 43008 fits, 45 * 2048 does not */
	/* refused at the map's doubling: 43008 held plus 4096 new ids */
	CHECK_INT(budget.refused, 43008 + 4096 * 8);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/*
	 * The same chain with the window (at once): 5 bytes per id, so 64 kB
	 * holds a window of 8,192 ids; its doubling (16,384 slots beside the
	 * 8,192: 122,880 bytes) does not fit, nor does the hash layout beside
	 * it (16,384 ids at 21 bytes), which is what the refusal reports.
	 */
	c360_budget_init(&budget, limit);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = 0;
	st = C360_GRAPH_OK;
	for (i = 0; i < 100000 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_edge(&c, i, i + 1);
	CHECK(st == C360_GRAPH_OVER_BUDGET);
	CHECK(budget.peak <= limit);
	CHECK_INT(c.window, 8192);
	CHECK_INT(c.window_count, 8192);
	CHECK_INT(budget.refused, 8192 * 5 + 16384 * 21);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/*
	 * The work_mem table in docs/reference/graph.md, hash layout: 4MB holds
	 * 131,072 ids and 32MB 1,048,576 (then the next doubling is refused);
	 * ids 3 apart take a window (5 bytes a slot, 15 a slot while doubling):
	 * 4MB holds a window of 2^19 slots, about 174,000 of these ids (less
	 * the spare slots left below the first id).
	 */
	{
		size_t		limits[] = {(size_t) 4 << 20, (size_t) 32 << 20};
		uint32_t	fits[] = {131072, 1048576};
		int			k;

		for (k = 0; k < 2; k++)
		{
			c360_budget_init(&budget, limits[k]);
			c360_components_init(&c, &budget, NULL, NULL);
			c.probation = UINT32_MAX;
			st = C360_GRAPH_OK;
			for (i = 0; st == C360_GRAPH_OK; i++)
				st = c360_components_add_node(&c, i * 3);
			CHECK(st == C360_GRAPH_OVER_BUDGET);
			CHECK_INT(c.map.count, fits[k]);
			CHECK(budget.peak <= limits[k]);
			c360_components_free(&c);
		}
		c360_budget_init(&budget, limits[0]);
		c360_components_init(&c, &budget, NULL, NULL);
		st = C360_GRAPH_OK;
		for (i = 0; st == C360_GRAPH_OK; i++)
			st = c360_components_add_node(&c, i * 3);
		CHECK(st == C360_GRAPH_OVER_BUDGET);
		CHECK(c.window > 0);
		CHECK_INT(c.window, 1 << 19);
		CHECK(c.window_count > 172000 && c.window_count <= 174763);
		CHECK(budget.peak <= limits[0]);
		c360_components_free(&c);
	}

	/* hash layout: finish needs no more than the input phase held */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.probation = UINT32_MAX;
	st = C360_GRAPH_OK;
	for (i = 0; i < 5000 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_edge(&c, i, i / 2);
	CHECK(st == C360_GRAPH_OK);
	limit = budget.used;
	budget.limit = limit;
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK(budget.used <= limit);
	CHECK_INT(c.count, 5000);
	CHECK_INT(read_rows(&c, &nodes, &comps), 5000);
	CHECK(comps[0] == 0 && comps[4999] == 0 && nodes[4999] == 4999);
	free(nodes);
	free(comps);
	c360_components_free(&c);

	/* too many nodes, with a lowered ceiling */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	c.map.max_capacity = 64;
	st = C360_GRAPH_OK;
	for (i = 0; i < 64 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_node(&c, i * 1000);
	CHECK(st == C360_GRAPH_OK);
	CHECK(c360_components_add_edge(&c, 0, 63000) == C360_GRAPH_OK);	/* known ids */
	CHECK(c360_components_add_edge(&c, 0, 1) == C360_GRAPH_TOO_MANY_NODES);
	CHECK(c360_components_add_node(&c, 5) == C360_GRAPH_TOO_MANY_NODES);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK_INT(c.count, 64);
	CHECK_INT(read_rows(&c, &nodes, &comps), 64);
	CHECK(comps[63] == nodes[63] && comps[1] == 0 && nodes[1] == 63000);
	free(nodes);
	free(comps);
	c360_components_free(&c);
}

static void
test_components_random(void)
{
	int			round;
	int			failures = 0;

	for (round = 0; round < 400; round++)
	{
		size_t		nedges = rng_below(300);
		uint32_t	nodes_pool = 1 + rng_below(round % 2 ? 40 : 400);
		int64_t    *pool = malloc(nodes_pool * sizeof(int64_t));
		int64_t    *edges = malloc((2 * nedges + 1) * sizeof(int64_t));
		uint8_t    *present = malloc(nedges + 1);
		int			kinds = round % 3 == 0 ? 4 : 2;	/* some rounds: small ids only */
		size_t		i;
		int			p;

		/* a pool of ids: small, negative, huge, the limits */
		for (i = 0; i < nodes_pool; i++)
		{
			switch (rng_below(kinds))
			{
				case 0:
					pool[i] = (int64_t) rng_below(1000);
					break;
				case 1:
					pool[i] = -(int64_t) rng_below(1000);
					break;
				case 2:
					pool[i] = (int64_t) rng_next();
					break;
				default:
					pool[i] = rng_below(2) ? INT64_MAX - rng_below(3) : INT64_MIN + rng_below(3);
					break;
			}
		}
		for (i = 0; i < nedges; i++)
		{
			edges[2 * i] = pool[rng_below(nodes_pool)];
			edges[2 * i + 1] = pool[rng_below(nodes_pool)];
			present[i] = rng_below(10) == 0 ? (uint8_t) rng_below(3) : 3;
		}
		for (p = 0; p < 3; p++)
		{
			uint32_t	probation = p == 0 ? 0 : p == 1 ? 50 : UINT32_MAX;

			if (!agrees_with_naive(edges, present, nedges, probation))
			{
				failures++;
				fprintf(stderr, "random graph %d (%zu edges, probation %u) disagrees with the naive labelling\n",
						round, nedges, probation);
			}
		}
		free(pool);
		free(edges);
		free(present);
	}
	CHECK_INT(failures, 0);
}

static void
test_components_large(void)
{
	C360MemBudget budget;
	C360Components c;
	int64_t		i;
	int64_t    *nodes;
	int64_t    *comps;
	size_t		n;
	bool		ok = true;
	C360GraphStatus st = C360_GRAPH_OK;

	/*
	 * Blocks of 10 consecutive ids chained in shuffled order of blocks: the
	 * component of n is the first id of its block.  300,000 nodes, in a
	 * window.
	 */
	c360_budget_init(&budget, SIZE_MAX);
	ticks = 0;
	c360_components_init(&c, &budget, count_tick, NULL);
	for (i = 0; i < 300000 && st == C360_GRAPH_OK; i++)
	{
		int64_t		block = (int64_t) ((uint64_t) (i / 9) * UINT64_C(48271) % 33333);
		int64_t		first = block * 10 + 1;
		int64_t		k = i % 9;

		st = c360_components_add_edge(&c, first + 9 - k, first + 8 - k);
	}
	CHECK(st == C360_GRAPH_OK);
	CHECK(c.window > 0);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK(ticks > 0);
	n = read_rows(&c, &nodes, &comps);
	for (i = 0; i < (int64_t) n; i++)
		ok = ok && comps[i] == (nodes[i] - 1) / 10 * 10 + 1 &&
			(i == 0 || nodes[i] > nodes[i - 1]);
	CHECK(ok);
	CHECK_INT(c.count, 333330);
	CHECK_INT(n, 333330);
	CHECK_INT(c.components, 33333);
	free(nodes);
	free(comps);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);
}

int
main(void)
{
	test_budget();
	test_idmap();
	test_idmap_limits();
	test_union_find();
	test_uf_budget();
	test_sort();
	test_components_fixed();
	test_window_allowed();
	test_window_layout();
	test_components_budget();
	test_components_random();
	test_components_large();
	return UNIT_DONE();
}
