/*
 * fuzz_match_key.c: libFuzzer target for building and comparing match keys.
 *
 * The input is split at '\n' into up to 24 fields: the first 12 are one
 * record's text arguments, the next 12 another's (a field that is absent
 * or empty is NULL).  The first four bytes also give each record a birth
 * date (valid or not).  Checked: both keys are valid, a key compared with
 * itself is "exact" on every attribute it has and "missing" on the others,
 * levels are in range and symmetric, every present value is valid UTF-8,
 * and the text form is bounded and NUL-terminated when cut.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "match_key.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8: decoding and encoding again gives the same bytes. */
static bool
valid_utf8(const char *s, size_t len)
{
	uint32_t   *cps = malloc((len + 1) * sizeof(uint32_t));
	size_t		n = c360_utf8_decode(s, len, cps),
				o = 0,
				i;
	bool		ok = true;

	for (i = 0; i < n && ok; i++)
	{
		char		buf[4];
		size_t		k = c360_utf8_encode(cps[i], buf);

		ok = cps[i] != C360_REPLACEMENT_CHAR && o + k <= len && memcmp(s + o, buf, k) == 0;
		o += k;
	}
	free(cps);
	return ok && o == len;
}

static C360MatchKey *
build(const char **field, const size_t *flen, uint8_t datebyte, size_t *size)
{
	C360MatchInput in;
	int			i;

	memset(&in, 0, sizeof(in));
	for (i = 0; i < C360_IN_FIELDS; i++)
	{
		in.value[i] = field[i];
		in.len[i] = flen[i];
	}
	if (datebyte & 1)
	{
		in.has_birth_date = true;
		in.birth_year = 1900 + datebyte;
		in.birth_month = 1 + (datebyte >> 4);	/* 1..16: some invalid */
		in.birth_day = 1 + (datebyte & 0x1F);
	}
	return c360_match_key_build(&in, size);
}

static void
check_key(const C360MatchKey *k, size_t size)
{
	uint8_t		lv[C360_MATCH_ATTRS];
	char		small[16];
	size_t		need;
	char	   *json;
	int			i;

	if (!c360_match_key_valid(k, size))
		abort();
	c360_match_levels(k, k, lv);
	for (i = 0; i < C360_MATCH_ATTRS; i++)
	{
		const char *v = c360_match_key_value(k, (C360MatchAttr) i);

		if ((v != NULL) != (lv[i] == 1) || (v == NULL && lv[i] != 0))
			abort();
		if (v != NULL && (v[0] == '\0' || !valid_utf8(v, strlen(v))))
			abort();
	}
	need = c360_match_key_json(k, small, sizeof(small));
	if (strlen(small) != (need < sizeof(small) ? need : sizeof(small) - 1))
		abort();
	json = malloc(need + 1);
	if (c360_match_key_json(k, json, need + 1) != need || strlen(json) != need ||
		!valid_utf8(json, need))
		abort();
	free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *field[2 * C360_IN_FIELDS];
	size_t		flen[2 * C360_IN_FIELDS];
	const char *s = (const char *) data;
	size_t		pos = 0;
	int			n = 0,
				i;
	uint8_t		d1 = size > 0 ? data[0] : 0,
				d2 = size > 1 ? data[1] : 0;
	C360MatchKey *a,
			   *b;
	size_t		sa,
				sb;
	uint8_t		ab[C360_MATCH_ATTRS],
				ba[C360_MATCH_ATTRS];

	memset(field, 0, sizeof(field));
	memset(flen, 0, sizeof(flen));
	if (size > 2)
	{
		s += 2;
		size -= 2;
		while (pos <= size && n < 2 * C360_IN_FIELDS)
		{
			const char *nl = memchr(s + pos, '\n', size - pos);
			size_t		end = nl ? (size_t) (nl - s) : size;

			if (end > pos)
			{
				field[n] = s + pos;
				flen[n] = end - pos;
			}
			n++;
			pos = end + 1;
		}
	}
	a = build(field, flen, d1, &sa);
	b = build(field + C360_IN_FIELDS, flen + C360_IN_FIELDS, d2, &sb);
	check_key(a, sa);
	check_key(b, sb);
	c360_match_levels(a, b, ab);
	c360_match_levels(b, a, ba);
	for (i = 0; i < C360_MATCH_ATTRS; i++)
		if (ab[i] != ba[i] || ab[i] >= c360_match_attrs[i].n_levels ||
			((c360_match_key_value(a, i) == NULL || c360_match_key_value(b, i) == NULL) != (ab[i] == 0)))
			abort();
	c360_free(a);
	c360_free(b);
	return 0;
}
