/*
 * probe.c: searches over a graph loaded a piece at a time by a fetch
 * callback.  See probe.h for the contract and docs/design/graph.md.
 */
#include <stdint.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "probe.h"

/* First capacity of the growing arrays. */
#define INITIAL_ENTRIES 64

/* Bit of C360ProbeNode.back marking a node known to lie on a shortest path. */
#define ON_PATH UINT32_C(0x80000000)

/* The most entries of the edge list (two int64 sort keys per edge). */
#define MAX_ENTRIES ((uint32_t) (C360_ALLOC_MAX / 16))

static void
tick_every(C360ProbeGraph *g, uint64_t *steps, uint64_t add)
{
	*steps += add;
	if (g->tick != NULL && *steps >= C360_GRAPH_TICK_EVERY)
	{
		*steps = 0;
		g->tick(g->tick_arg);
	}
}

static C360CsrStatus
from_graph_status(C360GraphStatus status)
{
	switch (status)
	{
		case C360_GRAPH_OK:
			return C360_CSR_OK;
		case C360_GRAPH_OVER_BUDGET:
			return C360_CSR_OVER_BUDGET;
		case C360_GRAPH_TOO_MANY_NODES:
			return C360_CSR_TOO_MANY_NODES;
	}
	return C360_CSR_BAD_ARGUMENT;
}

static inline uint16_t
inverse_of(const C360ProbeGraph *g, uint16_t kind)
{
	return (g->inverse_kind != NULL && kind < g->n_inverse) ? g->inverse_kind[kind] : kind;
}

/*
 * Makes *array (entries of size bytes, *capacity of them) hold at least
 * need entries, doubling, keeping its first keep entries.
 */
static C360CsrStatus
grow(C360ProbeGraph *g, void **array, uint32_t *capacity, size_t size,
	 uint32_t keep, uint64_t need)
{
	uint64_t	wanted = *capacity == 0 ? INITIAL_ENTRIES : *capacity;
	uint64_t	most = C360_ALLOC_MAX / size;	/* one allocation at most */
	size_t		new_bytes;
	void	   *fresh;

	if (need <= *capacity)
		return C360_CSR_OK;
	if (need > most || need > UINT32_MAX)
		return C360_CSR_TOO_MANY_EDGES;
	while (wanted < need)
		wanted *= 2;
	if (wanted > most)
		wanted = most;
	new_bytes = (size_t) wanted * size;
	if (!c360_budget_allows(g->budget, g->budget->used + new_bytes))
		return C360_CSR_OVER_BUDGET;
	fresh = c360_budget_alloc(g->budget, new_bytes);
	if (keep > 0)
		memcpy(fresh, *array, (size_t) keep * size);
	c360_budget_free(g->budget, *array, (size_t) *capacity * size);
	*array = fresh;
	*capacity = (uint32_t) wanted;
	return C360_CSR_OK;
}

