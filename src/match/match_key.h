/*
 * match_key.h: the prepared form of one record (c360.match_key) and the
 * comparison levels of two of them (c360.match_levels).
 *
 * A key is built once per record: every attribute is parsed and
 * normalized here, so comparing two keys parses nothing.  It is one
 * contiguous, position-independent block of bytes (it is stored as the
 * payload of a varlena), so it can be written to disk and compared by
 * plain C without PostgreSQL.
 *
 * Comparison levels: one small integer per attribute.  Level 0 always
 * means "missing on one side or both" (no evidence either way); the last
 * level of every attribute means "different"; the levels between go from
 * strongest to weakest agreement.  c360_match_attrs describes them, so a
 * model can name every attribute and level without knowing this file.
 */
#ifndef C360_MATCH_KEY_H
#define C360_MATCH_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The compared attributes, in the order of c360.match_levels' array. */
typedef enum C360MatchAttr
{
	C360_MATCH_GIVEN_NAME = 0,
	C360_MATCH_FAMILY_NAME,
	C360_MATCH_BIRTH_DATE,
	C360_MATCH_EMAIL,
	C360_MATCH_PHONE,
	C360_MATCH_STREET,
	C360_MATCH_CITY,
	C360_MATCH_POSTCODE,
	C360_MATCH_NATIONAL_ID,
	C360_MATCH_ATTRS
} C360MatchAttr;

/*
 * Levels are packed 4 bits per attribute into a uint64 pattern (see
 * c360_match_pattern), so an attribute has at most 16 levels.
 */
#define C360_MATCH_MAX_LEVELS 16

/*
 * Text inputs longer than this many bytes are treated as absent: no real
 * name, street or identifier is that long, and the bound keeps every
 * buffer of the key's builder on the stack.
 */
#define C360_MATCH_MAX_INPUT 512
#define C360_MATCH_LEVEL_BITS 4

/* Level 0 of every attribute. */
#define C360_MATCH_LEVEL_MISSING 0

typedef struct C360MatchAttrInfo
{
	const char *name;			/* "given_name", ...: the SQL argument name */
	int			n_levels;		/* including level 0 (missing) */
	const char *const *level_names; /* n_levels short names: "missing",
									 * "exact", ..., "different" */
	int			tf_level;		/* the level whose weight a term-frequency
								 * adjustment refines (exact agreement), or
								 * -1 for attributes without one */
} C360MatchAttrInfo;

extern const C360MatchAttrInfo c360_match_attrs[C360_MATCH_ATTRS];

/*
 * The key: a header followed by a pool of NUL-terminated strings.  Opaque
 * outside match_key.c; use the functions below.
 */
typedef struct C360MatchKey C360MatchKey;

/* Raw inputs of c360_match_key_build: UTF-8, not NUL-terminated; a NULL
 * pointer or zero length means absent. */
typedef struct C360MatchInput
{
	const char *value[16];
	size_t		len[16];
	bool		has_birth_date;
	int			birth_year;		/* 1..9999 */
	int			birth_month;	/* 1..12 */
	int			birth_day;		/* 1..31 */
	char		default_country[3]; /* ISO 3166 alpha-2: phones without a
									 * country code ("" = US); postcodes
									 * ("" = unknown: a ZIP+4 is cut to its
									 * ZIP code only when written 5-4 with a
									 * hyphen, or the region is a US state) */
} C360MatchInput;

/* Indexes into C360MatchInput.value: the text arguments of c360.match_key. */
typedef enum C360MatchInputField
{
	C360_IN_GIVEN_NAME = 0,
	C360_IN_FAMILY_NAME,
	C360_IN_EMAIL,
	C360_IN_PHONE,
	C360_IN_STREET,
	C360_IN_CITY,
	C360_IN_POSTCODE,
	C360_IN_NATIONAL_ID,
	C360_IN_FULL_NAME,
	C360_IN_ADDRESS,
	C360_IN_MIDDLE_NAME,
	C360_IN_REGION,
	C360_IN_FIELDS
} C360MatchInputField;

/*
 * Build a key.  Returns a block from c360_alloc of *size bytes (the caller
 * frees it with c360_free or lets the memory context go).  Never fails on
 * bad data: an attribute that does not parse is absent.
 */
