/*
 * strcmp.c: Jaro, Jaro-Winkler and Damerau-Levenshtein on code points.
 *
 * The hot case is two short names, called millions of times: it must not
 * allocate, decode or do anything twice.  The other case is adversarial
 * input (1 MB strings): it must stay linear where the measure allows it and
 * bounded in memory everywhere.  Hence several paths per measure, which the
 * unit test checks against one another and against textbook versions.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "strcmp.h"
#include "utf8.h"

/* Inputs up to this many code points use the bit-parallel Jaro (one uint64_t). */
#define JARO_BITS 64

/* Bytes of the longer input decoded at a time when it is streamed. */
#define STREAM_PIECE 1024

/* Steps between calls of the interrupt hook. */
#define INTERRUPT_STEPS ((size_t) 1 << 20)

/*
 * Distance cells that live on the stack (16 kB): the unbounded matrix of two
 * strings of about 60 characters, the band of max <= 43.
 */
#define DL_STACK_CELLS 4096

/* Larger than any distance (inputs are at most C360_STRCMP_MAX_ARRAY long). */
#define DL_INFINITY ((int32_t) 0x3fffffff)

/* Empty slot in a code point table: never a code point. */
#define CP_EMPTY UINT32_MAX

static const C360StrcmpOptions default_options = {(size_t) -1, NULL};


/* ----------------------------------------------------------------------
 * Small helpers
 * ---------------------------------------------------------------------- */

static inline bool
is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static bool
is_ascii(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	uint64_t	seen = 0;
	size_t		i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64_t	word;

		memcpy(&word, p + i, 8);
		seen |= word;
	}
	for (; i < len; i++)
		seen |= p[i];
	return (seen & UINT64_C(0x8080808080808080)) == 0;
}

/* ASCII bytes to code points; returns len. */
static size_t
widen_ascii(const char *s, size_t len, uint32_t *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i;

	for (i = 0; i < len; i++)
		out[i] = p[i];
	return len;
}

static size_t
decode_into(const char *s, size_t len, bool ascii, uint32_t *out)
{
	return ascii ? widen_ascii(s, len, out) : c360_utf8_decode(s, len, out);
}

static size_t
count_code_points(const char *s, size_t len, bool ascii)
{
	return ascii ? len : c360_utf8_length(s, len);
}

/*
 * Decode a short string (out has room for len code points) and say whether
 * it is all ASCII.  Well-formed UTF-8, the usual case, is decoded inline
 * here; anything c360_utf8_decode would turn into U+FFFD (a bad lead byte, a
 * missing continuation byte, an overlong form, a surrogate, a value past
 * U+10FFFF) hands the whole string to c360_utf8_decode, so the result is
 * always exactly what c360_utf8_decode gives.
 */
static size_t
decode_short(const char *s, size_t len, uint32_t *out, bool *ascii)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0,
				n = 0;

	if (is_ascii(s, len))
	{
		*ascii = true;
		return widen_ascii(s, len, out);
	}
	*ascii = false;
	while (i < len)
	{
		unsigned char c = p[i];
		uint32_t	cp;

		if (c < 0x80)
		{
			out[n++] = c;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF && i + 1 < len && is_continuation(p[i + 1]))
		{
			out[n++] = ((uint32_t) (c & 0x1F) << 6) | (p[i + 1] & 0x3F);
			i += 2;
			continue;
		}
		if (c >= 0xE0 && c <= 0xEF && i + 2 < len &&
			is_continuation(p[i + 1]) && is_continuation(p[i + 2]))
		{
			cp = ((uint32_t) (c & 0x0F) << 12) | ((uint32_t) (p[i + 1] & 0x3F) << 6) |
				(p[i + 2] & 0x3F);
			if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF))
			{
				out[n++] = cp;
				i += 3;
				continue;
			}
		}
		else if (c >= 0xF0 && c <= 0xF4 && i + 3 < len && is_continuation(p[i + 1]) &&
				 is_continuation(p[i + 2]) && is_continuation(p[i + 3]))
		{
			cp = ((uint32_t) (c & 0x07) << 18) | ((uint32_t) (p[i + 1] & 0x3F) << 12) |
				((uint32_t) (p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
			if (cp >= 0x10000 && cp <= 0x10FFFF)
			{
				out[n++] = cp;
				i += 4;
				continue;
			}
		}
		return c360_utf8_decode(s, len, out);
	}
	return n;
}

/*
 * Whether c360_utf8_decode(s, len) splits cleanly at byte offset cut, that
 * is, no sequence it decodes spans the cut, so s[0..cut) and s[cut..len)
 * decoded separately give exactly the code points of the whole.
 *
 * A sequence spanning the cut would be a valid one whose lead byte lies in
 * s[cut-3 .. cut-1] and whose continuation bytes include s[cut] (an invalid
 * sequence consumes one byte).  So the cut is clean when s[cut] is not a
 * continuation byte, or when the three bytes before it are all continuation
 * bytes (then none of them is a lead).  A piece decoded on its own treats a
 * sequence running past its end as invalid, which is what the whole string
 * does too when the byte at the cut is not a continuation byte.
 */
static inline bool
clean_cut(const unsigned char *s, size_t len, size_t cut)
{
	size_t		back;

	if (cut == 0 || cut >= len || !is_continuation(s[cut]))
		return true;
	for (back = 1; back <= 3 && back <= cut; back++)
		if (!is_continuation(s[cut - back]))
			return false;
	return true;
}

