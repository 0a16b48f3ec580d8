/* Unit tests for src/match/phone.c. */
#include <stdlib.h>

#include "phone.h"
#include "unit.h"

/* E.164 of s dialled in country iso, or NULL. */
static const char *
phone(const char *s, const char *iso)
{
	static char out[C360_PHONE_BUFSIZE];
	size_t		len = 99;
	int			country = c360_phone_country_lookup(iso, strlen(iso));

	if (country < 0)
		return "(bad country)";
	if (!c360_phone_normalize(s, strlen(s), country, out, &len))
	{
		if (len != 0 || out[0] != '\0')
			return "(failure left output behind)";
		return NULL;
	}
	if (len != strlen(out))
		return "(length mismatch)";
	return out;
}

static const char *
us(const char *s)
{
	return phone(s, "US");
}

int
main(void)
{
	/* reference values */
	CHECK_STR(us("(212) 555-0142"), "+12125550142");
	CHECK_STR(us("212.555.0142"), "+12125550142");
	CHECK_STR(us("1-212-555-0142"), "+12125550142");
	CHECK_STR(us("+1 212 555 0142"), "+12125550142");
	CHECK_STR(us("212 555 0142 ext. 12"), "+12125550142");
	CHECK_STR(us("+44 20 7946 0958"), "+442079460958");
	CHECK_STR(phone("+44 20 7946 0958", "DE"), "+442079460958");
	CHECK_STR(phone("020 7946 0958", "GB"), "+442079460958");
	CHECK_STR(phone("020 7946 0958", "gb"), "+442079460958");
	CHECK_STR(us("2125550142"), "+12125550142");
	CHECK_STR(us("12125550142"), "+12125550142");

	/* international prefixes */
	CHECK_STR(us("011 44 20 7946 0958"), "+442079460958");
	CHECK_STR(us("00 44 20 7946 0958"), "+442079460958");
	CHECK_STR(phone("00 44 20 7946 0958", "FR"), "+442079460958");
	CHECK_STR(phone("011 44 20 7946 0958", "GB"), NULL);	/* 011 is NANP's */
	CHECK_STR(phone("011 44 20 7946 0958", "CA"), "+442079460958");
	CHECK_STR(phone("0011 44 20 7946 0958", "AU"), "+442079460958");
	CHECK_STR(phone("010 1 212 555 0142", "JP"), "+12125550142");
	CHECK_STR(phone("810 44 20 7946 0958", "RU"), "+442079460958");
	CHECK_STR(phone("001 44 20 7946 0958", "HK"), "+442079460958");
	CHECK_STR(phone("00 1 212 555 0142", "DE"), "+12125550142");
	CHECK_STR(phone("+0 212 555 0142", "US"), NULL);	/* no calling code 0 */

	/* trunk prefixes and '(0)' after the calling code */
	CHECK_STR(phone("+44 (0)20 7946 0958", "US"), "+442079460958");
	CHECK_STR(phone("+44 020 7946 0958", "US"), "+442079460958");
	CHECK_STR(phone("030 1234567", "DE"), "+49301234567");
	CHECK_STR(phone("089/1234567", "DE"), "+49891234567");
	CHECK_STR(phone("+49 (0)89 1234567", "DE"), "+49891234567");
	CHECK_STR(phone("01 42 68 53 00", "FR"), "+33142685300");
	CHECK_STR(phone("06 12 34 56 78", "FR"), "+33612345678");
	CHECK_STR(phone("06 1 234 5679", "HU"), "+3612345679");
	CHECK_STR(phone("8 495 123-45-67", "RU"), "+74951234567");
	CHECK_STR(phone("8 800 555-35-35", "RU"), "+78005553535");
	CHECK_STR(phone("8005553535", "RU"), "+78005553535");
	CHECK_STR(phone("8 5 212 3456", "LT"), "+37052123456");
	CHECK_STR(phone("8 800 12345", "LT"), "+37080012345");
	CHECK_STR(phone("0412 345 678", "AU"), "+61412345678");
	CHECK_STR(phone("(02) 9876 5432", "AU"), "+61298765432");
	CHECK_STR(phone("03-1234-5678", "JP"), "+81312345678");
	CHECK_STR(phone("090-1234-5678", "JP"), "+819012345678");
	CHECK_STR(phone("010-1234-5678", "KR"), "+821012345678");
	CHECK_STR(phone("02-312-3456", "KR"), "+8223123456");
	CHECK_STR(phone("010 1234 5678", "CN"), "+861012345678");
	CHECK_STR(phone("138 0013 8000", "CN"), "+8613800138000");
	CHECK_STR(phone("9123 4567", "HK"), "+85291234567");
	CHECK_STR(phone("6123 4567", "SG"), "+6561234567");
	CHECK_STR(phone("098765 43219", "IN"), "+919876543219");
	CHECK_STR(phone("98765 43210", "IN"), NULL);	/* the classic placeholder */
	CHECK_STR(phone("+91 98765 43219", "US"), "+919876543219");
	CHECK_STR(phone("021 123 4567", "ZA"), "+27211234567");
	CHECK_STR(phone("03-123-4567", "IL"), "+97231234567");
	CHECK_STR(phone("050-123-4567", "IL"), "+972501234567");
	CHECK_STR(phone("04 123 4567", "AE"), "+97141234567");
	CHECK_STR(phone("0212 123 45 67", "TR"), "+902121234567");
	CHECK_STR(phone("044 668 18 00", "CH"), "+41446681800");
	CHECK_STR(phone("22 33 44 55", "NO"), "+4722334455");
	CHECK_STR(phone("551 2345", "IS"), "+3545512345");
	CHECK_STR(phone("09 123 4567", "NZ"), "+6491234567");
	CHECK_STR(phone("01 234 5679", "IE"), "+35312345679");
	CHECK_STR(phone("020 123 4567", "NL"), "+31201234567");
	CHECK_STR(phone("91 123 45 67", "ES"), "+34911234567");
	CHECK_STR(phone("612 345 678", "PL"), "+48612345678");
	CHECK_STR(phone("210 123 4567", "GR"), "+302101234567");
	CHECK_STR(phone("08-123 456 78", "SE"), "+46812345678");
	CHECK_STR(phone("01 234 5679", "AT"), "+4312345679");
	CHECK_STR(phone("+43 (0)1 234 5679", "US"), "+4312345679");

	/* Italy keeps the leading 0 of fixed lines */
	CHECK_STR(phone("06 1234 5678", "IT"), "+390612345678");
	CHECK_STR(phone("+39 06 1234 5678", "US"), "+390612345678");
	CHECK_STR(phone("333 123 4567", "IT"), "+393331234567");

	/* Mexico: old national prefixes and the old mobile '1' */
	CHECK_STR(phone("55 1234 5678", "MX"), "+525512345678");
	CHECK_STR(phone("01 55 1234 5678", "MX"), "+525512345678");
	CHECK_STR(phone("044 55 1234 5678", "MX"), "+525512345678");
	CHECK_STR(phone("+52 1 55 1234 5678", "US"), "+525512345678");

	/* Brazil: mobiles, carrier selection */
	CHECK_STR(phone("(11) 98765-4321", "BR"), "+5511987654321");
	CHECK_STR(phone("(11) 3456-7890", "BR"), "+551134567890");
	CHECK_STR(phone("0 21 11 98765-4321", "BR"), "+5511987654321");
	CHECK_STR(phone("(11) 38765-4321", "BR"), NULL);	/* 11 digits, not a mobile */

	/* Argentina: national '15' mobile form becomes '9' */
	CHECK_STR(phone("011 15 4444-5555", "AR"), "+5491144445555");
	CHECK_STR(phone("+54 9 11 4444-5555", "US"), "+5491144445555");
	CHECK_STR(phone("0351 15 444-5555", "AR"), "+5493514445555");
	CHECK_STR(phone("011 4444-5555", "AR"), "+541144445555");

	/* other +1 countries, and any NANP area code from any of them */
	CHECK_STR(phone("876 555 0142", "JM"), "+18765550142");
	CHECK_STR(phone("416-555-0142", "CA"), "+14165550142");
	CHECK_STR(phone("416-555-0142", "us"), "+14165550142");

	/* codes outside the table: E.164 length only */
	CHECK_STR(us("+852 9123 4567"), "+85291234567");
	CHECK_STR(us("+355 4 222 3333"), "+35542223333");	/* Albania */
	CHECK_STR(us("+233 30 123 4567"), "+233301234567");	/* Ghana */
	CHECK_STR(us("+800 2468 1357"), "+80024681357");
	CHECK_STR(us("+800 1234 5678"), NULL);	/* 12345678 */	/* freephone */
	CHECK_STR(us("+233 1234"), NULL);	/* 7 digits in all */
	CHECK_STR(us("+233 1234 5678 9012 3"), NULL);	/* 16 digits */
	CHECK_STR(us("+259 1234 5678"), NULL);	/* unassigned */
	CHECK_STR(us("+28 1234 5678"), NULL);	/* unassigned */
	CHECK_STR(us("+233 2222 2222"), NULL);	/* placeholder */

	/* vanity numbers and trailing words */
	CHECK_STR(us("1-800-FLOWERS"), "+18003569377");
	CHECK_STR(us("1-800-flowers"), "+18003569377");
	CHECK_STR(us("1-800-MATTRESS"), "+18006288737");	/* extra letter ignored */
	CHECK_STR(us("212-555-0142 home"), "+12125550142");
	CHECK_STR(us("212-555-0142 (mobile)"), "+12125550142");
	CHECK_STR(us("1-800-FLOWERS-AND-MORE-FLOWERS"), "+18003569377");	/* keypad: extra letters are not dialled */
	CHECK_STR(us("1-800-FLOWERS-12345"), NULL);	/* digits after the letters are dialled */

	/* extensions and pauses */
	CHECK_STR(us("212-555-0142 x12"), "+12125550142");
	CHECK_STR(us("212-555-0142x12"), "+12125550142");
	CHECK_STR(us("212-555-0142 EXT 12"), "+12125550142");
	CHECK_STR(us("212-555-0142 extension 12"), "+12125550142");
	CHECK_STR(us("212-555-0142 extn. 12"), "+12125550142");
	CHECK_STR(us("212-555-0142 #12"), "+12125550142");
	CHECK_STR(us("212-555-0142,12"), "+12125550142");
	CHECK_STR(us("tel:+1-212-555-0142;ext=12"), "+12125550142");
	CHECK_STR(us("212-555-0142, 212-555-0143"), "+12125550142");	/* first */
	CHECK_STR(us("x12"), NULL);

	/* labels */
	CHECK_STR(us("Tel: (212) 555-0142"), "+12125550142");
	CHECK_STR(us("Mobile 212 555 0142"), "+12125550142");
	CHECK_STR(phone("\xd1\x82\xd0\xb5\xd0\xbb. 8 495 123-45-67", "RU"), "+74951234567");	/* тел. */

	/* placeholders and impossible NANP numbers */
	CHECK_STR(us("(000) 000-0000"), NULL);
	CHECK_STR(us("5555555555"), NULL);
	CHECK_STR(us("1111111111"), NULL);
	CHECK_STR(us("9999999999"), NULL);
	CHECK_STR(us("1234567890"), NULL);
	CHECK_STR(us("2345678901"), "+12345678901");	/* a rotation, not a run */
	CHECK_STR(us("(234) 567-8909"), "+12345678909");
	CHECK_STR(us("9876543210"), NULL);
	CHECK_STR(us("0987654321"), NULL);
	CHECK_STR(phone("90-1234-5678", "JP"), "+819012345678");
	CHECK_STR(phone("23456789", "DK"), NULL);
	CHECK_STR(phone("01 23 45 67 89", "FR"), NULL);
	CHECK_STR(phone("0123456789", "FR"), NULL);
	CHECK_STR(phone("00 00 00 00 00", "FR"), NULL);
	CHECK_STR(us("(112) 555-0142"), NULL);	/* area code starts with 1 */
	CHECK_STR(us("(212) 155-0142"), NULL);	/* exchange starts with 1 */
	CHECK_STR(us("(212) 055-0142"), NULL);
	CHECK_STR(us("(911) 555-0142"), NULL);	/* N11 area code */
	CHECK_STR(us("(212) 911-0142"), NULL);	/* N11 exchange */
	CHECK_STR(us("(292) 555-0142"), NULL);	/* N9X reserved */
	CHECK_STR(us("(371) 555-0142"), NULL);	/* 37X reserved */
	CHECK_STR(us("(962) 555-0142"), NULL);	/* 96X reserved */
	CHECK_STR(us("(800) 555-0142"), "+18005550142");

	/* lengths */
	CHECK_STR(us("555-0142"), NULL);	/* no area code */
	CHECK_STR(us("212 555 01420"), NULL);
	CHECK_STR(us("2 1 2"), NULL);
	CHECK_STR(phone("020 7946 095", "GB"), "+44207946095");	/* 9 digits: some areas */
	CHECK_STR(phone("020 79", "GB"), NULL);
	CHECK_STR(phone("01 42 68 53 0", "FR"), NULL);
	CHECK_STR(us("+1 212 555 0142 9"), NULL);
	CHECK_STR(us("1234567890123456789012345678901234567890"), NULL);
	CHECK_STR(us("12345678901234567890123456789012345678901"), NULL);

	/* unparseable */
	CHECK_STR(us(""), NULL);
	CHECK_STR(us("   "), NULL);
	CHECK_STR(us("+"), NULL);
	CHECK_STR(us("++1 212 555 0142"), NULL);
	CHECK_STR(us("212+555+0142"), NULL);
	CHECK_STR(us("+ext 12"), NULL);
	CHECK_STR(us("unknown"), NULL);
	CHECK_STR(us("N/A"), NULL);
	CHECK_STR(us("212*555*0142"), NULL);
	CHECK_STR(us("212 555 0142 \xf0\x9f\x93\x9e"), NULL);	/* emoji */
	CHECK_STR(us("\xf0\x9f\x93\x9e 212 555 0142"), NULL);
	CHECK_STR(us("212 555 \xff 0142"), NULL);	/* malformed UTF-8 */

	/* control and formatting characters, full-width and other digits */
	CHECK_STR(us("212\t555\n0142"), "+12125550142");
	CHECK_STR(us("\xe2\x80\x8e+1 212 555 0142\xe2\x80\x8f"), "+12125550142");	/* LRM, RLM */
	CHECK_STR(us("212\x01" "555\x7f" "0142"), "+12125550142");
	CHECK_STR(us("\xef\xbc\x88\xef\xbc\x92\xef\xbc\x91\xef\xbc\x92\xef\xbc\x89"
				  "\xef\xbc\x95\xef\xbc\x95\xef\xbc\x95\xef\xbc\x8d"
				  "\xef\xbc\x90\xef\xbc\x91\xef\xbc\x94\xef\xbc\x92"), "+12125550142");	/* （２１２）５５５－０１４２ */
	CHECK_STR(us("\xef\xbc\x8b\xef\xbc\x91 212 555 0142"), "+12125550142");	/* ＋１ */
	CHECK_STR(phone("\xd9\xa0\xd9\xa5\xd9\xa0 \xd9\xa1\xd9\xa2\xd9\xa3 \xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7", "AE"),
			  "+971501234567");	/* ٠٥٠ ١٢٣ ٤٥٦٧ */
	CHECK_STR(phone("\xd9\xa0\xd9\xa5\xd9\xa0 \xd9\xa1\xd9\xa2\xd9\xa3 \xd9\xa4\xd9\xa5\xd9\xa6", "AE"),
			  "+97150123456");	/* ٠٥٠ ١٢٣ ٤٥٦ */
	CHECK_STR(phone("\xdb\xb0\xdb\xb9\xdb\xb1\xdb\xb2 \xdb\xb3\xdb\xb4\xdb\xb5 \xdb\xb6\xdb\xb7\xdb\xb8\xdb\xb9", "US"),
			  NULL);			/* Persian digits 0912 345 6789: not a US number */
	CHECK_STR(phone("+98 \xdb\xb9\xdb\xb1\xdb\xb2 \xdb\xb3\xdb\xb4\xdb\xb5 \xdb\xb6\xdb\xb7\xdb\xb8\xdb\xb9", "US"),
			  "+989123456789");
	CHECK_STR(phone("\xe0\xa5\xaf\xe0\xa5\xae\xe0\xa5\xad\xe0\xa5\xac\xe0\xa5\xab \xe0\xa5\xaa\xe0\xa5\xa9\xe0\xa5\xa8\xe0\xa5\xa7\xe0\xa5\xaf", "IN"),
			  "+919876543219");	/* Devanagari */
	CHECK_STR(us("212 555 0142 \xd0\xb4\xd0\xbe\xd0\xbc"), "+12125550142");	/* note in Cyrillic */

	/* country table */
	CHECK_INT(c360_phone_country_lookup("US", 2) >= 0, 1);
	CHECK_INT(c360_phone_country_lookup("us", 2), c360_phone_country_lookup("US", 2));
	CHECK_INT(c360_phone_country_lookup("uS", 2), c360_phone_country_lookup("US", 2));
	CHECK_INT(c360_phone_country_lookup("XX", 2), -1);
	CHECK_INT(c360_phone_country_lookup("USA", 3), -1);
	CHECK_INT(c360_phone_country_lookup("U", 1), -1);
	CHECK_INT(c360_phone_country_lookup("", 0), -1);
	CHECK_INT(c360_phone_country_lookup("1S", 2), -1);
	CHECK_INT(c360_phone_country_calling_code(c360_phone_country_lookup("GB", 2)), 44);
	CHECK_STR(c360_phone_country_iso(c360_phone_country_lookup("de", 2)), "DE");
	{
		/* every required country is present, codes are unique, upper case */
		static const char *const required[] = {
			"US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU",
			"JM", "KN", "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG",
			"VI", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
			"GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO",
			"SK", "SI", "ES", "SE", "GB", "CH", "NO", "IS", "AU", "NZ", "JP", "CN",
			"HK", "SG", "IN", "BR", "MX", "AR", "ZA", "IL", "AE", "TR", "RU", "KR"};
		int			missing = 0,
					duplicates = 0;

		for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
			missing += c360_phone_country_lookup(required[i], 2) < 0;
		CHECK_INT(missing, 0);
		for (int i = 0; i < c360_phone_country_count(); i++)
			duplicates += c360_phone_country_lookup(c360_phone_country_iso(i), 2) != i;
		CHECK_INT(duplicates, 0);
	}

	/* every country: its own calling code round-trips through '+' */
	{
		int			bad = 0;

		for (int i = 0; i < c360_phone_country_count(); i++)
		{
			char		in[C360_PHONE_BUFSIZE];
			char		out[C360_PHONE_BUFSIZE];
			size_t		n;

			if (!c360_phone_normalize("+44 20 7946 0958", 16, i, out, &n) ||
				strcmp(out, "+442079460958") != 0)
				bad++;
			/* what comes out goes back in unchanged (idempotence) */
			memcpy(in, out, n + 1);
			if (!c360_phone_normalize(in, n, i, out, &n) || strcmp(in, out) != 0)
				bad++;
		}
		CHECK_INT(bad, 0);
	}

	/* huge input: refused without reading it all */
	{
		size_t		big = 1000000;
		char	   *s = malloc(big);
		char		out[C360_PHONE_BUFSIZE];
		int			us_index = c360_phone_country_lookup("US", 2);

		memset(s, '5', big);
		CHECK(!c360_phone_normalize(s, big, us_index, out, NULL));
		memset(s, ' ', big);
		memcpy(s, "2125550142", 10);
		CHECK(!c360_phone_normalize(s, big, us_index, out, NULL));
		CHECK(c360_phone_normalize(s, C360_PHONE_MAX_INPUT, us_index, out, NULL));
		CHECK_STR(out, "+12125550142");
		CHECK(!c360_phone_normalize(s, C360_PHONE_MAX_INPUT + 1, us_index, out, NULL));
		free(s);
	}

	/* not NUL-terminated input: only len bytes are read */
	{
		char		out[C360_PHONE_BUFSIZE];

		CHECK(c360_phone_normalize("212555014299", 10, c360_phone_country_lookup("US", 2), out, NULL));
		CHECK_STR(out, "+12125550142");
	}

	return UNIT_DONE();
}
