/*
 * contact_fmgr.c: SQL wrappers for phone.c, email.c and date.c.
 *
 * The work per call is bounded: each normalizer refuses input above a few
 * hundred bytes before reading (or even detoasting) it, so nothing here
 * loops over data-sized input and no memory grows with it.  The per-query arguments (the default
 * country, the date format) are resolved once and cached in fn_extra.
 * Errors are raised only for bad arguments and quote the argument, never
 * the data.
 */
#include "postgres.h"

#include "access/detoast.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "date.h"
#include "date_fmgr.h"
#include "email.h"
#include "glue.h"
#include "phone.h"

PG_FUNCTION_INFO_V1(c360_normalize_phone);
PG_FUNCTION_INFO_V1(c360_normalize_email);
PG_FUNCTION_INFO_V1(c360_parse_date);

/* Longest argument text quoted back in an error message, in bytes. */
#define SHOWN_ARGUMENT_MAX 40

/*
 * Text argument n as UTF-8, or NULL when it is longer than limit bytes of
 * UTF-8.  Every character is 1 to 4 bytes in any server encoding and in
 * UTF-8, so a raw length above 4 * limit is too long without converting,
 * and without detoasting: a 1 GB value is refused from its header.
 */
static const char *
bounded_utf8_arg(FunctionCallInfo fcinfo, int n, size_t limit, size_t *len)
{
	Size		raw = toast_raw_datum_size(PG_GETARG_DATUM(n)) - VARHDRSZ;

	if (raw > 4 * limit)
		return NULL;
	return c360_text_utf8_view(PG_GETARG_TEXT_PP(n), len);
}

/* An argument for an error message: server encoding, clipped. */
static char *
shown_argument(text *t)
{
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	int			clip = pg_mbcliplen(s, len, SHOWN_ARGUMENT_MAX);

	return psprintf("%.*s%s", clip, s, clip < len ? "..." : "");
}

/* ---------------------------------------------------------------------
 * c360.normalize_phone(phone text, default_country text DEFAULT 'US')
 * ---------------------------------------------------------------------
 */

typedef struct
{
	char		code[2];
	int			country;
} PhoneCountryCache;

static int
phone_country_argument(FunctionCallInfo fcinfo, text *t)
{
	PhoneCountryCache *cache = (PhoneCountryCache *) fcinfo->flinfo->fn_extra;
	const char *code = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	int			country;

	if (cache != NULL && len == 2 && memcmp(cache->code, code, 2) == 0)
		return cache->country;

	/* the only valid codes are two ASCII letters, the same in any encoding */
	country = c360_phone_country_lookup(code, len);
	if (country < 0)
	{
		StringInfoData known;

		initStringInfo(&known);
		for (int i = 0; i < c360_phone_country_count(); i++)
			appendStringInfo(&known, "%s%s", i ? ", " : "", c360_phone_country_iso(i));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown default_country \"%s\": use an ISO 3166-1 alpha-2 code such as 'US'",
						shown_argument(t)),
				 errdetail("Supported countries: %s.", known.data),
				 errhint("Numbers written with '+' or an international prefix are read in any country.")));
	}
	if (cache == NULL)
	{
		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(PhoneCountryCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	memcpy(cache->code, code, 2);
	cache->country = country;
	return country;
}

Datum
c360_normalize_phone(PG_FUNCTION_ARGS)
{
	int			country = phone_country_argument(fcinfo, PG_GETARG_TEXT_PP(1));
	char		out[C360_PHONE_BUFSIZE];
	size_t		len,
				out_len;
	const char *s = bounded_utf8_arg(fcinfo, 0, C360_PHONE_MAX_INPUT, &len);

	if (s == NULL || !c360_phone_normalize(s, len, country, out, &out_len))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(c360_utf8_text(out, out_len));
}

/* ---------------------------------------------------------------------
 * c360.normalize_email(email text)
 * ---------------------------------------------------------------------
 */

Datum
c360_normalize_email(PG_FUNCTION_ARGS)
{
	char		out[C360_EMAIL_BUFSIZE];
	size_t		len,
				out_len;
	const char *s = bounded_utf8_arg(fcinfo, 0, C360_EMAIL_MAX_INPUT, &len);

	if (s == NULL || !c360_email_normalize(s, len, out, &out_len, NULL))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(c360_utf8_text(out, out_len));
}

/* ---------------------------------------------------------------------
 * c360.parse_date(value text) and c360.parse_date(value text, format text)
 * ---------------------------------------------------------------------
 */

typedef struct
{
	size_t		len;
	char		text[C360_DATE_FORMAT_MAX];
	C360DateFormat format;
} DateFormatCache;

static const char *const format_tokens_hint =
"Tokens are YYYY, YY, MM, M, DD, D, MON and MONTH, in any case; other letters must be in double quotes, other characters match themselves.";

static void
report_format_error(text *fmt, const C360DateFormatError *error)
{
	const char *token = pg_any_to_server(error->token, (int) strlen(error->token), PG_UTF8);

	switch (error->status)
	{
		case C360_DATE_FORMAT_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format is empty"),
					 errhint("Give a format such as 'DD/MM/YYYY', or call parse_date(value) without one for ISO and the other default forms.")));
			break;
		case C360_DATE_FORMAT_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" is longer than %d bytes",
							shown_argument(fmt), C360_DATE_FORMAT_MAX),
					 errhint("A format describes one date, such as 'DD MON YYYY'.")));
			break;
		case C360_DATE_FORMAT_UNKNOWN_TOKEN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" has an unknown token \"%s\" at character %zu",
							shown_argument(fmt), token, error->position),
					 errhint("%s", format_tokens_hint)));
			break;
		case C360_DATE_FORMAT_REPEATED_FIELD:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" gives the %s twice (\"%s\" at character %zu)",
							shown_argument(fmt), error->field, token, error->position),
					 errhint("Use one of YYYY or YY, one of MM, M, MON or MONTH, and one of DD or D.")));
			break;
		case C360_DATE_FORMAT_UNTERMINATED_QUOTE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" has an unterminated quote at character %zu",
							shown_argument(fmt), error->position),
					 errhint("Close the double-quoted literal text with another \".")));
			break;
		case C360_DATE_FORMAT_NO_YEAR:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" has no year", shown_argument(fmt)),
					 errhint("Add YYYY (four digits) or YY (two digits: 00-29 are 2000-2029, 30-99 are 1930-1999).")));
			break;
		case C360_DATE_FORMAT_NO_MONTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" has no month", shown_argument(fmt)),
					 errhint("Add MM, M, MON or MONTH.")));
			break;
		case C360_DATE_FORMAT_NO_DAY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("date format \"%s\" has no day", shown_argument(fmt)),
					 errhint("Add DD or D.")));
			break;
		case C360_DATE_FORMAT_OK:
			break;
	}
	elog(ERROR, "unexpected date format status %d", (int) error->status);
}