static inline void
check_interrupts(const C360StrcmpOptions *options)
{
	if (options->check_interrupts != NULL)
		options->check_interrupts();
}

static inline int
lowest_bit(uint64_t word)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(word);
#else
	int			bit = 0;

	while ((word & 1) == 0)
	{
		word >>= 1;
		bit++;
	}
	return bit;
#endif
}

/*
 * The first four code points of each string and how many of them agree:
 * the Winkler prefix.  The first four code points lie within the first 16
 * bytes, and decoding those bytes alone gives them exactly (see clean_cut).
 */
static int
common_prefix(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t	acp[16],
				bcp[16];
	size_t		na = c360_utf8_decode(a, alen < 16 ? alen : 16, acp);
	size_t		nb = c360_utf8_decode(b, blen < 16 ? blen : 16, bcp);
	int			prefix = 0;

	while (prefix < 4 && (size_t) prefix < na && (size_t) prefix < nb &&
		   acp[prefix] == bcp[prefix])
		prefix++;
	return prefix;
}


/* ----------------------------------------------------------------------
 * Code point tables: open addressing, for the non-ASCII characters of a
 * string (ASCII ones get a plain array in the callers).
 * ---------------------------------------------------------------------- */

typedef struct CpSlot
{
	uint32_t	cp;				/* CP_EMPTY when free */
	int32_t		first;			/* Jaro: next unused position; DL: symbol */
	int32_t		last;			/* Jaro: last position, while building */
} CpSlot;

typedef struct CpTable
{
	CpSlot	   *slots;
	size_t		capacity;		/* a power of two, or 0 */
	size_t		used;
	int			shift;			/* 32 - log2(capacity) */
	bool		on_heap;
} CpTable;

static void
cptable_reset(CpTable *table, CpSlot *slots, size_t capacity, bool on_heap)
{
	size_t		i;
	int			bits = 0;

	while (((size_t) 1 << bits) < capacity)
		bits++;
	table->slots = slots;
	table->capacity = capacity;
	table->used = 0;
	table->shift = 32 - bits;
	table->on_heap = on_heap;
	for (i = 0; i < capacity; i++)
	{
		slots[i].cp = CP_EMPTY;
		slots[i].first = -1;
		slots[i].last = -1;
	}
}

/*
 * A table for up to `expected` distinct code points: in stack_slots (of
 * stack_capacity, a power of two) when that holds them at half load, else on
 * the heap, starting small and growing.
 */
static void
cptable_init(CpTable *table, CpSlot *stack_slots, size_t stack_capacity, size_t expected)
{
	size_t		capacity = 16;

	while (capacity < 2 * expected && capacity < 4096)
		capacity *= 2;
	if (stack_slots != NULL && 2 * expected <= stack_capacity)
		cptable_reset(table, stack_slots, capacity <= stack_capacity ? capacity : stack_capacity, false);
	else
		cptable_reset(table, c360_alloc(capacity * sizeof(CpSlot)), capacity, true);
}

static void
cptable_free(CpTable *table)
{
	if (table->on_heap)
		c360_free(table->slots);
}

static inline size_t
cptable_home(const CpTable *table, uint32_t cp)
{
	return (size_t) ((uint32_t) (cp * UINT32_C(0x9E3779B1)) >> table->shift);
}

static CpSlot *
cptable_find(const CpTable *table, uint32_t cp)
{
	size_t		mask = table->capacity - 1;
	size_t		i;

	if (table->used == 0)
		return NULL;
	for (i = cptable_home(table, cp);; i = (i + 1) & mask)
	{
		if (table->slots[i].cp == cp)
			return &table->slots[i];
		if (table->slots[i].cp == CP_EMPTY)
			return NULL;
	}
}

/* The slot of cp, added (first = last = -1) if absent. */
static CpSlot *
cptable_insert(CpTable *table, uint32_t cp)
{
	size_t		mask,
				i;

	if (2 * (table->used + 1) > table->capacity)
	{
		CpTable		old = *table;
		size_t		capacity = old.capacity * 2;

		cptable_reset(table, c360_alloc(capacity * sizeof(CpSlot)), capacity, true);
		for (i = 0; i < old.capacity; i++)
		{
			CpSlot	   *moved;

			if (old.slots[i].cp == CP_EMPTY)
				continue;
			moved = cptable_insert(table, old.slots[i].cp);
			moved->first = old.slots[i].first;
			moved->last = old.slots[i].last;
		}
		cptable_free(&old);
	}
	mask = table->capacity - 1;
	for (i = cptable_home(table, cp);; i = (i + 1) & mask)
	{
		if (table->slots[i].cp == cp)
			return &table->slots[i];
		if (table->slots[i].cp == CP_EMPTY)
		{
			table->slots[i].cp = cp;
			table->used++;
			return &table->slots[i];
		}
	}
}


