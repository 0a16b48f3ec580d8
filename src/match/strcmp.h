/*
 * strcmp.h: string comparators on Unicode code points.
 *
 *   Jaro and Jaro-Winkler similarity (0 = nothing in common, 1 = equal),
 *   the unrestricted Damerau-Levenshtein distance (Lowrance-Wagner), and
 *   the same distance with an upper bound that lets it stop early.
 *
 * Plain C, no PostgreSQL headers.  Inputs are UTF-8, not NUL-terminated;
 * they are compared code point by code point exactly as given (no case or
 * accent folding: callers normalize first).  Malformed bytes decode to
 * U+FFFD one byte each, as in utf8.h.
 *
 * The match engine calls the simple forms on already-normalized fields.
 * They do not allocate when both inputs are at most C360_STRCMP_STACK_BYTES
 * bytes long; for the distances, that is after the common prefix and suffix
 * are removed, and the matrix must also fit 4096 cells (two strings of about
 * 60 characters unbounded, any length with max <= 43).  Otherwise working
 * memory comes from c360_alloc.  The _ex forms add a memory budget and an
 * interrupt hook and say why they could not answer; the SQL functions use
 * those.
 *
 * Function names carry the module prefix (c360_strcmp_...) because the SQL
 * wrappers own the c360_<sqlname> symbols.
 */
#ifndef C360_STRCMP_H
#define C360_STRCMP_H

#include <stddef.h>

#include "c360_alloc.h"

/* Inputs up to this many bytes are compared in stack buffers. */
#define C360_STRCMP_STACK_BYTES 256

/*
 * Longest string (in bytes) that is ever held as an array of code points:
 * one allocation of 4 bytes per code point must stay within C360_ALLOC_MAX.
 * Jaro needs this only of the shorter input; the distances of the parts
 * left after removing the common prefix and suffix.
 */
#define C360_STRCMP_MAX_ARRAY (C360_ALLOC_MAX / 4)

/* max argument of c360_strcmp_damerau_levenshtein_ex for "no bound". */
#define C360_STRCMP_UNBOUNDED (-1)

typedef enum C360StrcmpStatus
{
	C360_STRCMP_OK = 0,
	C360_STRCMP_OVER_BUDGET,	/* would need more than mem_budget bytes */
	C360_STRCMP_TOO_LONG		/* input longer than C360_STRCMP_MAX_ARRAY, or
								 * a working array beyond C360_ALLOC_MAX */
} C360StrcmpStatus;

typedef struct C360StrcmpOptions
{
	/*
	 * Bytes allowed for working memory that grows faster than the input:
	 * the distance matrix of the unbounded Damerau-Levenshtein distance, the
	 * band of the bounded one (about 8 * max^2 bytes).  Memory linear in the
	 * input (decoded copies, about 4 to 13 bytes per code point) is not
	 * counted, like the input itself.  (size_t) -1 means no budget.
	 */
	size_t		mem_budget;

	/*
	 * Called every million or so steps of a long computation; NULL for none.
	 * It may longjmp out (PostgreSQL's CHECK_FOR_INTERRUPTS does): the
	 * comparators hold no state but c360_alloc memory, which belongs to the
	 * caller's memory context.
	 */
	void		(*check_interrupts) (void);
} C360StrcmpOptions;

/*
 * Jaro similarity in [0, 1].  Both empty: 1.  One empty: 0.  Matching
 * window floor(max(|a|, |b|) / 2) - 1 (at least 0); transpositions are half
 * the matched characters out of order, rounded down.  Symmetric in a and b.
 * Linear time and memory for long inputs.  Returns -1 only when both
 * inputs exceed C360_STRCMP_MAX_ARRAY bytes (TOO_LONG).
 */
extern double c360_strcmp_jaro(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Jaro-Winkler similarity in [0, 1]: when Jaro > 0.7 (exactly, not up to
 * rounding), jaro + l * 0.1 * (1 - jaro) with l the common prefix in code
 * points, at most 4.  Returns -1 as c360_strcmp_jaro does.
 */
extern double c360_strcmp_jaro_winkler(const char *a, size_t alen, const char *b, size_t blen);

/* Both at once; either output pointer may be NULL. */
extern C360StrcmpStatus c360_strcmp_jaro_ex(const char *a, size_t alen,
											const char *b, size_t blen,
											const C360StrcmpOptions *options,
											double *jaro, double *jaro_winkler);

/*
 * Unrestricted Damerau-Levenshtein distance in code points: the fewest
 * insertions, deletions, substitutions and transpositions of two adjacent
 * characters, where characters may be inserted between transposed ones
 * (Lowrance-Wagner), so ("ca", "abc") is 2 (optimal string alignment would
 * say 3).  O(n * m) time and memory after the common prefix and suffix are
 * removed.  Returns -1 when the matrix would not fit one allocation.
 */
extern int	c360_strcmp_damerau_levenshtein(const char *a, size_t alen,
											const char *b, size_t blen);

/*
 * The same distance when it is at most max, otherwise max + 1.  O(max * n)
 * time, O(max^2) working memory.  max must be >= 0.  Returns -1 when the
 * band would not fit one allocation (max in the tens of thousands on long
 * inputs) or the input exceeds C360_STRCMP_MAX_ARRAY.
 */
extern int	c360_strcmp_damerau_levenshtein_max(const char *a, size_t alen,
												const char *b, size_t blen, int max);

/*
 * Either of the above: max >= 0 for the bounded form, C360_STRCMP_UNBOUNDED
 * for the plain one.  On OVER_BUDGET or TOO_LONG, *needed (if not NULL) is
 * the working memory in bytes that was asked for; *distance is untouched.
 */
extern C360StrcmpStatus c360_strcmp_damerau_levenshtein_ex(const char *a, size_t alen,
														   const char *b, size_t blen,
														   int max,
														   const C360StrcmpOptions *options,
														   int *distance, size_t *needed);

#endif							/* C360_STRCMP_H */
