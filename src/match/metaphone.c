/*
 * metaphone.c: Double Metaphone (Lawrence Philips, C/C++ Users Journal,
 * June 2000).  See metaphone.h for the normalization and the results.
 *
 * The rules below follow the published algorithm case by case: the
 * comments name the example words it gives for each rule.  The original
 * works on an upper-cased copy of the whole name padded with spaces; here
 * the normalized name is never stored.  The rules look at most four
 * characters back and five ahead of the current one, at the first six
 * characters and at the last two, so a small ring buffer over a stream of
 * normalized characters gives them everything they read.
 */
#include "metaphone.h"

#include <stdint.h>
#include <string.h>

#include "c360_assert.h"
#include "utf8.h"

/*
 * Normalized characters: 'A'-'Z', ' ' between words, and the two letters
 * the original algorithm has rules of their own for.
 */
#define MP_C_CEDILLA	'c'		/* Ç: encodes as S */
#define MP_N_TILDE		'n'		/* Ñ: encodes as N */

#define COMBINING_TILDE		0x0303
#define COMBINING_CEDILLA	0x0327

/* How much of the normalized name the rules can reach; see char_at(). */
#define MP_HEAD		8			/* first characters, kept for the whole run */
#define MP_TAIL		2			/* last characters */
#define MP_RING		32			/* sliding window around the current one;
								 * a power of two */

/* A stream of normalized characters read from the UTF-8 input. */
typedef struct
{
	const unsigned char *input;
	size_t		len;
	size_t		pos;			/* next byte to decode */
	size_t		next_check;		/* byte position of the next interrupt check */
	void		(*check_interrupts) (void *arg);
	void	   *check_arg;
	char		queue[3];		/* characters decoded but not yet returned */
	int			queued;
	int			queue_next;
	bool		started;		/* a letter has been returned */
	bool		separator_pending;	/* a separator follows the last letter */
} Normalizer;

/* What the first pass learns about the whole normalized name. */
typedef struct
{
	int64_t		length;
	bool		slavo_germanic; /* contains W, K or CZ (and so WITZ) */
	char		head[MP_HEAD];
	char		tail[MP_TAIL];
} Survey;

/* The second pass: the rules and the codes they build. */
typedef struct
{
	Normalizer	stream;
	const Survey *survey;
	int64_t		length;
	int64_t		last;
	char		ring[MP_RING];
	int64_t		filled;			/* positions [0, filled) have been read */
	char	   *primary;
	char	   *alternate;
	int			primary_len;
	int			alternate_len;
} Encoder;

/*
 * Decode the code point at s[0..len) the way c360_utf8_decode would when
 * decoding the whole string, and set *used to the bytes it takes (one for
 * anything malformed, so decoding resynchronises on the next byte).
 */
static uint32_t
decode_one(const unsigned char *s, size_t len, size_t *used)
{
	uint32_t	cps[4];
	size_t		want;

	if (s[0] < 0x80)
	{
		*used = 1;
		return s[0];
	}
	want = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	if (want > len)
		want = len;
	if (c360_utf8_decode((const char *) s, want, cps) == 1)
	{
		*used = want;
		return cps[0];
	}
	*used = 1;
	return C360_REPLACEMENT_CHAR;
}

/* Apostrophes join the parts of a name: O'Brien, D’Arcy, Hawaiʻi. */
static bool
is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == '`' || cp == 0xB4 || cp == 0x2018 ||
		cp == 0x2019 || cp == 0x02BB || cp == 0x02BC;
}

static void
normalizer_init(Normalizer *nz, const char *utf8, size_t len,
				void (*check_interrupts) (void *arg), void *arg)
{
	memset(nz, 0, sizeof(*nz));
	nz->input = (const unsigned char *) utf8;
	nz->len = len;
	nz->next_check = C360_METAPHONE_CHECK_BYTES;
	nz->check_interrupts = check_interrupts;
	nz->check_arg = arg;
}

/* If the next code point is the combining mark cp, consume it. */
static bool
normalizer_take_mark(Normalizer *nz, uint32_t mark)
{
	size_t		used;

	if (nz->pos < nz->len &&
		decode_one(nz->input + nz->pos, nz->len - nz->pos, &used) == mark)
	{
		nz->pos += used;
		return true;
	}
	return false;
}

