/*
 * test_gen.c: unit tests of the test-data generator's building blocks
 * (test/gen/gen_core.c).  The generator as a whole is checked by
 * test/gen/check.sh.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../gen/gen_core.c"

static void
test_rng(void)
{
	gen_rng		a,
				b;
	int			i,
				same = 1,
				inrange = 1;
	double		sum,
				sumsq;

	/* xoshiro256** reference outputs for the state {1, 2, 3, 4} */
	a.s[0] = 1;
	a.s[1] = 2;
	a.s[2] = 3;
	a.s[3] = 4;
	CHECK(gen_rng_next(&a) == UINT64_C(11520));
	CHECK(gen_rng_next(&a) == UINT64_C(0));
	CHECK(gen_rng_next(&a) == UINT64_C(1509978240));
	CHECK(gen_rng_next(&a) == UINT64_C(1215971899390074240));

	/* same seed and ids: same stream; another id: another stream */
	gen_rng_seed(&a, 42, 1, 2, 3);
	gen_rng_seed(&b, 42, 1, 2, 3);
	for (i = 0; i < 100; i++)
		if (gen_rng_next(&a) != gen_rng_next(&b))
			same = 0;
	CHECK(same);
	gen_rng_seed(&a, 42, 1, 2, 3);
	gen_rng_seed(&b, 42, 1, 2, 4);
	CHECK(gen_rng_next(&a) != gen_rng_next(&b));
	gen_rng_seed(&a, 42, 1, 2, 3);
	gen_rng_seed(&b, 43, 1, 2, 3);
	CHECK(gen_rng_next(&a) != gen_rng_next(&b));

	gen_rng_seed(&a, 7, 0, 0, 0);
	for (i = 0; i < 100000; i++)
	{
		double		u = gen_rng_unif(&a);
		uint32_t	k = gen_rng_below(&a, 7);
		int			r = gen_rng_range(&a, -3, 3);

		if (u < 0.0 || u >= 1.0 || k >= 7 || r < -3 || r > 3)
			inrange = 0;
	}
	CHECK(inrange);
	CHECK_INT(gen_rng_below(&a, 0), 0);
	CHECK_INT(gen_rng_range(&a, 5, 5), 5);
	CHECK_INT(gen_rng_range(&a, 5, 2), 5);
	CHECK_INT(gen_rng_chance(&a, 0.0), 0);
	CHECK_INT(gen_rng_chance(&a, -1.0), 0);
	CHECK_INT(gen_rng_chance(&a, 1.0), 1);

	/* distribution means and variances over many draws */
	sum = sumsq = 0.0;
	for (i = 0; i < 200000; i++)
	{
		double		x = gen_rng_normal(&a);

		sum += x;
		sumsq += x * x;
	}
	CHECK_NEAR(sum / 200000, 0.0, 0.01);
	CHECK_NEAR(sumsq / 200000, 1.0, 0.02);
	sum = 0.0;
	for (i = 0; i < 200000; i++)
		sum += gen_rng_gamma(&a, 3.0, 2.0);
	CHECK_NEAR(sum / 200000, 6.0, 0.05);
	sum = 0.0;
	for (i = 0; i < 200000; i++)
		sum += gen_rng_gamma(&a, 0.5, 4.0);
	CHECK_NEAR(sum / 200000, 2.0, 0.05);
	sum = 0.0;
	for (i = 0; i < 200000; i++)
		sum += gen_rng_beta(&a, 1.0, 4.0);
	CHECK_NEAR(sum / 200000, 0.2, 0.005);
	sum = 0.0;
	for (i = 0; i < 200000; i++)
		sum += gen_rng_exp(&a, 0.5);
	CHECK_NEAR(sum / 200000, 2.0, 0.03);
	CHECK(gen_rng_gamma(&a, 0.0, 1.0) == 0.0);
	CHECK(gen_rng_gamma(&a, 1.0, -1.0) == 0.0);
}

