/*
 * match_key.c: building c360.match_key values and comparing two of them.
 *
 * See match_key.h for the contract.  The ladders below are the documented
 * comparison levels (docs/reference/matching.md); their order is part of
 * the on-disk meaning of a trained model, so levels are only ever added
 * with a new key version, never renumbered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "c360_alloc.h"
#include "email.h"
#include "match_key.h"
#include "metaphone.h"
#include "name.h"
#include "nickname.h"
#include "phone.h"
#include "strcmp.h"
#include "utf8.h"

static const char *const given_levels[] = {
	"missing", "exact", "swapped", "nickname", "jaro_winkler_0.92",
	"jaro_winkler_0.88", "phonetic", "initial", "different"
};
static const char *const family_levels[] = {
	"missing", "exact", "swapped", "jaro_winkler_0.92", "jaro_winkler_0.88",
	"phonetic", "shared_part", "different"
};
static const char *const date_levels[] = {
	"missing", "exact", "one_digit", "day_month_swapped", "same_year",
	"different"
};
static const char *const email_levels[] = {
	"missing", "exact", "one_edit", "same_local_part", "different"
};
static const char *const phone_levels[] = {
	"missing", "exact", "one_edit", "same_last_7", "different"
};
static const char *const street_levels[] = {
	"missing", "exact", "same_house_and_street", "jaro_winkler_0.92",
	"jaro_winkler_0.84", "different"
};
static const char *const city_levels[] = {
	"missing", "exact", "jaro_winkler_0.92", "jaro_winkler_0.84", "different"
};
static const char *const postcode_levels[] = {
	"missing", "exact", "one_edit", "different"
};
static const char *const id_levels[] = {
	"missing", "exact", "one_edit", "two_edits", "different"
};

#define LEVELS(a) (int) (sizeof(a) / sizeof((a)[0])), a

const C360MatchAttrInfo c360_match_attrs[C360_MATCH_ATTRS] = {
	{"given_name", LEVELS(given_levels), 1},
	{"family_name", LEVELS(family_levels), 1},
	{"birth_date", LEVELS(date_levels), 1},
	{"email", LEVELS(email_levels), 1},
	{"phone", LEVELS(phone_levels), 1},
	{"street", LEVELS(street_levels), 1},
	{"city", LEVELS(city_levels), 1},
	{"postcode", LEVELS(postcode_levels), 1},
	{"national_id", LEVELS(id_levels), 1},
};

/* ------------------------------------------------------------------ */
/* The key's layout                                                    */
/* ------------------------------------------------------------------ */

#define KEY_VERSION 1

#define KEY_MAX_INPUT C360_MATCH_MAX_INPUT
#define KEY_FOLD_SIZE (3 * KEY_MAX_INPUT + 1)

/* At most this many nickname-set hashes per given name. */
#define KEY_MAX_FORMAL 16

/* The strings a key holds; off[] == 0 means absent. */
typedef enum KeyString
{
	KS_GIVEN = 0,				/* folded given name ("john") */
	KS_FAMILY,					/* folded family name ("van der berg") */
	KS_MIDDLE,					/* folded middle names, for display */
	KS_GIVEN_FORMAL,			/* nickname set, space-separated, display */
	KS_GIVEN_MP1,				/* double metaphone, primary, alternate */
	KS_GIVEN_MP2,
	KS_FAMILY_MP1,
	KS_FAMILY_MP2,
	KS_DATE,					/* YYYYMMDD */
	KS_EMAIL,					/* canonical e-mail */
	KS_PHONE,					/* E.164 */
	KS_HOUSE,					/* house number */
	KS_STREET_NAME,				/* street name with its suffix (MAIN ST) */
	KS_UNIT,					/* unit (APT 4) */
	KS_STREET_LINE,				/* house street unit, one line */
	KS_CITY,
	KS_POSTCODE,
	KS_NATIONAL_ID,
	KS_COUNT
} KeyString;

struct C360MatchKey
{
	uint8_t		version;
	uint8_t		n_formal;
	uint16_t	present;		/* bit per C360MatchAttr */
	uint16_t	birth_year;
	uint8_t		birth_month;
	uint8_t		birth_day;
	uint32_t	formal[KEY_MAX_FORMAL]; /* sorted hashes of the nickname set */
	uint32_t	off[KS_COUNT];	/* offsets into pool */
	uint32_t	pool_size;
	char		pool[];			/* pool[0] is a NUL: offset 0 = absent */
};

#define KEY_HEADER_SIZE offsetof(struct C360MatchKey, pool)

static inline const char *
key_str(const C360MatchKey *key, KeyString s)
{
	return key->off[s] ? key->pool + key->off[s] : NULL;
}

static inline bool
key_has(const C360MatchKey *key, C360MatchAttr attr)
{
	return (key->present >> attr) & 1;
}

/* ------------------------------------------------------------------ */
/* Building                                                            */
/* ------------------------------------------------------------------ */

typedef struct KeyBuilder
{
	char	   *text[KS_COUNT];
	size_t		len[KS_COUNT];
	char		storage[KS_COUNT][KEY_FOLD_SIZE];
} KeyBuilder;

static void
builder_set(KeyBuilder *b, KeyString s, const char *text, size_t len)
{
	if (len == 0)
	{
		b->text[s] = NULL;
		b->len[s] = 0;
		return;
	}
	if (len >= KEY_FOLD_SIZE)
		len = KEY_FOLD_SIZE - 1;
	memmove(b->storage[s], text, len);
	b->storage[s][len] = '\0';
	b->text[s] = b->storage[s];
	b->len[s] = len;
}

/* FNV-1a: the nickname set is compared as 32-bit hashes. */
static uint32_t
hash_name(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * Values people type when they have no value.  Compared with the folded
 * form (lower case, no punctuation).
 */
static const char *const name_placeholders[] = {
	"anonymous", "fnu", "lnu", "na", "n a", "nfn", "nln", "nil", "nobody",
	"none", "no name", "noname", "not applicable", "not given", "not known",
	"null", "tbd", "test", "unk", "unknown", "xx", "xxx", "xxxx", "zz", "zzz"
};

static bool
is_name_placeholder(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < sizeof(name_placeholders) / sizeof(name_placeholders[0]); i++)
		if (strlen(name_placeholders[i]) == len &&
			memcmp(name_placeholders[i], s, len) == 0)
			return true;
	return false;
}

