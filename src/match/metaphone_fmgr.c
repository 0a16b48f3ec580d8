/*
 * metaphone_fmgr.c: SQL interface to the Double Metaphone codes.
 *
 *   c360.double_metaphone(text) RETURNS text[]	{primary, alternate}, or
 *												NULL when nothing encodes
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "glue.h"
#include "metaphone.h"

PG_FUNCTION_INFO_V1(c360_double_metaphone);

/* Lets query cancel interrupt the scan of a very large argument. */
static void
metaphone_check_interrupts(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

Datum
c360_double_metaphone(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	const char *utf8;
	size_t		len;
	char		primary[C360_METAPHONE_LEN + 1];
	char		alternate[C360_METAPHONE_LEN + 1];
	Datum		codes[2];

	utf8 = c360_text_utf8_view(name, &len);
	if (!c360_double_metaphone_codes_checked(utf8, len, primary, alternate,
											 metaphone_check_interrupts, NULL))
		PG_RETURN_NULL();

	/* The codes are ASCII, valid in every server encoding. */
	codes[0] = PointerGetDatum(cstring_to_text(primary));
	codes[1] = PointerGetDatum(cstring_to_text(alternate));
	PG_RETURN_ARRAYTYPE_P(construct_array(codes, 2, TEXTOID, -1, false, TYPALIGN_INT));
}
