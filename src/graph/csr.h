/*
 * csr.h: compressed sparse row (CSR) graphs over arbitrary 64-bit node ids,
 * the core the traversal code (traverse.h) and the DOT writer (dot.h) use.
 *
 * A graph is built in two steps:
 *
 *   C360CsrBuilder  collects edges (int64 source, int64 target, uint16 kind)
 *                   one at a time, interning the ids in a C360IdMap
 *                   (unionfind.h) and keeping each edge as two dense
 *                   indexes and a kind: 10 bytes per edge;
 *   c360_csr_build  turns them into a C360Csr and frees the builder.
 *
 * The CSR numbers its nodes 0..n-1 in ascending id order, so "ascending
 * index" and "ascending id" are the same order everywhere.  The arcs of
 * node i are targets[offsets[i] .. offsets[i+1]) with their kinds, sorted
 * by (target, kind), without repeats.
 *
 * Directions: C360_CSR_FORWARD stores each edge once, source -> target
 * (a directed graph such as "A referred B").  C360_CSR_BOTH stores
 * source -> target with the edge's kind and target -> source with its
 * inverse kind, taken from a caller table (e.g. "parent of" and "child
 * of"); kinds the table does not cover, or no table at all, are their own
 * inverse, which makes the graph undirected.
 *
 * Defined cases: a self-loop (x, x) makes x a node but stores no arc
 * (traversals never need one); an edge repeated with the same kind, in
 * either direction for C360_CSR_BOTH, is stored once; the same pair with
 * different kinds keeps one arc per kind (the kind filter needs them).
 *
 * Memory: everything is counted against a C360MemBudget (work_mem in the
 * server), checked before each allocation.  c360_csr_builder_need says
 * exactly how many bytes c360_csr_build will hold at its peak (when no
 * edge is a duplicate; duplicates only lower it), and c360_csr_build
 * refuses with C360_CSR_OVER_BUDGET, before allocating anything, past the
 * budget.  The finished graph holds 8 bytes per node slot for the ids, 4
 * per node for the offsets and 6 per arc (4 target + 2 kind): with
 * C360_CSR_BOTH, 12 bytes per edge.  See docs/design/graph.md.
 *
 * Long loops call the optional tick callback every C360_GRAPH_TICK_EVERY
 * steps; the server's runs CHECK_FOR_INTERRUPTS() and may not return.
 * Everything is allocated with c360_alloc, so that leaks nothing there.
 */
#ifndef C360_CSR_H
#define C360_CSR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "unionfind.h"

typedef enum C360CsrStatus
{
	C360_CSR_OK = 0,
	C360_CSR_OVER_BUDGET,		/* would pass the budget; budget->refused
								 * says by how much */
	C360_CSR_TOO_MANY_NODES,	/* more than C360_GRAPH_MAX_NODES ids */
	C360_CSR_TOO_MANY_EDGES,	/* more than C360_CSR_MAX_ARCS arcs */
	C360_CSR_BAD_ARGUMENT,		/* negative max_hops, node out of range,
								 * decay outside [0, 1], ... */
	C360_CSR_NO_PATH,			/* no path within max_hops */
	C360_CSR_OUTPUT_TOO_BIG		/* the output would pass its bound */
} C360CsrStatus;

/*
 * The most arcs one graph holds: the packed (target, kind) array used while
 * building takes 8 bytes per arc in one allocation of at most
 * C360_ALLOC_MAX bytes.  That is 134 million arcs: 67 million edges stored
 * both ways.
 */
#define C360_CSR_MAX_ARCS ((uint32_t) (0x3fffffff / 8))

/* Kind ids are 16 bits; 0 conventionally means "no kind". */
#define C360_CSR_KINDS 65536

/* The index meaning "no node" (no parent, not found, no best node). */
#define C360_NO_NODE UINT32_MAX

typedef enum C360CsrDirection
{
	C360_CSR_FORWARD,			/* source -> target only */
	C360_CSR_BOTH				/* and target -> source with the inverse kind */
} C360CsrDirection;

typedef struct C360CsrBuilder
{
	C360IdMap	map;
	uint32_t   *sources;		/* dense indexes, first-seen numbering */
	uint32_t   *targets;
	uint16_t   *kinds;
	uint32_t	count;			/* edges kept (self-loops are not) */
	uint32_t	capacity;
	uint64_t	self_loops;		/* edges dropped as self-loops */
	uint64_t	added;			/* calls to add_edge, for the tick */
	C360MemBudget *budget;
	C360GraphTick tick;
	void	   *tick_arg;
} C360CsrBuilder;

typedef struct C360Csr
{
	uint32_t	n;				/* nodes */
	uint32_t	arcs;			/* stored arcs */
	C360CsrDirection direction;
	int64_t    *ids;			/* ids[i]: the id of node i, ascending */
	uint32_t   *offsets;		/* n + 1 entries */
	uint32_t   *targets;		/* arcs entries */
	uint16_t   *kinds;			/* arcs entries */
	size_t		ids_bytes;		/* as allocated, for the budget */
	C360MemBudget *budget;
} C360Csr;

/* ---------------------------------------------------------------- build */

extern void c360_csr_builder_init(C360CsrBuilder *b, C360MemBudget *budget,
								  C360GraphTick tick, void *tick_arg);

/* A node, with or without edges (a no-op when already known). */
extern C360CsrStatus c360_csr_builder_add_node(C360CsrBuilder *b, int64_t id);

/* An edge source -> target of a kind; a self-loop only adds the node. */
extern C360CsrStatus c360_csr_builder_add_edge(C360CsrBuilder *b, int64_t source,
											   int64_t target, uint16_t kind);

/*
 * The most bytes the budget will have in use during c360_csr_build with
 * this direction, counting what the builder holds now.
 */
extern size_t c360_csr_builder_need(const C360CsrBuilder *b,
									C360CsrDirection direction);

/*
 * Builds the graph into *csr and frees the builder, or on a refusal
 * (C360_CSR_OVER_BUDGET, C360_CSR_TOO_MANY_EDGES) leaves the builder as it
 * was and *csr empty.  inverse_kind[k] for k < n_inverse is the kind of
 * the reverse arc under C360_CSR_BOTH; NULL means every kind is its own
 * inverse.
 */
extern C360CsrStatus c360_csr_build(C360CsrBuilder *b, C360CsrDirection direction,
									const uint16_t *inverse_kind, uint32_t n_inverse,
									C360Csr *csr);

extern void c360_csr_builder_free(C360CsrBuilder *b);

/* The node index of id, or -1 when the graph does not have it. */
extern int64_t c360_csr_index(const C360Csr *csr, int64_t id);

extern void c360_csr_free(C360Csr *csr);

/*
 * Sorts n values ascending in place: insertion sort for short arrays,
 * heapsort otherwise (O(n log n), no recursion, no extra memory).
 */
extern void c360_sort_u64(uint64_t *values, size_t n,
						  C360GraphTick tick, void *tick_arg);

#endif							/* C360_CSR_H */
