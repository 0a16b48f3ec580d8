/*
 * libFuzzer target for src/match/name.c and src/match/nickname.c.
 *
 * The input is a name as arbitrary bytes.  Checked for every input:
 *   - spans lie inside the input, do not overlap, start and end on letters;
 *   - every text (parts as written, folded, normalized, lookup key) is valid
 *     UTF-8, no longer than the input, has no NUL, no leading, trailing or
 *     doubled space, and its reported length is the length written;
 *   - a cut-short write is a prefix of the full text, still valid UTF-8;
 *   - normalize = folded given, middle, family, suffix joined by spaces,
 *     and is 0 exactly when those parts hold no letter;
 *   - the folded forms have no ASCII capital; folding is idempotent, and
 *     normalizing again keeps all but leading title words (for names short
 *     enough to be parsed exactly);
 *   - the nickname root is NULL exactly when the key is, is the key or
 *     table text, and is its own root.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "nickname.h"
#include "utf8.h"

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "fuzz_name: check failed at line %d: %s\n", __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

static bool
valid_utf8(const char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	cps[4];
		char		enc[4];
		size_t		k = len - i < 4 ? len - i : 4;

		(void) c360_utf8_decode(s + i, k, cps);
		if (cps[0] == C360_REPLACEMENT_CHAR &&
			!(k >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return false;
		i += c360_utf8_encode(cps[0], enc);
	}
	return i == len;
}

/* The shape every text output must have. */
static void
check_text(const char *out, size_t n)
{
	FUZZ_CHECK(strlen(out) == n);
	FUZZ_CHECK(valid_utf8(out, n));
	if (n > 0)
	{
		FUZZ_CHECK(out[0] != ' ');
		FUZZ_CHECK(out[n - 1] != ' ');
		FUZZ_CHECK(strstr(out, "  ") == NULL);
	}
}

static void
check_no_capitals(const char *out)
{
	for (const char *p = out; *p; p++)
		FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'));
}

