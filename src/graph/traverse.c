/*
 * traverse.c: breadth-first search, shortest paths, influence and the best
 * node within two hops over a C360Csr.  See traverse.h for the contract.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "traverse.h"

static inline size_t
node_bytes(uint32_t n, size_t size)
{
	return (size_t) (n > 0 ? n : 1) * size;
}

/* ---------------------------------------------------------------- BFS */

size_t
c360_bfs_bytes(uint32_t n)
{
	return 7 * node_bytes(n, sizeof(uint32_t)) + node_bytes(n, sizeof(uint16_t)) +
		2 * node_bytes(n, sizeof(uint64_t));
}

C360CsrStatus
c360_bfs_init(C360Bfs *bfs, const C360Csr *csr, C360MemBudget *budget,
			  C360GraphTick tick, void *tick_arg)
{
	uint32_t	n = csr->n;

	memset(bfs, 0, sizeof(*bfs));
	if (!c360_budget_allows(budget, budget->used + c360_bfs_bytes(n)))
		return C360_CSR_OVER_BUDGET;
	bfs->csr = csr;
	bfs->budget = budget;
	bfs->tick = tick;
	bfs->tick_arg = tick_arg;
	bfs->seen = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	memset(bfs->seen, 0, node_bytes(n, sizeof(uint32_t)));
	bfs->position = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	bfs->seen_back = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	memset(bfs->seen_back, 0, node_bytes(n, sizeof(uint32_t)));
	bfs->dist_back = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	bfs->node = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	bfs->hops = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	bfs->parent = c360_budget_alloc(budget, node_bytes(n, sizeof(uint32_t)));
	bfs->kind = c360_budget_alloc(budget, node_bytes(n, sizeof(uint16_t)));
	bfs->level = c360_budget_alloc(budget, node_bytes(n, sizeof(uint64_t)));
	bfs->scratch = c360_budget_alloc(budget, node_bytes(n, sizeof(uint64_t)));
	bfs->run = 0;
	return C360_CSR_OK;
}

void
c360_bfs_free(C360Bfs *bfs)
{
	uint32_t	n;

	if (bfs->csr == NULL)
		return;
	n = bfs->csr->n;
	c360_budget_free(bfs->budget, bfs->seen, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->position, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->seen_back, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->dist_back, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->node, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->hops, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->parent, node_bytes(n, sizeof(uint32_t)));
	c360_budget_free(bfs->budget, bfs->kind, node_bytes(n, sizeof(uint16_t)));
	c360_budget_free(bfs->budget, bfs->level, node_bytes(n, sizeof(uint64_t)));
	c360_budget_free(bfs->budget, bfs->scratch, node_bytes(n, sizeof(uint64_t)));
	memset(bfs, 0, sizeof(*bfs));
}

/* Levels longer than this are radix sorted. */
#define RADIX_MIN 256
#define RADIX_BITS 11
#define RADIX_BUCKETS (1 << RADIX_BITS)

/*
 * Sorts len packed (node << 32 | parent) entries by node: LSD radix sort
 * on the 32 node bits in three stable passes of 11 bits, through scratch.
 * Heapsort of a level of 100,000 nodes thrashes the cache; this is O(len).
 * Nodes in a level are distinct, so the parent bits never decide.
 */
