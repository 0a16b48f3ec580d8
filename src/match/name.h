/*
 * name.h: person names: splitting a free-text name into title, given,
 * middle, family and suffix, and the comparison form of a name.
 *
 * Plain C on UTF-8 (not NUL-terminated), no PostgreSQL headers, no
 * allocation: results are byte spans of the caller's input, and text is
 * written into caller buffers.  The match engine calls these per record;
 * the SQL functions (name_fmgr.c) are thin wrappers.
 *
 * Tokens.  A name is read as a sequence of tokens.  A token is a run of
 * letters (any script, with their combining marks) and ASCII digits, which
 * may contain hyphens and apostrophes between letters ("Mary-Jane",
 * "O'Brien", "d'Angelo").  Everything else separates tokens: white space,
 * punctuation, symbols, emoji, control characters and malformed UTF-8.
 * Invisible format characters (soft hyphen, zero-width joiners, bidi marks,
 * BOM, variation selectors) neither separate nor count.  Periods and
 * commas separate tokens too, but are remembered: a comma marks the
 * "Family, Given" form, and tokens joined only by periods ("Ph.D.") can
 * form one title or suffix.  docs/reference/names.md has the full rules.
 *
 * Very long names: the parser classifies only the first and last
 * C360_NAME_WINDOW tokens of each comma-separated half; tokens beyond those
 * are never titles, suffixes or particles.  Parsing is two linear passes
 * and uses a fixed amount of stack, whatever the input length.
 */
#ifndef C360_NAME_H
#define C360_NAME_H

#include <stdbool.h>
#include <stddef.h>

typedef enum C360NamePart
{
	C360_NAME_TITLE = 0,		/* Mr, Dr, Prof, Sra, ... */
	C360_NAME_GIVEN,			/* first name */
	C360_NAME_MIDDLE,			/* every name between given and family */
	C360_NAME_FAMILY,			/* surname, with its particles (van der Berg) */
	C360_NAME_SUFFIX			/* Jr, III, PhD, ... */
} C360NamePart;

#define C360_NAME_PARTS 5

/* Tokens examined at each end of each half of a name (see above). */
#define C360_NAME_WINDOW 16

/* A byte range of the parsed input; length 0 means "no range". */
typedef struct C360NameSpan
{
	size_t		offset;
	size_t		length;
} C360NameSpan;

/*
 * A parsed name.  Each part is at most two ranges of the input, each
 * starting at a token and ending at a token (two only for a title or
 * suffix written on both sides of the comma: "Smith Jr, John PhD").  A
 * range may contain separators and stray punctuation between its tokens;
 * the text functions below skip them.  A part with no range is absent.
 */
typedef struct C360Name
{
	C360NameSpan span[C360_NAME_PARTS][2];
	size_t		token_count;	/* all tokens in the input */
	bool		comma_form;		/* read as "Family, Given" */
} C360Name;

/*
 * Parse len bytes of UTF-8 into *name.  Never fails: input with no tokens
 * gives a name with every part absent.
 */
extern void c360_name_parse(const char *utf8, size_t len, C360Name *name);

/* Whether a part was found. */
extern bool c360_name_has_part(const C360Name *name, C360NamePart part);

/*
 * The text of one part as written: its tokens separated by single spaces,
 * letters and digits unchanged (case and accents kept), internal hyphens
 * and apostrophes kept (a run of them kept as its first), everything else
 * dropped.  In a title or suffix, tokens joined only by periods are
 * written together ("Ph.D." -> "PhD").
 *
 * utf8 is the same input that was parsed.  Writes at most outsize - 1
 * bytes and a NUL (when outsize > 0), never splitting a character, and
 * returns the full length, like snprintf: a result >= outsize means the
 * text was cut short.  The text is never longer than the input, so
 * outsize = input length + 1 always suffices.  Returns 0 for an absent
 * part.  The output is valid UTF-8.
 */
extern size_t c360_name_part_text(const char *utf8, const C360Name *name,
								  C360NamePart part, char *out, size_t outsize);

/*
 * The comparison form of one part: as c360_name_part_text, but each
 * character folded with c360_cp_fold (lower case, Latin accents removed),
 * apostrophes removed without a space and hyphens turned into a space
 * ("García-López" -> "garcia lopez", "O'Brien" -> "obrien").  Buffer and
 * return value as for c360_name_part_text.
 */
extern size_t c360_name_part_folded(const char *utf8, const C360Name *name,
									C360NamePart part, char *out, size_t outsize);

/*
 * The comparison form of a whole name: the folded given, middle, family
 * and suffix parts in that order, separated by single spaces, the title
 * dropped ("SMITH, JOHN A" -> "john a smith").  Returns 0 (and writes an
 * empty string) when the given, middle and family parts hold no letter
 * between them: empty input, punctuation, digits, emoji, a title or a
 * suffix alone.  Buffer and return value as for c360_name_part_text.
 */
extern size_t c360_name_normalize(const char *utf8, size_t len,
								  char *out, size_t outsize);

/*
 * Every token of the text folded as in c360_name_part_folded, without
 * parsing (nothing is taken for a title or suffix), separated by single
 * spaces: the lookup key for a given name ("K.C." -> "k c").  Returns 0
 * when the text has no letter.  Buffer and return value as for
 * c360_name_part_text.
 */
extern size_t c360_name_fold(const char *utf8, size_t len,
							 char *out, size_t outsize);

/*
 * Called about every 64 kB of input scanned, when set.  The PostgreSQL
 * wrappers point it at a function that runs CHECK_FOR_INTERRUPTS(); it may
 * leave by longjmp, as the functions above hold no resources.
 */
extern void (*c360_name_interrupt_hook) (void);

#endif							/* C360_NAME_H */