/*
 * The next normalized character, or '\0' at the end.  Separators are
 * collapsed into one space and only emitted between letters.
 */
static char
normalizer_next(Normalizer *nz)
{
	while (nz->queue_next >= nz->queued)
	{
		uint32_t	cp;
		uint32_t	folded[2];
		size_t		used;
		char		letters[2];
		int			nletters = 0;
		int			nfolded;

		if (nz->pos >= nz->len)
			return '\0';
		if (nz->pos >= nz->next_check)
		{
			if (nz->check_interrupts)
				nz->check_interrupts(nz->check_arg);
			nz->next_check = nz->pos + C360_METAPHONE_CHECK_BYTES;
		}
		cp = decode_one(nz->input + nz->pos, nz->len - nz->pos, &used);
		nz->pos += used;

		/* the common case first: an ASCII letter other than C and N */
		if (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') && (cp | 0x20) != 'c' &&
			(cp | 0x20) != 'n')
			letters[nletters++] = (char) (cp & ~0x20u);
		else if (cp == 0xC7 || cp == 0xE7 ||
				 ((cp == 'C' || cp == 'c') && normalizer_take_mark(nz, COMBINING_CEDILLA)))
			letters[nletters++] = MP_C_CEDILLA;
		else if (cp == 0xD1 || cp == 0xF1 ||
				 ((cp == 'N' || cp == 'n') && normalizer_take_mark(nz, COMBINING_TILDE)))
			letters[nletters++] = MP_N_TILDE;
		else if (is_apostrophe(cp) || c360_cp_is_control(cp))
			continue;
		else if (c360_cp_is_space(cp))
			nz->separator_pending = true;
		else
		{
			nfolded = c360_cp_fold(cp, folded);
			if (nfolded == 0)
				continue;		/* a combining mark */
			/* letters of other scripts separate words like punctuation */
			for (int i = 0; i < nfolded; i++)
				if (folded[i] >= 'a' && folded[i] <= 'z')
					letters[nletters++] = (char) (folded[i] - 'a' + 'A');
			if (nletters == 0)
				nz->separator_pending = true;
		}
		if (nletters == 0)
			continue;

		nz->queued = 0;
		nz->queue_next = 0;
		if (nz->separator_pending && nz->started)
			nz->queue[nz->queued++] = ' ';
		for (int i = 0; i < nletters; i++)
			nz->queue[nz->queued++] = letters[i];
		nz->separator_pending = false;
		nz->started = true;
	}
	return nz->queue[nz->queue_next++];
}

/* First pass: length, the Slavo-Germanic test, first and last characters. */
static void
survey_name(const char *utf8, size_t len, void (*check_interrupts) (void *arg),
			void *arg, Survey *survey)
{
	Normalizer	nz;
	char		previous = '\0';
	char		c;

	memset(survey, 0, sizeof(*survey));
	normalizer_init(&nz, utf8, len, check_interrupts, arg);
	while ((c = normalizer_next(&nz)) != '\0')
	{
		if (survey->length < MP_HEAD)
			survey->head[survey->length] = c;
		survey->tail[0] = survey->tail[1];
		survey->tail[1] = c;
		if (c == 'W' || c == 'K' || (c == 'Z' && previous == 'C'))
			survey->slavo_germanic = true;
		previous = c;
		survey->length++;
	}
}

/*
 * The normalized character at pos: '\0' before the start and ' ' past the
 * end, as in the original's padded string.  The rules read at most 4
 * positions behind and 5 ahead of the current one, so after the ring has
 * been filled up to current + 6 the oldest position read is within
 * MP_RING of the newest; the head and tail arrays serve the rules that
 * look at the start or the end of the name.
 */
static char
char_at(Encoder *e, int64_t pos)
{
	if (pos < 0)
		return '\0';
	if (pos >= e->length)
		return ' ';
	if (pos < MP_HEAD)
		return e->survey->head[pos];
	if (pos >= e->length - MP_TAIL)
		return e->survey->tail[pos - (e->length - MP_TAIL)];
	while (e->filled <= pos)
	{
		char		c = normalizer_next(&e->stream);

		e->ring[e->filled % MP_RING] = c ? c : ' ';
		e->filled++;
	}
	C360_ASSERT(pos > e->filled - MP_RING);
	return e->ring[pos % MP_RING];
}

