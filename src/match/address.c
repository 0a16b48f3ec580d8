/*
 * address.c: postal address parsing and normalization.
 *
 * The parse is rule based and works on words ("tokens") grouped into
 * comma-separated parts ("segments"):
 *
 *	1. Tokenize: fold case and accents, drop punctuation except where it
 *	   means something (see tokenize()), cut segments at commas, semicolons
 *	   and line breaks.
 *	2. Read the last line from the right: a country name, then a postcode
 *	   and region in either order, or either alone (parse_last_line()).
 *	3. Of the segments left, pick the delivery segment (parse_pass()) and
 *	   read it from the left: PO box or route, or house number,
 *	   predirectional, street name, suffix, postdirectional, units
 *	   (parse_delivery()).  The last other segment is the city; segments
 *	   that are units go to the unit; any others between street and city
 *	   are "extra".  Words left after the street on its line, or the words
 *	   after the street when there is no comma at all, are split off as a
 *	   segment of their own and the line is read again (parse_tokens()).
 *	4. The result is checked against a reading of its own normalized line
 *	   and settles on it (c360_address_parse()), so normalization is a fixed
 *	   point.
 *
 * Words are standardized as USPS Publication 28 asks: suffixes, unit
 * designators, directionals and states abbreviated.  docs/reference/
 * address.md gives every rule with examples.
 */
#include <string.h>

#include "address.h"
#include "c360_alloc.h"
#include "c360_assert.h"
#include "utf8.h"

/*
 * Every token takes at least one byte of input, so there are at most
 * C360_ADDRESS_MAX_INPUT of them.  Token text, NUL-terminated, lives in one
 * arena per parse: a code point gives at most 1.5 times its bytes ("½" ->
 * "1/2"), plus one NUL per token.
 */
#define MAX_TOKENS C360_ADDRESS_MAX_INPUT
#define ARENA_SIZE (3 * C360_ADDRESS_MAX_INPUT + 16)

/* Longest multi-word name looked up (region or country), in bytes. */
#define NAME_BUFFER 64

/* Token classes (Token.cls). */
#define TK_DIGITS		0x01	/* only ASCII digits */
#define TK_HAS_DIGIT	0x02	/* an ASCII digit somewhere */
#define TK_ALPHA		0x04	/* only ASCII letters */
#define TK_ASCII		0x08	/* only ASCII */
#define TK_HASH			0x10	/* the "#" token */
#define TK_FRACTION		0x20	/* digits '/' digits */
#define TK_HAS_PUNCT	0x40	/* a '-' or '/' inside */

typedef struct Token
{
	uint16_t	off;			/* text: arena + off, NUL-terminated */
	uint16_t	len;
	uint16_t	seg;			/* segment number, consecutive from 0 */
	uint16_t	seg_start;		/* index of the first token of the segment */
	uint8_t		cls;			/* TK_* */
	bool		consumed;		/* taken by the last line */
	bool		unit_range;		/* unit designator needs a range */
	const char *suffix;			/* C1 standard abbreviation, or NULL */
	const char *primary;		/* C1 primary name, when suffix is set */
	const char *unit;			/* C2 abbreviation, or NULL */
	const char *dir;			/* directional abbreviation, or NULL */
} Token;

typedef struct Span
{
	int			from;
	int			to;
} Span;

/* The working state of one parse: one fixed-size block from c360_alloc. */
typedef struct Parser
{
	uint32_t	cps[C360_ADDRESS_MAX_INPUT];
	Token		tok[MAX_TOKENS];
	Span		spans[MAX_TOKENS];
	int			ntok;
	char		arena[ARENA_SIZE];
	size_t		used;
	bool		overflow;		/* a limit was hit: the result is TOO_LONG */
	C360AddressParts *out;
} Parser;

/* ------------------------------------------------------------------ */
/* Characters                                                           */
/* ------------------------------------------------------------------ */

/* Characters that end a segment: commas, semicolons, line breaks. */
static bool
is_segment_break(uint32_t c)
{
	return c == ',' || c == ';' || c == '\n' || c == '\r' || c == 0x0B ||
		c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029 ||
		c == 0x060C || c == 0x3001 || c == 0xFF64;
}

/*
 * Characters that vanish without separating words: apostrophes ("O'Brien"
 * is OBRIEN, as USPS writes it), the soft hyphen, zero-width spaces and
 * joiners (pasted text carries them inside words), bidi marks, the byte
 * order mark and variation selectors.
 */
static bool
is_ignorable(uint32_t c)
{
	return c == '\'' || c == '`' || c == 0xB4 || c == 0x02BC || c == 0x2018 ||
		c == 0x2019 || c == 0xAD || (c >= 0x200B && c <= 0x200F) ||
		(c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
		c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F);
}

static bool
is_dash(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
		c == 0xFE58 || c == 0xFE63;
}

static bool
is_slash(uint32_t c)
{
	return c == '/' || c == 0x2044 || c == 0x2215;
}

static bool
is_alnum(uint32_t c)
{
	return c360_cp_is_digit(c) || c360_cp_is_letter(c);
}

/* Vulgar fraction characters as text ("½" -> "1/2"), or NULL. */
static const char *
fraction_text(uint32_t c)
{
	static const struct
	{
		uint32_t	cp;
		const char *text;
	}			fractions[] = {
		{0xBC, "1/4"}, {0xBD, "1/2"}, {0xBE, "3/4"}, {0x2153, "1/3"},
		{0x2154, "2/3"}, {0x2155, "1/5"}, {0x2156, "2/5"}, {0x2157, "3/5"},
		{0x2158, "4/5"}, {0x2159, "1/6"}, {0x215A, "5/6"}, {0x215B, "1/8"},
		{0x215C, "3/8"}, {0x215D, "5/8"}, {0x215E, "7/8"},
	};

	for (size_t i = 0; i < sizeof(fractions) / sizeof(fractions[0]); i++)
		if (fractions[i].cp == c)
			return fractions[i].text;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                               */
/* ------------------------------------------------------------------ */

static const char *
text(const Parser *p, int i)
{
	return p->arena + p->tok[i].off;
}

static bool
is_text(const Parser *p, int i, const char *word)
{
	return strcmp(text(p, i), word) == 0;
}

static bool
same_segment(const Parser *p, int a, int b)
{
	return p->tok[a].seg == p->tok[b].seg;
}

/* Tokenizer state between characters. */
typedef struct TokenizerState
{
	bool		in_token;
	int			last;			/* class of the last character kept: 0, 'a'
								 * letter, '9' digit, '-' punctuation */
	int			run;			/* letters since the token start or the last
								 * joined period; -1 once a digit is seen */
	bool		segment_break;	/* a break is pending before the next token */
	int			seg;
} TokenizerState;

static void
arena_put(Parser *p, const char *bytes, size_t n)
{
	if (p->used + n >= ARENA_SIZE)
	{
		p->overflow = true;
		return;
	}
	memcpy(p->arena + p->used, bytes, n);
	p->used += n;
}

static void
token_begin(Parser *p, TokenizerState *st)
{
	Token	   *t;

	if (p->ntok >= MAX_TOKENS)
	{
		/* cannot happen: every token takes a byte of input */
		C360_ASSERT(p->ntok < MAX_TOKENS);
		p->overflow = true;
		return;
	}
	if (st->segment_break && p->ntok > 0)
		st->seg++;
	st->segment_break = false;
	t = &p->tok[p->ntok];
	memset(t, 0, sizeof(*t));
	t->off = (uint16_t) p->used;
	t->seg = (uint16_t) st->seg;
	st->in_token = true;
	st->last = 0;
	st->run = 0;
}

/* Classify a finished token and look its text up in the word lists once. */
static void
token_classify(Token *t, const char *s)
{
	bool		digits = true,
				alpha = true,
				ascii = true;
	int			slashes = 0;

	for (size_t i = 0; i < t->len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c >= '0' && c <= '9')
		{
			t->cls |= TK_HAS_DIGIT;
			alpha = false;
		}
		else if (c >= 'A' && c <= 'Z')
			digits = false;
		else
		{
			digits = false;
			alpha = false;
			if (c >= 0x80)
				ascii = false;
			else if (c == '#')
				t->cls |= TK_HASH;
			else
			{
				t->cls |= TK_HAS_PUNCT;
				if (c == '/')
					slashes++;
			}
		}
	}
	if (digits)
		t->cls |= TK_DIGITS;
	if (alpha)
		t->cls |= TK_ALPHA;
	if (ascii)
		t->cls |= TK_ASCII;
	/* The tokenizer keeps '/' only between digits: "1/2", not "1/2-3". */
	if (slashes == 1 && ascii && strchr(s, '-') == NULL && !(t->cls & TK_HASH))
		t->cls |= TK_FRACTION;
	if (alpha)
	{
		t->suffix = c360_address_suffix(s, &t->primary);
		t->unit = c360_address_unit(s, &t->unit_range);
		t->dir = c360_address_directional(s);
	}
}

static void
token_end(Parser *p, TokenizerState *st)
{
	Token	   *t;

	if (!st->in_token)
		return;
	st->in_token = false;
	if (p->overflow)
		return;
	t = &p->tok[p->ntok];
	t->len = (uint16_t) (p->used - t->off);
	if (t->len == 0)
		return;					/* only combining marks: no token */
	arena_put(p, "", 1);
	if (p->overflow)
		return;
	token_classify(t, p->arena + t->off);
	p->ntok++;
}

