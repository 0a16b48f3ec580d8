/*
 * strcmp_fmgr.c: SQL wrappers for the string comparators (strcmp.c).
 *
 * Arguments are read in place (zero-copy in a UTF-8 database); working
 * memory that grows faster than the input is held to work_mem; long runs
 * can be cancelled.  Errors name lengths and sizes, never the data.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"

#include "glue.h"
#include "strcmp.h"
#include "utf8.h"

PG_FUNCTION_INFO_V1(c360_jaro);
PG_FUNCTION_INFO_V1(c360_jaro_winkler);
PG_FUNCTION_INFO_V1(c360_damerau_levenshtein);
PG_FUNCTION_INFO_V1(c360_damerau_levenshtein_max);

static void
strcmp_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

static void
strcmp_options(C360StrcmpOptions *options)
{
	/* work_mem is in kB and at most MAX_KILOBYTES, so this cannot overflow. */
	options->mem_budget = (size_t) work_mem * 1024;
	options->check_interrupts = strcmp_check_interrupts;
}

static size_t
kilobytes(size_t bytes)
{
	return bytes / 1024 + (bytes % 1024 != 0);
}

/* Jaro and Jaro-Winkler of the two text arguments. */
static void
strcmp_jaro_args(FunctionCallInfo fcinfo, const char *sqlname, double *jaro, double *jaro_winkler)
{
	text	   *ta = PG_GETARG_TEXT_PP(0);
	text	   *tb = PG_GETARG_TEXT_PP(1);
	size_t		alen,
				blen;
	const char *a = c360_text_utf8_view(ta, &alen);
	const char *b = c360_text_utf8_view(tb, &blen);
	C360StrcmpOptions options;

	strcmp_options(&options);
	if (c360_strcmp_jaro_ex(a, alen, b, blen, &options, jaro, jaro_winkler) != C360_STRCMP_OK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s cannot compare strings of %zu and %zu characters",
						sqlname, c360_utf8_length(a, alen), c360_utf8_length(b, blen)),
				 errdetail("At least one of the two strings must have at most %zu characters.",
						   (size_t) C360_STRCMP_MAX_ARRAY),
				 errhint("Compare shorter strings, for example left(a, 1000000).")));
}

Datum
c360_jaro(PG_FUNCTION_ARGS)
{
	double		jaro;

	strcmp_jaro_args(fcinfo, "jaro", &jaro, NULL);
	PG_RETURN_FLOAT8(jaro);
}

Datum
c360_jaro_winkler(PG_FUNCTION_ARGS)
{
	double		jaro_winkler;

	strcmp_jaro_args(fcinfo, "jaro_winkler", NULL, &jaro_winkler);
	PG_RETURN_FLOAT8(jaro_winkler);
}

/* Damerau-Levenshtein of the two text arguments; max < 0: unbounded. */
static int
strcmp_dl_args(FunctionCallInfo fcinfo, int max)
{
	text	   *ta = PG_GETARG_TEXT_PP(0);
	text	   *tb = PG_GETARG_TEXT_PP(1);
	size_t		alen,
				blen,
				needed = 0;
	const char *a = c360_text_utf8_view(ta, &alen);
	const char *b = c360_text_utf8_view(tb, &blen);
	C360StrcmpOptions options;
	C360StrcmpStatus status;
	int			distance = 0;

	strcmp_options(&options);
	status = c360_strcmp_damerau_levenshtein_ex(a, alen, b, blen, max, &options,
												&distance, &needed);
	if (status == C360_STRCMP_OK)
		return distance;

	if (max < 0 && status == C360_STRCMP_OVER_BUDGET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("damerau_levenshtein of strings of %zu and %zu characters needs %zu kB of working memory, more than work_mem (%d kB)",
						c360_utf8_length(a, alen), c360_utf8_length(b, blen),
						kilobytes(needed), work_mem),
				 errhint("Raise work_mem or use damerau_levenshtein(a, b, max), which needs memory only for distances up to max.")));
	if (max < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("damerau_levenshtein of strings of %zu and %zu characters needs %zu kB of working memory, more than one allocation may take (1 GB)",
						c360_utf8_length(a, alen), c360_utf8_length(b, blen),
						kilobytes(needed)),
				 errhint("Use damerau_levenshtein(a, b, max), which needs memory only for distances up to max.")));
	if (status == C360_STRCMP_OVER_BUDGET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("damerau_levenshtein with max %d needs %zu kB of working memory, more than work_mem (%d kB)",
						max, kilobytes(needed), work_mem),
				 errhint("Lower max or raise work_mem: the working memory grows with the square of max.")));
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("damerau_levenshtein with max %d cannot compare strings of %zu and %zu characters",
					max, c360_utf8_length(a, alen), c360_utf8_length(b, blen)),
			 errdetail("It would need %zu kB of working memory; one allocation may take at most 1 GB, and the part of each string that differs at most %zu characters.",
					   kilobytes(needed), (size_t) C360_STRCMP_MAX_ARRAY),
			 errhint("Lower max or compare shorter strings.")));
	return -1;					/* not reached */
}

Datum
c360_damerau_levenshtein(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(strcmp_dl_args(fcinfo, C360_STRCMP_UNBOUNDED));
}

Datum
c360_damerau_levenshtein_max(PG_FUNCTION_ARGS)
{
	int32		max = PG_GETARG_INT32(2);

	if (max < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max must be >= 0, not %d", max),
				 errhint("max is the largest distance of interest: the result is the distance when it is at most max, else max + 1.")));
	PG_RETURN_INT32(strcmp_dl_args(fcinfo, max));
}
