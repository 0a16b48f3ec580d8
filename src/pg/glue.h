/*
 * glue.h: helpers shared by the fmgr wrappers.
 *
 * The algorithm code works on UTF-8.  A database in another server encoding
 * hands us text in that encoding; these helpers convert on the way in and
 * out so the algorithms see one encoding and stay code-point aware.
 */
#ifndef C360_GLUE_H
#define C360_GLUE_H

#include "postgres.h"

#include "fmgr.h"
#include "access/tupdesc.h"
#include "executor/spi.h"
#include "tcop/dest.h"
#include "utils/tuplestore.h"

/*
 * The bytes of a text argument as UTF-8.  Detoasts once.  The result is
 * NUL-terminated (so it may be a copy) and *len excludes the NUL.
 */
extern char *c360_text_utf8(text *t, size_t *len);

/*
 * The bytes of a text as UTF-8 without copying when the database is UTF-8
 * (the common case, and the one hot comparators care about).  NOT
 * NUL-terminated; *len is the byte length.  Detoast once before calling.
 */
extern const char *c360_text_utf8_view(text *t, size_t *len);

/*
 * len bytes in the server encoding as UTF-8, without copying when the
 * database is UTF-8.  NOT NUL-terminated; *out_len is the byte length.
 * len must fit in an int.
 */
extern const char *c360_utf8_view(const char *s, size_t len, size_t *out_len);

/* Shorthand for a text argument by position. */
#define C360_ARG_UTF8(n, lenp) c360_text_utf8(PG_GETARG_TEXT_PP(n), (lenp))

/* A text datum from UTF-8 bytes, converted to the server encoding. */
extern text *c360_utf8_text(const char *s, size_t len);

/* A text datum from a NUL-terminated UTF-8 string. */
extern text *c360_cstring_text(const char *s);

/*
 * For set-returning functions in materialize mode: check the caller can
 * take a set that way (an error otherwise), and start an empty result in
 * the query's memory with the function's row type (fname names the
 * function in the error if that type is not a row).
 */
extern void c360_check_set_context(FunctionCallInfo fcinfo);
extern Tuplestorestate *c360_begin_result(FunctionCallInfo fcinfo, const char *fname,
										  TupleDesc *tupdesc);

/*
 * Runs a prepared plan once through SPI, handing every row straight to
 * receive_slot (after startup, which sees the rows' descriptor) instead of
 * copying rows into an SPI tuple table.  dest is the caller's receiver
 * struct, whose first member is the DestReceiver this fills in; its own
 * fields carry the caller's state.  params may be NULL.  read_only false
 * gives the query a fresh snapshot (VOLATILE callers).  what names the
 * query in the error raised when SPI fails.  Needs PostgreSQL 14
 * (SPI_execute_plan_extended).
 */
extern void c360_spi_run(SPIPlanPtr plan, ParamListInfo params, bool read_only,
						 DestReceiver *dest,
						 bool (*receive_slot) (TupleTableSlot *slot, DestReceiver *self),
						 void (*startup) (DestReceiver *self, int operation, TupleDesc typeinfo),
						 const char *what);

#endif							/* C360_GLUE_H */
