/*
 * unionfind.c: id map, union-find and connected-component labelling over
 * arbitrary 64-bit node ids.  See unionfind.h for the contract.
 */
#include <stdint.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "unionfind.h"

/* The first capacity a map or union-find takes. */
#define INITIAL_CAPACITY 64

/*
 * A taken hash slot holds index + 1 in its low 27 bits and the top 5 bits
 * of the id's hash above them: a probe compares tags first and reads the
 * id (a likely cache miss) only when they agree, for 1 in 32 foreign slots.
 */
#define SLOT_INDEX_BITS 27
#define SLOT_INDEX_MASK ((UINT32_C(1) << SLOT_INDEX_BITS) - 1)
#define SLOT_TAG(hash) ((uint32_t) ((hash) >> (64 - (32 - SLOT_INDEX_BITS))) << SLOT_INDEX_BITS)
#define SLOT_INDEX(slot) (((slot) & SLOT_INDEX_MASK) - 1)

/* Ranges at or below this size are left to one final insertion sort. */
#define SORT_SMALL 16

/* ---------------------------------------------------------------- budget */

void
c360_budget_init(C360MemBudget *budget, size_t limit)
{
	budget->limit = limit;
	budget->used = 0;
	budget->peak = 0;
	budget->refused = 0;
}

bool
c360_budget_allows(C360MemBudget *budget, size_t peak_bytes)
{
	if (peak_bytes <= budget->limit)
		return true;
	budget->refused = peak_bytes;
	return false;
}

void *
c360_budget_alloc(C360MemBudget *budget, size_t size)
{
	void	   *p = c360_alloc(size);

	budget->used += size;
	if (budget->used > budget->peak)
		budget->peak = budget->used;
	return p;
}

void
c360_budget_free(C360MemBudget *budget, void *pointer, size_t size)
{
	if (pointer == NULL)
		return;
	C360_ASSERT(budget->used >= size);
	budget->used -= size;
	c360_free(pointer);
}

/* ---------------------------------------------------------------- id map */

/*
 * A full 64-bit mix (MurmurHash3's finalizer): every input bit affects the
 * low bits the table uses, so sequential ids and ids that differ only in
 * their high bits spread evenly.  It is a bijection, so distinct ids never
 * share a full hash.
 */
