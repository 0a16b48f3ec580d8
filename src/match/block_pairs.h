/*
 * block_pairs.h: candidate pairs of records from their blocking-key hashes,
 * in memory.
 *
 * Two records are a candidate pair when they share a blocking key held by
 * at least 2 and at most max_block_size records (a key held by more is junk,
 * a placeholder or a common value, and forms no block).  A pair sharing
 * several keys is produced once: by the first block, in block order, the
 * two share.  That replaces a sort of every pair to drop duplicates: each
 * pair is checked against the two records' own (short) lists of blocks.
 *
 * Records are numbered 0..n-1 by the caller (positions, not ids).
 */
#ifndef C360_BLOCK_PAIRS_H
#define C360_BLOCK_PAIRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One blocking-key hash of one record; three words, 12 bytes, no padding. */
typedef struct C360BlockEntry
{
	uint32_t	hash_hi;
	uint32_t	hash_lo;
	uint32_t	record;
} C360BlockEntry;

/*
 * The blocks (keys held by 2..max_block_size records), both ways: each
 * block's records in ascending position, and each record's blocks in
 * ascending block number.  Arrays from c360_alloc.
 */
typedef struct C360BlockIndex
{
	uint32_t	n_records;
	uint32_t	n_blocks;
	uint32_t   *block_start;	/* n_blocks + 1 offsets into block_records */
	uint32_t   *block_records;
	uint32_t   *record_start;	/* n_records + 1 offsets into record_blocks */
	uint32_t   *record_blocks;
} C360BlockIndex;

static inline void
c360_block_entry_set(C360BlockEntry *e, int64_t hash, uint32_t record)
{
	e->hash_hi = (uint32_t) ((uint64_t) hash >> 32);
	e->hash_lo = (uint32_t) ((uint64_t) hash & 0xffffffffu);
	e->record = record;
}

/*
 * The bytes c360_block_index_build holds for this many entries (the sorted
 * entries are freed before it returns, so its peak is entries plus index).
 */
extern size_t c360_block_index_bytes(size_t n_entries, uint32_t n_records);

/*
 * Sorts entries[0..n_entries) in place (by hash, then record) and builds the
 * index.  Every entry's record must be < n_records.  A record holding one
 * hash twice counts once.  max_block_size >= 2.  tick (may be NULL) is
 * called now and then during the sort (a place to check for interrupts).
 */
extern void c360_block_index_build(C360BlockEntry *entries, size_t n_entries, uint32_t n_records,
								   uint32_t max_block_size, C360BlockIndex *index,
								   void (*tick) (void));

extern void c360_block_index_free(C360BlockIndex *index);

/*
 * Calls visit(a, b, arg) once for every candidate pair, a < b, in block
 * order.  When marked is not NULL (a bitmap over positions, bit i of
 * marked[i / 8]), only pairs with at least one marked record.  visit
 * returns false to stop early.  Returns the number of pairs visited.
 * tick (may be NULL) is called every few million pairs considered (a
 * place to check for interrupts).
 */
typedef bool (*C360PairVisit) (uint32_t a, uint32_t b, void *arg);

extern uint64_t c360_block_pairs(const C360BlockIndex *index, const uint8_t *marked,
								 C360PairVisit visit, void *arg, void (*tick) (void));

/*
 * The same for the blocks numbered first_block .. end_block - 1 only: the
 * pairs c360_block_pairs visits in those blocks, in the same order (a pair
 * belongs to the first block its records share, so ranges that cover the
 * blocks once visit every pair once).  Reads the index and marked only: any
 * number of calls may run at once on one index.
 */
extern uint64_t c360_block_pairs_range(const C360BlockIndex *index, const uint8_t *marked,
									   uint32_t first_block, uint32_t end_block,
									   C360PairVisit visit, void *arg, void (*tick) (void));

/* The pairs considered in a block of k records (an upper bound of its pairs). */
static inline uint64_t
c360_block_pair_work(const C360BlockIndex *index, uint32_t block)
{
	uint64_t	k = index->block_start[block + 1] - index->block_start[block];

	return k * (k - 1) / 2;
}

#endif							/* C360_BLOCK_PAIRS_H */