extern C360MatchKey *c360_match_key_build(const C360MatchInput *input, size_t *size);

/*
 * Check that size bytes at key are a well-formed key (version, offsets and
 * terminators inside the block).  Keys read back from disk or from a
 * client's binary input are checked once before use.
 */
extern bool c360_match_key_valid(const C360MatchKey *key, size_t size);

/* Number of attributes present in the key (0 for an all-NULL record). */
extern int	c360_match_key_present(const C360MatchKey *key);

/*
 * The comparison value of one attribute: what exact agreement compares and
 * term frequencies count (folded given name, folded family name, the
 * canonical e-mail, the E.164 phone, the normalized street line, ...), as
 * NUL-terminated UTF-8.  NULL when the attribute is absent.
 */
extern const char *c360_match_key_value(const C360MatchKey *key, C360MatchAttr attr);

/*
 * A part of the address the street comparison value is made of:
 * "house_number", "street_name" or "unit" (NUL-terminated UTF-8), NULL when
 * the key has no such part; *known is set false for any other part name.
 * Households group records by dwelling, which needs the parts apart.
 */
extern const char *c360_match_key_address_part(const C360MatchKey *key, const char *part,
												bool *known);

/*
 * The building of the key's address as households compare records: "house
 * street_name, postcode", a nine-digit ZIP+4 cut to its ZIP.  None without
 * a house number or a street name, or when the postcode holds no digit (a
 * PO box, UNKNOWN, N/A are no dwelling).  Returns the length (0 for none)
 * and writes at most size - 1 bytes of it and a NUL to out ("" for none;
 * out may be NULL when size is 0).
 */
extern size_t c360_match_key_building(const C360MatchKey *key, char *out, size_t size);

/*
 * The primary double-metaphone code of the given name (attr
 * C360_MATCH_GIVEN_NAME) or family name (C360_MATCH_FAMILY_NAME); NULL when
 * the name is absent or has no code.
 */
extern const char *c360_match_key_phonetic(const C360MatchKey *key, C360MatchAttr attr);

/* Levels of every attribute for two keys; symmetric in a and b. */
extern void c360_match_levels(const C360MatchKey *a, const C360MatchKey *b,
							  uint8_t levels[C360_MATCH_ATTRS]);

/* Pack / unpack levels into the 4-bit-per-attribute pattern. */
static inline uint64_t
c360_match_pattern(const uint8_t levels[C360_MATCH_ATTRS])
{
	uint64_t	p = 0;
	int			i;

	for (i = 0; i < C360_MATCH_ATTRS; i++)
		p |= (uint64_t) (levels[i] & 0x0F) << (C360_MATCH_LEVEL_BITS * i);
	return p;
}

static inline int
c360_match_pattern_level(uint64_t pattern, int attr)
{
	return (int) ((pattern >> (C360_MATCH_LEVEL_BITS * attr)) & 0x0F);
}

/*
 * The key's text form: a JSON object of the present attributes and what
 * was prepared for them, for reading a key in a query result.  Writes at
 * most outsize bytes including the NUL; returns the length it needed.
 */
extern size_t c360_match_key_json(const C360MatchKey *key, char *out, size_t outsize);

/*
 * Rebuild a key from the fields of its text form (name/value pairs from
 * the JSON object, values NUL-terminated): the stored fields are taken as
 * they are (they are already normalized), the derived ones (nickname set,
 * phonetic codes) are recomputed and ignored on input, so reading the text
 * form of a key gives the same key.  On failure *bad_field is the index of
 * the offending pair.
 */
typedef enum C360MatchKeyReadStatus
{
	C360_KEY_READ_OK = 0,
	C360_KEY_READ_UNKNOWN_FIELD,
	C360_KEY_READ_BAD_VALUE		/* empty, too long, or a malformed date */
} C360MatchKeyReadStatus;

extern C360MatchKeyReadStatus c360_match_key_read(const char *const *names,
												  const char *const *values, int n,
												  C360MatchKey **key, size_t *size,
												  int *bad_field);

#endif							/* C360_MATCH_KEY_H */
