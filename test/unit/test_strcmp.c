/*
 * Unit tests for src/match/strcmp.c.
 *
 * Besides reference values, every fast path is checked against a textbook
 * version written here independently: Jaro by the plain window scan,
 * Damerau-Levenshtein by the full Lowrance-Wagner matrix with no prefix or
 * suffix stripping and no band, on many random strings that reach every
 * path (bit-parallel, stack, long/streamed, band, full matrix).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "c360_alloc.h"
#include "strcmp.h"
#include "utf8.h"
#include "unit.h"

/*
 * Count malloc calls (glibc lets a program interpose malloc), to check that
 * short inputs are compared without allocating.
 */
#ifdef __GLIBC__
extern void *__libc_malloc(size_t size);
void	   *malloc(size_t size);
static long malloc_calls;

void *
malloc(size_t size)
{
	malloc_calls++;
	return __libc_malloc(size);
}
#endif

/* ---------------------------------------------------------------- references */

/* Jaro by the definition: the O(n * window) scan over code points. */
static void
ref_jaro_counts(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
				size_t *matches, size_t *half_transpositions)
{
	size_t		longer = n > m ? n : m;
	long		window = (long) (longer / 2) - 1;
	char	   *used = calloc(m + 1, 1);
	uint32_t   *seq = malloc((n + 1) * sizeof(uint32_t));
	size_t		k = 0,
				x = 0,
				t = 0;

	if (window < 0)
		window = 0;
	for (size_t i = 0; i < n; i++)
	{
		long		lo = (long) i - window,
					hi = (long) i + window;

		if (lo < 0)
			lo = 0;
		if (hi > (long) m - 1)
			hi = (long) m - 1;
		for (long j = lo; j <= hi; j++)
			if (!used[j] && b[j] == a[i])
			{
				used[j] = 1;
				seq[k++] = a[i];
				break;
			}
	}
	for (size_t j = 0; j < m; j++)
		if (used[j])
			x += b[j] != seq[t++];
	*matches = k;
	*half_transpositions = x / 2;
	free(used);
	free(seq);
}

static size_t
decode_alloc(const char *s, size_t len, uint32_t **out)
{
	*out = malloc((len + 1) * sizeof(uint32_t));
	return c360_utf8_decode(s, len, *out);
}

static double
ref_jaro(const char *a, size_t alen, const char *b, size_t blen, double *jw)
{
	uint32_t   *x,
			   *y;
	size_t		n = decode_alloc(a, alen, &x);
	size_t		m = decode_alloc(b, blen, &y);
	size_t		mt,
				tr;
	double		j;
	int			prefix = 0;

	if (n == 0 && m == 0)
		j = 1.0;
	else if (n == 0 || m == 0)
		j = 0.0;
	else
	{
		ref_jaro_counts(x, n, y, m, &mt, &tr);
		j = mt == 0 ? 0.0 : ((double) mt / n + (double) mt / m + (double) (mt - tr) / mt) / 3.0;
	}
	while (prefix < 4 && (size_t) prefix < n && (size_t) prefix < m && x[prefix] == y[prefix])
		prefix++;
	/* Jaro is a ratio of small integers: past 0.7 by far more than 1e-12. */
	*jw = j > 0.7 + 1e-12 ? j + prefix * 0.1 * (1.0 - j) : j;
	free(x);
	free(y);
	return j;
}