/* A token made of fixed text ("#", "1/2"). */
static void
token_literal(Parser *p, TokenizerState *st, const char *s)
{
	token_end(p, st);
	token_begin(p, st);
	if (p->overflow)
		return;
	arena_put(p, s, strlen(s));
	token_end(p, st);
}

/* Append a letter or digit, folded and upper-cased, to the current token. */
static void
token_put_alnum(Parser *p, TokenizerState *st, uint32_t c)
{
	uint32_t	folded[2];
	int			n;
	char		buf[4];

	if (!st->in_token)
		token_begin(p, st);
	if (p->overflow)
		return;
	if (c360_cp_is_digit(c))
	{
		buf[0] = (char) c;
		arena_put(p, buf, 1);
		st->last = '9';
		st->run = -1;
		return;
	}
	n = c360_cp_fold(c, folded);
	for (int k = 0; k < n; k++)
		arena_put(p, buf, c360_utf8_encode(c360_cp_upper(folded[k]), buf));
	if (n > 0)
	{
		st->last = 'a';
		if (st->run >= 0)
			st->run++;
	}
}

/*
 * Split the decoded input into tokens.  Letters and digits make words.
 * A period joins single letters ("P.O." -> PO, "N.W." -> NW, "U.S.A." ->
 * USA) and otherwise separates.  A dash stays between two letters or digits
 * when one side is a digit ("45-67", "62704-1234", "4-B"); between letters
 * it separates ("Wilkes-Barre").  A slash stays between digits ("1/2").
 * "#" and "№" are a token of their own; vulgar fractions become "1/2".
 * Everything else (spaces, symbols, emoji, controls, malformed bytes)
 * separates words.
 */
static void
tokenize(Parser *p, const uint32_t *cps, size_t n)
{
	TokenizerState st;

	memset(&st, 0, sizeof(st));
	for (size_t i = 0; i < n && !p->overflow; i++)
	{
		uint32_t	c = c360_cp_width_fold(cps[i]);
		uint32_t	next = i + 1 < n ? c360_cp_width_fold(cps[i + 1]) : 0;
		const char *fraction;

		if (is_ignorable(c))
			continue;
		if (is_alnum(c))
		{
			token_put_alnum(p, &st, c);
			continue;
		}
		if (is_segment_break(c))
		{
			token_end(p, &st);
			st.segment_break = true;
			continue;
		}
		if (c == '#' || c == 0x2116)
		{
			token_literal(p, &st, "#");
			continue;
		}
		if ((fraction = fraction_text(c)) != NULL)
		{
			token_literal(p, &st, fraction);
			continue;
		}
		if (c == '.' && st.in_token && st.run == 1 && c360_cp_is_letter(next))
		{
			uint32_t	after = i + 2 < n ? c360_cp_width_fold(cps[i + 2]) : 0;

			/* "P.O." joins; "N.Main" does not. */
			if (!is_alnum(after))
			{
				st.run = 0;
				continue;
			}
		}
		if (is_dash(c) && st.in_token && (st.last == 'a' || st.last == '9') &&
			is_alnum(next) && (st.last == '9' || c360_cp_is_digit(next)))
		{
			arena_put(p, "-", 1);
			st.last = '-';
			st.run = -1;
			continue;
		}
		if (is_slash(c) && st.in_token && st.last == '9' && c360_cp_is_digit(next))
		{
			arena_put(p, "/", 1);
			st.last = '-';
			continue;
		}
		token_end(p, &st);
	}
	token_end(p, &st);
}

/* A range: "4", "4B", "B", "12-14" (not a fraction). */
static bool
is_range(const Parser *p, int i)
{
	const Token *t = &p->tok[i];

	if (!(t->cls & TK_ASCII) || (t->cls & (TK_HASH | TK_FRACTION)))
		return false;
	if (t->cls & TK_HAS_DIGIT)
		return strchr(text(p, i), '/') == NULL;
	return (t->cls & TK_ALPHA) && t->len == 1;
}

/*
 * Drop "#" tokens that no range follows in the same segment: a stray "#"
 * carries nothing.  Then number segments consecutively (a segment may have
 * become empty) and record where each starts.
 */
static void
tokens_finish(Parser *p)
{
	int			kept = 0,
				seg = -1,
				last_seg = -1;

	for (int i = 0; i < p->ntok; i++)
	{
		if ((p->tok[i].cls & TK_HASH) &&
			!(i + 1 < p->ntok && same_segment(p, i, i + 1) && is_range(p, i + 1)))
			continue;
		p->tok[kept++] = p->tok[i];
	}
	p->ntok = kept;
	for (int i = 0; i < p->ntok; i++)
	{
		if (p->tok[i].seg != last_seg)
		{
			last_seg = p->tok[i].seg;
			seg++;
		}
		p->tok[i].seg = (uint16_t) seg;
		p->tok[i].seg_start = (uint16_t) ((i > 0 && p->tok[i - 1].seg == seg) ?
										  p->tok[i - 1].seg_start : i);
	}
}

/* ------------------------------------------------------------------ */
/* Word tests                                                           */
/* ------------------------------------------------------------------ */

/* "1ST", "22ND", "103RD", "5TH". */
static bool
is_ordinal_number(const Parser *p, int i)
{
	const char *s = text(p, i);
	size_t		d = 0;

	while (s[d] >= '0' && s[d] <= '9')
		d++;
	if (d == 0 || strlen(s) != d + 2)
		return false;
	return strcmp(s + d, "ST") == 0 || strcmp(s + d, "ND") == 0 ||
		strcmp(s + d, "RD") == 0 || strcmp(s + d, "TH") == 0;
}

/* Starts with a digit, ASCII letters, digits and dashes only: "123", "9W". */
static bool
is_number_like(const Parser *p, int i)
{
	const Token *t = &p->tok[i];
	const char *s = text(p, i);

	return (t->cls & TK_ASCII) && s[0] >= '0' && s[0] <= '9' &&
		strchr(s, '/') == NULL && strchr(s, '#') == NULL;
}

/* A house number: "123", "123A", "45-67"; not "5TH". */
static bool
is_house_number(const Parser *p, int i)
{
	return is_number_like(p, i) && !is_ordinal_number(p, i);
}

static bool
is_fraction(const Parser *p, int i)
{
	return (p->tok[i].cls & TK_FRACTION) != 0;
}

/* A token that is a directional already abbreviated: "N", "NW". */
static bool
is_abbreviated_directional(const Parser *p, int i)
{
	return p->tok[i].dir != NULL && is_text(p, i, p->tok[i].dir);
}

/* A suffix written other than as its primary name: "ST", "AVE", "AVENU". */
static bool
is_abbreviated_suffix(const Parser *p, int i)
{
	return p->tok[i].suffix != NULL && !is_text(p, i, p->tok[i].primary);
}

/*
 * The everyday street types.  Spelled out ("STREET") they still end the
 * street name when the street and city are not separated by a comma.
 */
static bool
is_common_type(const Parser *p, int i)
{
	static const char *const common[] = {
		"ALY", "AVE", "BLVD", "CIR", "CT", "DR", "EXPY", "FWY", "HWY", "LN",
		"PKWY", "PL", "RD", "SQ", "ST", "TER", "TRL", "WAY"
	};
	const char *s = p->tok[i].suffix;

	if (s == NULL)
		return false;
	for (size_t k = 0; k < sizeof(common) / sizeof(common[0]); k++)
		if (strcmp(s, common[k]) == 0)
			return true;
	return false;
}

/* "BOX", "PO", "RR", "HC": words that introduce a box or route number. */
static bool
is_box_word(const Parser *p, int i)
{
	static const char *const words[] = {"BOX", "BX", "HC", "HCR", "PO", "POB", "POBOX", "RFD", "RR"};
	const char *s = text(p, i);

	if (s[0] != 'B' && s[0] != 'H' && s[0] != 'P' && s[0] != 'R')
		return false;
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strcmp(s, words[k]) == 0)
			return true;
	return false;
}

/* A word that can only be part of a name: no digit, no address keyword. */
static bool
is_plain_word(const Parser *p, int i)
{
	const Token *t = &p->tok[i];

	return !(t->cls & (TK_HAS_DIGIT | TK_HASH)) && t->suffix == NULL &&
		t->unit == NULL && t->dir == NULL && !is_box_word(p, i);
}

/*
 * Join tokens [from, to) with single spaces into buf (NAME_BUFFER bytes).
 * False when they span segments or do not fit.
 */
static bool
join_tokens(const Parser *p, int from, int to, char *buf)
{
	size_t		n = 0;

	for (int i = from; i < to; i++)
	{
		size_t		len = p->tok[i].len;

		if (i > from && !same_segment(p, i - 1, i))
			return false;
		if (n + len + 2 > NAME_BUFFER)
			return false;
		if (i > from)
			buf[n++] = ' ';
		memcpy(buf + n, text(p, i), len);
		n += len;
	}
	buf[n] = '\0';
	return true;
}

