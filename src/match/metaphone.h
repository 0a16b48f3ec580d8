/*
 * metaphone.h: Double Metaphone phonetic codes for person names.
 *
 * Lawrence Philips' Double Metaphone (C/C++ Users Journal, June 2000), with
 * all of its rules, written from the published description.  Each name gets
 * a primary code and an alternate code of at most C360_METAPHONE_LEN
 * characters from the alphabet "0AFHJKLMNPRSTX" ('0' is the "th" sound).
 * Two names sound alike when any code of one equals any code of the other.
 *
 * Input is UTF-8 (not NUL-terminated; malformed bytes are tolerated).  It is
 * normalized before encoding:
 *   - Latin letters are accent-folded with c360_cp_fold ('Müller' encodes
 *     like 'Muller', 'ß' like "ss"), except that Ç encodes as S and Ñ as N,
 *     as in the original algorithm (C followed by a combining cedilla is Ç).
 *   - Everything else that is visible separates words: spaces, hyphens,
 *     digits, punctuation, symbols, emoji, malformed bytes, and letters of
 *     other scripts (and the few Latin letters c360_cp_fold leaves
 *     non-ASCII), which have no reading in these rules.  Each run of
 *     separators becomes one space; leading and trailing ones are dropped.
 *     The words are encoded as one string, as the original does, so its
 *     multi-word rules ("VAN ", "VON ", "SAN ", "MAC CAFFREY") work and
 *     "Mary Ann" encodes the whole name.
 *   - Apostrophes (' ` ´ ’ ‘ ʼ ʻ), control and invisible format characters
 *     and combining marks are ignored: "O'Brien" encodes as "OBrien".
 *
 * The work is linear in the input and needs no memory beyond the caller's
 * two small buffers: one pass finds the normalized length and whether the
 * name looks Slavic or Germanic (the rules need both), a second pass
 * encodes through a small sliding window and stops once both codes are full.
 */
#ifndef C360_METAPHONE_H
#define C360_METAPHONE_H

#include <stdbool.h>
#include <stddef.h>

/* Length of a code; the buffers below need one more byte for the NUL. */
#define C360_METAPHONE_LEN 4

/*
 * Compute the primary and alternate codes of utf8[0..len) into primary and
 * alternate (each C360_METAPHONE_LEN + 1 bytes, NUL-terminated).
 *
 * When a name has no distinct alternate pronunciation, alternate equals
 * primary.  An empty code is replaced by the other one, so neither is ever
 * empty when the function returns true.  Returns false, with both buffers
 * set to "", when there is nothing to encode: no Latin letter at all, or
 * only letters that are silent on their own ("H", "W").
 */
extern bool c360_double_metaphone_codes(const char *utf8, size_t len,
										char primary[C360_METAPHONE_LEN + 1],
										char alternate[C360_METAPHONE_LEN + 1]);

/*
 * The same, calling check_interrupts(arg) every C360_METAPHONE_CHECK_BYTES
 * bytes of input, so a caller inside the server can honour query cancel on
 * very large input.  check_interrupts may be NULL.  It may not return
 * (PostgreSQL's error handling longjmps out); nothing here needs cleanup.
 */
#define C360_METAPHONE_CHECK_BYTES ((size_t) 1 << 18)

extern bool c360_double_metaphone_codes_checked(const char *utf8, size_t len,
												char primary[C360_METAPHONE_LEN + 1],
												char alternate[C360_METAPHONE_LEN + 1],
												void (*check_interrupts) (void *arg),
												void *arg);

#endif							/* C360_METAPHONE_H */
