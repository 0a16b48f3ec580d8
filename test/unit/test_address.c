/* Unit tests for src/match/address.c and address_tables.c. */
#include <stdlib.h>

#include "address.h"
#include "c360_alloc.h"
#include "unit.h"

static C360AddressParts parts;
static C360AddressStatus status;

static void
parse(const char *s)
{
	status = c360_address_parse(s, strlen(s), &parts);
}

/* The normalized line, or "(null)" when there is none. */
static const char *
norm(const char *s)
{
	static char out[C360_ADDRESS_LINE_SIZE];
	size_t		len;

	if (c360_address_normalize(s, strlen(s), out, &len) != C360_ADDRESS_OK)
		return "(null)";
	CHECK_INT(len, strlen(out));
	return out;
}

/*
 * Parse s and check every component, in the order of the composite type:
 * house_number, street, unit, city, region, postcode, country; extra is
 * checked separately where it matters and must be empty otherwise.
 */
#define CHECK_PARSE(s, h, st, u, c, r, pc, co) \
	do { \
		parse(s); \
		CHECK_INT(status, C360_ADDRESS_OK); \
		CHECK_STR(parts.house_number, h); \
		CHECK_STR(parts.street, st); \
		CHECK_STR(parts.unit, u); \
		CHECK_STR(parts.city, c); \
		CHECK_STR(parts.region, r); \
		CHECK_STR(parts.postcode, pc); \
		CHECK_STR(parts.country, co); \
		CHECK_STR(parts.extra, ""); \
	} while (0)

static void
test_tables(void)
{
	const char *primary = NULL;
	bool		range = false;
	unsigned	flags = 0;

	CHECK(c360_address_tables_check());

	/* Appendix C1: primary names, variants and standard abbreviations */
	CHECK_STR(c360_address_suffix("AVENUE", &primary), "AVE");
	CHECK_STR(primary, "AVENUE");
	CHECK_STR(c360_address_suffix("AVENU", NULL), "AVE");
	CHECK_STR(c360_address_suffix("AVEN", NULL), "AVE");
	CHECK_STR(c360_address_suffix("AVN", NULL), "AVE");
	CHECK_STR(c360_address_suffix("AVNUE", NULL), "AVE");
	CHECK_STR(c360_address_suffix("AV", NULL), "AVE");
	CHECK_STR(c360_address_suffix("AVE", NULL), "AVE");
	CHECK_STR(c360_address_suffix("STREET", NULL), "ST");
	CHECK_STR(c360_address_suffix("STRT", NULL), "ST");
	CHECK_STR(c360_address_suffix("STR", NULL), "ST");
	CHECK_STR(c360_address_suffix("BOULEVARD", NULL), "BLVD");
	CHECK_STR(c360_address_suffix("BOUL", NULL), "BLVD");
	CHECK_STR(c360_address_suffix("CRESCENT", NULL), "CRES");
	CHECK_STR(c360_address_suffix("CRSNT", NULL), "CRES");
	CHECK_STR(c360_address_suffix("CENTRE", &primary), "CTR");
	CHECK_STR(primary, "CENTER");
	CHECK_STR(c360_address_suffix("CROSSING", NULL), "XING");
	CHECK_STR(c360_address_suffix("EXPRESSWAY", NULL), "EXPY");
	CHECK_STR(c360_address_suffix("HIGHWAY", NULL), "HWY");
	CHECK_STR(c360_address_suffix("HIWAY", NULL), "HWY");
	CHECK_STR(c360_address_suffix("JUNCTON", NULL), "JCT");
	CHECK_STR(c360_address_suffix("MOUNT", NULL), "MT");
	CHECK_STR(c360_address_suffix("MOUNTIN", NULL), "MTN");
	CHECK_STR(c360_address_suffix("PARKWAYS", NULL), "PKWY");
	CHECK_STR(c360_address_suffix("PARKS", NULL), "PARK");
	CHECK_STR(c360_address_suffix("PLACE", NULL), "PL");
	CHECK_STR(c360_address_suffix("SQUARE", NULL), "SQ");
	CHECK_STR(c360_address_suffix("STRAVENUE", NULL), "STRA");
	CHECK_STR(c360_address_suffix("TERRACE", NULL), "TER");
	CHECK_STR(c360_address_suffix("TURNPIKE", NULL), "TPKE");
	CHECK_STR(c360_address_suffix("VIADUCT", NULL), "VIA");
	CHECK_STR(c360_address_suffix("VILLIAGE", NULL), "VLG");
	CHECK_STR(c360_address_suffix("WAY", NULL), "WAY");
	CHECK_STR(c360_address_suffix("WY", NULL), "WAY");
	CHECK_STR(c360_address_suffix("MDW", &primary), "MDW");
	CHECK_STR(primary, "MEADOW");
	CHECK_STR(c360_address_suffix("MEADOWS", NULL), "MDWS");
	CHECK(c360_address_suffix("MAIN", NULL) == NULL);
	CHECK(c360_address_suffix("avenue", NULL) == NULL);	/* upper case only */
	CHECK(c360_address_suffix("", NULL) == NULL);

	/* Appendix C2 */
	CHECK_STR(c360_address_unit("APARTMENT", &range), "APT");
	CHECK(range);
	CHECK_STR(c360_address_unit("SUITE", NULL), "STE");
	CHECK_STR(c360_address_unit("FLOOR", NULL), "FL");
	CHECK_STR(c360_address_unit("BUILDING", NULL), "BLDG");
	CHECK_STR(c360_address_unit("ROOM", NULL), "RM");
	CHECK_STR(c360_address_unit("UNIT", NULL), "UNIT");
	CHECK_STR(c360_address_unit("PENTHOUSE", &range), "PH");
	CHECK(!range);
	CHECK_STR(c360_address_unit("BASEMENT", &range), "BSMT");
	CHECK(!range);
	CHECK_STR(c360_address_unit("FLAT", NULL), "FLAT");
	CHECK(c360_address_unit("STREET", NULL) == NULL);

	CHECK_STR(c360_address_directional("NORTHWEST"), "NW");
	CHECK_STR(c360_address_directional("SOUTH"), "S");
	CHECK_STR(c360_address_directional("NE"), "NE");
	CHECK(c360_address_directional("NORTHERN") == NULL);

	CHECK_STR(c360_address_region("ILLINOIS", &flags), "IL");
	CHECK_INT(flags, C360_REGION_US);
	CHECK_STR(c360_address_region("DISTRICT OF COLUMBIA", NULL), "DC");
	CHECK_STR(c360_address_region("NEW SOUTH WALES", &flags), "NSW");
	CHECK_INT(flags, C360_REGION_AU);
	CHECK_STR(c360_address_region("WA", &flags), "WA");
	CHECK_INT(flags, C360_REGION_US | C360_REGION_AU);
	CHECK_STR(c360_address_region("ONTARIO", &flags), "ON");
	CHECK_INT(flags, C360_REGION_CA);
	CHECK_STR(c360_address_region("CALIF", &flags), "CA");
	CHECK(flags & C360_REGION_BEFORE_ZIP);
	CHECK(c360_address_region("SPRINGFIELD", NULL) == NULL);

	CHECK_STR(c360_address_country_code("AUSTRALIA"), "AU");
	CHECK_STR(c360_address_country_code("UNITED STATES OF AMERICA"), "US");
	CHECK_STR(c360_address_country_code("COTE DIVOIRE"), "CI");
	CHECK_STR(c360_address_country_name("US"), "USA");
	CHECK_STR(c360_address_country_name("GB"), "UNITED KINGDOM");
	CHECK(c360_address_country_name("ZZ") == NULL);
}