/* Fold a name argument into storage for s; absent when it holds no name. */
static void
builder_name(KeyBuilder *b, KeyString s, const char *raw, size_t len)
{
	size_t		n;

	builder_set(b, s, NULL, 0);
	if (raw == NULL || len == 0 || len > KEY_MAX_INPUT)
		return;
	n = c360_name_fold(raw, len, b->storage[s], KEY_FOLD_SIZE);
	if (n == 0 || is_name_placeholder(b->storage[s], n))
		return;
	b->text[s] = b->storage[s];
	b->len[s] = n;
}

/* One part of a parsed full name, folded. */
static void
builder_name_part(KeyBuilder *b, KeyString s, const char *raw,
				  const C360Name *name, C360NamePart part)
{
	size_t		n;

	if (!c360_name_has_part(name, part))
		return;
	n = c360_name_part_folded(raw, name, part, b->storage[s], KEY_FOLD_SIZE);
	if (n == 0 || n >= KEY_FOLD_SIZE || is_name_placeholder(b->storage[s], n))
		return;
	b->text[s] = b->storage[s];
	b->len[s] = n;
}

static void
builder_metaphone(KeyBuilder *b, KeyString name, KeyString mp1, KeyString mp2)
{
	char		primary[C360_METAPHONE_LEN + 1];
	char		alternate[C360_METAPHONE_LEN + 1];

	if (b->text[name] == NULL ||
		!c360_double_metaphone_codes(b->text[name], b->len[name], primary, alternate))
		return;
	builder_set(b, mp1, primary, strlen(primary));
	if (strcmp(primary, alternate) != 0)
		builder_set(b, mp2, alternate, strlen(alternate));
}

static int
compare_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a,
				y = *(const uint32_t *) b;

	return (x > y) - (x < y);
}

/*
 * The nickname set of the given name: the name, its root and every formal
 * name it is listed as a nickname of.  A name of several words ("mary
 * ann") is looked up whole, then by its first word.
 */
static void
builder_nicknames(KeyBuilder *b, C360MatchKey *key_header)
{
	const char *names[KEY_MAX_FORMAL];
	size_t		lens[KEY_MAX_FORMAL];
	const char *given = b->text[KS_GIVEN];
	size_t		glen = b->len[KS_GIVEN];
	size_t		nformal,
				i,
				n = 0,
				used = 0;
	uint32_t	hashes[KEY_MAX_FORMAL];
	const char *root;
	size_t		root_len;
	char	   *display = b->storage[KS_GIVEN_FORMAL];

	if (given == NULL)
		return;
	nformal = c360_nickname_formal_names(given, glen, names + 2, lens + 2,
										 KEY_MAX_FORMAL - 2);
	if (nformal == 0)
	{
		const char *space = memchr(given, ' ', glen);

		if (space != NULL)
		{
			glen = (size_t) (space - given);
			nformal = c360_nickname_formal_names(given, glen, names + 2, lens + 2,
												 KEY_MAX_FORMAL - 2);
		}
	}
	if (nformal > KEY_MAX_FORMAL - 2)
		nformal = KEY_MAX_FORMAL - 2;
	names[0] = given;
	lens[0] = glen;
	root = c360_nickname_lookup(given, glen, &root_len);
	names[1] = root;
	lens[1] = root_len;

	for (i = 0; i < nformal + 2; i++)
	{
		uint32_t	h = hash_name(names[i], lens[i]);
		size_t		j;
		bool		seen = false;

		for (j = 0; j < n; j++)
			if (hashes[j] == h)
				seen = true;
		if (seen)
			continue;
		hashes[n++] = h;
		/* The display form lists the names after the given name itself. */
		if (i > 0 && used + lens[i] + 2 < KEY_FOLD_SIZE)
		{
			if (used > 0)
				display[used++] = ' ';
			memcpy(display + used, names[i], lens[i]);
			used += lens[i];
		}
	}
	qsort(hashes, n, sizeof(uint32_t), compare_u32);
	memcpy(key_header->formal, hashes, n * sizeof(uint32_t));
	key_header->n_formal = (uint8_t) n;
	if (used > 0)
	{
		display[used] = '\0';
		b->text[KS_GIVEN_FORMAL] = display;
		b->len[KS_GIVEN_FORMAL] = used;
	}
}

