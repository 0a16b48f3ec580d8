/*
 * block_pairs.c: candidate pairs from blocking-key hashes (see block_pairs.h).
 */
#include <stdbool.h>
#include <string.h>

#include "../common/c360_alloc.h"
#include "../common/c360_assert.h"
#include "block_pairs.h"

/* Pairs considered between two calls of the caller's tick. */
#define TICK_PAIRS (1u << 22)

static inline int
entry_cmp(const C360BlockEntry *x, const C360BlockEntry *y)
{
	if (x->hash_hi != y->hash_hi)
		return x->hash_hi < y->hash_hi ? -1 : 1;
	if (x->hash_lo != y->hash_lo)
		return x->hash_lo < y->hash_lo ? -1 : 1;
	if (x->record != y->record)
		return x->record < y->record ? -1 : 1;
	return 0;
}

static inline void
entry_swap(C360BlockEntry *x, C360BlockEntry *y)
{
	C360BlockEntry t = *x;

	*x = *y;
	*y = t;
}

/* Top bits of the hash that spread the entries over buckets first. */
#define RADIX_BITS 11
#define RADIX_BUCKETS (1u << RADIX_BITS)

static inline uint32_t
entry_bucket(const C360BlockEntry *x)
{
	return x->hash_hi >> (32 - RADIX_BITS);
}

/*
 * In place: quicksort with three-way partitioning (a block's entries share
 * a hash, and junk keys share one by the thousand), the smaller side sorted
 * first and the larger kept on an explicit stack, under 64 ranges; small
 * ranges by insertion.  No allocation: the entries are most of the memory.
 */
static void
quicksort_entries(C360BlockEntry *e, size_t n)
{
	size_t		lo_stack[64],
				hi_stack[64];
	int			top = 0;

	if (n < 2)
		return;
	lo_stack[0] = 0;
	hi_stack[0] = n;
	top = 1;
	while (top > 0)
	{
		size_t		lo,
					hi;

		top--;
		lo = lo_stack[top];
		hi = hi_stack[top];
		while (hi - lo > 16)
		{
			size_t		mid = lo + (hi - lo) / 2;
			C360BlockEntry pivot;
			size_t		lt,
						gt,
						i;

			/* median of three as the pivot */
			if (entry_cmp(&e[mid], &e[lo]) < 0)
				entry_swap(&e[mid], &e[lo]);
			if (entry_cmp(&e[hi - 1], &e[lo]) < 0)
				entry_swap(&e[hi - 1], &e[lo]);
			if (entry_cmp(&e[hi - 1], &e[mid]) < 0)
				entry_swap(&e[hi - 1], &e[mid]);
			pivot = e[mid];
			/* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > pivot */
			lt = lo;
			gt = hi;
			i = lo;
			while (i < gt)
			{
				int			c = entry_cmp(&e[i], &pivot);

				if (c < 0)
					entry_swap(&e[i++], &e[lt++]);
				else if (c > 0)
					entry_swap(&e[i], &e[--gt]);
				else
					i++;
			}
			/*
			 * The larger side onto the stack and the smaller sorted next: each
			 * range on the stack is at most half of the one below it.
			 */
			{
				bool		left_larger = lt - lo > hi - gt;
				size_t		large_lo = left_larger ? lo : gt;
				size_t		large_hi = left_larger ? lt : hi;

				if (large_hi - large_lo > 1)
				{
					C360_ASSERT(top < 64);
					lo_stack[top] = large_lo;
					hi_stack[top] = large_hi;
					top++;
				}
				if (left_larger)
					lo = gt;
				else
					hi = lt;
			}
		}
		/* insertion sort of the short rest */
		{
			size_t		i;

			for (i = lo + 1; i < hi; i++)
			{
				C360BlockEntry x = e[i];
				size_t		j = i;

				while (j > lo && entry_cmp(&e[j - 1], &x) > 0)
				{
					e[j] = e[j - 1];
					j--;
				}
				e[j] = x;
			}
		}
	}
}