/* ----------------------------------------------------------------------
 * Jaro and Jaro-Winkler
 *
 * Standard Jaro: each character of a, left to right, matches the leftmost
 * still unmatched equal character of b within the window
 * floor(max(n, m) / 2) - 1 of its position.  With M matches and X matched
 * characters out of order (the k-th matched character of a differs from
 * the k-th matched character of b), T = floor(X / 2) and
 *     jaro = (M / n + M / m + (M - T) / M) / 3.
 * T rounds down as in Winkler's strcmp95 and most implementations.
 *
 * Why one cursor per character gives the same matches in linear time.
 * Take one character c; its positions in b are y1 < y2 < ... .  Only the
 * c's of a compete for them, and they come in increasing order i, with
 * window [lo(i), hi(i)] where lo(i) = max(0, i - w) never decreases.  Keep
 * a cursor into the y's with this invariant: every y before the cursor is
 * matched or lies below the current lo, and every y from the cursor on is
 * unmatched.  For the next c at position i, advance the cursor past the y's
 * below lo(i) (they stay below every later lo too, so skipping them loses
 * nothing); the y now under the cursor is the leftmost unmatched c at or
 * after lo(i), exactly what the scan of the window would find.  If it is
 * within hi(i) it is matched and the cursor moves past it, otherwise the
 * cursor stays and this c is unmatched.  Both keep the invariant.  Each
 * cursor only moves forward, so all cursors together take O(m) steps, and
 * the whole is O(n + m).
 *
 * The same argument shows Jaro is symmetric: per character, the procedure
 * is the two-pointer merge "if |x - y| <= w match both and advance both;
 * else advance whichever of x, y is too small", which treats a and b
 * alike.  So the long path may hold whichever string is shorter and stream
 * the other.
 * ---------------------------------------------------------------------- */

typedef struct JaroCounts
{
	size_t		n;				/* code points of a */
	size_t		m;				/* code points of b */
	size_t		matches;
	size_t		transpositions; /* out-of-order matches / 2, rounded down */
} JaroCounts;

static inline size_t
jaro_window(size_t n, size_t m)
{
	size_t		longer = n > m ? n : m;

	return longer >= 4 ? longer / 2 - 1 : 0;
}

/*
 * Both at most 64 code points: bit-parallel.  The unmatched positions of
 * character c in b are the bits of one word; the leftmost unmatched c in
 * the window is the lowest bit of that word & window.  ASCII characters
 * index a table; the few others of b (a name has one or two) sit in a list.
 */
static void
jaro_counts_bits(const uint32_t *a, size_t n, const uint32_t *b, size_t m, JaroCounts *counts)
{
	uint64_t	ascii_positions[128];
	uint32_t	other_cp[JARO_BITS];
	uint64_t	other_positions[JARO_BITS];
	uint32_t	a_matched[JARO_BITS];
	size_t		others = 0;
	uint64_t	b_matched = 0;
	size_t		window = jaro_window(n, m);
	size_t		matches = 0,
				out_of_order = 0,
				i,
				j,
				k;

	/* Only the entries of ASCII characters in a or b are ever read. */
	for (i = 0; i < n; i++)
		if (a[i] < 128)
			ascii_positions[a[i]] = 0;
	for (j = 0; j < m; j++)
		if (b[j] < 128)
			ascii_positions[b[j]] = 0;
	for (j = 0; j < m; j++)
	{
		uint32_t	c = b[j];

		if (c < 128)
			ascii_positions[c] |= UINT64_C(1) << j;
		else
		{
			for (k = 0; k < others && other_cp[k] != c; k++)
				;
			if (k == others)
			{
				other_cp[others] = c;
				other_positions[others++] = 0;
			}
			other_positions[k] |= UINT64_C(1) << j;
		}
	}

	for (i = 0; i < n; i++)
	{
		uint32_t	c = a[i];
		size_t		lo = i > window ? i - window : 0;
		size_t		hi = i + window;
		uint64_t   *unmatched;
		uint64_t	candidates;

		if (lo >= m)
			break;
		if (c < 128)
			unmatched = &ascii_positions[c];
		else
		{
			for (k = 0; k < others && other_cp[k] != c; k++)
				;
			if (k == others)
				continue;		/* not in b */
			unmatched = &other_positions[k];
		}
		candidates = *unmatched & (~UINT64_C(0) << lo);
		if (hi < 63)
			candidates &= (UINT64_C(2) << hi) - 1;

		/*
		 * Branch-free: whether a match is found is data, not predictable.
		 * Matched positions leave the character's word, so only repeats of
		 * one character depend on each other, not the whole loop.
		 */
		candidates &= ~candidates + 1;
		*unmatched ^= candidates;
		b_matched |= candidates;
		a_matched[matches] = c;
		matches += candidates != 0;
	}

	for (k = 0; b_matched != 0; k++)
	{
		out_of_order += b[lowest_bit(b_matched)] != a_matched[k];
		b_matched &= b_matched - 1;
	}
	counts->n = n;
	counts->m = m;
	counts->matches = matches;
	counts->transpositions = out_of_order / 2;
}

/*
 * The same for two ASCII strings of at most 64 bytes, on the bytes: no
 * decoding and no branches in setting up the table.
 */
