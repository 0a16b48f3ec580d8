/*
 * test_match_blocks.c: the blocking keys of a match key.
 */
#include <stdio.h>
#include <stdlib.h>

#include "match_blocks.h"
#include "unit.h"
#include "c360_alloc.h"

static C360MatchKey *
key_of(const char *given, const char *family, int y, int m, int d, const char *email,
	   const char *phone, const char *street, const char *city, const char *postcode,
	   const char *id)
{
	C360MatchInput in;
	size_t		size;

	memset(&in, 0, sizeof(in));
#define SET(f, v) do { if (v) { in.value[f] = (v); in.len[f] = strlen(v); } } while (0)
	SET(C360_IN_GIVEN_NAME, given);
	SET(C360_IN_FAMILY_NAME, family);
	SET(C360_IN_EMAIL, email);
	SET(C360_IN_PHONE, phone);
	SET(C360_IN_STREET, street);
	SET(C360_IN_CITY, city);
	SET(C360_IN_POSTCODE, postcode);
	SET(C360_IN_NATIONAL_ID, id);
#undef SET
	if (y)
	{
		in.has_birth_date = true;
		in.birth_year = y;
		in.birth_month = m;
		in.birth_day = d;
	}
	return c360_match_key_build(&in, &size);
}

/* Does the key list hold s? */
static bool
has(char *const *keys, int n, const char *s)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], s) == 0)
			return true;
	return false;
}

static int
prefixed(char *const *keys, int n, const char *prefix)
{
	int			i,
				count = 0;

	for (i = 0; i < n; i++)
		if (strncmp(keys[i], prefix, strlen(prefix)) == 0)
			count++;
	return count;
}

static void
free_keys(char **keys, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		c360_free(keys[i]);
}

/* Two keys share a block? */
static bool
share(const C360MatchKey *a, const C360MatchKey *b)
{
	char	   *ka[C360_MATCH_BLOCK_RULES],
			   *kb[C360_MATCH_BLOCK_RULES];
	int			na = c360_match_blocks(a, ka),
				nb = c360_match_blocks(b, kb),
				i;
	bool		found = false;

	for (i = 0; i < na && !found; i++)
		found = has(kb, nb, ka[i]);
	free_keys(ka, na);
	free_keys(kb, nb);
	return found;
}

static void
test_full_record(void)
{
	C360MatchKey *k = key_of("John", "Smith", 1980, 3, 14, "JSmith77@Mailbox.org",
							 "(212) 555-0101", "123 Main St Apt 4", "New York", "10001",
							 "524-71-9043");
	char	   *keys[C360_MATCH_BLOCK_RULES];
	int			n = c360_match_blocks(k, keys);
	int			i;

	CHECK_INT(n, 15);
	CHECK(has(keys, n, "n:john|smith"));
	CHECK(has(keys, n, "fp:smith|10001"));
	CHECK(has(keys, n, "gp:john|10001"));
	CHECK(has(keys, n, "bf:19800314|smith"));
	CHECK(has(keys, n, "bg:19800314|john"));
	CHECK(has(keys, n, "bp:19800314|10001"));
	CHECK_INT(prefixed(keys, n, "mp:"), 1);
	CHECK_INT(prefixed(keys, n, "mb:"), 1);
	CHECK(has(keys, n, "t:+12125550101"));
	CHECK_INT(prefixed(keys, n, "e:"), 1);
	CHECK_INT(prefixed(keys, n, "i:"), 1);
	CHECK_INT(prefixed(keys, n, "sp:"), 1);
	CHECK_INT(prefixed(keys, n, "sc:"), 1);
	CHECK_INT(prefixed(keys, n, "bs:"), 1);
	CHECK_INT(prefixed(keys, n, "bc:"), 1);
	/* No two rules give one key (tags keep them apart). */
	for (i = 1; i < n; i++)
		CHECK(!has(keys, i, keys[i]));
	free_keys(keys, n);
	c360_free(k);
}

