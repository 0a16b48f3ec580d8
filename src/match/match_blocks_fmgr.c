/*
 * match_blocks_fmgr.c: c360.record_blocks(key) -> text[], the blocking keys
 * of a match key (match_blocks.h), which c360.resolve() stores in
 * c360.record.blocks under a GIN index.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "glue.h"
#include "match_blocks.h"
#include "match_key_fmgr.h"

PG_FUNCTION_INFO_V1(c360_record_blocks);

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
