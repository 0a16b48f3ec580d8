/*
 * probe.h: searches over a graph that is read a piece at a time.
 *
 * csr.h builds the whole graph first, which costs the same however little
 * of it a search needs.  A C360ProbeGraph instead starts empty and asks the
 * caller for the arcs of a set of nodes when a search first needs them
 * (the server runs one index probe per BFS level: ... WHERE customer_id =
 * ANY($1)).  What it has loaded stays cached, so later searches on the same
 * graph only probe what is new.
 *
 *   fetch          the caller's callback: given node ids (distinct,
 *                  ascending), it calls c360_probe_add_arc once per arc
 *                  leaving one of them (source among the ids; any other
 *                  arc is ignored).  Repeated arcs and arcs in any order
 *                  are fine.
 *   c360_probe_bfs every node within max_hops of a start through allowed
 *                  arcs, with the same order and parent rules as
 *                  c360_bfs_run (traverse.h): results in (hops, id) order;
 *                  a node's parent is its smallest-id predecessor one hop
 *                  closer; the kind reported is the smallest allowed one
 *                  among that parent's arcs to it (kind ids compare as the
 *                  caller numbered them, so number kinds in name order).
 *   c360_probe_shortest
 *                  a shortest path from a to b, searched from both ends,
 *                  equal to the path c360_probe_bfs from a reports for b.
 *
 * The graph is directed as the caller stores it.  The two-ended search
 * needs every arc x -> y of kind k to have its mirror y -> x of kind
 * inverse_kind[k] (the backward half reads x's own arcs as the arcs into
 * x).  When the data breaks that, the result is still defined and never
 * a crash: the path is rebuilt one-sided (then exactly c360_probe_bfs's
 * path), or no path is reported where only unmirrored arcs lead.
 *
 * Memory: every allocation is counted against a C360MemBudget and checked
 * before it happens; a refusal returns C360_CSR_OVER_BUDGET (budget->refused
 * says how much it needed) and leaves a graph that can only be freed.  Per
 * node the graph holds its id-map entry (16 to 32 bytes) and its state (44
 * bytes) plus up to 16 bytes of queues while searching, per loaded arc 8
 * bytes, and while one fetch runs 12 bytes per arc it delivers (arrays
 * double as they grow).  Nothing recurses; long loops call the tick callback.
 */
#ifndef C360_PROBE_H
#define C360_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csr.h"
#include "traverse.h"

typedef struct C360ProbeGraph C360ProbeGraph;

/*
 * Loads the arcs of ids[0 .. n) (distinct, ascending) through
 * c360_probe_add_arc.  Returns C360_CSR_OK, or a status to pass on (for
 * example the first refusal of c360_probe_add_arc).
 */
typedef C360CsrStatus (*C360ProbeFetch) (void *arg, C360ProbeGraph *g,
										 const int64_t *ids, uint32_t n);

/* The state of one node (internal; read through the functions below). */
typedef struct C360ProbeNode
{
	uint32_t	arc_start;		/* its arcs: g->arcs[arc_start ..] */
	uint32_t	arc_count;
	uint32_t	batch;			/* the fetch that loads it */
	uint32_t	fwd_run;		/* the search that reached it forward */
	uint32_t	hops;			/* forward distance in that search */
	uint32_t	parent;			/* node it was reached from */
	uint32_t	back_run;		/* the search that reached it backward */
	uint32_t	back;			/* backward distance (and a path mark) */
	uint32_t	position;		/* place in g->order after c360_probe_bfs */
	uint16_t	kind;			/* kind of the arc from parent */
	bool		fetched;
} C360ProbeNode;

/* A loaded arc, and an arc delivered by the fetch in progress. */
typedef struct C360ProbeArc
{
	uint32_t	target;
	uint16_t	kind;
} C360ProbeArc;

typedef struct C360ProbeStaged
{
	uint32_t	source;
	uint32_t	target;
	uint16_t	kind;
} C360ProbeStaged;

struct C360ProbeGraph
{
	C360IdMap	map;			/* id -> node, first-seen numbering */
	C360ProbeNode *nodes;		/* node_capacity entries */
	uint32_t	node_capacity;

	C360ProbeArc *arcs;			/* loaded arcs, grouped by source */
	uint32_t	arc_count;
	uint32_t	arcs_capacity;

	C360ProbeStaged *staged;	/* arcs of the fetch in progress */
	uint32_t	staged_count;
	uint32_t	staged_capacity;
	bool		in_fetch;
	uint32_t	batch;			/* number of the fetch in progress / last */

	/* The ids of one fetch (sorted, with their nodes). */
	int64_t    *fetch_ids;
	uint32_t	fetch_ids_capacity;
	int64_t    *fetch_nodes;
	uint32_t	fetch_nodes_capacity;

	/* c360_probe_bfs result (and forward queue): nodes in (hops, id) order. */
	uint32_t   *order;
	uint32_t	count;
	uint32_t	order_capacity;
	uint32_t   *queue;			/* the backward queue of the two-ended search */
	uint32_t	queue_capacity;
	uint32_t   *sets;			/* the nodes on shortest paths, level by level */
	uint32_t	sets_capacity;
	int64_t    *sort_ids;		/* scratch for sorting a level by id */
	uint32_t	sort_ids_capacity;
	int64_t    *sort_nodes;
	uint32_t	sort_nodes_capacity;
	uint32_t	run;

	/* c360_probe_shortest result: path_len nodes and path_len - 1 kinds. */
	uint32_t   *path_nodes;
	uint32_t	path_nodes_capacity;
	uint16_t   *path_kinds;
	uint32_t	path_kinds_capacity;
	uint32_t	path_len;

