/*
 * test_match_key.c: building match keys and their comparison levels.
 */
#include <stdlib.h>

#include "match_key.h"
#include "nickname.h"
#include "unit.h"
#include "c360_alloc.h"

typedef struct Rec
{
	const char *given, *family, *full, *email, *phone, *street, *city,
			   *postcode, *id, *address, *region;
	const char *cc;				/* default_country, NULL = not given */
	int			y, m, d;
} Rec;

static C360MatchKey *
make_key(const Rec *r, size_t *size)
{
	C360MatchInput in;
	size_t		dummy;

	memset(&in, 0, sizeof(in));
#define SET(f, v) do { if (v) { in.value[f] = (v); in.len[f] = strlen(v); } } while (0)
	SET(C360_IN_GIVEN_NAME, r->given);
	SET(C360_IN_FAMILY_NAME, r->family);
	SET(C360_IN_FULL_NAME, r->full);
	SET(C360_IN_EMAIL, r->email);
	SET(C360_IN_PHONE, r->phone);
	SET(C360_IN_STREET, r->street);
	SET(C360_IN_CITY, r->city);
	SET(C360_IN_POSTCODE, r->postcode);
	SET(C360_IN_NATIONAL_ID, r->id);
	SET(C360_IN_ADDRESS, r->address);
	SET(C360_IN_REGION, r->region);
#undef SET
	if (r->cc)
		memcpy(in.default_country, r->cc, 2);
	if (r->y)
	{
		in.has_birth_date = true;
		in.birth_year = r->y;
		in.birth_month = r->m;
		in.birth_day = r->d;
	}
	return c360_match_key_build(&in, size ? size : &dummy);
}

/* Levels of two records, checking symmetry and range on the way. */
static void
levels_of(const Rec *ra, const Rec *rb, uint8_t levels[C360_MATCH_ATTRS])
{
	size_t		sa,
				sb;
	C360MatchKey *a = make_key(ra, &sa);
	C360MatchKey *b = make_key(rb, &sb);
	uint8_t		back[C360_MATCH_ATTRS];
	int			i;

	CHECK(c360_match_key_valid(a, sa));
	CHECK(c360_match_key_valid(b, sb));
	c360_match_levels(a, b, levels);
	c360_match_levels(b, a, back);
	for (i = 0; i < C360_MATCH_ATTRS; i++)
	{
		CHECK_INT(back[i], levels[i]);
		CHECK(levels[i] < c360_match_attrs[i].n_levels);
	}
	c360_free(a);
	c360_free(b);
}

static int
level(const Rec *a, const Rec *b, C360MatchAttr attr)
{
	uint8_t		levels[C360_MATCH_ATTRS];

	levels_of(a, b, levels);
	return levels[attr];
}

/* The index of a named level of an attribute, or -1. */
static int
L(C360MatchAttr attr, const char *name)
{
	int			i;

	for (i = 0; i < c360_match_attrs[attr].n_levels; i++)
		if (strcmp(c360_match_attrs[attr].level_names[i], name) == 0)
			return i;
	fprintf(stderr, "no level %s\n", name);
	return -1;
}

static void
test_schema(void)
{
	int			i;

	for (i = 0; i < C360_MATCH_ATTRS; i++)
	{
		const C360MatchAttrInfo *a = &c360_match_attrs[i];

		CHECK(a->n_levels >= 3 && a->n_levels <= C360_MATCH_MAX_LEVELS);
		CHECK_STR(a->level_names[0], "missing");
		CHECK_STR(a->level_names[1], "exact");
		CHECK_STR(a->level_names[a->n_levels - 1], "different");
		CHECK_INT(a->tf_level, 1);
	}
	CHECK_STR(c360_match_attrs[C360_MATCH_GIVEN_NAME].name, "given_name");
	CHECK_STR(c360_match_attrs[C360_MATCH_NATIONAL_ID].name, "national_id");
}

static void
test_pattern(void)
{
	uint8_t		levels[C360_MATCH_ATTRS] = {8, 7, 5, 4, 4, 5, 4, 3, 4};
	uint64_t	p = c360_match_pattern(levels);
	int			i;

	for (i = 0; i < C360_MATCH_ATTRS; i++)
		CHECK_INT(c360_match_pattern_level(p, i), levels[i]);
	CHECK(C360_MATCH_ATTRS * C360_MATCH_LEVEL_BITS <= 64);
}

