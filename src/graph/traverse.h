/*
 * traverse.h: traversals over a C360Csr (csr.h).
 *
 *   C360Bfs        breadth-first search from one node, bounded by max_hops,
 *                  through the arcs whose kind a C360KindSet allows; every
 *                  reached node with its hops, its parent and the kind of
 *                  the arc it was reached by.  Reusable: a second run on
 *                  the same graph costs only what it visits.
 *   shortest path  a bidirectional search (one-sided on directed graphs)
 *                  giving the same path as the full search would.
 *   influence      the value a node brings through the nodes it reaches
 *                  (its referrals), decayed per hop.
 *   best in 2 hops for every node, the most valuable other node within
 *                  two hops.
 *
 * Order: a search visits the graph level by level, and each level in
 * ascending node index (= ascending id), so results come sorted by (hops,
 * id), and a node's parent is its smallest-id neighbour one hop closer to
 * the start (reached by an allowed arc).  Among parallel arcs (the same
 * pair with several kinds) the smallest allowed kind is the one reported.
 *
 * max_hops: 0 gives the start alone; negative is C360_CSR_BAD_ARGUMENT; a
 * bound above n - 1 is the same as n - 1.  A start index out of range is
 * C360_CSR_BAD_ARGUMENT (callers map ids with c360_csr_index first and
 * decide what an unknown id means).  Nothing recurses; loops tick.
 */
#ifndef C360_TRAVERSE_H
#define C360_TRAVERSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csr.h"

/* ---------------------------------------------------------------- kinds */

/* A set of kind ids: one bit per kind, 8 kB. */
typedef struct C360KindSet
{
	uint64_t	bits[C360_CSR_KINDS / 64];
} C360KindSet;

static inline void
c360_kindset_clear(C360KindSet *set)
{
	size_t		i;

	for (i = 0; i < C360_CSR_KINDS / 64; i++)
		set->bits[i] = 0;
}

static inline void
c360_kindset_add(C360KindSet *set, uint16_t kind)
{
	set->bits[kind >> 6] |= UINT64_C(1) << (kind & 63);
}

/* Whether kind is allowed; a NULL set allows every kind. */
static inline bool
c360_kindset_has(const C360KindSet *set, uint16_t kind)
{
	return set == NULL || (set->bits[kind >> 6] >> (kind & 63)) & 1;
}

/* ---------------------------------------------------------------- BFS */

typedef struct C360Bfs
{
	const C360Csr *csr;
	C360MemBudget *budget;
	C360GraphTick tick;
	void	   *tick_arg;

	/* Per node: the run that last reached it, and where it is in the result. */
	uint32_t   *seen;
	uint32_t   *position;
	uint32_t	run;

	/* The backward half of a bidirectional search: run and distance. */
	uint32_t   *seen_back;
	uint32_t   *dist_back;

	/*
	 * The last run's result, count entries in (hops, id) order: node[p] was
	 * reached after hops[p] hops from parent position parent[p]
	 * (C360_NO_NODE for the start, at position 0) by an arc of kind kind[p]
	 * (0 for the start).  The queue of the search is node[] itself.
	 */
	uint32_t	count;
	uint32_t   *node;
	uint32_t   *hops;
	uint32_t   *parent;
	uint16_t   *kind;

	uint64_t   *level;			/* scratch: a level being sorted */
	uint64_t   *scratch;		/* and the radix sort's second buffer */
} C360Bfs;

/* Bytes c360_bfs_init takes for a graph of n nodes: 46 per node. */
extern size_t c360_bfs_bytes(uint32_t n);

/* Workspace for searches on csr (which must outlive it). */
extern C360CsrStatus c360_bfs_init(C360Bfs *bfs, const C360Csr *csr,
								   C360MemBudget *budget,
								   C360GraphTick tick, void *tick_arg);

/*
 * Every node within max_hops of start through allowed arcs (NULL: all).
 * The result is in bfs (see the struct).
 */
extern C360CsrStatus c360_bfs_run(C360Bfs *bfs, uint32_t start, int32_t max_hops,
								  const C360KindSet *allowed);

