/*
 * name.c: parsing person names and their comparison form.  See name.h for
 * the contract and docs/reference/names.md for the rules and decisions.
 *
 * The parser makes two passes over the input.  The first counts tokens and
 * finds the first comma that has tokens on both sides; the second keeps the
 * tokens near the ends of each half (a few more than C360_NAME_WINDOW) in a
 * fixed array.  Classification then only looks at those, so memory is
 * constant and time linear however long the input is.
 */
#include <string.h>

#include "c360_assert.h"
#include "name.h"
#include "utf8.h"

void		(*c360_name_interrupt_hook) (void) = NULL;

/* Bytes scanned between calls of c360_name_interrupt_hook. */
#define INTERRUPT_STRIDE 65536

/*
 * Tokens kept at each edge: the window plus slack for the token after a
 * run of titles and for suffixes of up to three dotted tokens.
 */
#define EDGE (C360_NAME_WINDOW + 3)
#define MAX_KEPT (4 * EDGE)

/* Longest title, suffix or particle keyword, in ASCII letters/digits. */
#define KEY_MAX 12

typedef enum CharClass
{
	CC_WORD,					/* letter, combining mark or digit */
	CC_APOSTROPHE,				/* kept inside a token; dropped when folded */
	CC_HYPHEN,					/* kept inside a token; a space when folded */
	CC_IGNORED,					/* invisible: neither separates nor counts */
	CC_KEPT_FORMAT,				/* ZWJ/ZWNJ: as CC_IGNORED, but kept in text */
	CC_PERIOD,
	CC_COMMA,
	CC_SEPARATOR
} CharClass;

