/*
 * utf8.h: UTF-8 decoding and the small amount of Unicode knowledge that
 * matching needs (case, accent folding, character classes).
 *
 * Plain C, no PostgreSQL headers.  The fmgr wrappers hand these functions
 * UTF-8 whatever the database encoding is (src/pg/glue.h converts).
 *
 * Coverage is deliberate rather than complete: Latin (Basic, Latin-1,
 * Extended-A, Extended-B's pinyin, Romanian and Vietnamese letters, Latin
 * Extended Additional), Greek and Cyrillic get case mapping; those Latin
 * letters get accent folding; other scripts pass through unchanged, which
 * is the right answer for comparison.
 */
#ifndef C360_UTF8_H
#define C360_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define C360_REPLACEMENT_CHAR 0xFFFDu

/*
 * Decode len bytes of UTF-8 into code points.  Each byte of a malformed,
 * overlong, truncated or surrogate sequence becomes one U+FFFD, so decoding
 * never fails and never reads past len.  out needs room for len code points.
 * Returns the number of code points written.
 */
extern size_t c360_utf8_decode(const char *s, size_t len, uint32_t *out);

/* Number of code points c360_utf8_decode would produce. */
extern size_t c360_utf8_length(const char *s, size_t len);

/*
 * Encode one code point into out (room for 4 bytes).  Values that are not
 * Unicode scalar values are written as U+FFFD.  Returns the byte count.
 */
extern size_t c360_utf8_encode(uint32_t cp, char *out);

/* Simple one-to-one case mapping for the scripts named above. */
extern uint32_t c360_cp_lower(uint32_t cp);
extern uint32_t c360_cp_upper(uint32_t cp);

/*
 * Fold a code point for comparison: lower case, and Latin letters with
 * diacritics reduced to their base letters ('É' -> "e", 'ß' -> "ss",
 * 'Æ' -> "ae", 'Ł' -> "l", 'Þ' -> "th"; Greek tonos and dialytika and
 * Cyrillic 'Ё' likewise: 'ά' -> "α", 'Ё' -> "е").  Combining marks (U+0300-U+036F)
 * fold to nothing, so decomposed input folds like precomposed input.
 * Writes 0 to 2 code points to out and returns how many.
 */
extern int	c360_cp_fold(uint32_t cp, uint32_t out[2]);

/* Full-width ASCII (U+FF01-U+FF5E) as ASCII: '２' is '2', '＋' is '+'. */
extern uint32_t c360_cp_width_fold(uint32_t cp);

/*
 * Value 0-9 of a decimal digit in the scripts common in phone and date
 * fields (ASCII, Arabic-Indic, Extended Arabic-Indic, Devanagari), else -1.
 */
extern int	c360_cp_decimal_value(uint32_t cp);

/* Character classes. */
extern bool c360_cp_is_space(uint32_t cp);	/* Unicode white space, incl. NBSP */
extern bool c360_cp_is_digit(uint32_t cp);	/* ASCII 0-9 only */
extern bool c360_cp_is_control(uint32_t cp);	/* C0, DEL, C1, zero-width and bidi
												 * formatting characters */
extern bool c360_cp_is_combining(uint32_t cp);	/* U+0300-U+036F */

/*
 * A letter in any script, approximately: not a control, space, digit,
 * punctuation, symbol, emoji, private-use or replacement character.
 * Combining marks count as letters (they belong to one).
 */
extern bool c360_cp_is_letter(uint32_t cp);

/*
 * Fold a whole UTF-8 string with c360_cp_fold into out, which needs room for
 * 3 * len + 1 bytes (a malformed byte becomes the 3-byte U+FFFD).
 * Returns the byte length written; out is NUL-terminated.
 */
extern size_t c360_utf8_fold(const char *s, size_t len, char *out);

#endif							/* C360_UTF8_H */