/* Value of an ordinal word ("FIFTH" 5, "TWENTIETH" 20), or 0. */
static int
ordinal_word_value(const char *s)
{
	static const char *const ordinals[] = {
		"FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH",
		"EIGHTH", "NINTH", "TENTH", "ELEVENTH", "TWELFTH", "THIRTEENTH",
		"FOURTEENTH", "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH",
		"NINETEENTH"
	};
	static const char *const tens[] = {
		"TWENTIETH", "THIRTIETH", "FORTIETH", "FIFTIETH", "SIXTIETH",
		"SEVENTIETH", "EIGHTIETH", "NINETIETH"
	};

	for (int k = 0; k < 19; k++)
		if (strcmp(s, ordinals[k]) == 0)
			return k + 1;
	for (int k = 0; k < 8; k++)
		if (strcmp(s, tens[k]) == 0)
			return 20 + 10 * k;
	if (strcmp(s, "HUNDREDTH") == 0)
		return 100;
	return 0;
}

/* Value of a tens word ("TWENTY" 20), or 0. */
static int
tens_word_value(const char *s)
{
	static const char *const tens[] = {
		"TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"
	};

	for (int k = 0; k < 8; k++)
		if (strcmp(s, tens[k]) == 0)
			return 20 + 10 * k;
	return 0;
}

/*
 * Value of tokens [from, to) read as one ordinal number ("FIFTH",
 * "TWENTY FIRST", "ONE HUNDREDTH"), or 0.
 */
static int
ordinal_phrase_value(const Parser *p, int from, int to)
{
	int			n = to - from;

	if (n == 1)
		return ordinal_word_value(text(p, from));
	if (n == 2)
	{
		int			tens = tens_word_value(text(p, from));
		int			unit = ordinal_word_value(text(p, from + 1));

		if (tens > 0 && unit >= 1 && unit <= 9)
			return tens + unit;
		if (is_text(p, from, "ONE") && unit == 100)
			return 100;
	}
	return 0;
}

/* Value of "3RD" or "THIRD" (one token), or 0. */
static int
ordinal_token_value(const Parser *p, int i)
{
	if (is_ordinal_number(p, i))
	{
		const char *s = text(p, i);
		int			v = 0;

		for (; *s >= '0' && *s <= '9'; s++)
		{
			v = v * 10 + (*s - '0');
			if (v > 10000)
				return 0;
		}
		return v;
	}
	return ordinal_word_value(text(p, i));
}

/* "5TH", "21ST", "112TH" into buf (16 bytes). */
static void
ordinal_text(int value, char *buf)
{
	const char *suffix = "TH";
	char		digits[12];
	int			n = 0;
	size_t		k = 0;

	if (value % 100 < 11 || value % 100 > 13)
	{
		if (value % 10 == 1)
			suffix = "ST";
		else if (value % 10 == 2)
			suffix = "ND";
		else if (value % 10 == 3)
			suffix = "RD";
	}
	do
	{
		digits[n++] = (char) ('0' + value % 10);
		value /= 10;
	} while (value > 0 && n < 11);
	while (n > 0)
		buf[k++] = digits[--n];
	strcpy(buf + k, suffix);
}

/* ------------------------------------------------------------------ */
/* Writing components                                                   */
/* ------------------------------------------------------------------ */

/* Append a word to a component, space separated; too long sets overflow. */
static void
put(Parser *p, char *part, const char *word)
{
	size_t		have = strlen(part);
	size_t		len = strlen(word);

	if (len == 0)
		return;
	if (have + (have > 0) + len >= C360_ADDRESS_PART_SIZE)
	{
		p->overflow = true;
		return;
	}
	if (have > 0)
		part[have++] = ' ';
	memcpy(part + have, word, len + 1);
}

/*
 * A range as written in a unit or house number: a dash next to a letter
 * goes ("4-B" -> "4B", "123-A" -> "123A"), a dash between digits stays.
 */
static void
put_range(Parser *p, char *part, int i)
{
	const char *s = text(p, i);
	char		buf[C360_ADDRESS_PART_SIZE];
	size_t		n = 0;

	for (size_t k = 0; s[k] != '\0' && n + 1 < sizeof(buf); k++)
	{
		if (s[k] == '-' && k > 0 &&
			!((s[k - 1] >= '0' && s[k - 1] <= '9') && (s[k + 1] >= '0' && s[k + 1] <= '9')))
			continue;
		buf[n++] = s[k];
	}
	buf[n] = '\0';
	put(p, part, buf);
}

/* Append tokens [from, to) as they are; "#" means nothing outside a unit. */
static void
put_words(Parser *p, char *part, int from, int to)
{
	for (int i = from; i < to; i++)
		if (!(p->tok[i].cls & TK_HASH))
			put(p, part, text(p, i));
}

/* ------------------------------------------------------------------ */
/* Units                                                                */
/* ------------------------------------------------------------------ */

/*
 * One secondary unit phrase at i: "APT 4", "APARTMENT # 4", "SUITE NO 200",
 * "# 4", "3RD FLOOR" (as "FL 3"), and with allow_bare also designators that
 * stand alone ("REAR", "BSMT").  Writes it to part (unless NULL) and
 * returns the index after it, or i when there is none.
 */
static int
unit_phrase(Parser *p, int i, int end, bool allow_bare, char *part)
{
	const Token *t = &p->tok[i];
	int			j = i + 1;

	if (i >= end)
		return i;
	if (t->cls & TK_HASH)
	{
		if (j < end && same_segment(p, i, j) && is_range(p, j))
		{
			if (part)
			{
				put(p, part, "#");
				put_range(p, part, j);
			}
			return j + 1;
		}
		return i;
	}
	if (t->unit != NULL)
	{
		/* "APT # 4", "SUITE NO 200" */
		if (j + 1 < end && same_segment(p, i, j + 1) &&
			((p->tok[j].cls & TK_HASH) || is_text(p, j, "NO") || is_text(p, j, "NUMBER") ||
			 is_text(p, j, "NBR") || is_text(p, j, "NUM")) && is_range(p, j + 1))
			j++;
		if (j < end && same_segment(p, i, j) && is_range(p, j))
		{
			if (part)
			{
				put(p, part, t->unit);
				put_range(p, part, j);
			}
			return j + 1;
		}
		if (!t->unit_range && allow_bare)
		{
			if (part)
				put(p, part, t->unit);
			return i + 1;
		}
		return i;
	}
	/* "3RD FLOOR", "THIRD FLOOR" (not "3RD FL": "W 3RD FL 2" is a street and a floor) */
	if (j < end && same_segment(p, i, j) && is_text(p, j, "FLOOR"))
	{
		int			floor = ordinal_token_value(p, i);

		if (floor > 0)
		{
			if (part)
			{
				char		buf[16];
				int			n = 0;
				char		digits[8];
				size_t		k = 0;

				do
				{
					digits[n++] = (char) ('0' + floor % 10);
					floor /= 10;
				} while (floor > 0 && n < 7);
				while (n > 0)
					buf[k++] = digits[--n];
				buf[k] = '\0';
				put(p, part, "FL");
				put(p, part, buf);
			}
			return j + 1;
		}
	}
	return i;
}

/* Whether a unit phrase (designator with its range, or "#") starts at i. */
static bool
is_unit_start(Parser *p, int i, int end)
{
	return unit_phrase(p, i, end, false, NULL) > i;
}

/* Whether [from, to) is nothing but unit phrases. */
static bool
is_unit_segment(Parser *p, int from, int to)
{
	int			i = from;

	while (i < to)
	{
		int			j = unit_phrase(p, i, to, true, NULL);

		if (j == i)
			return false;
		i = j;
	}
	return from < to;
}

/* ------------------------------------------------------------------ */
/* PO boxes and routes                                                  */
/* ------------------------------------------------------------------ */

typedef struct BoxForm
{
	const char *words[3];
	const char *written;
	unsigned	flag;
} BoxForm;

/* Longest forms first: the first that matches wins. */
static const BoxForm box_forms[] = {
	{{"POST", "OFFICE", "BOX"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"RURAL", "FREE", "DELIVERY"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"HIGHWAY", "CONTRACT", "ROUTE"}, "HC", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"P", "O", "BOX"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"PO", "BOX"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"PO", "BX"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"GPO", "BOX"}, "GPO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"LOCKED", "BAG"}, "LOCKED BAG", C360_ADDRESS_FLAG_PO_BOX},
	{{"PRIVATE", "BAG"}, "PRIVATE BAG", C360_ADDRESS_FLAG_PO_BOX},
	{{"P", "O"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"RURAL", "ROUTE"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"RURAL", "RTE"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"RFD", "ROUTE"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"R", "R"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"HIGHWAY", "CONTRACT"}, "HC", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"STAR", "ROUTE"}, "HC", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"POBOX"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"POB"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"BOX"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"PO"}, "PO BOX", C360_ADDRESS_FLAG_PO_BOX},
	{{"RR"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"RFD"}, "RR", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"HC"}, "HC", C360_ADDRESS_FLAG_RURAL_ROUTE},
	{{"HCR"}, "HC", C360_ADDRESS_FLAG_RURAL_ROUTE},
};

/*
 * A PO box ("PO BOX 123", Publication 28 section 28) or a rural or highway
 * contract route ("RR 2 BOX 152", sections 24 and 25) at i.  Writes the
 * street (unless write is false) and returns the index after it, or i.
 */