static void
jaro_counts_ascii(const unsigned char *a, size_t n, const unsigned char *b, size_t m,
				  JaroCounts *counts)
{
	uint64_t	positions[128];
	unsigned char a_matched[JARO_BITS];
	uint64_t	b_matched = 0;
	size_t		window = jaro_window(n, m);
	size_t		matches = 0,
				out_of_order = 0,
				i,
				j;

	/* Only the entries of characters in a or b are ever read. */
	for (i = 0; i < n; i++)
		positions[a[i]] = 0;
	for (j = 0; j < m; j++)
		positions[b[j]] = 0;
	for (j = 0; j < m; j++)
		positions[b[j]] |= UINT64_C(1) << j;

	for (i = 0; i < n; i++)
	{
		size_t		lo = i > window ? i - window : 0;
		size_t		hi = i + window;
		uint64_t	candidates;

		if (lo >= m)
			break;
		candidates = positions[a[i]] & (~UINT64_C(0) << lo);
		if (hi < 63)
			candidates &= (UINT64_C(2) << hi) - 1;
		candidates &= ~candidates + 1;
		positions[a[i]] ^= candidates;	/* matched: no longer a candidate */
		b_matched |= candidates;
		a_matched[matches] = a[i];
		matches += candidates != 0;
	}

	for (i = 0; b_matched != 0; i++)
	{
		out_of_order += b[lowest_bit(b_matched)] != a_matched[i];
		b_matched &= b_matched - 1;
	}
	counts->n = n;
	counts->m = m;
	counts->matches = matches;
	counts->transpositions = out_of_order / 2;
}

/* Short code point arrays (at most C360_STRCMP_STACK_BYTES): the plain scan. */
static void
jaro_counts_short(const uint32_t *a, size_t n, const uint32_t *b, size_t m, JaroCounts *counts)
{
	bool		b_matched[C360_STRCMP_STACK_BYTES];
	uint32_t	a_matched[C360_STRCMP_STACK_BYTES];
	size_t		window = jaro_window(n, m);
	size_t		matches = 0,
				out_of_order = 0,
				i,
				j,
				k;

	memset(b_matched, 0, m * sizeof(bool));
	for (i = 0; i < n; i++)
	{
		size_t		lo = i > window ? i - window : 0;
		size_t		hi = i + window < m ? i + window : m - 1;

		if (lo >= m)
			break;
		for (j = lo; j <= hi; j++)
		{
			if (!b_matched[j] && b[j] == a[i])
			{
				b_matched[j] = true;
				a_matched[matches++] = a[i];
				break;
			}
		}
	}
	for (j = 0, k = 0; k < matches; j++)
	{
		if (b_matched[j])
		{
			if (b[j] != a_matched[k])
				out_of_order++;
			k++;
		}
	}
	counts->n = n;
	counts->m = m;
	counts->matches = matches;
	counts->transpositions = out_of_order / 2;
}

/*
 * The next piece of s from *pos: at most STREAM_PIECE bytes, cut where
 * decoding splits cleanly, so the pieces give the code points of the whole.
 * The cut moves back at most three bytes.
 */
static size_t
decode_piece(const char *s, size_t len, bool ascii, size_t *pos, uint32_t *out)
{
	size_t		start = *pos;
	size_t		end = len - start > STREAM_PIECE ? start + STREAM_PIECE : len;

	if (!ascii)
		while (!clean_cut((const unsigned char *) s, len, end))
			end--;
	*pos = end;
	return decode_into(s + start, end - start, ascii, out);
}

/*
 * Long inputs: the cursor method.  b is held as code points with, for each
 * position, the next position of the same character; a is streamed.
 * Working memory about 13 bytes per code point of b, none for a.
 */
static C360StrcmpStatus
jaro_counts_long(const char *a, size_t alen, const char *b, size_t blen,
				 const C360StrcmpOptions *options, JaroCounts *counts)
{
	bool		a_ascii = is_ascii(a, alen);
	bool		b_ascii = is_ascii(b, blen);
	size_t		n = count_code_points(a, alen, a_ascii);
	size_t		m = count_code_points(b, blen, b_ascii);
	uint32_t   *b_cps;
	int32_t    *next_same;
	unsigned char *b_matched;
	uint32_t   *a_matched;
	uint32_t	piece[STREAM_PIECE];
	CpSlot		ascii_slots[128];
	CpTable		others;
	size_t		window = jaro_window(n, m);
	size_t		matches = 0,
				out_of_order = 0,
				pos = 0,
				i = 0,
				j,
				k,
				decoded;
	bool		past_b = false;

	if (m > C360_STRCMP_MAX_ARRAY)
		return C360_STRCMP_TOO_LONG;

	b_cps = c360_alloc(m * sizeof(uint32_t));
	decoded = decode_into(b, blen, b_ascii, b_cps);
	C360_ASSERT(decoded == m);
	next_same = c360_alloc(m * sizeof(int32_t));
	b_matched = c360_alloc_zero(m);
	a_matched = c360_alloc(m * sizeof(uint32_t));

	/* Linked lists of the positions of each character of b, in order. */
	for (k = 0; k < 128; k++)
		ascii_slots[k].first = ascii_slots[k].last = -1;
	cptable_init(&others, NULL, 0, b_ascii ? 0 : 64);
	for (j = 0; j < m; j++)
	{
		uint32_t	cp = b_cps[j];
		CpSlot	   *slot = cp < 128 ? &ascii_slots[cp] : cptable_insert(&others, cp);

		next_same[j] = -1;
		if (slot->first < 0)
			slot->first = (int32_t) j;
		else
			next_same[slot->last] = (int32_t) j;
		slot->last = (int32_t) j;
		if ((j & (INTERRUPT_STEPS - 1)) == INTERRUPT_STEPS - 1)
			check_interrupts(options);
	}

	/* Stream a; slot->first is the cursor of its character. */
	while (pos < alen && !past_b)
	{
		size_t		count = decode_piece(a, alen, a_ascii, &pos, piece);

		for (k = 0; k < count; k++, i++)
		{
			size_t		lo = i > window ? i - window : 0;
			size_t		hi = i + window < m ? i + window : m - 1;
			CpSlot	   *slot;
			int32_t		p;

			if (lo >= m)
			{
				past_b = true;	/* no later character of a can match */
				break;
			}
			slot = piece[k] < 128 ? &ascii_slots[piece[k]] : cptable_find(&others, piece[k]);
			if (slot == NULL)
				continue;
			p = slot->first;
			while (p >= 0 && (size_t) p < lo)
				p = next_same[p];
			if (p >= 0 && (size_t) p <= hi)
			{
				b_matched[p] = 1;
				a_matched[matches++] = piece[k];
				slot->first = next_same[p];
			}
			else
				slot->first = p;
		}
		check_interrupts(options);
	}

	for (j = 0, k = 0; k < matches; j++)
	{
		if (b_matched[j])
		{
			if (b_cps[j] != a_matched[k])
				out_of_order++;
			k++;
		}
	}

	cptable_free(&others);
	c360_free(a_matched);
	c360_free(b_matched);
	c360_free(next_same);
	c360_free(b_cps);

	counts->n = n;
	counts->m = m;
	counts->matches = matches;
	counts->transpositions = out_of_order / 2;
	return C360_STRCMP_OK;
}