/*
 * The shortest path from start to target within max_hops: exactly the
 * path c360_bfs_run from start gives for target (the same tie rules).  On
 * C360_CSR_OK *target_position is target's position in the result
 * (rebuild the path with c360_bfs_path); C360_CSR_NO_PATH when target is
 * farther or unreachable; C360_CSR_BAD_ARGUMENT for an index out of range
 * or a negative max_hops.  start == target is a path of 0 hops.
 *
 * On a C360_CSR_BOTH graph the search is bidirectional (levels grow from
 * both ends, the smaller frontier first, so a path of d hops visits about
 * two balls of d/2 hops instead of one of d) and the result then holds the
 * path's nodes only.  On a C360_CSR_FORWARD graph it is c360_bfs_run
 * stopped once target is reached.
 */
extern C360CsrStatus c360_bfs_shortest(C360Bfs *bfs, uint32_t start, uint32_t target,
									   int32_t max_hops, const C360KindSet *allowed,
									   uint32_t *target_position);

/* The result position of node after the last run, or C360_NO_NODE. */
extern uint32_t c360_bfs_position(const C360Bfs *bfs, uint32_t node);

/*
 * The path from the start to the node at result position p: hops[p] + 1
 * nodes into nodes[] (start first) and, when kinds is not NULL, hops[p]
 * kinds into kinds[] (kinds[i] is the kind of the arc nodes[i] ->
 * nodes[i + 1]).  Returns the number of nodes.  The arrays must hold
 * hops[p] + 1 and hops[p] entries.
 */
extern uint32_t c360_bfs_path(const C360Bfs *bfs, uint32_t p,
							  uint32_t *nodes, uint16_t *kinds);

extern void c360_bfs_free(C360Bfs *bfs);

/* ------------------------------------------------------------ influence */

/* The documented defaults: value halves per hop, six hops at most. */
#define C360_INFLUENCE_DEFAULT_DECAY 0.5
#define C360_INFLUENCE_DEFAULT_DEPTH 6

/*
 * Indirect value of every node of csr (a C360_CSR_FORWARD graph of "A
 * referred B" arcs, or any graph: arcs are followed as stored):
 *
 *   out[u] = sum over nodes v != u reachable from u within max_depth hops
 *            of value[v] * decay^d(u, v)
 *
 * where d(u, v) is the shortest distance: every descendant counts once,
 * at its nearest depth, so referral cycles and several referrers neither
 * loop nor count twice.  A value that is not finite counts as 0.
 *
 * Cost: one bounded search per node, O(sum over u of the arcs within
 * max_depth of u): for referral trees O(n * max_depth), for dense graphs
 * up to O(n * arcs).  decay must be in [0, 1] and max_depth >= 0, else
 * C360_CSR_BAD_ARGUMENT.  Memory: c360_bfs_bytes(n).
 */
extern C360CsrStatus c360_influence_all(const C360Csr *csr, const double *value,
										double decay, int32_t max_depth,
										const C360KindSet *allowed, double *out,
										C360MemBudget *budget,
										C360GraphTick tick, void *tick_arg);

/* The same for one node, with a workspace from c360_bfs_init. */
extern C360CsrStatus c360_influence_one(C360Bfs *bfs, uint32_t node, const double *value,
										double decay, int32_t max_depth,
										const C360KindSet *allowed, double *out);

/* -------------------------------------------------------- best in 2 hops */

/*
 * For every node u, best[u] = the node v != u within two hops (through
 * allowed arcs) of highest value[v], ties to the smallest id;
 * C360_NO_NODE when u has no other node within two hops.  Values that are
 * NaN are never chosen.  O(n + arcs) time, 8 bytes per node of memory.
 */
extern C360CsrStatus c360_best_within_two_hops(const C360Csr *csr, const double *value,
											   const C360KindSet *allowed, uint32_t *best,
											   C360MemBudget *budget,
											   C360GraphTick tick, void *tick_arg);

#endif							/* C360_TRAVERSE_H */