static inline uint64_t
hash_id(int64_t id)
{
	uint64_t	x = (uint64_t) id;

	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

void
c360_idmap_init(C360IdMap *map, C360MemBudget *budget,
				C360GraphTick tick, void *tick_arg)
{
	memset(map, 0, sizeof(*map));
	map->max_capacity = C360_GRAPH_MAX_NODES;
	map->budget = budget;
	map->tick = tick;
	map->tick_arg = tick_arg;
}

/*
 * The slot holding id, or the empty slot where it belongs.  The table is
 * at most half full (2 slots per unit of capacity), so an empty slot is
 * always found.
 */
static inline uint32_t
probe(const C360IdMap *map, int64_t id, uint64_t hash)
{
	uint32_t	mask = 2 * map->capacity - 1;
	uint32_t	pos = (uint32_t) hash & mask;
	uint32_t	tag = SLOT_TAG(hash);

	for (;;)
	{
		uint32_t	slot = map->slots[pos];

		if (slot == 0 ||
			((slot & ~SLOT_INDEX_MASK) == tag && map->ids[SLOT_INDEX(slot)] == id))
			return pos;
		pos = (pos + 1) & mask;
	}
}

int64_t
c360_idmap_lookup(const C360IdMap *map, int64_t id)
{
	uint32_t	slot;

	if (map->capacity == 0)
		return -1;
	C360_ASSERT(map->slots != NULL);	/* not after c360_components_finish */
	slot = map->slots[probe(map, id, hash_id(id))];
	return slot == 0 ? -1 : (int64_t) SLOT_INDEX(slot);
}

C360GraphStatus
c360_idmap_grow(C360IdMap *map)
{
	C360MemBudget *budget = map->budget;
	uint32_t	old_capacity = map->capacity;
	uint32_t	new_capacity;
	size_t		old_ids_bytes = (size_t) old_capacity * sizeof(int64_t);
	size_t		old_slots_bytes = (size_t) old_capacity * 2 * sizeof(uint32_t);
	size_t		new_ids_bytes;
	size_t		new_slots_bytes;
	int64_t    *new_ids;
	uint32_t	mask;
	uint32_t	i;

	C360_ASSERT(map->max_capacity <= C360_GRAPH_MAX_NODES);
	if (old_capacity >= map->max_capacity)
		return C360_GRAPH_TOO_MANY_NODES;
	new_capacity = old_capacity == 0 ? INITIAL_CAPACITY : 2 * old_capacity;
	if (new_capacity > map->max_capacity)
		new_capacity = map->max_capacity;
	new_ids_bytes = (size_t) new_capacity * sizeof(int64_t);
	new_slots_bytes = (size_t) new_capacity * 2 * sizeof(uint32_t);

	/*
	 * Order: new ids beside the old, drop old ids and old slots, then the
	 * new slots (rebuilt from the ids, not from the old table).  The peak
	 * is the larger of the two moments.
	 */
	if (!c360_budget_allows(budget, budget->used + new_ids_bytes) ||
		!c360_budget_allows(budget, budget->used - old_ids_bytes - old_slots_bytes +
							new_ids_bytes + new_slots_bytes))
		return C360_GRAPH_OVER_BUDGET;

	new_ids = c360_budget_alloc(budget, new_ids_bytes);
	if (map->count > 0)
		memcpy(new_ids, map->ids, (size_t) map->count * sizeof(int64_t));
	c360_budget_free(budget, map->ids, old_ids_bytes);
	c360_budget_free(budget, map->slots, old_slots_bytes);
	map->ids = new_ids;
	map->slots = c360_budget_alloc(budget, new_slots_bytes);
	memset(map->slots, 0, new_slots_bytes);
	map->capacity = new_capacity;

	mask = 2 * new_capacity - 1;
	for (i = 0; i < map->count; i++)
	{
		uint64_t	hash = hash_id(map->ids[i]);
		uint32_t	pos = (uint32_t) hash & mask;

		while (map->slots[pos] != 0)
			pos = (pos + 1) & mask;
		map->slots[pos] = SLOT_TAG(hash) | (i + 1);
		if (map->tick != NULL && (i + 1) % C360_GRAPH_TICK_EVERY == 0)
			map->tick(map->tick_arg);
	}
	return C360_GRAPH_OK;
}

C360GraphStatus
c360_idmap_intern(C360IdMap *map, int64_t id, uint32_t *index, bool *added)
{
	uint64_t	hash = hash_id(id);
	uint32_t	pos = 0;

	if (map->capacity > 0)
	{
		pos = probe(map, id, hash);
		if (map->slots[pos] != 0)
		{
			*index = SLOT_INDEX(map->slots[pos]);
			*added = false;
			return C360_GRAPH_OK;
		}
	}
	if (map->count == map->capacity)
	{
		C360GraphStatus status = c360_idmap_grow(map);

		if (status != C360_GRAPH_OK)
			return status;
		pos = probe(map, id, hash);
	}
	C360_ASSERT(map->slots[pos] == 0);
	map->ids[map->count] = id;
	map->slots[pos] = SLOT_TAG(hash) | (map->count + 1);
	*index = map->count++;
	*added = true;
	return C360_GRAPH_OK;
}

void
c360_idmap_free(C360IdMap *map)
{
	c360_budget_free(map->budget, map->ids, (size_t) map->capacity * sizeof(int64_t));
	c360_budget_free(map->budget, map->slots,
					 (size_t) map->capacity * 2 * sizeof(uint32_t));
	map->ids = NULL;
	map->slots = NULL;
	map->count = 0;
	map->capacity = 0;
}

/* ------------------------------------------------------------ union-find */

void
c360_uf_init(C360UnionFind *uf, C360MemBudget *budget)
{
	memset(uf, 0, sizeof(*uf));
	uf->budget = budget;
}

C360GraphStatus
c360_uf_reserve(C360UnionFind *uf, uint32_t n)
{
	C360MemBudget *budget = uf->budget;
	uint64_t	wanted = uf->capacity == 0 ? INITIAL_CAPACITY : uf->capacity;
	uint32_t	new_capacity;
	size_t		old_parent_bytes = (size_t) uf->capacity * sizeof(uint32_t);
	size_t		old_rank_bytes = (size_t) uf->capacity;
	size_t		new_parent_bytes;
	size_t		new_rank_bytes;
	uint32_t   *new_parent;
	uint8_t    *new_rank;

	if (n <= uf->capacity)
		return C360_GRAPH_OK;
	while (wanted < n)
		wanted *= 2;
	if (wanted > UINT32_MAX)
		return C360_GRAPH_TOO_MANY_NODES;
	new_capacity = (uint32_t) wanted;
	new_parent_bytes = (size_t) new_capacity * sizeof(uint32_t);
	new_rank_bytes = (size_t) new_capacity;
	if ((uint64_t) new_parent_bytes > C360_ALLOC_MAX)
		return C360_GRAPH_TOO_MANY_NODES;

	/* Parents are copied first, then ranks; the first moment is the peak. */
	if (!c360_budget_allows(budget, budget->used + new_parent_bytes) ||
		!c360_budget_allows(budget, budget->used - old_parent_bytes +
							new_parent_bytes + new_rank_bytes))
		return C360_GRAPH_OVER_BUDGET;

	new_parent = c360_budget_alloc(budget, new_parent_bytes);
	if (uf->count > 0)
		memcpy(new_parent, uf->parent, (size_t) uf->count * sizeof(uint32_t));
	c360_budget_free(budget, uf->parent, old_parent_bytes);
	uf->parent = new_parent;

	new_rank = c360_budget_alloc(budget, new_rank_bytes);
	if (uf->count > 0)
		memcpy(new_rank, uf->rank, uf->count);
	c360_budget_free(budget, uf->rank, old_rank_bytes);
	uf->rank = new_rank;

	uf->capacity = new_capacity;
	return C360_GRAPH_OK;
}

uint32_t
c360_uf_add(C360UnionFind *uf)
{
	uint32_t	x = uf->count;

	C360_ASSERT(uf->count < uf->capacity);
	uf->parent[x] = x;
	uf->rank[x] = 0;
	uf->count++;
	return x;
}

uint32_t
c360_uf_find(C360UnionFind *uf, uint32_t x)
{
	uint32_t   *parent = uf->parent;
	uint32_t	root = x;

	/* Walk up to the root, then point every node on the path at it. */
	while (parent[root] != root)
		root = parent[root];
	while (parent[x] != root)
	{
		uint32_t	next = parent[x];

		parent[x] = root;
		x = next;
	}
	return root;
}

uint32_t
c360_uf_union(C360UnionFind *uf, uint32_t a, uint32_t b)
{
	uint32_t	ra = c360_uf_find(uf, a);
	uint32_t	rb = c360_uf_find(uf, b);

	if (ra == rb)
		return ra;
	/* The shallower tree goes under the deeper; equal ranks grow by one. */
	if (uf->rank[ra] < uf->rank[rb])
	{
		uint32_t	t = ra;

		ra = rb;
		rb = t;
	}
	uf->parent[rb] = ra;
	if (uf->rank[ra] == uf->rank[rb])
		uf->rank[ra]++;
	return ra;
}

void
c360_uf_free(C360UnionFind *uf)
{
	c360_budget_free(uf->budget, uf->parent, (size_t) uf->capacity * sizeof(uint32_t));
	c360_budget_free(uf->budget, uf->rank, (size_t) uf->capacity);
	uf->parent = NULL;
	uf->rank = NULL;
	uf->count = 0;
	uf->capacity = 0;
}

/* ---------------------------------------------------------------- sorting */

static inline bool
pair_less(const int64_t *keys, const int64_t *values, size_t i, size_t j)
{
	return keys[i] < keys[j] || (keys[i] == keys[j] && values[i] < values[j]);
}

static inline bool
pair_less_than(const int64_t *keys, const int64_t *values, size_t i,
			   int64_t key, int64_t value)
{
	return keys[i] < key || (keys[i] == key && values[i] < value);
}

static inline bool
pair_greater_than(const int64_t *keys, const int64_t *values, size_t i,
				  int64_t key, int64_t value)
{
	return keys[i] > key || (keys[i] == key && values[i] > value);
}

static inline void
pair_swap(int64_t *keys, int64_t *values, size_t i, size_t j)
{
	int64_t		k = keys[i];
	int64_t		v = values[i];

	keys[i] = keys[j];
	values[i] = values[j];
	keys[j] = k;
	values[j] = v;
}

/* Heapsort of [lo, hi): the fallback that bounds the worst case. */
static void
heap_sort_pairs(int64_t *keys, int64_t *values, size_t lo, size_t hi,
				C360GraphTick tick, void *tick_arg)
{
	size_t		n = hi - lo;
	size_t		steps = 0;
	size_t		start;
	size_t		end;

	keys += lo;
	values += lo;
	if (n < 2)
		return;
	/* Build a max-heap, then repeatedly move the maximum to the end. */
	start = n / 2;
	end = n;
	for (;;)
	{
		size_t		root;

		if (start > 0)
			start--;
		else
		{
			end--;
			if (end == 0)
				break;
			pair_swap(keys, values, 0, end);
		}
		root = start;
		for (;;)
		{
			size_t		child = 2 * root + 1;

			if (child >= end)
				break;
			if (child + 1 < end && pair_less(keys, values, child, child + 1))
				child++;
			if (!pair_less(keys, values, root, child))
				break;
			pair_swap(keys, values, root, child);
			root = child;
		}
		if (tick != NULL && ++steps % C360_GRAPH_TICK_EVERY == 0)
			tick(tick_arg);
	}
}

void
c360_sort_pairs(int64_t *keys, int64_t *values, size_t n,
				C360GraphTick tick, void *tick_arg)
{
	int			depth = 0;
	size_t		m;

	/* Introsort's usual bound: 2 log2(n) partitions deep. */
	for (m = n; m > 1; m >>= 1)
		depth += 2;
	c360_sort_pairs_depth(keys, values, n, depth, tick, tick_arg);
}

void
c360_sort_pairs_depth(int64_t *keys, int64_t *values, size_t n, int depth,
					  C360GraphTick tick, void *tick_arg)
{
	struct
	{
		size_t		lo;
		size_t		hi;			/* exclusive */
		int			depth;		/* partitions left before heapsort */
	}			stack[64];
	int			top = 0;
	size_t		i;

	if (n < 2)
		return;
	if (depth < 0)
		depth = 0;

	/*
	 * Quicksort with median-of-three pivots, leaving ranges of SORT_SMALL or
	 * fewer for one insertion sort at the end.  The larger side is pushed
	 * and the smaller processed at once, so the stack never holds more than
	 * log2(n) entries; a range that partitions badly too often is heapsorted.
	 */
	stack[top].lo = 0;
	stack[top].hi = n;
	stack[top].depth = depth;
	top++;
	while (top > 0)
	{
		size_t		lo,
					hi;

		top--;
		lo = stack[top].lo;
		hi = stack[top].hi;
		depth = stack[top].depth;
		while (hi - lo > SORT_SMALL)
		{
			size_t		mid = lo + (hi - lo) / 2;
			size_t		last = hi - 1;
			int64_t		pivot_key;
			int64_t		pivot_value;
			size_t		left,
						right;

			if (depth == 0)
			{
				heap_sort_pairs(keys, values, lo, hi, tick, tick_arg);
				break;
			}
			depth--;
			if (tick != NULL && hi - lo >= C360_GRAPH_TICK_EVERY)
				tick(tick_arg);

			/* Order lo, mid, last; the median (at mid) is the pivot. */
			if (pair_less(keys, values, mid, lo))
				pair_swap(keys, values, mid, lo);
			if (pair_less(keys, values, last, mid))
			{
				pair_swap(keys, values, last, mid);
				if (pair_less(keys, values, mid, lo))
					pair_swap(keys, values, mid, lo);
			}
			pivot_key = keys[mid];
			pivot_value = values[mid];

			/*
			 * Hoare partition of [lo+1, last-1]: keys[lo] <= pivot and
			 * keys[last] >= pivot stop the scans at the ends.
			 */
			left = lo;
			right = last;
			for (;;)
			{
				do
					left++;
				while (pair_less_than(keys, values, left, pivot_key, pivot_value));
				do
					right--;
				while (pair_greater_than(keys, values, right, pivot_key, pivot_value));
				if (left >= right)
					break;
				pair_swap(keys, values, left, right);
			}
			/* Now [lo, right] <= pivot <= [right + 1, hi). */
			if (right + 1 - lo < hi - (right + 1))
			{
				C360_ASSERT(top < 64);
				stack[top].lo = right + 1;
				stack[top].hi = hi;
				stack[top].depth = depth;
				top++;
				hi = right + 1;
			}
			else
			{
				C360_ASSERT(top < 64);
				stack[top].lo = lo;
				stack[top].hi = right + 1;
				stack[top].depth = depth;
				top++;
				lo = right + 1;
			}
		}
	}

	/* Every element is now within SORT_SMALL places of where it belongs. */
	for (i = 1; i < n; i++)
	{
		int64_t		k = keys[i];
		int64_t		v = values[i];
		size_t		j = i;

		while (j > 0 && pair_greater_than(keys, values, j - 1, k, v))
		{
			keys[j] = keys[j - 1];
			values[j] = values[j - 1];
			j--;
		}
		keys[j] = k;
		values[j] = v;
		if (tick != NULL && i % C360_GRAPH_TICK_EVERY == 0)
			tick(tick_arg);
	}
}

/* ------------------------------------------------------------ components */

/*
 * Keys: an id with its sign bit flipped, so that unsigned order is id order
 * and a window [base, base + window) never wraps.
 */
#define KEY_SIGN (UINT64_C(1) << 63)

/* finish: set on a root's rank once its parent slot holds its component */
#define RANK_NUMBERED 0x80

static inline uint64_t
id_key(int64_t id)
{
	return (uint64_t) id ^ KEY_SIGN;
}

static inline int64_t
key_id(uint64_t key)
{
	return (int64_t) (key ^ KEY_SIGN);
}

/* Calls the tick every C360_GRAPH_TICK_EVERY steps (a power of two). */
static inline void
tick_at(const C360Components *c, uint64_t step)
{
	if (c->tick != NULL && (step & (C360_GRAPH_TICK_EVERY - 1)) == C360_GRAPH_TICK_EVERY - 1)
		c->tick(c->tick_arg);
}

/* Like c360_budget_allows, but a "no" is an answer, not a refusal. */
static inline bool
budget_fits(const C360MemBudget *budget, size_t peak_bytes)
{
	return peak_bytes <= budget->limit;
}

void
c360_components_init(C360Components *c, C360MemBudget *budget,
					 C360GraphTick tick, void *tick_arg)
{
	memset(c, 0, sizeof(*c));
	c360_idmap_init(&c->map, budget, tick, tick_arg);
	c360_uf_init(&c->uf, budget);
	c->budget = budget;
	c->tick = tick;
	c->tick_arg = tick_arg;
	c->probation = C360_WINDOW_PROBATION;
	c->min_key = UINT64_MAX;
	c->max_key = 0;
}

bool
c360_window_allowed(uint64_t slots, uint32_t count)
{
	return slots > 0 && slots <= C360_WINDOW_MAX &&
		slots <= (uint64_t) C360_WINDOW_DENSITY * count;
}

/* The window's root of slot x, halving the path on the way. */
static inline uint32_t
window_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x)
	{
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* Slot w holds a node from now on (a singleton if it was empty). */
static inline void
window_take(C360Components *c, uint32_t w)
{
	if (c->parent[w] == C360_NO_SLOT)
	{
		c->parent[w] = w;
		c->window_count++;
	}
}

/* Union by rank of the sets of slots a and b (both taken). */
static inline void
window_union(C360Components *c, uint32_t a, uint32_t b)
{
	uint32_t   *parent = c->parent;
	uint8_t    *rank = c->rank;

	a = window_find(parent, a);
	b = window_find(parent, b);
	if (a == b)
		return;
	if (rank[a] < rank[b])
	{
		uint32_t	t = a;

		a = b;
		b = t;
	}
	parent[b] = a;
	if (rank[a] == rank[b])
		rank[a]++;
}

static void
free_window(C360Components *c)
{
	c360_budget_free(c->budget, c->parent, (size_t) c->window * sizeof(uint32_t));
	c360_budget_free(c->budget, c->rank, (size_t) c->window);
	c->parent = NULL;
	c->rank = NULL;
}

/*
 * Moves a graph from the hash layout to a window over the keys it has seen,
 * when that window is allowed and fits the budget beside the hash layout
 * for the moment of the move; otherwise the graph keeps the hash layout
 * until its node count has doubled.  Nothing fails.
 */
static void
try_window(C360Components *c)
{
	C360MemBudget *budget = c->budget;
	uint32_t	n = c->map.count;
	uint64_t	slots = 1;
	uint64_t	spare;
	uint64_t	base;
	size_t		parent_bytes,
				rank_bytes;
	uint32_t   *parent;
	uint8_t    *rank;
	uint32_t	i;

	if (n == 0)
		return;
	c->probation = n <= UINT32_MAX / 2 ? 2 * n : UINT32_MAX;
	if (c->max_key - c->min_key >= C360_WINDOW_MAX)
		return;
	while (slots < c->max_key - c->min_key + 1)
		slots *= 2;
	if (!c360_window_allowed(slots, n))
		return;
	parent_bytes = (size_t) slots * sizeof(uint32_t);
	rank_bytes = (size_t) slots;
	if (!budget_fits(budget, budget->used + parent_bytes + rank_bytes))
		return;

	/*
	 * The spare slots go half below, half above the range seen: ids that
	 * come in random order may still come from either side of it.
	 */
	spare = slots - (c->max_key - c->min_key + 1);
	base = c->min_key >= spare / 2 ? c->min_key - spare / 2 : 0;
	if (base > UINT64_MAX - (slots - 1))
		base = UINT64_MAX - (slots - 1);
	parent = c360_budget_alloc(budget, parent_bytes);
	rank = c360_budget_alloc(budget, rank_bytes);
	memset(parent, 0xFF, parent_bytes);
	memset(rank, 0, rank_bytes);

	/* Each node points straight at its root, which keeps its rank. */
	for (i = 0; i < n; i++)
	{
		uint32_t	root = c360_uf_find(&c->uf, i);
		uint32_t	slot = (uint32_t) (id_key(c->map.ids[i]) - base);

		C360_ASSERT(id_key(c->map.ids[i]) - base < slots);
		parent[slot] = (uint32_t) (id_key(c->map.ids[root]) - base);
		if (root == i)
			rank[slot] = c->uf.rank[i];
		tick_at(c, i);
	}
	c360_uf_free(&c->uf);
	c360_idmap_free(&c->map);
	c->base = base;
	c->window = (uint32_t) slots;
	c->window_count = n;
	c->parent = parent;
	c->rank = rank;
}

/*
 * Moves a graph from its window back to the hash layout (an id came that
 * no allowed window covers), with room for one more node; a window is
 * tried again when the node count has doubled.  Refused (OVER_BUDGET or
 * TOO_MANY_NODES) when the hash layout does not fit beside the window; the
 * window is then kept as it was.
 */
static C360GraphStatus
leave_window(C360Components *c)
{
	C360MemBudget *budget = c->budget;
	uint32_t	n = c->window_count;
	uint32_t	capacity = INITIAL_CAPACITY;
	uint32_t   *parent = c->parent;
	uint32_t	w;
	uint32_t	d;
	C360GraphStatus status;

	/* room for the node that did not fit the window, too */
	while (capacity <= n)
		capacity *= 2;
	if (capacity > c->map.max_capacity)
		return C360_GRAPH_TOO_MANY_NODES;
	/* ids and slots (16 bytes), parents and ranks (5), all at once */
	if (!c360_budget_allows(budget, budget->used + (size_t) capacity * 21))
		return C360_GRAPH_OVER_BUDGET;
	while (c->map.capacity < capacity)
	{
		status = c360_idmap_grow(&c->map);
		C360_ASSERT(status == C360_GRAPH_OK);
	}
	status = c360_uf_reserve(&c->uf, capacity);
	C360_ASSERT(status == C360_GRAPH_OK);

	/*
	 * Slots point straight at their roots; the ids go in in key order, and
	 * the smallest and largest keys are known again for the next try.
	 */
	c->min_key = UINT64_MAX;
	c->max_key = 0;
	for (w = 0; w < c->window; w++)
	{
		if (parent[w] != C360_NO_SLOT)
		{
			uint32_t	index;
			bool		added;

			if (c->min_key == UINT64_MAX)
				c->min_key = c->base + w;
			c->max_key = c->base + w;

			parent[w] = window_find(parent, w);
			status = c360_idmap_intern(&c->map, key_id(c->base + w), &index, &added);
			C360_ASSERT(status == C360_GRAPH_OK && added);
			if (c360_uf_add(&c->uf) != index)
				C360_ASSERT(!"union-find out of step with the id map");
		}
		tick_at(c, w);
	}
	/* Index d is the d-th taken slot; roots keep their ranks. */
	d = 0;
	for (w = 0; w < c->window; w++)
	{
		if (parent[w] == C360_NO_SLOT)
			continue;
		if (parent[w] == w)
			c->uf.rank[d] = c->rank[w];
		else
			c->uf.parent[d] = (uint32_t) c360_idmap_lookup(&c->map, key_id(c->base + parent[w]));
		d++;
		tick_at(c, w);
	}
	free_window(c);
	c->window = 0;
	c->window_count = 0;
	c->probation = n <= UINT32_MAX / 2 ? 2 * n : UINT32_MAX;
	return C360_GRAPH_OK;
}

/*
 * Makes the window cover key: doubles it (at least) toward the key, or, if
 * no allowed window covers it or the budget has no room for the doubled
 * window beside the old one, leaves the window for the hash layout (check
 * c->window afterwards), which may still fit: a refusal comes only when
 * neither does, and then reports what the hash layout needed.
 */
static C360GraphStatus
window_cover(C360Components *c, uint64_t key)
{
	C360MemBudget *budget = c->budget;
	uint64_t	old_top = c->base + (c->window - 1);
	uint64_t	lo = key < c->base ? key : c->base;
	uint64_t	hi = key > old_top ? key : old_top;
	uint64_t	slots = (uint64_t) c->window * 2;
	uint64_t	base;
	uint64_t	shift;
	size_t		parent_bytes,
				rank_bytes;
	uint32_t   *parent;
	uint8_t    *rank;
	uint32_t	w;

	if (key - c->base < c->window)
		return C360_GRAPH_OK;
	if (hi - lo >= C360_WINDOW_MAX)
		return leave_window(c);
	while (slots < hi - lo + 1)
		slots *= 2;
	if (slots > C360_WINDOW_MAX)
		return leave_window(c);
	parent_bytes = (size_t) slots * sizeof(uint32_t);
	rank_bytes = (size_t) slots;
	/* Too sparse, or no room to double beside itself: the hash layout. */
	if (!c360_window_allowed(slots, c->window_count + 1) ||
		!budget_fits(budget, budget->used + parent_bytes + rank_bytes))
		return leave_window(c);

	/* Grow up from the old base, or down from the old top; never wrap. */
	if (key > old_top)
		base = c->base <= UINT64_MAX - (slots - 1) ? c->base : UINT64_MAX - (slots - 1);
	else
		base = old_top >= slots - 1 ? old_top - (slots - 1) : 0;
	C360_ASSERT(base <= lo && hi - base < slots);
	shift = c->base - base;

	parent = c360_budget_alloc(budget, parent_bytes);
	rank = c360_budget_alloc(budget, rank_bytes);
	memset(parent, 0xFF, parent_bytes);
	memset(rank, 0, rank_bytes);
	memcpy(rank + shift, c->rank, c->window);
	for (w = 0; w < c->window; w++)
	{
		if (c->parent[w] != C360_NO_SLOT)
			parent[w + shift] = c->parent[w] + (uint32_t) shift;
		tick_at(c, w);
	}
	free_window(c);
	c->base = base;
	c->window = (uint32_t) slots;
	c->parent = parent;
	c->rank = rank;
	return C360_GRAPH_OK;
}

/*
 * Hash layout: the index of id, adding it to the map and to the union-find
 * when new.  Both structures are grown before anything is added, so a
 * refusal leaves them consistent (the union-find always has room for every
 * map entry).
 */
static C360GraphStatus
intern_node(C360Components *c, int64_t id, uint32_t *index)
{
	C360GraphStatus status;
	bool		added;
	uint64_t	key;

	C360_ASSERT(!c->finished);
	if (c->map.count == c->map.capacity)
	{
		int64_t		known = c360_idmap_lookup(&c->map, id);

		if (known >= 0)
		{
			*index = (uint32_t) known;
			return C360_GRAPH_OK;
		}
		status = c360_idmap_grow(&c->map);
		if (status != C360_GRAPH_OK)
			return status;
	}
	if (c->uf.capacity <= c->map.count)
	{
		status = c360_uf_reserve(&c->uf, c->map.capacity);
		if (status != C360_GRAPH_OK)
			return status;
	}
	status = c360_idmap_intern(&c->map, id, index, &added);
	C360_ASSERT(status == C360_GRAPH_OK);
	if (added)
	{
		if (c360_uf_add(&c->uf) != *index)
			C360_ASSERT(!"union-find out of step with the id map");
		key = id_key(id);
		if (key < c->min_key)
			c->min_key = key;
		if (key > c->max_key)
			c->max_key = key;
	}
	return C360_GRAPH_OK;
}

/* After a hash-layout step: time for a window? */
static inline void
after_hash_step(C360Components *c)
{
	if (c->map.count >= c->probation)
		try_window(c);
}

C360GraphStatus
c360_components_add_node(C360Components *c, int64_t id)
{
	C360GraphStatus status;
	uint32_t	index;

	C360_ASSERT(!c->finished);
	if (c->window > 0)
	{
		status = window_cover(c, id_key(id));
		if (status != C360_GRAPH_OK)
			return status;
		if (c->window > 0)
		{
			window_take(c, (uint32_t) (id_key(id) - c->base));
			return C360_GRAPH_OK;
		}
	}
	status = intern_node(c, id, &index);
	if (status == C360_GRAPH_OK)
		after_hash_step(c);
	return status;
}

C360GraphStatus
c360_components_add_edge(C360Components *c, int64_t source, int64_t target)
{
	C360GraphStatus status;
	uint32_t	a,
				b;

	C360_ASSERT(!c->finished);
	if (c->window > 0)
	{
		uint64_t	s = id_key(source) - c->base;
		uint64_t	t = id_key(target) - c->base;

		/* The common case: both ends in the window already. */
		if (s >= c->window || t >= c->window)
		{
			status = window_cover(c, id_key(source));
			if (status == C360_GRAPH_OK && c->window > 0)
				status = window_cover(c, id_key(target));
			if (status != C360_GRAPH_OK)
				return status;
			s = id_key(source) - c->base;
			t = id_key(target) - c->base;
		}
		if (c->window > 0)
		{
			window_take(c, (uint32_t) s);
			if (s != t)
			{
				window_take(c, (uint32_t) t);
				window_union(c, (uint32_t) s, (uint32_t) t);
			}
			return C360_GRAPH_OK;
		}
		/* the graph left its window: on in the hash layout */
	}

	status = intern_node(c, source, &a);
	if (status != C360_GRAPH_OK)
		return status;
	if (target != source)
	{
		status = intern_node(c, target, &b);
		if (status != C360_GRAPH_OK)
			return status;
		c360_uf_union(&c->uf, a, b);
	}
	after_hash_step(c);
	return C360_GRAPH_OK;
}

/*
 * Window layout: a counting sort.  Components are numbered in the order of
 * their smallest slot, each slot's component counted, then the slots placed
 * in ascending order into their component's rows: no comparisons, two
 * passes over the window and one over the nodes.
 */
static C360GraphStatus
finish_window(C360Components *c)
{
	C360MemBudget *budget = c->budget;
	uint32_t	n = c->window_count;
	uint32_t	slots = c->window;
	uint32_t   *parent = c->parent;
	uint8_t    *rank = c->rank;
	size_t		ends_bytes;
	size_t		order_bytes = (size_t) (n > 0 ? n : 1) * sizeof(uint32_t);
	uint32_t   *ends;
	uint32_t   *order;
	uint32_t	roots = 0;
	uint32_t	components = 0;
	uint32_t	sum = 0;
	uint32_t	w;
	uint32_t	k;

	/*
	 * Every taken slot points straight at its root; the roots are counted.
	 * (This changes no set, so a refusal below leaves a valid graph.)
	 */
	for (w = 0; w < slots; w++)
	{
		if (parent[w] != C360_NO_SLOT)
		{
			parent[w] = window_find(parent, w);
			if (parent[w] == w)
				roots++;
		}
		tick_at(c, w);
	}

	/* ends while the window is whole, then order once the ranks are gone */
	ends_bytes = ((size_t) roots + 1) * sizeof(uint32_t);
	if (!c360_budget_allows(budget, budget->used + ends_bytes) ||
		!c360_budget_allows(budget, budget->used + ends_bytes - slots + order_bytes))
		return C360_GRAPH_OVER_BUDGET;
	ends = c360_budget_alloc(budget, ends_bytes);
	memset(ends, 0, ends_bytes);

	/*
	 * In ascending order, a component gets its number when its first (so
	 * smallest) slot is met; the number goes into its root's parent slot,
	 * flagged in the root's rank, and then into every member's.
	 */
	for (w = 0; w < slots; w++)
	{
		uint32_t	root = parent[w];

		if (root == C360_NO_SLOT)
			k = C360_NO_SLOT;
		else if (rank[w] & RANK_NUMBERED)
			k = root;			/* w is a numbered root: this is its number */
		else if (root != w && (rank[root] & RANK_NUMBERED))
			k = parent[root];
		else
		{
			k = components++;
			rank[root] |= RANK_NUMBERED;
			parent[root] = k;
		}
		if (k != C360_NO_SLOT)
		{
			parent[w] = k;
			ends[k]++;
		}
		tick_at(c, w);
	}
	C360_ASSERT(components == roots);
	c360_budget_free(budget, rank, slots);
	c->rank = NULL;

	/* counts to starts, then each start moves to its component's end */
	for (k = 0; k < components; k++)
	{
		uint32_t	size = ends[k];

		ends[k] = sum;
		sum += size;
	}
	C360_ASSERT(sum == n);
	order = c360_budget_alloc(budget, order_bytes);
	for (w = 0; w < slots; w++)
	{
		if (parent[w] != C360_NO_SLOT)
			order[ends[parent[w]]++] = w;
		tick_at(c, w);
	}
	c360_budget_free(budget, parent, (size_t) slots * sizeof(uint32_t));
	c->parent = NULL;

	c->order = order;
	c->ends = ends;
	c->count = n;
	c->components = components;
	c->finished = true;
	return C360_GRAPH_OK;
}

/* Hash layout: labels by root, then a sort of (label, id) pairs. */
static C360GraphStatus
finish_hash(C360Components *c)
{
	C360MemBudget *budget = c->budget;
	uint32_t	n = c->map.count;
	size_t		slots_bytes = (size_t) c->map.capacity * 2 * sizeof(uint32_t);
	size_t		labels_bytes = (size_t) (n > 0 ? n : 1) * sizeof(int64_t);
	const int64_t *ids = c->map.ids;
	int64_t    *labels;
	uint32_t	components = 0;
	uint32_t	i;

	C360_ASSERT(c->uf.count == n);
	if (!c360_budget_allows(budget, budget->used - slots_bytes + labels_bytes))
		return C360_GRAPH_OVER_BUDGET;

	/* The hash table is no longer needed: its bytes pay for the labels. */
	c360_budget_free(budget, c->map.slots, slots_bytes);
	c->map.slots = NULL;
	labels = c360_budget_alloc(budget, labels_bytes);

	/*
	 * labels[root] collects the smallest id of each root's set; then each
	 * node copies its root's.  A root's entry is final when first read in
	 * the second pass, because the first pass has finished.
	 */
	for (i = 0; i < n; i++)
		labels[i] = ids[i];
	for (i = 0; i < n; i++)
	{
		uint32_t	root = c360_uf_find(&c->uf, i);

		if (ids[i] < labels[root])
			labels[root] = ids[i];
		if (root == i)
			components++;
		tick_at(c, i);
	}
	for (i = 0; i < n; i++)
	{
		/* Paths are fully compressed by now: parent is the root. */
		labels[i] = labels[c->uf.parent[i]];
		tick_at(c, i);
	}
	c360_uf_free(&c->uf);

	c360_sort_pairs(labels, c->map.ids, n, c->tick, c->tick_arg);

	c->hash_labels = labels;
	c->hash_nodes = c->map.ids;
	c->count = n;
	c->components = components;
	c->finished = true;
	return C360_GRAPH_OK;
}

C360GraphStatus
c360_components_finish(C360Components *c)
{
	C360_ASSERT(!c->finished);
	return c->window > 0 ? finish_window(c) : finish_hash(c);
}

void
c360_components_free(C360Components *c)
{
	C360MemBudget *budget = c->budget;

	if (c->hash_labels != NULL)
		c360_budget_free(budget, c->hash_labels,
						 (size_t) (c->count > 0 ? c->count : 1) * sizeof(int64_t));
	c->hash_labels = NULL;
	c->hash_nodes = NULL;
	if (c->order != NULL)
	{
		c360_budget_free(budget, c->order,
						 (size_t) (c->count > 0 ? c->count : 1) * sizeof(uint32_t));
		c360_budget_free(budget, c->ends, ((size_t) c->components + 1) * sizeof(uint32_t));
	}
	c->order = NULL;
	c->ends = NULL;
	if (c->parent != NULL)
		c360_budget_free(budget, c->parent, (size_t) c->window * sizeof(uint32_t));
	if (c->rank != NULL)
		c360_budget_free(budget, c->rank, (size_t) c->window);
	c->parent = NULL;
	c->rank = NULL;
	c->window = 0;
	c->window_count = 0;
	c->count = 0;
	c->components = 0;
	c360_uf_free(&c->uf);
	c360_idmap_free(&c->map);
}
