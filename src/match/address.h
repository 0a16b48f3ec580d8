/*
 * address.h: postal address parsing and normalization (USPS Publication 28
 * style), for building per-record match keys.
 *
 * Plain C, no PostgreSQL headers.  Input is UTF-8 (not NUL-terminated);
 * malformed bytes are treated as separators.  Output components are upper
 * case, accent folded (src/common/utf8.h), with punctuation removed except
 * the slash of a fraction ("1/2") and a hyphen between digits ("45-67",
 * "62704-1234"), and words separated by single spaces.
 *
 * Cost and memory.  One call reads at most C360_ADDRESS_MAX_INPUT bytes,
 * runs in time linear in them, and works in one fixed-size block of about
 * 64 kB from c360_alloc, freed before it returns (nothing grows with the
 * input).  Word lookups are binary searches over static arrays
 * (address_tables.c) and allocate nothing.  Longer input is not a postal
 * address: the call returns C360_ADDRESS_TOO_LONG at once, without reading
 * it, so 1 MB of text or a million-token line costs nothing and gives every
 * component empty (NULL in SQL).
 *
 * docs/reference/address.md describes the rules in full.
 */
#ifndef C360_ADDRESS_H
#define C360_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

/* Longest input considered an address, in bytes (about a dozen full lines). */
#define C360_ADDRESS_MAX_INPUT 1024

/*
 * Size of each component buffer, NUL included: 127 bytes is three times
 * the longest street or city name USPS files hold.  The limits are chosen
 * so that a formatted line always fits C360_ADDRESS_MAX_INPUT.
 */
#define C360_ADDRESS_PART_SIZE 128

/* Size of a buffer that always holds a formatted line, NUL included. */
#define C360_ADDRESS_LINE_SIZE (8 * C360_ADDRESS_PART_SIZE + 32)

typedef enum C360AddressStatus
{
	C360_ADDRESS_OK = 0,
	C360_ADDRESS_EMPTY,			/* nothing of an address: no letter or digit
								 * that lands in any component */
	C360_ADDRESS_TOO_LONG		/* more than C360_ADDRESS_MAX_INPUT bytes, or
								 * a component longer than PART_SIZE - 1 */
} C360AddressStatus;

/* What the parse found, beyond the components (C360AddressParts.flags). */
#define C360_ADDRESS_FLAG_US			0x01	/* country is US */
#define C360_ADDRESS_FLAG_PO_BOX		0x02	/* street is a PO box */
#define C360_ADDRESS_FLAG_RURAL_ROUTE	0x04	/* street is a rural or highway
												 * contract route */
#define C360_ADDRESS_FLAG_GUESSED_CITY	0x08	/* no comma after the street:
												 * where the city starts is a
												 * guess */
#define C360_ADDRESS_FLAG_DROPPED_TEXT	0x10	/* text before the delivery line
												 * (a recipient or company line)
												 * was left out */

/*
 * A parsed address.  Every component is a NUL-terminated UTF-8 string; ""
 * means absent (NULL in SQL).
 *
 *	house_number	"123", "123 1/2", "45-67", "123A"
 *	street			predirectional, name, suffix, postdirectional:
 *					"N PENNSYLVANIA AVE NW"; or "PO BOX 123"; or "RR 2 BOX 152"
 *	unit			secondary unit designators and ranges: "APT 4B", "# 4",
 *					"BLDG 5 STE 200", "BSMT"
 *	extra			other secondary text: a comma-separated part between the
 *					street and the city that is not a unit (a building or
 *					locality name, as in Australian and FEBRL data)
 *	city			"SPRINGFIELD", "SAINT LOUIS"
 *	region			state, province or territory code: "IL", "ON", "NSW"
 *	postcode		"62704", "62704-1234", "K1A 0B1", "SW1A 2AA", "4011"
 *	country			ISO 3166-1 alpha-2: "US", "AU"; "" when not known
 */
