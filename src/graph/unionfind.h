/*
 * unionfind.h: connected components of graphs whose nodes are arbitrary
 * 64-bit ids.
 *
 * Four pieces, each usable on its own by later graph code:
 *
 *   C360MemBudget   counts the bytes the pieces below hold and refuses any
 *                   growth that would pass a limit (work_mem in the server);
 *   C360IdMap       maps int64 ids to dense indexes 0..n-1 in first-seen
 *                   order (open addressing, linear probing, doubling);
 *   C360UnionFind   disjoint sets over dense indexes (union by rank, path
 *                   compression, no recursion);
 *   C360Components  feed edges, then read every node with the smallest id
 *                   of its component, sorted by (component, node).  It uses
 *                   the two above, or, when the ids are dense in a range,
 *                   a union-find indexed by the id itself (see below).
 *
 * Nothing here allocates without asking the budget first.  A refused growth
 * returns C360_GRAPH_OVER_BUDGET and leaves the structure as it was (still
 * valid, still freeable); budget->refused then says how many bytes the
 * growth would have held at its peak.
 *
 * Memory: with capacity c (a power of two, count <= c) the map and the
 * union-find hold 8c (ids) + 8c (hash slots) + 4c (parents) + 1c (ranks) =
 * 21c bytes, that is 21 to 42 bytes per distinct id, and up to 45 bytes per
 * id for an instant while doubling.  A components window holds 5 bytes per
 * slot of the id range it covers.
 *
 * Long loops (rehashing, labelling, sorting) call an optional tick callback
 * every C360_GRAPH_TICK_EVERY steps; the server passes one that runs
 * CHECK_FOR_INTERRUPTS(), which may not return.  Everything is allocated
 * with c360_alloc, so a non-local exit leaks nothing in the server.
 */
#ifndef C360_UNIONFIND_H
#define C360_UNIONFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum C360GraphStatus
{
	C360_GRAPH_OK = 0,
	C360_GRAPH_OVER_BUDGET,		/* growing would pass the budget's limit */
	C360_GRAPH_TOO_MANY_NODES	/* more distinct ids than max_capacity */
} C360GraphStatus;

/*
 * The most distinct ids one map holds: 2^26.  At this capacity the largest
 * array (8 bytes per id) is 512 MB, within one allocation (C360_ALLOC_MAX),
 * and index + 1 fits the 27 low bits of a hash slot.
 */
#define C360_GRAPH_MAX_NODES ((uint32_t) 1 << 26)

/* How many steps of a long loop between two tick calls. */
#define C360_GRAPH_TICK_EVERY 65536

typedef void (*C360GraphTick) (void *arg);

/* ---------------------------------------------------------------- budget */

typedef struct C360MemBudget
{
	size_t		limit;			/* bytes; SIZE_MAX means no limit */
	size_t		used;			/* bytes held now */
	size_t		peak;			/* most bytes held at any moment */
	size_t		refused;		/* last refusal: the peak it would have had */
} C360MemBudget;

extern void c360_budget_init(C360MemBudget *budget, size_t limit);

/*
 * Whether the pieces may hold peak_bytes in total at some moment.  On
 * false records peak_bytes in budget->refused.
 */
extern bool c360_budget_allows(C360MemBudget *budget, size_t peak_bytes);

/* c360_alloc that counts; the caller has checked c360_budget_allows. */
extern void *c360_budget_alloc(C360MemBudget *budget, size_t size);

/* c360_free that counts; size must be what was allocated. */
extern void c360_budget_free(C360MemBudget *budget, void *pointer, size_t size);

/* ---------------------------------------------------------------- id map */

typedef struct C360IdMap
{
	int64_t    *ids;			/* ids[index]: the id given that index */
	uint32_t   *slots;			/* hash table: 0 empty, else a 5-bit hash
								 * tag over 27 bits of index + 1 */
	uint32_t	count;			/* distinct ids so far */
	uint32_t	capacity;		/* length of ids; slots has 2 * capacity */
	uint32_t	max_capacity;	/* power of two; C360_GRAPH_MAX_NODES */
	C360MemBudget *budget;
	C360GraphTick tick;
	void	   *tick_arg;
} C360IdMap;