static void
test_cdf(void)
{
	gen_cdf		c;
	gen_rng		r;
	double		w[3] = {0.0, 1.0, 0.0};
	int			i,
				ok = 1;
	int			counts[4] = {0, 0, 0, 0};

	gen_rng_seed(&r, 1, 0, 0, 0);
	gen_cdf_weights(&c, w, 3);
	for (i = 0; i < 1000; i++)
		if (gen_cdf_pick(&c, &r) != 1)
			ok = 0;
	CHECK(ok);
	gen_cdf_free(&c);

	gen_cdf_zipf(&c, 4, 1.0, 1.0);	/* weights 1, 1/2, 1/3, 1/4 */
	CHECK_NEAR(c.cum[0], 12.0 / 25.0, 1e-12);
	CHECK_NEAR(c.cum[3], 1.0, 0.0);
	for (i = 0; i < 100000; i++)
		counts[gen_cdf_pick(&c, &r)]++;
	CHECK(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[3]);
	CHECK_NEAR(counts[0] / 100000.0, 0.48, 0.01);
	gen_cdf_free(&c);

	gen_cdf_weights(&c, w, 0);
	CHECK_INT(gen_cdf_pick(&c, &r), 0);
	gen_cdf_free(&c);
}

static void
test_dates(void)
{
	int			y,
				m,
				d;
	int32_t		z;
	int			ok = 1;

	CHECK_INT(gen_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(gen_days_from_civil(1969, 12, 31), -1);
	CHECK_INT(gen_days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(gen_days_from_civil(2026, 1, 1), 20454);
	CHECK_INT(gen_days_from_civil(1900, 1, 1), -25567);
	gen_civil_from_days(-25567, &y, &m, &d);
	CHECK(y == 1900 && m == 1 && d == 1);
	gen_civil_from_days(11016, &y, &m, &d);
	CHECK(y == 2000 && m == 2 && d == 29);
	for (z = -60000; z < 60000; z += 7)
	{
		gen_civil_from_days(z, &y, &m, &d);
		if (gen_days_from_civil(y, m, d) != z || d < 1 || d > gen_days_in_month(y, m))
			ok = 0;
	}
	CHECK(ok);
	CHECK_INT(gen_days_in_month(2024, 2), 29);
	CHECK_INT(gen_days_in_month(1900, 2), 28);
	CHECK_INT(gen_days_in_month(2000, 2), 29);
	CHECK_INT(gen_days_in_month(2025, 4), 30);
	CHECK_INT(gen_days_in_month(2025, 13), 0);
	CHECK_INT(gen_days_in_month(2025, 0), 0);
}

static void
csv_case(const char *in, const char *expected)
{
	gen_buf		b;

	gen_buf_init(&b, 4);
	gen_csv_field(&b, in, strlen(in));
	CHECK_STR(b.data, expected);
	gen_buf_free(&b);
}

static void
test_buffers_csv(void)
{
	gen_buf		b;
	char		line[256];
	char	   *f[8];
	const char *vals[5] = {"SMITH, JOHN A", "O'Brien", "say \"hi\"", "", " lead"};
	int			i,
				n;

	gen_buf_init(&b, 1);
	gen_buf_put_uint(&b, 7, 3);
	gen_buf_putc(&b, ',');
	gen_buf_put_uint(&b, 1234567, 2);
	gen_buf_putc(&b, ',');
	gen_buf_put_uint(&b, 0, 0);
	gen_buf_putc(&b, ',');
	gen_buf_put_uint(&b, UINT64_MAX, 0);
	CHECK_STR(b.data, "007,1234567,0,18446744073709551615");
	gen_buf_free(&b);

	csv_case("plain", "plain");
	csv_case("", "");
	csv_case("a,b", "\"a,b\"");
	csv_case("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_case("two\nlines", "\"two\nlines\"");
	csv_case(" lead", "\" lead\"");
	csv_case("trail ", "\"trail \"");
	csv_case("José Müller", "José Müller");

	/* what gen_csv_field writes, gen_csv_split reads back */
	gen_buf_init(&b, 16);
	for (i = 0; i < 5; i++)
	{
		gen_csv_field(&b, vals[i], strlen(vals[i]));
		if (i < 4)
			gen_buf_putc(&b, ',');
	}
	gen_copy(line, sizeof(line), b.data);
	gen_buf_free(&b);
	n = gen_csv_split(line, f, 8);
	CHECK_INT(n, 5);
	if (n == 5)
		for (i = 0; i < 5; i++)
			CHECK_STR(f[i], vals[i]);

	gen_copy(line, sizeof(line), "a,,b,");
	CHECK_INT(gen_csv_split(line, f, 8), 4);
	gen_copy(line, sizeof(line), "");
	CHECK_INT(gen_csv_split(line, f, 8), 1);
	gen_copy(line, sizeof(line), "\"open");
	CHECK_INT(gen_csv_split(line, f, 8), -1);
	gen_copy(line, sizeof(line), "\"a\"b,c");
	CHECK_INT(gen_csv_split(line, f, 8), -1);
	gen_copy(line, sizeof(line), "a\"b");
	CHECK_INT(gen_csv_split(line, f, 8), -1);
	gen_copy(line, sizeof(line), "a,b,c");
	CHECK_INT(gen_csv_split(line, f, 2), -1);
	gen_copy(line, sizeof(line), "\"\"");
	CHECK_INT(gen_csv_split(line, f, 8), 1);
	CHECK_STR(f[0], "");
}

static void
test_utf8(void)
{
	char		out[64];

	CHECK(gen_utf8_valid("plain", 5));
	CHECK(gen_utf8_valid("Zoë Müller", strlen("Zoë Müller")));
	CHECK(gen_utf8_valid("\xEF\xBF\xBD", 3));	/* U+FFFD itself */
	CHECK(gen_utf8_valid("\xF0\x9F\x98\x80", 4));	/* emoji */
	CHECK(!gen_utf8_valid("\xC3", 1));	/* cut short */
	CHECK(!gen_utf8_valid("\xC0\x80", 2));	/* overlong */
	CHECK(!gen_utf8_valid("\xED\xA0\x80", 3));	/* surrogate */
	CHECK(!gen_utf8_valid("\xF4\x90\x80\x80", 4));	/* past U+10FFFF */
	CHECK(!gen_utf8_valid("a\xFF", 2));
	CHECK(gen_utf8_valid("", 0));

	gen_str_upper("josé müller o'brien", out, sizeof(out));
	CHECK_STR(out, "JOSÉ MÜLLER O'BRIEN");
	gen_str_upper("łukasz dvořák wiśniewski", out, sizeof(out));
	CHECK_STR(out, "ŁUKASZ DVOŘÁK WIŚNIEWSKI");
	gen_str_upper("ÿ ß", out, sizeof(out));
	CHECK_STR(out, "Ÿ ß");
	gen_str_lower("ŁUKASZ DVOŘÁK ÉLODIE Ÿ", out, sizeof(out));
	CHECK_STR(out, "łukasz dvořák élodie ÿ");
	gen_str_ascii("Zoë Müller, Straße, Łukasz Dvořák, Æsir, Œuvre", out, sizeof(out));
	CHECK_STR(out, "Zoe Muller, Strasse, Lukasz Dvorak, AEsir, OEuvre");
	gen_str_ascii("日本 ok", out, sizeof(out));
	CHECK_STR(out, " ok");
	/* a short output buffer is cut on a character boundary */
	gen_str_upper("éééé", out, 6);
	CHECK_STR(out, "ÉÉ");

	CHECK_INT(gen_utf8_count("Zoë"), 3);
	CHECK_INT(gen_utf8_count(""), 0);
	gen_copy(out, sizeof(out), "Zoë Müller");
	gen_utf8_truncate(out, 3);
	CHECK_STR(out, "Zoë");
	gen_utf8_truncate(out, 10);
	CHECK_STR(out, "Zoë");
	gen_utf8_truncate(out, 0);
	CHECK_STR(out, "");

	gen_copy(out, 4, "ééé");
	CHECK_STR(out, "é");
	gen_copy(out, 5, "ééé");
	CHECK_STR(out, "éé");
	gen_copy(out, 1, "abc");
	CHECK_STR(out, "");
	gen_fmt(out, 4, "%s", "ééé");
	CHECK_STR(out, "é");
	gen_fmt(out, 5, "%s!", "ééé");
	CHECK_STR(out, "éé");
	gen_fmt(out, 4, "%d", 123456);
	CHECK_STR(out, "123");
	gen_fmt(out, sizeof(out), "%02d/%02d", 3, 14);
	CHECK_STR(out, "03/14");
}

static int
is_one_edit(const char *before, const char *after)
{
	size_t		a = gen_utf8_count(before),
				b = gen_utf8_count(after);

	return strcmp(before, after) != 0 && (a == b || a + 1 == b || b + 1 == a);
}

static void
test_noise(void)
{
	char		s[64];
	gen_rng		r;
	int			i,
				ok,
				changed;

	gen_copy(s, sizeof(s), "Smith");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_SUBST, 0, 'X'), 1);
	CHECK_STR(s, "Xmith");
	gen_copy(s, sizeof(s), "Smith");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_TRANSPOSE, 1, 0), 1);
	CHECK_STR(s, "Simth");
	gen_copy(s, sizeof(s), "Smith");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_DELETE, 4, 0), 1);
	CHECK_STR(s, "Smit");
	gen_copy(s, sizeof(s), "Smith");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_INSERT, 5, 'h'), 1);
	CHECK_STR(s, "Smithh");
	gen_copy(s, sizeof(s), "Smith");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_INSERT, 6, 'h'), 0);
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_DELETE, 5, 0), 0);
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_TRANSPOSE, 4, 0), 0);
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_SUBST, 0, 'S'), 0);
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_NKINDS, 0, 'S'), 0);
	CHECK_STR(s, "Smith");
	gen_copy(s, sizeof(s), "Anna");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_TRANSPOSE, 1, 0), 0);	/* "nn" */
	gen_copy(s, sizeof(s), "X");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_DELETE, 0, 0), 0);	/* never empty */
	/* code points, not bytes */
	gen_copy(s, sizeof(s), "José");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_DELETE, 3, 0), 1);
	CHECK_STR(s, "Jos");
	gen_copy(s, sizeof(s), "José");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_TRANSPOSE, 2, 0), 1);
	CHECK_STR(s, "Joés");
	gen_copy(s, sizeof(s), "Zoe");
	CHECK_INT(gen_typo_at(s, sizeof(s), GEN_TYPO_SUBST, 2, 0xEB), 1);
	CHECK_STR(s, "Zoë");
	/* a result that does not fit is refused and s is unchanged */
	gen_copy(s, sizeof(s), "abc");
	CHECK_INT(gen_typo_at(s, 4, GEN_TYPO_INSERT, 0, 'x'), 0);
	CHECK_STR(s, "abc");

	CHECK_STR(gen_qwerty_neighbours('a'), "qwsz");
	CHECK_STR(gen_qwerty_neighbours('A'), "qwsz");
	CHECK(gen_qwerty_neighbours('1') == NULL);
	CHECK(gen_qwerty_neighbours('\0') == NULL);

	/* random typos: always one edit, valid UTF-8, case kept for substitutions */
	gen_rng_seed(&r, 3, 0, 0, 0);
	ok = 1;
	changed = 0;
	for (i = 0; i < 5000; i++)
	{
		const char *src = (i % 3 == 0) ? "Elizabeth" : (i % 3 == 1) ? "MÜLLER" : "Zoë";

		gen_copy(s, sizeof(s), src);
		if (gen_typo(&r, s, sizeof(s)))
		{
			changed++;
			if (!is_one_edit(src, s) || !gen_utf8_valid(s, strlen(s)))
				ok = 0;
		}
		else if (strcmp(s, src) != 0)
			ok = 0;
	}
	CHECK(ok);
	CHECK(changed > 4900);
	gen_copy(s, sizeof(s), "é");
	CHECK_INT(gen_typo(&r, s, sizeof(s)), 0);
	CHECK_STR(s, "é");
	gen_copy(s, sizeof(s), "");
	CHECK_INT(gen_typo(&r, s, sizeof(s)), 0);

	/* OCR confusions */
	ok = 1;
	for (i = 0; i < 200; i++)
	{
		gen_copy(s, sizeof(s), "SMITH");
		if (gen_ocr(&r, s, sizeof(s)) != 1 || (strcmp(s, "5MITH") != 0 && strcmp(s, "SM1TH") != 0))
			ok = 0;
	}
	CHECK(ok);
	gen_copy(s, sizeof(s), "rn");
	CHECK_INT(gen_ocr(&r, s, sizeof(s)), 1);
	CHECK_STR(s, "m");
	gen_copy(s, sizeof(s), "m");
	CHECK_INT(gen_ocr(&r, s, sizeof(s)), 1);
	CHECK_STR(s, "rn");
	gen_copy(s, sizeof(s), "xyz");
	CHECK_INT(gen_ocr(&r, s, sizeof(s)), 0);
	CHECK_STR(s, "xyz");
	gen_copy(s, sizeof(s), "m");
	CHECK_INT(gen_ocr(&r, s, 2), 0);	/* "rn" would not fit */
	CHECK_STR(s, "m");
	gen_copy(s, sizeof(s), "Müller");
	CHECK_INT(gen_ocr(&r, s, sizeof(s)), 1);	/* l -> 1 */
	CHECK(strcmp(s, "Mü1ler") == 0 || strcmp(s, "Mül1er") == 0);
}

