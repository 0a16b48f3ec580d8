/*
 * fuzz_metaphone.c: libFuzzer target for the Double Metaphone codes.
 *
 * Arbitrary bytes go in.  Checked: no crash or overrun (the code buffers are
 * exactly C360_METAPHONE_LEN + 1 bytes on the heap), the result and the
 * buffers agree, codes are 1-4 characters of the code alphabet, and the
 * codes do not change under transformations that must not matter: ASCII
 * case, separators added at either end, an apostrophe between two ASCII
 * letters, and the interrupt-checking entry point.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metaphone.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct
{
	bool		ok;
	char		primary[C360_METAPHONE_LEN + 1];
	char		alternate[C360_METAPHONE_LEN + 1];
} Codes;

static void
count_check(void *arg)
{
	(*(int *) arg)++;
}

static bool
valid_code(const char *code)
{
	size_t		n = strlen(code);

	return n >= 1 && n <= C360_METAPHONE_LEN && strspn(code, "0AFHJKLMNPRSTX") == n;
}

static Codes
encode(const char *s, size_t len)
{
	Codes		c;
	char	   *primary = malloc(C360_METAPHONE_LEN + 1);
	char	   *alternate = malloc(C360_METAPHONE_LEN + 1);

	c.ok = c360_double_metaphone_codes(s, len, primary, alternate);
	if (c.ok)
	{
		if (!valid_code(primary) || !valid_code(alternate))
			abort();
	}
	else if (primary[0] != '\0' || alternate[0] != '\0')
		abort();
	memcpy(c.primary, primary, sizeof(c.primary));
	memcpy(c.alternate, alternate, sizeof(c.alternate));
	free(primary);
	free(alternate);
	return c;
}

static void
expect_same(const Codes *a, const Codes *b)
{
	if (a->ok != b->ok)
		abort();
	if (a->ok && (strcmp(a->primary, b->primary) != 0 ||
				  strcmp(a->alternate, b->alternate) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	Codes		base = encode(s, size);
	Codes		other;
	char	   *copy = malloc(size + 2);
	int			checks = 0;

	/* the interrupt-checking entry point gives the same codes */
	other.ok = c360_double_metaphone_codes_checked(s, size, other.primary, other.alternate,
												   count_check, &checks);
	expect_same(&base, &other);
	if (checks > 2 * (int) (size / C360_METAPHONE_CHECK_BYTES) + 2)
		abort();

	/* ASCII case does not matter (multi-byte sequences have no ASCII bytes) */
	for (size_t i = 0; i < size; i++)
	{
		char		c = s[i];

		copy[i] = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') :
			(c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
	}
	other = encode(copy, size);
	expect_same(&base, &other);

	/* separators at the ends are trimmed */
	copy[0] = ' ';
	memcpy(copy + 1, s, size);
	other = encode(copy, size + 1);
	expect_same(&base, &other);
	memcpy(copy, s, size);
	copy[size] = '-';
	other = encode(copy, size + 1);
	expect_same(&base, &other);

	/* an apostrophe between two ASCII letters joins them */
	for (size_t i = 1; i < size; i++)
	{
		unsigned char before = data[i - 1],
					after = data[i];

		if (((before | 0x20) >= 'a' && (before | 0x20) <= 'z') &&
			((after | 0x20) >= 'a' && (after | 0x20) <= 'z'))
		{
			memcpy(copy, s, i);
			copy[i] = '\'';
			memcpy(copy + i + 1, s + i, size - i);
			other = encode(copy, size + 1);
			expect_same(&base, &other);
			break;
		}
	}

	free(copy);
	return 0;
}
