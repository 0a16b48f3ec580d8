/*
 * nickname.c: nickname roots by binary search in the generated table.
 */
#include <string.h>

#include "c360_assert.h"
#include "name.h"
#include "nickname.h"
#include "nickname_table.h"

/* Byte order of (a, alen) against (b, blen), a shorter prefix first. */
static int
compare_keys(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

const char *
c360_nickname_lookup(const char *key, size_t key_len, size_t *root_len)
{
	size_t		lo = 0,
				hi = C360_NICKNAME_ENTRIES;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		const C360NicknameEntry *e = &c360_nickname_table[mid];
		int			c = compare_keys(key, key_len, e->key, e->key_len);

		if (c == 0)
		{
			*root_len = e->root_len;
			return e->root;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*root_len = key_len;
	return key;
}

const char *
c360_nickname_root_of(const char *utf8, size_t len, char *buf, size_t bufsize,
					  size_t *root_len)
{
	size_t		key_len;

	C360_ASSERT(bufsize > len);
	key_len = c360_name_fold(utf8, len, buf, bufsize);
	C360_ASSERT(key_len < bufsize);
	if (key_len == 0)
	{
		*root_len = 0;
		return NULL;
	}
	return c360_nickname_lookup(buf, key_len, root_len);
}

size_t
c360_nickname_formal_names(const char *key, size_t key_len,
						   const char **names, size_t *lens, size_t max)
{
	size_t		lo = 0,
				hi = C360_NICKNAME_FORMAL_PAIRS,
				count = 0;

	/* The first pair whose nickname is not below key. */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		const C360NicknameEntry *e = &c360_nickname_formal_table[mid];

		if (compare_keys(e->key, e->key_len, key, key_len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < C360_NICKNAME_FORMAL_PAIRS; lo++)
	{
		const C360NicknameEntry *e = &c360_nickname_formal_table[lo];

		if (compare_keys(e->key, e->key_len, key, key_len) != 0)
			break;
		if (count < max)
		{
			names[count] = e->root;
			lens[count] = e->root_len;
		}
		count++;
	}
	return count;
}