static void
test_values(void)
{
	Rec			r = {.full = "SMITH, JOHN A", .email = "John.Smith@Acme-Mail.COM",
		.phone = "+44 20 7946 0958", .address = "123 Main St Apt 4, Springfield, IL 62704",
	.id = "123-45-6780", .y = 1960, .m = 4, .d = 9};
	size_t		size;
	C360MatchKey *k = make_key(&r, &size);
	char		json[2048];
	size_t		need;

	CHECK(c360_match_key_valid(k, size));
	CHECK_STR(c360_match_key_value(k, C360_MATCH_GIVEN_NAME), "john");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_FAMILY_NAME), "smith");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_BIRTH_DATE), "19600409");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_PHONE), "+442079460958");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_STREET), "123 MAIN ST APT 4");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_CITY), "springfield");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_POSTCODE), "62704");
	CHECK_STR(c360_match_key_value(k, C360_MATCH_NATIONAL_ID), "123456780");
	CHECK(c360_match_key_value(k, C360_MATCH_EMAIL) != NULL);
	CHECK_INT(c360_match_key_present(k), 9);
	CHECK(c360_match_key_value(k, (C360MatchAttr) 99) == NULL);
	/* The parts of the street, as the text form shows them. */
	{
		bool		known;

		CHECK_STR(c360_match_key_address_part(k, "house_number", &known), "123");
		CHECK(known);
		CHECK_STR(c360_match_key_address_part(k, "street_name", &known), "MAIN ST");
		CHECK_STR(c360_match_key_address_part(k, "unit", &known), "APT 4");
		CHECK(c360_match_key_address_part(k, "street", &known) == NULL);
		CHECK(!known);
		CHECK(c360_match_key_address_part(k, "", &known) == NULL);
		CHECK(!known);
	}
	/* The building households compare, whole and cut short. */
	{
		char		buf[64];

		CHECK_INT((int) c360_match_key_building(k, buf, sizeof(buf)), 18);
		CHECK_STR(buf, "123 MAIN ST, 62704");
		CHECK_INT((int) c360_match_key_building(k, NULL, 0), 18);
		CHECK_INT((int) c360_match_key_building(k, buf, 5), 18);
		CHECK_STR(buf, "123 ");
		CHECK_INT((int) c360_match_key_building(k, buf, 1), 18);
		CHECK_STR(buf, "");
	}
	{
		/* ZIP+4 is its ZIP; a PO box, a postcode without a digit, no
		 * house number or no address: no building. */
		const struct
		{
			const char *street,
					   *postcode,
					   *building;
		}			cases[] = {
			{"12 Main Street Apt 4", "02134-1234", "12 MAIN ST, 02134"},
			{"12 MAIN ST", "02134", "12 MAIN ST, 02134"},
			{"PO Box 12", "10008", NULL},
			{"5 Elm St", "N/A", NULL},
			{"Elm St", "10008", NULL},
			{NULL, "10008", NULL},
			{"5 Elm St", NULL, NULL},
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		{
			Rec			r = {.full = "Ann Lee", .street = cases[i].street, .postcode = cases[i].postcode};
			size_t		size3;
			C360MatchKey *k3 = make_key(&r, &size3);
			char		buf[64];
			size_t		len = c360_match_key_building(k3, buf, sizeof(buf));

			if (cases[i].building == NULL)
			{
				CHECK_INT((int) len, 0);
				CHECK_STR(buf, "");
			}
			else
			{
				CHECK_INT((int) len, (int) strlen(cases[i].building));
				CHECK_STR(buf, cases[i].building);
			}
			c360_free(k3);
		}
	}
	{
		Rec			no_address = {.full = "Ann Lee"};
		size_t		size2;
		C360MatchKey *k2 = make_key(&no_address, &size2);
		bool		known = false;

		CHECK(c360_match_key_address_part(k2, "house_number", &known) == NULL);
		CHECK(known);
		CHECK(c360_match_key_address_part(k2, "unit", &known) == NULL);
		c360_free(k2);
	}

	need = c360_match_key_json(k, json, sizeof(json));
	CHECK(need < sizeof(json));
	CHECK(strstr(json, "\"given_name\": \"john\"") != NULL);
	CHECK(strstr(json, "\"birth_date\": \"1960-04-09\"") != NULL);
	CHECK(strstr(json, "\"unit\": \"APT 4\"") != NULL);
	/* A short buffer is cut but terminated, and the need is the same. */
	CHECK_INT(c360_match_key_json(k, json, 10), need);
	CHECK_INT(strlen(json), 9);
	c360_free(k);
}