static int
box_phrase(Parser *p, int i, int end, bool write)
{
	char		first;

	if (i >= end || !(p->tok[i].cls & TK_ALPHA))
		return i;
	first = text(p, i)[0];
	for (size_t f = 0; f < sizeof(box_forms) / sizeof(box_forms[0]); f++)
	{
		const BoxForm *form = &box_forms[f];
		int			n = 0;
		int			j;

		if (form->words[0][0] != first)
			continue;
		while (n < 3 && form->words[n] != NULL)
			n++;
		if (i + n >= end)
			continue;
		for (j = 0; j < n; j++)
			if (!same_segment(p, i, i + j + 1) || !is_text(p, i + j, form->words[j]))
				break;
		if (j < n || !is_range(p, i + n))
			continue;
		j = i + n + 1;
		if (write)
		{
			put(p, p->out->street, form->written);
			put_range(p, p->out->street, i + n);
			p->out->flags |= form->flag;
		}
		/* "RR 2 BOX 152" */
		if (form->flag == C360_ADDRESS_FLAG_RURAL_ROUTE && j + 1 < end &&
			same_segment(p, i, j + 1) && (is_text(p, j, "BOX") || is_text(p, j, "BX")) &&
			is_range(p, j + 1))
		{
			if (write)
			{
				put(p, p->out->street, "BOX");
				put_range(p, p->out->street, j + 1);
			}
			j += 2;
		}
		return j;
	}
	return i;
}

/* ------------------------------------------------------------------ */
/* Streets                                                              */
/* ------------------------------------------------------------------ */

/*
 * A directional of one or two tokens at i: "N", "NORTHWEST", "N W",
 * "NORTH EAST".  Returns the token count (0: none) and the abbreviation.
 */
static int
directional_at(const Parser *p, int i, int end, const char **code)
{
	const char *a,
			   *b;

	if (i >= end || p->tok[i].dir == NULL)
		return 0;
	a = p->tok[i].dir;
	if (i + 1 < end && same_segment(p, i, i + 1) && p->tok[i + 1].dir != NULL)
	{
		b = p->tok[i + 1].dir;
		if ((a[0] == 'N' || a[0] == 'S') && a[1] == '\0' &&
			(b[0] == 'E' || b[0] == 'W') && b[1] == '\0')
		{
			char		both[3] = {a[0], b[0], '\0'};

			*code = c360_address_directional(both);
			C360_ASSERT(*code != NULL);
			return 2;
		}
	}
	*code = a;
	return 1;
}

/*
 * A type word that comes before its name, with the name a number or a
 * letter: "AVENUE B", "HIGHWAY 101", "ROUTE 66".
 */
static bool
is_pretype(Parser *p, int i, int end)
{
	return i + 1 < end && p->tok[i].suffix != NULL && same_segment(p, i, i + 1) &&
		(is_number_like(p, i + 1) || ((p->tok[i + 1].cls & TK_ALPHA) && p->tok[i + 1].len == 1)) &&
		!is_unit_start(p, i + 1, end);
}

/*
 * A highway type with its number after a name: "STATE ROUTE 1",
 * "US HWY 1", "COUNTY ROAD 12".
 */
static bool
is_highway(Parser *p, int k, int end)
{
	static const char *const highways[] = {
		"EXPRESSWAY", "FREEWAY", "HIGHWAY", "MOTORWAY", "ROUTE", "THROUGHWAY", "TURNPIKE"
	};
	static const char *const road_owners[] = {"COUNTY", "FARM", "RANCH", "STATE", "TOWNSHIP"};
	const char *primary = p->tok[k].primary;
	bool		found = false;

	if (primary == NULL || k + 1 >= end || !same_segment(p, k, k + 1) || !is_number_like(p, k + 1))
		return false;
	for (size_t h = 0; h < sizeof(highways) / sizeof(highways[0]); h++)
		if (strcmp(primary, highways[h]) == 0)
			found = true;
	if (!found && strcmp(primary, "ROAD") == 0 && k > 0 && same_segment(p, k - 1, k))
		for (size_t h = 0; h < sizeof(road_owners) / sizeof(road_owners[0]); h++)
			if (is_text(p, k - 1, road_owners[h]))
				found = true;
	return found;
}

/*
 * Whether a directional may be a predirectional when the street name would
 * start at q: there must be a name after it.  "N MAIN ST", "N PARK AVE"
 * yes; "NORTH ST", "NORTH AVE W" no (the directional is the name).
 */
static bool
predirectional_ok(Parser *p, int q, int end, bool isolated)
{
	if (q >= end || is_unit_start(p, q, end))
		return false;
	/* "NORTH AVE W": West, not Avenue W */
	if (p->tok[q].suffix != NULL && q + 1 < end && same_segment(p, q, q + 1) &&
		p->tok[q + 1].dir != NULL)
		return false;
	if (p->tok[q].suffix != NULL && !is_pretype(p, q, end))
	{
		if (q + 1 >= end || !same_segment(p, q, q + 1) || is_unit_start(p, q + 1, end))
			return false;
		/* Without a comma "N ST SPRINGFIELD" is N Street in Springfield. */
		if (!isolated && is_abbreviated_suffix(p, q))
			return false;
	}
	return true;
}

/*
 * The suffix that ends a street name, starting from the first suffix word k
 * after the name's first word.  Publication 28 section 234.2: of two suffix
 * words in a row the second is the suffix ("OAK GROVE AVE").  When the
 * street stands in its own comma-separated part the whole run is taken;
 * otherwise the run stops at an abbreviated or everyday type followed by a
 * spelled-out word ("MAIN ST MILL VALLEY": the city is Mill Valley; but
 * "OAK GRV AVE" is one street).
 */
static int
extend_suffix(Parser *p, int k, int end, bool isolated)
{
	while (k + 1 < end && p->tok[k + 1].suffix != NULL && same_segment(p, k, k + 1) &&
		   !is_unit_start(p, k + 1, end) && !is_highway(p, k + 1, end) &&
		   (isolated || is_abbreviated_suffix(p, k + 1) ||
			(!is_abbreviated_suffix(p, k) && !is_common_type(p, k))))
		k++;
	return k;
}

/*
 * A word of a street name, as written: suffix words in the name are spelled
 * out (section 234.2: "MT VERNON" -> MOUNT VERNON, "HWY 101" -> HIGHWAY
 * 101), "ST" is SAINT, and DR (Doctor), VIA and UN stay as they are, as do
 * abbreviations whose full word is a unit designator (FLT, KY, TRLR: "FLAT
 * 3" would read as a unit).
 */
static const char *
name_word(const Parser *p, int i)
{
	const Token *t = &p->tok[i];
	const char *s = text(p, i);

	if (strcmp(s, "ST") == 0)
		return "SAINT";
	if (t->suffix != NULL && strcmp(s, "DR") != 0 && strcmp(s, "VIA") != 0 &&
		strcmp(s, "UN") != 0 && c360_address_unit(t->primary, NULL) == NULL)
		return t->primary;
	return s;
}

/*
 * The street at i: [predirectional] name [suffix] [postdirectional].
 * Writes parts->street and returns the index after the street.
 */
static int
parse_street(Parser *p, int i, int end, bool isolated)
{
	char	   *street = p->out->street;
	const char *predir = NULL,
			   *postdir = NULL,
			   *code = NULL;
	int			s = i,
				name_end,
				suffix = -1,
				q,
				nd,
				ordinal;
	bool		pretype = false;

	if (i >= end || is_unit_start(p, i, end))
		return i;
	/* a lone unit word is a unit, not a street: "LOBBY, FL 2", "123 REAR" */
	if (p->tok[i].unit != NULL && (i + 1 >= end || !same_segment(p, i, i + 1) ||
								   is_unit_start(p, i + 1, end)))
		return i;

	nd = directional_at(p, i, end, &code);
	if (nd == 2 && !predirectional_ok(p, i + 2, end, isolated))
	{
		nd = 1;
		code = p->tok[i].dir;
	}
	if (nd > 0 && predirectional_ok(p, i + nd, end, isolated))
	{
		predir = code;
		s = i + nd;
	}

	if (is_pretype(p, s, end))
	{
		pretype = true;
		name_end = s + 2;
	}
	else
	{
		name_end = s + 1;
		for (int k = s + 1; k < end; k++)
		{
			if (is_unit_start(p, k, end))
				break;
			if (is_highway(p, k, end))
			{
				name_end = k + 2;
				break;
			}
			if (p->tok[k].suffix != NULL)
			{
				suffix = extend_suffix(p, k, end, isolated);
				name_end = suffix;
				break;
			}
			if (is_abbreviated_directional(p, k))
				break;
			name_end = k + 1;
		}
	}

	q = suffix >= 0 ? suffix + 1 : name_end;
	nd = directional_at(p, q, end, &code);
	if (nd > 0 && (isolated || is_abbreviated_directional(p, q) || q + nd == end ||
				   is_unit_start(p, q + nd, end)))
	{
		postdir = code;
		q += nd;
	}

	if (predir)
		put(p, street, predir);
	ordinal = ordinal_phrase_value(p, s, name_end);
	if (ordinal > 0)
	{
		char		buf[16];

		ordinal_text(ordinal, buf);
		put(p, street, buf);
	}
	else
		for (int k = s; k < name_end; k++)
		{
			/* a type before its number is the type spelled out: "ST 8" -> STREET 8 */
			if (k == s && pretype && c360_address_unit(p->tok[k].primary, NULL) == NULL)
				put(p, street, p->tok[k].primary);
			else
				put(p, street, name_word(p, k));
		}
	if (suffix >= 0)
		put(p, street, p->tok[suffix].suffix);
	if (postdir)
		put(p, street, postdir);
	return q;
}