/* Lowrance-Wagner, the textbook way: whole matrix with its -1 border. */
static int
ref_dl(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t   *x,
			   *y;
	size_t		n = decode_alloc(a, alen, &x);
	size_t		m = decode_alloc(b, blen, &y);
	size_t		cols = m + 2;
	int		   *d = malloc((n + 2) * cols * sizeof(int));
	int			maxdist = (int) (n + m);
	int			result;

	/* Last row of each code point: a small association list. */
	uint32_t   *keys = malloc((n + 1) * sizeof(uint32_t));
	int		   *rows = malloc((n + 1) * sizeof(int));
	size_t		nkeys = 0;

#define D(i, j) d[((i) + 1) * cols + (j) + 1]
	D(-1, -1) = maxdist;
	for (size_t i = 0; i <= n; i++)
	{
		D((long) i, -1) = maxdist;
		D((long) i, 0) = (int) i;
	}
	for (size_t j = 0; j <= m; j++)
	{
		D(-1, (long) j) = maxdist;
		D(0, (long) j) = (int) j;
	}
	for (size_t i = 1; i <= n; i++)
	{
		int			db = 0;

		for (size_t j = 1; j <= m; j++)
		{
			int			k = 0,
						l = db,
						cost = 1,
						v;

			for (size_t q = 0; q < nkeys; q++)
				if (keys[q] == y[j - 1])
					k = rows[q];
			if (x[i - 1] == y[j - 1])
			{
				cost = 0;
				db = (int) j;
			}
			v = D((long) i - 1, (long) j - 1) + cost;
			if (D((long) i, (long) j - 1) + 1 < v)
				v = D((long) i, (long) j - 1) + 1;
			if (D((long) i - 1, (long) j) + 1 < v)
				v = D((long) i - 1, (long) j) + 1;
			if (D(k - 1, l - 1) + ((int) i - k - 1) + 1 + ((int) j - l - 1) < v)
				v = D(k - 1, l - 1) + ((int) i - k - 1) + 1 + ((int) j - l - 1);
			D((long) i, (long) j) = v;
		}
		{
			size_t		q;

			for (q = 0; q < nkeys && keys[q] != x[i - 1]; q++)
				;
			if (q == nkeys)
				keys[nkeys++] = x[i - 1];
			rows[q] = (int) i;
		}
	}
	result = D((long) n, (long) m);
#undef D
	free(d);
	free(keys);
	free(rows);
	free(x);
	free(y);
	return result;
}

/* ---------------------------------------------------------------- helpers */

#define S(lit) (lit), (sizeof(lit) - 1)

static double
jw(const char *a, const char *b)
{
	return c360_strcmp_jaro_winkler(a, strlen(a), b, strlen(b));
}

static double
jr(const char *a, const char *b)
{
	return c360_strcmp_jaro(a, strlen(a), b, strlen(b));
}

static int
dl(const char *a, const char *b)
{
	return c360_strcmp_damerau_levenshtein(a, strlen(a), b, strlen(b));
}

static int
dlmax(const char *a, const char *b, int max)
{
	return c360_strcmp_damerau_levenshtein_max(a, strlen(a), b, strlen(b), max);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t
rnd(uint32_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state % bound);
}

/*
 * Pieces random strings are made of: ASCII, 2-, 3-, 4-byte, then malformed
 * (bad lead, truncated, stray continuation, overlong 2- and 3-byte forms, a
 * surrogate, a value past U+10FFFF), which must decode as utf8.c does.
 */
static const char *const pieces[] = {
	"a", "b", "c", "d", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xff", "\xc3", "\x80", "e", "\xe4",
	"\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"
};

/* Random string of `count` pieces drawn from the first `alphabet` pieces. */
static size_t
random_string(char *out, size_t count, int alphabet)
{
	size_t		len = 0;

	for (size_t i = 0; i < count; i++)
	{
		const char *p = pieces[rnd((uint32_t) alphabet)];
		size_t		pl = strlen(p);

		memcpy(out + len, p, pl);
		len += pl;
	}
	out[len] = '\0';
	return len;
}

