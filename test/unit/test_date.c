/* Unit tests for src/match/date.c. */
#include <stdlib.h>

#include "date.h"
#include "unit.h"

/* "YYYY-MM-DD" of a parse, "NULL" when there is no date, or a format error. */
static const char *
parse(const char *value, const char *fmt)
{
	static char buf[64];
	C360DateFormat format;
	C360Date d;

	if (fmt != NULL &&
		c360_date_format_compile(fmt, strlen(fmt), &format, NULL) != C360_DATE_FORMAT_OK)
		return "(bad format)";
	if (!c360_date_parse(value, strlen(value), fmt ? &format : NULL, &d))
	{
		if (d.year != 0 || d.month != 0 || d.day != 0)
			return "(failure left output behind)";
		return "NULL";
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
	return buf;
}

static const char *
plain(const char *value)
{
	return parse(value, NULL);
}

static C360DateFormatError last_error;

static C360DateFormatStatus
compile(const char *fmt)
{
	C360DateFormat format;

	return c360_date_format_compile(fmt, strlen(fmt), &format, &last_error);
}

int
main(void)
{
	/* default forms */
	CHECK_STR(plain("1980-12-31"), "1980-12-31");
	CHECK_STR(plain("  1980-12-31  "), "1980-12-31");
	CHECK_STR(plain("1980-12-31T23:59:59Z"), "1980-12-31");
	CHECK_STR(plain("1980-12-31 23:59:59.123+02"), "1980-12-31");
	CHECK_STR(plain("1980-12-31t10:00"), "1980-12-31");
	CHECK_STR(plain("1980-1-5"), "1980-01-05");
	CHECK_STR(plain("19801231"), "1980-12-31");
	CHECK_STR(plain("19801231T120000"), "1980-12-31");
	CHECK_STR(plain("12/31/1980"), "1980-12-31");
	CHECK_STR(plain("1/5/1980"), "1980-01-05");
	CHECK_STR(plain("12/31/1980 00:00:00"), "1980-12-31");
	CHECK_STR(plain("1980/12/31"), "1980-12-31");
	CHECK_STR(plain("1980.12.31"), "1980-12-31");
	CHECK_STR(plain("31.12.1980"), "1980-12-31");
	CHECK_STR(plain("5.1.1980"), "1980-01-05");
	CHECK_STR(plain("31/12/1980"), "NULL");	/* US order: month 31 */
	CHECK_STR(plain("12-31-1980"), "NULL");	/* ambiguous dashes */
	CHECK_STR(plain("31-12-1980"), "NULL");
	CHECK_STR(plain("12/31/80"), "NULL");	/* two-digit years need a format */
	CHECK_STR(plain("80-12-31"), "NULL");
	CHECK_STR(plain("1980-12/31"), "NULL");	/* mixed separators */
	CHECK_STR(plain("1980-12-31x"), "NULL");
	CHECK_STR(plain("1980-12-31 garbage"), "NULL");
	CHECK_STR(plain("1980-12-31T"), "NULL");
	CHECK_STR(plain("1980-012-31"), "NULL");
	CHECK_STR(plain("01980-12-31"), "NULL");
	CHECK_STR(plain("1980123"), "NULL");
	CHECK_STR(plain("198012310"), "NULL");
	CHECK_STR(plain("-1980-12-31"), "NULL");
	CHECK_STR(plain("+1980-12-31"), "NULL");
	CHECK_STR(plain("1980-12"), "NULL");
	CHECK_STR(plain("1980"), "NULL");
	CHECK_STR(plain("Dec 31 1980"), "NULL");
	CHECK_STR(plain(""), "NULL");
	CHECK_STR(plain("   "), "NULL");
	CHECK_STR(plain("\x01" "1980-12-31\x02"), "1980-12-31");	/* trimmed */
	CHECK_STR(plain("1980-\x01" "12-31"), "NULL");
	CHECK_STR(plain("1980-12-31\xf0\x9f\x8e\x82"), "NULL");	/* emoji */
	CHECK_STR(plain("\xef\xbc\x91\xef\xbc\x99\xef\xbc\x98\xef\xbc\x90-12-31"), "1980-12-31");	/* full-width */
	CHECK_STR(plain("\xef\xbc\x91\xef\xbc\x99\xef\xbc\x98\xef\xbc\x90\xef\xbc\x8d\xef\xbc\x91\xef\xbc\x92"
					"\xef\xbc\x8d\xef\xbc\x93\xef\xbc\x91"), "1980-12-31");	/* １９８０－１２－３１ */
	CHECK_STR(plain("\xdb\xb1\xdb\xb9\xdb\xb8\xdb\xb0/\xdb\xb1\xdb\xb2/\xdb\xb3\xdb\xb1"), "1980-12-31");	/* Persian */
	CHECK_STR(plain("1980-12-31\xff"), "NULL");	/* malformed UTF-8 */

	/* impossible dates */
	CHECK_STR(plain("1980-02-30"), "NULL");
	CHECK_STR(plain("1980-13-01"), "NULL");
	CHECK_STR(plain("1980-00-10"), "NULL");
	CHECK_STR(plain("1980-01-00"), "NULL");
	CHECK_STR(plain("1980-04-31"), "NULL");
	CHECK_STR(plain("1981-02-29"), "NULL");
	CHECK_STR(plain("1980-02-29"), "1980-02-29");
	CHECK_STR(plain("2000-02-29"), "2000-02-29");
	CHECK_STR(plain("1900-02-29"), "NULL");
	CHECK_STR(plain("2100-02-29"), "NULL");
	CHECK_STR(plain("0000-06-15"), "NULL");
	CHECK_STR(plain("0002-06-15"), "0002-06-15");
	CHECK_STR(plain("9999-12-30"), "9999-12-30");

	/* placeholders */
	CHECK_STR(plain("1900-01-01"), "NULL");
	CHECK_STR(plain("01/01/1900"), "NULL");
	CHECK_STR(plain("0001-01-01"), "NULL");
	CHECK_STR(plain("1601-01-01"), "NULL");
	CHECK_STR(plain("1753-01-01"), "NULL");
	CHECK_STR(plain("1800-01-01"), "NULL");
	CHECK_STR(plain("1899-12-30"), "NULL");
	CHECK_STR(plain("1899-12-31"), "NULL");
	CHECK_STR(plain("1901-01-01"), "NULL");
	CHECK_STR(plain("9999-12-31"), "NULL");
	CHECK_STR(plain("1970-01-01"), "1970-01-01");
	CHECK_STR(plain("1900-01-02"), "1900-01-02");
	CHECK_STR(parse("01/01/1900", "DD/MM/YYYY"), "NULL");
	CHECK(c360_date_is_placeholder(1900, 1, 1));
	CHECK(!c360_date_is_placeholder(1980, 12, 31));
	CHECK(c360_date_valid(2024, 2, 29));
	CHECK(!c360_date_valid(2023, 2, 29));
	CHECK(!c360_date_valid(10000, 1, 1));
	CHECK(!c360_date_valid(2024, 12, 32));

	/* formats */
	CHECK_STR(parse("31/12/1980", "DD/MM/YYYY"), "1980-12-31");
	CHECK_STR(parse("31/12/1980", "dd/mm/yyyy"), "1980-12-31");
	CHECK_STR(parse("1/2/1980", "DD/MM/YYYY"), "NULL");	/* MM and DD want two digits */
	CHECK_STR(parse("1/2/1980", "D/M/YYYY"), "1980-02-01");
	CHECK_STR(parse("01/02/1980", "D/M/YYYY"), "1980-02-01");
	CHECK_STR(parse("31-12-1980", "DD-MM-YYYY"), "1980-12-31");
	CHECK_STR(parse("12-31-1980", "MM-DD-YYYY"), "1980-12-31");
	CHECK_STR(parse("31121980", "DDMMYYYY"), "1980-12-31");
	CHECK_STR(parse("19801231", "YYYYMMDD"), "1980-12-31");
	CHECK_STR(parse("31 Dec 1980", "DD MON YYYY"), "1980-12-31");
	CHECK_STR(parse("31 DEC 1980", "DD MON YYYY"), "1980-12-31");
	CHECK_STR(parse("31   dec\t1980", "DD MON YYYY"), "1980-12-31");	/* any white space */
	CHECK_STR(parse("31Dec1980", "DD MON YYYY"), "NULL");	/* but some */
	CHECK_STR(parse("31-dec-80", "DD-MON-YY"), "1980-12-31");
	CHECK_STR(parse("December 31, 1980", "MONTH D, YYYY"), "1980-12-31");
	CHECK_STR(parse("may 5, 1980", "MONTH D, YYYY"), "1980-05-05");
	CHECK_STR(parse("Dec 31, 1980", "MONTH D, YYYY"), "NULL");	/* MONTH is the full name */
	CHECK_STR(parse("December 31, 1980", "MON D, YYYY"), "NULL");
	CHECK_STR(parse("Sept 5, 1980", "MON D, YYYY"), "NULL");
	CHECK_STR(parse("1980-12-31", "YYYY-MM-DD"), "1980-12-31");
	CHECK_STR(parse("1980-12-31T10:00", "YYYY-MM-DD"), "NULL");	/* the format is the whole value */
	CHECK_STR(parse("1980-12-31", "YYYY/MM/DD"), "NULL");
	CHECK_STR(parse("1980\xe5\xb9\xb4" "12\xe6\x9c\x88" "31\xe6\x97\xa5", "YYYY\xe5\xb9\xb4MM\xe6\x9c\x88" "DD\xe6\x97\xa5"),
			  "1980-12-31");	/* 1980年12月31日 */
	CHECK_STR(parse("31 de diciembre", "DD \"de\" MONTH"), "(bad format)");	/* no year */
	CHECK_STR(parse("31 de December de 1980", "DD \"de\" MONTH \"de\" YYYY"), "1980-12-31");
	CHECK_STR(parse("31 DE December DE 1980", "DD \"de\" MONTH \"de\" YYYY"), "1980-12-31");
	CHECK_STR(parse("31/12/1980", "  DD/MM/YYYY  "), "1980-12-31");
	CHECK_STR(parse("  31/12/1980 ", "DD/MM/YYYY"), "1980-12-31");
	CHECK_STR(parse("31/12/1980", "DD/MM/YYYY "), "1980-12-31");
	CHECK_STR(parse("3l/12/1980", "DD/MM/YYYY"), "NULL");
	CHECK_STR(parse("31/12/1980/", "DD/MM/YYYY"), "NULL");
	CHECK_STR(parse("", "DD/MM/YYYY"), "NULL");
	CHECK_STR(parse("30/02/1980", "DD/MM/YYYY"), "NULL");
	CHECK_STR(parse("29/02/1981", "DD/MM/YYYY"), "NULL");

	/* two-digit year pivot: 00-29 are 20xx, 30-99 are 19xx */
	CHECK_STR(parse("01/01/00", "DD/MM/YY"), "2000-01-01");
	CHECK_STR(parse("31/12/29", "DD/MM/YY"), "2029-12-31");
	CHECK_STR(parse("01/01/30", "DD/MM/YY"), "1930-01-01");
	CHECK_STR(parse("31/12/99", "DD/MM/YY"), "1999-12-31");
	CHECK_STR(parse("29/02/00", "DD/MM/YY"), "2000-02-29");
	CHECK_STR(parse("01/01/1980", "DD/MM/YY"), "NULL");

	/* format errors */
	CHECK_INT(compile("DD/MM/YYYY"), C360_DATE_FORMAT_OK);
	CHECK_INT(compile("MM/DD"), C360_DATE_FORMAT_NO_YEAR);
	CHECK_INT(compile("YYYY-DD"), C360_DATE_FORMAT_NO_MONTH);
	CHECK_INT(compile("YYYY-MM"), C360_DATE_FORMAT_NO_DAY);
	CHECK_INT(compile(""), C360_DATE_FORMAT_EMPTY);
	CHECK_INT(compile("   "), C360_DATE_FORMAT_EMPTY);
	CHECK_INT(compile("DD/MM/YYYY HH:MI"), C360_DATE_FORMAT_UNKNOWN_TOKEN);
	CHECK_STR(last_error.token, "HH");
	CHECK_INT(last_error.position, 12);
	CHECK_INT(compile("YYY-MM-DD"), C360_DATE_FORMAT_UNKNOWN_TOKEN);
	CHECK_STR(last_error.token, "Y");
	CHECK_INT(last_error.position, 3);
	CHECK_INT(compile("DD/MM/YYYY/YY"), C360_DATE_FORMAT_REPEATED_FIELD);
	CHECK_STR(last_error.token, "YY");
	CHECK_STR(last_error.field, "year");
	CHECK_INT(last_error.position, 12);
	CHECK_INT(compile("MMM DD YYYY"), C360_DATE_FORMAT_REPEATED_FIELD);
	CHECK_STR(last_error.field, "month");
	CHECK_INT(compile("DD MON YYYY MM"), C360_DATE_FORMAT_REPEATED_FIELD);
	CHECK_INT(compile("D DD MM YYYY"), C360_DATE_FORMAT_REPEATED_FIELD);
	CHECK_STR(last_error.field, "day");
	CHECK_INT(compile("DD \"de MM YYYY"), C360_DATE_FORMAT_UNTERMINATED_QUOTE);
	CHECK_INT(last_error.position, 4);
	CHECK_INT(compile("DD/MM/YYYY                                                       x"),
			  C360_DATE_FORMAT_TOO_LONG);
	CHECK_INT(compile("DD/MM/YYYY\xf0\x9f\x8e\x82"), C360_DATE_FORMAT_OK);	/* emoji is a literal */
	CHECK_INT(c360_date_format_compile("DD/MM/YYYY", 10, &(C360DateFormat) {0}, NULL),
			  C360_DATE_FORMAT_OK);

	/* huge and not NUL-terminated input */
	{
		size_t		big = 1000000;
		char	   *s = malloc(big);
		C360Date	d;

		memset(s, ' ', big);
		memcpy(s, "1980-12-31", 10);
		CHECK(!c360_date_parse(s, big, NULL, &d));
		CHECK(c360_date_parse(s, C360_DATE_MAX_INPUT, NULL, &d));
		CHECK_INT(d.day, 31);
		CHECK(!c360_date_parse(s, C360_DATE_MAX_INPUT + 1, NULL, &d));
		free(s);
		CHECK(c360_date_parse("1980-12-3199", 10, NULL, &d));
		CHECK_INT(d.day, 31);
	}

	return UNIT_DONE();
}