static void
test_absent(void)
{
	Rec			empty = {0};
	Rec			junk = {.given = "UNKNOWN", .family = "n/a", .id = "000-00-0000",
		.email = "none@none.com", .phone = "000", .street = "!!!", .postcode = "00000",
	.y = 2023, .m = 2, .d = 29};
	Rec			big = {0};
	char	   *huge = malloc(600);
	size_t		size;
	C360MatchKey *k;
	uint8_t		levels[C360_MATCH_ATTRS];
	int			i;

	k = make_key(&empty, &size);
	CHECK(c360_match_key_valid(k, size));
	CHECK_INT(c360_match_key_present(k), 0);
	c360_free(k);

	k = make_key(&junk, &size);
	CHECK_INT(c360_match_key_present(k), 0);
	c360_free(k);

	memset(huge, 'a', 599);
	huge[599] = '\0';
	big.given = huge;
	big.family = huge;
	k = make_key(&big, &size);
	CHECK_INT(c360_match_key_present(k), 0);
	c360_free(k);
	free(huge);

	/* Missing on either side is level 0 everywhere. */
	levels_of(&empty, &junk, levels);
	for (i = 0; i < C360_MATCH_ATTRS; i++)
		CHECK_INT(levels[i], 0);
}

static void
test_name_levels(void)
{
	Rec			john = {.given = "John", .family = "Smith"};
	Rec			jon = {.given = "Jon", .family = "Smyth"};
	Rec			swapped = {.given = "Smith", .family = "John"};
	Rec			sam = {.given = "Sam", .family = "Green"};
	Rec			samuel = {.given = "Samuel", .family = "Greene"};
	Rec			jhon = {.given = "Jhon", .family = "Smiht"};
	Rec			initial = {.given = "J", .family = "Smith-Jones"};
	Rec			other = {.given = "Mary", .family = "Brown"};
	Rec			full = {.full = "SMITH, JOHN A"};
	Rec			accents = {.given = "JOSÉ", .family = "García-López"};
	Rec			plain = {.given = "jose", .family = "garcia lopez"};

	CHECK_INT(level(&john, &full, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "exact"));
	CHECK_INT(level(&john, &full, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "exact"));
	CHECK_INT(level(&john, &swapped, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "swapped"));
	CHECK_INT(level(&john, &swapped, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "swapped"));
	/* sam's table root is samantha; the nickname set still meets samuel */
	CHECK_INT(level(&sam, &samuel, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "nickname"));
	CHECK_INT(level(&sam, &samuel, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "jaro_winkler_0.92"));
	CHECK_INT(level(&john, &jhon, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "jaro_winkler_0.92"));
	CHECK_INT(level(&john, &jhon, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "jaro_winkler_0.92"));
	CHECK_INT(level(&john, &jon, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "nickname"));
	CHECK_INT(level(&john, &jon, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "jaro_winkler_0.88"));
	CHECK_INT(level(&john, &initial, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "initial"));
	CHECK_INT(level(&john, &initial, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "jaro_winkler_0.88"));
	CHECK_INT(level(&john, &other, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "different"));
	CHECK_INT(level(&john, &other, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "different"));
	CHECK_INT(level(&accents, &plain, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "exact"));
	CHECK_INT(level(&accents, &plain, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "exact"));

	{
		Rec			a = {.given = "Katherine", .family = "Jones"};
		Rec			b = {.given = "Catherine", .family = "Smith Jones"};
		Rec			c = {.given = "Stephen", .family = "Xu"};
		Rec			d = {.given = "Steven", .family = "Hsu"};

		CHECK_INT(level(&a, &b, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "shared_part"));
		CHECK(level(&a, &b, C360_MATCH_GIVEN_NAME) != L(C360_MATCH_GIVEN_NAME, "different"));
		/* not in the nickname table, but close in spelling */
		CHECK_INT(level(&c, &d, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "jaro_winkler_0.88"));
	}
}

/*
 * Given and family exchanged where one family name has two parts: the
 * swapped level; a shared part of a family name alone is not a swap.
 */