/*
 * The scores from the counts.  With P = M*M*m + M*M*n + (M-T)*n*m and
 * Q = 3*n*m*M, jaro = P / Q exactly, and jaro > 0.7 exactly when
 * 10 * P > 7 * Q.  Below 2^19 code points these are exact in uint64_t, so
 * a Jaro of exactly 0.7 (n = 5, m = 6, M = 3, T = 0, which the usual
 * floating-point sum makes 0.7000000000000001) is never boosted.  Below
 * 2^15 code points P, Q and the Winkler numerator
 * P * (10 - l) + l * Q over 10 * Q are under 2^53, exact in doubles, and
 * one division gives the correctly rounded score.  Beyond that the usual
 * floating-point formulas are used.
 */
static void
jaro_scores(const JaroCounts *c, int prefix, double *jaro, double *jaro_winkler)
{
	const bool	exact_threshold = c->n < ((size_t) 1 << 19) && c->m < ((size_t) 1 << 19);
	double		score;
	bool		boost = false;

	if (c->matches == 0)
	{
		*jaro = *jaro_winkler = 0.0;
		return;
	}
	if (exact_threshold)
	{
		uint64_t	mt = c->matches,
					n = c->n,
					m = c->m;
		uint64_t	p = mt * mt * m + mt * mt * n + (mt - c->transpositions) * n * m;
		uint64_t	q = 3 * n * m * mt;

		boost = 10 * p > 7 * q;
		if (n < ((size_t) 1 << 15) && m < ((size_t) 1 << 15))
		{
			*jaro = (double) p / (double) q;
			*jaro_winkler = boost ?
				(double) (p * (uint64_t) (10 - prefix) + (uint64_t) prefix * q) / (double) (10 * q) :
				*jaro;
			return;
		}
	}
	score = ((double) c->matches / (double) c->n + (double) c->matches / (double) c->m +
			 (double) (c->matches - c->transpositions) / (double) c->matches) / 3.0;
	if (!exact_threshold)
		boost = score > 0.7;
	*jaro = score;
	*jaro_winkler = boost ? score + prefix * 0.1 * (1.0 - score) : score;
}

C360StrcmpStatus
c360_strcmp_jaro_ex(const char *a, size_t alen, const char *b, size_t blen,
					const C360StrcmpOptions *options, double *jaro, double *jaro_winkler)
{
	JaroCounts	counts;
	int			prefix;
	double		score,
				boosted;

	if (options == NULL)
		options = &default_options;

	if (alen == blen && memcmp(a, b, alen) == 0)
	{
		/* Equal, including both empty. */
		score = boosted = 1.0;
		goto done;
	}
	if (alen == 0 || blen == 0)
	{
		score = boosted = 0.0;
		goto done;
	}

	if (alen <= JARO_BITS && blen <= JARO_BITS && is_ascii(a, alen) && is_ascii(b, blen))
	{
		const unsigned char *ua = (const unsigned char *) a;
		const unsigned char *ub = (const unsigned char *) b;

		jaro_counts_ascii(ua, alen, ub, blen, &counts);
		prefix = 0;
		while (prefix < 4 && (size_t) prefix < alen && (size_t) prefix < blen &&
			   ua[prefix] == ub[prefix])
			prefix++;
	}
	else if (alen <= C360_STRCMP_STACK_BYTES && blen <= C360_STRCMP_STACK_BYTES)
	{
		uint32_t	acp[C360_STRCMP_STACK_BYTES],
					bcp[C360_STRCMP_STACK_BYTES];
		bool		ascii;
		size_t		n = decode_short(a, alen, acp, &ascii);
		size_t		m = decode_short(b, blen, bcp, &ascii);

		if (n <= JARO_BITS && m <= JARO_BITS)
			jaro_counts_bits(acp, n, bcp, m, &counts);
		else
			jaro_counts_short(acp, n, bcp, m, &counts);
		prefix = 0;
		while (prefix < 4 && (size_t) prefix < n && (size_t) prefix < m &&
			   acp[prefix] == bcp[prefix])
			prefix++;
	}
	else
	{
		C360StrcmpStatus status;

		/* Hold the shorter, stream the longer (Jaro is symmetric). */
		if (blen <= alen)
			status = jaro_counts_long(a, alen, b, blen, options, &counts);
		else
			status = jaro_counts_long(b, blen, a, alen, options, &counts);
		if (status != C360_STRCMP_OK)
			return status;
		prefix = common_prefix(a, alen, b, blen);
	}

	jaro_scores(&counts, prefix, &score, &boosted);

done:
	if (jaro != NULL)
		*jaro = score;
	if (jaro_winkler != NULL)
		*jaro_winkler = boosted;
	return C360_STRCMP_OK;
}