/* Whether [from, to) shows a delivery line: house number, box, or unit. */
static bool
has_delivery_evidence(Parser *p, int from, int to)
{
	if (is_house_number(p, from) || box_phrase(p, from, to, false) > from)
		return true;
	for (int i = from; i < to; i++)
		if (is_unit_start(p, i, to))
			return true;
	return false;
}

static const char *region_ending(const Parser *p, int end, bool before_zip,
								 int *start, unsigned *flags);
static int	country_ending(const Parser *p, int end, const char **code);

/*
 * A house number written after the street name, as in most of Europe
 * ("HAUPTSTRASSE 5"): the last word of the line is a number, and the word
 * before it is a plain name word, not a type, unit or route word ("ROUTE
 * 66", "APT 5", "US 1" and "I 95" are not house numbers).  Nor may that
 * word end a region or country name: with the number moved to the front
 * it would end the line and be read as one ("... OH 152").
 */
static bool
trailing_house_number(Parser *p, int from, int to)
{
	const char *code;
	int			rs;
	unsigned	rflags;

	static const char *const route_words[] = {
		"CR", "FM", "I", "INTERSTATE", "RT", "SR", "STATE", "COUNTY", "US"
	};
	int			last = to - 1;

	if (to - from < 2 || !is_house_number(p, last) || !same_segment(p, last - 1, last) ||
		!is_plain_word(p, last - 1))
		return false;
	for (size_t k = 0; k < sizeof(route_words) / sizeof(route_words[0]); k++)
		if (is_text(p, last - 1, route_words[k]))
			return false;
	return region_ending(p, last, true, &rs, &rflags) == NULL &&
		country_ending(p, last, &code) == 0;
}

/*
 * One reading of a delivery line from i: a PO box or route, or house
 * number, street and units.  Returns the index after what it used.
 */
static int
delivery_round(Parser *p, int i, int to, bool isolated)
{
	C360AddressParts *out = p->out;
	int			from = i;
	int			j = box_phrase(p, i, to, true);

	if (j == i)
	{
		int			street_end = to;

		if (i < to && is_house_number(p, i))
		{
			put_range(p, out->house_number, i++);
			if (i < to && is_fraction(p, i))
				put(p, out->house_number, text(p, i++));
		}
		else if (trailing_house_number(p, from, to))
			street_end = to - 1;	/* "UNTER DEN LINDEN 77" */
		j = parse_street(p, i, street_end, isolated);
		if (street_end < to && j == street_end)
		{
			put_range(p, out->house_number, street_end);
			return to;
		}
		/* A bare range right after the street: "123 MAIN ST 4B" -> "# 4B". */
		if (j > i && j < to && (p->tok[j].cls & TK_HAS_DIGIT) && is_range(p, j))
		{
			put(p, out->unit, "#");
			put_range(p, out->unit, j++);
		}
	}
	while (j < to)
	{
		int			k = unit_phrase(p, j, to, true, out->unit);

		if (k == j)
			break;
		j = k;
	}
	return j;
}

/*
 * The delivery line [from, to).  isolated: the segment holds nothing else
 * (commas were used).  Units may come first ("STE 200 100 MAIN ST"): when
 * the first reading finds only units, the rest is read again.  Returns the
 * index of the first token left over.
 */
static int
parse_delivery(Parser *p, int from, int to, bool isolated)
{
	C360AddressParts *out = p->out;
	int			i = delivery_round(p, from, to, isolated);

	if (i > from && i < to && out->house_number[0] == '\0' && out->street[0] == '\0')
		i = delivery_round(p, i, to, isolated);
	return i;
}

/* ------------------------------------------------------------------ */
/* City                                                                 */
/* ------------------------------------------------------------------ */

/*
 * City words as USPS writes them: "ST", "FT", "MT" before another word are
 * SAINT, FORT, MOUNT ("ST LOUIS" -> SAINT LOUIS); a leading N, S, E or W
 * before another word is spelled out ("E LANSING" -> EAST LANSING).
 * Rewrites parts->city in place.
 */
static void
fix_city(Parser *p)
{
	static const char *const expand[][2] = {
		{"FT", "FORT"}, {"MT", "MOUNT"}, {"ST", "SAINT"}, {"STE", "SAINTE"}
	};
	static const char *const compass[][2] = {
		{"E", "EAST"}, {"N", "NORTH"}, {"S", "SOUTH"}, {"W", "WEST"}
	};
	char	   *city = p->out->city;
	char		was[C360_ADDRESS_PART_SIZE];
	char	   *word,
			   *next;
	bool		first = true;

	strcpy(was, city);
	city[0] = '\0';
	for (word = was; word != NULL; word = next, first = false)
	{
		const char *written = word;

		next = strchr(word, ' ');
		if (next != NULL)
			*next++ = '\0';
		if (next != NULL)
		{
			for (size_t k = 0; k < sizeof(expand) / sizeof(expand[0]); k++)
				if (strcmp(word, expand[k][0]) == 0)
					written = expand[k][1];
			if (first)
				for (size_t k = 0; k < sizeof(compass) / sizeof(compass[0]); k++)
					if (strcmp(word, compass[k][0]) == 0)
						written = compass[k][1];
		}
		put(p, city, written);
	}
}

/* The city from tokens [from, to). */
static void
put_city(Parser *p, int from, int to)
{
	put_words(p, p->out->city, from, to);
	fix_city(p);
}

/* ------------------------------------------------------------------ */
/* The last line: country, region, postcode                            */
/* ------------------------------------------------------------------ */

typedef enum PostcodeKind
{
	PC_NONE,
	PC_ZIP5,					/* 62704 */
	PC_ZIP9,					/* 62704-1234 */
	PC_NUM9,					/* 627041234: a ZIP+4 only after a US state */
	PC_NUM,						/* 4 to 10 digits, dashes allowed: 4011,
								 * 100-0001 */
	PC_CA,						/* K1A 0B1 */
	PC_UK						/* SW1A 2AA */
} PostcodeKind;

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool
is_digit_char(char c)
{
	return c >= '0' && c <= '9';
}

/* Canadian forward sortation area "K1A" / local delivery unit "0B1" (3 characters at s). */
static bool
is_ca_half(const char *s, bool first)
{
	if (first)
		return is_upper(s[0]) && is_digit_char(s[1]) && is_upper(s[2]);
	return is_digit_char(s[0]) && is_upper(s[1]) && is_digit_char(s[2]);
}

/* UK outward code: A9, A99, AA9, AA99, A9A, AA9A. */
static bool
is_uk_outward(const char *s, size_t len)
{
	size_t		k = 0;

	if (len < 2 || len > 4 || !is_upper(s[0]))
		return false;
	k = is_upper(s[1]) ? 2 : 1;
	if (k >= len || !is_digit_char(s[k]))
		return false;
	k++;
	if (k < len && (is_digit_char(s[k]) || is_upper(s[k])))
		k++;
	return k == len;
}

/* UK inward code: 9AA (3 characters at s, NUL-terminated). */
static bool
is_uk_inward(const char *s)
{
	return is_digit_char(s[0]) && is_upper(s[1]) && is_upper(s[2]) && s[3] == '\0';
}

/* Kind of a numeric postcode token, and its digit count. */
static PostcodeKind
numeric_kind(const char *s, int *digit_count)
{
	int			digits = 0,
				dashes = 0;
	size_t		len = strlen(s);

	if (len == 0 || !is_digit_char(s[0]) || !is_digit_char(s[len - 1]))
		return PC_NONE;
	for (size_t k = 0; k < len; k++)
	{
		if (is_digit_char(s[k]))
			digits++;
		else if (s[k] == '-')
			dashes++;
		else
			return PC_NONE;
	}
	*digit_count = digits;
	if (dashes == 0 && digits == 5)
		return PC_ZIP5;
	if (dashes == 1 && digits == 9 && len == 10 && s[5] == '-')
		return PC_ZIP9;
	if (dashes == 0 && digits == 9)
		return PC_NUM9;
	if (digits >= 4 && digits <= 10 && dashes <= 2)
		return PC_NUM;
	return PC_NONE;
}

/*
 * A postcode ending at end (exclusive): sets *start and writes its
 * standard form to buf (C360_ADDRESS_PART_SIZE bytes).
 */