/* A copy with a few random edits (so pairs are close, as names are). */
static size_t
mutate(const char *in, size_t len, char *out, int alphabet, int edits)
{
	memcpy(out, in, len);
	for (int e = 0; e < edits; e++)
	{
		size_t		pos = len ? rnd((uint32_t) len + 1) : 0;
		int			kind = (int) rnd(4);

		if (kind == 0 && pos < len)		/* delete a byte */
		{
			memmove(out + pos, out + pos + 1, len - pos - 1);
			len--;
		}
		else if (kind == 1)				/* insert a piece */
		{
			const char *p = pieces[rnd((uint32_t) alphabet)];
			size_t		pl = strlen(p);

			memmove(out + pos + pl, out + pos, len - pos);
			memcpy(out + pos, p, pl);
			len += pl;
		}
		else if (kind == 2 && pos < len)	/* substitute a byte */
			out[pos] = pieces[rnd((uint32_t) alphabet)][0];
		else if (pos + 1 < len)			/* swap two bytes */
		{
			char		t = out[pos];

			out[pos] = out[pos + 1];
			out[pos + 1] = t;
		}
	}
	out[len] = '\0';
	return len;
}

static int	interrupt_calls;

static void
count_interrupt(void)
{
	interrupt_calls++;
}

/* ---------------------------------------------------------------- tests */

static void
test_reference_values(void)
{
	/* The specification's values, to 4 decimals. */
	CHECK_NEAR(jw("martha", "marhta"), 0.9611, 0.00005);
	CHECK_NEAR(jw("dixon", "dicksonx"), 0.8133, 0.00005);
	CHECK_NEAR(jw("ren\xc3\xa9", "rene"), 0.8833, 0.00005);
	CHECK_NEAR(jr("martha", "marhta"), 17.0 / 18.0, 1e-12);
	CHECK_NEAR(jr("dixon", "dicksonx"), 23.0 / 30.0, 1e-12);
	CHECK_NEAR(jr("ren\xc3\xa9", "rene"), 5.0 / 6.0, 1e-12);
	/* On bytes 'rené' would be 5 long; on code points it is 4. */
	CHECK_NEAR(jr("jellyfish", "smellyfish"), 0.8962962963, 1e-9);
	CHECK_NEAR(jw("dwayne", "duane"), 0.84, 1e-12);
	CHECK_NEAR(jw("dunningham", "cunnigham"), 0.8962962963, 1e-9);
	CHECK_NEAR(jw("abroms", "abrams"), 0.9222222222, 1e-9);
	/* Winkler's boost stops at 4 characters. */
	CHECK_NEAR(jw("abcdefgh", "abcdefgx"), 0.95, 1e-12);

	/* Empty strings: both empty are equal, one empty has nothing in common. */
	CHECK_NEAR(jr("", ""), 1.0, 0);
	CHECK_NEAR(jw("", ""), 1.0, 0);
	CHECK_NEAR(jr("abc", ""), 0.0, 0);
	CHECK_NEAR(jw("", "abc"), 0.0, 0);
	CHECK_NEAR(jw("abc", "xyz"), 0.0, 0);
	CHECK_NEAR(jw("a", "a"), 1.0, 0);
	CHECK_NEAR(jw("a", "b"), 0.0, 0);
	/* Window 0 for lengths up to 3: only equal positions match. */
	CHECK_NEAR(jr("ab", "ba"), 0.0, 0);
	CHECK_NEAR(jr("abc", "bca"), 0.0, 0);
	/* Exact, no case folding. */
	CHECK(jw("Martha", "martha") < 1.0);

	/* Damerau-Levenshtein, unrestricted. */
	CHECK_INT(dl("ca", "abc"), 2);		/* optimal string alignment: 3 */
	CHECK_INT(dl("abc", "ca"), 2);
	CHECK_INT(dl("kitten", "sitting"), 3);
	CHECK_INT(dl("ab", "ba"), 1);
	CHECK_INT(dl("a cat", "an act"), 2);
	CHECK_INT(dl("abcdef", "badcfe"), 3);
	CHECK_INT(dl("", ""), 0);
	CHECK_INT(dl("", "abc"), 3);
	CHECK_INT(dl("abc", ""), 3);
	CHECK_INT(dl("abc", "abc"), 0);
	CHECK_INT(dl("ren\xc3\xa9", "rene"), 1);
	CHECK_INT(dl("\xc3\xa9", "\xc3\xa8"), 1);	/* shared lead byte, one character */
	CHECK_INT(dl("\xe4\xb8\xad\xe6\x96\x87", "\xe6\x96\x87\xe4\xb8\xad"), 1);	/* 中文 / 文中 */
	CHECK_INT(dl("\xf0\x9f\x98\x80x", "x\xf0\x9f\x98\x80"), 1);

	CHECK_INT(dlmax("ca", "abc", 0), 1);
	CHECK_INT(dlmax("ca", "abc", 1), 2);
	CHECK_INT(dlmax("ca", "abc", 2), 2);
	CHECK_INT(dlmax("ca", "abc", 100), 2);
	CHECK_INT(dlmax("kitten", "sitting", 2), 3);
	CHECK_INT(dlmax("kitten", "sitting", 3), 3);
	CHECK_INT(dlmax("abc", "abc", 0), 0);
	CHECK_INT(dlmax("a", "abcdefgh", 3), 4);	/* length difference alone */
	CHECK_INT(dlmax("", "abc", 2), 3);
	CHECK_INT(dlmax("", "abc", 3), 3);
	CHECK_INT(dlmax("ab", "cd", 2147483647), 2);	/* max + 1 would overflow: never needed */
}

