/*
 * gen_core.c: building blocks of the test-data generator (see gen_core.h).
 */
#include "gen_core.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_MAX_CP 512			/* longest value the noise operators edit */

/* ---------------------------------------------------------------- errors */

void
gen_die(const char *fmt,...)
{
	va_list		ap;

	fputs("gen_customers: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *
gen_xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		gen_die("out of memory (%zu bytes)", n);
	return p;
}

void *
gen_xcalloc(size_t n, size_t size)
{
	void	   *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		gen_die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
gen_xrealloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (q == NULL)
		gen_die("out of memory (%zu bytes)", n);
	return q;
}

/* ------------------------------------------------------------------ PRNG */

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t	z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline uint64_t
rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t	st = seed;
	int			i;

	st = splitmix64(&st) ^ a;
	st = splitmix64(&st) ^ b;
	st = splitmix64(&st) ^ c;
	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&st);
	/* xoshiro must not start from all zeros (splitmix64 makes it unlikely) */
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
}

uint64_t
gen_rng_next(gen_rng *r)
{
	uint64_t   *s = r->s;
	uint64_t	result = rotl64(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

double
gen_rng_unif(gen_rng *r)
{
	return (double) (gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

uint32_t
gen_rng_below(gen_rng *r, uint32_t n)
{
	/* multiply-shift: the bias is below 2^-32, irrelevant here */
	return (uint32_t) (((gen_rng_next(r) >> 32) * (uint64_t) n) >> 32);
}

int
gen_rng_range(gen_rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int) gen_rng_below(r, (uint32_t) (hi - lo + 1));
}

int
gen_rng_chance(gen_rng *r, double p)
{
	if (p <= 0.0)
		return 0;
	return gen_rng_unif(r) < p;
}

double
gen_rng_normal(gen_rng *r)
{
	double		u1 = 1.0 - gen_rng_unif(r);	/* (0, 1] */
	double		u2 = gen_rng_unif(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

double
gen_rng_exp(gen_rng *r, double rate)
{
	return -log(1.0 - gen_rng_unif(r)) / rate;
}

/* Marsaglia and Tsang's method; shape < 1 through the boost u^(1/shape). */
double
gen_rng_gamma(gen_rng *r, double shape, double scale)
{
	double		d,
				c,
				x,
				v,
				u;

	if (shape <= 0.0 || scale <= 0.0)
		return 0.0;
	if (shape < 1.0)
	{
		double		g = gen_rng_gamma(r, shape + 1.0, scale);

		return g * pow(1.0 - gen_rng_unif(r), 1.0 / shape);
	}
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;)
	{
		do
		{
			x = gen_rng_normal(r);
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		u = 1.0 - gen_rng_unif(r);
		if (u < 1.0 - 0.0331 * x * x * x * x)
			return d * v * scale;
		if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v * scale;
	}
}

double
gen_rng_beta(gen_rng *r, double a, double b)
{
	double		x = gen_rng_gamma(r, a, 1.0);
	double		y = gen_rng_gamma(r, b, 1.0);

	if (x + y <= 0.0)
		return 0.5;
	return x / (x + y);
}

/* ------------------------------------------------------------------ CDFs */

void
gen_cdf_weights(gen_cdf *c, const double *w, size_t n)
{
	double		total = 0.0;
	size_t		i;

	c->cum = gen_xmalloc(sizeof(double) * (n ? n : 1));
	c->n = n;
	for (i = 0; i < n; i++)
	{
		total += w[i] > 0.0 ? w[i] : 0.0;
		c->cum[i] = total;
	}
	for (i = 0; i < n && total > 0.0; i++)
		c->cum[i] /= total;
	if (n > 0)
		c->cum[n - 1] = 1.0;
}

void
gen_cdf_zipf(gen_cdf *c, size_t n, double offset, double power)
{
	double	   *w = gen_xmalloc(sizeof(double) * (n ? n : 1));
	size_t		i;

	for (i = 0; i < n; i++)
		w[i] = 1.0 / pow((double) i + offset, power);
	gen_cdf_weights(c, w, n);
	free(w);
}

size_t
gen_cdf_pick(const gen_cdf *c, gen_rng *r)
{
	double		u = gen_rng_unif(r);
	size_t		lo = 0,
				hi;

	if (c->n == 0)
		return 0;
	hi = c->n - 1;
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (c->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void
gen_cdf_free(gen_cdf *c)
{
	free(c->cum);
	c->cum = NULL;
	c->n = 0;
}

/* ----------------------------------------------------------------- dates */

/* Howard Hinnant's days_from_civil / civil_from_days, from their description. */
int32_t
gen_days_from_civil(int y, int m, int d)
{
	int			era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
gen_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	int32_t		z = days + 719468;
	int32_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t		doe = z - era * 146097;
	int32_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t		mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
gen_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* --------------------------------------------------------------- buffers */

void
gen_buf_init(gen_buf *b, size_t cap)
{
	b->cap = cap ? cap : 64;
	b->data = gen_xmalloc(b->cap);
	b->len = 0;
	b->data[0] = '\0';
}

void
gen_buf_free(gen_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static void
gen_buf_reserve(gen_buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
	{
		size_t		ncap = b->cap * 2;

		while (ncap < b->len + extra + 1)
			ncap *= 2;
		b->data = gen_xrealloc(b->data, ncap);
		b->cap = ncap;
	}
}

void
gen_buf_put(gen_buf *b, const char *s, size_t n)
{
	gen_buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
gen_buf_puts(gen_buf *b, const char *s)
{
	gen_buf_put(b, s, strlen(s));
}

void
gen_buf_putc(gen_buf *b, char c)
{
	gen_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
gen_buf_put_uint(gen_buf *b, uint64_t v, int minwidth)
{
	char		tmp[24];
	int			n = 0;

	do
	{
		tmp[n++] = (char) ('0' + v % 10);
		v /= 10;
	} while (v > 0 && n < 20);
	while (n < minwidth && n < 20)
		tmp[n++] = '0';
	gen_buf_reserve(b, (size_t) n);
	while (n > 0)
		b->data[b->len++] = tmp[--n];
	b->data[b->len] = '\0';
}

void
gen_csv_field(gen_buf *b, const char *s, size_t n)
{
	size_t		i;
	int			quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');

	for (i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote)
	{
		gen_buf_put(b, s, n);
		return;
	}
	gen_buf_reserve(b, n * 2 + 2);
	b->data[b->len++] = '"';
	for (i = 0; i < n; i++)
	{
		if (s[i] == '"')
			b->data[b->len++] = '"';
		b->data[b->len++] = s[i];
	}
	b->data[b->len++] = '"';
	b->data[b->len] = '\0';
}

int
gen_csv_split(char *line, char **fields, int maxf)
{
	char	   *p = line;
	int			nf = 0;

	for (;;)
	{
		char	   *start;

		if (nf >= maxf)
			return -1;
		if (*p == '"')
		{
			char	   *w;

			start = w = ++p;
			for (;;)
			{
				if (*p == '\0')
					return -1;	/* unclosed quote */
				if (*p == '"')
				{
					if (p[1] == '"')
					{
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*w++ = *p++;
			}
			if (*p != ',' && *p != '\0')
				return -1;		/* text after the closing quote */
			fields[nf++] = start;
			if (*p == '\0')
			{
				*w = '\0';
				return nf;
			}
			*w = '\0';
			p++;
		}
		else
		{
			start = p;
			while (*p != ',' && *p != '\0')
			{
				if (*p == '"')
					return -1;	/* a bare quote inside an unquoted field */
				p++;
			}
			fields[nf++] = start;
			if (*p == '\0')
				return nf;
			*p++ = '\0';
		}
	}
}

/* ------------------------------------------------------------------ UTF-8 */

/* Decodes one code point of valid-or-not UTF-8; returns its byte length. */
static size_t
utf8_decode1(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	c;
	size_t		len,
				i;

	if (n == 0)
	{
		*cp = 0;
		return 0;
	}
	c = s[0];
	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		len = 2;
		c &= 0x1F;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		len = 3;
		c &= 0x0F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		len = 4;
		c &= 0x07;
	}
	else
	{
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n)
	{
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
		(c >= 0xD800 && c <= 0xDFFF))
	{
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

static size_t
utf8_encode1(uint32_t c, char *out)
{
	if (c < 0x80)
	{
		out[0] = (char) c;
		return 1;
	}
	if (c < 0x800)
	{
		out[0] = (char) (0xC0 | (c >> 6));
		out[1] = (char) (0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000)
	{
		out[0] = (char) (0xE0 | (c >> 12));
		out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
		out[2] = (char) (0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (c >> 18));
	out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
	out[3] = (char) (0x80 | (c & 0x3F));
	return 4;
}

int
gen_utf8_valid(const char *s, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		uint32_t	cp;
		size_t		len = utf8_decode1((const unsigned char *) s + i, n - i, &cp);

		if (cp == 0xFFFD && !(len == 3 && (unsigned char) s[i] == 0xEF))
			return 0;
		i += len;
	}
	return 1;
}

void
gen_copy(char *dst, size_t cap, const char *src)
{
	size_t		n = strlen(src);

	if (cap == 0)
		return;
	if (n + 1 > cap)
	{
		n = cap - 1;
		/* back off to the start of a character */
		while (n > 0 && ((unsigned char) src[n] & 0xC0) == 0x80)
			n--;
	}
	memmove(dst, src, n);
	dst[n] = '\0';
}

void
gen_fmt(char *dst, size_t cap, const char *fmt,...)
{
	va_list		ap;
	int			n;

	if (cap == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
	if (n < 0)
		dst[0] = '\0';
	else if ((size_t) n >= cap)
	{
		size_t		k = cap - 1,
					lead = k;
		unsigned char c;
		size_t		need;

		/* do not leave half a character behind */
		while (lead > 0 && ((unsigned char) dst[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0)
		{
			c = (unsigned char) dst[lead - 1];
			need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
			if (k - (lead - 1) < need)
				k = lead - 1;
		}
		dst[k] = '\0';
	}
}

size_t
gen_utf8_count(const char *s)
{
	size_t		n = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xC0) != 0x80)
			n++;
	return n;
}

void
gen_utf8_truncate(char *s, size_t ncp)
{
	size_t		seen = 0;
	char	   *p;

	for (p = s; *p; p++)
	{
		if (((unsigned char) *p & 0xC0) != 0x80)
		{
			if (seen == ncp)
			{
				*p = '\0';
				return;
			}
			seen++;
		}
	}
}

/* Latin Extended-A blocks where upper case sits on the even code point. */
static int
exta_even_upper(uint32_t c)
{
	return (c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177);
}

static int
exta_odd_upper(uint32_t c)
{
	return (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
}

static uint32_t
cp_upper(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return c - 0x20;
	if (c == 0xFF)
		return 0x178;
	if (c == 0x131)
		return 'I';
	if (exta_even_upper(c) && (c & 1))
		return c - 1;
	if (exta_odd_upper(c) && !(c & 1))
		return c - 1;
	return c;
}

static uint32_t
cp_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c == 0x178)
		return 0xFF;
	if (c == 0x130)
		return 'i';
	if (exta_even_upper(c) && !(c & 1))
		return c + 1;
	if (exta_odd_upper(c) && (c & 1))
		return c + 1;
	return c;
}

/* Base letters of U+00C0..U+00FF (multi-letter ones handled apart). */
static const char latin1_base[65] =
"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo\0ouuuuyty";

/* Base letters of U+0100..U+017F. */
static const char latin_exta_base[129] =
"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

static const char *
cp_ascii(uint32_t c, char *one)
{
	switch (c)
	{
		case 0xC6:
			return "AE";
		case 0xE6:
			return "ae";
		case 0xDE:
			return "TH";
		case 0xFE:
			return "th";
		case 0xDF:
			return "ss";
		case 0x132:
			return "IJ";
		case 0x133:
			return "ij";
		case 0x152:
			return "OE";
		case 0x153:
			return "oe";
		default:
			break;
	}
	one[1] = '\0';
	if (c < 0x80)
		one[0] = (char) c;
	else if (c >= 0xC0 && c <= 0xFF)
		one[0] = latin1_base[c - 0xC0];
	else if (c >= 0x100 && c <= 0x17F)
		one[0] = latin_exta_base[c - 0x100];
	else
		one[0] = '\0';
	return one;
}

/* Maps every code point of in through f (or the ASCII folding) into out. */
static void
str_map(const char *in, char *out, size_t cap, uint32_t (*f) (uint32_t), int ascii)
{
	size_t		n = strlen(in),
				i = 0,
				o = 0;

	if (cap == 0)
		return;
	while (i < n)
	{
		uint32_t	c;
		char		enc[8];
		size_t		elen;

		i += utf8_decode1((const unsigned char *) in + i, n - i, &c);
		if (ascii)
		{
			const char *a = cp_ascii(c, enc);

			elen = strlen(a);
			if (a != enc)
				memmove(enc, a, elen);
		}
		else
			elen = utf8_encode1(f(c), enc);
		if (o + elen + 1 > cap)
			break;
		memcpy(out + o, enc, elen);
		o += elen;
	}
	out[o] = '\0';
}

void
gen_str_upper(const char *in, char *out, size_t cap)
{
	str_map(in, out, cap, cp_upper, 0);
}

void
gen_str_lower(const char *in, char *out, size_t cap)
{
	str_map(in, out, cap, cp_lower, 0);
}

void
gen_str_ascii(const char *in, char *out, size_t cap)
{
	str_map(in, out, cap, NULL, 1);
}

/* ------------------------------------------------------------------ noise */

const char *
gen_qwerty_neighbours(char c)
{
	static const char *const nb[26] = {
		"qwsz", "vghn", "xdfv", "serfcx", "wrsd", "drtgvc", "ftyhbv", "gyujnb",
		"uojk", "huikmn", "jiolm", "kop", "njk", "bhjm", "ipkl", "ol", "wa",
		"etdf", "awedxz", "ryfg", "yihj", "cfgb", "qeas", "zsdc", "tugh", "asx"
	};

	if (c >= 'A' && c <= 'Z')
		c = (char) (c + 32);
	if (c < 'a' || c > 'z')
		return NULL;
	return nb[c - 'a'];
}

static size_t
to_cps(const char *s, uint32_t *cps, size_t max)
{
	size_t		n = strlen(s),
				i = 0,
				k = 0;

	while (i < n)
	{
		if (k == max)
			return max + 1;		/* too long */
		i += utf8_decode1((const unsigned char *) s + i, n - i, &cps[k]);
		k++;
	}
	return k;
}

/* Writes cps back to s if it fits in cap; returns 1 on success. */
static int
from_cps(const uint32_t *cps, size_t k, char *s, size_t cap)
{
	char		tmp[GEN_MAX_CP * 4 + 1];
	size_t		o = 0,
				i;

	for (i = 0; i < k; i++)
		o += utf8_encode1(cps[i], tmp + o);
	if (o + 1 > cap)
		return 0;
	memcpy(s, tmp, o);
	s[o] = '\0';
	return 1;
}

int
gen_typo_at(char *s, size_t cap, gen_typo_kind kind, size_t pos, uint32_t ch)
{
	uint32_t	cps[GEN_MAX_CP + 1];
	size_t		k = to_cps(s, cps, GEN_MAX_CP),
				i;
	uint32_t	t;

	if (k > GEN_MAX_CP)
		return 0;
	switch (kind)
	{
		case GEN_TYPO_SUBST:
			if (pos >= k || cps[pos] == ch)
				return 0;
			cps[pos] = ch;
			break;
		case GEN_TYPO_TRANSPOSE:
			if (pos + 1 >= k || cps[pos] == cps[pos + 1])
				return 0;
			t = cps[pos];
			cps[pos] = cps[pos + 1];
			cps[pos + 1] = t;
			break;
		case GEN_TYPO_DELETE:
			if (pos >= k || k < 2)
				return 0;
			for (i = pos; i + 1 < k; i++)
				cps[i] = cps[i + 1];
			k--;
			break;
		case GEN_TYPO_INSERT:
			if (pos > k || k >= GEN_MAX_CP || ch == 0)
				return 0;
			for (i = k; i > pos; i--)
				cps[i] = cps[i - 1];
			cps[pos] = ch;
			k++;
			break;
		default:
			return 0;
	}
	return from_cps(cps, k, s, cap);
}

/* A plausible mistyping of c: a QWERTY neighbour in the same case, another
 * digit, or the base letter of an accented one. */
static uint32_t
mistype(gen_rng *r, uint32_t c)
{
	const char *nb;
	char		one[2];

	if (c < 0x80 && (nb = gen_qwerty_neighbours((char) c)) != NULL)
	{
		uint32_t	x = (uint32_t) nb[gen_rng_below(r, (uint32_t) strlen(nb))];

		return (c >= 'A' && c <= 'Z') ? x - 32 : x;
	}
	if (c >= '0' && c <= '9')
		return '0' + (c - '0' + 1 + gen_rng_below(r, 9)) % 10;
	if (c >= 0xC0 && c <= 0x17F)
	{
		const char *a = cp_ascii(c, one);

		if (a[0] != '\0')
			return (uint32_t) (unsigned char) a[0];
	}
	return 0;
}

int
gen_typo(gen_rng *r, char *s, size_t cap)
{
	size_t		k = gen_utf8_count(s);
	int			attempt;

	if (k < 2 || k > GEN_MAX_CP)
		return 0;
	for (attempt = 0; attempt < 4; attempt++)
	{
		double		u = gen_rng_unif(r);
		size_t		pos = gen_rng_below(r, (uint32_t) k);
		uint32_t	cps[GEN_MAX_CP + 1];
		uint32_t	ch;

		to_cps(s, cps, GEN_MAX_CP);
		if (u < 0.35)
		{
			ch = mistype(r, cps[pos]);
			if (ch != 0 && gen_typo_at(s, cap, GEN_TYPO_SUBST, pos, ch))
				return 1;
		}
		else if (u < 0.60)
		{
			if (gen_typo_at(s, cap, GEN_TYPO_TRANSPOSE, pos < k - 1 ? pos : pos - 1, 0))
				return 1;
		}
		else if (u < 0.85)
		{
			if (cps[pos] != ' ' && gen_typo_at(s, cap, GEN_TYPO_DELETE, pos, 0))
				return 1;
		}
		else
		{
			/* a doubled letter half the time, a slipped neighbour otherwise */
			ch = gen_rng_chance(r, 0.5) ? cps[pos] : mistype(r, cps[pos]);
			if (ch != 0 && ch != ' ' && gen_typo_at(s, cap, GEN_TYPO_INSERT, pos, ch))
				return 1;
		}
	}
	return 0;
}

int
gen_ocr(gen_rng *r, char *s, size_t cap)
{
	static const char *const from[] = {
		"O", "0", "I", "l", "1", "S", "5", "B", "8", "Z", "2", "G", "6",
		"rn", "m", "cl", "d", "vv", "w", "o"
	};
	static const char *const to[] = {
		"0", "O", "1", "1", "l", "5", "S", "8", "B", "2", "Z", "6", "G",
		"m", "rn", "d", "cl", "w", "vv", "0"
	};
	const size_t npairs = sizeof(from) / sizeof(from[0]);
	size_t		total = 0,
				pick,
				len = strlen(s),
				p,
				i;

	/* ASCII patterns never match inside a multi-byte UTF-8 sequence */
	for (i = 0; i < npairs; i++)
		for (p = 0; p < len; p++)
			if (strncmp(s + p, from[i], strlen(from[i])) == 0)
				total++;
	if (total == 0)
		return 0;
	pick = gen_rng_below(r, (uint32_t) total);
	for (i = 0; i < npairs; i++)
	{
		size_t		fl = strlen(from[i]),
					tl = strlen(to[i]);

		for (p = 0; p < len; p++)
		{
			if (strncmp(s + p, from[i], fl) != 0)
				continue;
			if (pick-- > 0)
				continue;
			if (len - fl + tl + 1 > cap)
				return 0;
			memmove(s + p + tl, s + p + fl, len - p - fl + 1);
			memcpy(s + p, to[i], tl);
			return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ lists */

int
gen_list_load(const char *path, gen_list *out, char *err, size_t errlen)
{
	FILE	   *f = fopen(path, "rb");
	long		size;
	size_t		got,
				cap = 64,
				lineno = 0;
	char	   *p,
			   *end;

	memset(out, 0, sizeof(*out));
	if (f == NULL)
	{
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
	{
		snprintf(err, errlen, "cannot read %s", path);
		fclose(f);
		return -1;
	}
	out->storage = gen_xmalloc((size_t) size + 1);
	got = fread(out->storage, 1, (size_t) size, f);
	fclose(f);
	if (got != (size_t) size)
	{
		snprintf(err, errlen, "short read on %s", path);
		gen_list_free(out);
		return -1;
	}
	out->storage[size] = '\0';
	out->items = gen_xmalloc(sizeof(char *) * cap);
	p = out->storage;
	end = p + size;
	while (p < end)
	{
		char	   *nl = memchr(p, '\n', (size_t) (end - p));
		char	   *eol = nl ? nl : end;
		size_t		len;

		lineno++;
		*eol = '\0';
		len = (size_t) (eol - p);
		while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
			p[--len] = '\0';
		if (!gen_utf8_valid(p, len))
		{
			snprintf(err, errlen, "%s:%zu: not valid UTF-8", path, lineno);
			gen_list_free(out);
			return -1;
		}
		if (len > 0 && p[0] != '#')
		{
			if (out->n == cap)
			{
				cap *= 2;
				out->items = gen_xrealloc(out->items, sizeof(char *) * cap);
			}
			out->items[out->n++] = p;
		}
		p = eol + 1;
	}
	if (out->n == 0)
	{
		snprintf(err, errlen, "%s holds no items", path);
		gen_list_free(out);
		return -1;
	}
	return 0;
}

void
gen_list_free(gen_list *l)
{
	free(l->items);
	free(l->storage);
	memset(l, 0, sizeof(*l));
}

int
gen_split_commas(char *s, char **fields, int maxf)
{
	int			nf = 0;

	if (maxf <= 0)
		return 0;
	fields[nf++] = s;
	for (; *s; s++)
	{
		if (*s == ',')
		{
			if (nf == maxf)
				return -1;
			*s = '\0';
			fields[nf++] = s + 1;
		}
	}
	return nf;
}