static void
test_spec_examples(void)
{
	/* the two pairs that must normalize alike */
	CHECK_STR(norm("123 Main Street Apartment 4"), "123 MAIN ST APT 4");
	CHECK_STR(norm("123 MAIN ST APT 4"), "123 MAIN ST APT 4");
	CHECK_STR(norm("123 Main Street Apartment 4, Springfield, IL 62704"),
			  "123 MAIN ST APT 4, SPRINGFIELD, IL 62704");
	CHECK_STR(norm("123 MAIN ST APT 4 SPRINGFIELD IL 62704"),
			  "123 MAIN ST APT 4, SPRINGFIELD, IL 62704");

	CHECK_PARSE("123 Main Street Apartment 4, Springfield, IL 62704",
				"123", "MAIN ST", "APT 4", "SPRINGFIELD", "IL", "62704", "US");
	CHECK_PARSE("123 Main St Apt 4 Springfield IL 62704-1234",
				"123", "MAIN ST", "APT 4", "SPRINGFIELD", "IL", "62704-1234", "US");
	CHECK(parts.flags & C360_ADDRESS_FLAG_GUESSED_CITY);
	CHECK(parts.flags & C360_ADDRESS_FLAG_US);
	CHECK_PARSE("123 MAIN ST APT 4", "123", "MAIN ST", "APT 4", "", "", "", "");
	CHECK_INT(parts.flags, 0);

	/* units */
	CHECK_PARSE("123 Main St #4", "123", "MAIN ST", "# 4", "", "", "", "");
	CHECK_PARSE("123 Main St # 4", "123", "MAIN ST", "# 4", "", "", "", "");
	CHECK_PARSE("123 Main St Unit 4B", "123", "MAIN ST", "UNIT 4B", "", "", "", "");
	CHECK_PARSE("123 Main St Apt. 4-B", "123", "MAIN ST", "APT 4B", "", "", "", "");
	CHECK_PARSE("123 Main St Ste 200", "123", "MAIN ST", "STE 200", "", "", "", "");
	CHECK_PARSE("123 Main St Fl 3", "123", "MAIN ST", "FL 3", "", "", "", "");
	CHECK_PARSE("123 Main St Apt #4", "123", "MAIN ST", "APT 4", "", "", "", "");
	CHECK_PARSE("123 Main St Suite No. 200", "123", "MAIN ST", "STE 200", "", "", "", "");
	CHECK_PARSE("123 Main St Bldg 5 Rm 12", "123", "MAIN ST", "BLDG 5 RM 12", "", "", "", "");
	CHECK_PARSE("123 Main St Rear", "123", "MAIN ST", "REAR", "", "", "", "");
	CHECK_PARSE("123 Main St Penthouse", "123", "MAIN ST", "PH", "", "", "", "");
	CHECK_PARSE("123 Main St Apt 4-5", "123", "MAIN ST", "APT 4-5", "", "", "", "");
	CHECK_PARSE("3rd Floor, 123 Main St", "123", "MAIN ST", "FL 3", "", "", "", "");
	CHECK_PARSE("Apt 4, 123 Main St", "123", "MAIN ST", "APT 4", "", "", "", "");
	CHECK_PARSE("Suite 200 100 Main St", "100", "MAIN ST", "STE 200", "", "", "", "");
	CHECK_PARSE("123 Main St 4B", "123", "MAIN ST", "# 4B", "", "", "", "");
	CHECK_PARSE("123 Main St \xe2\x84\x96 7", "123", "MAIN ST", "# 7", "", "", "", "");	/* № */

	/* directionals */
	CHECK_PARSE("1600 N. Pennsylvania Ave NW", "1600", "N PENNSYLVANIA AVE NW", "", "", "", "", "");
	CHECK_PARSE("1600 North Pennsylvania Avenue Northwest", "1600", "N PENNSYLVANIA AVE NW",
				"", "", "", "", "");
	CHECK_PARSE("123 N.W. Main St", "123", "NW MAIN ST", "", "", "", "", "");
	CHECK_PARSE("123 North St", "123", "NORTH ST", "", "", "", "", "");	/* the name */
	CHECK_PARSE("123 North Ave West", "123", "NORTH AVE W", "", "", "", "", "");
	CHECK_PARSE("842 E 1700 S", "842", "E 1700 S", "", "", "", "", "");
	CHECK_PARSE("123 Main St NE", "123", "MAIN ST NE", "", "", "", "", "");
	CHECK_PARSE("123 South Park", "123", "SOUTH PARK", "", "", "", "", "");

	/* house numbers */
	CHECK_PARSE("123 1/2 Main St", "123 1/2", "MAIN ST", "", "", "", "", "");
	CHECK_PARSE("123\xc2\xbd Main St", "123 1/2", "MAIN ST", "", "", "", "", "");	/* ½ */
	CHECK_PARSE("45-67 Queens Blvd", "45-67", "QUEENS BLVD", "", "", "", "", "");
	CHECK_PARSE("123-A Main St", "123A", "MAIN ST", "", "", "", "", "");
	CHECK_PARSE("123A Main St", "123A", "MAIN ST", "", "", "", "", "");
	CHECK_PARSE("Hauptstrasse 5", "5", "HAUPTSTRASSE", "", "", "", "", "");

	/* PO boxes and routes: the street holds them */
	CHECK_PARSE("PO Box 123", "", "PO BOX 123", "", "", "", "", "");
	CHECK(parts.flags & C360_ADDRESS_FLAG_PO_BOX);
	CHECK_PARSE("P.O. Box 123", "", "PO BOX 123", "", "", "", "", "");
	CHECK_PARSE("P O Box 123", "", "PO BOX 123", "", "", "", "", "");
	CHECK_PARSE("POB 123", "", "PO BOX 123", "", "", "", "", "");
	CHECK_PARSE("Post Office Box 123", "", "PO BOX 123", "", "", "", "", "");
	CHECK_PARSE("Box 123", "", "PO BOX 123", "", "", "", "", "");
	CHECK_PARSE("PO Box 12345", "", "PO BOX 12345", "", "", "", "", "");	/* not a ZIP */
	CHECK_PARSE("P.O. Box 123, Springfield, IL 62704", "", "PO BOX 123", "", "SPRINGFIELD",
				"IL", "62704", "US");
	CHECK_PARSE("RR 2 Box 152", "", "RR 2 BOX 152", "", "", "", "", "");
	CHECK(parts.flags & C360_ADDRESS_FLAG_RURAL_ROUTE);
	CHECK_PARSE("Rural Route 2 Box 152", "", "RR 2 BOX 152", "", "", "", "", "");
	CHECK_PARSE("RFD 2", "", "RR 2", "", "", "", "", "");
	CHECK_PARSE("HC 68 Box 23", "", "HC 68 BOX 23", "", "", "", "", "");
	CHECK_PARSE("Star Route 68", "", "HC 68", "", "", "", "", "");

	/* numbered streets: ordinal words become numbers */
	CHECK_PARSE("5th Avenue", "", "5TH AVE", "", "", "", "", "");
	CHECK_PARSE("Fifth Avenue", "", "5TH AVE", "", "", "", "", "");
	CHECK_PARSE("123 Twenty-First Street", "123", "21ST ST", "", "", "", "", "");
	CHECK_PARSE("123 Forty Second St", "123", "42ND ST", "", "", "", "", "");
	CHECK_PARSE("123 Eleventh St", "123", "11TH ST", "", "", "", "", "");
	CHECK_PARSE("123 One Hundredth St", "123", "100TH ST", "", "", "", "", "");
	CHECK_PARSE("123 First Church Rd", "123", "FIRST CHURCH RD", "", "", "", "", "");

	/* street names made of suffix words */
	CHECK_PARSE("123 Park Ave", "123", "PARK AVE", "", "", "", "", "");
	CHECK_PARSE("1211 Avenue of the Americas", "1211", "AVENUE OF THE AMERICAS", "", "", "", "", "");
	CHECK_PARSE("1211 Ave of the Americas", "1211", "AVENUE OF THE AMERICAS", "", "", "", "", "");
	CHECK_PARSE("100 Street Rd", "100", "STREET RD", "", "", "", "", "");
	CHECK_PARSE("456 Oak Grove Ave", "456", "OAK GROVE AVE", "", "", "", "", "");
	CHECK_PARSE("456 Oak Grv Ave", "456", "OAK GROVE AVE", "", "", "", "", "");
	CHECK_PARSE("12 Park Lane Circle, Springfield", "12", "PARK LANE CIR", "", "SPRINGFIELD",
				"", "", "");
	CHECK_PARSE("123 Mt Vernon Ave", "123", "MOUNT VERNON AVE", "", "", "", "", "");
	CHECK_PARSE("123 St James Pl", "123", "SAINT JAMES PL", "", "", "", "", "");
	CHECK_PARSE("123 Dr Martin Luther King Jr Blvd", "123", "DR MARTIN LUTHER KING JR BLVD",
				"", "", "", "", "");
	CHECK_PARSE("12345 Hwy 101 N", "12345", "HIGHWAY 101 N", "", "", "", "", "");
	CHECK_PARSE("County Road 12", "", "COUNTY ROAD 12", "", "", "", "", "");
	CHECK_PARSE("123 State Rte 9W", "123", "STATE ROUTE 9W", "", "", "", "", "");
	CHECK_PARSE("Avenue B", "", "AVENUE B", "", "", "", "", "");
	CHECK_PARSE("Route 66", "", "ROUTE 66", "", "", "", "", "");
	CHECK_PARSE("Interstate 95", "", "INTERSTATE 95", "", "", "", "", "");
	CHECK_PARSE("123 Centre St", "123", "CENTER ST", "", "", "", "", "");
}