static void
test_exact_boost_threshold(void)
{
	/*
	 * Jaro exactly 0.7 (M = 3, T = 0, n = 5, m = 6): the usual sum of three
	 * quotients comes out 0.7000000000000001, which a naive "> 0.7" would
	 * boost by the 3-char common prefix to 0.79.  One exact division gives
	 * the double nearest 0.7.
	 */
	CHECK(jr("cdbdd", "cdbbab") == 0.7);
	CHECK(jw("cdbdd", "cdbbab") == 0.7);
	CHECK(jw("aaabc", "aaddca") == 0.7);
	/* Correctly rounded: the doubles nearest 17/18 and 173/180. */
	CHECK(jr("martha", "marhta") == 17.0 / 18.0);
	CHECK(jw("martha", "marhta") == 173.0 / 180.0);
	/* Just above 0.7 is boosted. */
	CHECK(jr("cdbdd", "cdbba") > 0.7);
	CHECK(jw("cdbdd", "cdbba") > jr("cdbdd", "cdbba"));
}

static void
test_malformed_and_unicode(void)
{
	/* Each malformed byte is one U+FFFD: different bad bytes compare equal. */
	CHECK_NEAR(jw("\xff", "\xfe"), 1.0, 0);
	CHECK_INT(dl("\xff", "\xfe"), 0);
	CHECK_INT(dl("a\xff\xfe", "a\xc3"), 1);
	CHECK_NEAR(jr("\xc3", "\xc3\xa9"), 0.0, 0);	/* U+FFFD vs é */
	/* Control characters, NUL included, are characters like any other. */
	CHECK_INT(c360_strcmp_damerau_levenshtein(S("a\0b"), S("ab")), 1);
	CHECK_NEAR(c360_strcmp_jaro(S("\t\n"), S("\t\n")), 1.0, 0);
	/* Decomposed é (e + U+0301) is two code points: compare exactly. */
	CHECK_INT(dl("e\xcc\x81", "\xc3\xa9"), 2);
	CHECK_INT(dl("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2"), 2);	/* Иван / Иванов */
	CHECK_NEAR(jw("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2"),
			   (4.0 / 4 + 4.0 / 6 + 1) / 3 + 0.4 * (1 - (4.0 / 4 + 4.0 / 6 + 1) / 3), 1e-12);
}