double
c360_strcmp_jaro(const char *a, size_t alen, const char *b, size_t blen)
{
	double		score;

	if (c360_strcmp_jaro_ex(a, alen, b, blen, NULL, &score, NULL) != C360_STRCMP_OK)
		return -1.0;
	return score;
}

double
c360_strcmp_jaro_winkler(const char *a, size_t alen, const char *b, size_t blen)
{
	double		score;

	if (c360_strcmp_jaro_ex(a, alen, b, blen, NULL, NULL, &score) != C360_STRCMP_OK)
		return -1.0;
	return score;
}


/* ----------------------------------------------------------------------
 * Damerau-Levenshtein (unrestricted, Lowrance-Wagner)
 *
 * D[i][j] is the distance between a[1..i] and b[1..j]:
 *     min( D[i-1][j-1] + (a[i] != b[j]),  D[i-1][j] + 1,  D[i][j-1] + 1,
 *          D[k-1][l-1] + (i-k-1) + 1 + (j-l-1) )
 * where k is the last row before i with a[k] == b[j] and l the last column
 * before j with b[l] == a[i] (the last term only when both exist): swap
 * a[k] and a[i] after deleting what lies between them in a and inserting
 * what lies between them in b.  DA[c] keeps the last row of character c.
 *
 * The common prefix and suffix are removed first (they do not change the
 * distance; the unit test checks this against the plain recurrence), so
 * equal strings and strings that differ in one place cost almost nothing.
 *
 * Bounded by max, only the diagonals |i - j| <= max are computed, in the
 * last max + 2 rows:
 *   - every cell on an optimal path of cost <= max has D <= max and so
 *     |i - j| <= D <= max: cells outside the band can be taken as infinite;
 *   - a transposition from row k-1 to row i costs at least i - k + 1, so
 *     one reaching back more than max + 1 rows costs more than max;
 *   - so each band cell equals D where D <= max and exceeds max elsewhere;
 *   - and once a whole band row exceeds max, so does the result: a path
 *     into a later row crosses this row, or jumps over it by a
 *     transposition from (k-1, l-1) that costs at least as much as deleting
 *     a[k..i] to land on (i, l-1) in this row.
 * The band takes about 8 * max^2 bytes; the full matrix is used instead when
 * it is smaller (max near the lengths), and for the unbounded distance.
 * ---------------------------------------------------------------------- */

/* How the rows are stored. */
typedef struct DlLayout
{
	bool		banded;			/* columns i-reach .. i+reach, else 0 .. m */
	int			reach;			/* band half-width (banded only) */
	int			rows;			/* rows kept, used as a ring */
	int			width;			/* cells per row, not counting the two
								 * infinite sentinels at its ends */
} DlLayout;

/*
 * Remove the common prefix and suffix, cutting only where both strings
 * decode cleanly (clean_cut), so the middles decode to exactly the code
 * points between the common parts.
 */
static void
strip_common_affixes(const char **a, size_t *alen, const char **b, size_t *blen)
{
	const unsigned char *x = (const unsigned char *) *a;
	const unsigned char *y = (const unsigned char *) *b;
	size_t		xl = *alen,
				yl = *blen,
				shorter = xl < yl ? xl : yl,
				prefix = 0,
				suffix = 0;

	while (prefix < shorter && x[prefix] == y[prefix])
		prefix++;
	while (prefix > 0 && !(clean_cut(x, xl, prefix) && clean_cut(y, yl, prefix)))
		prefix--;
	shorter -= prefix;
	while (suffix < shorter && x[xl - 1 - suffix] == y[yl - 1 - suffix])
		suffix++;
	while (suffix > 0 && !(clean_cut(x, xl, xl - suffix) && clean_cut(y, yl, yl - suffix)))
		suffix--;

	*a += prefix;
	*b += prefix;
	*alen = xl - prefix - suffix;
	*blen = yl - prefix - suffix;
}

static inline int
dl_origin(const DlLayout *layout, int row)
{
	return layout->banded ? row - layout->reach : 0;
}

/*
 * The recurrence over a[0..n) (rows) and b[0..m) (columns), symbols in
 * 0..sigma-1 with da[] zeroed for every symbol present.  store holds
 * layout->rows rows of width + 2 cells.  limit < 0: unbounded.
 */