static void
test_last_line(void)
{
	CHECK_PARSE("Illinois", "", "", "", "", "IL", "", "");
	CHECK_PARSE("Springfield, Illinois", "", "", "", "SPRINGFIELD", "IL", "", "");
	CHECK_PARSE("123 Main St, Springfield, Illinois 62704, USA", "123", "MAIN ST", "",
				"SPRINGFIELD", "IL", "62704", "US");
	CHECK_PARSE("123 Main St, Springfield, IL 62704, United States", "123", "MAIN ST", "",
				"SPRINGFIELD", "IL", "62704", "US");
	CHECK_PARSE("123 Main St, Springfield, U.S.A.", "123", "MAIN ST", "", "SPRINGFIELD", "",
				"", "US");
	CHECK_PARSE("Springfield IL 62704 1234", "", "", "", "SPRINGFIELD", "IL", "62704-1234", "US");
	CHECK_PARSE("Springfield IL 627041234", "", "", "", "SPRINGFIELD", "IL", "62704-1234", "US");
	CHECK_PARSE("Springfield IL, 62704", "", "", "", "SPRINGFIELD", "IL", "62704", "US");
	CHECK_PARSE("Los Angeles, Calif. 90012", "", "", "", "LOS ANGELES", "CA", "90012", "US");
	CHECK_PARSE("Boston MA 02134", "", "", "", "BOSTON", "MA", "02134", "US");
	CHECK_PARSE("62704", "", "", "", "", "", "62704", "");
	CHECK_PARSE("1234", "1234", "", "", "", "", "", "");	/* not a ZIP: a house number */
	CHECK_PARSE("123 Main St 62704", "123", "MAIN ST", "", "", "", "62704", "");
	/* a state without ZIP, or a ZIP without state: not known to be US */
	CHECK_PARSE("Springfield IL", "", "", "", "SPRINGFIELD", "IL", "", "");
	CHECK_PARSE("Springfield 62704", "", "", "", "SPRINGFIELD", "", "62704", "");

	/* states whose codes are street words */
	CHECK_PARSE("123 Oak Ct", "123", "OAK CT", "", "", "", "", "");
	CHECK_PARSE("123 Main St Hartford CT 06103", "123", "MAIN ST", "", "HARTFORD", "CT",
				"06103", "US");
	CHECK_PARSE("Omaha NE 68102", "", "", "", "OMAHA", "NE", "68102", "US");
	CHECK_PARSE("1 Main St NE 20002", "1", "MAIN ST NE", "", "", "", "20002", "");
	CHECK_PARSE("Palm Beach FL 33480", "", "", "", "PALM BEACH", "FL", "33480", "US");
	CHECK_PARSE("123 Main St Palm Beach FL", "123", "MAIN ST", "", "PALM BEACH", "FL", "", "");
	CHECK_PARSE("123 Washington", "123", "WASHINGTON", "", "", "", "", "");
	CHECK_PARSE("123 Main St, Washington", "123", "MAIN ST", "", "", "WA", "", "");

	/* region names that end with another name */
	CHECK_PARSE("Santa Fe, New Mexico", "", "", "", "SANTA FE", "NM", "", "");
	CHECK_PARSE("Trenton, New Jersey", "", "", "", "TRENTON", "NJ", "", "");
	CHECK_PARSE("Atlanta, Georgia", "", "", "", "ATLANTA", "GA", "", "");
	CHECK_PARSE("New York, New York 10001", "", "", "", "NEW YORK", "NY", "10001", "US");
	CHECK_PARSE("Charleston, West Virginia", "", "", "", "CHARLESTON", "WV", "", "");

	/* cities */
	CHECK_PARSE("123 Main St Mill Valley CA 94941", "123", "MAIN ST", "", "MILL VALLEY", "CA",
				"94941", "US");
	CHECK_PARSE("123 Main St North Bend WA 98045", "123", "MAIN ST", "", "NORTH BEND", "WA",
				"98045", "US");
	CHECK_PARSE("St. Louis, MO", "", "", "", "SAINT LOUIS", "MO", "", "");
	CHECK_PARSE("123 Mt Vernon Ave, Ft Worth, TX", "123", "MOUNT VERNON AVE", "", "FORT WORTH",
				"TX", "", "");
	CHECK_PARSE("E Lansing, MI", "", "", "", "EAST LANSING", "MI", "", "");
	CHECK_PARSE("1600 Pennsylvania Ave NW Washington DC 20500", "1600", "PENNSYLVANIA AVE NW",
				"", "WASHINGTON", "DC", "20500", "US");
	CHECK_PARSE("1600 Pennsylvania Ave NW, Washington, D.C. 20500", "1600",
				"PENNSYLVANIA AVE NW", "", "WASHINGTON", "DC", "20500", "US");

	/* a recipient line before the street is left out */
	CHECK_PARSE("Acme Corp, 123 Main St, Springfield IL", "123", "MAIN ST", "", "SPRINGFIELD",
				"IL", "", "");
	CHECK(parts.flags & C360_ADDRESS_FLAG_DROPPED_TEXT);
	/* a unit part after the city belongs to the street line */
	CHECK_PARSE("123 Main St, Springfield IL, Apt 4", "123", "MAIN ST", "APT 4", "SPRINGFIELD",
				"IL", "", "");
	CHECK_PARSE("123 Main St, Suite 200, Springfield, IL 62704", "123", "MAIN ST", "STE 200",
				"SPRINGFIELD", "IL", "62704", "US");
	/* several lines */
	CHECK_PARSE("123 Main St\nApt 4\nSpringfield, IL 62704", "123", "MAIN ST", "APT 4",
				"SPRINGFIELD", "IL", "62704", "US");
	CHECK_PARSE("123 Main St; Springfield; IL", "123", "MAIN ST", "", "SPRINGFIELD", "IL", "", "");
}