/* Upper-case ASCII letters and digits only ("123-45-6789" -> "123456789"). */
static size_t
alnum_upper(const char *raw, size_t len, char *out, size_t outsize)
{
	size_t		i,
				n = 0;

	for (i = 0; i < len && n + 1 < outsize; i++)
	{
		char		c = raw[i];

		if (c >= 'a' && c <= 'z')
			out[n++] = (char) (c - 'a' + 'A');
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

/*
 * Identifiers that stand for "no identifier": one character repeated
 * (000000000, 999-99-9999), and the counting sequences.
 */
static bool
is_id_placeholder(const char *s, size_t len)
{
	size_t		i;
	bool		same = true,
				up = true,
				down = true;

	for (i = 1; i < len; i++)
	{
		if (s[i] != s[0])
			same = false;
		if (s[i] != s[i - 1] + 1)
			up = false;
		if (s[i] != s[i - 1] - 1)
			down = false;
	}
	return same || up || down;
}

static void
builder_national_id(KeyBuilder *b, const char *raw, size_t len)
{
	size_t		n;

	if (raw == NULL || len == 0 || len > KEY_MAX_INPUT)
		return;
	n = alnum_upper(raw, len, b->storage[KS_NATIONAL_ID], KEY_FOLD_SIZE);
	if (n < 4 || is_id_placeholder(b->storage[KS_NATIONAL_ID], n))
		return;
	b->text[KS_NATIONAL_ID] = b->storage[KS_NATIONAL_ID];
	b->len[KS_NATIONAL_ID] = n;
}

/*
 * Where the record's postcode is, as far as ZIP+4 is concerned: in the US
 * ZIP code system, elsewhere, or unknown.
 */
typedef enum PostcodeCountry
{
	PC_COUNTRY_UNKNOWN = 0,
	PC_COUNTRY_ZIP,				/* US, its territories, and the freely
								 * associated states that use ZIP codes */
	PC_COUNTRY_OTHER
} PostcodeCountry;

static PostcodeCountry
postcode_country_of(const char *code)
{
	static const char *const zip_countries[] = {
		"US", "PR", "VI", "GU", "AS", "MP", "UM", "MH", "FM", "PW"
	};
	size_t		i;

	if (code == NULL || code[0] == '\0')
		return PC_COUNTRY_UNKNOWN;
	for (i = 0; i < sizeof(zip_countries) / sizeof(zip_countries[0]); i++)
		if ((code[0] & ~0x20) == zip_countries[i][0] && (code[1] & ~0x20) == zip_countries[i][1] &&
			code[2] == '\0')
			return PC_COUNTRY_ZIP;
	return PC_COUNTRY_OTHER;
}

/*
 * A region argument naming a US state or territory and nothing else
 * ("OH", "Ohio"; not "WA", which is also Western Australia).
 */
static bool
region_is_us(const char *raw, size_t len)
{
	char		name[40];
	size_t		i,
				n = 0;
	unsigned	flags = 0;
	bool		space = false;

	if (raw == NULL || len == 0 || len > 64)
		return false;
	for (i = 0; i < len; i++)
	{
		char		c = raw[i];

		if (c == ' ' || c == '\t' || c == '.')
		{
			space = n > 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
		if (n + 2 >= sizeof(name))
			return false;
		if (space)
			name[n++] = ' ';
		space = false;
		name[n++] = (char) (c & ~0x20);
	}
	name[n] = '\0';
	if (n == 0 || c360_address_region(name, &flags) == NULL)
		return false;
	return (flags & C360_REGION_US) && !(flags & (C360_REGION_CA | C360_REGION_AU));
}

/*
 * A ZIP+4 as written where the country is unknown: 5 digits, a hyphen, 4
 * digits, nothing else but spaces around and beside the hyphen
 * ("44109-9067", " 44109 - 9067").
 */
static bool
is_hyphenated_zip_plus4(const char *raw, size_t len)
{
	size_t		i = 0,
				d;

	while (i < len && raw[i] == ' ')
		i++;
	for (d = 0; d < 5; d++, i++)
		if (i >= len || raw[i] < '0' || raw[i] > '9')
			return false;
	while (i < len && raw[i] == ' ')
		i++;
	if (i >= len || raw[i] != '-')
		return false;
	i++;
	while (i < len && raw[i] == ' ')
		i++;
	for (d = 0; d < 4; d++, i++)
		if (i >= len || raw[i] < '0' || raw[i] > '9')
			return false;
	while (i < len && raw[i] == ' ')
		i++;
	return i == len;
}

/*
 * The postcode: upper-case letters and digits.  A US ZIP+4 is cut to its
 * ZIP code (44109-9067 -> 44109), so that it agrees with the same address
 * written with the ZIP code alone: in the ZIP system every postcode of 9
 * digits is a ZIP+4, however it is punctuated; where the country is
 * unknown only the written shape 5 digits, hyphen, 4 digits is (no other
 * country writes its codes so; a bare 9-digit code of unknown country is
 * left whole).  Other countries' postcodes are never cut.
 */
static void
builder_postcode(KeyBuilder *b, const char *raw, size_t len, PostcodeCountry country)
{
	size_t		n;

	if (raw == NULL || len == 0 || len > KEY_MAX_INPUT)
		return;
	n = alnum_upper(raw, len, b->storage[KS_POSTCODE], KEY_FOLD_SIZE);
	if (n == 9 && strspn(b->storage[KS_POSTCODE], "0123456789") == 9 &&
		(country == PC_COUNTRY_ZIP ||
		 (country == PC_COUNTRY_UNKNOWN && is_hyphenated_zip_plus4(raw, len))))
	{
		n = 5;
		b->storage[KS_POSTCODE][n] = '\0';
	}
	/* 00000 and 99999 are placeholders; a counting run can be real (2345). */
	if (n == 0 || (n > 3 && strspn(b->storage[KS_POSTCODE],
								   b->storage[KS_POSTCODE] + n - 1) == n))
		return;
	b->text[KS_POSTCODE] = b->storage[KS_POSTCODE];
	b->len[KS_POSTCODE] = n;
}

/* A city: folded like a name (lower case, accents and punctuation gone). */
static void
builder_city(KeyBuilder *b, const char *raw, size_t len)
{
	builder_name(b, KS_CITY, raw, len);
}

/* Parse an address argument; false when absent or it does not parse. */
static bool
parse_address_arg(const char *raw, size_t len, C360AddressParts *parts)
{
	if (raw == NULL || len == 0 || len > C360_ADDRESS_MAX_INPUT)
		return false;
	return c360_address_parse(raw, len, parts) == C360_ADDRESS_OK;
}

/*
 * Address parts from a parse: house, street, unit always; city and
 * postcode (when parts_city_postcode) only where the split arguments left
 * them absent.
 */
static void
builder_address(KeyBuilder *b, const C360AddressParts *parts, bool city_postcode,
				PostcodeCountry country)
{
	if (b->text[KS_STREET_NAME] == NULL && parts->street[0] != '\0')
	{
		builder_set(b, KS_HOUSE, parts->house_number, strlen(parts->house_number));
		builder_set(b, KS_STREET_NAME, parts->street, strlen(parts->street));
		builder_set(b, KS_UNIT, parts->unit, strlen(parts->unit));
	}
	if (!city_postcode)
		return;
	if (b->text[KS_CITY] == NULL && parts->city[0] != '\0')
		builder_city(b, parts->city, strlen(parts->city));
	if (b->text[KS_POSTCODE] == NULL && parts->postcode[0] != '\0')
		builder_postcode(b, parts->postcode, strlen(parts->postcode), country);
}

static void
builder_street_line(KeyBuilder *b)
{
	char	   *line = b->storage[KS_STREET_LINE];
	size_t		n = 0;
	KeyString	parts[3] = {KS_HOUSE, KS_STREET_NAME, KS_UNIT};
	int			i;

	if (b->text[KS_STREET_NAME] == NULL)
	{
		/* A house number or unit alone is not a street. */
		b->text[KS_HOUSE] = b->text[KS_UNIT] = NULL;
		return;
	}
	for (i = 0; i < 3; i++)
	{
		size_t		l = b->len[parts[i]];

		if (b->text[parts[i]] == NULL || n + l + 2 > KEY_FOLD_SIZE)
			continue;
		if (n > 0)
			line[n++] = ' ';
		memcpy(line + n, b->text[parts[i]], l);
		n += l;
	}
	line[n] = '\0';
	b->text[KS_STREET_LINE] = line;
	b->len[KS_STREET_LINE] = n;
}

static bool
valid_date(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

/*
 * Derive what comparisons need from the normalized strings in b (nickname
 * set, phonetic codes, the street line, the presence bits) and assemble
 * the key.  Frees b.
 */
static C360MatchKey *
builder_finish(KeyBuilder *b, C360MatchKey *hdr, size_t *size)
{
	C360MatchKey header = *hdr;
	C360MatchKey *key;
	size_t		pool = 1,
				total;
	int			i;

	builder_nicknames(b, &header);
	builder_metaphone(b, KS_GIVEN, KS_GIVEN_MP1, KS_GIVEN_MP2);
	builder_metaphone(b, KS_FAMILY, KS_FAMILY_MP1, KS_FAMILY_MP2);
	builder_street_line(b);

	/* Presence. */
	if (b->text[KS_GIVEN])
		header.present |= 1u << C360_MATCH_GIVEN_NAME;
	if (b->text[KS_FAMILY])
		header.present |= 1u << C360_MATCH_FAMILY_NAME;
	if (b->text[KS_DATE])
		header.present |= 1u << C360_MATCH_BIRTH_DATE;
	if (b->text[KS_EMAIL])
		header.present |= 1u << C360_MATCH_EMAIL;
	if (b->text[KS_PHONE])
		header.present |= 1u << C360_MATCH_PHONE;
	if (b->text[KS_STREET_LINE])
		header.present |= 1u << C360_MATCH_STREET;
	if (b->text[KS_CITY])
		header.present |= 1u << C360_MATCH_CITY;
	if (b->text[KS_POSTCODE])
		header.present |= 1u << C360_MATCH_POSTCODE;
	if (b->text[KS_NATIONAL_ID])
		header.present |= 1u << C360_MATCH_NATIONAL_ID;

	/* Assemble. */
	for (i = 0; i < KS_COUNT; i++)
		if (b->text[i])
			pool += b->len[i] + 1;
	total = KEY_HEADER_SIZE + pool;
	key = c360_alloc_zero(total);
	memcpy(key, &header, KEY_HEADER_SIZE);
	key->pool_size = (uint32_t) pool;
	pool = 1;
	for (i = 0; i < KS_COUNT; i++)
	{
		if (b->text[i] == NULL)
		{
			key->off[i] = 0;
			continue;
		}
		key->off[i] = (uint32_t) pool;
		memcpy(key->pool + pool, b->text[i], b->len[i]);
		pool += b->len[i];
		key->pool[pool++] = '\0';
	}
	c360_free(b);
	*size = total;
	return key;
}

C360MatchKey *
c360_match_key_build(const C360MatchInput *in, size_t *size)
{
	KeyBuilder *b = c360_alloc(sizeof(KeyBuilder));
	C360MatchKey header;
	const char *v;
	size_t		l;

	memset(&header, 0, sizeof(header));
	memset(b->text, 0, sizeof(b->text));
	memset(b->len, 0, sizeof(b->len));
	header.version = KEY_VERSION;

#define IN(f) in->value[f], (in->value[f] ? in->len[f] : 0)

	/* Names: the split arguments first, then the parsed full name. */
	builder_name(b, KS_GIVEN, IN(C360_IN_GIVEN_NAME));
	builder_name(b, KS_FAMILY, IN(C360_IN_FAMILY_NAME));
	builder_name(b, KS_MIDDLE, IN(C360_IN_MIDDLE_NAME));
	v = in->value[C360_IN_FULL_NAME];
	l = v ? in->len[C360_IN_FULL_NAME] : 0;
	if (v != NULL && l > 0 && l <= KEY_MAX_INPUT &&
		(b->text[KS_GIVEN] == NULL || b->text[KS_FAMILY] == NULL))
	{
		C360Name name;

		c360_name_parse(v, l, &name);
		if (b->text[KS_GIVEN] == NULL)
			builder_name_part(b, KS_GIVEN, v, &name, C360_NAME_GIVEN);
		if (b->text[KS_FAMILY] == NULL)
			builder_name_part(b, KS_FAMILY, v, &name, C360_NAME_FAMILY);
		if (b->text[KS_MIDDLE] == NULL)
			builder_name_part(b, KS_MIDDLE, v, &name, C360_NAME_MIDDLE);
	}

	/* Birth date. */
	if (in->has_birth_date &&
		valid_date(in->birth_year, in->birth_month, in->birth_day))
	{
		char		digits[16];

		header.birth_year = (uint16_t) in->birth_year;
		header.birth_month = (uint8_t) in->birth_month;
		header.birth_day = (uint8_t) in->birth_day;
		snprintf(digits, sizeof(digits), "%04d%02d%02d",
				 in->birth_year, in->birth_month, in->birth_day);
		builder_set(b, KS_DATE, digits, 8);
	}

	/* E-mail and phone. */
	v = in->value[C360_IN_EMAIL];
	l = v ? in->len[C360_IN_EMAIL] : 0;
	if (v != NULL && l > 0 && l <= C360_EMAIL_MAX_INPUT)
	{
		char		email[C360_EMAIL_BUFSIZE];
		size_t		elen;

		if (c360_email_normalize(v, l, email, &elen, NULL))
			builder_set(b, KS_EMAIL, email, elen);
	}
	v = in->value[C360_IN_PHONE];
	l = v ? in->len[C360_IN_PHONE] : 0;
	if (v != NULL && l > 0 && l <= C360_PHONE_MAX_INPUT)
	{
		char		phone[C360_PHONE_BUFSIZE];
		size_t		plen;
		int			country = c360_phone_country_lookup(in->default_country[0] ? in->default_country : "US", 2);

		if (country >= 0 && c360_phone_normalize(v, l, country, phone, &plen))
			builder_set(b, KS_PHONE, phone, plen);
	}

	/*
	 * Address: split arguments first, then the one-line address.  The
	 * postcode's country: the one the address names (or implies: a US
	 * state before a ZIP code), else default_country, else a US state in
	 * the region argument, else unknown.
	 */
	{
		C360AddressParts *parts = c360_alloc(sizeof(C360AddressParts));
		bool		have_address = parse_address_arg(IN(C360_IN_ADDRESS), parts);
		PostcodeCountry country = PC_COUNTRY_UNKNOWN;

		if (have_address)
			country = postcode_country_of(parts->country);
		if (country == PC_COUNTRY_UNKNOWN)
			country = postcode_country_of(in->default_country);
		if (country == PC_COUNTRY_UNKNOWN && region_is_us(IN(C360_IN_REGION)))
			country = PC_COUNTRY_ZIP;

		builder_city(b, IN(C360_IN_CITY));
		builder_postcode(b, IN(C360_IN_POSTCODE), country);
		{
			C360AddressParts *street = c360_alloc(sizeof(C360AddressParts));

			if (parse_address_arg(IN(C360_IN_STREET), street))
				builder_address(b, street, false, country);
			c360_free(street);
		}
		if (have_address)
			builder_address(b, parts, true, country);
		c360_free(parts);
	}
	builder_national_id(b, IN(C360_IN_NATIONAL_ID));
#undef IN

	return builder_finish(b, &header, size);
}

bool
c360_match_key_valid(const C360MatchKey *key, size_t size)
{
	int			i;
	/* Which string each attribute's presence needs. */
	static const KeyString needs[C360_MATCH_ATTRS] = {
		KS_GIVEN, KS_FAMILY, KS_DATE, KS_EMAIL, KS_PHONE, KS_STREET_LINE,
		KS_CITY, KS_POSTCODE, KS_NATIONAL_ID
	};

	if (size < KEY_HEADER_SIZE + 1 || key->version != KEY_VERSION)
		return false;
	if (key->pool_size != size - KEY_HEADER_SIZE || key->pool[0] != '\0' ||
		key->pool[key->pool_size - 1] != '\0')
		return false;
	if (key->n_formal > KEY_MAX_FORMAL || (key->present >> C360_MATCH_ATTRS) != 0)
		return false;
	for (i = 0; i < KS_COUNT; i++)
		if (key->off[i] >= key->pool_size)
			return false;
	for (i = 0; i < C360_MATCH_ATTRS; i++)
		if (key_has(key, i) != (key->off[needs[i]] != 0))
			return false;
	if (key_has(key, C360_MATCH_BIRTH_DATE) &&
		!valid_date(key->birth_year, key->birth_month, key->birth_day))
		return false;
	return true;
}

int
c360_match_key_present(const C360MatchKey *key)
{
	int			i,
				n = 0;

	for (i = 0; i < C360_MATCH_ATTRS; i++)
		n += key_has(key, i);
	return n;
}

const char *
c360_match_key_value(const C360MatchKey *key, C360MatchAttr attr)
{
	static const KeyString value_of[C360_MATCH_ATTRS] = {
		KS_GIVEN, KS_FAMILY, KS_DATE, KS_EMAIL, KS_PHONE, KS_STREET_LINE,
		KS_CITY, KS_POSTCODE, KS_NATIONAL_ID
	};

	if ((int) attr < 0 || attr >= C360_MATCH_ATTRS || !key_has(key, attr))
		return NULL;
	return key_str(key, value_of[attr]);
}

const char *
c360_match_key_phonetic(const C360MatchKey *key, C360MatchAttr attr)
{
	const char *code;

	if (attr == C360_MATCH_GIVEN_NAME && key_has(key, attr))
		code = key_str(key, KS_GIVEN_MP1);
	else if (attr == C360_MATCH_FAMILY_NAME && key_has(key, attr))
		code = key_str(key, KS_FAMILY_MP1);
	else
		return NULL;
	return code != NULL && code[0] != '\0' ? code : NULL;
}

/* ------------------------------------------------------------------ */
/* Comparison levels                                                   */
/* ------------------------------------------------------------------ */

static inline bool
str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static double
jw(const char *a, const char *b)
{
	return c360_strcmp_jaro_winkler(a, strlen(a), b, strlen(b));
}

static int
edits(const char *a, const char *b, int max)
{
	int			d = c360_strcmp_damerau_levenshtein_max(a, strlen(a), b, strlen(b), max);

	return d < 0 ? max + 1 : d;
}

static bool
phonetic_agree(const C360MatchKey *a, const C360MatchKey *b,
			   KeyString mp1, KeyString mp2)
{
	const char *ca[2] = {key_str(a, mp1), key_str(a, mp2)};
	const char *cb[2] = {key_str(b, mp1), key_str(b, mp2)};
	int			i,
				j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			if (str_eq(ca[i], cb[j]))
				return true;
	return false;
}

static bool
nickname_agree(const C360MatchKey *a, const C360MatchKey *b)
{
	int			i = 0,
				j = 0;

	/* Both lists are sorted: a merge. */
	while (i < a->n_formal && j < b->n_formal)
	{
		if (a->formal[i] == b->formal[j])
			return true;
		if (a->formal[i] < b->formal[j])
			i++;
		else
			j++;
	}
	return false;
}

/* Words of a folded name (separated by single spaces), and whether every
 * one has at least two letters (code points). */
static int
count_words(const char *s, bool *all_long)
{
	int			words = 0,
				letters = 0;

	*all_long = true;
	for (;; s++)
	{
		if (*s == ' ' || *s == '\0')
		{
			if (letters > 0)
			{
				words++;
				if (letters < 2)
					*all_long = false;
			}
			letters = 0;
			if (*s == '\0')
				break;
		}
		else if (((unsigned char) *s & 0xC0) != 0x80)
			letters++;
	}
	return words;
}

/* Whether the word of len bytes at w is one of the words of s. */
static bool
has_word(const char *s, const char *w, size_t len)
{
	while (*s)
	{
		const char *end = strchr(s, ' ');
		size_t		l = end ? (size_t) (end - s) : strlen(s);

		if (l == len && memcmp(s, w, len) == 0)
			return true;
		s += l;
		while (*s == ' ')
			s++;
	}
	return false;
}

/*
 * One name is some of the words of the other: every word of the one with
 * fewer words (each of two letters or more) is a word of the other
 * ("moore" of "moore johnson": one part of a double-barrelled name).
 */
static bool
words_within(const char *x, const char *y)
{
	bool		long_x,
				long_y;
	int			nx = count_words(x, &long_x),
				ny = count_words(y, &long_y);
	const char *part = nx < ny ? x : y,
			   *whole = nx < ny ? y : x;
	const char *p;

	if (nx == ny || nx == 0 || ny == 0 || !(nx < ny ? long_x : long_y))
		return false;
	for (p = part; *p;)
	{
		const char *end = strchr(p, ' ');
		size_t		len = end ? (size_t) (end - p) : strlen(p);

		if (len > 0 && !has_word(whole, p, len))
			return false;
		p += len;
		while (*p == ' ')
			p++;
	}
	return true;
}

/*
 * How alike two names are for the swap test: Jaro-Winkler, or 1 when one
 * is some of the words of the other (a double-barrelled name against one
 * of its parts).
 */
static double
swap_similarity(const char *x, const char *y)
{
	if ((strchr(x, ' ') != NULL || strchr(y, ' ') != NULL) && words_within(x, y))
		return 1;
	return jw(x, y);
}

/*
 * Given and family names swapped between the records: the given name of
 * each is alike (swap_similarity >= 0.92) the other's family name, and the
 * crossed pairs are more alike than the straight ones.  So "Emma
 * Moore-Johnson" and given Moore, family Emma are swapped; a shared part
 * of a family name alone is not (the given names must cross too).
 */
static bool
names_swapped(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *ga = key_str(a, KS_GIVEN),
			   *fa = key_str(a, KS_FAMILY),
			   *gb = key_str(b, KS_GIVEN),
			   *fb = key_str(b, KS_FAMILY);
	double		cross_g,
				cross_f;

	if (!ga || !fa || !gb || !fb || str_eq(ga, gb))
		return false;
	cross_g = swap_similarity(ga, fb);
	if (cross_g < 0.92)
		return false;
	cross_f = swap_similarity(fa, gb);
	if (cross_f < 0.92)
		return false;
	return cross_g + cross_f > swap_similarity(ga, gb) + swap_similarity(fa, fb);
}

/* One name is a lone initial of the other. */
static bool
initial_agree(const char *a, const char *b)
{
	size_t		la = strlen(a),
				lb = strlen(b);

	if (la == 1 && lb >= 1)
		return a[0] == b[0];
	if (lb == 1 && la >= 1)
		return a[0] == b[0];
	return false;
}

/* The two texts share a word of at least two letters ("smith jones", "smith"). */
static bool
share_word(const char *a, const char *b)
{
	const char *p = a;

	while (*p)
	{
		const char *end = strchr(p, ' ');
		size_t		len = end ? (size_t) (end - p) : strlen(p);

		if (len >= 2)
		{
			const char *q = b;

			while (*q)
			{
				const char *qend = strchr(q, ' ');
				size_t		qlen = qend ? (size_t) (qend - q) : strlen(q);

				if (qlen == len && memcmp(p, q, len) == 0)
					return true;
				q += qlen;
				while (*q == ' ')
					q++;
			}
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

static int
level_given(const C360MatchKey *a, const C360MatchKey *b, bool swapped)
{
	const char *x = key_str(a, KS_GIVEN),
			   *y = key_str(b, KS_GIVEN);
	double		s;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (swapped)
		return 2;
	if (nickname_agree(a, b))
		return 3;
	s = jw(x, y);
	if (s >= 0.92)
		return 4;
	if (s >= 0.88)
		return 5;
	if (phonetic_agree(a, b, KS_GIVEN_MP1, KS_GIVEN_MP2))
		return 6;
	if (initial_agree(x, y))
		return 7;
	return 8;
}

static int
level_family(const C360MatchKey *a, const C360MatchKey *b, bool swapped)
{
	const char *x = key_str(a, KS_FAMILY),
			   *y = key_str(b, KS_FAMILY);
	double		s;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (swapped)
		return 2;
	s = jw(x, y);
	if (s >= 0.92)
		return 3;
	if (s >= 0.88)
		return 4;
	if (phonetic_agree(a, b, KS_FAMILY_MP1, KS_FAMILY_MP2))
		return 5;
	if (share_word(x, y))
		return 6;
	return 7;
}

static int
level_date(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_DATE),
			   *y = key_str(b, KS_DATE);

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (edits(x, y, 1) <= 1)
		return 2;
	if (a->birth_year == b->birth_year && a->birth_month == b->birth_day &&
		a->birth_day == b->birth_month)
		return 3;
	if (a->birth_year == b->birth_year)
		return 4;
	return 5;
}

static int
level_email(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_EMAIL),
			   *y = key_str(b, KS_EMAIL);
	const char *ax,
			   *ay;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (edits(x, y, 1) <= 1)
		return 2;
	ax = strchr(x, '@');
	ay = strchr(y, '@');
	if (ax && ay && ax - x == ay - y && memcmp(x, y, (size_t) (ax - x)) == 0)
		return 3;
	return 4;
}

static int
level_phone(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_PHONE),
			   *y = key_str(b, KS_PHONE);
	size_t		lx,
				ly;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (edits(x, y, 1) <= 1)
		return 2;
	lx = strlen(x);
	ly = strlen(y);
	if (lx >= 8 && ly >= 8 && strcmp(x + lx - 7, y + ly - 7) == 0)
		return 3;
	return 4;
}

static int
level_street(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_STREET_LINE),
			   *y = key_str(b, KS_STREET_LINE);
	double		s;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (str_eq(key_str(a, KS_HOUSE), key_str(b, KS_HOUSE)) &&
		str_eq(key_str(a, KS_STREET_NAME), key_str(b, KS_STREET_NAME)))
		return 2;
	s = jw(x, y);
	if (s >= 0.92)
		return 3;
	if (s >= 0.84)
		return 4;
	return 5;
}

static int
level_city(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_CITY),
			   *y = key_str(b, KS_CITY);
	double		s;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	s = jw(x, y);
	if (s >= 0.92)
		return 2;
	if (s >= 0.84)
		return 3;
	return 4;
}

static int
level_postcode(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_POSTCODE),
			   *y = key_str(b, KS_POSTCODE);

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	if (edits(x, y, 1) <= 1)
		return 2;
	return 3;
}

static int
level_national_id(const C360MatchKey *a, const C360MatchKey *b)
{
	const char *x = key_str(a, KS_NATIONAL_ID),
			   *y = key_str(b, KS_NATIONAL_ID);
	int			d;

	if (x == NULL || y == NULL)
		return 0;
	if (strcmp(x, y) == 0)
		return 1;
	d = edits(x, y, 2);
	if (d <= 1)
		return 2;
	if (d == 2)
		return 3;
	return 4;
}

void
c360_match_levels(const C360MatchKey *a, const C360MatchKey *b,
				  uint8_t levels[C360_MATCH_ATTRS])
{
	bool		swapped = names_swapped(a, b);

	levels[C360_MATCH_GIVEN_NAME] = (uint8_t) level_given(a, b, swapped);
	levels[C360_MATCH_FAMILY_NAME] = (uint8_t) level_family(a, b, swapped);
	levels[C360_MATCH_BIRTH_DATE] = (uint8_t) level_date(a, b);
	levels[C360_MATCH_EMAIL] = (uint8_t) level_email(a, b);
	levels[C360_MATCH_PHONE] = (uint8_t) level_phone(a, b);
	levels[C360_MATCH_STREET] = (uint8_t) level_street(a, b);
	levels[C360_MATCH_CITY] = (uint8_t) level_city(a, b);
	levels[C360_MATCH_POSTCODE] = (uint8_t) level_postcode(a, b);
	levels[C360_MATCH_NATIONAL_ID] = (uint8_t) level_national_id(a, b);
}

/* ------------------------------------------------------------------ */
/* Text form                                                           */
/* ------------------------------------------------------------------ */

typedef struct JsonOut
{
	char	   *out;
	size_t		size;
	size_t		used;
} JsonOut;

static void
json_raw(JsonOut *j, const char *s, size_t len)
{
	if (j->used < j->size)
	{
		size_t		room = j->size - j->used;
		size_t		n = len < room ? len : room;

		memcpy(j->out + j->used, s, n);
	}
	j->used += len;
}

/* A JSON string: the values are valid UTF-8 without control characters,
 * but quote and backslash escaping is kept for safety. */
static void
json_string(JsonOut *j, const char *s)
{
	json_raw(j, "\"", 1);
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c == '"' || c == '\\')
		{
			char		esc[2] = {'\\', (char) c};

			json_raw(j, esc, 2);
		}
		else if (c < 0x20)
		{
			char		esc[8];

			snprintf(esc, sizeof(esc), "\\u%04x", c);
			json_raw(j, esc, 6);
		}
		else
			json_raw(j, s, 1);
	}
	json_raw(j, "\"", 1);
}