static void
test_swap_double_barrelled(void)
{
	static const struct
	{
		const char *g1,
				   *f1,
				   *g2,
				   *f2;
		bool		swapped;
	}			cases[] = {
		{"Emma", "Moore-Johnson", "Moore", "Emma", true},
		{"Emma", "MOORE JOHNSON", "Moore", "Emma", true},
		{"Emma", "Moore Johnson", "Moore Johnson", "Emma", true},
		{"Emma", "Moore-Johnson", "MOORE JOHNSON", "Emma", true},
		{"Emma", "Moore-Johnson", "Johnson", "Emma", true},
		{"Emma", "Moore-Johnson", "Moore", "Emmа", false},	/* Cyrillic а */
		{"Mary Ann", "Smith", "Smith", "Mary", true},
		{"José", "García-López", "Garcia", "Jose", true},
		{"Emma", "Moore-Johnson", "Moore-Johnson", "Emma-Louise", true},
		/* a shared family part alone */
		{"Emma", "Moore-Johnson", "Olivia", "Moore", false},
		{"Emma", "Moore-Johnson", "Emma", "Moore", false},
		{"Emma", "Moore-Johnson", "Johnson", "Moore", false},
		{"Emma", "Moore-Johnson", "Moore", "Smith", false},
		{"John", "Moore-Johnson", "Mary", "Johnson", false},
		{"Emma", "Moore-Johnson", "Moore", "Emmanuel", false},
		/* parts of one letter are not parts; equal evidence both ways is
		 * no swap */
		{"Emma", "J Moore", "J", "Emma", false},
		{"Moore", "Moore Johnson", "Moore Johnson", "Moore", false},
		/* the plain swap still is one */
		{"John", "Smith", "Smith", "John", true},
		{"Smith", "John", "Jon", "Smith", true},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		Rec			a = {.given = cases[i].g1, .family = cases[i].f1};
		Rec			b = {.given = cases[i].g2, .family = cases[i].f2};
		uint8_t		lv[C360_MATCH_ATTRS];
		bool		given_swapped,
					family_swapped;

		levels_of(&a, &b, lv);
		given_swapped = lv[C360_MATCH_GIVEN_NAME] == L(C360_MATCH_GIVEN_NAME, "swapped");
		family_swapped = lv[C360_MATCH_FAMILY_NAME] == L(C360_MATCH_FAMILY_NAME, "swapped");
		if (given_swapped != cases[i].swapped || family_swapped != cases[i].swapped)
			fprintf(stderr, "swap case %zu: %s %s / %s %s\n", i, cases[i].g1, cases[i].f1,
					cases[i].g2, cases[i].f2);
		CHECK(given_swapped == cases[i].swapped);
		CHECK(family_swapped == cases[i].swapped);
	}
	/* The non-swaps keep their other levels. */
	{
		Rec			a = {.given = "Emma", .family = "Moore-Johnson"};
		Rec			b = {.given = "Olivia", .family = "Moore"};
		Rec			c = {.given = "Emma", .family = "Moore"};

		CHECK_INT(level(&a, &b, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "different"));
		CHECK_INT(level(&a, &b, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "shared_part"));
		CHECK_INT(level(&a, &c, C360_MATCH_GIVEN_NAME), L(C360_MATCH_GIVEN_NAME, "exact"));
		CHECK_INT(level(&a, &c, C360_MATCH_FAMILY_NAME), L(C360_MATCH_FAMILY_NAME, "shared_part"));
	}
}

