/*
 * glue.c: text conversion between the server encoding and UTF-8.
 */
#include "postgres.h"

#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "glue.h"

char *
c360_text_utf8(text *t, size_t *len)
{
	const char *data = VARDATA_ANY(t);
	int			size = VARSIZE_ANY_EXHDR(t);
	char	   *converted;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		converted = (char *) pg_do_encoding_conversion((unsigned char *) data, size,
													   GetDatabaseEncoding(), PG_UTF8);
		if (converted != data)
		{
			*len = strlen(converted);
			return converted;
		}
	}
	converted = palloc(size + 1);
	memcpy(converted, data, size);
	converted[size] = '\0';
	*len = (size_t) size;
	return converted;
}

const char *
c360_text_utf8_view(text *t, size_t *len)
{
	if (GetDatabaseEncoding() == PG_UTF8)
	{
		*len = VARSIZE_ANY_EXHDR(t);
		return VARDATA_ANY(t);
	}
	return c360_text_utf8(t, len);
}

const char *
c360_utf8_view(const char *s, size_t len, size_t *out_len)
{
	char	   *converted;

	*out_len = len;
	if (GetDatabaseEncoding() == PG_UTF8)
		return s;
	converted = (char *) pg_do_encoding_conversion((unsigned char *) s, (int) len,
												   GetDatabaseEncoding(), PG_UTF8);
	if (converted != s)
		*out_len = strlen(converted);
	return converted;
}

text *
c360_utf8_text(const char *s, size_t len)
{
	char	   *converted = (char *) s;

	if (GetDatabaseEncoding() != PG_UTF8)
		converted = (char *) pg_do_encoding_conversion((unsigned char *) s, (int) len,
													   PG_UTF8, GetDatabaseEncoding());
	if (converted != s)
		len = strlen(converted);
	return cstring_to_text_with_len(converted, (int) len);
}

text *
c360_cstring_text(const char *s)
{
	return c360_utf8_text(s, strlen(s));
}

void
c360_check_set_context(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("materialize mode required, but it is not allowed in this context")));
}

Tuplestorestate *
c360_begin_result(FunctionCallInfo fcinfo, const char *fname, TupleDesc *tupdesc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	Tuplestorestate *tupstore;

	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type of %s must be a row type", fname);
	tupstore = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
									 false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tupstore;
	rsinfo->setDesc = *tupdesc;
	MemoryContextSwitchTo(oldcxt);
	return tupstore;
}

static void
c360_receiver_noop(DestReceiver *self)
{
}

void
c360_spi_run(SPIPlanPtr plan, ParamListInfo params, bool read_only, DestReceiver *dest,
			 bool (*receive_slot) (TupleTableSlot *slot, DestReceiver *self),
			 void (*startup) (DestReceiver *self, int operation, TupleDesc typeinfo),
			 const char *what)
{
#if PG_VERSION_NUM >= 140000
	SPIExecuteOptions options;
	int			rc;

	dest->receiveSlot = receive_slot;
	dest->rStartup = startup;
	dest->rShutdown = c360_receiver_noop;
	dest->rDestroy = c360_receiver_noop;
	dest->mydest = DestNone;
	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = read_only;
	options.dest = dest;
	rc = SPI_execute_plan_extended(plan, &options);
	if (rc < 0)
		elog(ERROR, "running %s failed: %s", what, SPI_result_code_string(rc));
#else
	elog(ERROR, "running %s needs PostgreSQL 14 or later", what);
#endif
}
