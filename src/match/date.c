/*
 * date.c: dates from text, with the default forms or a compiled format.
 * See date.h and docs/reference/contact.md.
 *
 * Values and formats are decoded to code points (bounded, on the stack).
 * Full-width ASCII is read as ASCII and Arabic-Indic, Persian and
 * Devanagari digits as digits, the same as for phone numbers.
 */
#include <string.h>

#include "c360_assert.h"
#include "date.h"
#include "utf8.h"

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/*
 * Dates that systems and people enter for "unknown": the year-1 and
 * year-9999 sentinels, the Windows FILETIME (1601) and SQL Server datetime
 * (1753) minimums, 1800-01-01, the spreadsheet and OLE Automation day zero
 * (1899-12-30, 1899-12-31), 1900-01-01 and 1901-01-01.  1970-01-01 is not
 * here: people were born that day.
 */
static const C360Date placeholder_dates[] = {
	{1, 1, 1},
	{1601, 1, 1},
	{1753, 1, 1},
	{1800, 1, 1},
	{1899, 12, 30},
	{1899, 12, 31},
	{1900, 1, 1},
	{1901, 1, 1},
	{9999, 12, 31},
};

bool
c360_date_valid(int year, int month, int day)
{
	static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			last;

	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
		return false;
	last = days_in_month[month - 1];
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		last = 29;
	return day <= last;
}

bool
c360_date_is_placeholder(int year, int month, int day)
{
	for (size_t i = 0; i < sizeof(placeholder_dates) / sizeof(placeholder_dates[0]); i++)
		if (placeholder_dates[i].year == year && placeholder_dates[i].month == month &&
			placeholder_dates[i].day == day)
			return true;
	return false;
}

static uint32_t
ascii_lower(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp;
}

static bool
is_ascii_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* Decode, fold and trim: the code points of s worth reading. */
static size_t
prepare(const char *s, size_t len, uint32_t *cps, size_t *start)
{
	size_t		n = c360_utf8_decode(s, len, cps),
				a = 0;

	for (size_t i = 0; i < n; i++)
		cps[i] = c360_cp_width_fold(cps[i]);
	while (a < n && (c360_cp_is_space(cps[a]) || c360_cp_is_control(cps[a])))
		a++;
	while (n > a && (c360_cp_is_space(cps[n - 1]) || c360_cp_is_control(cps[n - 1])))
		n--;
	*start = a;
	return n;
}

/* Read exactly width digits at *i; advance. */
static bool
read_digits(const uint32_t *cps, size_t n, size_t *i, int width, int *value)
{
	int			v = 0;

	if (*i + (size_t) width > n)
		return false;
	for (int k = 0; k < width; k++)
	{
		int			d = c360_cp_decimal_value(cps[*i + k]);

		if (d < 0)
			return false;
		v = v * 10 + d;
	}
	*i += (size_t) width;
	*value = v;
	return true;
}

/* Read a run of at most max_width digits at *i (at least one); advance. */
static int
read_digit_run(const uint32_t *cps, size_t n, size_t *i, int max_width, int *value)
{
	int			width = 0,
				v = 0;

	while (*i < n && width < max_width && c360_cp_decimal_value(cps[*i]) >= 0)
	{
		v = v * 10 + c360_cp_decimal_value(cps[*i]);
		(*i)++;
		width++;
	}
	*value = v;
	return width;
}

/* Read an English month name (full, or its first three letters); advance. */
static bool
read_month_name(const uint32_t *cps, size_t n, size_t *i, bool abbreviated, int *month)
{
	for (int m = 0; m < 12; m++)
	{
		const char *name = month_names[m];
		size_t		want = abbreviated ? 3 : strlen(name),
					k;

		if (*i + want > n)
			continue;
		for (k = 0; k < want; k++)
			if (ascii_lower(cps[*i + k]) != (uint32_t) name[k])
				break;
		if (k == want)
		{
			*i += want;
			*month = m + 1;
			return true;
		}
	}
	return false;
}

static bool
finish(int year, int month, int day, C360Date *out)
{
	if (!c360_date_valid(year, month, day) || c360_date_is_placeholder(year, month, day))
		return false;
	out->year = year;
	out->month = month;
	out->day = day;
	return true;
}

/*
 * What may follow a date in the default forms: nothing, or a time part
 * introduced by 'T' or white space and starting with a digit.  The time is
 * not read further (and its time zone not applied): the date is the one
 * written.
 */
static bool
time_part_or_end(const uint32_t *cps, size_t n, size_t i)
{
	if (i == n)
		return true;
	if (cps[i] == 'T' || cps[i] == 't')
		i++;
	else if (c360_cp_is_space(cps[i]))
	{
		while (i < n && c360_cp_is_space(cps[i]))
			i++;
	}
	else
		return false;
	return i < n && c360_cp_decimal_value(cps[i]) >= 0;
}