static void
test_other_levels(void)
{
	Rec			a = {.y = 1956, .m = 4, .d = 9, .email = "jsmith@acmemail.com",
		.phone = "(212) 555-0123", .street = "7 Wallaby Place", .city = "Cleveland",
	.postcode = "2119", .id = "1804974"};
	Rec			same = {.y = 1956, .m = 4, .d = 9, .email = "JSmith@AcmeMail.com",
		.phone = "212-555-0123", .street = "7 WALLABY PL", .city = "CLEVELAND",
	.postcode = "2119", .id = "1804974"};
	Rec			typo = {.y = 1956, .m = 4, .d = 8, .email = "jsmitj@acmemail.com",
		.phone = "(212) 555-0132", .street = "7 Wallaby Plaec", .city = "Clevland",
	.postcode = "2191", .id = "1804947"};
	Rec			far = {.y = 1956, .m = 9, .d = 4, .email = "jsmith@acmemail.org",
		.phone = "(646) 555-0123", .street = "17 Wallaby Place Unit 3", .city = "Sydney",
	.postcode = "3000", .id = "1809477"};
	Rec			unit = {.street = "7 Wallaby Place Unit 3"};
	Rec			year = {.y = 1956, .m = 12, .d = 25, .id = "9999991"};

	uint8_t		lv[C360_MATCH_ATTRS];
	int			i;

	levels_of(&a, &same, lv);
	for (i = C360_MATCH_BIRTH_DATE; i < C360_MATCH_ATTRS; i++)
		CHECK_INT(lv[i], 1);

	levels_of(&a, &typo, lv);
	CHECK_INT(lv[C360_MATCH_BIRTH_DATE], L(C360_MATCH_BIRTH_DATE, "one_digit"));
	CHECK_INT(lv[C360_MATCH_EMAIL], L(C360_MATCH_EMAIL, "one_edit"));
	CHECK_INT(lv[C360_MATCH_PHONE], L(C360_MATCH_PHONE, "one_edit"));
	CHECK_INT(lv[C360_MATCH_STREET], L(C360_MATCH_STREET, "jaro_winkler_0.92"));
	CHECK_INT(lv[C360_MATCH_CITY], L(C360_MATCH_CITY, "jaro_winkler_0.92"));
	CHECK_INT(lv[C360_MATCH_POSTCODE], L(C360_MATCH_POSTCODE, "one_edit"));
	CHECK_INT(lv[C360_MATCH_NATIONAL_ID], L(C360_MATCH_NATIONAL_ID, "one_edit"));

	levels_of(&a, &far, lv);
	CHECK_INT(lv[C360_MATCH_BIRTH_DATE], L(C360_MATCH_BIRTH_DATE, "day_month_swapped"));
	CHECK_INT(lv[C360_MATCH_EMAIL], L(C360_MATCH_EMAIL, "same_local_part"));
	CHECK_INT(lv[C360_MATCH_PHONE], L(C360_MATCH_PHONE, "same_last_7"));
	CHECK_INT(lv[C360_MATCH_CITY], L(C360_MATCH_CITY, "different"));
	CHECK_INT(lv[C360_MATCH_POSTCODE], L(C360_MATCH_POSTCODE, "different"));
	CHECK_INT(lv[C360_MATCH_NATIONAL_ID], L(C360_MATCH_NATIONAL_ID, "two_edits"));

	CHECK_INT(level(&a, &unit, C360_MATCH_STREET), L(C360_MATCH_STREET, "same_house_and_street"));
	CHECK_INT(level(&a, &year, C360_MATCH_BIRTH_DATE), L(C360_MATCH_BIRTH_DATE, "same_year"));
	CHECK_INT(level(&a, &year, C360_MATCH_NATIONAL_ID), L(C360_MATCH_NATIONAL_ID, "different"));
}

/* The postcode a record's key holds ("(null)" when absent). */
static const char *
postcode_of(const Rec *r, char *buf, size_t size)
{
	C360MatchKey *k = make_key(r, NULL);
	const char *v = c360_match_key_value(k, C360_MATCH_POSTCODE);

	snprintf(buf, size, "%s", v ? v : "(null)");
	c360_free(k);
	return buf;
}

/*
 * ZIP+4 is cut to the ZIP code where the record is in the US ZIP system,
 * or its country is unknown and the text is 5 digits, a hyphen, 4 digits;
 * other countries' postcodes are left alone.
 */