static void
json_field(JsonOut *j, bool *first, const char *name, const char *value)
{
	if (value == NULL)
		return;
	if (!*first)
		json_raw(j, ", ", 2);
	*first = false;
	json_string(j, name);
	json_raw(j, ": ", 2);
	json_string(j, value);
}

size_t
c360_match_key_json(const C360MatchKey *key, char *out, size_t outsize)
{
	JsonOut		j = {out, outsize, 0};
	bool		first = true;
	char		date[16];

	json_raw(&j, "{", 1);
	json_field(&j, &first, "given_name", key_str(key, KS_GIVEN));
	json_field(&j, &first, "given_name_nicknames", key_str(key, KS_GIVEN_FORMAL));
	json_field(&j, &first, "middle_name", key_str(key, KS_MIDDLE));
	json_field(&j, &first, "family_name", key_str(key, KS_FAMILY));
	if (key_str(key, KS_GIVEN_MP1))
	{
		char		codes[2 * C360_METAPHONE_LEN + 2];

		snprintf(codes, sizeof(codes), "%s%s%s", key_str(key, KS_GIVEN_MP1),
				 key_str(key, KS_GIVEN_MP2) ? " " : "",
				 key_str(key, KS_GIVEN_MP2) ? key_str(key, KS_GIVEN_MP2) : "");
		json_field(&j, &first, "given_name_phonetic", codes);
	}
	if (key_str(key, KS_FAMILY_MP1))
	{
		char		codes[2 * C360_METAPHONE_LEN + 2];

		snprintf(codes, sizeof(codes), "%s%s%s", key_str(key, KS_FAMILY_MP1),
				 key_str(key, KS_FAMILY_MP2) ? " " : "",
				 key_str(key, KS_FAMILY_MP2) ? key_str(key, KS_FAMILY_MP2) : "");
		json_field(&j, &first, "family_name_phonetic", codes);
	}
	if (key_has(key, C360_MATCH_BIRTH_DATE))
	{
		snprintf(date, sizeof(date), "%04d-%02d-%02d", key->birth_year,
				 key->birth_month, key->birth_day);
		json_field(&j, &first, "birth_date", date);
	}
	json_field(&j, &first, "email", key_str(key, KS_EMAIL));
	json_field(&j, &first, "phone", key_str(key, KS_PHONE));
	json_field(&j, &first, "house_number", key_str(key, KS_HOUSE));
	json_field(&j, &first, "street", key_str(key, KS_STREET_NAME));
	json_field(&j, &first, "unit", key_str(key, KS_UNIT));
	json_field(&j, &first, "city", key_str(key, KS_CITY));
	json_field(&j, &first, "postcode", key_str(key, KS_POSTCODE));
	json_field(&j, &first, "national_id", key_str(key, KS_NATIONAL_ID));
	json_raw(&j, "}", 1);
	if (outsize > 0)
		out[j.used < outsize ? j.used : outsize - 1] = '\0';
	return j.used;
}