/* Every fast path of Jaro against the scan, plus symmetry. */
static void
test_jaro_random(void)
{
	static char a[16384],
				b[32768];
	int			bad_jaro = 0,
				bad_jw = 0,
				bad_sym = 0,
				runs = 0;

	for (int round = 0; round < 6000; round++)
	{
		int			alphabet = round % 4 == 0 ? 4 : round % 4 == 1 ? 7 : round % 4 == 2 ? 12 : 16;
		size_t		count = round < 3000 ? rnd(80) : round < 5900 ? rnd(400) : 1000 + rnd(2000);
		size_t		alen = random_string(a, count, alphabet);
		size_t		blen = round % 2 ? mutate(a, alen, b, alphabet, (int) rnd(6))
			: random_string(b, round < 5900 ? rnd(400) : 1000 + rnd(2000), alphabet);
		double		rj,
					rjw,
					j1,
					w1,
					j2,
					w2;

		rj = ref_jaro(a, alen, b, blen, &rjw);
		c360_strcmp_jaro_ex(a, alen, b, blen, NULL, &j1, &w1);
		c360_strcmp_jaro_ex(b, blen, a, alen, NULL, &j2, &w2);
		bad_jaro += fabs(j1 - rj) > 1e-12;
		bad_jw += fabs(w1 - rjw) > 1e-12;
		bad_sym += j1 != j2 || w1 != w2;
		bad_jaro += j1 < 0 || j1 > 1;
		bad_jw += w1 < j1 || w1 > 1;
		runs++;
	}
	CHECK_INT(bad_jaro, 0);
	CHECK_INT(bad_jw, 0);
	CHECK_INT(bad_sym, 0);
	CHECK_INT(runs, 6000);

	/* ASCII only, names-like lengths: the bit-parallel path. */
	bad_jaro = 0;
	for (int round = 0; round < 20000; round++)
	{
		size_t		alen = random_string(a, rnd(66), 4);
		size_t		blen = round % 2 ? mutate(a, alen, b, 4, (int) rnd(4)) : random_string(b, rnd(66), 4);
		double		rjw,
					rj = ref_jaro(a, alen, b, blen, &rjw),
					j1,
					w1;

		c360_strcmp_jaro_ex(a, alen, b, blen, NULL, &j1, &w1);
		bad_jaro += fabs(j1 - rj) > 1e-12 || fabs(w1 - rjw) > 1e-12;
	}
	CHECK_INT(bad_jaro, 0);
}