#define GROW(g, field, keep, need) \
	grow((g), (void **) &(g)->field, &(g)->field##_capacity, sizeof(*(g)->field), (keep), (need))

void
c360_probe_init(C360ProbeGraph *g, C360ProbeFetch fetch, void *fetch_arg,
				const uint16_t *inverse_kind, uint32_t n_inverse,
				C360MemBudget *budget, C360GraphTick tick, void *tick_arg)
{
	memset(g, 0, sizeof(*g));
	c360_idmap_init(&g->map, budget, tick, tick_arg);
	g->fetch = fetch;
	g->fetch_arg = fetch_arg;
	g->inverse_kind = inverse_kind;
	g->n_inverse = n_inverse;
	g->budget = budget;
	g->tick = tick;
	g->tick_arg = tick_arg;
}

/* ---------------------------------------------------------------- nodes */

C360CsrStatus
c360_probe_node(C360ProbeGraph *g, int64_t id, uint32_t *node)
{
	C360CsrStatus status;
	bool		added;

	status = from_graph_status(c360_idmap_intern(&g->map, id, node, &added));
	if (status != C360_CSR_OK || !added)
		return status;
	/* The states follow the map's capacity. */
	if (g->map.capacity > g->node_capacity)
	{
		uint32_t	capacity = g->node_capacity;

		status = grow(g, (void **) &g->nodes, &capacity, sizeof(C360ProbeNode),
					  g->node_capacity, g->map.capacity);
		if (status == C360_CSR_TOO_MANY_EDGES)
			return C360_CSR_TOO_MANY_NODES;
		if (status != C360_CSR_OK)
			return status;
		g->node_capacity = capacity;
	}
	memset(&g->nodes[*node], 0, sizeof(C360ProbeNode));
	g->nodes[*node].parent = C360_NO_NODE;
	return C360_CSR_OK;
}

uint32_t
c360_probe_lookup(const C360ProbeGraph *g, int64_t id)
{
	int64_t		i = c360_idmap_lookup(&g->map, id);

	return i < 0 ? C360_NO_NODE : (uint32_t) i;
}

/* ---------------------------------------------------------------- loading */

C360CsrStatus
c360_probe_add_arc(C360ProbeGraph *g, int64_t source, int64_t target, uint16_t kind)
{
	C360CsrStatus status;
	int64_t		s;
	uint32_t	t;

	if (!g->in_fetch)
		return C360_CSR_BAD_ARGUMENT;
	s = c360_idmap_lookup(&g->map, source);
	if (s < 0 || g->nodes[s].batch != g->batch || g->nodes[s].fetched || source == target)
	{
		g->ignored_arcs++;
		return C360_CSR_OK;
	}
	/* Room first, so a refusal adds no node. */
	status = GROW(g, staged, g->staged_count, (uint64_t) g->staged_count + 1);
	if (status != C360_CSR_OK)
		return status;
	status = c360_probe_node(g, target, &t);
	if (status != C360_CSR_OK)
		return status;
	g->staged[g->staged_count].source = (uint32_t) s;
	g->staged[g->staged_count].target = t;
	g->staged[g->staged_count].kind = kind;
	g->staged_count++;
	return C360_CSR_OK;
}

C360CsrStatus
c360_probe_fetch(C360ProbeGraph *g, const uint32_t *nodes, uint32_t n)
{
	C360CsrStatus status;
	uint32_t	batch;
	uint32_t	m = 0;
	uint32_t	i;
	uint32_t	cursor;
	uint64_t	steps = 0;

	/* A new batch number; on wrap-around forget the old marks. */
	batch = ++g->batch;
	if (batch == 0)
	{
		for (i = 0; i < g->map.count; i++)
			g->nodes[i].batch = 0;
		batch = g->batch = 1;
	}

	/* The nodes not loaded yet, each once, as (id, node) sorted by id. */
	for (i = 0; i < n; i++)
	{
		uint32_t	v = nodes[i];

		if (v >= g->map.count)
			return C360_CSR_BAD_ARGUMENT;
		if (g->nodes[v].fetched || g->nodes[v].batch == batch)
			continue;
		status = GROW(g, fetch_ids, m, (uint64_t) m + 1);
		if (status == C360_CSR_OK)
			status = GROW(g, fetch_nodes, m, (uint64_t) m + 1);
		if (status != C360_CSR_OK)
			return status;
		g->nodes[v].batch = batch;
		g->fetch_ids[m] = g->map.ids[v];
		g->fetch_nodes[m] = v;
		m++;
		tick_every(g, &steps, 1);
	}
	if (m == 0)
		return C360_CSR_OK;
	c360_sort_pairs(g->fetch_ids, g->fetch_nodes, m, g->tick, g->tick_arg);

	g->staged_count = 0;
	g->in_fetch = true;
	g->fetch_calls++;
	g->fetched_nodes += m;
	status = g->fetch(g->fetch_arg, g, g->fetch_ids, m);
	g->in_fetch = false;
	if (status != C360_CSR_OK)
		return status;

	/* Append the staged arcs grouped by source: a counting sort. */
	status = GROW(g, arcs, g->arc_count, (uint64_t) g->arc_count + g->staged_count);
	if (status != C360_CSR_OK)
		return status;
	for (i = 0; i < m; i++)
		g->nodes[g->fetch_nodes[i]].arc_count = 0;
	for (i = 0; i < g->staged_count; i++)
		g->nodes[g->staged[i].source].arc_count++;
	cursor = g->arc_count;
	for (i = 0; i < m; i++)
	{
		C360ProbeNode *v = &g->nodes[g->fetch_nodes[i]];

		v->arc_start = cursor;
		cursor += v->arc_count;
		v->arc_count = 0;		/* counts again while placing */
	}
	for (i = 0; i < g->staged_count; i++)
	{
		C360ProbeNode *v = &g->nodes[g->staged[i].source];
		C360ProbeArc *arc = &g->arcs[v->arc_start + v->arc_count++];

		arc->target = g->staged[i].target;
		arc->kind = g->staged[i].kind;
		tick_every(g, &steps, 1);
	}
	for (i = 0; i < m; i++)
		g->nodes[g->fetch_nodes[i]].fetched = true;
	g->arc_count = cursor;
	g->staged_count = 0;
	return C360_CSR_OK;
}

/* ---------------------------------------------------------------- BFS */

/* A new search number; on wrap-around forget the old marks. */
static uint32_t
new_run(C360ProbeGraph *g)
{
	uint32_t	run = ++g->run;
	uint32_t	i;

	if (run == 0)
	{
		for (i = 0; i < g->map.count; i++)
		{
			g->nodes[i].fwd_run = 0;
			g->nodes[i].back_run = 0;
		}
		run = g->run = 1;
	}
	return run;
}

/* Puts g->order[from .. to) in ascending id order and sets positions. */
static C360CsrStatus
sort_level(C360ProbeGraph *g, uint32_t from, uint32_t to)
{
	C360CsrStatus status;
	uint32_t	len = to - from;
	uint32_t	i;

	if (len > 1)
	{
		status = GROW(g, sort_ids, 0, len);
		if (status == C360_CSR_OK)
			status = GROW(g, sort_nodes, 0, len);
		if (status != C360_CSR_OK)
			return status;
		for (i = 0; i < len; i++)
		{
			g->sort_nodes[i] = g->order[from + i];
			g->sort_ids[i] = g->map.ids[g->order[from + i]];
		}
		c360_sort_pairs(g->sort_ids, g->sort_nodes, len, g->tick, g->tick_arg);
		for (i = 0; i < len; i++)
			g->order[from + i] = (uint32_t) g->sort_nodes[i];
	}
	for (i = from; i < to; i++)
		g->nodes[g->order[i]].position = i;
	return C360_CSR_OK;
}

/*
 * The search behind c360_probe_bfs, stopping after the level where target
 * (C360_NO_NODE: none) is found.  Levels are expanded in ascending id
 * order, so the first node to reach v is its smallest-id predecessor one
 * hop closer; a later arc from that same node only lowers the kind.
 */
static C360CsrStatus
search(C360ProbeGraph *g, uint32_t start, int32_t max_hops, const C360KindSet *allowed,
	   bool fetch_last, uint32_t target)
{
	C360CsrStatus status;
	uint32_t	run;
	uint32_t	level_start = 0;
	uint32_t	level_end = 1;
	uint32_t	depth = 0;
	uint32_t	count = 1;
	uint64_t	steps = 0;
	bool		found = false;

	g->count = 0;
	if (max_hops < 0 || start >= g->map.count)
		return C360_CSR_BAD_ARGUMENT;
	status = GROW(g, order, 0, 1);
	if (status != C360_CSR_OK)
		return status;
	run = new_run(g);
	g->nodes[start].fwd_run = run;
	g->nodes[start].hops = 0;
	g->nodes[start].parent = C360_NO_NODE;
	g->nodes[start].kind = 0;
	g->nodes[start].position = 0;
	g->order[0] = start;
	g->count = 1;
	if (start == target)
		return C360_CSR_OK;

	while (level_start < level_end)
	{
		uint32_t	p;

		if (depth >= (uint32_t) max_hops)
		{
			if (fetch_last)
				status = c360_probe_fetch(g, g->order + level_start, level_end - level_start);
			if (status != C360_CSR_OK)
				return status;
			break;
		}
		status = c360_probe_fetch(g, g->order + level_start, level_end - level_start);
		if (status == C360_CSR_OK)
			status = GROW(g, order, count, g->map.count);	/* every node fits */
		if (status != C360_CSR_OK)
			return status;

		for (p = level_start; p < level_end; p++)
		{
			uint32_t	u = g->order[p];
			uint32_t	first,
						n,
						a;

			c360_probe_arcs(g, u, &first, &n);
			for (a = first; a < first + n; a++)
			{
				uint32_t	v = g->arcs[a].target;
				uint16_t	k = g->arcs[a].kind;
				C360ProbeNode *nv = &g->nodes[v];

				if (!c360_kindset_has(allowed, k))
					continue;
				if (nv->fwd_run != run)
				{
					nv->fwd_run = run;
					nv->hops = depth + 1;
					nv->parent = u;
					nv->kind = k;
					g->order[count++] = v;
					if (v == target)
						found = true;
				}
				else if (nv->parent == u && nv->hops == depth + 1 && k < nv->kind)
					nv->kind = k;
			}
			tick_every(g, &steps, n + 1);
		}
		g->count = count;
		status = sort_level(g, level_end, count);
		if (status != C360_CSR_OK)
			return status;
		level_start = level_end;
		level_end = count;
		depth++;
		if (found)
			break;
	}
	if (target != C360_NO_NODE && !found)
		return C360_CSR_NO_PATH;
	return C360_CSR_OK;
}

C360CsrStatus
c360_probe_bfs(C360ProbeGraph *g, uint32_t start, int32_t max_hops,
			   const C360KindSet *allowed, bool fetch_last)
{
	return search(g, start, max_hops, allowed, fetch_last, C360_NO_NODE);
}

uint32_t
c360_probe_bfs_path(const C360ProbeGraph *g, uint32_t node, uint32_t *nodes, uint16_t *kinds)
{
	uint32_t	len = g->nodes[node].hops + 1;
	uint32_t	i = len;
	uint32_t	v = node;

	C360_ASSERT(c360_probe_reached(g, node));
	while (i > 0)
	{
		i--;
		nodes[i] = v;
		if (i > 0 && kinds != NULL)
			kinds[i - 1] = g->nodes[v].kind;
		v = g->nodes[v].parent;
	}
	C360_ASSERT(v == C360_NO_NODE);
	return len;
}

/* ------------------------------------------------------------ shortest path */

static C360CsrStatus
reserve_path(C360ProbeGraph *g, uint32_t len)
{
	C360CsrStatus status = GROW(g, path_nodes, 0, len);

	if (status == C360_CSR_OK)
		status = GROW(g, path_kinds, 0, len);
	return status;
}

/*
 * The two-ended search (see traverse.c's bidirectional(), which this
 * follows on a graph loaded level by level): whole levels grow from the
 * side with the smaller frontier; backward, x's own arcs x -> w stand for
 * their mirrors w -> x (of the inverse kind).  Once the sides meet at
 * forward depth F and backward depth B the distance is d = F + B, and the
 * path is rebuilt with the one-sided rule: from b back to a, each node's
 * predecessor is its smallest-id neighbour one hop closer to a, known from
 * the forward labels up to F and beyond F from the sets S_j of nodes at
 * distance j on a shortest path (S_(j+1): the neighbours of S_j that are
 * d - j - 1 backward hops from b).  *inconsistent is set when the data
 * breaks the mirror rule in a way the rebuild notices.
 *
 * Why a second copy rather than traverse.c's with hooks: that one runs on
 * a CSR that holds every arc and its reverse (built so), numbered in id
 * order with arcs sorted by target; it can look up the arc w -> x when
 * stepping backward, take the first closer neighbour as the smallest id,
 * and assert that the walk back succeeds.  Here arcs come from a fetch
 * that can fail at every level and every walk-back step, w's arcs are not
 * loaded when x is expanded (so the step relies on the caller's inverse
 * kinds, and data breaking that is detected and answered one-sided), and
 * nodes are numbered as first seen (so ids are compared over all arcs).
 * Those differences sit in the inner loops; one body serving both would
 * need hooks there.  traverse.c's bidirectional() says the same.
 */
static C360CsrStatus
two_ended(C360ProbeGraph *g, uint32_t a, uint32_t b, int32_t max_hops,
		  const C360KindSet *allowed, bool *inconsistent)
{
	C360CsrStatus status;
	uint32_t	run;
	uint32_t	f_start = 0,
				f_end = 1,
				f_count = 1,
				f_depth = 0;
	uint32_t	b_start = 0,
				b_end = 1,
				b_count = 1,
				b_depth = 0;
	uint32_t	d;
	uint32_t	s_start,
				s_end,
				s_count;
	uint32_t	j;
	uint32_t	k;
	uint32_t	v;
	uint64_t	steps = 0;
	bool		met = false;

	*inconsistent = false;
	g->count = 0;				/* order is a queue here, not a result */
	status = GROW(g, order, 0, 1);
	if (status == C360_CSR_OK)
		status = GROW(g, queue, 0, 1);
	if (status != C360_CSR_OK)
		return status;
	run = new_run(g);
	g->nodes[a].fwd_run = run;
	g->nodes[a].hops = 0;
	g->order[0] = a;
	g->nodes[b].back_run = run;
	g->nodes[b].back = 0;
	g->queue[0] = b;

	while (!met)
	{
		uint32_t	p;

		if (f_start == f_end || b_start == b_end || f_depth + b_depth >= (uint32_t) max_hops)
			return C360_CSR_NO_PATH;
		if (f_end - f_start <= b_end - b_start)
		{
			status = c360_probe_fetch(g, g->order + f_start, f_end - f_start);
			if (status == C360_CSR_OK)
				status = GROW(g, order, f_count, g->map.count);
			if (status != C360_CSR_OK)
				return status;
			for (p = f_start; p < f_end; p++)
			{
				uint32_t	first,
							n,
							x;

				c360_probe_arcs(g, g->order[p], &first, &n);
				for (x = first; x < first + n; x++)
				{
					C360ProbeNode *w = &g->nodes[g->arcs[x].target];

					if (w->fwd_run == run || !c360_kindset_has(allowed, g->arcs[x].kind))
						continue;
					w->fwd_run = run;
					w->hops = f_depth + 1;
					g->order[f_count++] = g->arcs[x].target;
					if (w->back_run == run)
						met = true;
				}
				tick_every(g, &steps, n + 1);
			}
			f_start = f_end;
			f_end = f_count;
			f_depth++;
		}
		else
		{
			status = c360_probe_fetch(g, g->queue + b_start, b_end - b_start);
			if (status == C360_CSR_OK)
				status = GROW(g, queue, b_count, g->map.count);
			if (status != C360_CSR_OK)
				return status;
			for (p = b_start; p < b_end; p++)
			{
				uint32_t	first,
							n,
							x;

				c360_probe_arcs(g, g->queue[p], &first, &n);
				for (x = first; x < first + n; x++)
				{
					C360ProbeNode *w = &g->nodes[g->arcs[x].target];

					if (w->back_run == run ||
						!c360_kindset_has(allowed, inverse_of(g, g->arcs[x].kind)))
						continue;
					w->back_run = run;
					w->back = b_depth + 1;
					g->queue[b_count++] = g->arcs[x].target;
					if (w->fwd_run == run)
						met = true;
				}
				tick_every(g, &steps, n + 1);
			}
			b_start = b_end;
			b_end = b_count;
			b_depth++;
		}
	}
	d = f_depth + b_depth;

	/* S_F: the last forward level's nodes that are B backward hops from b. */
	status = GROW(g, sets, 0, g->map.count);
	if (status != C360_CSR_OK)
		return status;
	s_count = 0;
	for (j = f_start; j < f_end; j++)
	{
		C360ProbeNode *w = &g->nodes[g->order[j]];

		if (w->back_run == run && w->back == b_depth)
		{
			w->back |= ON_PATH;
			g->sets[s_count++] = g->order[j];
		}
	}
	s_start = 0;
	s_end = s_count;
	for (j = f_depth; j < d; j++)
	{
		uint32_t	p;

		if (s_start == s_end)
		{
			*inconsistent = true;
			return C360_CSR_NO_PATH;
		}
		status = c360_probe_fetch(g, g->sets + s_start, s_end - s_start);
		if (status == C360_CSR_OK)
			status = GROW(g, sets, s_count, g->map.count);
		if (status != C360_CSR_OK)
			return status;
		for (p = s_start; p < s_end; p++)
		{
			uint32_t	first,
						n,
						x;

			c360_probe_arcs(g, g->sets[p], &first, &n);
			for (x = first; x < first + n; x++)
			{
				C360ProbeNode *w = &g->nodes[g->arcs[x].target];

				if (w->back_run != run || w->back != d - j - 1 ||
					!c360_kindset_has(allowed, g->arcs[x].kind))
					continue;
				w->back |= ON_PATH;
				g->sets[s_count++] = g->arcs[x].target;
			}
			tick_every(g, &steps, n + 1);
		}
		s_start = s_end;
		s_end = s_count;
	}
	if (!(g->nodes[b].back & ON_PATH))
	{
		*inconsistent = true;
		return C360_CSR_NO_PATH;
	}

	/* Walk back from b. */
	status = reserve_path(g, d + 1);
	if (status != C360_CSR_OK)
		return status;
	v = b;
	g->path_nodes[d] = b;
	for (k = d; k > 0; k--)
	{
		uint32_t	first,
					n,
					x;
		uint32_t	chosen = C360_NO_NODE;
		uint16_t	chosen_kind = 0;

		status = c360_probe_fetch(g, &v, 1);
		if (status != C360_CSR_OK)
			return status;
		c360_probe_arcs(g, v, &first, &n);
		for (x = first; x < first + n; x++)
		{
			uint32_t	w = g->arcs[x].target;
			const C360ProbeNode *nw = &g->nodes[w];
			uint16_t	kind = inverse_of(g, g->arcs[x].kind);
			bool		closer;

			if (!c360_kindset_has(allowed, kind))
				continue;
			if (k - 1 <= f_depth)
				closer = nw->fwd_run == run && nw->hops == k - 1;
			else
				closer = nw->back_run == run && nw->back == ((d - (k - 1)) | ON_PATH);
			if (!closer)
				continue;
			if (chosen == C360_NO_NODE || g->map.ids[w] < g->map.ids[chosen])
			{
				chosen = w;
				chosen_kind = kind;
			}
			else if (w == chosen && kind < chosen_kind)
				chosen_kind = kind;
		}
		tick_every(g, &steps, n + 1);
		if (chosen == C360_NO_NODE)
		{
			*inconsistent = true;
			return C360_CSR_NO_PATH;
		}
		g->path_nodes[k - 1] = chosen;
		g->path_kinds[k - 1] = chosen_kind;
		v = chosen;
	}
	if (v != a)
	{
		*inconsistent = true;
		return C360_CSR_NO_PATH;
	}
	g->path_len = d + 1;
	return C360_CSR_OK;
}

C360CsrStatus
c360_probe_shortest(C360ProbeGraph *g, uint32_t a, uint32_t b, int32_t max_hops,
					const C360KindSet *allowed)
{
	C360CsrStatus status;
	bool		inconsistent;

	g->path_len = 0;
	g->fell_back = false;
	if (max_hops < 0 || a >= g->map.count || b >= g->map.count)
		return C360_CSR_BAD_ARGUMENT;
	if (a == b)
	{
		status = reserve_path(g, 1);
		if (status != C360_CSR_OK)
			return status;
		g->path_nodes[0] = a;
		g->path_len = 1;
		return C360_CSR_OK;
	}
	status = two_ended(g, a, b, max_hops, allowed, &inconsistent);
	if (!inconsistent)
		return status;

	/* Arcs without mirrors: the one-sided search, which needs none. */
	g->fell_back = true;
	g->path_len = 0;
	status = search(g, a, max_hops, allowed, false, b);
	if (status != C360_CSR_OK)
		return status;
	status = reserve_path(g, g->nodes[b].hops + 1);
	if (status != C360_CSR_OK)
		return status;
	g->path_len = c360_probe_bfs_path(g, b, g->path_nodes, g->path_kinds);
	return C360_CSR_OK;
}

/* ---------------------------------------------------------------- edges */

C360CsrStatus
c360_probe_edges(C360ProbeGraph *g, const C360KindSet *allowed, C360ProbeEdges *edges)
{
	C360MemBudget *budget = g->budget;
	uint64_t	candidates = 0;
	int64_t    *keys;
	int64_t    *values;
	size_t		sort_bytes;
	uint32_t	kept;
	uint32_t	p;
	uint32_t	i;
	uint64_t	steps = 0;

	memset(edges, 0, sizeof(*edges));
	for (p = 0; p < g->count; p++)
	{
		uint32_t	first,
					n,
					x;

		c360_probe_arcs(g, g->order[p], &first, &n);
		for (x = first; x < first + n; x++)
			if (c360_kindset_has(allowed, g->arcs[x].kind) &&
				c360_probe_reached(g, g->arcs[x].target))
				candidates++;
	}
	if (candidates > MAX_ENTRIES)
		return C360_CSR_TOO_MANY_EDGES;
	sort_bytes = (size_t) (candidates > 0 ? candidates : 1) * 2 * sizeof(int64_t);
	if (!c360_budget_allows(budget, budget->used + sort_bytes))
		return C360_CSR_OVER_BUDGET;
	keys = c360_budget_alloc(budget, sort_bytes / 2);
	values = c360_budget_alloc(budget, sort_bytes / 2);

	/* Each as key (from position, to position), value (kind, undirected). */
	i = 0;
	for (p = 0; p < g->count; p++)
	{
		uint32_t	u = g->order[p];
		uint32_t	first,
					n,
					x;

		c360_probe_arcs(g, u, &first, &n);
		for (x = first; x < first + n; x++)
		{
			uint32_t	v = g->arcs[x].target;
			uint16_t	k = g->arcs[x].kind;
			uint16_t	ik = inverse_of(g, k);
			uint32_t	pu = p;
			uint32_t	pv;
			uint32_t	from,
						to;
			uint16_t	kind;
			bool		undirected = false;

			if (!c360_kindset_has(allowed, k) || !c360_probe_reached(g, v))
				continue;
			pv = g->nodes[v].position;
			if (ik == k)
			{
				from = pu < pv ? pu : pv;
				to = pu < pv ? pv : pu;
				kind = k;
				undirected = true;
			}
			else if (k < ik)
			{
				from = pu;
				to = pv;
				kind = k;
			}
			else
			{
				from = pv;
				to = pu;
				kind = ik;
			}
			keys[i] = (int64_t) (((uint64_t) from << 32) | to);
			values[i] = ((int64_t) kind << 1) | (undirected ? 1 : 0);
			i++;
		}
		tick_every(g, &steps, n + 1);
	}
	C360_ASSERT(i == candidates);
	c360_sort_pairs(keys, values, i, g->tick, g->tick_arg);
	kept = 0;
	for (p = 0; p < i; p++)
	{
		if (p > 0 && keys[p] == keys[kept - 1] && values[p] == values[kept - 1])
			continue;
		keys[kept] = keys[p];
		values[kept] = values[p];
		kept++;
	}

	edges->bytes = (size_t) (kept > 0 ? kept : 1) *
		(2 * sizeof(uint32_t) + sizeof(uint16_t) + sizeof(bool));
	if (!c360_budget_allows(budget, budget->used + edges->bytes))
	{
		c360_budget_free(budget, keys, sort_bytes / 2);
		c360_budget_free(budget, values, sort_bytes / 2);
		edges->bytes = 0;
		return C360_CSR_OVER_BUDGET;
	}
	{
		size_t		n = kept > 0 ? kept : 1;

		edges->from = c360_budget_alloc(budget, n * sizeof(uint32_t));
		edges->to = c360_budget_alloc(budget, n * sizeof(uint32_t));
		edges->kind = c360_budget_alloc(budget, n * sizeof(uint16_t));
		edges->undirected = c360_budget_alloc(budget, n * sizeof(bool));
	}
	for (p = 0; p < kept; p++)
	{
		edges->from[p] = (uint32_t) ((uint64_t) keys[p] >> 32);
		edges->to[p] = (uint32_t) keys[p];
		edges->kind[p] = (uint16_t) (values[p] >> 1);
		edges->undirected[p] = (values[p] & 1) != 0;
	}
	edges->count = kept;
	c360_budget_free(budget, keys, sort_bytes / 2);
	c360_budget_free(budget, values, sort_bytes / 2);
	return C360_CSR_OK;
}

void
c360_probe_free_edges(C360ProbeGraph *g, C360ProbeEdges *edges)
{
	size_t		n;

	if (edges->bytes == 0)
		return;
	n = edges->count > 0 ? edges->count : 1;
	c360_budget_free(g->budget, edges->from, n * sizeof(uint32_t));
	c360_budget_free(g->budget, edges->to, n * sizeof(uint32_t));
	c360_budget_free(g->budget, edges->kind, n * sizeof(uint16_t));
	c360_budget_free(g->budget, edges->undirected, n * sizeof(bool));
	memset(edges, 0, sizeof(*edges));
}

/* ---------------------------------------------------------------- free */

#define FREE_ARRAY(g, field) \
	do { \
		c360_budget_free((g)->budget, (g)->field, (size_t) (g)->field##_capacity * sizeof(*(g)->field)); \
		(g)->field = NULL; \
		(g)->field##_capacity = 0; \
	} while (0)

void
c360_probe_free(C360ProbeGraph *g)
{
	if (g->budget == NULL)
		return;
	c360_budget_free(g->budget, g->nodes, (size_t) g->node_capacity * sizeof(C360ProbeNode));
	g->nodes = NULL;
	g->node_capacity = 0;
	FREE_ARRAY(g, arcs);
	FREE_ARRAY(g, staged);
	FREE_ARRAY(g, fetch_ids);
	FREE_ARRAY(g, fetch_nodes);
	FREE_ARRAY(g, order);
	FREE_ARRAY(g, queue);
	FREE_ARRAY(g, sets);
	FREE_ARRAY(g, sort_ids);
	FREE_ARRAY(g, sort_nodes);
	FREE_ARRAY(g, path_nodes);
	FREE_ARRAY(g, path_kinds);
	c360_idmap_free(&g->map);
	g->arc_count = 0;
	g->count = 0;
	g->path_len = 0;
}