/* A cut-short write must be a prefix of the full text. */
static void
check_cut(const char *full, size_t n, size_t got, const char *cut, size_t cutsize)
{
	size_t		written = strlen(cut);

	FUZZ_CHECK(got == n);
	FUZZ_CHECK(written < cutsize);
	FUZZ_CHECK(written <= n);
	FUZZ_CHECK(memcmp(cut, full, written) == 0);
	FUZZ_CHECK(valid_utf8(cut, written));
	if (n < cutsize)
		FUZZ_CHECK(written == n);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *) data;
	size_t		cap = size + 1;
	char	   *out = malloc(cap);
	char	   *again = malloc(cap);
	char	   *cut = malloc(cap);
	char	   *joined = malloc(cap + 8);
	size_t		joined_len = 0;
	bool		letters = false;
	C360Name	name;
	size_t		n,
				fold_len;

	c360_name_parse(in, size, &name);

	/* spans: inside the input, non-empty text, pairwise disjoint */
	for (int part = 0; part < C360_NAME_PARTS; part++)
		for (int k = 0; k < 2; k++)
		{
			C360NameSpan s = name.span[part][k];

			if (s.length == 0)
			{
				FUZZ_CHECK(s.offset == 0);
				if (k == 0)
					FUZZ_CHECK(name.span[part][1].length == 0);
				continue;
			}
			FUZZ_CHECK(name.token_count > 0);
			FUZZ_CHECK(s.offset <= size && s.length <= size - s.offset);
			for (int part2 = 0; part2 < C360_NAME_PARTS; part2++)
				for (int k2 = 0; k2 < 2; k2++)
				{
					C360NameSpan t = name.span[part2][k2];

					if ((part2 == part && k2 == k) || t.length == 0)
						continue;
					FUZZ_CHECK(s.offset + s.length <= t.offset || t.offset + t.length <= s.offset);
				}
		}
	if (name.token_count == 0)
		FUZZ_CHECK(!name.comma_form);

	/* parts as written and folded */
	for (int part = 0; part < C360_NAME_PARTS; part++)
	{
		/* the tokens of the spans, plus one space between two spans */
		size_t		span_total = name.span[part][0].length + name.span[part][1].length +
			(name.span[part][1].length > 0 ? 1 : 0);

		n = c360_name_part_text(in, &name, part, out, cap);
		FUZZ_CHECK(n < cap);
		check_text(out, n);
		FUZZ_CHECK(n <= span_total && n <= size);
		FUZZ_CHECK((n > 0) == c360_name_has_part(&name, part));
		if (n > 1)
		{
			size_t		got = c360_name_part_text(in, &name, part, cut, n / 2 + 1);

			check_cut(out, n, got, cut, n / 2 + 1);
		}

		n = c360_name_part_folded(in, &name, part, out, cap);
		FUZZ_CHECK(n < cap);
		check_text(out, n);
		check_no_capitals(out);
		FUZZ_CHECK(n <= span_total);
		if (part != C360_NAME_TITLE && n > 0)
		{
			if (joined_len > 0)
				joined[joined_len++] = ' ';
			memcpy(joined + joined_len, out, n);
			joined_len += n;
			joined[joined_len] = '\0';
		}
		if (part == C360_NAME_GIVEN || part == C360_NAME_MIDDLE || part == C360_NAME_FAMILY)
			for (size_t i = 0; i < n; i++)
				if (!(out[i] == ' ' || (out[i] >= '0' && out[i] <= '9')))
					letters = true;
	}

	/* the whole comparison form */
	n = c360_name_normalize(in, size, out, cap);
	FUZZ_CHECK(n < cap);
	check_text(out, n);
	check_no_capitals(out);
	FUZZ_CHECK((n > 0) == letters);
	if (n > 0)
	{
		FUZZ_CHECK(n == joined_len && memcmp(out, joined, n) == 0);
		if (n > 1)
		{
			size_t		got = c360_name_normalize(in, size, cut, n / 2);

			check_cut(out, n, got, cut, n / 2);
		}
		/*
		 * Normalizing the comparison form again keeps it, except that a
		 * hyphen turned into a space can expose a title word at the front
		 * ("Señorita-L Laffie" -> "senorita l laffie" -> "l laffie"): the
		 * result is the same text or a tail of it after whole tokens.  Only
		 * for names parsed exactly (no tokens beyond the windows).
		 */
		if (name.token_count <= C360_NAME_WINDOW)
		{
			size_t		n2 = c360_name_normalize(out, n, again, cap);

			FUZZ_CHECK(n2 <= n);
			if (n2 > 0)
				FUZZ_CHECK(memcmp(again, out + n - n2, n2) == 0 &&
						   (n2 == n || out[n - n2 - 1] == ' '));
			if (n2 < n)
				FUZZ_CHECK(memchr(out, ' ', n) != NULL);
		}
	}

	/* the lookup key: idempotent */
	fold_len = c360_name_fold(in, size, out, cap);
	FUZZ_CHECK(fold_len < cap);
	check_text(out, fold_len);
	check_no_capitals(out);
	if (fold_len > 0)
	{
		size_t		n2 = c360_name_fold(out, fold_len, again, cap);

		FUZZ_CHECK(n2 == fold_len && memcmp(again, out, fold_len) == 0);
	}

	/* nickname roots */
	{
		size_t		root_len;
		const char *root = c360_nickname_root_of(in, size, again, cap, &root_len);

		FUZZ_CHECK((root == NULL) == (fold_len == 0));
		if (root != NULL)
		{
			size_t		root2_len;
			const char *root2;

			if (root == again)
				FUZZ_CHECK(root_len == fold_len && memcmp(again, out, fold_len) == 0);
			else
				FUZZ_CHECK(strlen(root) == root_len && valid_utf8(root, root_len));
			root2 = c360_nickname_lookup(root, root_len, &root2_len);
			FUZZ_CHECK(root2 == root && root2_len == root_len);
		}
	}

	free(out);
	free(again);
	free(cut);
	free(joined);
	return 0;
}
