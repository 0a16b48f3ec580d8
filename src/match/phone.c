/*
 * phone.c: telephone numbers to E.164.  See phone.h and
 * docs/reference/contact.md for the rules.
 *
 * The work is done in three steps:
 *   1. scan: the input's code points become a string of ASCII digits, with
 *      a note of a leading '+' and of where keypad letters began;
 *   2. candidates: the digits as written, and when letters are present the
 *      digits before them (text after a complete number) or a shortened
 *      vanity number;
 *   3. resolve: '+' or an international prefix leads to a calling code and
 *      that country's rules; otherwise the default country's rules apply.
 */
#include <string.h>

#include "c360_assert.h"
#include "phone.h"
#include "utf8.h"

/* More digits than this cannot be one telephone number, extension aside. */
#define PHONE_MAX_DIGITS 40

/* E.164: at most 15 digits; numbers of unknown plans need at least 8. */
#define E164_MAX_DIGITS 15
#define E164_MIN_DIGITS_UNKNOWN_PLAN 8

typedef enum
{
	PLAN_GENERIC,				/* length range only */
	PLAN_NANP,					/* North American Numbering Plan */
	PLAN_AR,					/* Argentina: mobile '9' and national '15' */
	PLAN_BR						/* Brazil: carrier selection after the trunk */
} NumberingPlan;

typedef struct
{
	char		iso[3];
	unsigned short calling_code;
	const char *trunk_prefixes; /* '|'-separated, longest first */
	const char *intl_prefixes;	/* '|'-separated, longest first; "00" is
								 * always tried after these */
	unsigned char min_nsn;		/* national significant number length */
	unsigned char max_nsn;
	unsigned char plan;
} PhoneCountry;

#define NANP(iso) {iso, 1, "1", "011", 10, 10, PLAN_NANP}

/*
 * Countries that can be a default.  Where several share a calling code the
 * first row is the one used for numbers written with '+'; the rows of a
 * shared code describe the same plan.  Length ranges are deliberately a
 * little generous: they separate numbers from junk, they do not replace
 * the national numbering plans.
 */
