/*
 * Fuzz target for src/match/strcmp.c.
 *
 * Input: byte 0 picks the bound and the memory budget, byte 1 where the
 * rest splits into a and b.  Checked on every input:
 *   - Jaro and Jaro-Winkler lie in [0, 1], Jaro-Winkler >= Jaro, both are
 *     symmetric, and they equal 1 exactly when the code points are equal;
 *   - the distance is symmetric, between |n - m| and max(n, m), 0 exactly
 *     for equal code points, at most the Levenshtein distance, and the
 *     bounded form is min(distance, max + 1) at several bounds;
 *   - a memory budget is either honoured or reported with what was needed;
 *   - on inputs small enough, both agree with textbook versions here.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "strcmp.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

/* Jaro by the plain window scan. */
static double
ref_jaro(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	size_t		longer = n > m ? n : m;
	size_t		window = longer >= 4 ? longer / 2 - 1 : 0;
	unsigned char *used;
	uint32_t   *seq;
	size_t		k = 0,
				x = 0,
				t = 0;

	if (n == 0 && m == 0)
		return 1.0;
	if (n == 0 || m == 0)
		return 0.0;
	used = c360_alloc_zero(m);
	seq = c360_alloc(n * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++)
	{
		size_t		lo = i > window ? i - window : 0;
		size_t		hi = i + window < m - 1 ? i + window : m - 1;

		for (size_t j = lo; j <= hi && lo < m; j++)
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
	c360_free(used);
	c360_free(seq);
	if (k == 0)
		return 0.0;
	return ((double) k / n + (double) k / m + (double) (k - x / 2) / k) / 3.0;
}

/*
 * Lowrance-Wagner over the full matrix (no stripping, no band), and
 * plain Levenshtein for comparison.
 */
static int
ref_distance(const uint32_t *a, size_t n, const uint32_t *b, size_t m, int *levenshtein)
{
	size_t		cols = m + 2;
	int		   *d = c360_alloc((n + 2) * cols * sizeof(int));
	int		   *lev = c360_alloc((n + 1) * (m + 1) * sizeof(int));
	int		   *last_row = c360_alloc_zero((m + 1) * sizeof(int));	/* per column j:
																	 * last row holding b[j-1] */
	int			inf = (int) (n + m + 1);
	int			result;

#define D(i, j) d[(size_t) ((i) + 1) * cols + (size_t) ((j) + 1)]
#define L(i, j) lev[(size_t) (i) * (m + 1) + (size_t) (j)]
	for (long i = -1; i <= (long) n; i++)
		D(i, -1) = inf;
	for (long j = -1; j <= (long) m; j++)
		D(-1, j) = inf;
	for (size_t i = 0; i <= n; i++)
		D((long) i, 0) = L(i, 0) = (int) i;
	for (size_t j = 0; j <= m; j++)
		D(0, (long) j) = L(0, j) = (int) j;
	for (size_t i = 1; i <= n; i++)
	{
		int			db = 0;

		for (size_t j = 1; j <= m; j++)
		{
			int			k = last_row[j],
						l = db,
						cost = a[i - 1] == b[j - 1] ? 0 : 1,
						v;

			if (cost == 0)
				db = (int) j;
			v = D((long) i - 1, (long) j - 1) + cost;
			if (D((long) i - 1, (long) j) + 1 < v)
				v = D((long) i - 1, (long) j) + 1;
			if (D((long) i, (long) j - 1) + 1 < v)
				v = D((long) i, (long) j - 1) + 1;
			if (D(k - 1, l - 1) + ((int) i - k - 1) + 1 + ((int) j - l - 1) < v)
				v = D(k - 1, l - 1) + ((int) i - k - 1) + 1 + ((int) j - l - 1);
			D((long) i, (long) j) = v;

			v = L(i - 1, j - 1) + cost;
			if (L(i - 1, j) + 1 < v)
				v = L(i - 1, j) + 1;
			if (L(i, j - 1) + 1 < v)
				v = L(i, j - 1) + 1;
			L(i, j) = v;
		}
		for (size_t j = 1; j <= m; j++)
			if (b[j - 1] == a[i - 1])
				last_row[j] = (int) i;
	}
	result = D((long) n, (long) m);
	*levenshtein = L(n, m);
#undef D
#undef L
	c360_free(d);
	c360_free(lev);
	c360_free(last_row);
	return result;
}

static int	interrupts;

static void
on_interrupt(void)
{
	interrupts++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a,
			   *b;
	size_t		alen,
				blen,
				n,
				m,
				needed = 0;
	uint32_t   *acp,
			   *bcp;
	int			max,
				distance,
				again,
				status;
	bool		equal;
	double		j1,
				w1,
				j2,
				w2;
	C360StrcmpOptions options = {(size_t) -1, on_interrupt};

	if (size < 2)
		return 0;
	max = data[0] < 200 ? data[0] % 12 : (data[0] - 200) * 37;
	alen = (size - 2) * data[1] / 255;
	a = (const char *) data + 2;
	b = a + alen;
	blen = size - 2 - alen;

	acp = c360_alloc((alen + 1) * sizeof(uint32_t));
	bcp = c360_alloc((blen + 1) * sizeof(uint32_t));
	n = c360_utf8_decode(a, alen, acp);
	m = c360_utf8_decode(b, blen, bcp);
	equal = n == m && memcmp(acp, bcp, n * sizeof(uint32_t)) == 0;

	/* Jaro, Jaro-Winkler */
	require(c360_strcmp_jaro_ex(a, alen, b, blen, &options, &j1, &w1) == C360_STRCMP_OK);
	require(c360_strcmp_jaro_ex(b, blen, a, alen, NULL, &j2, &w2) == C360_STRCMP_OK);
	require(j1 >= 0.0 && j1 <= 1.0 && w1 >= j1 && w1 <= 1.0);
	require(j1 == j2 && w1 == w2);
	require((j1 == 1.0) == equal && (w1 == 1.0) == equal);
	require(c360_strcmp_jaro(a, alen, b, blen) == j1);
	require(c360_strcmp_jaro_winkler(a, alen, b, blen) == w1);
	if (n * m <= 100000)
		require(fabs(ref_jaro(acp, n, bcp, m) - j1) <= 1e-12);

	/* Damerau-Levenshtein */
	distance = c360_strcmp_damerau_levenshtein(a, alen, b, blen);
	require(distance >= 0);
	require(c360_strcmp_damerau_levenshtein(b, blen, a, alen) == distance);
	require((size_t) distance >= (n > m ? n - m : m - n));
	require((size_t) distance <= (n > m ? n : m));
	require((distance == 0) == equal);
	if (n * m <= 20000)
	{
		int			levenshtein;

		require(ref_distance(acp, n, bcp, m, &levenshtein) == distance);
		require(distance <= levenshtein);
	}
	for (int k = 0; k <= 3; k++)
	{
		int			bound = k == 3 ? max : distance + k - 1;

		/* Bounds near a large distance cost a full matrix each: sample. */
		if (bound < 0 || (k < 3 && n * m > 40000))
			continue;
		again = c360_strcmp_damerau_levenshtein_max(a, alen, b, blen, bound);
		require(again == (distance <= bound ? distance : bound + 1));
		again = c360_strcmp_damerau_levenshtein_max(b, blen, a, alen, bound);
		require(again == (distance <= bound ? distance : bound + 1));
	}

	/* A budget is honoured or reported. */
	options.mem_budget = (size_t) data[0] * 64;
	again = -1;
	status = c360_strcmp_damerau_levenshtein_ex(a, alen, b, blen, data[0] & 1 ? max : C360_STRCMP_UNBOUNDED,
												&options, &again, &needed);
	if (status == C360_STRCMP_OK)
		require(again == (data[0] & 1 && distance > max ? max + 1 : distance));
	else
		require(status == C360_STRCMP_OVER_BUDGET && needed > options.mem_budget && again == -1);

	c360_free(acp);
	c360_free(bcp);
	return 0;
}
