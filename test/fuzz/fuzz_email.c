/*
 * fuzz_email.c: libFuzzer target for e-mail address normalization.
 *
 * Checked: no crash or overrun (the output buffer is exactly
 * C360_EMAIL_BUFSIZE bytes on the heap), a failure leaves "", a result is
 * valid UTF-8 of at most 254 bytes with no ASCII capitals, no white space
 * outside a quoted local part and the '@' at the reported domain offset,
 * normalization is idempotent, and ASCII case or surrounding spaces do not
 * change the result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "email.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct
{
	bool		ok;
	size_t		len;
	char		address[C360_EMAIL_BUFSIZE];
} Result;

/* Valid UTF-8: decoding and encoding again gives the same bytes. */
static bool
valid_utf8(const char *s, size_t len)
{
	uint32_t   *cps = malloc((len + 1) * sizeof(uint32_t));
	size_t		n = c360_utf8_decode(s, len, cps),
				o = 0;
	bool		ok = true;

	for (size_t i = 0; i < n && ok; i++)
	{
		char		buf[4];
		size_t		k = c360_utf8_encode(cps[i], buf);

		ok = cps[i] != C360_REPLACEMENT_CHAR && o + k <= len && memcmp(s + o, buf, k) == 0;
		o += k;
	}
	free(cps);
	return ok && o == len;
}

static Result
normalize(const char *s, size_t len)
{
	Result		r;
	char	   *in = malloc(len ? len : 1);
	char	   *out = malloc(C360_EMAIL_BUFSIZE);
	size_t		out_len = 12345,
				domain = 12345;

	memcpy(in, s, len);
	r.ok = c360_email_normalize(in, len, out, &out_len, &domain);
	r.len = out_len;
	if (r.ok)
	{
		bool		in_quotes = out[0] == '"';

		if (strlen(out) != out_len || out_len > C360_EMAIL_MAX || !valid_utf8(out, out_len) ||
			domain < 2 || domain >= out_len || out[domain - 1] != '@' ||
			memchr(out + domain, '@', out_len - domain) != NULL ||
			memchr(out + domain, '.', out_len - domain) == NULL)
			abort();
		for (size_t i = 0; i < out_len; i++)
		{
			if (out[i] >= 'A' && out[i] <= 'Z')
				abort();
			if (i + 1 < domain && i > 0 && out[i] == '"' && out[i - 1] != '\\')
				in_quotes = false;
			if ((out[i] == ' ' || (unsigned char) out[i] < 0x20) && !in_quotes)
				abort();
			if ((unsigned char) out[i] < 0x20 || out[i] == 0x7f)
				abort();
		}
	}
	else if (out[0] != '\0' || out_len != 0 || domain != 0)
		abort();
	memcpy(r.address, out, C360_EMAIL_BUFSIZE);
	free(in);
	free(out);
	return r;
}

static bool
same(Result a, Result b)
{
	return a.ok == b.ok && (!a.ok || strcmp(a.address, b.address) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	Result		r = normalize(s, size);

	if (r.ok && !same(normalize(r.address, r.len), r))
		abort();				/* idempotent */

	if (size + 2 <= C360_EMAIL_MAX_INPUT)
	{
		char	   *t = malloc(size + 2);

		for (size_t i = 0; i < size; i++)
			t[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char) (s[i] - 32) : s[i];
		if (!same(normalize(t, size), r))
			abort();			/* ASCII case does not matter */
		t[0] = ' ';
		memcpy(t + 1, s, size);
		t[size + 1] = '\t';
		if (!same(normalize(t, size + 2), r))
			abort();			/* nor does surrounding white space */
		free(t);
	}
	return 0;
}
