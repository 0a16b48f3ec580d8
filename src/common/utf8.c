/*
 * utf8.c: UTF-8 decoding, case mapping, accent folding, character classes.
 * See utf8.h for what is covered and why.
 */
#include "utf8.h"

/* Length of the sequence a lead byte announces, or 0 for a bad lead byte. */
static int
utf8_sequence_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

/*
 * Decode one code point at s[0..len).  Sets *used to the bytes consumed
 * (1 for any malformed sequence, so the caller resynchronises byte by byte).
 */
static uint32_t
utf8_decode_one(const unsigned char *s, size_t len, size_t *used)
{
	int			n = utf8_sequence_length(s[0]);
	uint32_t	cp;

	*used = 1;
	if (n == 1)
		return s[0];
	if (n == 0 || (size_t) n > len)
		return C360_REPLACEMENT_CHAR;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return C360_REPLACEMENT_CHAR;

	if (n == 2)
		cp = ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	else if (n == 3)
	{
		cp = ((uint32_t) (s[0] & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
			return C360_REPLACEMENT_CHAR;	/* overlong or surrogate */
	}
	else
	{
		cp = ((uint32_t) (s[0] & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (cp < 0x10000 || cp > 0x10FFFF)
			return C360_REPLACEMENT_CHAR;
	}
	*used = (size_t) n;
	return cp;
}

size_t
c360_utf8_decode(const char *s, size_t len, uint32_t *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0,
				count = 0;

	while (i < len)
	{
		size_t		used;

		out[count++] = utf8_decode_one(p + i, len - i, &used);
		i += used;
	}
	return count;
}

size_t
c360_utf8_length(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0,
				count = 0;

	while (i < len)
	{
		size_t		used;

		(void) utf8_decode_one(p + i, len - i, &used);
		i += used;
		count++;
	}
	return count;
}

size_t
c360_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *) out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = C360_REPLACEMENT_CHAR;
	if (cp < 0x80)
	{
		o[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		o[0] = (unsigned char) (0xC0 | (cp >> 6));
		o[1] = (unsigned char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		o[0] = (unsigned char) (0xE0 | (cp >> 12));
		o[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char) (0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char) (0xF0 | (cp >> 18));
	o[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Ranges where upper and lower case alternate: even = upper, odd = lower
 * (or the reverse where noted by first_is_lower).
 */
typedef struct
{
	uint32_t	first;
	uint32_t	last;
	bool		first_is_lower;
} CaseAlternation;

static const CaseAlternation case_alternations[] = {
	{0x0100, 0x012F, false},	/* Ā ā ... Į į */
	{0x0132, 0x0137, false},	/* Ĳ ĳ ... Ķ ķ */
	{0x0139, 0x0148, false},	/* Ĺ ĺ ... Ň ň */
	{0x014A, 0x0177, false},	/* Ŋ ŋ ... Ŷ ŷ */
	{0x0179, 0x017E, false},	/* Ź ź ... Ž ž */
	{0x01A0, 0x01A1, false},	/* Ơ ơ */
	{0x01AF, 0x01B0, false},	/* Ư ư */
	{0x01CD, 0x01DC, false},	/* Ǎ ǎ ... Ǜ ǜ */
	{0x01DE, 0x01EF, false},	/* Ǟ ǟ ... Ǯ ǯ */
	{0x01F4, 0x01F5, false},	/* Ǵ ǵ */
	{0x01F8, 0x021F, false},	/* Ǹ ǹ ... Ȟ ȟ, Ș ș Ț ț */
	{0x0222, 0x0233, false},	/* Ȣ ȣ ... Ȳ ȳ */
	{0x0460, 0x0481, false},	/* Cyrillic extensions */
	{0x048A, 0x04BF, false},
	{0x1E00, 0x1E95, false},	/* Latin Extended Additional */
	{0x1EA0, 0x1EFF, false},	/* Vietnamese */
};

/* Position of cp inside an alternation range relative to its start. */
static const CaseAlternation *
find_alternation(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(case_alternations) / sizeof(case_alternations[0]); i++)
		if (cp >= case_alternations[i].first && cp <= case_alternations[i].last)
			return &case_alternations[i];
	return NULL;
}

uint32_t
c360_cp_lower(uint32_t cp)
{
	const CaseAlternation *alt;

	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 32;
	if (cp == 0x0130)			/* İ */
		return 'i';
	if (cp == 0x0178)			/* Ÿ */
		return 0xFF;
	if (cp == 0x1E9E)			/* ẞ */
		return 0xDF;
	if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2)	/* Greek */
		return cp + 32;
	if (cp >= 0x0410 && cp <= 0x042F)	/* Cyrillic А-Я */
		return cp + 32;
	if (cp >= 0x0400 && cp <= 0x040F)	/* Ѐ-Џ */
		return cp + 80;
	alt = find_alternation(cp);
	if (alt && ((cp - alt->first) % 2 == 0) != alt->first_is_lower)
		return cp + 1;
	return cp;
}

uint32_t
c360_cp_upper(uint32_t cp)
{
	const CaseAlternation *alt;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
	if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
		return cp - 32;
	if (cp == 0xFF)
		return 0x0178;
	if (cp == 0x0131)			/* ı */
		return 'I';
	if (cp == 0x03C2)			/* final sigma */
		return 0x03A3;
	if (cp >= 0x03B1 && cp <= 0x03C9)
		return cp - 32;
	if (cp >= 0x0430 && cp <= 0x044F)
		return cp - 32;
	if (cp >= 0x0450 && cp <= 0x045F)
		return cp - 80;
	alt = find_alternation(cp);
	if (alt && ((cp - alt->first) % 2 == 1) != alt->first_is_lower)
		return cp - 1;
	return cp;
}

/*
 * Base letters for U+00C0-U+017F, one byte each; '*' marks letters that fold
 * to two letters (handled in c360_cp_fold) and '-' marks non-letters.
 */
static const char latin_base[] =
/* C0 */ "aaaaaa*ceeeeiiii"
/* D0 */ "dnooooo-ouuuuy**"
/* E0 */ "aaaaaa*ceeeeiiii"
/* F0 */ "dnooooo-ouuuuy*y"
/* 100 */ "aaaaaaccccccccdd"
/* 110 */ "ddeeeeeeeeeegggg"
/* 120 */ "gggghhhhiiiiiiii"
/* 130 */ "ii**jjkkklllllll"
/* 140 */ "lllnnnnnnnnnoooo"
/* 150 */ "oo**rrrrrrssssss"
/* 160 */ "ssttttttuuuuuuuu"
/* 170 */ "uuuuwwyyyzzzzzzs";

_Static_assert(sizeof(latin_base) == 0x180 - 0xC0 + 1, "latin_base covers U+00C0-U+017F");

/* Base letters for U+01CD-U+0233 (Latin Extended-B: pinyin, Sami, Livonian, Romanian). */
static const char latin_ext_b_base[] =
	"aaiioouu" "uuuuuuuu" "e" "aaaa" "**" "gggg" "kk" "oooo" "--" "j" "---" "gg" "--"
	"nn" "aa" "**" "oo" "aaaaeeeeiiiioooorrrruuuu" "sstt" "--" "hh" "nd" "--" "zz"
	"aaee" "oooooooo" "yy";

_Static_assert(sizeof(latin_ext_b_base) == 0x233 - 0x1CD + 2, "latin_ext_b_base covers U+01CD-U+0233");

/* Base letters for U+1E00-U+1E9B (Latin Extended Additional: dots, rings, macrons below). */
static const char latin_additional_base[] =
	"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
	"mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
	"wwwwwwwwwwxxxxyyzzzzzzhtwyas";

_Static_assert(sizeof(latin_additional_base) == 0x1E9B - 0x1E00 + 2, "latin_additional_base covers U+1E00-U+1E9B");

/* Base letters for U+1EA0-U+1EF9 (Vietnamese vowels with tone marks). */
static const char vietnamese_base[] =
	"aaaaaaaaaaaaaaaaaaaaaaaa" "eeeeeeeeeeeeeeee" "iiii" "oooooooooooooooooooooooo"
	"uuuuuuuuuuuuuu" "yyyyyyyy";

_Static_assert(sizeof(vietnamese_base) == 0x1EF9 - 0x1EA0 + 2, "vietnamese_base covers U+1EA0-U+1EF9");

/* Fold through one of the base-letter tables; returns 0 when the table has no letter there. */
static int
fold_from_table(const char *table, uint32_t offset, uint32_t out[2])
{
	char		base = table[offset];

	if (base == '-')
		return 0;
	if (base == '*')			/* only æ-like ligatures are marked in these tables */
	{
		out[0] = 'a';
		out[1] = 'e';
		return 2;
	}
	out[0] = (uint32_t) base;
	return 1;
}

/*
 * Greek vowels with tonos or dialytika (U+0386-U+03CE) to their plain lower
 * case letters; 0 where the code point is not one of them.
 */
static uint32_t
greek_base(uint32_t cp)
{
	static const struct
	{
		uint32_t	from;
		uint32_t	to;
	}			folds[] = {
		{0x0386, 0x03B1}, {0x0388, 0x03B5}, {0x0389, 0x03B7}, {0x038A, 0x03B9},
		{0x038C, 0x03BF}, {0x038E, 0x03C5}, {0x038F, 0x03C9}, {0x0390, 0x03B9},
		{0x03AA, 0x03B9}, {0x03AB, 0x03C5}, {0x03AC, 0x03B1}, {0x03AD, 0x03B5},
		{0x03AE, 0x03B7}, {0x03AF, 0x03B9}, {0x03B0, 0x03C5}, {0x03CA, 0x03B9},
		{0x03CB, 0x03C5}, {0x03CC, 0x03BF}, {0x03CD, 0x03C5}, {0x03CE, 0x03C9},
	};

	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]); i++)
		if (folds[i].from == cp)
			return folds[i].to;
	return 0;
}

int
c360_cp_fold(uint32_t cp, uint32_t out[2])
{
	if (cp < 0x80)
	{
		out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
		return 1;
	}
	if (c360_cp_is_combining(cp))
		return 0;
	if (cp >= 0xC0 && cp <= 0x17F)
	{
		char		base = latin_base[cp - 0xC0];

		if (base == '*')
		{
			const char *pair;

			switch (cp)
			{
				case 0xC6:
				case 0xE6:
					pair = "ae";
					break;
				case 0xDE:
				case 0xFE:
					pair = "th";
					break;
				case 0xDF:
					pair = "ss";
					break;
				case 0x132:
				case 0x133:
					pair = "ij";
					break;
				default:		/* 0x152, 0x153 */
					pair = "oe";
					break;
			}
			out[0] = (uint32_t) pair[0];
			out[1] = (uint32_t) pair[1];
			return 2;
		}
		if (base != '-')
		{
			out[0] = (uint32_t) base;
			return 1;
		}
		out[0] = cp;
		return 1;
	}
	switch (cp)
	{
		case 0x01A0:
		case 0x01A1:
			out[0] = 'o';
			return 1;
		case 0x01AF:
		case 0x01B0:
			out[0] = 'u';
			return 1;
		case 0x1E9E:
			out[0] = 's';
			out[1] = 's';
			return 2;
	}
	if (cp >= 0x0386 && cp <= 0x03CE && (out[0] = greek_base(cp)) != 0)
		return 1;
	if (cp == 0x0401 || cp == 0x0451)	/* Ё ё */
	{
		out[0] = 0x0435;
		return 1;
	}
	if (cp >= 0x1CD && cp <= 0x233)
	{
		int			n = fold_from_table(latin_ext_b_base, cp - 0x1CD, out);

		if (n > 0)
			return n;
	}
	if (cp >= 0x1E00 && cp <= 0x1E9B)
		return fold_from_table(latin_additional_base, cp - 0x1E00, out);
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return fold_from_table(vietnamese_base, cp - 0x1EA0, out);
	out[0] = c360_cp_lower(cp);
	return 1;
}

uint32_t
c360_cp_width_fold(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	return cp;
}

int
c360_cp_decimal_value(uint32_t cp)
{
	static const uint32_t zeros[] = {'0', 0x0660, 0x06F0, 0x0966};

	for (size_t i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++)
		if (cp >= zeros[i] && cp <= zeros[i] + 9)
			return (int) (cp - zeros[i]);
	return -1;
}

bool
c360_cp_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 ||
		cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
		cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool
c360_cp_is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

bool
c360_cp_is_control(uint32_t cp)
{
	if (c360_cp_is_space(cp))
		return false;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
		(cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
		(cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

bool
c360_cp_is_combining(uint32_t cp)
{
	return cp >= 0x0300 && cp <= 0x036F;
}

bool
c360_cp_is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
	if (cp <= 0xBF)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return false;
	if (c360_cp_is_space(cp) || c360_cp_is_control(cp))
		return false;
	if ((cp >= 0x2000 && cp <= 0x2BFF) ||	/* punctuation, symbols, arrows */
		(cp >= 0x2E00 && cp <= 0x2E7F) ||	/* supplemental punctuation */
		(cp >= 0x3000 && cp <= 0x303F) ||	/* CJK punctuation */
		(cp >= 0xD800 && cp <= 0xF8FF) ||	/* surrogates, private use */
		(cp >= 0xFE00 && cp <= 0xFE0F) ||	/* variation selectors */
		(cp >= 0xFE30 && cp <= 0xFE6F) ||	/* compatibility punctuation */
		(cp >= 0xFF00 && cp <= 0xFF20) ||	/* fullwidth punctuation, digits */
		(cp >= 0xFF3B && cp <= 0xFF40) ||
		(cp >= 0xFF5B && cp <= 0xFF65) ||
		(cp >= 0xFFF0 && cp <= 0xFFFF) ||	/* specials, U+FFFD */
		(cp >= 0x1F000 && cp <= 0x1FAFF) ||	/* emoji and pictographs */
		(cp >= 0xE0000))		/* tags, supplementary private use */
		return false;
	return true;
}

size_t
c360_utf8_fold(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0,
				o = 0;

	while (i < len)
	{
		size_t		used;
		uint32_t	folded[2];
		int			n = c360_cp_fold(utf8_decode_one(p + i, len - i, &used), folded);

		for (int k = 0; k < n; k++)
			o += c360_utf8_encode(folded[k], out + o);
		i += used;
	}
	out[o] = '\0';
	return o;
}
