/*
 * match_key_fmgr.h: c360.match_key datums for other fmgr files.
 */
#ifndef C360_MATCH_KEY_FMGR_H
#define C360_MATCH_KEY_FMGR_H

#include "postgres.h"
#include "fmgr.h"

#include "match_key.h"

/*
 * The key inside a detoasted c360.match_key datum.  PG_DETOAST_DATUM (not
 * the _PACKED form) gives a 4-byte header, so the key is 4-byte aligned.
 */
static inline const C360MatchKey *
c360_datum_match_key(Datum d, size_t *size)
{
	struct varlena *v = PG_DETOAST_DATUM(d);

	if (size)
		*size = VARSIZE(v) - VARHDRSZ;
	return (const C360MatchKey *) VARDATA(v);
}

#define PG_GETARG_MATCH_KEY(n) c360_datum_match_key(PG_GETARG_DATUM(n), NULL)

#endif							/* C360_MATCH_KEY_FMGR_H */