static void
radix_sort_by_node(uint64_t *values, uint64_t *scratch, uint32_t len)
{
	uint32_t	counts[RADIX_BUCKETS];
	uint64_t   *from = values;
	uint64_t   *to = scratch;
	int			shift;

	for (shift = 32; shift < 64; shift += RADIX_BITS)
	{
		uint32_t	i;
		uint32_t	sum = 0;
		uint64_t   *t;

		memset(counts, 0, sizeof(counts));
		for (i = 0; i < len; i++)
			counts[(from[i] >> shift) & (RADIX_BUCKETS - 1)]++;
		for (i = 0; i < RADIX_BUCKETS; i++)
		{
			uint32_t	c = counts[i];

			counts[i] = sum;
			sum += c;
		}
		for (i = 0; i < len; i++)
			to[counts[(from[i] >> shift) & (RADIX_BUCKETS - 1)]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	/* Three passes: the sorted data is in scratch. */
	memcpy(values, from, (size_t) len * sizeof(uint64_t));
}

/*
 * Puts the level at positions [from, to) in ascending node order.  During
 * discovery parent[] holds each entry's parent and position[v] its kind;
 * afterwards every array is in the final order and position[v] is v's
 * position.
 */
static void
sort_level(C360Bfs *bfs, uint32_t from, uint32_t to)
{
	uint32_t	len = to - from;
	uint32_t	i;

	for (i = 0; i < len; i++)
		bfs->level[i] = ((uint64_t) bfs->node[from + i] << 32) | bfs->parent[from + i];
	if (len <= RADIX_MIN)
		c360_sort_u64(bfs->level, len, bfs->tick, bfs->tick_arg);
	else
		radix_sort_by_node(bfs->level, bfs->scratch, len);
	for (i = 0; i < len; i++)
	{
		uint32_t	p = from + i;
		uint32_t	v = (uint32_t) (bfs->level[i] >> 32);

		bfs->node[p] = v;
		bfs->parent[p] = (uint32_t) bfs->level[i];
		bfs->kind[p] = (uint16_t) bfs->position[v];
		bfs->position[v] = p;
	}
}

/*
 * The search behind every entry point: levels up to max_hops, stopping
 * early once target (C360_NO_NODE: none) is reached.  sorted says whether
 * each level is put in ascending id order (the order and parents the
 * header promises); influence, which only sums, skips that.
 */
static C360CsrStatus
search(C360Bfs *bfs, uint32_t start, int32_t max_hops, const C360KindSet *allowed,
	   uint32_t target, bool sorted)
{
	const C360Csr *csr = bfs->csr;
	const uint32_t *offsets = csr->offsets;
	const uint32_t *targets = csr->targets;
	const uint16_t *kinds = csr->kinds;
	uint32_t   *seen = bfs->seen;
	uint32_t	run;
	uint32_t	level_start = 0;
	uint32_t	level_end = 1;
	uint32_t	depth = 0;
	uint32_t	count = 1;
	uint64_t	scanned = 0;
	bool		found = false;

	bfs->count = 0;
	if (max_hops < 0 || start >= csr->n)
		return C360_CSR_BAD_ARGUMENT;

	/* A new run number marks "seen in this run" without clearing. */
	run = ++bfs->run;
	if (run == 0)
	{
		memset(seen, 0, (size_t) csr->n * sizeof(uint32_t));
		run = bfs->run = 1;
	}

	seen[start] = run;
	bfs->position[start] = 0;
	bfs->node[0] = start;
	bfs->hops[0] = 0;
	bfs->parent[0] = C360_NO_NODE;
	bfs->kind[0] = 0;
	if (start == target)
	{
		bfs->count = 1;
		return C360_CSR_OK;
	}

	while (level_start < level_end && depth < (uint32_t) max_hops && !found)
	{
		uint32_t	p;

		for (p = level_start; p < level_end && !found; p++)
		{
			uint32_t	u = bfs->node[p];
			uint32_t	a;

			for (a = offsets[u]; a < offsets[u + 1]; a++)
			{
				uint32_t	v = targets[a];
				uint32_t	q;

				if (seen[v] == run || !c360_kindset_has(allowed, kinds[a]))
					continue;
				seen[v] = run;
				q = count++;
				bfs->node[q] = v;
				bfs->hops[q] = depth + 1;
				bfs->parent[q] = p;
				if (sorted)
					bfs->position[v] = kinds[a];	/* until sort_level */
				else
				{
					bfs->position[v] = q;
					bfs->kind[q] = kinds[a];
				}
				if (v == target)
				{
					found = true;
					break;
				}
			}
			scanned += offsets[u + 1] - offsets[u] + 1;
			if (bfs->tick != NULL && scanned >= C360_GRAPH_TICK_EVERY)
			{
				scanned = 0;
				bfs->tick(bfs->tick_arg);
			}
		}
		if (sorted)
			sort_level(bfs, level_end, count);
		level_start = level_end;
		level_end = count;
		depth++;
	}
	bfs->count = count;
	if (target != C360_NO_NODE && !found)
		return C360_CSR_NO_PATH;
	return C360_CSR_OK;
}

C360CsrStatus
c360_bfs_run(C360Bfs *bfs, uint32_t start, int32_t max_hops, const C360KindSet *allowed)
{
	return search(bfs, start, max_hops, allowed, C360_NO_NODE, true);
}

/*
 * The smallest allowed kind of an arc from -> to, or -1 when there is
 * none: a binary search of from's arcs, which are sorted by (target, kind).
 */
static int
arc_kind(const C360Csr *csr, uint32_t from, uint32_t to, const C360KindSet *allowed)
{
	uint32_t	lo = csr->offsets[from];
	uint32_t	hi = csr->offsets[from + 1];

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (csr->targets[mid] < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < csr->offsets[from + 1] && csr->targets[lo] == to; lo++)
		if (c360_kindset_has(allowed, csr->kinds[lo]))
			return csr->kinds[lo];
	return -1;
}

/* Bit of dist_back marking a node known to lie on a shortest path. */
#define ON_PATH UINT32_C(0x80000000)

/*
 * Bidirectional search for a C360_CSR_BOTH graph (where every arc has a
 * reverse, so the backward search can use the same arrays).  Levels are
 * expanded whole, on the side with the smaller frontier.  Once the two
 * sides meet, the distance d is exact (the first meeting is at
 * forward depth F and backward depth B with F + B = d), and the path is
 * rebuilt with the same rule as the one-sided search: from target back to
 * start, each node's predecessor is its smallest-id neighbour w with
 * dist(start, w) one less.  For w at most F hops out the forward labels
 * say so; beyond F, the nodes at distance j on a shortest path (S_j) are
 * computed forward from the meeting level: S_(j+1) = the neighbours of
 * S_j that are d - j - 1 backward hops from target.  Any predecessor with
 * the right distance lies on a shortest path, so it is in S_j.
 *
 * Arrays: forward queue bfs->node with bfs->hops, bfs->position,
 * bfs->seen; backward queue bfs->parent with seen_back and dist_back; the
 * S sets in bfs->level (as uint32).  At the end the result arrays are
 * rewritten to hold the path alone.
 *
 * probe.c's two_ended() is the same search on a graph loaded a level at a
 * time, and is kept apart on purpose (one template with hooks for both was
 * weighed and refused).  What differs is not how arcs are read but what
 * each can rely on: here the CSR holds every arc, and its reverse by
 * construction, so a backward step asks for the arc w -> x itself
 * (arc_kind) and the walk back can assert that it finds a predecessor;
 * node indexes follow ids and arcs are sorted by target, so the first
 * closer neighbour is the smallest id.  There, arcs arrive by a callback
 * that may fail (every level and every step of the walk back fetches and
 * checks a status), w's arcs may not be loaded when x is expanded
 * backward, so the step trusts the caller's mirror rule (x -> w of the
 * inverse kind) and must notice data that breaks it and fall back to the
 * one-sided search, and nodes are numbered as first seen, so the walk back
 * compares ids over all arcs.  A shared body would need a hook at each of
 * these points, some in the inner loops.
 */
static C360CsrStatus
bidirectional(C360Bfs *bfs, uint32_t start, uint32_t target, int32_t max_hops,
			  const C360KindSet *allowed, uint32_t *target_position)
{
	const C360Csr *csr = bfs->csr;
	const uint32_t *offsets = csr->offsets;
	const uint32_t *targets = csr->targets;
	uint32_t   *fq = bfs->node;
	uint32_t   *bq = bfs->parent;
	uint32_t   *sets = (uint32_t *) bfs->level;
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
	uint64_t	scanned = 0;
	bool		met = false;

	run = ++bfs->run;
	if (run == 0)
	{
		memset(bfs->seen, 0, (size_t) csr->n * sizeof(uint32_t));
		memset(bfs->seen_back, 0, (size_t) csr->n * sizeof(uint32_t));
		run = bfs->run = 1;
	}
	fq[0] = start;
	bfs->hops[0] = 0;
	bfs->seen[start] = run;
	bfs->position[start] = 0;
	bq[0] = target;
	bfs->seen_back[target] = run;
	bfs->dist_back[target] = 0;

	while (!met)
	{
		bool		forward;
		uint32_t	p;

		if (f_start == f_end || b_start == b_end || f_depth + b_depth >= (uint32_t) max_hops)
			return C360_CSR_NO_PATH;
		forward = f_end - f_start <= b_end - b_start;
		if (forward)
		{
			for (p = f_start; p < f_end; p++)
			{
				uint32_t	u = fq[p];
				uint32_t	a;

				for (a = offsets[u]; a < offsets[u + 1]; a++)
				{
					uint32_t	w = targets[a];

					if (bfs->seen[w] == run || !c360_kindset_has(allowed, csr->kinds[a]))
						continue;
					bfs->seen[w] = run;
					bfs->position[w] = f_count;
					bfs->hops[f_count] = f_depth + 1;
					fq[f_count++] = w;
					if (bfs->seen_back[w] == run)
						met = true;
				}
				scanned += offsets[u + 1] - offsets[u] + 1;
				if (bfs->tick != NULL && scanned >= C360_GRAPH_TICK_EVERY)
				{
					scanned = 0;
					bfs->tick(bfs->tick_arg);
				}
			}
			f_start = f_end;
			f_end = f_count;
			f_depth++;
		}
		else
		{
			for (p = b_start; p < b_end; p++)
			{
				uint32_t	x = bq[p];
				uint32_t	a;

				/* w precedes x when the arc w -> x is allowed. */
				for (a = offsets[x]; a < offsets[x + 1]; a++)
				{
					uint32_t	w = targets[a];

					if (bfs->seen_back[w] == run ||
						(allowed != NULL && arc_kind(csr, w, x, allowed) < 0))
						continue;
					bfs->seen_back[w] = run;
					bfs->dist_back[w] = b_depth + 1;
					bq[b_count++] = w;
					if (bfs->seen[w] == run)
						met = true;
				}
				scanned += offsets[x + 1] - offsets[x] + 1;
				if (bfs->tick != NULL && scanned >= C360_GRAPH_TICK_EVERY)
				{
					scanned = 0;
					bfs->tick(bfs->tick_arg);
				}
			}
			b_start = b_end;
			b_end = b_count;
			b_depth++;
		}
	}
	d = f_depth + b_depth;

	/* S_F: the last forward level's nodes that are B backward hops out. */
	s_count = 0;
	for (j = f_start; j < f_end; j++)
	{
		uint32_t	w = fq[j];

		if (bfs->seen_back[w] == run && bfs->dist_back[w] == b_depth)
		{
			bfs->dist_back[w] |= ON_PATH;
			sets[s_count++] = w;
		}
	}
	s_start = 0;
	s_end = s_count;
	for (j = f_depth; j < d; j++)
	{
		uint32_t	p;

		for (p = s_start; p < s_end; p++)
		{
			uint32_t	u = sets[p];
			uint32_t	a;

			for (a = offsets[u]; a < offsets[u + 1]; a++)
			{
				uint32_t	w = targets[a];

				if (bfs->seen_back[w] != run || bfs->dist_back[w] != d - j - 1 ||
					!c360_kindset_has(allowed, csr->kinds[a]))
					continue;
				bfs->dist_back[w] |= ON_PATH;
				sets[s_count++] = w;
			}
		}
		s_start = s_end;
		s_end = s_count;
	}

	/*
	 * Walk back from target, collecting the path in the backward queue
	 * (no longer needed); the forward labels are read until the end.
	 */
	v = target;
	bq[d] = target;
	for (k = d; k > 0; k--)
	{
		uint32_t	a;
		uint32_t	chosen = C360_NO_NODE;
		int			chosen_kind = -1;

		for (a = offsets[v]; a < offsets[v + 1] && chosen == C360_NO_NODE; a++)
		{
			uint32_t	w = targets[a];
			bool		closer;

			if (k - 1 <= f_depth)
				closer = bfs->seen[w] == run && bfs->hops[bfs->position[w]] == k - 1;
			else
				closer = bfs->seen_back[w] == run &&
					bfs->dist_back[w] == ((d - (k - 1)) | ON_PATH);
			if (!closer)
				continue;
			chosen_kind = arc_kind(csr, w, v, allowed);
			if (chosen_kind >= 0)
				chosen = w;
		}
		C360_ASSERT(chosen != C360_NO_NODE);
		bq[k - 1] = chosen;
		bfs->kind[k] = (uint16_t) chosen_kind;
		v = chosen;
	}
	C360_ASSERT(v == start);

	for (k = 0; k <= d; k++)
	{
		fq[k] = bq[k];
		bfs->hops[k] = k;
		bfs->seen[bq[k]] = run;
		bfs->position[bq[k]] = k;
	}
	for (k = 0; k <= d; k++)
		bq[k] = k == 0 ? C360_NO_NODE : k - 1;
	bfs->kind[0] = 0;
	bfs->count = d + 1;
	*target_position = d;
	return C360_CSR_OK;
}

C360CsrStatus
c360_bfs_shortest(C360Bfs *bfs, uint32_t start, uint32_t target, int32_t max_hops,
				  const C360KindSet *allowed, uint32_t *target_position)
{
	C360CsrStatus status;

	*target_position = C360_NO_NODE;
	bfs->count = 0;
	if (target >= bfs->csr->n || start >= bfs->csr->n || max_hops < 0)
		return C360_CSR_BAD_ARGUMENT;
	if (bfs->csr->direction == C360_CSR_BOTH && start != target)
		return bidirectional(bfs, start, target, max_hops, allowed, target_position);
	status = search(bfs, start, max_hops, allowed, target, true);
	if (status == C360_CSR_OK)
		*target_position = bfs->position[target];
	return status;
}

uint32_t
c360_bfs_position(const C360Bfs *bfs, uint32_t node)
{
	uint32_t	p;

	if (node >= bfs->csr->n || bfs->count == 0 || bfs->seen[node] != bfs->run)
		return C360_NO_NODE;
	p = bfs->position[node];
	return p < bfs->count && bfs->node[p] == node ? p : C360_NO_NODE;
}

uint32_t
c360_bfs_path(const C360Bfs *bfs, uint32_t p, uint32_t *nodes, uint16_t *kinds)
{
	uint32_t	len;
	uint32_t	i;

	C360_ASSERT(p < bfs->count);
	len = bfs->hops[p] + 1;
	i = len;
	while (i > 0)
	{
		i--;
		nodes[i] = bfs->node[p];
		if (i > 0 && kinds != NULL)
			kinds[i - 1] = bfs->kind[p];
		p = bfs->parent[p];
	}
	C360_ASSERT(p == C360_NO_NODE);
	return len;
}

/* ------------------------------------------------------------ influence */

static bool
influence_arguments_ok(double decay, int32_t max_depth)
{
	return decay >= 0.0 && decay <= 1.0 && max_depth >= 0;	/* NaN fails */
}

C360CsrStatus
c360_influence_one(C360Bfs *bfs, uint32_t node, const double *value, double decay,
				   int32_t max_depth, const C360KindSet *allowed, double *out)
{
	C360CsrStatus status;
	double		sum = 0.0;
	double		weight = 1.0;
	uint32_t	depth = 0;
	uint32_t	p;

	*out = 0.0;
	if (!influence_arguments_ok(decay, max_depth) || node >= bfs->csr->n)
		return C360_CSR_BAD_ARGUMENT;
	if (decay == 0.0)
		return C360_CSR_OK;
	status = search(bfs, node, max_depth, allowed, C360_NO_NODE, false);
	if (status != C360_CSR_OK)
		return status;
	/* Entries come level by level, so the weight only ever steps down. */
	for (p = 1; p < bfs->count; p++)
	{
		double		v = value[bfs->node[p]];

		while (depth < bfs->hops[p])
		{
			weight *= decay;
			depth++;
		}
		if (isfinite(v))
			sum += v * weight;
	}
	*out = sum;
	return C360_CSR_OK;
}

C360CsrStatus
c360_influence_all(const C360Csr *csr, const double *value, double decay,
				   int32_t max_depth, const C360KindSet *allowed, double *out,
				   C360MemBudget *budget, C360GraphTick tick, void *tick_arg)
{
	C360Bfs		bfs;
	C360CsrStatus status;
	uint32_t	u;

	if (!influence_arguments_ok(decay, max_depth))
		return C360_CSR_BAD_ARGUMENT;
	status = c360_bfs_init(&bfs, csr, budget, tick, tick_arg);
	if (status != C360_CSR_OK)
		return status;
	for (u = 0; u < csr->n; u++)
	{
		status = c360_influence_one(&bfs, u, value, decay, max_depth, allowed, &out[u]);
		C360_ASSERT(status == C360_CSR_OK);
	}
	c360_bfs_free(&bfs);
	return C360_CSR_OK;
}

/* -------------------------------------------------------- best in 2 hops */

/* Whether candidate a beats b (C360_NO_NODE loses to anything). */
static inline bool
beats(const double *value, uint32_t a, uint32_t b)
{
	if (b == C360_NO_NODE)
		return true;
	return value[a] > value[b] || (value[a] == value[b] && a < b);
}

C360CsrStatus
c360_best_within_two_hops(const C360Csr *csr, const double *value,
						  const C360KindSet *allowed, uint32_t *best,
						  C360MemBudget *budget, C360GraphTick tick, void *tick_arg)
{
	uint32_t	n = csr->n;
	size_t		top_bytes = node_bytes(n, sizeof(uint32_t));
	uint32_t   *top1;
	uint32_t   *top2;
	uint32_t	u;

	if (!c360_budget_allows(budget, budget->used + 2 * top_bytes))
		return C360_CSR_OVER_BUDGET;
	top1 = c360_budget_alloc(budget, top_bytes);
	top2 = c360_budget_alloc(budget, top_bytes);

	/* The two best distinct neighbours of every node. */
	for (u = 0; u < n; u++)
	{
		uint32_t	first = C360_NO_NODE;
		uint32_t	second = C360_NO_NODE;
		uint32_t	a;

		for (a = csr->offsets[u]; a < csr->offsets[u + 1]; a++)
		{
			uint32_t	w = csr->targets[a];

			if (!c360_kindset_has(allowed, csr->kinds[a]) || isnan(value[w]) ||
				w == first || w == second)
				continue;
			if (beats(value, w, first))
			{
				second = first;
				first = w;
			}
			else if (beats(value, w, second))
				second = w;
		}
		top1[u] = first;
		top2[u] = second;
		if (tick != NULL && (u + 1) % C360_GRAPH_TICK_EVERY == 0)
			tick(tick_arg);
	}

	/*
	 * Within two hops of u: each neighbour w, and the best neighbour of w
	 * other than u (its second best when the best is u itself).
	 */
	for (u = 0; u < n; u++)
	{
		uint32_t	choice = C360_NO_NODE;
		uint32_t	a;

		for (a = csr->offsets[u]; a < csr->offsets[u + 1]; a++)
		{
			uint32_t	w = csr->targets[a];
			uint32_t	c;

			if (!c360_kindset_has(allowed, csr->kinds[a]))
				continue;
			if (!isnan(value[w]) && beats(value, w, choice))
				choice = w;
			c = top1[w] == u ? top2[w] : top1[w];
			if (c != C360_NO_NODE && c != u && beats(value, c, choice))
				choice = c;
		}
		best[u] = choice;
		if (tick != NULL && (u + 1) % C360_GRAPH_TICK_EVERY == 0)
			tick(tick_arg);
	}
	c360_budget_free(budget, top1, top_bytes);
	c360_budget_free(budget, top2, top_bytes);
	return C360_CSR_OK;
}