typedef struct C360AddressParts
{
	char		house_number[C360_ADDRESS_PART_SIZE];
	char		street[C360_ADDRESS_PART_SIZE];
	char		unit[C360_ADDRESS_PART_SIZE];
	char		extra[C360_ADDRESS_PART_SIZE];
	char		city[C360_ADDRESS_PART_SIZE];
	char		region[C360_ADDRESS_PART_SIZE];
	char		postcode[C360_ADDRESS_PART_SIZE];
	char		country[4];
	unsigned	flags;			/* C360_ADDRESS_FLAG_* */
} C360AddressParts;

/*
 * Parse len bytes of UTF-8 into parts.  parts is always fully written: on
 * any status but C360_ADDRESS_OK every component is "" and flags is 0.
 */
extern C360AddressStatus c360_address_parse(const char *utf8, size_t len,
											C360AddressParts *parts);

/*
 * The canonical one-line form of parsed parts:
 *
 *		HOUSE STREET UNIT, EXTRA, CITY, REGION POSTCODE, COUNTRY
 *
 * absent components and their separators left out.  COUNTRY is the
 * country's English name ("AUSTRALIA"; "USA" for the US), and is left out
 * for the US when the region is a US state and the postcode a ZIP code
 * (the parse infers it again).  out must have room for
 * C360_ADDRESS_LINE_SIZE bytes.  Returns the length written (0: nothing,
 * out is "").
 */
extern size_t c360_address_format(const C360AddressParts *parts, char *out);

/*
 * Parse and format in one call.  out must have room for
 * C360_ADDRESS_LINE_SIZE bytes; *out_len gets the length.  Returns the
 * parse status; on any status but C360_ADDRESS_OK out is "" and *out_len 0.
 * The result is a fixed point: normalizing a normalized line gives it back.
 */
extern C360AddressStatus c360_address_normalize(const char *utf8, size_t len,
												char *out, size_t *out_len);

/*
 * The word lists (address_tables.c).  Words are NUL-terminated upper-case
 * ASCII with single spaces between words; anything else finds nothing.
 */

/*
 * Street suffix (Publication 28 Appendix C1): the standard abbreviation of
 * word ("AVENUE", "AVENU", "AV" -> "AVE"), or NULL.  If primary is not NULL
 * it gets the spelled-out primary name ("AVENUE").
 */
extern const char *c360_address_suffix(const char *word, const char **primary);

/*
 * Secondary unit designator (Appendix C2): the abbreviation ("APARTMENT" ->
 * "APT"), or NULL.  If range_required is not NULL it says whether a range
 * ("4B") must follow.
 */
extern const char *c360_address_unit(const char *word, bool *range_required);

/* Directional ("NORTHWEST" -> "NW", "N" -> "N"), or NULL. */
extern const char *c360_address_directional(const char *word);

/* Region flags (c360_address_region). */
#define C360_REGION_US			0x01	/* US state, DC, territory, armed forces */
#define C360_REGION_CA			0x02	/* Canadian province or territory */
#define C360_REGION_AU			0x04	/* Australian state or territory */
#define C360_REGION_BEFORE_ZIP	0x08	/* a traditional abbreviation ("CALIF"),
										 * trusted only before a ZIP code */

/*
 * Region code of a code or name ("ILLINOIS" -> "IL", "NEW SOUTH WALES" ->
 * "NSW", "IL" -> "IL"), or NULL.  If flags is not NULL it gets the
 * C360_REGION_* bits.
 */
extern const char *c360_address_region(const char *name, unsigned *flags);

/* ISO 3166-1 alpha-2 code of a country name ("AUSTRALIA" -> "AU"), or NULL. */
extern const char *c360_address_country_code(const char *name);

/* The English name the normalized line prints for a code ("AU"), or NULL. */
extern const char *c360_address_country_name(const char *code);

/*
 * Whether every word list is strictly sorted, every name fits the lookup
 * buffer, and every country code's printed name reads back as that
 * country (a unit-test check).
 */
extern bool c360_address_tables_check(void);

#endif							/* C360_ADDRESS_H */
