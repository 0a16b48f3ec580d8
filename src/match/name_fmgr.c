/*
 * name_fmgr.c: SQL wrappers for person names and nicknames
 * (c360.parse_name, c360.normalize_name, c360.nickname_root).
 *
 * All the work is in name.c and nickname.c.  Nothing here looks at or
 * logs the data.  Every function's output is no longer than its input, so
 * the only memory that grows with the data is a copy or two of the input;
 * an input longer than work_mem is refused.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "glue.h"
#include "name.h"
#include "nickname.h"

PG_FUNCTION_INFO_V1(c360_parse_name);
PG_FUNCTION_INFO_V1(c360_normalize_name);
PG_FUNCTION_INFO_V1(c360_nickname_root);

static void
name_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * The UTF-8 bytes of text argument 0, after the work_mem check; also points
 * the scanner's interrupt hook at CHECK_FOR_INTERRUPTS.
 */
static const char *
name_argument(FunctionCallInfo fcinfo, const char *function, size_t *len)
{
	const char *s = c360_text_utf8_view(PG_GETARG_TEXT_PP(0), len);

	if (*len >= (size_t) work_mem * (size_t) 1024)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: input of %zu bytes does not fit in work_mem (%d kB)",
						function, *len, work_mem),
				 errhint("Raise work_mem above %zu kB, or pass a shorter value.",
						 *len / 1024 + 1)));
	c360_name_interrupt_hook = name_check_interrupts;
	return s;
}

/*
 * c360.parse_name(text) -> c360.person_name: the parts as written, NULL
 * for a part that is absent.
 */
Datum
c360_parse_name(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *s = name_argument(fcinfo, "parse_name", &len);
	TupleDesc	tupdesc;
	Datum		values[C360_NAME_PARTS];
	bool		nulls[C360_NAME_PARTS];
	C360Name	name;
	size_t		bufsize = len + 1;
	char	   *buf = palloc(bufsize);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("parse_name must be called where a c360.person_name row is expected")));
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != C360_NAME_PARTS)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("c360.person_name has %d attributes, expected %d",
						tupdesc->natts, C360_NAME_PARTS),
				 errhint("Reinstall the customer360 extension.")));

	c360_name_parse(s, len, &name);
	for (int part = 0; part < C360_NAME_PARTS; part++)
	{
		size_t		n;

		nulls[part] = !c360_name_has_part(&name, part);
		values[part] = (Datum) 0;
		if (nulls[part])
			continue;
		n = c360_name_part_text(s, &name, part, buf, bufsize);
		if (n >= bufsize)
		{
			/* cannot happen (a part is never longer than the input) */
			bufsize = n + 1;
			buf = repalloc(buf, bufsize);
			n = c360_name_part_text(s, &name, part, buf, bufsize);
		}
		values[part] = PointerGetDatum(c360_utf8_text(buf, n));
	}
	pfree(buf);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * c360.normalize_name(text) -> text: the comparison form, or NULL when
 * nothing of a name is left.
 */
Datum
c360_normalize_name(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *s = name_argument(fcinfo, "normalize_name", &len);
	size_t		bufsize = len + 1;
	char	   *buf = palloc(bufsize);
	size_t		n = c360_name_normalize(s, len, buf, bufsize);

	if (n == 0)
		PG_RETURN_NULL();
	if (n >= bufsize)
	{
		/* cannot happen (folding never lengthens text) */
		bufsize = n + 1;
		buf = repalloc(buf, bufsize);
		n = c360_name_normalize(s, len, buf, bufsize);
	}
	PG_RETURN_TEXT_P(c360_utf8_text(buf, n));
}

/*
 * c360.nickname_root(text) -> text: the formal root of a given name, or
 * the folded name itself; NULL when it has no letter.
 */
Datum
c360_nickname_root(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *s = name_argument(fcinfo, "nickname_root", &len);
	char	   *buf = palloc(len + 1);
	size_t		root_len;
	const char *root = c360_nickname_root_of(s, len, buf, len + 1, &root_len);

	if (root == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(c360_utf8_text(root, root_len));
}
