/*
 * match_blocks.h: the blocking keys of a match key.
 *
 * Two records are candidate pairs when they share a blocking key.  Each key
 * is a conjunction of exact normalized values, so a typo in one attribute
 * is caught by another key, and double-metaphone codes catch spelling
 * variants of names.  A key is "<rule>:<value>|<value>...", the rule a
 * short tag so values of different rules never collide.
 */
#ifndef C360_MATCH_BLOCKS_H
#define C360_MATCH_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#include "match_key.h"

/* The most keys one record has (one per rule). */
#define C360_MATCH_BLOCK_RULES 15

/*
 * Fill keys[0..n) with the record's blocking keys (NUL-terminated strings
 * from c360_alloc, which the caller frees or lets the memory context go)
 * and return n; rules whose attributes are absent give no key.
 */
extern int	c360_match_blocks(const C360MatchKey *key, char *keys[C360_MATCH_BLOCK_RULES]);

/*
 * The same keys by rule: slots[i] is rule i's key, NULL when the record
 * lacks one of its attributes.  (c360.record stores the hashes by rule, so
 * that each rule's hashes have an index of their own.)
 */
extern void c360_match_block_slots(const C360MatchKey *key, char *slots[C360_MATCH_BLOCK_RULES]);

/*
 * The 64-bit hash c360.record stores a blocking key as (FNV-1a over the
 * bytes, then a murmur-style finalizer so that keys differing in their last
 * bytes spread over all 64 bits).  Fixed by this definition, independent of
 * the platform and of PostgreSQL's own hash functions, because stored
 * hashes outlive a dump and restore on another machine.  Two keys sharing a
 * hash only make a few extra candidate pairs, which scoring rejects.
 */
extern int64_t c360_block_hash(const char *key, size_t len);

#endif							/* C360_MATCH_BLOCKS_H */