static void
test_other_countries(void)
{
	/* the Australian (FEBRL) example: locality between street and suburb */
	parse("6 tullaroop street, willaroo, st james 4011 wa");
	CHECK_INT(status, C360_ADDRESS_OK);
	CHECK_STR(parts.house_number, "6");
	CHECK_STR(parts.street, "TULLAROOP ST");
	CHECK_STR(parts.unit, "");
	CHECK_STR(parts.extra, "WILLAROO");
	CHECK_STR(parts.city, "SAINT JAMES");
	CHECK_STR(parts.region, "WA");
	CHECK_STR(parts.postcode, "4011");
	CHECK_STR(parts.country, "");		/* WA with a 4-digit postcode is not US */
	CHECK_STR(norm("6 tullaroop street, willaroo, st james 4011 wa"),
			  "6 TULLAROOP ST, WILLAROO, SAINT JAMES, WA 4011");

	CHECK_PARSE("Sydney NSW 2000 Australia", "", "", "", "SYDNEY", "NSW", "2000", "AU");
	CHECK_PARSE("Level 5, 1 Martin Place, Sydney NSW 2000", "1", "MARTIN PL", "LEVEL 5", "SYDNEY",
				"NSW", "2000", "");
	CHECK_PARSE("Sydney, New South Wales", "", "", "", "SYDNEY", "NSW", "", "");
	CHECK_PARSE("Tweed Heads South 2770 VIC", "", "", "", "TWEED HEADS SOUTH", "VIC", "2770", "");
	CHECK_PARSE("Toronto ON M5V 2T6 Canada", "", "", "", "TORONTO", "ON", "M5V 2T6", "CA");
	CHECK_PARSE("Ottawa ON K1A0B1", "", "", "", "OTTAWA", "ON", "K1A 0B1", "");
	CHECK_PARSE("10 Downing St, London SW1A 2AA, United Kingdom", "10", "DOWNING ST", "",
				"LONDON", "", "SW1A 2AA", "GB");
	CHECK_PARSE("London SW1A2AA", "", "", "", "LONDON", "", "SW1A 2AA", "");
	CHECK_PARSE("Flat 3, 12 High Street, London W1A 1AA, UK", "12", "HIGH ST", "FLAT 3", "LONDON",
				"", "W1A 1AA", "GB");
	CHECK_PARSE("Unter den Linden 77, 10117 Berlin, Germany", "77", "UNTER DEN LINDEN", "",
				"BERLIN", "", "10117", "DE");
	CHECK_PARSE("Rue de Rivoli 10, 75001 Paris, France", "10", "RUE DE RIVOLI", "", "PARIS", "",
				"75001", "FR");
	CHECK_PARSE("Sydney NSW 2000 AU", "", "", "", "SYDNEY", "NSW", "2000", "AU");
	CHECK_PARSE("123 Main St, Jordan", "123", "MAIN ST", "", "", "", "", "JO");
	CHECK_PARSE("Abidjan, C\xc3\xb4te d'Ivoire", "", "", "", "ABIDJAN", "", "", "CI");
	/* a two-letter code is a country only after a postcode or region */
	CHECK_PARSE("Main St AU", "", "MAIN ST", "", "AU", "", "", "");
	CHECK_STR(norm("Sydney NSW 2000 Australia"), "SYDNEY, NSW 2000, AUSTRALIA");
	CHECK_STR(norm("Berlin, Deutschland"), "BERLIN, GERMANY");
	CHECK_STR(norm("123 Main St, Springfield, USA"), "123 MAIN ST, SPRINGFIELD, USA");
	/* the US is left out when state and ZIP say it */
	CHECK_STR(norm("Springfield IL 62704 USA"), "SPRINGFIELD, IL 62704");

	/* non-Latin scripts pass through, case-mapped where utf8.h can */
	/* 東京都千代田区 1-1: the number after the name is the house number */
	CHECK_PARSE("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0\xe5\x8c\xba 1-1",
				"1-1", "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0\xe5\x8c\xba",
				"", "", "", "", "");
	/* written without spaces it is one word */
	CHECK_PARSE("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0\xe5\x8c\xba\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0\x31-1",
				"", "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0\xe5\x8c\xba\xe5\x8d\x83\xe4\xbb\xa3\xe7\x94\xb0\x31-1",
				"", "", "", "", "");
	CHECK_PARSE("\xd1\x83\xd0\xbb. \xd0\xa2\xd0\xb2\xd0\xb5\xd1\x80\xd1\x81\xd0\xba\xd0\xb0\xd1\x8f 7",
				"7", "\xd0\xa3\xd0\x9b \xd0\xa2\xd0\x92\xd0\x95\xd0\xa0\xd0\xa1\xd0\x9a\xd0\x90\xd0\xaf",
				"", "", "", "", "");	/* ул. Тверская 7 -> 7 УЛ ТВЕРСКАЯ */
}