static const PhoneCountry countries[] = {
	/* North American Numbering Plan */
	NANP("US"), NANP("CA"), NANP("AG"), NANP("AI"), NANP("AS"), NANP("BB"),
	NANP("BM"), NANP("BS"), NANP("DM"), NANP("DO"), NANP("GD"), NANP("GU"),
	NANP("JM"), NANP("KN"), NANP("KY"), NANP("LC"), NANP("MP"), NANP("MS"),
	NANP("PR"), NANP("SX"), NANP("TC"), NANP("TT"), NANP("VC"), NANP("VG"),
	NANP("VI"),
	/* European Union */
	{"AT", 43, "0", "", 4, 13, PLAN_GENERIC},
	{"BE", 32, "0", "", 8, 9, PLAN_GENERIC},
	{"BG", 359, "0", "", 6, 9, PLAN_GENERIC},
	{"HR", 385, "0", "", 6, 9, PLAN_GENERIC},
	{"CY", 357, "", "", 8, 8, PLAN_GENERIC},
	{"CZ", 420, "", "", 9, 9, PLAN_GENERIC},
	{"DK", 45, "", "", 8, 8, PLAN_GENERIC},
	{"EE", 372, "", "", 7, 8, PLAN_GENERIC},
	{"FI", 358, "0", "990|994|999", 5, 12, PLAN_GENERIC},
	{"FR", 33, "0", "", 9, 9, PLAN_GENERIC},
	{"DE", 49, "0", "", 6, 13, PLAN_GENERIC},
	{"GR", 30, "", "", 10, 10, PLAN_GENERIC},
	{"HU", 36, "06", "", 8, 9, PLAN_GENERIC},
	{"IE", 353, "0", "", 7, 9, PLAN_GENERIC},
	{"IT", 39, "", "", 6, 11, PLAN_GENERIC},	/* the leading 0 is kept */
	{"LV", 371, "", "", 8, 8, PLAN_GENERIC},
	{"LT", 370, "8|0", "", 8, 8, PLAN_GENERIC},
	{"LU", 352, "", "", 4, 11, PLAN_GENERIC},
	{"MT", 356, "", "", 8, 8, PLAN_GENERIC},
	{"NL", 31, "0", "", 9, 9, PLAN_GENERIC},
	{"PL", 48, "", "", 9, 9, PLAN_GENERIC},
	{"PT", 351, "", "", 9, 9, PLAN_GENERIC},
	{"RO", 40, "0", "", 9, 9, PLAN_GENERIC},
	{"SK", 421, "0", "", 9, 9, PLAN_GENERIC},
	{"SI", 386, "0", "", 8, 8, PLAN_GENERIC},
	{"ES", 34, "", "", 9, 9, PLAN_GENERIC},
	{"SE", 46, "0", "", 6, 9, PLAN_GENERIC},
	/* rest of Europe */
	{"GB", 44, "0", "", 7, 10, PLAN_GENERIC},
	{"GG", 44, "0", "", 7, 10, PLAN_GENERIC},
	{"IM", 44, "0", "", 7, 10, PLAN_GENERIC},
	{"JE", 44, "0", "", 7, 10, PLAN_GENERIC},
	{"CH", 41, "0", "", 9, 9, PLAN_GENERIC},
	{"LI", 423, "", "", 7, 9, PLAN_GENERIC},
	{"NO", 47, "", "", 5, 8, PLAN_GENERIC},
	{"IS", 354, "", "", 7, 9, PLAN_GENERIC},
	{"AD", 376, "", "", 6, 9, PLAN_GENERIC},
	{"MC", 377, "", "", 8, 9, PLAN_GENERIC},
	{"SM", 378, "", "", 6, 10, PLAN_GENERIC},
	{"GI", 350, "", "", 8, 8, PLAN_GENERIC},
	{"RS", 381, "0", "", 7, 10, PLAN_GENERIC},
	{"UA", 380, "0", "", 9, 9, PLAN_GENERIC},
	{"BY", 375, "8", "810", 9, 9, PLAN_GENERIC},
	{"RU", 7, "8", "810", 10, 10, PLAN_GENERIC},
	{"KZ", 7, "8", "810", 10, 10, PLAN_GENERIC},
	{"TR", 90, "0", "", 10, 10, PLAN_GENERIC},
	/* Asia and Oceania */
	{"AU", 61, "0", "0011", 9, 9, PLAN_GENERIC},
	{"NZ", 64, "0", "", 8, 10, PLAN_GENERIC},
	{"JP", 81, "0", "010", 9, 10, PLAN_GENERIC},
	{"CN", 86, "0", "", 9, 11, PLAN_GENERIC},
	{"HK", 852, "", "001|002", 8, 8, PLAN_GENERIC},
	{"MO", 853, "", "", 8, 8, PLAN_GENERIC},
	{"TW", 886, "0", "002", 8, 9, PLAN_GENERIC},
	{"KR", 82, "0", "001|002|005|006", 8, 10, PLAN_GENERIC},
	{"SG", 65, "", "000|001|002|008", 8, 8, PLAN_GENERIC},
	{"MY", 60, "0", "", 8, 10, PLAN_GENERIC},
	{"TH", 66, "0", "001", 8, 9, PLAN_GENERIC},
	{"VN", 84, "0", "", 9, 10, PLAN_GENERIC},
	{"PH", 63, "0", "", 8, 10, PLAN_GENERIC},
	{"ID", 62, "0", "001|007|008", 8, 12, PLAN_GENERIC},
	{"IN", 91, "0", "", 10, 10, PLAN_GENERIC},
	{"PK", 92, "0", "", 9, 10, PLAN_GENERIC},
	{"BD", 880, "0", "", 8, 10, PLAN_GENERIC},
	/* Middle East and Africa */
	{"IL", 972, "0", "", 8, 9, PLAN_GENERIC},
	{"AE", 971, "0", "", 8, 9, PLAN_GENERIC},
	{"SA", 966, "0", "", 8, 9, PLAN_GENERIC},
	{"QA", 974, "", "", 7, 8, PLAN_GENERIC},
	{"KW", 965, "", "", 8, 8, PLAN_GENERIC},
	{"EG", 20, "0", "", 8, 10, PLAN_GENERIC},
	{"MA", 212, "0", "", 9, 9, PLAN_GENERIC},
	{"NG", 234, "0", "009", 8, 10, PLAN_GENERIC},
	{"KE", 254, "0", "000", 7, 9, PLAN_GENERIC},
	{"ZA", 27, "0", "", 9, 9, PLAN_GENERIC},
	/* Latin America */
	{"MX", 52, "044|045|01|1", "", 10, 10, PLAN_GENERIC},
	{"BR", 55, "0", "", 10, 11, PLAN_BR},
	{"AR", 54, "0", "", 10, 11, PLAN_AR},
	{"CL", 56, "", "", 9, 9, PLAN_GENERIC},
	{"CO", 57, "", "", 10, 10, PLAN_GENERIC},
	{"PE", 51, "0", "", 8, 9, PLAN_GENERIC},
	{"VE", 58, "0", "", 10, 10, PLAN_GENERIC},
};