static PostcodeKind
postcode_ending(const Parser *p, int end, int *start, char *buf)
{
	const char *s;
	size_t		len;
	int			digits = 0;
	PostcodeKind kind;

	if (end <= 0 || p->tok[end - 1].consumed || !(p->tok[end - 1].cls & TK_ASCII))
		return PC_NONE;
	s = text(p, end - 1);
	len = p->tok[end - 1].len;
	if (end >= 2 && same_segment(p, end - 2, end - 1) && !p->tok[end - 2].consumed)
	{
		const char *a = text(p, end - 2);

		bool		ca = p->tok[end - 2].len == 3 && len == 3 &&
			is_ca_half(a, true) && is_ca_half(s, false);

		if (ca || (is_uk_outward(a, p->tok[end - 2].len) && is_uk_inward(s)))
		{
			*start = end - 2;
			strcpy(buf, a);
			strcat(buf, " ");
			strcat(buf, s);
			return ca ? PC_CA : PC_UK;
		}
	}
	if (len == 6 && is_ca_half(s, true) && is_ca_half(s + 3, false))
	{
		*start = end - 1;
		memcpy(buf, s, 3);
		buf[3] = ' ';
		memcpy(buf + 4, s + 3, 4);
		return PC_CA;
	}
	if (len >= 5 && len <= 7 && is_uk_inward(s + len - 3) && is_uk_outward(s, len - 3))
	{
		*start = end - 1;
		memcpy(buf, s, len - 3);
		buf[len - 3] = ' ';
		memcpy(buf + len - 2, s + len - 3, 4);
		return PC_UK;
	}
	kind = numeric_kind(s, &digits);
	if (kind != PC_NONE)
	{
		*start = end - 1;
		strcpy(buf, s);
	}
	return kind;
}

/*
 * The longest region code or name ending at end (up to four words, in one
 * segment).  Traditional abbreviations count only with before_zip.
 */
static const char *
region_ending(const Parser *p, int end, bool before_zip, int *start, unsigned *flags)
{
	const char *found = NULL;
	char		buf[NAME_BUFFER];

	for (int k = 1; k <= 4 && k <= end; k++)
	{
		const char *code;
		unsigned	f;

		if (p->tok[end - k].consumed || !join_tokens(p, end - k, end, buf))
			break;
		code = c360_address_region(buf, &f);
		if (code != NULL && (before_zip || !(f & C360_REGION_BEFORE_ZIP)))
		{
			found = code;
			*start = end - k;
			*flags = f;
		}
	}
	return found;
}

/*
 * Whether the region found at [rs, re) is one.  A region that starts its
 * segment is.  A single word that is also a street word (CT Court, NE
 * northeast, FL floor, MT Mount) needs a city word before it and, after a
 * house number, a street suffix earlier on: "123 OAK CT" is Oak Court,
 * "123 MAIN ST HARTFORD CT" is in Connecticut.  Other regions need only not
 * follow a number ("123 WASHINGTON" is a street), unless a postcode
 * follows.
 */
static bool
region_ok(Parser *p, int rs, int re, bool with_postcode, int ss)
{
	const Token *r = &p->tok[rs];
	const Token *prev;
	bool		ambiguous = (re - rs == 1) &&
		(r->suffix != NULL || r->dir != NULL || (r->unit != NULL && !with_postcode));

	if (rs <= ss)
		return true;
	/* no delivery line before it: "PALM BEACH FL", "OMAHA NE" */
	if (!is_house_number(p, ss) && box_phrase(p, ss, rs, false) == ss)
		return true;
	prev = &p->tok[rs - 1];
	if (!ambiguous)
		return with_postcode || !(prev->cls & TK_HAS_DIGIT);
	/* after a city word: not a number, abbreviation or keyword */
	if ((prev->cls & (TK_HAS_DIGIT | TK_HASH)) || prev->unit != NULL || prev->dir != NULL ||
		is_abbreviated_suffix(p, rs - 1) || is_box_word(p, rs - 1))
		return false;
	for (int i = ss + 2; i < rs - 1; i++)
		if (p->tok[i].suffix != NULL)
			return true;
	return false;
}

static void
consume(Parser *p, int from, int to)
{
	for (int i = from; i < to; i++)
		p->tok[i].consumed = true;
}

static bool
is_zip_kind(PostcodeKind kind)
{
	return kind == PC_ZIP5 || kind == PC_ZIP9;
}

/* "62704" or "62704-1234". */
static bool
is_zip_text(const char *s)
{
	int			digits = 0;

	return is_zip_kind(numeric_kind(s, &digits));
}

/* "627041234" -> "62704-1234". */
static void
zip9_text(const char *digits, char *buf)
{
	memcpy(buf, digits, 5);
	buf[5] = '-';
	memcpy(buf + 6, digits + 5, 4);
	buf[10] = '\0';
}

/* Words in the longest country name ending at end (0: none); sets *code. */
static int
country_ending(const Parser *p, int end, const char **code)
{
	char		buf[NAME_BUFFER];
	int			best = 0;

	for (int k = 1; k <= 7 && k <= end; k++)
	{
		const char *c;

		if (!join_tokens(p, end - k, end, buf))
			break;
		c = c360_address_country_code(buf);
		if (c != NULL)
		{
			best = k;
			*code = c;
		}
	}
	return best;
}

/*
 * A trailing country: the longest country name ending at end, unless a
 * region name at least as long ends there too ("NEW MEXICO", "GEORGIA",
 * "NEW SOUTH WALES" are regions).  "US" counts anywhere at the end; other
 * two-letter ISO codes only right after a postcode ("NSW 2000 AU").
 * Returns the new end.
 */
static int
strip_country(Parser *p, int end)
{
	C360AddressParts *out = p->out;
	const char *code = NULL;
	int			best = country_ending(p, end, &code),
				rs = 0;
	unsigned	rflags;

	if (best > 0)
	{
		if (region_ending(p, end, false, &rs, &rflags) != NULL && end - rs >= best)
			return end;
	}
	else if (end >= 1 && is_text(p, end - 1, "US"))
	{
		best = 1;
		code = "US";
	}
	else if (end >= 2 && p->tok[end - 1].len == 2 && (p->tok[end - 1].cls & TK_ALPHA) &&
			 p->tok[end - 1].suffix == NULL && p->tok[end - 1].unit == NULL &&
			 p->tok[end - 1].dir == NULL &&
			 c360_address_region(text(p, end - 1), NULL) == NULL &&
			 c360_address_country_name(text(p, end - 1)) != NULL)
	{
		/* "AU", "GB" right after a postcode: "NSW 2000 AU" */
		char		pc[C360_ADDRESS_PART_SIZE];
		int			ps;

		if (postcode_ending(p, end - 1, &ps, pc) == PC_NONE)
			return end;
		best = 1;
		code = text(p, end - 1);
	}
	if (best == 0)
		return end;
	memcpy(out->country, code, 2);
	out->country[2] = '\0';
	consume(p, end - best, end);
	return end - best;
}

/*
 * Whether a number at ps (4 digits or more, not a ZIP code) may be a
 * postcode after what precedes it: the start of a part, or a word that is
 * not a number, unit or box word ("APT 4000", "BOX 4011") and not an
 * abbreviated street type ("MAIN ST 1234" keeps 1234 as a unit).  City
 * words that are also street words count: "TWEED HEADS SOUTH 2770",
 * "CRIB POINT 6167".
 */
static bool
postcode_may_follow(const Parser *p, int ps)
{
	int			prev = ps - 1;
	const Token *t;

	if (ps == 0 || ps == p->tok[ps].seg_start)
		return true;
	t = &p->tok[prev];
	return !(t->cls & (TK_HAS_DIGIT | TK_HASH)) && (t->unit == NULL || !t->unit_range) &&
		!is_box_word(p, prev) &&
		!is_abbreviated_suffix(p, prev);
}

/* Whether [from, to) is a region and a postcode: "FL 33480" is not a floor. */
static bool
is_region_and_postcode(const Parser *p, int from, int to)
{
	char		pc[C360_ADDRESS_PART_SIZE];
	int			ps,
				rs;
	unsigned	rflags;

	return postcode_ending(p, to, &ps, pc) != PC_NONE && ps > from &&
		region_ending(p, ps, true, &rs, &rflags) != NULL && rs == from;
}

/* The end of the line without the unit and box parts it ends with. */
static int
skip_trailing_units(Parser *p, int end)
{
	while (end > 0 && p->tok[end - 1].seg_start > 0)
	{
		int			ss = p->tok[end - 1].seg_start;

		if (is_region_and_postcode(p, ss, end) ||
			!(is_unit_segment(p, ss, end) || box_phrase(p, ss, end, false) > ss))
			break;
		end = ss;
	}
	return end;
}

/*
 * Read the last line from the right: country, then postcode and region.
 * Returns whether any of the three was found.
 */
