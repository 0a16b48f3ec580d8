/*
 * csr.c: building compressed sparse row graphs from edge lists with
 * arbitrary 64-bit node ids.  See csr.h for the contract and
 * docs/design/graph.md for the layout and its memory.
 */
#include <stdint.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "c360_ids.h"
#include "csr.h"

/* The first edge capacity of a builder. */
#define INITIAL_EDGES 256

/* Ranges at or below this size are insertion sorted. */
#define SORT_SMALL 24

/* Bytes of count elements of size bytes, never 0 (no empty allocations). */
static inline size_t
array_bytes(size_t count, size_t size)
{
	return (count > 0 ? count : 1) * size;
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

/* ---------------------------------------------------------------- sorting */

void
c360_sort_u64(uint64_t *values, size_t n, C360GraphTick tick, void *tick_arg)
{
	size_t		start;
	size_t		end;
	size_t		steps = 0;

	if (n <= SORT_SMALL)
	{
		size_t		i;

		for (i = 1; i < n; i++)
		{
			uint64_t	v = values[i];
			size_t		j = i;

			while (j > 0 && values[j - 1] > v)
			{
				values[j] = values[j - 1];
				j--;
			}
			values[j] = v;
		}
		return;
	}

	/* Heapsort: build a max-heap, then move the maximum to the end. */
	start = n / 2;
	end = n;
	for (;;)
	{
		size_t		root;
		uint64_t	v;

		if (start > 0)
			start--;
		else
		{
			uint64_t	t;

			end--;
			if (end == 0)
				break;
			t = values[0];
			values[0] = values[end];
			values[end] = t;
		}
		root = start;
		v = values[root];
		for (;;)
		{
			size_t		child = 2 * root + 1;

			if (child >= end)
				break;
			if (child + 1 < end && values[child] < values[child + 1])
				child++;
			if (values[child] <= v)
				break;
			values[root] = values[child];
			root = child;
		}
		values[root] = v;
		if (tick != NULL && ++steps % C360_GRAPH_TICK_EVERY == 0)
			tick(tick_arg);
	}
}

/* ---------------------------------------------------------------- builder */

void
c360_csr_builder_init(C360CsrBuilder *b, C360MemBudget *budget,
					  C360GraphTick tick, void *tick_arg)
{
	memset(b, 0, sizeof(*b));
	c360_idmap_init(&b->map, budget, tick, tick_arg);
	b->budget = budget;
	b->tick = tick;
	b->tick_arg = tick_arg;
}

C360CsrStatus
c360_csr_builder_add_node(C360CsrBuilder *b, int64_t id)
{
	uint32_t	index;
	bool		added;

	return from_graph_status(c360_idmap_intern(&b->map, id, &index, &added));
}

/* Doubles the edge arrays; all three new ones exist before the old go. */
static C360CsrStatus
grow_edges(C360CsrBuilder *b)
{
	C360MemBudget *budget = b->budget;
	uint64_t	wanted = b->capacity == 0 ? INITIAL_EDGES : 2 * (uint64_t) b->capacity;
	uint32_t	new_capacity;
	size_t		new_bytes;
	uint32_t   *sources;
	uint32_t   *targets;
	uint16_t   *kinds;

	if (b->capacity >= C360_CSR_MAX_ARCS)
		return C360_CSR_TOO_MANY_EDGES;
	if (wanted > C360_CSR_MAX_ARCS)
		wanted = C360_CSR_MAX_ARCS;
	new_capacity = (uint32_t) wanted;
	new_bytes = (size_t) new_capacity * (2 * sizeof(uint32_t) + sizeof(uint16_t));
	if (!c360_budget_allows(budget, budget->used + new_bytes))
		return C360_CSR_OVER_BUDGET;

	sources = c360_budget_alloc(budget, (size_t) new_capacity * sizeof(uint32_t));
	targets = c360_budget_alloc(budget, (size_t) new_capacity * sizeof(uint32_t));
	kinds = c360_budget_alloc(budget, (size_t) new_capacity * sizeof(uint16_t));
	if (b->count > 0)
	{
		memcpy(sources, b->sources, (size_t) b->count * sizeof(uint32_t));
		memcpy(targets, b->targets, (size_t) b->count * sizeof(uint32_t));
		memcpy(kinds, b->kinds, (size_t) b->count * sizeof(uint16_t));
	}
	c360_budget_free(budget, b->sources, (size_t) b->capacity * sizeof(uint32_t));
	c360_budget_free(budget, b->targets, (size_t) b->capacity * sizeof(uint32_t));
	c360_budget_free(budget, b->kinds, (size_t) b->capacity * sizeof(uint16_t));
	b->sources = sources;
	b->targets = targets;
	b->kinds = kinds;
	b->capacity = new_capacity;
	return C360_CSR_OK;
}

C360CsrStatus
c360_csr_builder_add_edge(C360CsrBuilder *b, int64_t source, int64_t target,
						  uint16_t kind)
{
	C360CsrStatus status;
	uint32_t	s,
				t;
	bool		added;

	if (b->tick != NULL && ++b->added % C360_GRAPH_TICK_EVERY == 0)
		b->tick(b->tick_arg);
	/* Room for the edge first, so a refusal adds neither end. */
	if (source != target && b->count == b->capacity)
	{
		status = grow_edges(b);
		if (status != C360_CSR_OK)
			return status;
	}
	status = from_graph_status(c360_idmap_intern(&b->map, source, &s, &added));
	if (status != C360_CSR_OK)
		return status;
	if (source == target)
	{
		b->self_loops++;
		return C360_CSR_OK;
	}
	status = from_graph_status(c360_idmap_intern(&b->map, target, &t, &added));
	if (status != C360_CSR_OK)
		return status;
	b->sources[b->count] = s;
	b->targets[b->count] = t;
	b->kinds[b->count] = kind;
	b->count++;
	return C360_CSR_OK;
}

/* Arcs before removing repeats, or UINT64_MAX past C360_CSR_MAX_ARCS. */
static uint64_t
raw_arcs(const C360CsrBuilder *b, C360CsrDirection direction)
{
	uint64_t	arcs = direction == C360_CSR_BOTH ? 2 * (uint64_t) b->count : b->count;

	return arcs > C360_CSR_MAX_ARCS ? UINT64_MAX : arcs;
}

static size_t
size_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

/*
 * The phases of c360_csr_build, with what the budget holds at the end of
 * each (n nodes, A arcs before removing repeats):
 *   1. hash slots freed, order (8n) and rank (4n) allocated;
 *   2. order freed, offsets (4(n+1)) and packed arcs (8A) allocated;
 *   3. rank and edge arrays freed, targets (4A) and kinds (2A) allocated;
 *   4. packed arcs freed: the graph.
 */
size_t
c360_csr_builder_need(const C360CsrBuilder *b, C360CsrDirection direction)
{
	size_t		used = b->budget->used;
	size_t		n = b->map.count;
	uint64_t	arcs = raw_arcs(b, direction);
	size_t		slots = (size_t) b->map.capacity * 2 * sizeof(uint32_t);
	size_t		edges = (size_t) b->capacity * (2 * sizeof(uint32_t) + sizeof(uint16_t));
	size_t		order = array_bytes(n, sizeof(int64_t));
	size_t		rank = array_bytes(n, sizeof(uint32_t));
	size_t		offsets = (n + 1) * sizeof(uint32_t);
	size_t		packed;
	size_t		final_arcs;
	size_t		p1,
				p2,
				p3;

	if (arcs == UINT64_MAX)
		return SIZE_MAX;
	packed = array_bytes((size_t) arcs, sizeof(uint64_t));
	final_arcs = array_bytes((size_t) arcs, sizeof(uint32_t)) +
		array_bytes((size_t) arcs, sizeof(uint16_t));
	p1 = used - slots + order + rank;
	p2 = used - slots + rank + offsets + packed;
	p3 = used - slots - edges + offsets + packed + final_arcs;
	return size_max(used, size_max(p1, size_max(p2, p3)));
}

C360CsrStatus
c360_csr_build(C360CsrBuilder *b, C360CsrDirection direction,
			   const uint16_t *inverse_kind, uint32_t n_inverse, C360Csr *csr)
{
	C360MemBudget *budget = b->budget;
	uint32_t	n = b->map.count;
	uint32_t	count = b->count;
	uint64_t	arcs = raw_arcs(b, direction);
	size_t		slots_bytes = (size_t) b->map.capacity * 2 * sizeof(uint32_t);
	size_t		order_bytes = array_bytes(n, sizeof(int64_t));
	size_t		rank_bytes = array_bytes(n, sizeof(uint32_t));
	size_t		offsets_bytes = ((size_t) n + 1) * sizeof(uint32_t);
	size_t		packed_bytes;
	int64_t    *order;
	uint32_t   *rank;
	uint32_t   *offsets;
	uint64_t   *packed;
	uint32_t	i;
	uint32_t	e;
	uint32_t	kept;
	uint32_t	seg_start;

	memset(csr, 0, sizeof(*csr));
	csr->budget = budget;
	if (arcs == UINT64_MAX)
		return C360_CSR_TOO_MANY_EDGES;
	if (!c360_budget_allows(budget, c360_csr_builder_need(b, direction)))
		return C360_CSR_OVER_BUDGET;
	packed_bytes = array_bytes((size_t) arcs, sizeof(uint64_t));

	/* 1. Number the nodes in ascending id order: rank[first-seen] = sorted. */
	c360_budget_free(budget, b->map.slots, slots_bytes);
	b->map.slots = NULL;
	order = c360_budget_alloc(budget, order_bytes);
	for (i = 0; i < n; i++)
		order[i] = i;
	c360_sort_pairs(b->map.ids, order, n, b->tick, b->tick_arg);
	rank = c360_budget_alloc(budget, rank_bytes);
	for (i = 0; i < n; i++)
		rank[order[i]] = i;
	c360_budget_free(budget, order, order_bytes);

	/* 2. Count arcs per node, then place each as (target << 16 | kind). */
	offsets = c360_budget_alloc(budget, offsets_bytes);
	memset(offsets, 0, offsets_bytes);
	packed = c360_budget_alloc(budget, packed_bytes);
	for (e = 0; e < count; e++)
	{
		uint32_t	s = rank[b->sources[e]];
		uint32_t	t = rank[b->targets[e]];

		b->sources[e] = s;
		b->targets[e] = t;
		offsets[s + 1]++;
		if (direction == C360_CSR_BOTH)
			offsets[t + 1]++;
		if (b->tick != NULL && (e + 1) % C360_GRAPH_TICK_EVERY == 0)
			b->tick(b->tick_arg);
	}
	c360_budget_free(budget, rank, rank_bytes);
	for (i = 0; i < n; i++)
		offsets[i + 1] += offsets[i];
	C360_ASSERT(offsets[n] == arcs);
	/* offsets[i] is now where node i's arcs start; it advances as they go. */
	for (e = 0; e < count; e++)
	{
		uint32_t	s = b->sources[e];
		uint32_t	t = b->targets[e];
		uint16_t	k = b->kinds[e];

		packed[offsets[s]++] = ((uint64_t) t << 16) | k;
		if (direction == C360_CSR_BOTH)
		{
			uint16_t	inverse = (inverse_kind != NULL && k < n_inverse) ? inverse_kind[k] : k;

			packed[offsets[t]++] = ((uint64_t) s << 16) | inverse;
		}
		if (b->tick != NULL && (e + 1) % C360_GRAPH_TICK_EVERY == 0)
			b->tick(b->tick_arg);
	}
	/* Each offsets[i] is now node i's end, that is node i + 1's start. */
	for (i = n; i > 0; i--)
		offsets[i] = offsets[i - 1];
	offsets[0] = 0;

	c360_budget_free(budget, b->sources, (size_t) b->capacity * sizeof(uint32_t));
	c360_budget_free(budget, b->targets, (size_t) b->capacity * sizeof(uint32_t));
	c360_budget_free(budget, b->kinds, (size_t) b->capacity * sizeof(uint16_t));
	b->sources = NULL;
	b->targets = NULL;
	b->kinds = NULL;
	b->capacity = 0;
	b->count = 0;

	/* 3. Sort each node's arcs by (target, kind) and drop repeats. */
	kept = 0;
	seg_start = 0;
	for (i = 0; i < n; i++)
	{
		uint32_t	seg_end = offsets[i + 1];
		uint32_t	j;

		c360_sort_u64(packed + seg_start, seg_end - seg_start, b->tick, b->tick_arg);
		offsets[i] = kept;
		for (j = seg_start; j < seg_end; j++)
		{
			if (j > seg_start && packed[j] == packed[j - 1])
				continue;
			packed[kept++] = packed[j];
		}
		seg_start = seg_end;
		if (b->tick != NULL && (i + 1) % C360_GRAPH_TICK_EVERY == 0)
			b->tick(b->tick_arg);
	}
	offsets[n] = kept;

	csr->n = n;
	csr->arcs = kept;
	csr->direction = direction;
	csr->ids = b->map.ids;
	csr->ids_bytes = (size_t) b->map.capacity * sizeof(int64_t);
	csr->offsets = offsets;
	csr->targets = c360_budget_alloc(budget, array_bytes(kept, sizeof(uint32_t)));
	csr->kinds = c360_budget_alloc(budget, array_bytes(kept, sizeof(uint16_t)));
	for (e = 0; e < kept; e++)
	{
		csr->targets[e] = (uint32_t) (packed[e] >> 16);
		csr->kinds[e] = (uint16_t) (packed[e] & 0xffff);
	}
	c360_budget_free(budget, packed, packed_bytes);

	/* The map's id array now belongs to the graph. */
	b->map.ids = NULL;
	b->map.count = 0;
	b->map.capacity = 0;
	return C360_CSR_OK;
}

void
c360_csr_builder_free(C360CsrBuilder *b)
{
	c360_budget_free(b->budget, b->sources, (size_t) b->capacity * sizeof(uint32_t));
	c360_budget_free(b->budget, b->targets, (size_t) b->capacity * sizeof(uint32_t));
	c360_budget_free(b->budget, b->kinds, (size_t) b->capacity * sizeof(uint16_t));
	b->sources = NULL;
	b->targets = NULL;
	b->kinds = NULL;
	b->capacity = 0;
	b->count = 0;
	c360_idmap_free(&b->map);
}

int64_t
c360_csr_index(const C360Csr *csr, int64_t id)
{
	return c360_id_index(csr->ids, csr->n, id);
}

void
c360_csr_free(C360Csr *csr)
{
	if (csr->budget == NULL)
		return;
	c360_budget_free(csr->budget, csr->ids, csr->ids_bytes);
	if (csr->offsets != NULL)
		c360_budget_free(csr->budget, csr->offsets, ((size_t) csr->n + 1) * sizeof(uint32_t));
	c360_budget_free(csr->budget, csr->targets, array_bytes(csr->arcs, sizeof(uint32_t)));
	c360_budget_free(csr->budget, csr->kinds, array_bytes(csr->arcs, sizeof(uint16_t)));
	memset(csr, 0, sizeof(*csr));
}