/* An empty map; allocates nothing yet.  tick may be NULL. */
extern void c360_idmap_init(C360IdMap *map, C360MemBudget *budget,
							C360GraphTick tick, void *tick_arg);

/* The index of id, or -1 when the map does not hold it. */
extern int64_t c360_idmap_lookup(const C360IdMap *map, int64_t id);

/*
 * The index of id, adding it (index = count before the call) when new;
 * *added says which.  Grows the map when full.
 */
extern C360GraphStatus c360_idmap_intern(C360IdMap *map, int64_t id,
										 uint32_t *index, bool *added);

/* Doubles the capacity now (used by callers that grow other arrays in step). */
extern C360GraphStatus c360_idmap_grow(C360IdMap *map);

/* The id at an index below count. */
static inline int64_t
c360_idmap_id(const C360IdMap *map, uint32_t index)
{
	return map->ids[index];
}

extern void c360_idmap_free(C360IdMap *map);

/* ------------------------------------------------------------ union-find */

typedef struct C360UnionFind
{
	uint32_t   *parent;
	uint8_t    *rank;			/* upper bound on tree height; < 32 */
	uint32_t	count;			/* elements 0..count-1 */
	uint32_t	capacity;
	C360MemBudget *budget;
} C360UnionFind;

extern void c360_uf_init(C360UnionFind *uf, C360MemBudget *budget);

/* Makes room for at least n elements (capacity grows by doubling). */
extern C360GraphStatus c360_uf_reserve(C360UnionFind *uf, uint32_t n);

/* Adds a singleton set; returns its element (count before the call). */
extern uint32_t c360_uf_add(C360UnionFind *uf);

/* The root of x's set; compresses the path it walks. */
extern uint32_t c360_uf_find(C360UnionFind *uf, uint32_t x);

/* Merges the sets of a and b; returns the root of the merged set. */
extern uint32_t c360_uf_union(C360UnionFind *uf, uint32_t a, uint32_t b);

extern void c360_uf_free(C360UnionFind *uf);

/* ------------------------------------------------------------ components */

/*
 * Connected components over arbitrary int64 ids, in one of two layouts:
 *
 *   hash    the id map plus the union-find above (21 to 45 bytes per id);
 *   window  when the ids are dense in a range (sequence-generated customer
 *           and record ids): a union-find indexed directly by id - base
 *           over a window of the id range, 5 bytes per slot of the window
 *           (a 4-byte parent and a 1-byte rank) and no hashing at all.
 *
 * Every graph starts in the hash layout.  From C360_WINDOW_PROBATION nodes
 * on, each time its node count doubles, it moves to a window over the range
 * of ids seen so far if that window is allowed (c360_window_allowed: at
 * most C360_WINDOW_DENSITY slots per node, so a window never takes more
 * memory than the hash layout of the same nodes would) and fits the
 * budget.  Ids that arrive in random order over a dense range thus move it
 * once enough of them have come.  A window that must later grow past what
 * is allowed (an id far outside the range) moves the graph back to the hash
 * layout, to be tried again when the node count has doubled.  Both layouts
 * give the same rows; each move is linear in the nodes held, and moves
 * happen at doublings of the node count, so they cost O(nodes) in all.
 */

/* Nodes held in the hash layout before a window is first considered. */
#define C360_WINDOW_PROBATION 4096

/* The most slots one window has: 2^26 (256 MB of parents). */
#define C360_WINDOW_MAX ((uint32_t) 1 << 26)

/* A window has at most this many slots per node (density at least 1/8). */
#define C360_WINDOW_DENSITY 8

/* Bytes per window slot while edges are added. */
#define C360_WINDOW_SLOT_BYTES 5

