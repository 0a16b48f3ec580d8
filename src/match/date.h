/*
 * date.h: calendar dates from the ways people and systems write them.
 *
 * Plain C, no PostgreSQL headers.  The result is (year, month, day) in the
 * proleptic Gregorian calendar; the SQL wrapper builds a date from it.
 *
 * Without a format the accepted forms are ISO 'YYYY-MM-DD' (an optional
 * time part after 'T' or a space is ignored), 'YYYYMMDD', 'YYYY/MM/DD',
 * 'YYYY.MM.DD', US 'MM/DD/YYYY' and European 'DD.MM.YYYY'.  A format is
 * compiled once (c360_date_format_compile) and then applied to each value.
 * Impossible dates, placeholder dates (1900-01-01, 9999-12-31, ...) and
 * anything else give no result.  docs/reference/contact.md has the details.
 */
#ifndef C360_DATE_H
#define C360_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longer values are refused outright (no date is 256 bytes long). */
#define C360_DATE_MAX_INPUT 256

/* Longest format string, in bytes. */
#define C360_DATE_FORMAT_MAX 64

/*
 * Two-digit years (YY): 00-29 are 2000-2029, 30-99 are 1930-1999.  Fixed,
 * so the result does not depend on the day the query runs.
 */
#define C360_DATE_YY_PIVOT 30

typedef struct C360Date
{
	int			year;			/* 1-9999 */
	int			month;			/* 1-12 */
	int			day;			/* 1-31 */
} C360Date;

typedef enum C360DateItemKind
{
	C360_DATE_ITEM_LITERAL,		/* one character matched as written */
	C360_DATE_ITEM_SPACE,		/* one or more white-space characters */
	C360_DATE_ITEM_YYYY,
	C360_DATE_ITEM_YY,
	C360_DATE_ITEM_MM,
	C360_DATE_ITEM_M,
	C360_DATE_ITEM_DD,
	C360_DATE_ITEM_D,
	C360_DATE_ITEM_MON,
	C360_DATE_ITEM_MONTH
} C360DateItemKind;

typedef struct C360DateItem
{
	C360DateItemKind kind;
	uint32_t	literal;		/* for C360_DATE_ITEM_LITERAL */
} C360DateItem;

/* A compiled format: a sequence of tokens and literal characters. */
typedef struct C360DateFormat
{
	int			nitems;
	C360DateItem items[C360_DATE_FORMAT_MAX];
} C360DateFormat;

typedef enum C360DateFormatStatus
{
	C360_DATE_FORMAT_OK = 0,
	C360_DATE_FORMAT_EMPTY,
	C360_DATE_FORMAT_TOO_LONG,
	C360_DATE_FORMAT_UNKNOWN_TOKEN,
	C360_DATE_FORMAT_REPEATED_FIELD,
	C360_DATE_FORMAT_UNTERMINATED_QUOTE,
	C360_DATE_FORMAT_NO_YEAR,
	C360_DATE_FORMAT_NO_MONTH,
	C360_DATE_FORMAT_NO_DAY
} C360DateFormatStatus;

/* Where and what the problem with a format is, for the error message. */
typedef struct C360DateFormatError
{
	C360DateFormatStatus status;
	size_t		position;		/* 1-based character position, or 0 */
	const char *field;			/* "year", "month" or "day" when repeated */
	char		token[C360_DATE_FORMAT_MAX + 1];	/* offending text, UTF-8 */
} C360DateFormatError;

/*
 * Compile len bytes of UTF-8 format.  Tokens (ASCII, any case): YYYY, YY,
 * MM, M, DD, D, MON, MONTH; other letters are an error unless inside double
 * quotes; everything else is matched literally, white space as one or more
 * white-space characters.  Returns C360_DATE_FORMAT_OK or the problem, with
 * details in *error (which may be NULL).
 */
extern C360DateFormatStatus c360_date_format_compile(const char *fmt, size_t len,
													 C360DateFormat *format,
													 C360DateFormatError *error);

/*
 * Parse len bytes of UTF-8 (not NUL-terminated) with a compiled format, or
 * with the default forms when format is NULL.  Returns true and sets *out
 * for a real, non-placeholder date; false otherwise.  Linear in len; never
 * allocates.
 */
extern bool c360_date_parse(const char *s, size_t len, const C360DateFormat *format,
							C360Date *out);

/* Whether (year, month, day) exists: year 1-9999, Gregorian leap years. */
extern bool c360_date_valid(int year, int month, int day);

/* Whether it is one of the placeholder dates that mean "unknown". */
extern bool c360_date_is_placeholder(int year, int month, int day);

#endif							/* C360_DATE_H */