static bool
parse_default(const uint32_t *cps, size_t n, size_t i, C360Date *out)
{
	int			first,
				second,
				third,
				w1,
				w2,
				w3;
	uint32_t	sep;
	size_t		start = i;

	w1 = read_digit_run(cps, n, &i, 9, &first);
	if (w1 == 8)
	{
		/* YYYYMMDD */
		size_t		j = start;
		int			year,
					month,
					day;

		if (!read_digits(cps, n, &j, 4, &year) || !read_digits(cps, n, &j, 2, &month) ||
			!read_digits(cps, n, &j, 2, &day) || !time_part_or_end(cps, n, j))
			return false;
		return finish(year, month, day, out);
	}
	if (!(w1 == 4 || w1 == 1 || w1 == 2) || i >= n)
		return false;
	sep = cps[i++];
	if (sep != '-' && sep != '/' && sep != '.')
		return false;
	w2 = read_digit_run(cps, n, &i, 3, &second);
	if (w2 < 1 || w2 > 2 || i >= n || cps[i++] != sep)
		return false;
	w3 = read_digit_run(cps, n, &i, 5, &third);
	if (!time_part_or_end(cps, n, i))
		return false;
	if (w1 == 4 && (w3 == 1 || w3 == 2))
		return finish(first, second, third, out);	/* Y-M-D, Y/M/D, Y.M.D */
	if (w3 != 4)
		return false;
	if (sep == '/')
		return finish(third, first, second, out);	/* US M/D/Y */
	if (sep == '.')
		return finish(third, second, first, out);	/* European D.M.Y */
	return false;				/* D-M-Y or M-D-Y: ambiguous */
}

static bool
parse_with_format(const uint32_t *cps, size_t n, size_t i, const C360DateFormat *format,
				  C360Date *out)
{
	int			year = 0,
				month = 0,
				day = 0;

	for (int k = 0; k < format->nitems; k++)
	{
		const C360DateItem *item = &format->items[k];
		int			v;

		switch (item->kind)
		{
			case C360_DATE_ITEM_LITERAL:
				if (i >= n || ascii_lower(cps[i]) != ascii_lower(item->literal))
					return false;
				i++;
				break;
			case C360_DATE_ITEM_SPACE:
				if (i >= n || !c360_cp_is_space(cps[i]))
					return false;
				while (i < n && c360_cp_is_space(cps[i]))
					i++;
				break;
			case C360_DATE_ITEM_YYYY:
				if (!read_digits(cps, n, &i, 4, &year))
					return false;
				break;
			case C360_DATE_ITEM_YY:
				if (!read_digits(cps, n, &i, 2, &v))
					return false;
				year = v < C360_DATE_YY_PIVOT ? 2000 + v : 1900 + v;
				break;
			case C360_DATE_ITEM_MM:
				if (!read_digits(cps, n, &i, 2, &month))
					return false;
				break;
			case C360_DATE_ITEM_M:
				if (read_digit_run(cps, n, &i, 2, &month) == 0)
					return false;
				break;
			case C360_DATE_ITEM_DD:
				if (!read_digits(cps, n, &i, 2, &day))
					return false;
				break;
			case C360_DATE_ITEM_D:
				if (read_digit_run(cps, n, &i, 2, &day) == 0)
					return false;
				break;
			case C360_DATE_ITEM_MON:
				if (!read_month_name(cps, n, &i, true, &month))
					return false;
				break;
			case C360_DATE_ITEM_MONTH:
				if (!read_month_name(cps, n, &i, false, &month))
					return false;
				break;
		}
	}
	return i == n && finish(year, month, day, out);
}

bool
c360_date_parse(const char *s, size_t len, const C360DateFormat *format, C360Date *out)
{
	uint32_t	cps[C360_DATE_MAX_INPUT];
	size_t		start,
				n;

	out->year = out->month = out->day = 0;
	if (len > C360_DATE_MAX_INPUT)
		return false;
	n = prepare(s, len, cps, &start);
	if (start == n)
		return false;
	if (format == NULL)
		return parse_default(cps, n, start, out);
	return parse_with_format(cps, n, start, format, out);
}

/* ---------------------------------------------------------------------
 * Format compilation
 * ---------------------------------------------------------------------
 */

typedef struct
{
	const char *text;
	C360DateItemKind kind;
	int			field;			/* 0 year, 1 month, 2 day */
} FormatToken;

/* Longest first, so MONTH wins over MON and M, YYYY over YY. */
static const FormatToken format_tokens[] = {
	{"MONTH", C360_DATE_ITEM_MONTH, 1},
	{"YYYY", C360_DATE_ITEM_YYYY, 0},
	{"MON", C360_DATE_ITEM_MON, 1},
	{"YY", C360_DATE_ITEM_YY, 0},
	{"MM", C360_DATE_ITEM_MM, 1},
	{"DD", C360_DATE_ITEM_DD, 2},
	{"M", C360_DATE_ITEM_M, 1},
	{"D", C360_DATE_ITEM_D, 2},
};

