/*
 * match_blocks.c: the blocking keys of a match key (see match_blocks.h).
 *
 * The rules, all on normalized values: the name in either order; family
 * or given name with the postcode; the birth date with the family name,
 * given name, postcode, street or city; both names' phonetic codes with
 * the postcode or the birth date; the street with the postcode or the
 * city; the e-mail; the phone; the national id.
 */
#include <string.h>

#include "../common/c360_alloc.h"
#include "match_blocks.h"

/* "<tag>:<part>|<part>..." of the first n parts; NULL if one is absent. */
static char *
block_key(const char *tag, int n, const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a, b, c};
	size_t		tag_len = strlen(tag);
	size_t		len = tag_len + 2;
	char	   *out,
			   *p;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (parts[i] == NULL)
			return NULL;
		len += strlen(parts[i]) + 1;
	}
	out = c360_alloc(len);
	memcpy(out, tag, tag_len);
	p = out + tag_len;
	*p++ = ':';
	for (i = 0; i < n; i++)
	{
		size_t		l = strlen(parts[i]);

		if (i > 0)
			*p++ = '|';
		memcpy(p, parts[i], l);
		p += l;
	}
	*p = '\0';
	return out;
}

void
c360_match_block_slots(const C360MatchKey *key, char *slots[C360_MATCH_BLOCK_RULES])
{
	const char *g = c360_match_key_value(key, C360_MATCH_GIVEN_NAME);
	const char *f = c360_match_key_value(key, C360_MATCH_FAMILY_NAME);
	const char *b = c360_match_key_value(key, C360_MATCH_BIRTH_DATE);
	const char *e = c360_match_key_value(key, C360_MATCH_EMAIL);
	const char *t = c360_match_key_value(key, C360_MATCH_PHONE);
	const char *st = c360_match_key_value(key, C360_MATCH_STREET);
	const char *c = c360_match_key_value(key, C360_MATCH_CITY);
	const char *p = c360_match_key_value(key, C360_MATCH_POSTCODE);
	const char *id = c360_match_key_value(key, C360_MATCH_NATIONAL_ID);
	const char *mg = c360_match_key_phonetic(key, C360_MATCH_GIVEN_NAME);
	const char *mf = c360_match_key_phonetic(key, C360_MATCH_FAMILY_NAME);
	char	  **all = slots;

	/* The name in either order, so swapped given and family names agree. */
	if (g != NULL && f != NULL && strcmp(g, f) > 0)
		all[0] = block_key("n", 2, f, g, NULL);
	else
		all[0] = block_key("n", 2, g, f, NULL);
	all[1] = block_key("fp", 2, f, p, NULL);
	all[2] = block_key("gp", 2, g, p, NULL);
	all[3] = block_key("bf", 2, b, f, NULL);
	all[4] = block_key("bg", 2, b, g, NULL);
	all[5] = block_key("bp", 2, b, p, NULL);
	all[6] = block_key("mp", 3, mg, mf, p);
	all[7] = block_key("mb", 3, mg, mf, b);
	all[8] = block_key("sp", 2, st, p, NULL);
	all[9] = block_key("sc", 2, st, c, NULL);
	all[10] = block_key("bs", 2, b, st, NULL);
	all[11] = block_key("bc", 2, b, c, NULL);
	all[12] = block_key("e", 1, e, NULL, NULL);
	all[13] = block_key("t", 1, t, NULL, NULL);
	all[14] = block_key("i", 1, id, NULL, NULL);
}

int
c360_match_blocks(const C360MatchKey *key, char *keys[C360_MATCH_BLOCK_RULES])
{
	char	   *all[C360_MATCH_BLOCK_RULES];
	int			i,
				n = 0;

	c360_match_block_slots(key, all);
	for (i = 0; i < C360_MATCH_BLOCK_RULES; i++)
		if (all[i] != NULL)
			keys[n++] = all[i];
	return n;
}

int64_t
c360_block_hash(const char *key, size_t len)
{
	uint64_t	h = UINT64_C(0xcbf29ce484222325);	/* FNV-1a offset basis */
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) key[i];
		h *= UINT64_C(0x100000001b3);	/* FNV-1a prime */
	}
	/* MurmurHash3's fmix64 */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (int64_t) h;
}
