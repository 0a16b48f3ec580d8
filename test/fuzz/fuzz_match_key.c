/*
 * fuzz_match_key.c: libFuzzer target for building and comparing match keys.
 *
 * The input is split at '\n' into up to 24 fields: the first 12 are one
 * record's text arguments, the next 12 another's (a field that is absent
 * or empty is NULL).  The first four bytes also give each record a birth
 * date (valid or not) and a default_country ("", US, GB, AU or PR).
 * Checked: both keys are valid, a key compared with itself is "exact" on
 * every attribute it has and "missing" on the others, levels are in range
 * and symmetric, every present value is valid UTF-8, the text form is
 * bounded and NUL-terminated when cut, and the postcode is upper-case
 * letters and digits that normalize to themselves (a ZIP+4 cut to its ZIP
 * code stays cut; checked for records without a one-line address, whose
 * country could differ), at most 5 characters when the input was a ZIP+4
 * of a record in the US.
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

static const char *const countries[] = {"", "US", "GB", "AU", "PR"};

static C360MatchKey *
build(const char **field, const size_t *flen, uint8_t datebyte, size_t *size)
{
	C360MatchInput in;
	int			i;

	memset(&in, 0, sizeof(in));
	strcpy(in.default_country, countries[(datebyte >> 1) % 5]);
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

/*
 * The postcode: letters and digits only, and built again from its own
 * value (same default_country, nothing else) it is the same.
 */
static void
check_postcode(const C360MatchKey *k, uint8_t datebyte, const char *raw, size_t rawlen)
{
	const char *v = c360_match_key_value(k, C360_MATCH_POSTCODE);
	C360MatchInput in;
	C360MatchKey *again;
	const char *w;
	size_t		size,
				i;

	if (v == NULL)
		return;
	for (i = 0; v[i]; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9')))
			abort();
	memset(&in, 0, sizeof(in));
	strcpy(in.default_country, countries[(datebyte >> 1) % 5]);
	in.value[C360_IN_POSTCODE] = v;
	in.len[C360_IN_POSTCODE] = strlen(v);
	again = c360_match_key_build(&in, &size);
	w = c360_match_key_value(again, C360_MATCH_POSTCODE);
	if (w == NULL || strcmp(v, w) != 0)
		abort();
	c360_free(again);
	/* A US record's ZIP+4 ("12345-6789", raw is not NUL-terminated). */
	if (raw != NULL && rawlen == 10 && raw[5] == '-' && (datebyte >> 1) % 5 == 1)
	{
		bool		zip4 = true;

		for (i = 0; i < 10; i++)
			if (i != 5 && (raw[i] < '0' || raw[i] > '9'))
				zip4 = false;
		if (zip4 && strlen(v) != 5)
			abort();
	}
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
	/* The building: the same length whole or cut short, valid UTF-8 whole,
	 * and present only with a house, a street name and a postcode. */
	need = c360_match_key_building(k, small, sizeof(small));
	if (strlen(small) != (need < sizeof(small) ? need : sizeof(small) - 1))
		abort();
	if (need > 0)
	{
		char	   *building = malloc(need + 1);

		if (c360_match_key_building(k, building, need + 1) != need || strlen(building) != need ||
			!valid_utf8(building, need) || c360_match_key_value(k, C360_MATCH_POSTCODE) == NULL)
			abort();
		free(building);
	}
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
	/* (An address may name another country than default_country.) */
	if (field[C360_IN_ADDRESS] == NULL)
		check_postcode(a, d1, field[C360_IN_POSTCODE], flen[C360_IN_POSTCODE]);
	if (field[C360_IN_FIELDS + C360_IN_ADDRESS] == NULL)
		check_postcode(b, d2, field[C360_IN_FIELDS + C360_IN_POSTCODE],
					   flen[C360_IN_FIELDS + C360_IN_POSTCODE]);
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