static int
dl_run(const uint32_t *a, int n, const uint32_t *b, int m, int32_t *da,
	   const DlLayout *layout, int32_t *store, int limit,
	   const C360StrcmpOptions *options)
{
	const int	stride = layout->width + 2;
	const int	shift = layout->banded ? 1 : 0;
	int32_t    *cur = store;
	int			cur_slot = 0;
	size_t		steps = 0;
	int			origin,
				last_col,
				i,
				j;
	int32_t		result;

	/* Row 0: D[0][j] = j. */
	for (j = 0; j < stride; j++)
		cur[j] = DL_INFINITY;
	origin = dl_origin(layout, 0);
	last_col = layout->banded && layout->reach < m ? layout->reach : m;
	for (j = 0; j <= last_col; j++)
		cur[j - origin + 1] = j;

	for (i = 1; i <= n; i++)
	{
		const int32_t *prev = cur;
		const uint32_t ai = a[i - 1];
		int			first_col;
		int			l = 0;		/* last column of this row with b[l] == a[i] */
		int32_t		row_min = DL_INFINITY;

		cur_slot = cur_slot + 1 == layout->rows ? 0 : cur_slot + 1;
		cur = store + (size_t) cur_slot * stride;
		origin = dl_origin(layout, i);
		first_col = origin > 0 ? origin : 0;
		last_col = layout->banded && i + layout->reach < m ? i + layout->reach : m;
		if (layout->banded)
		{
			for (j = 0; j < stride; j++)
				cur[j] = DL_INFINITY;
		}
		else
			cur[0] = cur[stride - 1] = DL_INFINITY;

		j = first_col;
		if (j == 0)
		{
			cur[1 - origin] = i;
			row_min = i;
			j = 1;
		}
		for (; j <= last_col; j++)
		{
			const int	idx = j - origin + 1;	/* column j in this row */
			const int	pidx = idx + shift; /* column j in the previous row */
			const uint32_t bj = b[j - 1];
			const int	k = da[bj];
			int32_t		v,
						t;

			v = prev[pidx - 1] + (ai != bj);
			t = prev[pidx] + 1;
			if (t < v)
				v = t;
			t = cur[idx - 1] + 1;
			if (t < v)
				v = t;
			/* Transposition from (k-1, l-1), if that row is still kept. */
			if (k > 0 && l > 0 && i - k + 1 < layout->rows)
			{
				int			slot = cur_slot - (i - k + 1);
				int			kidx;

				if (slot < 0)
					slot += layout->rows;
				kidx = (l - 1) - dl_origin(layout, k - 1) + 1;
				if (kidx >= 1 && kidx <= layout->width)
				{
					int32_t		before = store[(size_t) slot * stride + kidx];

					if (before < DL_INFINITY)
					{
						t = before + (i - k) + (j - l) - 1;
						if (t < v)
							v = t;
					}
				}
			}
			if (ai == bj)
				l = j;
			cur[idx] = v;
			if (v < row_min)
				row_min = v;
		}
		da[ai] = i;

		if (limit >= 0 && row_min > limit)
			return limit + 1;
		steps += (size_t) (last_col - first_col + 1);
		if (steps >= INTERRUPT_STEPS)
		{
			check_interrupts(options);
			steps = 0;
		}
	}

	result = cur[m - dl_origin(layout, n) + 1];
	if (limit >= 0 && result > limit)
		return limit + 1;
	return result;
}

/*
 * Replace code points by dense symbols: ASCII keeps its value, other code
 * points get 128, 129, ... in order of appearance.  Returns the number of
 * symbols (at least 128).
 */
static size_t
dl_symbols(uint32_t *a, size_t n, uint32_t *b, size_t m, CpTable *table)
{
	size_t		sigma = 128;
	size_t		side,
				i;

	for (side = 0; side < 2; side++)
	{
		uint32_t   *s = side == 0 ? a : b;
		size_t		len = side == 0 ? n : m;

		for (i = 0; i < len; i++)
		{
			CpSlot	   *slot;

			if (s[i] < 128)
				continue;
			slot = cptable_insert(table, s[i]);
			if (slot->first < 0)
				slot->first = (int32_t) sigma++;
			s[i] = (uint32_t) slot->first;
		}
	}
	return sigma;
}