#define N_COUNTRIES ((int) (sizeof(countries) / sizeof(countries[0])))

/*
 * Every assigned ITU-T E.164 country calling code, including the
 * non-geographic ones (800 freephone, 870 Inmarsat, 881-883 networks...).
 * The codes are prefix-free, so reading 1, 2 then 3 digits finds at most
 * one.  Sorted for binary search.
 */
static const unsigned short calling_codes[] = {
	1, 7,
	20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
	51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84,
	86, 90, 91, 92, 93, 94, 95, 98,
	211, 212, 213, 216, 218,
	220, 221, 222, 223, 224, 225, 226, 227, 228, 229,
	230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
	240, 241, 242, 243, 244, 245, 246, 247, 248, 249,
	250, 251, 252, 253, 254, 255, 256, 257, 258,
	260, 261, 262, 263, 264, 265, 266, 267, 268, 269,
	290, 291, 297, 298, 299,
	350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
	370, 371, 372, 373, 374, 375, 376, 377, 378, 379,
	380, 381, 382, 383, 385, 386, 387, 389,
	420, 421, 423,
	500, 501, 502, 503, 504, 505, 506, 507, 508, 509,
	590, 591, 592, 593, 594, 595, 596, 597, 598, 599,
	670, 672, 673, 674, 675, 676, 677, 678, 679,
	680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692,
	800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888,
	960, 961, 962, 963, 964, 965, 966, 967, 968,
	970, 971, 972, 973, 974, 975, 976, 977, 979,
	992, 993, 994, 995, 996, 998,
};

#define N_CALLING_CODES ((int) (sizeof(calling_codes) / sizeof(calling_codes[0])))

/* Digits of a number being resolved: ASCII '0'-'9', not NUL-terminated. */
typedef struct
{
	const char *d;
	int			len;
} DigitSpan;

/* What the scanner found. */
typedef struct
{
	char		digits[PHONE_MAX_DIGITS];
	int			ndigits;
	int			letters_start;	/* index of the first keypad-letter digit, or
								 * -1 */
	int			real_end;		/* index after the last digit written as a
								 * digit */
	bool		plus;
} ScannedNumber;

/* A national significant number that passed the checks. */
typedef struct
{
	char		d[PHONE_MAX_DIGITS];
	int			len;
} NationalNumber;

int
c360_phone_country_count(void)
{
	return N_COUNTRIES;
}