/*
 * Hashes are uniform, so one in-place pass by their top bits (American flag
 * sort: count, then move each entry to its bucket's next free place) leaves
 * buckets small enough to stay in cache while quicksort orders each; over
 * ten million entries that is about twice as fast as quicksort alone.
 */
static void
sort_entries(C360BlockEntry *e, size_t n, void (*tick) (void))
{
	size_t	   *start;
	size_t	   *next;
	uint32_t	b;
	size_t		i,
				sum = 0;

	if (n < 8 * RADIX_BUCKETS)
	{
		quicksort_entries(e, n);
		return;
	}
	start = c360_alloc_zero((RADIX_BUCKETS + 1) * sizeof(size_t));
	next = c360_alloc(RADIX_BUCKETS * sizeof(size_t));
	for (i = 0; i < n; i++)
		start[entry_bucket(&e[i]) + 1]++;
	for (b = 0; b < RADIX_BUCKETS; b++)
	{
		sum += start[b + 1];
		start[b + 1] = sum;
		next[b] = start[b];
	}
	for (b = 0; b < RADIX_BUCKETS; b++)
	{
		while (next[b] < start[b + 1])
		{
			C360BlockEntry v = e[next[b]];
			uint32_t	d = entry_bucket(&v);

			/* carry v to its bucket, taking the entry found there, until
			 * one belongs here */
			while (d != b)
			{
				C360BlockEntry t = e[next[d]];

				e[next[d]++] = v;
				v = t;
				d = entry_bucket(&v);
			}
			e[next[b]++] = v;
		}
	}
	if (tick)
		tick();
	for (b = 0; b < RADIX_BUCKETS; b++)
	{
		quicksort_entries(e + start[b], start[b + 1] - start[b]);
		if (tick && (b & 63) == 63)
			tick();
	}
	c360_free(next);
	c360_free(start);
}

static inline bool
same_hash(const C360BlockEntry *x, const C360BlockEntry *y)
{
	return x->hash_hi == y->hash_hi && x->hash_lo == y->hash_lo;
}

size_t
c360_block_index_bytes(size_t n_entries, uint32_t n_records)
{
	/*
	 * Entries, then at most every entry in a block (two uint32 per entry,
	 * one per direction) and the two offset arrays; blocks are at most half
	 * the entries.
	 */
	return n_entries * sizeof(C360BlockEntry) + n_entries * 2 * sizeof(uint32_t) +
		((size_t) n_records + 1) * sizeof(uint32_t) + (n_entries / 2 + 1) * sizeof(uint32_t);
}

void
c360_block_index_build(C360BlockEntry *entries, size_t n_entries, uint32_t n_records,
					   uint32_t max_block_size, C360BlockIndex *index, void (*tick) (void))
{
	size_t		i,
				run_end,
				n_members = 0;
	uint32_t	n_blocks = 0;
	uint32_t   *fill;

	C360_ASSERT(max_block_size >= 2);
	memset(index, 0, sizeof(*index));
	index->n_records = n_records;
	sort_entries(entries, n_entries, tick);

	/* Drop repeated (hash, record) entries, in place. */
	if (n_entries > 0)
	{
		size_t		w = 1;

		for (i = 1; i < n_entries; i++)
			if (entry_cmp(&entries[i], &entries[w - 1]) != 0)
				entries[w++] = entries[i];
		n_entries = w;
	}

	/* Count the blocks and their members. */
	for (i = 0; i < n_entries; i = run_end)
	{
		run_end = i + 1;
		while (run_end < n_entries && same_hash(&entries[run_end], &entries[i]))
			run_end++;
		if (run_end - i >= 2 && run_end - i <= max_block_size)
		{
			n_blocks++;
			n_members += run_end - i;
		}
	}
	index->n_blocks = n_blocks;
	index->block_start = c360_alloc(((size_t) n_blocks + 1) * sizeof(uint32_t));
	index->block_records = c360_alloc((n_members ? n_members : 1) * sizeof(uint32_t));
	index->record_start = c360_alloc_zero(((size_t) n_records + 1) * sizeof(uint32_t));
	index->record_blocks = c360_alloc((n_members ? n_members : 1) * sizeof(uint32_t));

	/* Each block's records, ascending (the sort's order within a hash). */
	n_blocks = 0;
	n_members = 0;
	for (i = 0; i < n_entries; i = run_end)
	{
		run_end = i + 1;
		while (run_end < n_entries && same_hash(&entries[run_end], &entries[i]))
			run_end++;
		if (run_end - i >= 2 && run_end - i <= max_block_size)
		{
			size_t		j;

			index->block_start[n_blocks++] = (uint32_t) n_members;
			for (j = i; j < run_end; j++)
			{
				C360_ASSERT(entries[j].record < n_records);
				index->block_records[n_members++] = entries[j].record;
				index->record_start[entries[j].record + 1]++;
			}
		}
	}
	index->block_start[n_blocks] = (uint32_t) n_members;

	/* Each record's blocks, ascending: a counting transpose in block order. */
	for (i = 0; i < n_records; i++)
		index->record_start[i + 1] += index->record_start[i];
	fill = c360_alloc(((size_t) n_records + 1) * sizeof(uint32_t));
	memcpy(fill, index->record_start, ((size_t) n_records + 1) * sizeof(uint32_t));
	for (i = 0; i < n_blocks; i++)
	{
		uint32_t	j;

		for (j = index->block_start[i]; j < index->block_start[i + 1]; j++)
			index->record_blocks[fill[index->block_records[j]]++] = (uint32_t) i;
	}
	c360_free(fill);
}