static void
test_text_handling(void)
{
	/* accents, case, apostrophes, dashes between letters, fullwidth forms */
	CHECK_STR(norm("12 Rue Andr\xc3\xa9-Gide, Qu\xc3\xa9" "bec"), "12 RUE ANDRE GIDE, QC");
	CHECK_STR(norm("12 O'Brien Rd"), "12 OBRIEN RD");
	CHECK_STR(norm("12 O\xe2\x80\x99" "Brien Rd"), "12 OBRIEN RD");	/* ’ */
	CHECK_STR(norm("123 Wilkes-Barre Blvd"), "123 WILKES BARRE BLVD");
	CHECK_STR(norm("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93 \xef\xbc\xad\xef\xbd\x81\xef\xbd\x89\xef\xbd\x8e St"),
			  "123 MAIN ST");		/* fullwidth １２３ Ｍａｉｎ */
	CHECK_STR(norm("  123   main\tst  "), "123 MAIN ST");
	CHECK_STR(norm("123 Main St\xc2\xa0" "Apt 4"), "123 MAIN ST APT 4");	/* NBSP */
	CHECK_STR(norm("123 Ma\xc2\xadin St"), "123 MAIN ST");	/* soft hyphen */
	CHECK_STR(norm("123 Ma\xe2\x80\x8bin St"), "123 MAIN ST");	/* zero-width space */
	CHECK_STR(norm("123 Main St\x01" "Apt 4"), "123 MAIN ST APT 4");	/* control */
	CHECK_STR(norm("123 \xf0\x9f\x98\x80 Main St"), "123 MAIN ST");	/* emoji */
	CHECK_STR(norm("123 Main\xff\xfe St"), "123 MAIN ST");	/* malformed bytes */
	CHECK_STR(norm("123 Mai\xcc\x88n St"), "123 MAIN ST");	/* combining diaeresis */
	CHECK_STR(norm("Stra\xc3\x9f" "e 5"), "5 STRASSE");
	/* Greek tonos and Cyrillic Ё fold too: Λεωφόρος 5 -> 5 ΛΕΩΦΟΡΟΣ, Ёлочная 3 -> 3 ЕЛОЧНАЯ */
	CHECK_STR(norm("\xce\x9b\xce\xb5\xcf\x89\xcf\x86\xcf\x8c\xcf\x81\xce\xbf\xcf\x82 5"),
			  "5 \xce\x9b\xce\x95\xce\xa9\xce\xa6\xce\x9f\xce\xa1\xce\x9f\xce\xa3");
	CHECK_STR(norm("\xd0\x81\xd0\xbb\xd0\xbe\xd1\x87\xd0\xbd\xd0\xb0\xd1\x8f 3"),
			  "3 \xd0\x95\xd0\x9b\xd0\x9e\xd0\xa7\xd0\x9d\xd0\x90\xd0\xaf");

	/* nothing of an address */
	CHECK_STR(norm(""), "(null)");
	parse("");
	CHECK_INT(status, C360_ADDRESS_EMPTY);
	CHECK_STR(norm("   "), "(null)");
	CHECK_STR(norm("...,,,;;"), "(null)");
	CHECK_STR(norm("#"), "(null)");
	CHECK_STR(norm("\xf0\x9f\x98\x80\xf0\x9f\x8f\xa0"), "(null)");
	parse("\xf0\x9f\x98\x80");
	CHECK_INT(status, C360_ADDRESS_EMPTY);
	CHECK_STR(parts.street, "");
	CHECK_STR(norm("\x01\x02\x1b[0m"), "0M");	/* the letters of an escape sequence stay */
	CHECK_STR(norm("\xff\xfe\xfd"), "(null)");
}