/*
 * Whether one of the '|'-separated alternatives, all of the same length,
 * starts at start.  A negative start never matches.
 */
static bool
string_at(Encoder *e, int64_t start, const char *alternatives)
{
	const char *p = alternatives;

	if (start < 0)
		return false;
	for (;;)
	{
		int64_t		pos = start;

		while (*p != '\0' && *p != '|' && char_at(e, pos) == *p)
		{
			p++;
			pos++;
		}
		if (*p == '\0' || *p == '|')
			return true;
		while (*p != '\0' && *p != '|')
			p++;
		if (*p == '\0')
			return false;
		p++;
	}
}

static bool
is_vowel(Encoder *e, int64_t pos)
{
	char		c;

	if (pos < 0)
		return false;
	c = char_at(e, pos);
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

static void
append_code(char *code, int *code_len, const char *sound)
{
	for (; *sound != '\0' && *code_len < C360_METAPHONE_LEN; sound++)
		code[(*code_len)++] = *sound;
}

/* Add main to the primary code and alt to the alternate code. */
static void
add2(Encoder *e, const char *main, const char *alt)
{
	append_code(e->primary, &e->primary_len, main);
	append_code(e->alternate, &e->alternate_len, alt);
}

static void
add(Encoder *e, const char *sound)
{
	add2(e, sound, sound);
}

/* The original's test for Germanic spellings of a name: "VAN ", "VON ", "SCH". */
static bool
germanic_prefix(Encoder *e)
{
	return string_at(e, 0, "VAN |VON ") || string_at(e, 0, "SCH");
}

/* Each encode_X handles the letter at cur and returns how far to advance. */

static int
encode_c(Encoder *e, int64_t cur)
{
	/* Germanic "ach" as in "bacher", "macher", but not "bachi", "bache" */
	if (cur > 1 && !is_vowel(e, cur - 2) && string_at(e, cur - 1, "ACH") &&
		char_at(e, cur + 2) != 'I' &&
		(char_at(e, cur + 2) != 'E' || string_at(e, cur - 2, "BACHER|MACHER")))
	{
		add(e, "K");
		return 2;
	}
	/* "caesar" */
	if (cur == 0 && string_at(e, cur, "CAESAR"))
	{
		add(e, "S");
		return 2;
	}
	/* Italian "chianti" */
	if (string_at(e, cur, "CHIA"))
	{
		add(e, "K");
		return 2;
	}
	if (string_at(e, cur, "CH"))
	{
		/* "michael" */
		if (cur > 0 && string_at(e, cur, "CHAE"))
		{
			add2(e, "K", "X");
			return 2;
		}
		/* Greek roots: "chemistry", "chorus", but not "chore" */
		if (cur == 0 &&
			(string_at(e, cur + 1, "HARAC|HARIS") ||
			 string_at(e, cur + 1, "HOR|HYM|HIA|HEM")) &&
			!string_at(e, 0, "CHORE"))
		{
			add(e, "K");
			return 2;
		}
		/*
		 * Germanic, Greek or otherwise a "kh" sound: "von bach", "schmidt",
		 * "orchestra", "architect", "orchid", "wachtler", "wechsler", but
		 * not "tichner".
		 */
		if (germanic_prefix(e) ||
			string_at(e, cur - 2, "ORCHES|ARCHIT|ORCHID") ||
			string_at(e, cur + 2, "T|S") ||
			((string_at(e, cur - 1, "A|O|U|E") || cur == 0) &&
			 string_at(e, cur + 2, "L|R|N|M|B|H|F|V|W| ")))
			add(e, "K");
		else if (cur > 0)
		{
			/* "McHugh" */
			if (string_at(e, 0, "MC"))
				add(e, "K");
			else
				add2(e, "X", "K");
		}
		else
			add(e, "X");
		return 2;
	}
	/* Polish "czerny", but not "wicz" */
	if (string_at(e, cur, "CZ") && !string_at(e, cur - 2, "WICZ"))
	{
		add2(e, "S", "X");
		return 2;
	}
	/* Italian "focaccia" */
	if (string_at(e, cur + 1, "CIA"))
	{
		add(e, "X");
		return 3;
	}
	/* double C, but not as in "McClellan" */
	if (string_at(e, cur, "CC") && !(cur == 1 && char_at(e, 0) == 'M'))
	{
		/* "bellocchio", but not "bacchus" */
		if (string_at(e, cur + 2, "I|E|H") && !string_at(e, cur + 2, "HU"))
		{
			/* "accident", "accede", "succeed" */
			if ((cur == 1 && char_at(e, cur - 1) == 'A') ||
				string_at(e, cur - 1, "UCCEE|UCCES"))
				add(e, "KS");
			else
				add(e, "X");	/* "bacci", "bertucci" */
			return 3;
		}
		add(e, "K");			/* Pierce's rule */
		return 2;
	}
	if (string_at(e, cur, "CK|CG|CQ"))
	{
		add(e, "K");
		return 2;
	}
	if (string_at(e, cur, "CI|CE|CY"))
	{
		/* Italian against English */
		if (string_at(e, cur, "CIO|CIE|CIA"))
			add2(e, "S", "X");
		else
			add(e, "S");
		return 2;
	}
	add(e, "K");
	/* "mac caffrey", "mac gregor" */
	if (string_at(e, cur + 1, " C| Q| G"))
		return 3;
	if (string_at(e, cur + 1, "C|K|Q") && !string_at(e, cur + 1, "CE|CI"))
		return 2;
	return 1;
}

static int
encode_d(Encoder *e, int64_t cur)
{
	if (string_at(e, cur, "DG"))
	{
		/* "edge" */
		if (string_at(e, cur + 2, "I|E|Y"))
		{
			add(e, "J");
			return 3;
		}
		add(e, "TK");			/* "edgar" */
		return 2;
	}
	add(e, "T");
	return string_at(e, cur, "DT|DD") ? 2 : 1;
}

static int
encode_g(Encoder *e, int64_t cur)
{
	const Survey *s = e->survey;

	if (char_at(e, cur + 1) == 'H')
	{
		if (cur > 0 && !is_vowel(e, cur - 1))
		{
			add(e, "K");
			return 2;
		}
		/* "ghislane", "ghiradelli" */
		if (cur == 0)
		{
			add(e, char_at(e, cur + 2) == 'I' ? "J" : "K");
			return 2;
		}
		/* Parker's rule with refinements: "hugh", "bough", "broughton" */
		if ((cur > 1 && string_at(e, cur - 2, "B|H|D")) ||
			(cur > 2 && string_at(e, cur - 3, "B|H|D")) ||
			(cur > 3 && string_at(e, cur - 4, "B|H")))
			return 2;
		/* "laugh", "McLaughlin", "cough", "gough", "rough", "tough" */
		if (cur > 2 && char_at(e, cur - 1) == 'U' &&
			string_at(e, cur - 3, "C|G|L|R|T"))
			add(e, "F");
		else if (cur > 0 && char_at(e, cur - 1) != 'I')
			add(e, "K");
		return 2;
	}
	if (char_at(e, cur + 1) == 'N')
	{
		if (cur == 1 && is_vowel(e, 0) && !s->slavo_germanic)
			add2(e, "KN", "N");
		/* not "cagney" */
		else if (!string_at(e, cur + 2, "EY") && char_at(e, cur + 1) != 'Y' &&
				 !s->slavo_germanic)
			add2(e, "N", "KN");
		else
			add(e, "KN");
		return 2;
	}
	/* "tagliaro" */
	if (string_at(e, cur + 1, "LI") && !s->slavo_germanic)
	{
		add2(e, "KL", "L");
		return 2;
	}
	/* -ges-, -gep-, -gel-, -gie- at the start */
	if (cur == 0 &&
		(char_at(e, cur + 1) == 'Y' ||
		 string_at(e, cur + 1, "ES|EP|EB|EL|EY|IB|IL|IN|IE|EI|ER")))
	{
		add2(e, "K", "J");
		return 2;
	}
	/* -ger-, -gy-, but not "danger", "ranger", "manger", "-rgy", "-ogy" */
	if ((string_at(e, cur + 1, "ER") || char_at(e, cur + 1) == 'Y') &&
		!string_at(e, 0, "DANGER|RANGER|MANGER") &&
		!string_at(e, cur - 1, "E|I") &&
		!string_at(e, cur - 1, "RGY|OGY"))
	{
		add2(e, "K", "J");
		return 2;
	}
	/* Italian "biaggi" */
	if (string_at(e, cur + 1, "E|I|Y") || string_at(e, cur - 1, "AGGI|OGGI"))
	{
		/* obviously Germanic */
		if (germanic_prefix(e) || string_at(e, cur + 1, "ET"))
			add(e, "K");
		else if (string_at(e, cur + 1, "IER "))
			add(e, "J");		/* always soft in a French ending */
		else
			add2(e, "J", "K");
		return 2;
	}
	add(e, "K");
	return char_at(e, cur + 1) == 'G' ? 2 : 1;
}

static int
encode_j(Encoder *e, int64_t cur)
{
	/* Spanish "jose", "san jacinto" */
	if (string_at(e, cur, "JOSE") || string_at(e, 0, "SAN "))
	{
		if ((cur == 0 && char_at(e, cur + 4) == ' ') || string_at(e, 0, "SAN "))
			add(e, "H");
		else
			add2(e, "J", "H");
		return 1;
	}
	if (cur == 0)
		add2(e, "J", "A");		/* "Yankelovich" and "Jankelowicz" */
	else if (is_vowel(e, cur - 1) && !e->survey->slavo_germanic &&
			 (char_at(e, cur + 1) == 'A' || char_at(e, cur + 1) == 'O'))
		add2(e, "J", "H");		/* Spanish "bajador" */
	else if (cur == e->last)
		add2(e, "J", "");
	else if (!string_at(e, cur + 1, "L|T|K|S|N|M|B|Z") &&
			 !string_at(e, cur - 1, "S|K|L"))
		add(e, "J");
	return char_at(e, cur + 1) == 'J' ? 2 : 1;
}

static int
encode_l(Encoder *e, int64_t cur)
{
	if (char_at(e, cur + 1) == 'L')
	{
		/* Spanish "cabrillo", "gallegos" */
		if ((cur == e->length - 3 && string_at(e, cur - 1, "ILLO|ILLA|ALLE")) ||
			((string_at(e, e->last - 1, "AS|OS") || string_at(e, e->last, "A|O")) &&
			 string_at(e, cur - 1, "ALLE")))
			add2(e, "L", "");
		else
			add(e, "L");
		return 2;
	}
	add(e, "L");
	return 1;
}

static int
encode_s(Encoder *e, int64_t cur)
{
	/* "island", "isle", "carlisle", "carlysle" */
	if (string_at(e, cur - 1, "ISL|YSL"))
		return 1;
	/* "sugar-" */
	if (cur == 0 && string_at(e, cur, "SUGAR"))
	{
		add2(e, "X", "S");
		return 1;
	}
	if (string_at(e, cur, "SH"))
	{
		/* Germanic */
		if (string_at(e, cur + 1, "HEIM|HOEK|HOLM|HOLZ"))
			add(e, "S");
		else
			add(e, "X");
		return 2;
	}
	/* Italian and Armenian */
	if (string_at(e, cur, "SIO|SIA") || string_at(e, cur, "SIAN"))
	{
		if (!e->survey->slavo_germanic)
			add2(e, "S", "X");
		else
			add(e, "S");
		return 3;
	}

	/*
	 * German and anglicisations: "smith" against "schmidt", "snider" against
	 * "schneider"; also -sz- in Slavic languages.
	 */
	if ((cur == 0 && string_at(e, cur + 1, "M|N|L|W")) || string_at(e, cur + 1, "Z"))
	{
		add2(e, "S", "X");
		return string_at(e, cur + 1, "Z") ? 2 : 1;
	}
	if (string_at(e, cur, "SC"))
	{
		/* Schlesinger's rule */
		if (char_at(e, cur + 2) == 'H')
		{
			/* Dutch "school", "schooner" */
			if (string_at(e, cur + 3, "OO|ER|EN|UY|ED|EM"))
			{
				/* "schermerhorn", "schenker" */
				if (string_at(e, cur + 3, "ER|EN"))
					add2(e, "X", "SK");
				else
					add(e, "SK");
				return 3;
			}
			if (cur == 0 && !is_vowel(e, 3) && char_at(e, 3) != 'W')
				add2(e, "X", "S");
			else
				add(e, "X");
			return 3;
		}
		if (string_at(e, cur + 2, "I|E|Y"))
			add(e, "S");
		else
			add(e, "SK");
		return 3;
	}
	/* French "resnais", "artois" */
	if (cur == e->last && string_at(e, cur - 2, "AI|OI"))
		add2(e, "", "S");
	else
		add(e, "S");
	return string_at(e, cur + 1, "S|Z") ? 2 : 1;
}

static int
encode_t(Encoder *e, int64_t cur)
{
	if (string_at(e, cur, "TION"))
	{
		add(e, "X");
		return 3;
	}
	if (string_at(e, cur, "TIA|TCH"))
	{
		add(e, "X");
		return 3;
	}
	if (string_at(e, cur, "TH") || string_at(e, cur, "TTH"))
	{
		/* "thomas", "thames", or Germanic */
		if (string_at(e, cur + 2, "OM|AM") || germanic_prefix(e))
			add(e, "T");
		else
			add2(e, "0", "T");
		return 2;
	}
	add(e, "T");
	return string_at(e, cur + 1, "T|D") ? 2 : 1;
}

static int
encode_w(Encoder *e, int64_t cur)
{
	/* can be in the middle of a word */
	if (string_at(e, cur, "WR"))
	{
		add(e, "R");
		return 2;
	}
	if (cur == 0 && (is_vowel(e, cur + 1) || string_at(e, cur, "WH")))
	{
		/* "Wasserman" against "Vasserman", "Uomo" against "Womo" */
		if (is_vowel(e, cur + 1))
			add2(e, "A", "F");
		else
			add(e, "A");
	}
	/* "Arnow" against "Arnoff" */
	if ((cur == e->last && is_vowel(e, cur - 1)) ||
		string_at(e, cur - 1, "EWSKI|EWSKY|OWSKI|OWSKY") ||
		string_at(e, 0, "SCH"))
	{
		add2(e, "", "F");
		return 1;
	}
	/* Polish "filipowicz" */
	if (string_at(e, cur, "WICZ|WITZ"))
	{
		add2(e, "TS", "FX");
		return 4;
	}
	return 1;
}

static int
encode_x(Encoder *e, int64_t cur)
{
	/* French "breaux" */
	if (!(cur == e->last &&
		  (string_at(e, cur - 3, "IAU|EAU") || string_at(e, cur - 2, "AU|OU"))))
		add(e, "KS");
	return string_at(e, cur + 1, "C|X") ? 2 : 1;
}

static int
encode_z(Encoder *e, int64_t cur)
{
	/* Chinese pinyin "zhao" */
	if (char_at(e, cur + 1) == 'H')
	{
		add(e, "J");
		return 2;
	}
	if (string_at(e, cur + 1, "ZO|ZI|ZA") ||
		(e->survey->slavo_germanic && cur > 0 && char_at(e, cur - 1) != 'T'))
		add2(e, "S", "TS");
	else
		add(e, "S");
	return char_at(e, cur + 1) == 'Z' ? 2 : 1;
}

/* The letter at cur: add its sounds and return how many positions it uses. */
static int
encode_at(Encoder *e, int64_t cur)
{
	char		c = char_at(e, cur);

	switch (c)
	{
		case 'A':
		case 'E':
		case 'I':
		case 'O':
		case 'U':
		case 'Y':
			/* a vowel counts only at the start */
			if (cur == 0)
				add(e, "A");
			return 1;
		case 'B':
			add(e, "P");		/* "-mb", as in "dumb", is handled at M */
			return char_at(e, cur + 1) == 'B' ? 2 : 1;
		case MP_C_CEDILLA:
			add(e, "S");
			return 1;
		case 'C':
			return encode_c(e, cur);
		case 'D':
			return encode_d(e, cur);
		case 'F':
			add(e, "F");
			return char_at(e, cur + 1) == 'F' ? 2 : 1;
		case 'G':
			return encode_g(e, cur);
		case 'H':
			/* kept only at the start or between vowels */
			if ((cur == 0 || is_vowel(e, cur - 1)) && is_vowel(e, cur + 1))
			{
				add(e, "H");
				return 2;
			}
			return 1;
		case 'J':
			return encode_j(e, cur);
		case 'K':
			add(e, "K");
			return char_at(e, cur + 1) == 'K' ? 2 : 1;
		case 'L':
			return encode_l(e, cur);
		case 'M':
			add(e, "M");
			/* "dumb", "thumb", "plumber" */
			if ((string_at(e, cur - 1, "UMB") &&
				 (cur + 1 == e->last || string_at(e, cur + 2, "ER"))) ||
				char_at(e, cur + 1) == 'M')
				return 2;
			return 1;
		case 'N':
			add(e, "N");
			return char_at(e, cur + 1) == 'N' ? 2 : 1;
		case MP_N_TILDE:
			add(e, "N");
			return 1;
		case 'P':
			if (char_at(e, cur + 1) == 'H')
			{
				add(e, "F");
				return 2;
			}
			add(e, "P");
			/* "campbell", "raspberry" */
			return string_at(e, cur + 1, "P|B") ? 2 : 1;
		case 'Q':
			add(e, "K");
			return char_at(e, cur + 1) == 'Q' ? 2 : 1;
		case 'R':
			/* French "rogier", but not "hochmeier" */
			if (cur == e->last && !e->survey->slavo_germanic &&
				string_at(e, cur - 2, "IE") && !string_at(e, cur - 4, "ME|MA"))
				add2(e, "", "R");
			else
				add(e, "R");
			return char_at(e, cur + 1) == 'R' ? 2 : 1;
		case 'S':
			return encode_s(e, cur);
		case 'T':
			return encode_t(e, cur);
		case 'V':
			add(e, "F");
			return char_at(e, cur + 1) == 'V' ? 2 : 1;
		case 'W':
			return encode_w(e, cur);
		case 'X':
			return encode_x(e, cur);
		case 'Z':
			return encode_z(e, cur);
		default:
			/* the space between words */
			return 1;
	}
}

bool
c360_double_metaphone_codes_checked(const char *utf8, size_t len,
									char primary[C360_METAPHONE_LEN + 1],
									char alternate[C360_METAPHONE_LEN + 1],
									void (*check_interrupts) (void *arg),
									void *arg)
{
	Survey		survey;
	Encoder		e;
	int64_t		cur = 0;

	primary[0] = '\0';
	alternate[0] = '\0';
	if (utf8 == NULL || len == 0)
		return false;

	survey_name(utf8, len, check_interrupts, arg, &survey);
	if (survey.length == 0)
		return false;			/* no Latin letter */

	memset(&e, 0, sizeof(e));
	normalizer_init(&e.stream, utf8, len, check_interrupts, arg);
	e.survey = &survey;
	e.length = survey.length;
	e.last = survey.length - 1;
	e.primary = primary;
	e.alternate = alternate;

	/* silent first letters: "gnome", "knight", "pneumatic", "wright", "psych" */
	if (string_at(&e, 0, "GN|KN|PN|WR|PS"))
		cur = 1;
	/* initial X sounds like S: "Xavier" */
	if (char_at(&e, 0) == 'X')
	{
		add(&e, "S");
		cur = 1;
	}

	/* Once both codes are full nothing can change them: stop reading. */
	while ((e.primary_len < C360_METAPHONE_LEN || e.alternate_len < C360_METAPHONE_LEN) &&
		   cur < e.length)
		cur += encode_at(&e, cur);

	/* An empty code is no key: use the other one. */
	if (e.primary_len == 0 && e.alternate_len == 0)
		return false;
	if (e.alternate_len == 0)
	{
		memcpy(alternate, primary, e.primary_len);
		e.alternate_len = e.primary_len;
	}
	else if (e.primary_len == 0)
	{
		memcpy(primary, alternate, e.alternate_len);
		e.primary_len = e.alternate_len;
	}
	primary[e.primary_len] = '\0';
	alternate[e.alternate_len] = '\0';
	return true;
}

bool
c360_double_metaphone_codes(const char *utf8, size_t len,
							char primary[C360_METAPHONE_LEN + 1],
							char alternate[C360_METAPHONE_LEN + 1])
{
	return c360_double_metaphone_codes_checked(utf8, len, primary, alternate, NULL, NULL);
}