static CharClass
classify(uint32_t cp)
{
	if (cp < 0x80)
	{
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
			return CC_WORD;
		if (cp == '\'' || cp == '`')
			return CC_APOSTROPHE;
		if (cp == '-')
			return CC_HYPHEN;
		if (cp == '.')
			return CC_PERIOD;
		if (cp == ',')
			return CC_COMMA;
		return CC_SEPARATOR;
	}
	switch (cp)
	{
		case '\'':
		case '`':
		case 0x00B4:			/* acute accent */
		case 0x00B7:			/* middle dot (Catalan l·l) */
		case 0x02BC:			/* modifier letter apostrophe */
		case 0x2018:
		case 0x2019:
		case 0xFF07:
			return CC_APOSTROPHE;
		case '-':
		case 0x2010:
		case 0x2011:
		case 0x2012:
		case 0x2013:			/* en dash, often typed for a hyphen */
		case 0xFE63:
		case 0xFF0D:
			return CC_HYPHEN;
		case '.':
		case 0x3002:
		case 0xFF0E:
		case 0xFF61:
			return CC_PERIOD;
		case ',':
		case 0x060C:
		case 0x3001:
		case 0xFF0C:
			return CC_COMMA;
		case 0x200B:			/* zero-width space: a space */
		case 0x30FB:			/* katakana middle dot between names */
		case 0xFF65:
			return CC_SEPARATOR;
		case 0x200C:
		case 0x200D:
			return CC_KEPT_FORMAT;
		case 0x00AD:
		case 0xFEFF:
			return CC_IGNORED;
	}
	if ((cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
		(cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
		(cp >= 0xE0100 && cp <= 0xE01EF))
		return CC_IGNORED;
	if (c360_cp_is_digit(cp) || c360_cp_is_letter(cp))
		return CC_WORD;
	return CC_SEPARATOR;
}

/*
 * Decode the code point at s[0..len) with c360_utf8_decode and report the
 * bytes it takes: a valid sequence its own length, anything malformed one
 * byte (as c360_utf8_decode resynchronises).
 */
static uint32_t
decode_at(const unsigned char *s, size_t len, size_t *used)
{
	uint32_t	cps[4];
	uint32_t	cp;

	if (s[0] < 0x80)
	{
		*used = 1;
		return s[0];
	}
	(void) c360_utf8_decode((const char *) s, len < 4 ? len : 4, cps);
	cp = cps[0];
	if (cp == C360_REPLACEMENT_CHAR)
		*used = (len >= 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] == 0xBD) ? 3 : 1;
	else if (cp < 0x80)
		*used = 1;
	else if (cp < 0x800)
		*used = 2;
	else if (cp < 0x10000)
		*used = 3;
	else
		*used = 4;
	return cp;
}

/* ------------------------------------------------------------------
 * Tokenizer
 * ------------------------------------------------------------------
 */

typedef struct Scanner
{
	const unsigned char *s;
	size_t		len;
	size_t		pos;
	size_t		next_check;
} Scanner;

typedef struct Token
{
	size_t		start;			/* first byte of the first letter */
	size_t		end;			/* just past the last letter */
	size_t		prev_end;		/* end of the previous token (or start) */
	bool		comma_before;	/* a comma since the previous token */
	bool		dotted_before;	/* only periods since the previous token */
} Token;

static void
scanner_init(Scanner *sc, const char *s, size_t len)
{
	sc->s = (const unsigned char *) s;
	sc->len = len;
	sc->pos = 0;
	sc->next_check = INTERRUPT_STRIDE;
}

static inline void
scanner_tick(Scanner *sc)
{
	if (sc->pos >= sc->next_check)
	{
		sc->next_check = sc->pos + INTERRUPT_STRIDE;
		if (c360_name_interrupt_hook)
			c360_name_interrupt_hook();
	}
}

/*
 * The next token, or false at the end.  A token runs from a letter or
 * digit to the last letter, digit or combining mark before a separator;
 * hyphens, apostrophes and invisible characters inside it are part of it,
 * those at its edges are not.  Combining marks with no base character
 * before them are skipped like invisible characters.
 */
static bool
next_token(Scanner *sc, Token *tok)
{
	bool		saw_comma = false,
				saw_period = false,
				saw_other = false;
	size_t		used = 0;

	while (sc->pos < sc->len)
	{
		uint32_t	cp = decode_at(sc->s + sc->pos, sc->len - sc->pos, &used);
		CharClass	cc = classify(cp);

		/* a token starts with a base character, not a stray combining mark */
		if (cc == CC_WORD && !c360_cp_is_combining(cp))
			break;
		if (cc == CC_COMMA)
			saw_comma = true;
		else if (cc == CC_PERIOD)
			saw_period = true;
		else if (cc != CC_IGNORED && cc != CC_KEPT_FORMAT && cc != CC_WORD)
			saw_other = true;
		sc->pos += used;
		scanner_tick(sc);
	}
	if (sc->pos >= sc->len)
		return false;

	tok->start = sc->pos;
	sc->pos += used;
	tok->end = sc->pos;
	tok->comma_before = saw_comma;
	tok->dotted_before = saw_period && !saw_comma && !saw_other;
	while (sc->pos < sc->len)
	{
		CharClass	cc = classify(decode_at(sc->s + sc->pos, sc->len - sc->pos, &used));

		if (cc == CC_WORD)
		{
			sc->pos += used;
			tok->end = sc->pos;
		}
		else if (cc == CC_APOSTROPHE || cc == CC_HYPHEN ||
				 cc == CC_IGNORED || cc == CC_KEPT_FORMAT)
			sc->pos += used;
		else
			break;
		scanner_tick(sc);
	}
	return true;
}

/* ------------------------------------------------------------------
 * Keywords: titles, suffixes, family-name particles
 * ------------------------------------------------------------------
 */

/* Titles, recognised at the start of a name or right after its comma. */
static const char *const title_words[] = {
	"capt", "captain", "col", "dame", "doctor", "dr", "father", "fr", "frau",
	"herr", "hon", "honorable", "honourable", "imam", "lady", "lord", "lt",
	"madame", "mademoiselle", "maj", "master", "miss", "mister", "mlle", "mme",
	"monsieur", "mr", "mrs", "ms", "mx", "pastor", "prof", "professor",
	"rabbi", "rev", "revd", "reverend", "senor", "senora", "senorita", "sgt",
	"sir", "sr", "sra", "srta", NULL
};

/* Suffixes, recognised at the end of a name or of its family half. */
static const char *const suffix_words[] = {
	"2nd", "3rd", "4th", "5th", "cbe", "cpa", "dds", "dmd", "dvm", "esq",
	"esquire", "ii", "iii", "iv", "jnr", "jr", "junior", "kbe", "mba", "mbe",
	"md", "obe", "phd", "qc", "rn", "senior", "snr", "sr", "vii", "viii",
	NULL
};

/* Lower-case words that start a family name: "van", "de la", "bin", ... */
static const char *const particle_words[] = {
	"abu", "al", "bin", "bint", "binti", "da", "das", "de", "degli", "dei",
	"del", "dela", "della", "den", "der", "des", "di", "dos", "du", "ibn",
	"la", "las", "le", "los", "st", "ste", "ten", "ter", "van", "von", "zu",
	NULL
};

static bool
word_in(const char *const *list, const char *key)
{
	if (key[0] == '\0')
		return false;
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

/*
 * The keyword form of a token: its letters folded, ASCII letters and
 * digits only, at most KEY_MAX of them; "" for anything else (so "Señor"
 * is "senor" and a Cyrillic or over-long token is never a keyword).
 */
static void
token_key(const unsigned char *s, const Token *tok, char key[KEY_MAX + 1])
{
	size_t		pos = tok->start,
				n = 0;

	while (pos < tok->end)
	{
		size_t		used;
		uint32_t	cp = decode_at(s + pos, tok->end - pos, &used);
		uint32_t	folded[2];
		int			count;

		pos += used;
		if (classify(cp) != CC_WORD)
			continue;
		count = c360_cp_fold(cp, folded);
		for (int k = 0; k < count; k++)
		{
			if (n == KEY_MAX ||
				!((folded[k] >= 'a' && folded[k] <= 'z') || (folded[k] >= '0' && folded[k] <= '9')))
			{
				key[0] = '\0';
				return;
			}
			key[n++] = (char) folded[k];
		}
	}
	key[n] = '\0';
}

/* ------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------
 */

typedef struct Parser
{
	const unsigned char *s;
	size_t		n;				/* tokens in the input */
	size_t		comma;			/* index of the first token after the
								 * comma, 0 if none */
	size_t		last_end;		/* end of the last token */
	size_t		kept;
	size_t		index[MAX_KEPT];
	Token		tok[MAX_KEPT];
} Parser;

static bool
keep_index(const Parser *p, size_t i)
{
	if (i < EDGE || i + EDGE >= p->n)
		return true;
	return p->comma > 0 && i + EDGE >= p->comma && i < p->comma + EDGE;
}

/* Token i, which the parser only asks for inside the kept windows. */
static const Token *
tok_at(const Parser *p, size_t i)
{
	size_t		lo = 0,
				hi = p->kept;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (p->index[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	C360_ASSERT(lo < p->kept && p->index[lo] == i);
	return &p->tok[lo];
}

static bool
is_keyword_at(const Parser *p, size_t i, const char *const *list)
{
	char		key[KEY_MAX + 1];

	token_key(p->s, tok_at(p, i), key);
	return word_in(list, key);
}

/*
 * The number of tokens (1 to 3) of a suffix ending just before token e,
 * using no token below lower, or 0.  Several tokens form one suffix only
 * when joined by periods alone ("Ph.D.", "M.D.", "D.D.S.").
 */
static size_t
suffix_before(const Parser *p, size_t e, size_t lower)
{
	char		joined[3 * KEY_MAX + 1];

	joined[0] = '\0';
	for (size_t u = 1; u <= 3 && e >= lower + u; u++)
	{
		char		key[KEY_MAX + 1];
		const Token *t = tok_at(p, e - u);
		size_t		klen,
					jlen = strlen(joined);

		if (u > 1 && !tok_at(p, e - u + 1)->dotted_before)
			break;
		token_key(p->s, t, key);
		klen = strlen(key);
		if (klen == 0)
			break;
		memmove(joined + klen, joined, jlen + 1);
		memcpy(joined, key, klen);
		if (word_in(suffix_words, joined))
			return u;
	}
	return 0;
}

/* Leading titles of the tokens [from, to): returns the first index after them. */
static size_t
skip_titles(const Parser *p, size_t from, size_t to)
{
	size_t		i = from;

	while (i < to && i - from < C360_NAME_WINDOW && is_keyword_at(p, i, title_words))
		i++;
	return i;
}

/*
 * Trailing suffixes of the tokens [from, to), looking no further back than
 * window_low: returns the index where they start.
 */
static size_t
strip_suffixes(const Parser *p, size_t from, size_t to, size_t window_low)
{
	size_t		j = to;
	size_t		lower = from > window_low ? from : window_low;

	while (j > from && to - j < C360_NAME_WINDOW)
	{
		size_t		u = suffix_before(p, j, lower);

		if (u == 0)
			break;
		j -= u;
	}
	return j;
}

/* Set span k of a part to the tokens [a, b). */
static void
set_span(const Parser *p, C360Name *name, C360NamePart part, int k, size_t a, size_t b)
{
	size_t		start,
				end;

	if (a >= b)
		return;
	start = tok_at(p, a)->start;
	end = (b == p->n) ? p->last_end : tok_at(p, b)->prev_end;
	C360_ASSERT(end > start);
	name->span[part][k].offset = start;
	name->span[part][k].length = end - start;
}

static size_t
window_low(size_t edge)
{
	return edge > EDGE ? edge - EDGE : 0;
}

/* "Given Middle Family": the whole input, commas ignored. */
static void
parse_plain(const Parser *p, C360Name *name)
{
	size_t		n = p->n;
	size_t		i = skip_titles(p, 0, n);
	size_t		j = strip_suffixes(p, i, n, window_low(n));
	bool		decorated = i > 0 || j < n;

	set_span(p, name, C360_NAME_TITLE, 0, 0, i);
	set_span(p, name, C360_NAME_SUFFIX, 0, j, n);
	if (j - i == 0)
		return;
	if (j - i == 1)
	{
		/* One word: "Mr. Smith" is a family name, "Madonna" a given name. */
		set_span(p, name, decorated ? C360_NAME_FAMILY : C360_NAME_GIVEN, 0, i, j);
		return;
	}
	if (is_keyword_at(p, i, particle_words) &&
		(decorated || is_keyword_at(p, i + 1, particle_words)))
	{
		/* "Mr. van Beethoven", "de la Cruz": no given name. */
		set_span(p, name, C360_NAME_FAMILY, 0, i, j);
		return;
	}

	/*
	 * The given name is the first token; the family name starts at the
	 * first particle after it ("Ludwig van Beethoven", "Maria da Silva
	 * Santos") or is the last token.  Only kept tokens can be particles.
	 */
	{
		size_t		f = j - 1;

		for (size_t k = 0; k < p->kept; k++)
		{
			size_t		idx = p->index[k];

			if (idx > i && idx < j - 1 && is_keyword_at(p, idx, particle_words))
			{
				f = idx;
				break;
			}
		}
		set_span(p, name, C360_NAME_GIVEN, 0, i, i + 1);
		set_span(p, name, C360_NAME_MIDDLE, 0, i + 1, f);
		set_span(p, name, C360_NAME_FAMILY, 0, f, j);
	}
}

/*
 * "Family [Suffix], [Title] Given Middle [Suffix]".  Returns false when the
 * comma does not separate a family name from a given name (then the name
 * is read as parse_plain reads it): nothing but titles or suffixes before
 * it, or nothing but suffixes after it ("John Smith, Jr.").
 */
static bool
parse_comma(const Parser *p, C360Name *name)
{
	size_t		c = p->comma;
	size_t		n = p->n;
	size_t		i = skip_titles(p, 0, c);
	size_t		j = strip_suffixes(p, i, c, window_low(c));
	size_t		i2,
				j2;

	if (i == j)
		return false;
	i2 = skip_titles(p, c, n);
	j2 = strip_suffixes(p, i2, n, window_low(n));
	if (i2 == j2 && i2 == c)
		return false;

	set_span(p, name, C360_NAME_TITLE, 0, 0, i);
	set_span(p, name, C360_NAME_TITLE, 1, c, i2);
	set_span(p, name, C360_NAME_FAMILY, 0, i, j);
	set_span(p, name, C360_NAME_SUFFIX, 0, j, c);
	set_span(p, name, C360_NAME_SUFFIX, 1, j2, n);
	if (i2 < j2)
	{
		set_span(p, name, C360_NAME_GIVEN, 0, i2, i2 + 1);
		set_span(p, name, C360_NAME_MIDDLE, 0, i2 + 1, j2);
	}
	return true;
}

/* Spans of a part are kept in input order, the first one filled first. */
static void
compact_spans(C360Name *name)
{
	for (int part = 0; part < C360_NAME_PARTS; part++)
		if (name->span[part][0].length == 0 && name->span[part][1].length > 0)
		{
			name->span[part][0] = name->span[part][1];
			name->span[part][1].offset = 0;
			name->span[part][1].length = 0;
		}
}

void
c360_name_parse(const char *utf8, size_t len, C360Name *name)
{
	Parser		p;
	Scanner		sc;
	Token		tok;
	size_t		count = 0,
				prev_end = 0;

	memset(name, 0, sizeof(*name));
	p.s = (const unsigned char *) utf8;
	p.n = 0;
	p.comma = 0;
	p.last_end = 0;
	p.kept = 0;

	/* Pass 1: count tokens, find the first comma with tokens on both sides. */
	scanner_init(&sc, utf8, len);
	while (next_token(&sc, &tok))
	{
		if (tok.comma_before && count > 0 && p.comma == 0)
			p.comma = count;
		count++;
		p.last_end = tok.end;
	}
	p.n = count;
	name->token_count = count;
	if (count == 0)
		return;

	/* Pass 2: keep the tokens the parser may look at. */
	scanner_init(&sc, utf8, len);
	count = 0;
	while (next_token(&sc, &tok))
	{
		tok.prev_end = (count == 0) ? tok.start : prev_end;
		prev_end = tok.end;
		if (keep_index(&p, count))
		{
			C360_ASSERT(p.kept < MAX_KEPT);
			p.index[p.kept] = count;
			p.tok[p.kept] = tok;
			p.kept++;
		}
		count++;
	}
	C360_ASSERT(count == p.n);

	if (p.comma > 0 && parse_comma(&p, name))
		name->comma_form = true;
	else
	{
		memset(name->span, 0, sizeof(name->span));
		parse_plain(&p, name);
	}
	compact_spans(name);
}

bool
c360_name_has_part(const C360Name *name, C360NamePart part)
{
	return name->span[part][0].length > 0;
}

/* ------------------------------------------------------------------
 * Writing text
 * ------------------------------------------------------------------
 */

typedef struct Out
{
	char	   *buf;
	size_t		size;
	size_t		len;			/* full length, as if nothing were cut */
	size_t		written;		/* bytes stored in buf */
	bool		full;			/* a piece did not fit: store no more */
	bool		space_pending;	/* a space goes before the next piece */
	bool		letter;			/* a letter was written */
} Out;

static void
out_init(Out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	o->written = 0;
	o->full = false;
	o->space_pending = false;
	o->letter = false;
}

static void
out_raw(Out *o, const char *piece, size_t n)
{
	if (!o->full && o->written + n < o->size)
	{
		memcpy(o->buf + o->written, piece, n);
		o->written += n;
	}
	else
		o->full = true;
	o->len += n;
}

/* A piece of text (one character), after a pending space if any. */
static void
out_piece(Out *o, const char *piece, size_t n)
{
	if (o->space_pending && o->len > 0)
		out_raw(o, " ", 1);
	o->space_pending = false;
	out_raw(o, piece, n);
}

static size_t
out_finish(Out *o)
{
	if (o->size > 0)
		o->buf[o->written] = '\0';
	return o->len;
}

/*
 * Write one token.  As written: letters, digits and ZWJ/ZWNJ copied, a run
 * of hyphens and apostrophes kept as its first character.  Folded: letters
 * folded, apostrophes dropped, a run containing a hyphen becomes a space.
 */
static void
write_token(Out *o, const unsigned char *s, const Token *tok, bool folded)
{
	size_t		pos = tok->start;
	bool		in_joiner_run = false;

	while (pos < tok->end)
	{
		size_t		used;
		uint32_t	cp = decode_at(s + pos, tok->end - pos, &used);
		CharClass	cc = classify(cp);

		if (cc == CC_WORD)
		{
			in_joiner_run = false;
			if (!folded)
			{
				out_piece(o, (const char *) s + pos, used);
				if (!c360_cp_is_digit(cp))
					o->letter = true;
			}
			else
			{
				uint32_t	f[2];
				int			count = c360_cp_fold(cp, f);

				for (int k = 0; k < count; k++)
				{
					char		enc[4];

					out_piece(o, enc, c360_utf8_encode(f[k], enc));
					if (!c360_cp_is_digit(f[k]))
						o->letter = true;
				}
			}
		}
		else if (cc == CC_APOSTROPHE || cc == CC_HYPHEN)
		{
			if (folded)
			{
				if (cc == CC_HYPHEN)
					o->space_pending = true;
			}
			else if (!in_joiner_run)
				out_piece(o, (const char *) s + pos, used);
			in_joiner_run = true;
		}
		else if (cc == CC_KEPT_FORMAT && !folded)
			out_piece(o, (const char *) s + pos, used);
		pos += used;
	}
}

/*
 * Write the tokens of one range separated by spaces; with join_dotted,
 * tokens joined only by periods are written together.
 */
static void
write_range(Out *o, const char *utf8, C360NameSpan span, bool folded, bool join_dotted)
{
	Scanner		sc;
	Token		tok;

	scanner_init(&sc, utf8 + span.offset, span.length);
	while (next_token(&sc, &tok))
	{
		if (!(join_dotted && tok.dotted_before))
			o->space_pending = true;
		write_token(o, sc.s, &tok, folded);
	}
	o->space_pending = true;
}

static void
write_part(Out *o, const char *utf8, const C360Name *name, C360NamePart part, bool folded)
{
	bool		join_dotted = (part == C360_NAME_TITLE || part == C360_NAME_SUFFIX);

	for (int k = 0; k < 2; k++)
		if (name->span[part][k].length > 0)
			write_range(o, utf8, name->span[part][k], folded, join_dotted);
}

size_t
c360_name_part_text(const char *utf8, const C360Name *name, C360NamePart part,
					char *out, size_t outsize)
{
	Out			o;

	out_init(&o, out, outsize);
	write_part(&o, utf8, name, part, false);
	return out_finish(&o);
}

size_t
c360_name_part_folded(const char *utf8, const C360Name *name, C360NamePart part,
					  char *out, size_t outsize)
{
	Out			o;

	out_init(&o, out, outsize);
	write_part(&o, utf8, name, part, true);
	return out_finish(&o);
}

size_t
c360_name_normalize(const char *utf8, size_t len, char *out, size_t outsize)
{
	C360Name	name;
	Out			o;

	c360_name_parse(utf8, len, &name);
	out_init(&o, out, outsize);
	write_part(&o, utf8, &name, C360_NAME_GIVEN, true);
	write_part(&o, utf8, &name, C360_NAME_MIDDLE, true);
	write_part(&o, utf8, &name, C360_NAME_FAMILY, true);
	if (!o.letter)
	{
		if (outsize > 0)
			out[0] = '\0';
		return 0;
	}
	write_part(&o, utf8, &name, C360_NAME_SUFFIX, true);
	return out_finish(&o);
}

size_t
c360_name_fold(const char *utf8, size_t len, char *out, size_t outsize)
{
	C360NameSpan whole;
	Out			o;

	whole.offset = 0;
	whole.length = len;
	out_init(&o, out, outsize);
	write_range(&o, utf8, whole, true, false);
	if (!o.letter)
	{
		if (outsize > 0)
			out[0] = '\0';
		return 0;
	}
	return out_finish(&o);
}