static bool
parse_last_line(Parser *p)
{
	C360AddressParts *out = p->out;
	int			end = p->ntok;
	bool		found;
	char		pc[C360_ADDRESS_PART_SIZE];
	int			ps = 0,
				rs = 0;
	unsigned	rflags = 0;
	PostcodeKind kind;
	const char *region;

	/*
	 * Unit and PO box parts at the very end ("..., SPRINGFIELD IL, APT 4",
	 * "..., SPRINGFIELD IL, PO BOX 5") are written before the city in the
	 * normalized line: the last line is before them.
	 */
	end = skip_trailing_units(p, end);
	end = strip_country(p, end);
	/* a "#" whose number was read as part of the country means nothing */
	while (end > 0 && (p->tok[end - 1].cls & TK_HASH))
		p->tok[--end].consumed = true;
	end = skip_trailing_units(p, end);
	found = out->country[0] != '\0';
	kind = postcode_ending(p, end, &ps, pc);

	/* Region, then postcode: "IL 62704", "NSW 2000", "ON K1A 0B1". */
	if (kind != PC_NONE)
	{
		bool		zipish = kind == PC_ZIP5 || kind == PC_ZIP9 || kind == PC_NUM9;
		int			digits = 0;

		/* "IL 62704 1234" */
		if (kind == PC_NUM && ps >= 2 && numeric_kind(text(p, ps), &digits) == PC_NUM &&
			digits == 4 && p->tok[ps].len == 4 && same_segment(p, ps - 1, ps) &&
			numeric_kind(text(p, ps - 1), &digits) == PC_ZIP5 &&
			(region = region_ending(p, ps - 1, true, &rs, &rflags)) != NULL &&
			(rflags & C360_REGION_US) && region_ok(p, rs, ps - 1, true, p->tok[rs].seg_start))
		{
			strcpy(pc, text(p, ps - 1));
			strcat(pc, "-");
			strcat(pc, text(p, ps));
			ps--;
			kind = PC_ZIP9;
			zipish = true;
		}
		region = region_ending(p, ps, zipish, &rs, &rflags);
		if (region != NULL && region_ok(p, rs, ps, true, p->tok[rs].seg_start))
		{
			if (kind == PC_NUM9 && (rflags & C360_REGION_US))
			{
				char		digits9[16];

				strcpy(digits9, pc);
				zip9_text(digits9, pc);
				kind = PC_ZIP9;
			}
			put(p, out->region, region);
			put(p, out->postcode, pc);
			if ((rflags & C360_REGION_US) && is_zip_kind(kind))
				strcpy(out->country, "US");
			consume(p, rs, end);
			return true;
		}
	}

	/* Postcode, then region: "4011 WA" (Australian order). */
	region = region_ending(p, end, false, &rs, &rflags);
	if (region != NULL && rs >= 1)
	{
		int			ps2 = 0;
		PostcodeKind k2 = postcode_ending(p, rs, &ps2, pc);

		if ((k2 == PC_NUM || k2 == PC_ZIP5 || k2 == PC_ZIP9) && postcode_may_follow(p, ps2))
		{
			put(p, out->region, region);
			put(p, out->postcode, pc);
			if ((rflags & C360_REGION_US) && is_zip_kind(k2))
				strcpy(out->country, "US");
			consume(p, ps2, end);
			return true;
		}
	}

	/* Postcode alone. */
	if (kind != PC_NONE)
	{
		int			prev;
		bool		ok;

		/* the tests above may have rewritten ps and pc: read them again */
		kind = postcode_ending(p, end, &ps, pc);
		prev = ps - 1;
		if (prev >= 0 && same_segment(p, prev, ps) &&
			((p->tok[prev].cls & TK_HASH) || p->tok[prev].unit != NULL || is_box_word(p, prev)))
			ok = false;
		else if (kind == PC_ZIP5 || kind == PC_ZIP9 || kind == PC_CA || kind == PC_UK)
			ok = true;
		else
			ok = ps > 0 && postcode_may_follow(p, ps);
		if (ok)
		{
			put(p, out->postcode, pc);
			consume(p, ps, end);
			return true;
		}
	}

	/* Region alone: "SPRINGFIELD IL", "ILLINOIS". */
	region = region_ending(p, end, false, &rs, &rflags);
	if (region != NULL && region_ok(p, rs, end, false, p->tok[rs].seg_start))
	{
		put(p, out->region, region);
		consume(p, rs, end);
		return true;
	}

	/* Postcode before the city in the last segment: "10117 BERLIN". */
	if (end > 0)
	{
		int			ls = p->tok[end - 1].seg_start;
		int			digits = 0;
		PostcodeKind k3;

		if (ls > 0 && ls < end - 1 && !p->tok[ls].consumed &&
			((k3 = numeric_kind(text(p, ls), &digits)) == PC_NUM || k3 == PC_ZIP5))
		{
			bool		words_only = true;

			for (int i = ls + 1; i < end; i++)
				if (p->tok[i].cls & (TK_HAS_DIGIT | TK_HASH))
					words_only = false;
			if (words_only)
			{
				put(p, out->postcode, text(p, ls));
				consume(p, ls, ls + 1);
				return true;
			}
		}
	}
	return found;
}

/* ------------------------------------------------------------------ */
/* Putting it together                                                  */
/* ------------------------------------------------------------------ */

/* The segments left after the last line, as spans of unconsumed tokens. */
static int
remaining_segments(const Parser *p, Span *spans)
{
	int			n = 0;

	for (int i = 0; i < p->ntok; i++)
	{
		if (p->tok[i].consumed)
			continue;
		if (n > 0 && same_segment(p, spans[n - 1].to - 1, i) && spans[n - 1].to == i)
			spans[n - 1].to = i + 1;
		else
		{
			C360_ASSERT(n == 0 || !same_segment(p, spans[n - 1].to - 1, i));
			spans[n].from = i;
			spans[n].to = i + 1;
			n++;
		}
	}
	return n;
}

/* Where a delivery reading of [from, to) would stop, without writing anything. */
static int
delivery_extent(Parser *p, int from, int to, bool isolated)
{
	C360AddressParts *saved = p->out;
	C360AddressParts scratch;
	bool		overflow = p->overflow;
	int			used;

	memset(&scratch, 0, sizeof(scratch));
	p->out = &scratch;
	used = parse_delivery(p, from, to, isolated);
	p->out = saved;
	p->overflow = overflow;
	return used;
}

/*
 * Whether the part of [from, to) that a delivery reading would use shows a
 * house number, box, unit or any number (an ordinal word counts: it is
 * written as "5TH").  Judged on that part only, because only that part
 * stays on the first line of the normalized form.
 */
static bool
delivery_part_shows_number(Parser *p, int from, int to)
{
	int			used = delivery_extent(p, from, to, true);

	if (has_delivery_evidence(p, from, used))
		return true;
	for (int i = from; i < used; i++)
		if ((p->tok[i].cls & TK_HAS_DIGIT) || ordinal_word_value(text(p, i)) > 0)
			return true;
	return false;
}

/*
 * One reading of the tokens into p->out.  When words follow the street and
 * units on the delivery line and may_split is set, the reading stops and
 * returns the index where they start; the caller puts a comma there and
 * reads again (see parse_tokens()).  Without may_split such words become
 * the city (a line with no comma) or extra text.  Returns -1 when the
 * reading is complete.
 */
static int
parse_pass(Parser *p, bool may_split)
{
	C360AddressParts *out = p->out;
	Span	   *spans = p->spans;
	bool		last_line = parse_last_line(p);
	int			nseg = remaining_segments(p, spans);
	int			delivery = -1,
				city = -1;

	if (nseg == 0)
		return -1;

	if (nseg == 1)
	{
		Span		s = spans[0];
		int			rest;

		if (last_line && !has_delivery_evidence(p, s.from, s.to))
		{
			put_city(p, s.from, s.to);
			return -1;
		}
		rest = parse_delivery(p, s.from, s.to, false);
		if (rest < s.to && rest > s.from && may_split)
			return rest;
		if (rest < s.to)
			put_city(p, rest, s.to);
		return -1;
	}

	/*
	 * The delivery segment: the first one that is not just a unit, if it
	 * shows a number, unit or box; else the first that starts with a house
	 * number or box (what comes before it, say "ACME CORP", is a recipient
	 * line and is left out); else the first that is not just a unit.
	 */
	for (int k = 0; k < nseg && delivery < 0; k++)
		if (!is_unit_segment(p, spans[k].from, spans[k].to))
		{
			if (delivery_part_shows_number(p, spans[k].from, spans[k].to))
				delivery = k;
			break;
		}
	for (int k = 0; k < nseg && delivery < 0; k++)
		if (is_house_number(p, spans[k].from) ||
			box_phrase(p, spans[k].from, spans[k].to, false) > spans[k].from)
			delivery = k;
	for (int k = 0; k < nseg && delivery < 0; k++)
		if (!is_unit_segment(p, spans[k].from, spans[k].to))
			delivery = k;
	/*
	 * Words after the street and units on the delivery line: read again with
	 * a comma before them, so that they are judged as a part of their own
	 * (a city, a region, extra text), as in the normalized line.
	 */
	if (delivery >= 0 && may_split)
	{
		int			rest = delivery_extent(p, spans[delivery].from, spans[delivery].to, true);

		if (rest > spans[delivery].from && rest < spans[delivery].to)
			return rest;
	}
	/* The city: the last segment after it that is neither unit nor box. */
	for (int k = nseg - 1; k > delivery && delivery >= 0 && city < 0; k--)
		if (!is_unit_segment(p, spans[k].from, spans[k].to) &&
			box_phrase(p, spans[k].from, spans[k].to, false) == spans[k].from)
			city = k;

	for (int k = 0; k < nseg; k++)
	{
		Span		s = spans[k];

		if (k == delivery)
		{
			int			rest = parse_delivery(p, s.from, s.to, true);

			put_words(p, out->extra, rest, s.to);
		}
		else if (k == city)
			put_city(p, s.from, s.to);
		else if (is_unit_segment(p, s.from, s.to))
		{
			for (int i = s.from; i < s.to;)
				i = unit_phrase(p, i, s.to, true, out->unit);
		}
		else if (k < delivery)
			out->flags |= C360_ADDRESS_FLAG_DROPPED_TEXT;
		else
			put_words(p, out->extra, s.from, s.to);
	}
	/*
	 * Extra text with no city after it would be read as the city from the
	 * normalized line ("STREET, EXTRA"): it is the city.
	 */
	if (out->city[0] == '\0' && out->extra[0] != '\0')
	{
		strcpy(out->city, out->extra);
		out->extra[0] = '\0';
		fix_city(p);
	}
	return -1;
}

