/* Unit tests for src/common/utf8.c. */
#include "utf8.h"
#include "unit.h"

static const char *
fold(const char *s)
{
	static char out[256];

	c360_utf8_fold(s, strlen(s), out);
	return out;
}

int
main(void)
{
	uint32_t	cps[16];

	/* decoding */
	CHECK_INT(c360_utf8_decode("ren\xc3\xa9", 5, cps), 4);
	CHECK_INT(cps[3], 0xE9);
	CHECK_INT(c360_utf8_decode("\xf0\x9f\x98\x80", 4, cps), 1);	/* emoji */
	CHECK_INT(cps[0], 0x1F600);
	CHECK_INT(c360_utf8_decode("\xff\xc3", 2, cps), 2);	/* bad lead, truncated */
	CHECK_INT(cps[0], C360_REPLACEMENT_CHAR);
	CHECK_INT(cps[1], C360_REPLACEMENT_CHAR);
	CHECK_INT(c360_utf8_decode("\xc0\xaf", 2, cps), 2);	/* overlong '/' */
	CHECK_INT(c360_utf8_decode("\xed\xa0\x80", 3, cps), 3);	/* surrogate */
	CHECK_INT(cps[0], C360_REPLACEMENT_CHAR);
	CHECK_INT(c360_utf8_length("\xe4\xb8\xad\xe6\x96\x87", 6), 2);
	CHECK_INT(c360_utf8_length("", 0), 0);

	/* encoding round trip */
	{
		char		buf[4];

		CHECK_INT(c360_utf8_encode(0x41, buf), 1);
		CHECK_INT(c360_utf8_encode(0xE9, buf), 2);
		CHECK_INT(c360_utf8_encode(0x4E2D, buf), 3);
		CHECK_INT(c360_utf8_encode(0x1F600, buf), 4);
		CHECK_INT(c360_utf8_encode(0xD800, buf), 3);	/* becomes U+FFFD */
		CHECK_INT(c360_utf8_encode(0x110000, buf), 3);
	}

	/* case */
	CHECK_INT(c360_cp_lower('Q'), 'q');
	CHECK_INT(c360_cp_lower(0xC9), 0xE9);	/* É */
	CHECK_INT(c360_cp_upper(0xE9), 0xC9);
	CHECK_INT(c360_cp_lower(0xD7), 0xD7);	/* × is not a letter */
	CHECK_INT(c360_cp_lower(0x141), 0x142);	/* Ł */
	CHECK_INT(c360_cp_upper(0x142), 0x141);
	CHECK_INT(c360_cp_lower(0x178), 0xFF);	/* Ÿ */
	CHECK_INT(c360_cp_lower(0x3A3), 0x3C3);	/* Σ */
	CHECK_INT(c360_cp_upper(0x3C2), 0x3A3);	/* ς */
	CHECK_INT(c360_cp_lower(0x416), 0x436);	/* Ж */
	CHECK_INT(c360_cp_lower(0x401), 0x451);	/* Ё */
	CHECK_INT(c360_cp_lower(0x4E2D), 0x4E2D);	/* CJK unchanged */

	/* folding */
	CHECK_STR(fold("M\xc3\xbcller"), "muller");
	CHECK_STR(fold("Ren\xc3\xa9"), "rene");
	CHECK_STR(fold("Rene\xcc\x81"), "rene");	/* decomposed é */
	CHECK_STR(fold("Stra\xc3\x9f" "e"), "strasse");
	CHECK_STR(fold("\xc3\x86sir"), "aesir");
	CHECK_STR(fold("\xc5\x81\xc3\xb3" "d\xc5\xba"), "lodz");
	CHECK_STR(fold("\xc8\x98tefan"), "stefan");	/* Ș */
	CHECK_STR(fold("\xc5\x93uvre"), "oeuvre");
	CHECK_STR(fold("\xc3\x9e" "ora"), "thora");
	CHECK_STR(fold("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd"), "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd");	/* Иван */
	CHECK_STR(fold("\xff"), "\xef\xbf\xbd");
	CHECK_STR(fold("Nguy\xe1\xbb\x85n"), "nguyen");	/* Nguyễn */
	CHECK_STR(fold("Tr\xe1\xba\xa7n"), "tran");	/* Trần */
	CHECK_STR(fold("K\xe1\xb9\x9b\xe1\xb9\xa3\xe1\xb9\x87" "a"), "krsna");	/* Kṛṣṇa */
	CHECK_STR(fold("\xc7\x8e\xc7\xa3"), "aae");	/* ǎǣ */
	CHECK_STR(fold("\xc8\x9a\xc7\xa8"), "tk");	/* Ț Ǩ */
	CHECK_STR(fold("\xce\x86\xce\xbd\xce\xbd\xce\xb1"), "\xce\xb1\xce\xbd\xce\xbd\xce\xb1");	/* Άννα -> αννα */
	CHECK_STR(fold("\xd0\x81\xd0\xbb\xd0\xba\xd0\xb0"), "\xd0\xb5\xd0\xbb\xd0\xba\xd0\xb0");	/* Ёлка -> елка */
	CHECK_INT(c360_cp_width_fold(0xFF12), '2');
	CHECK_INT(c360_cp_width_fold(0xFF0B), '+');
	CHECK_INT(c360_cp_width_fold('a'), 'a');
	CHECK_INT(c360_cp_decimal_value('7'), 7);
	CHECK_INT(c360_cp_decimal_value(0x0663), 3);	/* Arabic-Indic three */
	CHECK_INT(c360_cp_decimal_value(0x06F9), 9);	/* Persian nine */
	CHECK_INT(c360_cp_decimal_value(0x096A), 4);	/* Devanagari four */
	CHECK_INT(c360_cp_decimal_value('a'), -1);
	CHECK_INT(c360_cp_lower(0x1CD), 0x1CE);	/* Ǎ */
	CHECK_INT(c360_cp_upper(0x1CE), 0x1CD);
	CHECK_INT(c360_cp_lower(0x21A), 0x21B);	/* Ț */
	CHECK_INT(c360_cp_lower(0x1EA0), 0x1EA1);	/* Ạ */
	CHECK_STR(fold(""), "");

	/* classes */
	CHECK(c360_cp_is_letter('a'));
	CHECK(c360_cp_is_letter(0xE9));
	CHECK(c360_cp_is_letter(0x4E2D));
	CHECK(!c360_cp_is_letter('-'));
	CHECK(!c360_cp_is_letter(0x1F600));
	CHECK(!c360_cp_is_letter(0xD7));
	CHECK(!c360_cp_is_letter(0x2019));	/* right single quote */
	CHECK(c360_cp_is_space(0xA0));
	CHECK(c360_cp_is_control(0x200B));
	CHECK(!c360_cp_is_control(' '));
	CHECK(c360_cp_is_digit('7'));
	CHECK(!c360_cp_is_digit(0x663));	/* Arabic-Indic digit: not ASCII */

	return UNIT_DONE();
}
