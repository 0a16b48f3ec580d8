/*
 * fuzz_date.c: libFuzzer target for date parsing and format compilation.
 *
 * The first byte says how the rest is split: 0 parses everything with the
 * default forms, n > 0 takes the next n % 80 bytes as a format and the
 * rest as the value.  Checked: no crash or overrun, a format error has a
 * known status and a NUL-terminated token of valid length, a failed parse
 * leaves zeros, a parsed date exists and is not a placeholder, the date
 * written as ISO 'YYYY-MM-DD' parses back to itself with and without the
 * format 'YYYY-MM-DD', and ASCII case or surrounding spaces change nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct
{
	bool		ok;
	C360Date	date;
} Result;

static Result
parse(const char *s, size_t len, const C360DateFormat *format)
{
	Result		r;
	char	   *in = malloc(len ? len : 1);

	memcpy(in, s, len);
	r.ok = c360_date_parse(in, len, format, &r.date);
	free(in);
	if (r.ok)
	{
		if (!c360_date_valid(r.date.year, r.date.month, r.date.day) ||
			c360_date_is_placeholder(r.date.year, r.date.month, r.date.day))
			abort();
	}
	else if (r.date.year != 0 || r.date.month != 0 || r.date.day != 0)
		abort();
	return r;
}

static bool
same(Result a, Result b)
{
	return a.ok == b.ok && (!a.ok || (a.date.year == b.date.year &&
									  a.date.month == b.date.month &&
									  a.date.day == b.date.day));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	C360DateFormat *format = NULL;
	C360DateFormatError error;
	const char *s;
	size_t		len;
	Result		r;

	if (size < 1)
		return 0;
	if (data[0] != 0)
	{
		size_t		flen = data[0] % 80;
		C360DateFormatStatus status;

		if (flen > size - 1)
			flen = size - 1;
		format = malloc(sizeof(C360DateFormat));
		status = c360_date_format_compile((const char *) data + 1, flen, format, &error);
		if (status != error.status || status > C360_DATE_FORMAT_NO_DAY ||
			memchr(error.token, '\0', sizeof(error.token)) == NULL)
			abort();
		if (status != C360_DATE_FORMAT_OK)
		{
			if (status == C360_DATE_FORMAT_REPEATED_FIELD && error.field == NULL)
				abort();
			free(format);
			return 0;
		}
		if (format->nitems < 3 || format->nitems > C360_DATE_FORMAT_MAX)
			abort();
		s = (const char *) data + 1 + flen;
		len = size - 1 - flen;
	}
	else
	{
		s = (const char *) data + 1;
		len = size - 1;
	}

	r = parse(s, len, format);
	if (r.ok)
	{
		char		iso[16];
		C360DateFormat iso_format;

		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", r.date.year, r.date.month, r.date.day);
		if (c360_date_format_compile("YYYY-MM-DD", 10, &iso_format, NULL) != C360_DATE_FORMAT_OK ||
			!same(parse(iso, 10, NULL), r) || !same(parse(iso, 10, &iso_format), r))
			abort();
	}
	if (len + 2 <= C360_DATE_MAX_INPUT)
	{
		char	   *t = malloc(len + 2);

		for (size_t i = 0; i < len; i++)
			t[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char) (s[i] - 32) : s[i];
		if (!same(parse(t, len, format), r))
			abort();
		t[0] = ' ';
		memcpy(t + 1, s, len);
		t[len + 1] = '\n';
		if (!same(parse(t, len + 2, format), r))
			abort();
		free(t);
	}
	free(format);
	return 0;
}