	const uint16_t *inverse_kind;	/* NULL: every kind is its own inverse */
	uint32_t	n_inverse;

	C360ProbeFetch fetch;
	void	   *fetch_arg;
	C360MemBudget *budget;
	C360GraphTick tick;
	void	   *tick_arg;

	/* Counters, for tests and measurements. */
	uint64_t	fetch_calls;	/* callbacks run */
	uint64_t	fetched_nodes;	/* ids passed to them */
	uint64_t	ignored_arcs;	/* arcs from a node not being fetched, self-loops */
	bool		fell_back;		/* the last shortest path was rebuilt one-sided */
};

extern void c360_probe_init(C360ProbeGraph *g, C360ProbeFetch fetch, void *fetch_arg,
							const uint16_t *inverse_kind, uint32_t n_inverse,
							C360MemBudget *budget, C360GraphTick tick, void *tick_arg);

/* For the fetch callback: one arc source -> target (see above). */
extern C360CsrStatus c360_probe_add_arc(C360ProbeGraph *g, int64_t source,
										int64_t target, uint16_t kind);

/* The node of id, adding it (without arcs loaded) when new. */
extern C360CsrStatus c360_probe_node(C360ProbeGraph *g, int64_t id, uint32_t *node);

/* The node of id, or C360_NO_NODE when the graph has not seen it. */
extern uint32_t c360_probe_lookup(const C360ProbeGraph *g, int64_t id);

static inline int64_t
c360_probe_id(const C360ProbeGraph *g, uint32_t node)
{
	return g->map.ids[node];
}

/*
 * Makes sure the arcs of nodes[0 .. n) are loaded: one fetch call for those
 * not loaded yet (none when all are).
 */
extern C360CsrStatus c360_probe_fetch(C360ProbeGraph *g, const uint32_t *nodes, uint32_t n);

/* A loaded node's arcs: g->arcs[*first .. *first + *count). */
static inline void
c360_probe_arcs(const C360ProbeGraph *g, uint32_t node, uint32_t *first, uint32_t *count)
{
	*first = g->nodes[node].arc_start;
	*count = g->nodes[node].fetched ? g->nodes[node].arc_count : 0;
}

/*
 * Breadth-first search from start, up to max_hops (0: start alone; < 0:
 * C360_CSR_BAD_ARGUMENT), through arcs whose kind allowed accepts (NULL:
 * all).  Result: g->order[0 .. g->count) in (hops, id) order, with
 * c360_probe_hops / c360_probe_parent / c360_probe_kind per node.  One
 * fetch per level expanded: levels 0 .. max_hops - 1, and the last level
 * too when fetch_last is set (so the arcs among all reached nodes are
 * loaded, e.g. to draw them).
 */
extern C360CsrStatus c360_probe_bfs(C360ProbeGraph *g, uint32_t start, int32_t max_hops,
									const C360KindSet *allowed, bool fetch_last);

/* Whether the last search reached node forward. */
static inline bool
c360_probe_reached(const C360ProbeGraph *g, uint32_t node)
{
	return node < g->map.count && g->nodes[node].fwd_run == g->run && g->run != 0;
}

static inline uint32_t
c360_probe_hops(const C360ProbeGraph *g, uint32_t node)
{
	return g->nodes[node].hops;
}

/*
 * The path from the last c360_probe_bfs's start to a reached node:
 * hops + 1 nodes into nodes[] (start first) and hops kinds into kinds[]
 * (kinds[i]: the arc nodes[i] -> nodes[i + 1]; may be NULL).  Returns the
 * number of nodes.
 */
extern uint32_t c360_probe_bfs_path(const C360ProbeGraph *g, uint32_t node,
									uint32_t *nodes, uint16_t *kinds);

/*
 * A shortest path from a to b of at most max_hops arcs through allowed
 * arcs, into g->path_nodes / g->path_kinds / g->path_len (a = b: the path
 * of a alone).  C360_CSR_NO_PATH when there is none within max_hops;
 * C360_CSR_BAD_ARGUMENT for a negative max_hops or a node out of range.
 */
extern C360CsrStatus c360_probe_shortest(C360ProbeGraph *g, uint32_t a, uint32_t b,
										 int32_t max_hops, const C360KindSet *allowed);

/*
 * The edges among the nodes the last c360_probe_bfs reached, once each:
 * for every loaded arc x -> y of an allowed kind k between two reached
 * nodes, the edge is (x, y, k) when k is its own inverse (then drawn from
 * the node earlier in the result, undirected), (x, y, k) when k < its
 * inverse, else (y, x, inverse k), so an arc and its mirror give one edge.
 * Repeats are dropped.  Sorted by (position of from, position of to, kind),
 * positions in g->order.  Output arrays (allocated from the budget, free
 * with c360_probe_free_edges): from / to as positions in g->order, kind,
 * undirected flags.
 */
typedef struct C360ProbeEdges
{
	uint32_t   *from;
	uint32_t   *to;
	uint16_t   *kind;
	bool	   *undirected;
	uint32_t	count;
	size_t		bytes;
} C360ProbeEdges;

extern C360CsrStatus c360_probe_edges(C360ProbeGraph *g, const C360KindSet *allowed,
									  C360ProbeEdges *edges);
extern void c360_probe_free_edges(C360ProbeGraph *g, C360ProbeEdges *edges);

extern void c360_probe_free(C360ProbeGraph *g);

#endif							/* C360_PROBE_H */