/* Start a new segment at token k, as if a comma stood before it. */
static void
split_segment(Parser *p, int k)
{
	for (int i = k; i < p->ntok; i++)
		p->tok[i].seg++;
	for (int i = k; i < p->ntok && p->tok[i].seg == p->tok[k].seg; i++)
		p->tok[i].seg_start = (uint16_t) k;
}

/* How many times a line is read again (see parse_tokens()). */
#define MAX_PASSES 8

/*
 * Read the tokens.  When words follow the street and units on the delivery
 * line, a comma is put before them and the line is read again, so that the
 * result is the one its normalized line ("STREET UNIT, CITY, ...") gives:
 * the words after the street are read as a part of their own, where a
 * trailing region or postcode is found as in any city part ("123 MAIN ST
 * PALM BEACH FL").  Each split is inside the delivery segment, after its
 * first token, so the passes end; their number is bounded all the same.
 */
static void
parse_tokens(Parser *p)
{
	bool		split = false;

	for (int pass = 0;; pass++)
	{
		int			at = parse_pass(p, pass + 1 < MAX_PASSES);

		if (at < 0)
			break;
		split_segment(p, at);
		split = true;
		memset(p->out, 0, sizeof(*p->out));
		for (int i = 0; i < p->ntok; i++)
			p->tok[i].consumed = false;
	}
	if (split && p->out->city[0] != '\0')
		p->out->flags |= C360_ADDRESS_FLAG_GUESSED_CITY;
	if (strcmp(p->out->country, "US") == 0)
		p->out->flags |= C360_ADDRESS_FLAG_US;
}

static void
clear_parts(C360AddressParts *parts)
{
	memset(parts, 0, sizeof(*parts));
}

static bool
parts_empty(const C360AddressParts *parts)
{
	return parts->house_number[0] == '\0' && parts->street[0] == '\0' &&
		parts->unit[0] == '\0' && parts->extra[0] == '\0' && parts->city[0] == '\0' &&
		parts->region[0] == '\0' && parts->postcode[0] == '\0' && parts->country[0] == '\0';
}

/*
 * Any formatted line is shorter than C360_ADDRESS_MAX_INPUT, so normalizing
 * a normalized line never meets the length limit: seven components, the
 * longest country name (NAME_BUFFER) and the separators.
 */
_Static_assert(7 * (C360_ADDRESS_PART_SIZE - 1) + NAME_BUFFER + 16 <= C360_ADDRESS_MAX_INPUT,
			   "a formatted line fits the input limit");
_Static_assert(7 * (C360_ADDRESS_PART_SIZE - 1) + NAME_BUFFER + 16 < C360_ADDRESS_LINE_SIZE,
			   "a formatted line fits C360_ADDRESS_LINE_SIZE");

/* One reading of the input (c360_address_parse() settles it). */
static C360AddressStatus
parse_once(const char *utf8, size_t len, C360AddressParts *parts)
{
	Parser	   *p;
	size_t		n;
	C360AddressStatus status = C360_ADDRESS_OK;

	clear_parts(parts);
	if (len > C360_ADDRESS_MAX_INPUT)
		return C360_ADDRESS_TOO_LONG;
	if (len == 0)
		return C360_ADDRESS_EMPTY;

	p = c360_alloc(sizeof(Parser));
	n = c360_utf8_decode(utf8, len, p->cps);
	p->ntok = 0;
	p->used = 0;
	p->overflow = false;
	p->out = parts;
	tokenize(p, p->cps, n);
	if (!p->overflow)
	{
		tokens_finish(p);
		parse_tokens(p);
	}
	if (p->overflow)
		status = C360_ADDRESS_TOO_LONG;
	else if (parts_empty(parts))
		status = C360_ADDRESS_EMPTY;
	if (status != C360_ADDRESS_OK)
		clear_parts(parts);
	c360_free(p);
	return status;
}

static bool
same_parts(const C360AddressParts *a, const C360AddressParts *b)
{
	return strcmp(a->house_number, b->house_number) == 0 &&
		strcmp(a->street, b->street) == 0 && strcmp(a->unit, b->unit) == 0 &&
		strcmp(a->extra, b->extra) == 0 && strcmp(a->city, b->city) == 0 &&
		strcmp(a->region, b->region) == 0 && strcmp(a->postcode, b->postcode) == 0 &&
		strcmp(a->country, b->country) == 0;
}

/*
 * How many times the parse is checked against a reading of its own
 * normalized line.  Tests build with -DC360_ADDRESS_SETTLE_ROUNDS=0 to see
 * the first reading alone.
 */
#ifndef C360_ADDRESS_SETTLE_ROUNDS
#define C360_ADDRESS_SETTLE_ROUNDS 3
#endif

/*
 * The result is the parse of its own normalized line: the first reading
 * judges the words as written, and a few rules see only part of the line
 * (a comma the normalized line adds, two directionals it joins), so the
 * normalized line is read back until it reads the same, which makes
 * normalization a fixed point.  It almost always does at once; the number
 * of rounds is bounded.
 */
C360AddressStatus
c360_address_parse(const char *utf8, size_t len, C360AddressParts *parts)
{
	C360AddressStatus status = parse_once(utf8, len, parts);
	C360AddressParts next;
	char		line[C360_ADDRESS_LINE_SIZE];
	unsigned	first_flags = parts->flags;

	for (int round = 0; status == C360_ADDRESS_OK && round < C360_ADDRESS_SETTLE_ROUNDS; round++)
	{
		size_t		n = c360_address_format(parts, line);
		C360AddressStatus again;

		/* already in normalized form: its line reads as it did */
		if (n == len && memcmp(line, utf8, len) == 0)
			break;
		again = parse_once(line, n, &next);

		if (again != C360_ADDRESS_OK)
		{
			/* its own line reads as too long (parts gather): so is the input */
			status = again;
			clear_parts(parts);
			break;
		}
		if (same_parts(&next, parts))
			break;
		*parts = next;
	}
	if (status == C360_ADDRESS_OK)
		parts->flags = (first_flags & (C360_ADDRESS_FLAG_GUESSED_CITY | C360_ADDRESS_FLAG_DROPPED_TEXT)) |
			(parts->flags & (C360_ADDRESS_FLAG_US | C360_ADDRESS_FLAG_PO_BOX |
							 C360_ADDRESS_FLAG_RURAL_ROUTE));
	return status;
}

/* ------------------------------------------------------------------ */
/* The one-line form                                                    */
/* ------------------------------------------------------------------ */

static void
line_put(char *out, size_t *n, const char *separator, const char *s)
{
	size_t		len = strlen(s);

	if (len == 0)
		return;
	if (*n > 0)
	{
		size_t		sl = strlen(separator);

		memcpy(out + *n, separator, sl);
		*n += sl;
	}
	memcpy(out + *n, s, len);
	*n += len;
}

/*
 * Whether a street ends with a unit designator word ("P FL", a street named
 * REAR): written right before the unit, the two would read as one unit
 * ("P FL # 6"), so a comma goes between them.
 */
static bool
ends_with_unit_word(const char *street)
{
	const char *last = strrchr(street, ' ');

	return street[0] != '\0' && c360_address_unit(last ? last + 1 : street, NULL) != NULL;
}

size_t
c360_address_format(const C360AddressParts *parts, char *out)
{
	size_t		n = 0,
				line_start;
	unsigned	rflags = 0;

	line_put(out, &n, " ", parts->house_number);
	line_put(out, &n, " ", parts->street);
	line_put(out, &n, ends_with_unit_word(parts->street) ? ", " : " ", parts->unit);
	line_put(out, &n, ", ", parts->extra);
	line_put(out, &n, ", ", parts->city);
	/* region and postcode share a segment */
	line_start = n;
	line_put(out, &n, ", ", parts->region);
	if (parts->postcode[0] != '\0')
		line_put(out, &n, n > line_start ? " " : ", ", parts->postcode);
	if (parts->country[0] != '\0')
	{
		const char *name = c360_address_country_name(parts->country);
		bool		inferred = strcmp(parts->country, "US") == 0 &&
			c360_address_region(parts->region, &rflags) != NULL &&
			(rflags & C360_REGION_US) && is_zip_text(parts->postcode);

		if (!inferred)
			line_put(out, &n, ", ", name != NULL ? name : parts->country);
	}
	C360_ASSERT(n < C360_ADDRESS_LINE_SIZE);
	out[n] = '\0';
	return n;
}

C360AddressStatus
c360_address_normalize(const char *utf8, size_t len, char *out, size_t *out_len)
{
	C360AddressParts parts;
	C360AddressStatus status = c360_address_parse(utf8, len, &parts);

	out[0] = '\0';
	*out_len = 0;
	if (status != C360_ADDRESS_OK)
		return status;
	*out_len = c360_address_format(&parts, out);
	return C360_ADDRESS_OK;
}