/* Random bytes (valid UTF-8 or not) through every operator: no overrun, the
 * result stays within cap, and valid input gives valid output. */
static void
test_noise_robust(void)
{
	gen_rng		r;
	char		buf[80];
	char		big[2100];
	char		out[40];
	int			i,
				ok = 1,
				valid_kept = 1;

	gen_rng_seed(&r, 11, 0, 0, 0);
	for (i = 0; i < 20000; i++)
	{
		size_t		n = gen_rng_below(&r, 40),
					k;
		int			valid;

		for (k = 0; k < n; k++)
		{
			/* mostly letters, some multi-byte lead/continuation bytes */
			uint32_t	c = gen_rng_below(&r, 10);

			buf[k] = (char) (c < 6 ? 'a' + gen_rng_below(&r, 26) :
							 c < 8 ? 0xC3 : c < 9 ? 0xA9 : 0x80 + gen_rng_below(&r, 128));
		}
		buf[n] = '\0';
		n = strlen(buf);
		valid = gen_utf8_valid(buf, n);
		gen_typo(&r, buf, 48);
		if (strlen(buf) >= 48)
			ok = 0;
		gen_ocr(&r, buf, 48);
		if (strlen(buf) >= 48)
			ok = 0;
		if (valid && !gen_utf8_valid(buf, strlen(buf)))
			valid_kept = 0;
		gen_str_upper(buf, out, sizeof(out));
		gen_str_lower(buf, out, sizeof(out));
		gen_str_ascii(buf, out, sizeof(out));
		if (strlen(out) >= sizeof(out))
			ok = 0;
		gen_utf8_truncate(buf, gen_rng_below(&r, 10));
	}
	CHECK(ok);
	CHECK(valid_kept);

	/* longer than the operators edit: left alone */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(gen_typo(&r, big, sizeof(big)), 0);
	CHECK_INT(gen_typo_at(big, sizeof(big), GEN_TYPO_DELETE, 0, 0), 0);
	CHECK_INT(strlen(big), sizeof(big) - 1);
}

