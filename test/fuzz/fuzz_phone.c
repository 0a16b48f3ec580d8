/*
 * fuzz_phone.c: libFuzzer target for telephone number normalization.
 *
 * The first two bytes choose two countries of the table; the rest is the
 * number.  Checked: no crash or overrun (the output buffer is exactly
 * C360_PHONE_BUFSIZE bytes on the heap), a failure leaves "", a result is
 * '+' and 6 to 15 digits and its reported length is right, the result read
 * back in either country is itself (E.164 does not depend on the default
 * country), and ASCII case or surrounding spaces do not change anything.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phone.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct
{
	bool		ok;
	char		e164[C360_PHONE_BUFSIZE];
} Result;

static Result
normalize(const char *s, size_t len, int country)
{
	Result		r;
	char	   *in = malloc(len ? len : 1);
	char	   *out = malloc(C360_PHONE_BUFSIZE);
	size_t		out_len = 12345;

	memcpy(in, s, len);
	r.ok = c360_phone_normalize(in, len, country, out, &out_len);
	if (r.ok)
	{
		size_t		n = strlen(out);

		if (n != out_len || n < 7 || n > C360_PHONE_E164_MAX || out[0] != '+' ||
			out[1] == '0' || strspn(out + 1, "0123456789") != n - 1)
			abort();
	}
	else if (out[0] != '\0' || out_len != 0)
		abort();
	memcpy(r.e164, out, C360_PHONE_BUFSIZE);
	free(in);
	free(out);
	return r;
}

static bool
same(Result a, Result b)
{
	return a.ok == b.ok && (!a.ok || strcmp(a.e164, b.e164) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			count = c360_phone_country_count();
	int			first,
				second;
	const char *s;
	size_t		len;
	Result		r;

	if (size < 2)
		return 0;
	first = data[0] % count;
	second = data[1] % count;
	s = (const char *) data + 2;
	len = size - 2;

	r = normalize(s, len, first);
	if (r.ok)
	{
		/* idempotent, and the same from any default country */
		if (!same(normalize(r.e164, strlen(r.e164), first), r) ||
			!same(normalize(r.e164, strlen(r.e164), second), r))
			abort();
	}

	if (len + 2 <= C360_PHONE_MAX_INPUT)
	{
		char	   *t = malloc(len + 2);

		/* ASCII case does not matter */
		for (size_t i = 0; i < len; i++)
			t[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char) (s[i] - 32) : s[i];
		if (!same(normalize(t, len, first), r))
			abort();
		/* nor do spaces around the number */
		t[0] = ' ';
		memcpy(t + 1, s, len);
		t[len + 1] = ' ';
		if (!same(normalize(t, len + 2, first), r))
			abort();
		free(t);
	}
	return 0;
}