/* ------------------------------------------------------------------ */
/* Reading the text form back                                          */
/* ------------------------------------------------------------------ */

/* The stored fields the text form carries, by their JSON names. */
static const struct
{
	const char *name;
	int			string;			/* KeyString, or -1 for the birth date */
} stored_fields[] = {
	{"given_name", KS_GIVEN},
	{"middle_name", KS_MIDDLE},
	{"family_name", KS_FAMILY},
	{"birth_date", -1},
	{"email", KS_EMAIL},
	{"phone", KS_PHONE},
	{"house_number", KS_HOUSE},
	{"street", KS_STREET_NAME},
	{"unit", KS_UNIT},
	{"city", KS_CITY},
	{"postcode", KS_POSTCODE},
	{"national_id", KS_NATIONAL_ID},
};

/* Fields the text form shows but a reader recomputes. */
static const char *const derived_fields[] = {
	"given_name_nicknames", "given_name_phonetic", "family_name_phonetic"
};

C360MatchKeyReadStatus
c360_match_key_read(const char *const *names, const char *const *values, int n,
					C360MatchKey **key, size_t *size, int *bad_field)
{
	KeyBuilder *b;
	C360MatchKey header;
	int			i;
	size_t		f;

	*key = NULL;
	*bad_field = -1;
	memset(&header, 0, sizeof(header));
	header.version = KEY_VERSION;
	b = c360_alloc(sizeof(KeyBuilder));
	memset(b->text, 0, sizeof(b->text));
	memset(b->len, 0, sizeof(b->len));

	for (i = 0; i < n; i++)
	{
		bool		known = false;
		size_t		len = strlen(values[i]);

		for (f = 0; f < sizeof(derived_fields) / sizeof(derived_fields[0]); f++)
			if (strcmp(names[i], derived_fields[f]) == 0)
				known = true;
		if (known)
			continue;
		for (f = 0; f < sizeof(stored_fields) / sizeof(stored_fields[0]); f++)
		{
			if (strcmp(names[i], stored_fields[f].name) != 0)
				continue;
			known = true;
			if (len == 0 || len >= KEY_FOLD_SIZE)
			{
				*bad_field = i;
				c360_free(b);
				return C360_KEY_READ_BAD_VALUE;
			}
			if (stored_fields[f].string >= 0)
				builder_set(b, (KeyString) stored_fields[f].string, values[i], len);
			else
			{
				int			y,
							m,
							d;
				char		digits[16];
				char		tail;

				if (len != 10 ||
					sscanf(values[i], "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
					!valid_date(y, m, d))
				{
					*bad_field = i;
					c360_free(b);
					return C360_KEY_READ_BAD_VALUE;
				}
				header.birth_year = (uint16_t) y;
				header.birth_month = (uint8_t) m;
				header.birth_day = (uint8_t) d;
				snprintf(digits, sizeof(digits), "%04d%02d%02d", y, m, d);
				builder_set(b, KS_DATE, digits, 8);
			}
		}
		if (!known)
		{
			*bad_field = i;
			c360_free(b);
			return C360_KEY_READ_UNKNOWN_FIELD;
		}
	}
	*key = builder_finish(b, &header, size);
	return C360_KEY_READ_OK;
}

size_t
c360_match_key_building(const C360MatchKey *key, char *out, size_t size)
{
	const char *house = key_str(key, KS_HOUSE);
	const char *street = key_str(key, KS_STREET_NAME);
	const char *postcode = c360_match_key_value(key, C360_MATCH_POSTCODE);
	size_t		house_len,
				street_len,
				postcode_len,
				len,
				i;
	bool		digit = false;

	if (size > 0)
		out[0] = '\0';
	if (house == NULL || street == NULL || postcode == NULL || *house == '\0' || *street == '\0')
		return 0;
	postcode_len = strlen(postcode);
	for (i = 0; i < postcode_len; i++)
		digit |= postcode[i] >= '0' && postcode[i] <= '9';
	if (!digit)
		return 0;
	if (postcode_len == 9 && strspn(postcode, "0123456789") == 9)
		postcode_len = 5;
	house_len = strlen(house);
	street_len = strlen(street);
	len = house_len + 1 + street_len + 2 + postcode_len;
	if (size > 0)
	{
		const char *pieces[5] = {house, " ", street, ", ", postcode};
		size_t		lens[5] = {house_len, 1, street_len, 2, postcode_len};
		size_t		at = 0;

		for (i = 0; i < 5 && at < size - 1; i++)
		{
			size_t		n = lens[i] < size - 1 - at ? lens[i] : size - 1 - at;

			memcpy(out + at, pieces[i], n);
			at += n;
		}
		out[at] = '\0';
	}
	return len;
}

const char *
c360_match_key_address_part(const C360MatchKey *key, const char *part, bool *known)
{
	*known = true;
	if (strcmp(part, "house_number") == 0)
		return key_str(key, KS_HOUSE);
	if (strcmp(part, "street_name") == 0)
		return key_str(key, KS_STREET_NAME);
	if (strcmp(part, "unit") == 0)
		return key_str(key, KS_UNIT);
	*known = false;
	return NULL;
}
