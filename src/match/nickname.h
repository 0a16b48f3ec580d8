/*
 * nickname.h: the formal root of a given name ("bob" -> "robert").
 *
 * A binary search in a sorted static table generated at build time from
 * src/match/data/nicknames.csv (nickname_table.h, by
 * src/match/data/gen_nickname_table.awk, which documents the rule that
 * picks one root for a nickname listed under several names).  No
 * allocation, no state; plain C without PostgreSQL headers.
 */
#ifndef C360_NICKNAME_H
#define C360_NICKNAME_H

#include <stddef.h>

/*
 * The root of a lookup key: a given name already folded by c360_name_fold
 * (lower case, accents removed, single spaces).  key need not be
 * NUL-terminated.  Returns a pointer to the root's NUL-terminated static
 * text when key is a nickname in the table, otherwise key itself; either
 * way *root_len is set to the root's length.  A root is its own root, so
 * applying this twice gives the same result as applying it once.
 */
extern const char *c360_nickname_lookup(const char *key, size_t key_len, size_t *root_len);

/*
 * Fold a given name as written (any case, accents, punctuation) into buf
 * with c360_name_fold and return its root as c360_nickname_lookup does:
 * static table text, or buf.  bufsize must exceed len (the folded form is
 * never longer than the input).  Returns NULL, with *root_len 0, when the
 * text has no letter.
 */
extern const char *c360_nickname_root_of(const char *utf8, size_t len,
										 char *buf, size_t bufsize, size_t *root_len);

/*
 * Every formal name the table lists key (a folded given name, as for
 * c360_nickname_lookup) as a nickname of: "sam" -> samantha, sampson,
 * samson, samuel, samyra.  Stores up to max of them (static NUL-terminated
 * text and lengths) in names/lens in byte order and returns how many there
 * are in all (which may exceed max); 0 when key is nobody's nickname.
 */
extern size_t c360_nickname_formal_names(const char *key, size_t key_len,
										 const char **names, size_t *lens,
										 size_t max);

#endif							/* C360_NICKNAME_H */