typedef struct C360Components
{
	C360MemBudget *budget;
	C360GraphTick tick;
	void	   *tick_arg;
	uint32_t	probation;		/* node count at which a window is next
								 * tried: C360_WINDOW_PROBATION, doubled
								 * after each try; UINT32_MAX: never (tests
								 * set it) */

	/* hash layout (window == 0) */
	C360IdMap	map;
	C360UnionFind uf;
	uint64_t	min_key;		/* smallest and largest key (id with its */
	uint64_t	max_key;		/* sign bit flipped: unsigned order) seen */

	/* window layout (window > 0): slot w is the id whose key is base + w */
	uint64_t	base;
	uint32_t	window;			/* slots; 0 in the hash layout */
	uint32_t	window_count;	/* slots holding a node */
	uint32_t   *parent;			/* slot's parent slot, or C360_NO_SLOT */
	uint8_t    *rank;

	/*
	 * After c360_components_finish: count nodes in components components;
	 * read the rows, sorted by (component, node), with
	 * c360_components_next.  The map no longer answers lookups.
	 */
	bool		finished;
	uint32_t	count;
	uint32_t	components;
	/* hash layout: sorted rows */
	const int64_t *hash_nodes;
	int64_t    *hash_labels;
	/* window layout: slots in row order, and where each component's rows end */
	uint32_t   *order;
	uint32_t   *ends;
} C360Components;

/* A position in the rows of a finished C360Components; start with {0}. */
typedef struct C360ComponentsCursor
{
	uint32_t	row;			/* next row */
	uint32_t	component;		/* window layout: component of that row */
	int64_t		label;			/* window layout: its smallest id */
} C360ComponentsCursor;

/* Marks an empty window slot. */
#define C360_NO_SLOT UINT32_MAX

extern void c360_components_init(C360Components *c, C360MemBudget *budget,
								 C360GraphTick tick, void *tick_arg);

/* A node without an edge (if new it is its own component). */
extern C360GraphStatus c360_components_add_node(C360Components *c, int64_t id);

/* An undirected edge; self-loops and repeats are harmless. */
extern C360GraphStatus c360_components_add_edge(C360Components *c,
												int64_t source, int64_t target);

/*
 * Labels and orders the rows: every node with the smallest id of its
 * component, sorted by (component, node).  In the hash layout it needs no
 * more memory than the input phase held (it frees the hash table first);
 * the window layout (a counting sort, no comparisons) needs 4 bytes per
 * component beside the window, then 4 per node beside the window's
 * parents.  Both check the budget.
 */
extern C360GraphStatus c360_components_finish(C360Components *c);

/* Distinct nodes added so far (before finish). */
static inline uint32_t
c360_components_node_count(const C360Components *c)
{
	return c->window > 0 ? c->window_count : c->map.count;
}

/*
 * The next row after finish: true with *node and *component set, or false
 * after the last row.  Rows come sorted by (component, node).
 */
static inline bool
c360_components_next(const C360Components *c, C360ComponentsCursor *cursor,
					 int64_t *node, int64_t *component)
{
	uint32_t	row = cursor->row;

	if (row >= c->count)
		return false;
	if (c->window == 0)
	{
		*node = c->hash_nodes[row];
		*component = c->hash_labels[row];
	}
	else
	{
		/* A component's first row is its smallest slot, hence its label. */
		if (row == 0 || row == c->ends[cursor->component])
		{
			if (row > 0)
				cursor->component++;
			cursor->label = (int64_t) ((c->base + c->order[row]) ^ (UINT64_C(1) << 63));
		}
		*node = (int64_t) ((c->base + c->order[row]) ^ (UINT64_C(1) << 63));
		*component = cursor->label;
	}
	cursor->row = row + 1;
	return true;
}

/*
 * Whether a window of that many slots may hold count nodes: at least one
 * slot, at most C360_WINDOW_MAX, and at most C360_WINDOW_DENSITY per node.
 * (The budget is checked separately.)  Exposed for the tests.
 */
extern bool c360_window_allowed(uint64_t slots, uint32_t count);

extern void c360_components_free(C360Components *c);

/*
 * Sorts the pairs (keys[i], values[i]) in place by key, then value, in
 * O(n log n) with no recursion (introsort).  Exposed for the tests and for
 * later graph code.
 */
extern void c360_sort_pairs(int64_t *keys, int64_t *values, size_t n,
							C360GraphTick tick, void *tick_arg);

/*
 * The same with an explicit bound: after depth partitioning rounds a range
 * is heapsorted (0 means heapsort throughout).  For the tests.
 */
extern void c360_sort_pairs_depth(int64_t *keys, int64_t *values, size_t n,
								  int depth, C360GraphTick tick, void *tick_arg);

#endif							/* C360_UNIONFIND_H */