void
c360_block_index_free(C360BlockIndex *index)
{
	c360_free(index->block_start);
	c360_free(index->block_records);
	c360_free(index->record_start);
	c360_free(index->record_blocks);
	memset(index, 0, sizeof(*index));
}

/* Whether records a and b share a block numbered below t. */
static inline bool
share_earlier_block(const C360BlockIndex *index, uint32_t a, uint32_t b, uint32_t t)
{
	const uint32_t *x = index->record_blocks + index->record_start[a];
	const uint32_t *x_end = index->record_blocks + index->record_start[a + 1];
	const uint32_t *y = index->record_blocks + index->record_start[b];
	const uint32_t *y_end = index->record_blocks + index->record_start[b + 1];

	while (x < x_end && y < y_end && *x < t && *y < t)
	{
		if (*x == *y)
			return true;
		if (*x < *y)
			x++;
		else
			y++;
	}
	return false;
}

static inline bool
is_marked(const uint8_t *marked, uint32_t r)
{
	return (marked[r >> 3] >> (r & 7)) & 1;
}

uint64_t
c360_block_pairs(const C360BlockIndex *index, const uint8_t *marked,
				 C360PairVisit visit, void *arg, void (*tick) (void))
{
	return c360_block_pairs_range(index, marked, 0, index->n_blocks, visit, arg, tick);
}

uint64_t
c360_block_pairs_range(const C360BlockIndex *index, const uint8_t *marked,
					   uint32_t first_block, uint32_t end_block,
					   C360PairVisit visit, void *arg, void (*tick) (void))
{
	uint64_t	visited = 0;
	uint32_t	t;
	uint32_t	since_tick = 0;

	C360_ASSERT(first_block <= end_block && end_block <= index->n_blocks);
	for (t = first_block; t < end_block; t++)
	{
		const uint32_t *r = index->block_records + index->block_start[t];
		uint32_t	k = index->block_start[t + 1] - index->block_start[t];
		uint32_t	i,
					j;

		for (i = 0; i < k; i++)
		{
			bool		i_marked = marked == NULL || is_marked(marked, r[i]);

			for (j = i + 1; j < k; j++)
			{
				if (!i_marked && !is_marked(marked, r[j]))
					continue;
				if (share_earlier_block(index, r[i], r[j], t))
					continue;
				visited++;
				if (!visit(r[i], r[j], arg))
					return visited;
			}
			since_tick += k - i;
			if (since_tick >= TICK_PAIRS && tick)
			{
				tick();
				since_tick = 0;
			}
		}
	}
	return visited;
}
