/*
 * gen_core.h: the building blocks of the test-data generator
 * (test/gen/gen_customers.c): a seeded PRNG and its distributions, civil
 * dates, growable text buffers and CSV quoting, a little UTF-8 (case,
 * accent stripping), the noise operators applied to field values, and word
 * lists.  Plain C99 + libm, no project headers, so the generator builds
 * alone with one gcc line; test/unit/test_gen.c tests these pieces.
 */
#ifndef GEN_CORE_H
#define GEN_CORE_H

#include <stddef.h>
#include <stdint.h>

/* ---- PRNG: xoshiro256** seeded through splitmix64 ---- */

typedef struct gen_rng
{
	uint64_t	s[4];
} gen_rng;

/*
 * Seeds a stream from the run seed and up to three identifiers (the
 * generator gives every household, every (person, system) pair and every
 * record its own stream, so what one record contains does not depend on
 * which other systems or records were generated).
 */
extern void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c);
extern uint64_t gen_rng_next(gen_rng *r);
extern double gen_rng_unif(gen_rng *r);	/* [0, 1) */
extern uint32_t gen_rng_below(gen_rng *r, uint32_t n); /* [0, n); 0 if n == 0 */
extern int	gen_rng_range(gen_rng *r, int lo, int hi);	/* [lo, hi] */
extern int	gen_rng_chance(gen_rng *r, double p);
extern double gen_rng_normal(gen_rng *r);
extern double gen_rng_gamma(gen_rng *r, double shape, double scale);
extern double gen_rng_beta(gen_rng *r, double a, double b);
extern double gen_rng_exp(gen_rng *r, double rate);

/* Cumulative weights for sampling from a list. */
typedef struct gen_cdf
{
	double	   *cum;
	size_t		n;
} gen_cdf;

/* weight(i) = 1 / (i + offset)^power: a Zipf-like rank law. */
extern void gen_cdf_zipf(gen_cdf *c, size_t n, double offset, double power);
extern void gen_cdf_weights(gen_cdf *c, const double *w, size_t n);
extern size_t gen_cdf_pick(const gen_cdf *c, gen_rng *r);
extern void gen_cdf_free(gen_cdf *c);

/* ---- civil dates (proleptic Gregorian), as days since 1970-01-01 ---- */

extern int32_t gen_days_from_civil(int y, int m, int d);
extern void gen_civil_from_days(int32_t days, int *y, int *m, int *d);
extern int	gen_days_in_month(int y, int m);

/* ---- growable byte buffers and CSV ---- */

typedef struct gen_buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} gen_buf;

extern void gen_buf_init(gen_buf *b, size_t cap);
extern void gen_buf_free(gen_buf *b);
extern void gen_buf_put(gen_buf *b, const char *s, size_t n);
extern void gen_buf_puts(gen_buf *b, const char *s);
extern void gen_buf_putc(gen_buf *b, char c);
/* Decimal, left-padded with zeros to at least minwidth digits. */
extern void gen_buf_put_uint(gen_buf *b, uint64_t v, int minwidth);

/*
 * Appends one CSV field (RFC 4180): quoted, with quotes doubled, when it
 * holds a comma, a quote, CR or LF, or starts or ends with a space.
 */
extern void gen_csv_field(gen_buf *b, const char *s, size_t n);

/*
 * Splits one CSV line (no line break) into at most maxf fields in place,
 * honouring quotes.  Returns the number of fields, or -1 when a quoted
 * field is not closed or text follows a closing quote.
 */
extern int	gen_csv_split(char *line, char **fields, int maxf);

/* ---- UTF-8 ---- */

/* 1 if s[0..n) is well-formed UTF-8 (no surrogates, no overlongs). */
extern int	gen_utf8_valid(const char *s, size_t n);

/*
 * Case mapping and accent stripping of NUL-terminated UTF-8 into out
 * (cap bytes, always NUL-terminated, truncated on a character boundary).
 * Upper/lower cover ASCII, Latin-1 and Latin Extended-A; ascii maps those
 * letters to their base letters (ß -> ss, Æ -> AE, Ø -> O) and drops any
 * other non-ASCII character.
 */
extern void gen_str_upper(const char *in, char *out, size_t cap);
extern void gen_str_lower(const char *in, char *out, size_t cap);
extern void gen_str_ascii(const char *in, char *out, size_t cap);

/* Copies src into dst (cap bytes), cut on a character boundary if needed. */
extern void gen_copy(char *dst, size_t cap, const char *src);

/* snprintf that may truncate on purpose (then cut on a character boundary). */
extern void gen_fmt(char *dst, size_t cap, const char *fmt,...) __attribute__((format(printf, 3, 4)));

/* Number of code points in NUL-terminated UTF-8. */
extern size_t gen_utf8_count(const char *s);

/* Cuts s after ncp code points (no-op when shorter). */
extern void gen_utf8_truncate(char *s, size_t ncp);

/* ---- noise operators (in place on NUL-terminated UTF-8, cap bytes) ---- */

typedef enum gen_typo_kind
{
	GEN_TYPO_SUBST = 0,			/* one letter replaced by a keyboard neighbour */
	GEN_TYPO_TRANSPOSE,			/* two adjacent characters swapped */
	GEN_TYPO_DELETE,			/* one character dropped */
	GEN_TYPO_INSERT,			/* one character doubled or a neighbour added */
	GEN_TYPO_NKINDS
} gen_typo_kind;

/*
 * Applies one typo of the given kind at code point position pos (for
 * TRANSPOSE: pos and pos + 1; for INSERT: before pos, and ch is the
 * inserted code point).  Returns 1 if s changed, 0 if the operation does
 * not apply (position out of range, result would not fit, transposing
 * equal characters).
 */
extern int	gen_typo_at(char *s, size_t cap, gen_typo_kind kind, size_t pos, uint32_t ch);

/*
 * One random typo (kind and position drawn from r; substitutions and
 * insertions use a QWERTY neighbour of the letter, keeping its case).
 * Strings shorter than 2 code points are left alone.  Returns 1 if changed.
 */
extern int	gen_typo(gen_rng *r, char *s, size_t cap);

/*
 * One OCR-like confusion at a random applicable place: O<->0, I/l<->1,
 * S<->5, B<->8, Z<->2, G<->6, rn<->m, cl<->d, vv<->w.  Returns 1 if changed,
 * 0 when nothing in s can be confused.
 */
extern int	gen_ocr(gen_rng *r, char *s, size_t cap);

/* The QWERTY neighbours of an ASCII letter (lower case), or NULL. */
extern const char *gen_qwerty_neighbours(char c);

/* ---- word lists ---- */

typedef struct gen_list
{
	char	  **items;
	size_t		n;
	char	   *storage;
} gen_list;

/*
 * Loads a text file: one item per line, '#' lines and empty lines
 * skipped, trailing CR/LF removed, each line checked to be valid UTF-8.
 * Returns 0, or -1 with a message in err.
 */
extern int	gen_list_load(const char *path, gen_list *out, char *err, size_t errlen);
extern void gen_list_free(gen_list *l);

/* Splits a list item on commas in place (no quoting in data files). */
extern int	gen_split_commas(char *s, char **fields, int maxf);

/* Error exit for the generator (and allocation failure). */
extern void gen_die(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));
extern void *gen_xmalloc(size_t n);
extern void *gen_xcalloc(size_t n, size_t size);
extern void *gen_xrealloc(void *p, size_t n);

#endif							/* GEN_CORE_H */