static void
test_limits(void)
{
	char	   *big = c360_alloc(1000001);
	char		line[C360_ADDRESS_LINE_SIZE];
	size_t		len = 99;

	/* 1 MB: refused at once */
	memset(big, 'x', 1000000);
	big[1000000] = '\0';
	status = c360_address_parse(big, 1000000, &parts);
	CHECK_INT(status, C360_ADDRESS_TOO_LONG);
	CHECK_STR(parts.street, "");
	CHECK_INT(parts.flags, 0);
	CHECK_INT(c360_address_normalize(big, 1000000, line, &len), C360_ADDRESS_TOO_LONG);
	CHECK_INT(len, 0);
	CHECK_STR(line, "");

	/* a million-token line */
	for (size_t i = 0; i < 1000000; i += 2)
	{
		big[i] = 'a';
		big[i + 1] = ' ';
	}
	CHECK_INT(c360_address_parse(big, 1000000, &parts), C360_ADDRESS_TOO_LONG);

	/* exactly at the limit: read; one byte more: refused */
	memset(big, ' ', C360_ADDRESS_MAX_INPUT);
	memcpy(big, "123 Main St", 11);
	CHECK_INT(c360_address_parse(big, C360_ADDRESS_MAX_INPUT, &parts), C360_ADDRESS_OK);
	CHECK_STR(parts.street, "MAIN ST");
	CHECK_INT(c360_address_parse(big, C360_ADDRESS_MAX_INPUT + 1, &parts), C360_ADDRESS_TOO_LONG);

	/* a component longer than its buffer */
	memset(big, 'x', 500);
	CHECK_INT(c360_address_parse(big, 500, &parts), C360_ADDRESS_TOO_LONG);
	memset(big, 'x', C360_ADDRESS_PART_SIZE - 1);
	CHECK_INT(c360_address_parse(big, C360_ADDRESS_PART_SIZE - 1, &parts), C360_ADDRESS_OK);
	CHECK_INT(strlen(parts.street), C360_ADDRESS_PART_SIZE - 1);
	CHECK_INT(c360_address_parse(big, C360_ADDRESS_PART_SIZE, &parts), C360_ADDRESS_TOO_LONG);

	/* 1024 one-byte tokens: every token takes a byte, so none is refused for count */
	for (size_t i = 0; i < C360_ADDRESS_MAX_INPUT; i++)
		big[i] = '#';
	CHECK_INT(c360_address_parse(big, C360_ADDRESS_MAX_INPUT, &parts), C360_ADDRESS_EMPTY);
	for (size_t i = 0; i < C360_ADDRESS_MAX_INPUT; i += 2)
	{
		big[i] = '7';
		big[i + 1] = ',';
	}
	status = c360_address_parse(big, C360_ADDRESS_MAX_INPUT, &parts);
	CHECK(status == C360_ADDRESS_OK || status == C360_ADDRESS_TOO_LONG);

	/* input is not read past len, and need not be NUL-terminated */
	memcpy(big, "123 Main St Apt 4", 17);
	CHECK_INT(c360_address_parse(big, 11, &parts), C360_ADDRESS_OK);
	CHECK_STR(parts.unit, "");
	CHECK_STR(parts.street, "MAIN ST");
	c360_free(big);
}

