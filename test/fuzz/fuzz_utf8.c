/*
 * Fuzz target for src/common/utf8.c: decoding never reads past its input,
 * agrees with c360_utf8_length, and re-encoding gives valid UTF-8 that
 * decodes to the same code points; folding stays within its documented
 * output bound, gives valid UTF-8 and is idempotent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	uint32_t   *cps = c360_alloc((size + 1) * sizeof(uint32_t));
	uint32_t   *again = c360_alloc((4 * size + 1) * sizeof(uint32_t));
	char	   *encoded = c360_alloc(4 * size + 1);
	char	   *folded = c360_alloc(3 * size + 1);
	char	   *folded2 = c360_alloc(3 * (3 * size) + 1);
	size_t		n = c360_utf8_decode(s, size, cps);
	size_t		bytes = 0;
	size_t		flen,
				flen2;

	require(n <= size);
	require(n == c360_utf8_length(s, size));
	for (size_t i = 0; i < n; i++)
	{
		require(cps[i] <= 0x10FFFF && !(cps[i] >= 0xD800 && cps[i] <= 0xDFFF));
		bytes += c360_utf8_encode(cps[i], encoded + bytes);
	}
	/* Re-encoded text is valid UTF-8: it decodes to the same code points. */
	require(c360_utf8_decode(encoded, bytes, again) == n);
	require(memcmp(cps, again, n * sizeof(uint32_t)) == 0);

	flen = c360_utf8_fold(s, size, folded);
	require(flen <= 3 * size);
	require(strlen(folded) <= flen);
	flen2 = c360_utf8_fold(folded, flen, folded2);
	require(flen2 == flen && memcmp(folded, folded2, flen) == 0);

	c360_free(cps);
	c360_free(again);
	c360_free(encoded);
	c360_free(folded);
	c360_free(folded2);
	return 0;
}
