/*
 * address_fmgr.c: SQL wrappers for src/match/address.c.
 *
 *	c360.parse_address(text) -> c360.address_parts
 *	c360.normalize_address(text) -> text
 *
 * The work per call is bounded (C360_ADDRESS_MAX_INPUT bytes, one fixed
 * block of memory), so there is no interrupt check and no work_mem check.
 * A value too long to be an address is recognised from its size alone,
 * before it is detoasted or converted.
 */
#include "postgres.h"

#include "access/detoast.h"
#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "address.h"
#include "glue.h"

PG_FUNCTION_INFO_V1(c360_parse_address);
PG_FUNCTION_INFO_V1(c360_normalize_address);

/* The fields of c360.address_parts, in order. */
#define ADDRESS_PARTS_NATTS 7

/*
 * Whether a text datum is surely longer than C360_ADDRESS_MAX_INPUT bytes
 * of UTF-8.  Converting from any server encoding at most shrinks a
 * character from 4 bytes to 3, so twice the limit is safely too long.
 */
static bool
surely_too_long(Datum value)
{
	return toast_raw_datum_size(value) - VARHDRSZ > 2 * (Size) C360_ADDRESS_MAX_INPUT;
}

/* Parse argument 0; every component empty when it is too long. */
static void
parse_argument(FunctionCallInfo fcinfo, C360AddressParts *parts)
{
	const char *utf8;
	size_t		len;

	if (surely_too_long(PG_GETARG_DATUM(0)))
	{
		/* what c360_address_parse gives for C360_ADDRESS_TOO_LONG */
		memset(parts, 0, sizeof(*parts));
		return;
	}
	utf8 = c360_text_utf8_view(PG_GETARG_TEXT_PP(0), &len);
	(void) c360_address_parse(utf8, len, parts);
}

/* A component as a datum, NULL when empty. */
static Datum
part_datum(const char *part, bool *isnull)
{
	*isnull = part[0] == '\0';
	return *isnull ? (Datum) 0 : PointerGetDatum(c360_cstring_text(part));
}

/*
 * c360.parse_address(address text) -> c360.address_parts
 *
 * The unit field holds the unit designators and then any other secondary
 * text (C360AddressParts.extra), space separated.  Input with nothing of an
 * address, or too long to be one, gives a row whose fields are all NULL.
 */
Datum
c360_parse_address(PG_FUNCTION_ARGS)
{
	C360AddressParts parts;
	TupleDesc	tupdesc;
	Datum		values[ADDRESS_PARTS_NATTS];
	bool		nulls[ADDRESS_PARTS_NATTS];
	char		unit[2 * C360_ADDRESS_PART_SIZE];

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
		tupdesc->natts != ADDRESS_PARTS_NATTS)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("c360.parse_address must return c360.address_parts with %d fields",
						ADDRESS_PARTS_NATTS),
				 errhint("Reinstall the customer360 extension: its declaration does not match the library.")));
	tupdesc = BlessTupleDesc(tupdesc);

	parse_argument(fcinfo, &parts);

	strcpy(unit, parts.unit);
	if (parts.extra[0] != '\0')
	{
		if (unit[0] != '\0')
			strcat(unit, " ");
		strcat(unit, parts.extra);
	}

	values[0] = part_datum(parts.house_number, &nulls[0]);
	values[1] = part_datum(parts.street, &nulls[1]);
	values[2] = part_datum(unit, &nulls[2]);
	values[3] = part_datum(parts.city, &nulls[3]);
	values[4] = part_datum(parts.region, &nulls[4]);
	values[5] = part_datum(parts.postcode, &nulls[5]);
	values[6] = part_datum(parts.country, &nulls[6]);

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * c360.normalize_address(address text) -> text
 *
 * The canonical line (c360_address_format), or NULL for input with nothing
 * of an address or too long to be one.
 */
Datum
c360_normalize_address(PG_FUNCTION_ARGS)
{
	C360AddressParts parts;
	char		line[C360_ADDRESS_LINE_SIZE];
	size_t		len;

	parse_argument(fcinfo, &parts);
	len = c360_address_format(&parts, line);
	if (len == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(c360_utf8_text(line, len));
}