static void
test_lists(void)
{
	char		path[64];
	char		err[256];
	gen_list	l;
	FILE	   *f;
	char		line[64];
	char	   *fs[4];

	snprintf(path, sizeof(path), "/tmp/gen_unit_list_%ld.txt", (long) getpid());
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs("# comment\r\nJosé\r\n\r\n  \nO'Brien  \nlast-without-newline", f);
	fclose(f);
	CHECK_INT(gen_list_load(path, &l, err, sizeof(err)), 0);
	CHECK_INT(l.n, 3);
	if (l.n == 3)
	{
		CHECK_STR(l.items[0], "José");
		CHECK_STR(l.items[1], "O'Brien");
		CHECK_STR(l.items[2], "last-without-newline");
	}
	gen_list_free(&l);

	f = fopen(path, "wb");
	if (f != NULL)
	{
		fputs("ok\nbad \xC3(\n", f);
		fclose(f);
	}
	CHECK_INT(gen_list_load(path, &l, err, sizeof(err)), -1);
	CHECK(strstr(err, "not valid UTF-8") != NULL);
	CHECK(strstr(err, ":2:") != NULL);

	f = fopen(path, "wb");
	if (f != NULL)
	{
		fputs("# only a comment\n\n", f);
		fclose(f);
	}
	CHECK_INT(gen_list_load(path, &l, err, sizeof(err)), -1);
	CHECK(strstr(err, "no items") != NULL);
	remove(path);
	CHECK_INT(gen_list_load(path, &l, err, sizeof(err)), -1);
	CHECK(strstr(err, "cannot open") != NULL);

	gen_copy(line, sizeof(line), "Springfield,IL,62701,4,217,2");
	CHECK_INT(gen_split_commas(line, fs, 4), -1);
	gen_copy(line, sizeof(line), "ST,Street,30");
	CHECK_INT(gen_split_commas(line, fs, 4), 3);
	CHECK_STR(fs[0], "ST");
	CHECK_STR(fs[1], "Street");
	CHECK_STR(fs[2], "30");
	gen_copy(line, sizeof(line), "");
	CHECK_INT(gen_split_commas(line, fs, 4), 1);
	CHECK_INT(gen_split_commas(line, fs, 0), 0);
}

int
main(void)
{
	test_rng();
	test_cdf();
	test_dates();
	test_buffers_csv();
	test_utf8();
	test_noise();
	test_noise_robust();
	test_lists();
	return UNIT_DONE();
}