static const char *const field_names[3] = {"year", "month", "day"};

/* Copy code points [from, to) into error->token as UTF-8. */
static void
set_token(C360DateFormatError *error, const uint32_t *cps, size_t from, size_t to)
{
	size_t		o = 0;

	for (size_t i = from; i < to; i++)
	{
		char		buf[4];
		size_t		k = c360_utf8_encode(cps[i], buf);

		if (o + k > C360_DATE_FORMAT_MAX)
			break;
		memcpy(error->token + o, buf, k);
		o += k;
	}
	error->token[o] = '\0';
}

static C360DateFormatStatus
format_error(C360DateFormatError *error, C360DateFormatStatus status, size_t position)
{
	error->status = status;
	error->position = position;
	return status;
}

/* Append an item; white space next to white space is one item. */
static void
add_item(C360DateFormat *format, C360DateItemKind kind, uint32_t literal)
{
	C360DateItem *item;

	if (kind == C360_DATE_ITEM_SPACE && format->nitems > 0 &&
		format->items[format->nitems - 1].kind == C360_DATE_ITEM_SPACE)
		return;
	C360_ASSERT(format->nitems < C360_DATE_FORMAT_MAX);
	item = &format->items[format->nitems++];
	item->kind = kind;
	item->literal = literal;
}

C360DateFormatStatus
c360_date_format_compile(const char *fmt, size_t len, C360DateFormat *format,
						 C360DateFormatError *error)
{
	uint32_t	cps[C360_DATE_FORMAT_MAX];
	C360DateFormatError scratch;
	size_t		i,
				n;
	int			field_position[3] = {0, 0, 0};

	if (error == NULL)
		error = &scratch;
	memset(error, 0, sizeof(*error));
	format->nitems = 0;
	if (len > C360_DATE_FORMAT_MAX)
		return format_error(error, C360_DATE_FORMAT_TOO_LONG, 0);
	n = prepare(fmt, len, cps, &i);
	if (i == n)
		return format_error(error, C360_DATE_FORMAT_EMPTY, 0);

	while (i < n)
	{
		uint32_t	cp = cps[i];

		if (cp == '"')
		{
			size_t		close = i + 1;

			while (close < n && cps[close] != '"')
				close++;
			if (close == n)
			{
				set_token(error, cps, i, n);
				return format_error(error, C360_DATE_FORMAT_UNTERMINATED_QUOTE, i + 1);
			}
			for (size_t k = i + 1; k < close; k++)
				add_item(format, c360_cp_is_space(cps[k]) ? C360_DATE_ITEM_SPACE : C360_DATE_ITEM_LITERAL,
						 cps[k]);
			i = close + 1;
			continue;
		}
		if (is_ascii_letter(cp))
		{
			const FormatToken *token = NULL;

			for (size_t t = 0; t < sizeof(format_tokens) / sizeof(format_tokens[0]); t++)
			{
				size_t		tl = strlen(format_tokens[t].text),
							k;

				if (i + tl > n)
					continue;
				for (k = 0; k < tl; k++)
					if (ascii_lower(cps[i + k]) != ascii_lower((uint32_t) format_tokens[t].text[k]))
						break;
				if (k == tl)
				{
					token = &format_tokens[t];
					break;
				}
			}
			if (token == NULL)
			{
				size_t		end = i;

				while (end < n && is_ascii_letter(cps[end]))
					end++;
				set_token(error, cps, i, end);
				return format_error(error, C360_DATE_FORMAT_UNKNOWN_TOKEN, i + 1);
			}
			if (field_position[token->field] != 0)
			{
				set_token(error, cps, i, i + strlen(token->text));
				error->field = field_names[token->field];
				return format_error(error, C360_DATE_FORMAT_REPEATED_FIELD, i + 1);
			}
			field_position[token->field] = (int) i + 1;
			add_item(format, token->kind, 0);
			i += strlen(token->text);
			continue;
		}
		add_item(format, c360_cp_is_space(cp) ? C360_DATE_ITEM_SPACE : C360_DATE_ITEM_LITERAL, cp);
		i++;
	}
	if (field_position[0] == 0)
		return format_error(error, C360_DATE_FORMAT_NO_YEAR, 0);
	if (field_position[1] == 0)
		return format_error(error, C360_DATE_FORMAT_NO_MONTH, 0);
	if (field_position[2] == 0)
		return format_error(error, C360_DATE_FORMAT_NO_DAY, 0);
	error->status = C360_DATE_FORMAT_OK;
	return C360_DATE_FORMAT_OK;
}
