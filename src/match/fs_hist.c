/*
 * fs_hist.c: the level-pattern histogram (the state of
 * c360.train_match_model).
 *
 * A sorted array of (pattern, count): a pair adds to its pattern's count
 * with a binary search, so memory is the number of distinct patterns
 * (thousands at most in practice), never the number of pairs.  A new
 * pattern is inserted in place (a memmove of the bins after it); new
 * patterns are rare after the first few thousand pairs.
 */
#include <math.h>
#include <string.h>

#include "c360_assert.h"
#include "fs_model.h"

void
c360_fs_hist_init(C360FsHist *h, uint32_t cap)
{
	h->vl_len = 0;
	h->magic = C360_FS_HIST_MAGIC;
	h->n = 0;
	h->cap = cap;
}

/* Index of pattern, or of where it would be inserted. */
static uint32_t
hist_find(const C360FsHist *h, uint64_t pattern, bool *found)
{
	uint32_t	lo = 0,
				hi = h->n;

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (h->bins[mid].pattern < pattern)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < h->n && h->bins[lo].pattern == pattern;
	return lo;
}

bool
c360_fs_hist_add(C360FsHist *h, uint64_t pattern, double count)
{
	bool		found;
	uint32_t	i;

	i = hist_find(h, pattern, &found);
	if (found)
	{
		h->bins[i].count += count;
		return true;
	}
	if (h->n >= h->cap)
		return false;
	memmove(&h->bins[i + 1], &h->bins[i], (size_t) (h->n - i) * sizeof(C360FsBin));
	h->bins[i].pattern = pattern;
	h->bins[i].count = count;
	h->n++;
	return true;
}

void
c360_fs_hist_copy(C360FsHist *dst, const C360FsHist *src)
{
	C360_ASSERT(dst->cap >= src->n);
	memcpy(dst->bins, src->bins, (size_t) src->n * sizeof(C360FsBin));
	dst->n = src->n;
}

void
c360_fs_hist_merge(C360FsHist *dst, const C360FsHist *a, const C360FsHist *b)
{
	uint32_t	i = 0,
				j = 0,
				n = 0;

	C360_ASSERT(dst != a && dst != b);
	C360_ASSERT((uint64_t) dst->cap >= (uint64_t) a->n + b->n);
	while (i < a->n || j < b->n)
	{
		if (j >= b->n || (i < a->n && a->bins[i].pattern < b->bins[j].pattern))
			dst->bins[n++] = a->bins[i++];
		else if (i >= a->n || b->bins[j].pattern < a->bins[i].pattern)
			dst->bins[n++] = b->bins[j++];
		else
		{
			dst->bins[n].pattern = a->bins[i].pattern;
			dst->bins[n].count = a->bins[i].count + b->bins[j].count;
			n++;
			i++;
			j++;
		}
	}
	dst->n = n;
}

double
c360_fs_hist_pairs(const C360FsHist *h)
{
	double		total = 0;
	uint32_t	i;

	for (i = 0; i < h->n; i++)
		total += h->bins[i].count;
	return total;
}

/* Every level of the pattern inside its ladder, and no bits past the last
 * attribute. */
static bool
pattern_valid(uint64_t pattern)
{
	int			a;

	for (a = 0; a < C360_MATCH_ATTRS; a++)
		if (c360_match_pattern_level(pattern, a) >= c360_match_attrs[a].n_levels)
			return false;
	if (C360_MATCH_ATTRS * C360_MATCH_LEVEL_BITS < 64 &&
		(pattern >> (C360_MATCH_ATTRS * C360_MATCH_LEVEL_BITS)) != 0)
		return false;
	return true;
}

bool
c360_fs_hist_valid(const void *block, size_t size)
{
	const C360FsHist *h = block;
	uint32_t	i;

	if (block == NULL || size < offsetof(C360FsHist, bins))
		return false;
	if (h->magic != C360_FS_HIST_MAGIC || h->cap > C360_FS_HIST_MAX_BINS ||
		h->n > h->cap || size != C360_FS_HIST_SIZE(h->cap))
		return false;
	for (i = 0; i < h->n; i++)
	{
		if (!pattern_valid(h->bins[i].pattern))
			return false;
		if (i > 0 && h->bins[i].pattern <= h->bins[i - 1].pattern)
			return false;
		if (!isfinite(h->bins[i].count) || !(h->bins[i].count > 0))
			return false;
	}
	return true;
}