static void
test_format(void)
{
	C360AddressParts p;
	char		line[C360_ADDRESS_LINE_SIZE];

	memset(&p, 0, sizeof(p));
	CHECK_INT(c360_address_format(&p, line), 0);
	CHECK_STR(line, "");
	strcpy(p.city, "SPRINGFIELD");
	strcpy(p.postcode, "62704");
	CHECK_STR((c360_address_format(&p, line), line), "SPRINGFIELD, 62704");
	strcpy(p.region, "IL");
	strcpy(p.country, "US");
	CHECK_STR((c360_address_format(&p, line), line), "SPRINGFIELD, IL 62704");
	strcpy(p.postcode, "4011");
	CHECK_STR((c360_address_format(&p, line), line), "SPRINGFIELD, IL 4011, USA");
	strcpy(p.country, "AU");
	strcpy(p.extra, "WILLAROO");
	strcpy(p.house_number, "6");
	CHECK_STR((c360_address_format(&p, line), line), "6, WILLAROO, SPRINGFIELD, IL 4011, AUSTRALIA");
	/* a street ending with a unit word keeps apart from the unit */
	memset(&p, 0, sizeof(p));
	strcpy(p.street, "REAR");
	strcpy(p.unit, "# 4");
	CHECK_STR((c360_address_format(&p, line), line), "REAR, # 4");

	/* normalization is a fixed point */
	{
		static const char *const lines[] = {
			"123 Main Street Apartment 4, Springfield, IL 62704",
			"6 tullaroop street, willaroo, st james 4011 wa",
			"1600 N. Pennsylvania Ave NW #4B, Washington, D.C. 20500, USA",
			"Flat 3, 12 High Street, London SW1A 2AA, UK",
			"PO Box 123, Anytown NY 12345",
			"123 Main St Palm Beach FL",
			"P N E",
		};

		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		{
			char		once[C360_ADDRESS_LINE_SIZE];

			strcpy(once, norm(lines[i]));
			CHECK_STR(norm(once), once);
		}
	}
}

int
main(void)
{
	test_tables();
	test_spec_examples();
	test_last_line();
	test_other_countries();
	test_text_handling();
	test_limits();
	test_format();
	return UNIT_DONE();
}