static void
test_zip_plus4(void)
{
	static const struct
	{
		const char *postcode;
		const char *cc;
		const char *region;
		const char *address;
		const char *expect;
	}			cases[] = {
		/* in the ZIP system: every way of writing ZIP+4 */
		{"44109-9067", "US", NULL, NULL, "44109"},
		{"441099067", "US", NULL, NULL, "44109"},
		{"44109 9067", "US", NULL, NULL, "44109"},
		{" 44109 - 9067 ", "US", NULL, NULL, "44109"},
		{"44109", "US", NULL, NULL, "44109"},
		{"00901-1234", "PR", NULL, NULL, "00901"},
		{"96910-1234", "GU", NULL, NULL, "96910"},
		{"44109-0000", "US", NULL, NULL, "44109"},
		/* in the ZIP system 9 digits are a ZIP+4, however punctuated */
		{"44109--9067", "US", NULL, NULL, "44109"},
		{"4410-99067", "US", NULL, NULL, "44109"},
		{"44109/9067", "US", NULL, NULL, "44109"},
		/* not 9 digits: only folded */
		{"44109-90671", "US", NULL, NULL, "4410990671"},
		{"44109-906", "US", NULL, NULL, "44109906"},
		{"PR 00901-1234", "US", NULL, NULL, "PR009011234"},
		/* placeholders stay absent */
		{"00000-0000", "US", NULL, NULL, "(null)"},
		{"99999", "US", NULL, NULL, "(null)"},
		/* country unknown: the hyphenated form only, or a US region */
		{"44109-9067", NULL, NULL, NULL, "44109"},
		{" 44109 - 9067", NULL, NULL, NULL, "44109"},
		{"441099067", NULL, NULL, NULL, "441099067"},
		{"44109 9067", NULL, NULL, NULL, "441099067"},
		{"44109--9067", NULL, NULL, NULL, "441099067"},
		{"A4109-9067", NULL, NULL, NULL, "A41099067"},
		{"441099067", NULL, "OH", NULL, "44109"},
		{"441099067", NULL, "ohio", NULL, "44109"},
		{"441099067", NULL, "N. Carolina", NULL, "441099067"},
		{"441099067", NULL, "North Carolina", NULL, "44109"},
		{"441099067", NULL, "WA", NULL, "441099067"},	/* also Western Australia */
		{"441099067", NULL, "ON", NULL, "441099067"},
		{"441099067", NULL, "Ohio 😀", NULL, "441099067"},
		/* other countries: left alone, whatever the shape */
		{"44109-9067", "AU", NULL, NULL, "441099067"},
		{"441099067", "GB", "OH", NULL, "441099067"},
		{"123456789", "BR", NULL, NULL, "123456789"},
		{"12345-678", "BR", NULL, NULL, "12345678"},
		{"SW1A 1AA", "US", NULL, NULL, "SW1A1AA"},
		{"SW1A 1AA", "GB", NULL, NULL, "SW1A1AA"},
		{"K1A 0B1", "CA", NULL, NULL, "K1A0B1"},
		{"K1A 0B1", "US", NULL, NULL, "K1A0B1"},
		{"1234 AB", "NL", NULL, NULL, "1234AB"},
		{"1234 AB", NULL, NULL, NULL, "1234AB"},
		{"2119", "AU", NULL, NULL, "2119"},
		/* the one-line address: its country (said or implied) decides */
		{NULL, NULL, NULL, "406 5th Dr Apt 21, Cleveland, OH 44109-9067", "44109"},
		{NULL, "GB", NULL, "406 5th Dr Apt 21, Cleveland, OH 441099067", "44109"},
		{NULL, "AU", NULL, "406 5th Dr, Cleveland, OH 44109-9067", "44109"},
		{"441099067", "US", NULL, "1 George St, Sydney NSW 2000, Australia", "441099067"},
		{"44109-9067", NULL, NULL, "1 George St, Sydney NSW 2000, Australia", "441099067"},
		{NULL, NULL, NULL, "1 George St, Sydney NSW 2000, Australia", "2000"},
	};
	size_t		i;
	char		buf[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		Rec			r = {.postcode = cases[i].postcode, .cc = cases[i].cc,
		.region = cases[i].region, .address = cases[i].address};

		CHECK_STR(postcode_of(&r, buf, sizeof(buf)), cases[i].expect);
	}

	/* ZIP+4 and ZIP agree exactly, also across the two ways of writing. */
	{
		Rec			plus4 = {.postcode = "44109-9067"};
		Rec			bare9 = {.postcode = "441099067", .cc = "US"};
		Rec			zip5 = {.postcode = "44109"};
		Rec			other = {.postcode = "44109-1234", .cc = "US"};
		Rec			addr = {.address = "406 5th Dr Apt 21, Cleveland, OH 44109-9067"};
		Rec			au = {.postcode = "441099067", .cc = "AU"};

		CHECK_INT(level(&plus4, &zip5, C360_MATCH_POSTCODE), L(C360_MATCH_POSTCODE, "exact"));
		CHECK_INT(level(&bare9, &zip5, C360_MATCH_POSTCODE), L(C360_MATCH_POSTCODE, "exact"));
		CHECK_INT(level(&plus4, &other, C360_MATCH_POSTCODE), L(C360_MATCH_POSTCODE, "exact"));
		CHECK_INT(level(&addr, &zip5, C360_MATCH_POSTCODE), L(C360_MATCH_POSTCODE, "exact"));
		CHECK_INT(level(&au, &zip5, C360_MATCH_POSTCODE), L(C360_MATCH_POSTCODE, "different"));
	}
}