C360StrcmpStatus
c360_strcmp_damerau_levenshtein_ex(const char *a, size_t alen, const char *b, size_t blen,
								   int max, const C360StrcmpOptions *options,
								   int *distance, size_t *needed)
{
	const bool	bounded = max >= 0;
	bool		a_ascii,
				b_ascii;
	size_t		n,
				m,
				sigma;
	uint64_t	full_cells,
				band_cells,
				cells,
				bytes;
	DlLayout	layout;
	int			reach;
	uint32_t	a_stack[C360_STRCMP_STACK_BYTES],
				b_stack[C360_STRCMP_STACK_BYTES];
	int32_t		da_stack[128 + 2 * C360_STRCMP_STACK_BYTES];
	int32_t		cells_stack[DL_STACK_CELLS];
	CpSlot		slots_stack[4 * C360_STRCMP_STACK_BYTES];
	CpTable		table;
	uint32_t   *acp,
			   *bcp;
	int32_t    *da,
			   *store;
	size_t		i,
				decoded_a,
				decoded_b;
	int			result;

	if (options == NULL)
		options = &default_options;

	if (alen == blen && memcmp(a, b, alen) == 0)
	{
		*distance = 0;
		return C360_STRCMP_OK;
	}
	strip_common_affixes(&a, &alen, &b, &blen);
	if (alen <= C360_STRCMP_STACK_BYTES && blen <= C360_STRCMP_STACK_BYTES)
	{
		/* Short (the usual case): decode now, onto the stack. */
		acp = a_stack;
		bcp = b_stack;
		n = decode_short(a, alen, acp, &a_ascii);
		m = decode_short(b, blen, bcp, &b_ascii);
	}
	else
	{
		/* Long: count now, decode once the checks below have passed. */
		acp = bcp = NULL;
		a_ascii = is_ascii(a, alen);
		b_ascii = is_ascii(b, blen);
		n = count_code_points(a, alen, a_ascii);
		m = count_code_points(b, blen, b_ascii);
	}

	/* Rows are the shorter string (the distance is symmetric). */
	if (n > m)
	{
		const char *ts = a;
		uint32_t   *tcp = acp;
		size_t		tl = alen,
					tn = n;
		bool		tascii = a_ascii;

		a = b;
		acp = bcp;
		alen = blen;
		n = m;
		a_ascii = b_ascii;
		b = ts;
		bcp = tcp;
		blen = tl;
		m = tn;
		b_ascii = tascii;
	}

	/* The distance is at least m - n and at most m (m <= 2^30 fits int). */
	if (bounded && m - n > (size_t) max)
	{
		*distance = max + 1;
		return C360_STRCMP_OK;
	}
	if (m > C360_STRCMP_MAX_ARRAY)
	{
		if (needed != NULL)
			*needed = m * sizeof(uint32_t);
		return C360_STRCMP_TOO_LONG;
	}
	if (n == 0)
	{
		*distance = (int) m;
		return C360_STRCMP_OK;
	}

	/* Layout: the band or the full matrix, whichever is smaller. */
	reach = bounded && (size_t) max < m ? max : (int) m;
	full_cells = (uint64_t) (n + 1) * (m + 3);
	band_cells = (uint64_t) ((size_t) reach + 2 < n + 1 ? (size_t) reach + 2 : n + 1) *
		(2 * (uint64_t) reach + 3);
	layout.banded = band_cells <= full_cells;
	layout.reach = reach;
	if (layout.banded)
	{
		layout.rows = (size_t) reach + 2 < n + 1 ? reach + 2 : (int) n + 1;
		layout.width = 2 * reach + 1;
		cells = band_cells;
	}
	else
	{
		layout.rows = (int) n + 1;
		layout.width = (int) m + 1;
		cells = full_cells;
	}
	bytes = cells * sizeof(int32_t);
	if (bytes > options->mem_budget || bytes > C360_ALLOC_MAX)
	{
		if (needed != NULL)
			*needed = bytes > (uint64_t) SIZE_MAX ? SIZE_MAX : (size_t) bytes;
		return bytes > options->mem_budget ? C360_STRCMP_OVER_BUDGET : C360_STRCMP_TOO_LONG;
	}

	/* Code points, then dense symbols for the last-row table. */
	if (acp == NULL)
	{
		acp = n <= C360_STRCMP_STACK_BYTES ? a_stack : c360_alloc(n * sizeof(uint32_t));
		bcp = m <= C360_STRCMP_STACK_BYTES ? b_stack : c360_alloc(m * sizeof(uint32_t));
		decoded_a = decode_into(a, alen, a_ascii, acp);
		decoded_b = decode_into(b, blen, b_ascii, bcp);
		C360_ASSERT(decoded_a == n && decoded_b == m);
	}
	sigma = 128;
	if (!(a_ascii && b_ascii))
	{
		cptable_init(&table, slots_stack, 4 * C360_STRCMP_STACK_BYTES, n + m);
		sigma = dl_symbols(acp, n, bcp, m, &table);
		cptable_free(&table);
	}
	da = sigma <= 128 + 2 * C360_STRCMP_STACK_BYTES ? da_stack : c360_alloc(sigma * sizeof(int32_t));
	for (i = 0; i < n; i++)
		da[acp[i]] = 0;
	for (i = 0; i < m; i++)
		da[bcp[i]] = 0;
	store = cells <= DL_STACK_CELLS ? cells_stack : c360_alloc((size_t) bytes);

	result = dl_run(acp, (int) n, bcp, (int) m, da, &layout, store,
					bounded ? max : -1, options);

	if (store != cells_stack)
		c360_free(store);
	if (da != da_stack)
		c360_free(da);
	if (bcp != b_stack && bcp != a_stack)
		c360_free(bcp);
	if (acp != a_stack && acp != b_stack)
		c360_free(acp);
	*distance = result;
	return C360_STRCMP_OK;
}

int
c360_strcmp_damerau_levenshtein(const char *a, size_t alen, const char *b, size_t blen)
{
	int			distance;

	if (c360_strcmp_damerau_levenshtein_ex(a, alen, b, blen, C360_STRCMP_UNBOUNDED,
										   NULL, &distance, NULL) != C360_STRCMP_OK)
		return -1;
	return distance;
}

int
c360_strcmp_damerau_levenshtein_max(const char *a, size_t alen, const char *b, size_t blen,
									int max)
{
	int			distance;

	C360_ASSERT(max >= 0);
	if (c360_strcmp_damerau_levenshtein_ex(a, alen, b, blen, max, NULL, &distance, NULL)
		!= C360_STRCMP_OK)
		return -1;
	return distance;
}
