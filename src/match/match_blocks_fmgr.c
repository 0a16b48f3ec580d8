/*
 * match_blocks_fmgr.c: c360.record_blocks(key) -> text[], the blocking keys
 * of a match key (match_blocks.h); c360.record_block_hashes(key) -> int8[],
 * their 64-bit hashes by rule (a slot per rule, NULL where a record lacks
 * one), which c360.resolve() stores in c360.record.blocks with a btree per
 * slot (eight bytes a key instead of the text: smaller indexes, and integer
 * grouping when blocking many records); and
 * c360.block_hash(text), to find the records holding a key.
 */
#include "postgres.h"

#include <string.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "glue.h"
#include "match_blocks.h"
#include "match_key_fmgr.h"

PG_FUNCTION_INFO_V1(c360_record_blocks);
PG_FUNCTION_INFO_V1(c360_record_block_hashes);
PG_FUNCTION_INFO_V1(c360_block_hash_text);

Datum
c360_record_blocks(PG_FUNCTION_ARGS)
{
	const C360MatchKey *key = PG_GETARG_MATCH_KEY(0);
	char	   *keys[C360_MATCH_BLOCK_RULES];
	Datum		elems[C360_MATCH_BLOCK_RULES];
	int			n,
				i;

	n = c360_match_blocks(key, keys);
	for (i = 0; i < n; i++)
		elems[i] = PointerGetDatum(c360_cstring_text(keys[i]));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum
c360_record_block_hashes(PG_FUNCTION_ARGS)
{
	const C360MatchKey *key = PG_GETARG_MATCH_KEY(0);
	char	   *slots[C360_MATCH_BLOCK_RULES];
	Datum		elems[C360_MATCH_BLOCK_RULES];
	bool		nulls[C360_MATCH_BLOCK_RULES];
	int			dims[1] = {C360_MATCH_BLOCK_RULES};
	int			lbs[1] = {1};
	int			i;

	c360_match_block_slots(key, slots);
	for (i = 0; i < C360_MATCH_BLOCK_RULES; i++)
	{
		nulls[i] = slots[i] == NULL;
		elems[i] = nulls[i] ? (Datum) 0 : Int64GetDatum(c360_block_hash(slots[i], strlen(slots[i])));
	}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, dims, lbs, INT8OID, sizeof(int64),
											 FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum
c360_block_hash_text(PG_FUNCTION_ARGS)
{
	text	   *key = PG_GETARG_TEXT_PP(0);

	PG_RETURN_INT64(c360_block_hash(VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key)));
}
