/*
 * date_fmgr.h: the date format argument of c360.parse_date, for other
 * fmgr files that parse dates the same way (c360.record_key).
 */
#ifndef C360_DATE_FMGR_H
#define C360_DATE_FMGR_H

#include "postgres.h"
#include "fmgr.h"

#include "date.h"

/*
 * The compiled form of a date format text (detoasted), cached in
 * fcinfo->flinfo->fn_extra (which the caller must not use otherwise): a
 * query compiles its format once.  A bad format is an error that says
 * what is wrong with it.
 */
extern const C360DateFormat *c360_date_format_cached(FunctionCallInfo fcinfo, text *fmt);

#endif							/* C360_DATE_FMGR_H */