/* Every path of the distance against the full matrix, at every bound. */
static void
test_dl_random(void)
{
	static char a[4096],
				b[4096 * 2];
	int			bad = 0,
				bad_bounded = 0,
				bad_sym = 0;

	for (int round = 0; round < 4000; round++)
	{
		int			alphabet = round % 4 == 0 ? 3 : round % 4 == 1 ? 7 : round % 4 == 2 ? 12 : 16;
		size_t		count = round < 3700 ? rnd(40) : 100 + rnd(200);
		size_t		alen = random_string(a, count, alphabet);
		size_t		blen = round % 4 ? mutate(a, alen, b, alphabet, (int) rnd(8))
			: random_string(b, round < 3700 ? rnd(40) : 100 + rnd(200), alphabet);
		int			want = ref_dl(a, alen, b, blen);
		int			got = c360_strcmp_damerau_levenshtein(a, alen, b, blen);

		bad += got != want;
		bad_sym += c360_strcmp_damerau_levenshtein(b, blen, a, alen) != want;
		for (int max = 0; max <= want + 2; max++)
		{
			int			bounded = c360_strcmp_damerau_levenshtein_max(a, alen, b, blen, max);

			bad_bounded += bounded != (want <= max ? want : max + 1);
			if (max > 12)
				max += 7;		/* sample large bounds */
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(bad_bounded, 0);
	CHECK_INT(bad_sym, 0);

	/*
	 * Prefix and suffix stripping around multi-byte and malformed sequences:
	 * shared lead bytes, shared continuation bytes, runs of bad bytes.
	 */
	{
		static const char *const cases[][2] = {
			{"x\xc3\xa9y", "x\xc3\xa8y"},
			{"\xc3\xa9\xc3\xa9", "\xc3\xa8\xc3\xa9"},
			{"\xe4\xb8\xad", "\xe4\xb8\xae"},
			{"\xe4\xb8\xad", "\xe5\xb8\xad"},
			{"\x80\x80\x80\x80" "a" "\x80\x80", "\x80\x80\x80\x80" "b" "\x80\x80"},
			{"\xf0\x9f\x98\x80\xf0\x9f\x98\x81", "\xf0\x9f\x98\x81\xf0\x9f\x98\x80"},
			{"a\xf0\x9f\x98", "a\xf0\x9f\x98\x80"},
			{"\xc3", "\xc3\xa9"},
			{"\xe4\xb8\xad\xe4\xb8", "\xe4\xb8\xad\xe4\xb8\xad"},
			{"ab\xc3\xa9\xc3\xa9", "ba\xc3\xa9\xc3\xa9"},
		};

		bad = 0;
		for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		{
			const char *x = cases[c][0],
					   *y = cases[c][1];
			int			want = ref_dl(x, strlen(x), y, strlen(y));

			bad += dl(x, y) != want || dl(y, x) != want;
			bad += dlmax(x, y, 1) != (want <= 1 ? want : 2);
		}
		CHECK_INT(bad, 0);
	}
}

static void
test_huge(void)
{
	const size_t big = 1000000;
	char	   *x = malloc(big + 1),
			   *y = malloc(big + 1),
			   *ab = malloc(big + 1),
			   *ba = malloc(big + 1);
	C360StrcmpOptions options = {4096 * 1024, count_interrupt};
	int			distance = -7;
	size_t		needed = 0;
	double		j,
				w;

	memset(x, 'x', big);
	memset(y, 'x', big);
	y[big - 1] = 'y';
	for (size_t i = 0; i < big; i += 2)
	{
		ab[i] = 'a';
		ab[i + 1] = 'b';
		ba[i] = 'b';
		ba[i + 1] = 'a';
	}

	/* Jaro: linear.  x^n against x^(n-1)y: n-1 matches, none out of order. */
	CHECK(c360_strcmp_jaro_ex(x, big, y, big, &options, &j, &w) == C360_STRCMP_OK);
	CHECK_NEAR(j, ((999999.0 / big) * 2 + 1) / 3, 1e-12);
	CHECK_NEAR(w, j + 0.4 * (1 - j), 1e-12);
	CHECK_NEAR(c360_strcmp_jaro(x, big, x, big), 1.0, 0);
	CHECK_NEAR(c360_strcmp_jaro(x, big, "x", 1), (1.0 / big + 1 + 1) / 3, 1e-12);
	/* (ab)^n / (ba)^n: all match, every pair out of order. */
	CHECK_NEAR(c360_strcmp_jaro(ab, big, ba, big), (1 + 1 + 0.5) / 3, 1e-12);
	/* Short against huge, both ways round. */
	CHECK(c360_strcmp_jaro(ab, big, "ab", 2) == c360_strcmp_jaro("ab", 2, ab, big));

	/* Distance: equal or nearly equal huge strings cost only the strip. */
	CHECK(c360_strcmp_damerau_levenshtein_ex(x, big, x, big, C360_STRCMP_UNBOUNDED, &options,
											  &distance, NULL) == C360_STRCMP_OK);
	CHECK_INT(distance, 0);
	CHECK(c360_strcmp_damerau_levenshtein_ex(x, big, y, big, C360_STRCMP_UNBOUNDED, &options,
											  &distance, NULL) == C360_STRCMP_OK);
	CHECK_INT(distance, 1);
	CHECK_INT(c360_strcmp_damerau_levenshtein(x, big, x, big - 10), 10);
	CHECK_INT(c360_strcmp_damerau_levenshtein_max(x, big, x, big - 10, 3), 4);

	/* Different huge strings: the unbounded matrix is over any sane budget... */
	CHECK(c360_strcmp_damerau_levenshtein_ex(ab, big, ba, big, C360_STRCMP_UNBOUNDED, &options,
											  &distance, &needed) == C360_STRCMP_OVER_BUDGET);
	CHECK(needed > C360_ALLOC_MAX);
	CHECK_INT(c360_strcmp_damerau_levenshtein(ab, big, ba, big), -1);
	/* ...the bounded form runs in the band, calling the interrupt hook. */
	interrupt_calls = 0;
	distance = -7;
	CHECK(c360_strcmp_damerau_levenshtein_ex(ab, big, ba, big, 2, &options, &distance, NULL)
		  == C360_STRCMP_OK);
	CHECK_INT(distance, 2);
	CHECK(interrupt_calls > 0);
	CHECK_INT(c360_strcmp_damerau_levenshtein_max(ab, big, ba, big, 1), 2);
	CHECK_INT(c360_strcmp_damerau_levenshtein_max(ab, big, ba, big, 0), 1);
	/* Early stop: x^n against y^n exceeds 5 after a few rows. */
	memset(y, 'y', big);
	CHECK_INT(c360_strcmp_damerau_levenshtein_max(x, big, y, big, 5), 6);
	/* A band of 100 on huge input fits 4 MB (102 * 203 * 4 bytes). */
	CHECK(c360_strcmp_damerau_levenshtein_ex(ab, big, ba, big, 100, &options, &distance, NULL)
		  == C360_STRCMP_OK);
	CHECK_INT(distance, 2);
	/* A band of 2000 does not: the caller learns how much it needs. */
	CHECK(c360_strcmp_damerau_levenshtein_ex(ab, big, ba, big, 2000, &options, &distance, &needed)
		  == C360_STRCMP_OVER_BUDGET);
	CHECK_INT(needed, (size_t) 2002 * 4003 * 4);

	free(x);
	free(y);
	free(ab);
	free(ba);
}

/* Budgets on small input: the full matrix and the band are both checked. */
static void
test_budget(void)
{
	C360StrcmpOptions tiny = {1000, NULL};
	int			distance = -7;
	size_t		needed = 0;

	/* 2 x 3 after stripping nothing: (2 + 1) * (3 + 3) cells fit. */
	CHECK(c360_strcmp_damerau_levenshtein_ex(S("ca"), S("abc"), C360_STRCMP_UNBOUNDED, &tiny,
											  &distance, &needed) == C360_STRCMP_OK);
	CHECK_INT(distance, 2);
	/* 30 x 30 do not: 31 * 33 * 4 bytes. */
	CHECK(c360_strcmp_damerau_levenshtein_ex(S("abcdefghijklmnopqrstuvwxyzABCD"),
											  S("BCDEFGHIJKLMNOPQRSTUVWXYZabcda"),
											  C360_STRCMP_UNBOUNDED, &tiny, &distance, &needed)
		  == C360_STRCMP_OVER_BUDGET);
	CHECK_INT(needed, 31 * 33 * 4);
	CHECK_INT(distance, 2);		/* untouched */
	/* The same strings with a bound: a 4-row band of 7 cells. */
	CHECK(c360_strcmp_damerau_levenshtein_ex(S("abcdefghijklmnopqrstuvwxyzABCD"),
											  S("BCDEFGHIJKLMNOPQRSTUVWXYZabcda"),
											  2, &tiny, &distance, &needed) == C360_STRCMP_OK);
	CHECK_INT(distance, 3);
	/* The common prefix and suffix cost no memory. */
	CHECK(c360_strcmp_damerau_levenshtein_ex(S("abcdefghijklmnopqrstuvwxyz-1-abcdefghijklmnopqrstuvwxyz"),
											  S("abcdefghijklmnopqrstuvwxyz-2-abcdefghijklmnopqrstuvwxyz"),
											  C360_STRCMP_UNBOUNDED, &tiny, &distance, &needed)
		  == C360_STRCMP_OK);
	CHECK_INT(distance, 1);
}

/*
 * Inputs beyond C360_STRCMP_MAX_ARRAY code points, without the memory:
 * mapped zero pages cost nothing until written.
 */
static void
test_too_long(void)
{
	size_t		len = C360_STRCMP_MAX_ARRAY + 1;
	char	   *x = mmap(NULL, len + 1, PROT_READ | PROT_WRITE,
						 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char	   *y = mmap(NULL, len + 1, PROT_READ | PROT_WRITE,
						 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	double		j = -7;
	int			distance = -7;
	size_t		needed = 0;

	if (x == MAP_FAILED || y == MAP_FAILED)
	{
		CHECK(!"mmap failed");
		return;
	}
	x[0] = 'a';
	y[0] = 'b';
	x[len - 1] = 'c';
	y[len] = 'd';
	CHECK(c360_strcmp_jaro_ex(x, len, y, len + 1, NULL, &j, NULL) == C360_STRCMP_TOO_LONG);
	CHECK_NEAR(c360_strcmp_jaro(x, len, y, len + 1), -1.0, 0);
	CHECK_NEAR(c360_strcmp_jaro_winkler(x, len, y, len + 1), -1.0, 0);
	/* One huge string is fine for Jaro: only the shorter is held. */
	CHECK_NEAR(c360_strcmp_jaro(x, len, "a", 1), (1.0 / len + 1 + 1) / 3, 1e-12);
	CHECK(c360_strcmp_damerau_levenshtein_ex(x, len, y, len + 1, 5, NULL, &distance, &needed)
		  == C360_STRCMP_TOO_LONG);
	CHECK_INT(distance, -7);
	CHECK_INT(c360_strcmp_damerau_levenshtein_max(x, len, y, len + 1, 5), -1);
	/* ...unless the length difference already settles it. */
	CHECK_INT(c360_strcmp_damerau_levenshtein_max(x, len, "a", 1, 5), 6);
	munmap(x, len + 1);
	munmap(y, len + 1);
}

/* Short inputs: no heap memory at all (the match engine's hot path). */
static void
test_no_allocation(void)
{
#ifdef __GLIBC__
	static char a[300],
				b[600];
	long		before;
	int			sink = 0;
	double		fsink = 0;

	before = malloc_calls;
	for (int round = 0; round < 2000; round++)
	{
		int			alphabet = round % 2 ? 4 : 16;
		size_t		alen = random_string(a, 1 + rnd(round < 1000 ? 30 : 60), alphabet);
		size_t		blen = round % 3 ? mutate(a, alen, b, alphabet, 3) : random_string(b, 1 + rnd(30), alphabet);

		if (alen > C360_STRCMP_STACK_BYTES || blen > C360_STRCMP_STACK_BYTES)
			continue;
		fsink += c360_strcmp_jaro(a, alen, b, blen);
		fsink += c360_strcmp_jaro_winkler(a, alen, b, blen);
		sink += c360_strcmp_damerau_levenshtein_max(a, alen, b, blen, round % 44);
		if (alen <= 60 && blen <= 60)
			sink += c360_strcmp_damerau_levenshtein(a, alen, b, blen);
	}
	CHECK_INT(malloc_calls - before, 0);
	CHECK(sink > 0 && fsink > 0);
	/* ...and the checks above can see an allocation. */
	memset(a, 'x', 200);
	memset(b, 'y', 200);
	before = malloc_calls;
	sink = c360_strcmp_damerau_levenshtein(a, 200, b, 200);
	CHECK_INT(sink, 200);
	CHECK(malloc_calls > before);
#endif
}

int
main(void)
{
	test_no_allocation();
	test_reference_values();
	test_exact_boost_threshold();
	test_malformed_and_unicode();
	test_jaro_random();
	test_dl_random();
	test_budget();
	test_huge();
	test_too_long();
	return UNIT_DONE();
}
