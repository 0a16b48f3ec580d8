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

/* Runs both on one edge list; returns whether they agree exactly. */
static bool
agrees_with_naive(const int64_t *edges, const uint8_t *present, size_t nedges)
{
	C360MemBudget budget;
	C360Components c;
	Naive		g;
	bool		ok = true;
	size_t		i;

	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
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
	ok = ok && c.count == g.count;
	for (i = 0; ok && i < g.count; i++)
		ok = c.nodes[i] == g.nodes[i] && c.components[i] == g.labels[i];
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

static void
test_components_fixed(void)
{
	C360MemBudget budget;
	C360Components c;

	/* two components, a self-loop, a duplicate, a lone node */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	CHECK(c360_components_add_edge(&c, 5, 3) == C360_GRAPH_OK);
	CHECK(c360_components_add_edge(&c, 3, 9) == C360_GRAPH_OK);
	CHECK(c360_components_add_edge(&c, 9, 5) == C360_GRAPH_OK);	/* cycle */
	CHECK(c360_components_add_edge(&c, 5, 3) == C360_GRAPH_OK);	/* duplicate */
	CHECK(c360_components_add_edge(&c, 20, 20) == C360_GRAPH_OK);	/* self-loop */
	CHECK(c360_components_add_edge(&c, -4, 100) == C360_GRAPH_OK);
	CHECK(c360_components_add_node(&c, 100) == C360_GRAPH_OK);	/* known */
	CHECK(c360_components_add_node(&c, 7) == C360_GRAPH_OK);	/* lone */
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK_INT(c.count, 7);
	{
		int64_t		nodes[] = {-4, 100, 3, 5, 9, 7, 20};
		int64_t		comps[] = {-4, -4, 3, 3, 3, 7, 20};
		int			i;
		bool		ok = true;

		for (i = 0; i < 7; i++)
			ok = ok && c.nodes[i] == nodes[i] && c.components[i] == comps[i];
		CHECK(ok);
	}
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/* empty graph */
	c360_components_init(&c, &budget, NULL, NULL);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK_INT(c.count, 0);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);

	/* the bigint limits, joined */
	c360_components_init(&c, &budget, NULL, NULL);
	CHECK(c360_components_add_edge(&c, INT64_MAX, INT64_MIN) == C360_GRAPH_OK);
	CHECK(c360_components_add_edge(&c, INT64_MAX - 1, INT64_MAX) == C360_GRAPH_OK);
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK_INT(c.count, 3);
	CHECK(c.nodes[0] == INT64_MIN && c.nodes[1] == INT64_MAX - 1 && c.nodes[2] == INT64_MAX);
	CHECK(c.components[0] == INT64_MIN && c.components[2] == INT64_MIN);
	c360_components_free(&c);

	/* free without finish */
	c360_components_init(&c, &budget, NULL, NULL);
	CHECK(c360_components_add_edge(&c, 1, 2) == C360_GRAPH_OK);
	c360_components_free(&c);
	CHECK_INT(budget.used, 0);
}

static void
test_components_budget(void)
{
	C360MemBudget budget;
	C360Components c;
	int64_t		i;
	C360GraphStatus st = C360_GRAPH_OK;
	size_t		limit;

	/*
	 * One node needs the map (64 ids, 128 slots: 1024 bytes) and the
	 * union-find (64 parents and ranks: 320 bytes).  One byte short of that
	 * the map grows but the union-find is refused; raising the budget, the
	 * same call then succeeds (a refusal leaves a consistent state).
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
	 * The work_mem table in docs/reference/graph.md: 4MB holds 131,072 ids
	 * and 32MB 1,048,576 (then the next doubling is refused).
	 */
	{
		size_t		limits[] = {(size_t) 4 << 20, (size_t) 32 << 20};
		uint32_t	fits[] = {131072, 1048576};
		int			k;

		for (k = 0; k < 2; k++)
		{
			c360_budget_init(&budget, limits[k]);
			c360_components_init(&c, &budget, NULL, NULL);
			st = C360_GRAPH_OK;
			for (i = 0; st == C360_GRAPH_OK; i++)
				st = c360_components_add_node(&c, i * 3);
			CHECK(st == C360_GRAPH_OVER_BUDGET);
			CHECK_INT(c.map.count, fits[k]);
			CHECK(budget.peak <= limits[k]);
			c360_components_free(&c);
		}
	}

	/* finish needs no more than the input phase held */
	c360_budget_init(&budget, SIZE_MAX);
	c360_components_init(&c, &budget, NULL, NULL);
	st = C360_GRAPH_OK;
	for (i = 0; i < 5000 && st == C360_GRAPH_OK; i++)
		st = c360_components_add_edge(&c, i, i / 2);
	CHECK(st == C360_GRAPH_OK);
	limit = budget.used;
	budget.limit = limit;
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK(budget.used <= limit);
	CHECK_INT(c.count, 5000);
	CHECK(c.components[0] == 0 && c.components[4999] == 0 && c.nodes[4999] == 4999);
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
	CHECK(c.components[63] == c.nodes[63] || c.components[63] == 0);
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
		size_t		i;

		/* a pool of ids: small, negative, huge, the limits */
		for (i = 0; i < nodes_pool; i++)
		{
			switch (rng_below(4))
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
		if (!agrees_with_naive(edges, present, nedges))
		{
			failures++;
			fprintf(stderr, "random graph %d (%zu edges) disagrees with the naive labelling\n",
					round, nedges);
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
	bool		ok = true;
	C360GraphStatus st = C360_GRAPH_OK;

	/*
	 * Blocks of 10 consecutive ids chained in shuffled order of blocks: the
	 * component of n is the first id of its block.  300,000 nodes.
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
	CHECK(c360_components_finish(&c) == C360_GRAPH_OK);
	CHECK(ticks > 0);
	for (i = 0; i < (int64_t) c.count; i++)
		ok = ok && c.components[i] == (c.nodes[i] - 1) / 10 * 10 + 1 &&
			(i == 0 || c.nodes[i] > c.nodes[i - 1]);
	CHECK(ok);
	CHECK_INT(c.count, 333330);
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
	test_components_budget();
	test_components_random();
	test_components_large();
	return UNIT_DONE();
}