static void
test_partial_records(void)
{
	C360MatchKey *empty = key_of(NULL, NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL);
	C360MatchKey *email_only = key_of(NULL, NULL, 0, 0, 0, "a@b.com", NULL, NULL, NULL, NULL, NULL);
	C360MatchKey *given_only = key_of("Ann", NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL);
	char	   *keys[C360_MATCH_BLOCK_RULES];
	int			n;

	CHECK_INT(c360_match_blocks(empty, keys), 0);
	n = c360_match_blocks(email_only, keys);
	CHECK_INT(n, 1);
	CHECK(n == 1 && strcmp(keys[0], "e:a@b.com") == 0);
	free_keys(keys, n);
	/* A given name alone is no block: far too common. */
	CHECK_INT(c360_match_blocks(given_only, keys), 0);
	c360_free(empty);
	c360_free(email_only);
	c360_free(given_only);
}

/* The cases blocking exists for: each pair shares a key. */
static void
test_pairs_found(void)
{
	C360MatchKey *a = key_of("Jon", "Smith", 1980, 3, 14, NULL, NULL, "12 Oak Rd", "Springfield", "62701", NULL);
	/* swapped names, same postcode */
	C360MatchKey *b = key_of("Smith", "Jon", 0, 0, 0, NULL, NULL, NULL, NULL, "62701", NULL);
	/* typo in the family name, same birth date */
	C360MatchKey *c = key_of("Jon", "Smiht", 1980, 3, 14, NULL, NULL, NULL, NULL, NULL, NULL);
	/* married name, moved: same given name and birth date */
	C360MatchKey *d = key_of("Jon", "Jones", 1980, 3, 14, NULL, NULL, "9 Elm St", "Chicago", "60601", NULL);
	/* phonetic spelling, same postcode */
	C360MatchKey *e = key_of("John", "Smyth", 0, 0, 0, NULL, NULL, NULL, NULL, "62701", NULL);
	/* same address, postcode mistyped */
	C360MatchKey *f = key_of("J", "Smith", 0, 0, 0, NULL, NULL, "12 Oak Rd", "Springfield", "62710", NULL);
	/* a different person elsewhere */
	C360MatchKey *g = key_of("Mary", "Brown", 1975, 6, 1, NULL, NULL, "1 Pine Ave", "Boston", "02108", NULL);

	CHECK(share(a, b));
	CHECK(share(a, c));
	CHECK(share(a, d));
	CHECK(share(a, e));
	CHECK(share(a, f));
	CHECK(!share(a, g));
	CHECK(!share(b, g));
	c360_free(a);
	c360_free(b);
	c360_free(c);
	c360_free(d);
	c360_free(e);
	c360_free(f);
	c360_free(g);
}

/*
 * The stored hash is fixed by its definition: the reference values below
 * were computed independently (FNV-1a 64 then MurmurHash3 fmix64).  A
 * change here would make every stored c360.record.blocks stale.
 */
static void
test_block_hash(void)
{
	char		buf[32];
	int64_t    *seen;
	int			i,
				j,
				collisions = 0;

	CHECK(c360_block_hash("", 0) == INT64_C(-1166397803181037274));
	CHECK(c360_block_hash("a", 1) == INT64_C(-9033471704281723301));
	CHECK(c360_block_hash("fn:smith|john", 13) == INT64_C(7417296333297863735));
	CHECK(c360_block_hash("ea:jos\xc3\xa9@example.com", 20) == INT64_C(-2345382326020802733));
	/* The length counts: a prefix or an embedded NUL is another key. */
	CHECK(c360_block_hash("ab", 1) == c360_block_hash("a", 1));
	CHECK(c360_block_hash("a\0b", 3) != c360_block_hash("a", 1));
	CHECK(c360_block_hash("abc", 3) != c360_block_hash("abd", 3));
	/* 20,000 keys that differ in one or two digits: no two share a hash. */
	seen = c360_alloc(sizeof(int64_t) * 20000);
	for (i = 0; i < 20000; i++)
	{
		int			len = snprintf(buf, sizeof(buf), "bp:%05d|1970-01-01", i);

		seen[i] = c360_block_hash(buf, (size_t) len);
	}
	for (i = 0; i < 20000; i++)
		for (j = i + 1; j < 20000; j++)
			collisions += seen[i] == seen[j];
	CHECK_INT(collisions, 0);
	c360_free(seen);
}

int
main(void)
{
	test_full_record();
	test_partial_records();
	test_pairs_found();
	test_block_hash();
	return UNIT_DONE();
}