/* The text form's fields read back into the same bytes. */
static void
test_read_back(void)
{
	Rec			r = {.full = "Mr John A Smith", .email = "js@acmemail.net", .phone = "212 555 0123",
		.address = "1 Main St Apt 2, Boston, MA 02110", .id = "AB123456", .y = 2000, .m = 2, .d = 29};
	size_t		size,
				size2;
	C360MatchKey *k = make_key(&r, &size);
	C360MatchKey *k2;
	const char *names[32];
	const char *values[32];
	char		json[2048];
	char	   *p;
	int			n = 0,
				bad;

	c360_match_key_json(k, json, sizeof(json));
	/* A tiny reader for the flat {"a": "b", ...} the writer produces. */
	p = json + 1;
	while ((p = strchr(p, '"')) != NULL)
	{
		char	   *name = p + 1,
				   *end = strchr(name, '"');
		char	   *value,
				   *vend;

		*end = '\0';
		value = strchr(end + 1, '"') + 1;
		vend = strchr(value, '"');
		*vend = '\0';
		names[n] = name;
		values[n] = value;
		n++;
		p = vend + 1;
	}
	CHECK(n >= 10);
	CHECK_INT(c360_match_key_read(names, values, n, &k2, &size2, &bad), C360_KEY_READ_OK);
	CHECK_INT(size2, size);
	CHECK(memcmp(k, k2, size) == 0);
	c360_free(k2);

	names[0] = "shoe_size";
	CHECK_INT(c360_match_key_read(names, values, n, &k2, &size2, &bad), C360_KEY_READ_UNKNOWN_FIELD);
	CHECK_INT(bad, 0);
	names[0] = "birth_date";
	values[0] = "2001-02-29";
	CHECK_INT(c360_match_key_read(names, values, 1, &k2, &size2, &bad), C360_KEY_READ_BAD_VALUE);
	values[0] = "";
	CHECK_INT(c360_match_key_read(names, values, 1, &k2, &size2, &bad), C360_KEY_READ_BAD_VALUE);
	CHECK_INT(c360_match_key_read(names, values, 0, &k2, &size2, &bad), C360_KEY_READ_OK);
	CHECK_INT(c360_match_key_present(k2), 0);
	c360_free(k2);
	c360_free(k);
}

static void
test_valid(void)
{
	Rec			r = {.given = "Ann", .family = "Lee", .y = 1990, .m = 1, .d = 2};
	size_t		size;
	C360MatchKey *k = make_key(&r, &size);
	unsigned char *bytes = (unsigned char *) k;
	size_t		i;

	CHECK(c360_match_key_valid(k, size));
	CHECK(!c360_match_key_valid(k, size - 1));
	CHECK(!c360_match_key_valid(k, 3));
	/* Flipping any single byte of the header is caught or harmless. */
	for (i = 0; i < size; i++)
	{
		unsigned char save = bytes[i];

		bytes[i] ^= 0xFF;
		if (c360_match_key_valid(k, size))
		{
			uint8_t		lv[C360_MATCH_ATTRS];

			c360_match_levels(k, k, lv);	/* must not crash */
		}
		bytes[i] = save;
	}
	c360_free(k);
}

static void
test_formal_names(void)
{
	const char *names[8];
	size_t		lens[8];
	size_t		n = c360_nickname_formal_names("sam", 3, names, lens, 8);

	CHECK(n >= 4);
	CHECK_INT(c360_nickname_formal_names("zzzz", 4, names, lens, 8), 0);
	CHECK_INT(c360_nickname_formal_names("sam", 3, names, lens, 1), n);
	CHECK_STR(names[0], "samantha");
}

int
main(void)
{
	test_schema();
	test_pattern();
	test_values();
	test_absent();
	test_name_levels();
	test_swap_double_barrelled();
	test_other_levels();
	test_zip_plus4();
	test_read_back();
	test_valid();
	test_formal_names();
	return UNIT_DONE();
}