const C360DateFormat *
c360_date_format_cached(FunctionCallInfo fcinfo, text *fmt)
{
	DateFormatCache *cache = (DateFormatCache *) fcinfo->flinfo->fn_extra;
	const char *raw = VARDATA_ANY(fmt);
	size_t		raw_len = VARSIZE_ANY_EXHDR(fmt);
	const char *utf8;
	size_t		len;
	C360DateFormatError error;

	if (cache != NULL && cache->len == raw_len && memcmp(cache->text, raw, raw_len) == 0)
		return &cache->format;

	if (cache == NULL)
	{
		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(DateFormatCache));
		cache->len = (size_t) -1;
		fcinfo->flinfo->fn_extra = cache;
	}
	utf8 = raw_len > 4 * C360_DATE_FORMAT_MAX ? NULL : c360_text_utf8_view(fmt, &len);
	if (utf8 == NULL)
		len = C360_DATE_FORMAT_MAX + 1;	/* too long: let compile say so */
	if (c360_date_format_compile(utf8 ? utf8 : "", len, &cache->format, &error) != C360_DATE_FORMAT_OK)
	{
		cache->len = (size_t) -1;
		report_format_error(fmt, &error);
	}
	if (raw_len <= C360_DATE_FORMAT_MAX)
	{
		memcpy(cache->text, raw, raw_len);
		cache->len = raw_len;
	}
	else
		cache->len = (size_t) -1;	/* converted format fits; raw does not */
	return &cache->format;
}

static Datum
date_result(FunctionCallInfo fcinfo, const C360DateFormat *format)
{
	C360Date	d;
	size_t		len;
	const char *s = bounded_utf8_arg(fcinfo, 0, C360_DATE_MAX_INPUT, &len);

	if (s == NULL || !c360_date_parse(s, len, format, &d))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(date2j(d.year, d.month, d.day) - POSTGRES_EPOCH_JDATE);
}

Datum
c360_parse_date(PG_FUNCTION_ARGS)
{
	const C360DateFormat *format = NULL;

	/* Not STRICT, so that a NULL format means "detect", as its default does. */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_NARGS() > 1 && !PG_ARGISNULL(1))
		format = c360_date_format_cached(fcinfo, PG_GETARG_TEXT_PP(1));
	return date_result(fcinfo, format);
}