const char *
c360_phone_country_iso(int country)
{
	C360_ASSERT(country >= 0 && country < N_COUNTRIES);
	return countries[country].iso;
}

int
c360_phone_country_calling_code(int country)
{
	C360_ASSERT(country >= 0 && country < N_COUNTRIES);
	return countries[country].calling_code;
}

int
c360_phone_country_lookup(const char *code, size_t len)
{
	char		upper[2];

	if (len != 2)
		return -1;
	for (int i = 0; i < 2; i++)
	{
		char		c = code[i];

		if (c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return -1;
		upper[i] = c;
	}
	for (int i = 0; i < N_COUNTRIES; i++)
		if (countries[i].iso[0] == upper[0] && countries[i].iso[1] == upper[1])
			return i;
	return -1;
}

static bool
is_calling_code(int value)
{
	int			lo = 0,
				hi = N_CALLING_CODES - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (calling_codes[mid] == value)
			return true;
		if (calling_codes[mid] < value)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/* The table row whose plan applies to numbers with this calling code. */
static const PhoneCountry *
country_for_calling_code(int value)
{
	for (int i = 0; i < N_COUNTRIES; i++)
		if (countries[i].calling_code == value)
			return &countries[i];
	return NULL;
}

static int
calling_code_digits(int value)
{
	return value < 10 ? 1 : value < 100 ? 2 : 3;
}

/* ---------------------------------------------------------------------
 * Scanning
 * ---------------------------------------------------------------------
 */

/* Characters written between digit groups. */
static bool
is_separator(uint32_t cp)
{
	return cp == '-' || cp == '.' || cp == '(' || cp == ')' || cp == '/' ||
		cp == '[' || cp == ']' ||
		(cp >= 0x2010 && cp <= 0x2015) ||	/* hyphens and dashes */
		cp == 0x2212 ||			/* minus sign */
		cp == 0x00B7 || cp == 0x30FB || /* middle dots */
		c360_cp_is_space(cp);
}

static bool
is_ascii_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* ITU-T E.161 keypad: ABC 2, DEF 3, GHI 4, JKL 5, MNO 6, PQRS 7, TUV 8, WXYZ 9. */
static char
keypad_digit(uint32_t letter)
{
	static const char keypad[] = "22233344455566677778889999";
	uint32_t	upper = (letter >= 'a') ? letter - 'a' + 'A' : letter;

	return keypad[upper - 'A'];
}

/* A letter run that announces an extension: x, ext, extn, extension. */
static bool
is_extension_word(const uint32_t *cps, size_t n)
{
	static const char *const words[] = {"x", "ext", "extn", "extension"};

	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
	{
		size_t		wl = strlen(words[w]);
		size_t		i;

		if (wl != n)
			continue;
		for (i = 0; i < n; i++)
		{
			uint32_t	c = c360_cp_width_fold(cps[i]);

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c != (uint32_t) words[w][i])
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

/*
 * Turn code points into digits.  Before the first digit or '+', letters
 * (any script), ':' and separators form a label ("Tel:", "Mobile") and are
 * skipped.  After it: separators and invisible formatting characters are
 * skipped, an extension word, '#', ',', ';' or a letter of another script
 * ends the number (the rest is not read), ASCII letters become keypad
 * digits, anything else (symbols, emoji, a second '+') refuses the input.
 */
static bool
scan_number(const uint32_t *cps, size_t n, ScannedNumber *out)
{
	size_t		i = 0;
	bool		started = false;

	out->ndigits = 0;
	out->letters_start = -1;
	out->real_end = 0;
	out->plus = false;

	while (i < n)
	{
		uint32_t	cp = c360_cp_width_fold(cps[i]);
		int			value = c360_cp_decimal_value(cp);

		if (value >= 0)
		{
			if (out->ndigits == PHONE_MAX_DIGITS)
				return false;
			out->digits[out->ndigits++] = (char) ('0' + value);
			out->real_end = out->ndigits;
			started = true;
			i++;
			continue;
		}
		if (is_separator(cp) || c360_cp_is_control(cp))
		{
			i++;
			continue;
		}
		if (cp == '+')
		{
			if (started)
				return false;
			out->plus = true;
			started = true;
			i++;
			continue;
		}
		if (!started)
		{
			if (cp == ':' || (c360_cp_is_letter(cp) && cp != C360_REPLACEMENT_CHAR))
			{
				i++;
				continue;
			}
			return false;
		}
		if (out->ndigits == 0)
			return false;		/* '+' must be followed by digits */
		if (is_ascii_letter(cp))
		{
			size_t		end = i;

			while (end < n && is_ascii_letter(c360_cp_width_fold(cps[end])))
				end++;
			if (is_extension_word(cps + i, end - i))
				break;
			if (out->letters_start < 0)
				out->letters_start = out->ndigits;
			for (; i < end; i++)
			{
				if (out->ndigits == PHONE_MAX_DIGITS)
					return false;
				out->digits[out->ndigits++] = keypad_digit(c360_cp_width_fold(cps[i]));
			}
			continue;
		}
		/* an extension mark, or a note in another script, ends the number */
		if (cp == '#' || cp == ',' || cp == ';' ||
			(c360_cp_is_letter(cp) && cp != C360_REPLACEMENT_CHAR))
			break;
		return false;
	}
	return out->ndigits > 0;
}

/* ---------------------------------------------------------------------
 * Validation
 * ---------------------------------------------------------------------
 */

/*
 * Placeholders typed to get past a form: one digit repeated (5555555555),
 * or a run of the digits in keyboard or counting order, up or down
 * (1234567890, 0123456789, 9876543210, 0987654321, 23456789).  Rotations
 * such as 9012345678 are real numbers (a Japanese mobile) and pass.
 */
static bool
is_placeholder_digits(const char *d, int len)
{
	static const char ascending[] = "01234567890";
	static const char descending[] = "09876543210";
	bool		same = true;

	for (int i = 1; i < len; i++)
		same = same && d[i] == d[0];
	if (len < 2 || same)
		return len >= 2;
	for (int start = 0; start + len <= 11; start++)
		if (memcmp(d, ascending + start, len) == 0 ||
			memcmp(d, descending + start, len) == 0)
			return true;
	return false;
}

/*
 * NANP: NPA-NXX-XXXX with area code and exchange starting 2-9.  Area codes
 * N11 (service codes), N9X (reserved for expansion), 37X and 96X (reserved)
 * are not in service; exchanges N11 are service codes too.
 */
static bool
nanp_valid(const char *d)
{
	if (d[0] < '2' || d[3] < '2')
		return false;
	if (d[1] == '1' && d[2] == '1')
		return false;
	if (d[1] == '9')
		return false;
	if ((d[0] == '3' && d[1] == '7') || (d[0] == '9' && d[1] == '6'))
		return false;
	if (d[4] == '1' && d[5] == '1')
		return false;
	return true;
}

/* Whether d is a complete national significant number of country c. */
static bool
nsn_valid(const PhoneCountry *c, const char *d, int len)
{
	if (len < c->min_nsn || len > c->max_nsn)
		return false;
	if (calling_code_digits(c->calling_code) + len > E164_MAX_DIGITS)
		return false;
	if (is_placeholder_digits(d, len))
		return false;
	/* where a trunk prefix exists, no national number starts with 0 */
	if (c->trunk_prefixes[0] != '\0' && d[0] == '0')
		return false;
	switch ((NumberingPlan) c->plan)
	{
		case PLAN_NANP:
			return nanp_valid(d);
		case PLAN_AR:
			/* 11 digits only as mobile: '9' before the area code */
			return len == 10 || d[0] == '9';
		case PLAN_BR:
			/* 11 digits only as mobile: 9 after the two-digit area code */
			return len == 10 || d[2] == '9';
		case PLAN_GENERIC:
			break;
	}
	return true;
}

static bool
accept_nsn(const PhoneCountry *c, const char *d, int len, NationalNumber *nsn)
{
	if (!nsn_valid(c, d, len))
		return false;
	memcpy(nsn->d, d, len);
	nsn->len = len;
	return true;
}

/*
 * Argentina writes mobiles nationally as area code, "15", subscriber
 * (0 11 15 4444-5555) and internationally as 9, area code, subscriber
 * (+54 9 11 4444-5555).  Rewrite a 12-digit national form to the
 * international one.  Buenos Aires (11) is the only two-digit area code;
 * otherwise the area code has three or four digits, tried in that order.
 */
static bool
argentina_mobile(const PhoneCountry *c, const char *d, int len, NationalNumber *nsn)
{
	char		rewritten[11];

	if (len != 12)
		return false;
	for (int area = 2; area <= 4; area++)
	{
		bool		buenos_aires = d[0] == '1' && d[1] == '1';

		if ((area == 2) != buenos_aires)
			continue;
		if (d[area] != '1' || d[area + 1] != '5')
			continue;
		rewritten[0] = '9';
		memcpy(rewritten + 1, d, area);
		memcpy(rewritten + 1 + area, d + area + 2, 10 - area);
		return accept_nsn(c, rewritten, 11, nsn);
	}
	return false;
}

static bool
plan_number(const PhoneCountry *c, const char *d, int len, bool after_trunk,
			NationalNumber *nsn)
{
	if (c->plan == PLAN_AR && argentina_mobile(c, d, len, nsn))
		return true;
	/* Brazil: trunk 0, then a two-digit carrier code, then the number */
	if (c->plan == PLAN_BR && after_trunk && (len == 12 || len == 13) &&
		accept_nsn(c, d + 2, len - 2, nsn))
		return true;
	return accept_nsn(c, d, len, nsn);
}

/*
 * The national significant number in d (the digits after a calling code,
 * or a number dialled inside country c).  A trunk prefix is dropped when
 * what follows is a valid number, which also handles '+44 (0)20 ...'.
 */
static bool
national_number(const PhoneCountry *c, DigitSpan d, NationalNumber *nsn)
{
	const char *p = c->trunk_prefixes;

	while (*p)
	{
		const char *end = strchr(p, '|');
		int			tl = end ? (int) (end - p) : (int) strlen(p);

		if (d.len > tl && memcmp(d.d, p, tl) == 0 &&
			plan_number(c, d.d + tl, d.len - tl, true, nsn))
			return true;
		p += tl;
		if (*p == '|')
			p++;
	}
	return plan_number(c, d.d, d.len, false, nsn);
}

/* Write '+', the calling code and the national number into out. */
static bool
write_e164(int calling_code, const char *d, int len, char *out, size_t *out_len)
{
	int			ccd = calling_code_digits(calling_code);
	int			o = 0;

	if (ccd + len > E164_MAX_DIGITS)
		return false;
	out[o++] = '+';
	for (int k = ccd - 1; k >= 0; k--)
	{
		int			divisor = k == 2 ? 100 : k == 1 ? 10 : 1;

		out[o++] = (char) ('0' + (calling_code / divisor) % 10);
	}
	memcpy(out + o, d, len);
	o += len;
	out[o] = '\0';
	*out_len = (size_t) o;
	return true;
}

/* Digits that begin with a calling code (after '+' or an international prefix). */
static bool
resolve_international(DigitSpan d, char *out, size_t *out_len)
{
	int			value = 0;

	if (d.len == 0 || d.d[0] == '0')
		return false;
	for (int k = 1; k <= 3 && k <= d.len; k++)
	{
		const PhoneCountry *c;
		DigitSpan	rest;
		NationalNumber nsn;

		value = value * 10 + (d.d[k - 1] - '0');
		if (!is_calling_code(value))
			continue;
		rest.d = d.d + k;
		rest.len = d.len - k;
		c = country_for_calling_code(value);
		if (c != NULL)
			return national_number(c, rest, &nsn) &&
				write_e164(value, nsn.d, nsn.len, out, out_len);
		/* no plan known: E.164 length and placeholders only */
		if (d.len < E164_MIN_DIGITS_UNKNOWN_PLAN || d.len > E164_MAX_DIGITS ||
			is_placeholder_digits(rest.d, rest.len))
			return false;
		return write_e164(value, rest.d, rest.len, out, out_len);
	}
	return false;
}

/* Whether d starts with prefix (len pl); if so, rest is what follows. */
static bool
strip_prefix(DigitSpan d, const char *prefix, int pl, DigitSpan *rest)
{
	if (d.len <= pl || memcmp(d.d, prefix, pl) != 0)
		return false;
	rest->d = d.d + pl;
	rest->len = d.len - pl;
	return true;
}

/* Digits as written, with or without '+', dialled from country c. */
static bool
resolve(const PhoneCountry *c, DigitSpan d, bool plus, char *out, size_t *out_len)
{
	const char *p = c->intl_prefixes;
	DigitSpan	rest;
	NationalNumber nsn;

	if (plus)
		return resolve_international(d, out, out_len);

	/* the country's own international prefixes, then the common "00" */
	while (*p)
	{
		const char *end = strchr(p, '|');
		int			pl = end ? (int) (end - p) : (int) strlen(p);

		if (strip_prefix(d, p, pl, &rest) && resolve_international(rest, out, out_len))
			return true;
		p += pl;
		if (*p == '|')
			p++;
	}
	if (strip_prefix(d, "00", 2, &rest) && resolve_international(rest, out, out_len))
		return true;

	return national_number(c, d, &nsn) &&
		write_e164(c->calling_code, nsn.d, nsn.len, out, out_len);
}

bool
c360_phone_normalize(const char *s, size_t len, int country,
					 char out[C360_PHONE_BUFSIZE], size_t *out_len)
{
	uint32_t	cps[C360_PHONE_MAX_INPUT];
	size_t		ncps;
	size_t		written = 0;
	ScannedNumber scanned;
	DigitSpan	d;
	const PhoneCountry *c;

	C360_ASSERT(country >= 0 && country < N_COUNTRIES);
	c = &countries[country];
	out[0] = '\0';
	if (out_len)
		*out_len = 0;
	if (len > C360_PHONE_MAX_INPUT)
		return false;

	ncps = c360_utf8_decode(s, len, cps);
	if (!scan_number(cps, ncps, &scanned))
		return false;

	d.d = scanned.digits;
	if (scanned.letters_start > 0)
	{
		/* letters after a complete number are a comment ("home") */
		d.len = scanned.letters_start;
		if (resolve(c, d, scanned.plus, out, &written))
			goto done;
	}
	d.len = scanned.ndigits;
	if (resolve(c, d, scanned.plus, out, &written))
		goto done;
	if (scanned.letters_start >= 0)
	{
		int			shortest = scanned.real_end > scanned.letters_start ?
			scanned.real_end : scanned.letters_start + 1;

		/*
		 * Vanity numbers may have more letters than the number has digits
		 * (1-800-MATTRESS); like a keypad, ignore the extra letters at the
		 * end (only letters: a digit written after them is dialled).
		 */
		for (d.len = scanned.ndigits - 1; d.len >= shortest; d.len--)
			if (resolve(c, d, scanned.plus, out, &written))
				goto done;
	}
	out[0] = '\0';
	return false;

done:
	C360_ASSERT(written >= 2 && written <= C360_PHONE_E164_MAX);
	if (out_len)
		*out_len = written;
	return true;
}
