/*
 * test_block_pairs.c: candidate pairs from blocking-key hashes, against a
 * brute force over every pair of records.
 */
#include <stdio.h>
#include <stdlib.h>

#include "block_pairs.h"
#include "c360_alloc.h"
#include "unit.h"

/* Small deterministic generator (xorshift64*). */
static uint64_t rng_state = 88172645463325252ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

typedef struct Seen
{
	uint32_t	n;
	uint32_t   *count;			/* n * n, times each pair was visited */
	bool		ordered;		/* every visit had a < b */
	uint64_t	stop_after;		/* 0: never stop */
	uint64_t	visits;
} Seen;

/* Every pair visited, in order. */
typedef struct PairLog
{
	uint64_t	n;
	uint64_t	cap;
	uint32_t   *pairs;			/* 2 per pair */
} PairLog;

static void
pair_log_init(PairLog *log, uint64_t cap)
{
	log->n = 0;
	log->cap = cap;
	log->pairs = c360_alloc((size_t) cap * 2 * sizeof(uint32_t));
}

static void
pair_log_free(PairLog *log)
{
	c360_free(log->pairs);
}

static bool
log_pair(uint32_t a, uint32_t b, void *arg)
{
	PairLog    *log = arg;

	if (log->n < log->cap)
	{
		log->pairs[2 * log->n] = a;
		log->pairs[2 * log->n + 1] = b;
	}
	log->n++;
	return true;
}

static bool
record_pair(uint32_t a, uint32_t b, void *arg)
{
	Seen	   *s = arg;

	if (a >= b)
		s->ordered = false;
	else
		s->count[(size_t) a * s->n + b]++;
	s->visits++;
	return s->stop_after == 0 || s->visits < s->stop_after;
}

/*
 * Four records: 0, 1, 2 and 3 hold hash 7 (3 twice); 0 and 1 also share
 * hash -5; 2 alone holds hash 9.
 */
static void
four_records(C360BlockEntry e[8])
{
	c360_block_entry_set(&e[0], 7, 0);
	c360_block_entry_set(&e[1], -5, 0);
	c360_block_entry_set(&e[2], 7, 1);
	c360_block_entry_set(&e[3], -5, 1);
	c360_block_entry_set(&e[4], 7, 2);
	c360_block_entry_set(&e[5], 7, 3);
	c360_block_entry_set(&e[6], 7, 3);
	c360_block_entry_set(&e[7], 9, 2);
}

static int
entry_order(const void *x, const void *y)
{
	const C360BlockEntry *p = x;
	const C360BlockEntry *q = y;

	if (p->hash_hi != q->hash_hi)
		return p->hash_hi < q->hash_hi ? -1 : 1;
	if (p->hash_lo != q->hash_lo)
		return p->hash_lo < q->hash_lo ? -1 : 1;
	if (p->record != q->record)
		return p->record < q->record ? -1 : 1;
	return 0;
}

static bool
count_only(uint32_t a, uint32_t b, void *arg)
{
	(void) arg;
	return a < b;
}

static int	ticks;

static void
count_tick(void)
{
	ticks++;
}

/*
 * n records each holding up to per_record hashes drawn from n_values values
 * (some twice); pairs checked against brute force, with and without a
 * marked set.  Returns the number of pairs.
 */
static uint64_t
check_random(uint32_t n, int per_record, uint32_t n_values, uint32_t max_block, bool negative)
{
	size_t		cap = (size_t) n * per_record;
	C360BlockEntry *entries = c360_alloc(cap * sizeof(C360BlockEntry));
	int64_t    *held = c360_alloc(cap * sizeof(int64_t));
	uint32_t   *holders;
	uint8_t    *marked = c360_alloc_zero(n / 8 + 1);
	C360BlockIndex index;
	Seen		seen;
	size_t		n_entries = 0;
	uint32_t	a,
				b;
	uint64_t	expected = 0,
				expected_marked = 0,
				got;
	int			i,
				j;
	bool		exact = true,
				exact_marked = true;

	for (a = 0; a < n; a++)
		for (i = 0; i < per_record; i++)
		{
			uint64_t	v = rng() % n_values;
			/* spread the values over all 64 bits, signs included */
			int64_t		h = (int64_t) ((v * 0x9E3779B97F4A7C15ull) ^ (negative ? 0x8000000000000000ull : 0));

			held[(size_t) a * per_record + i] = h;
			c360_block_entry_set(&entries[n_entries++], h, a);
		}
	/* how many distinct records hold each entry's hash */
	holders = c360_alloc(cap * sizeof(uint32_t));
	for (i = 0; (size_t) i < cap; i++)
	{
		uint32_t	c = 0;

		for (a = 0; a < n; a++)
			for (j = 0; j < per_record; j++)
				if (held[(size_t) a * per_record + j] == held[i])
				{
					c++;
					break;
				}
		holders[i] = c;
	}
	for (a = 0; a < n; a++)
		if (rng() % 5 == 0)
			marked[a >> 3] |= (uint8_t) (1 << (a & 7));

	c360_block_index_build(entries, n_entries, n, max_block, &index, NULL);
	seen.n = n;
	seen.count = c360_alloc_zero((size_t) n * n * sizeof(uint32_t));
	seen.ordered = true;
	seen.stop_after = 0;
	seen.visits = 0;
	got = c360_block_pairs(&index, NULL, record_pair, &seen, count_tick);
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
		{
			bool		candidate = false;

			for (i = 0; i < per_record && !candidate; i++)
			{
				size_t		x = (size_t) a * per_record + i;

				if (holders[x] < 2 || holders[x] > max_block)
					continue;
				for (j = 0; j < per_record; j++)
					if (held[(size_t) b * per_record + j] == held[x])
					{
						candidate = true;
						break;
					}
			}
			expected += candidate;
			if (seen.count[(size_t) a * n + b] != (candidate ? 1u : 0u))
				exact = false;
			if (candidate && ((marked[a >> 3] >> (a & 7)) & 1 || (marked[b >> 3] >> (b & 7)) & 1))
				expected_marked++;
		}
	CHECK(seen.ordered);
	CHECK(exact);
	CHECK_INT(got, expected);
	CHECK_INT(seen.visits, expected);

	memset(seen.count, 0, (size_t) n * n * sizeof(uint32_t));
	seen.visits = 0;
	got = c360_block_pairs(&index, marked, record_pair, &seen, NULL);
	CHECK_INT(got, expected_marked);
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			if (seen.count[(size_t) a * n + b] &&
				!((marked[a >> 3] >> (a & 7)) & 1 || (marked[b >> 3] >> (b & 7)) & 1))
				exact_marked = false;
	CHECK(exact_marked);

	/*
	 * Ranges of blocks that cover them once (as threads cut them): the same
	 * pairs in the same order as one call; the block work bounds each
	 * range's pairs.
	 */
	{
		PairLog		whole,
					pieces;
		uint32_t	start = 0;
		uint32_t	step = 1 + (uint32_t) (rng() % 7);

		pair_log_init(&whole, expected + 1);
		pair_log_init(&pieces, expected + 1);
		c360_block_pairs(&index, NULL, log_pair, &whole, NULL);
		while (start < index.n_blocks)
		{
			uint32_t	end = start + step < index.n_blocks ? start + step : index.n_blocks;
			uint64_t	work = 0;
			uint64_t	before = pieces.n;
			uint32_t	t;

			for (t = start; t < end; t++)
				work += c360_block_pair_work(&index, t);
			c360_block_pairs_range(&index, NULL, start, end, log_pair, &pieces, NULL);
			CHECK(pieces.n - before <= work);
			start = end;
		}
		CHECK_INT(c360_block_pairs_range(&index, NULL, 0, 0, log_pair, &pieces, NULL), 0);
		CHECK_INT(pieces.n, whole.n);
		CHECK(memcmp(pieces.pairs, whole.pairs, whole.n * 2 * sizeof(uint32_t)) == 0);
		pair_log_free(&whole);
		pair_log_free(&pieces);
	}

	/* stopping early */
	if (expected > 3)
	{
		memset(seen.count, 0, (size_t) n * n * sizeof(uint32_t));
		seen.visits = 0;
		seen.stop_after = 3;
		CHECK_INT(c360_block_pairs(&index, NULL, record_pair, &seen, NULL), 3);
	}

	c360_block_index_free(&index);
	c360_free(seen.count);
	c360_free(holders);
	c360_free(held);
	c360_free(marked);
	c360_free(entries);
	return expected;
}

int
main(void)
{
	C360BlockIndex index;
	C360BlockEntry e[8];
	Seen		seen;
	uint32_t	counts[16];
	int			round;

	/* Nothing in, nothing out. */
	c360_block_index_build(NULL, 0, 0, 2, &index, NULL);
	CHECK_INT(index.n_blocks, 0);
	seen.n = 0;
	seen.count = counts;
	seen.ordered = true;
	seen.stop_after = 0;
	seen.visits = 0;
	CHECK_INT(c360_block_pairs(&index, NULL, record_pair, &seen, NULL), 0);
	c360_block_index_free(&index);

	/*
	 * four_records: hash 7 is held by four records (a block with
	 * max_block_size 4, junk with 3); pair 0-1 shares two blocks and must
	 * still come once; 3 holds 7 twice.  (The build sorts e in place, so
	 * each build gets a fresh copy.)
	 */
	four_records(e);
	c360_block_index_build(e, 8, 4, 4, &index, NULL);
	CHECK_INT(index.n_blocks, 2);	/* -5 and 7 (9 has one record) */
	memset(counts, 0, sizeof(counts));
	seen.n = 4;
	CHECK_INT(c360_block_pairs(&index, NULL, record_pair, &seen, NULL), 6);
	CHECK_INT(counts[0 * 4 + 1], 1);
	CHECK_INT(counts[2 * 4 + 3], 1);
	CHECK_INT(counts[0 * 4 + 3], 1);
	c360_block_index_free(&index);

	four_records(e);
	c360_block_index_build(e, 8, 4, 3, &index, NULL);
	CHECK_INT(index.n_blocks, 1);	/* 7 is held by four records */
	memset(counts, 0, sizeof(counts));
	seen.visits = 0;
	CHECK_INT(c360_block_pairs(&index, NULL, record_pair, &seen, NULL), 1);
	CHECK_INT(counts[0 * 4 + 1], 1);
	c360_block_index_free(&index);

	/* Random data against brute force: sparse, dense, junk-heavy, signed. */
	for (round = 0; round < 20; round++)
	{
		check_random(40 + round * 7, 1 + round % 5, 30 + round * 11, 2 + round % 6, round % 2);
		check_random(60, 4, 8, 100, round % 2);		/* every value a big block */
	}
	CHECK(check_random(300, 6, 400, 5, true) > 0);

	/* Sorting many equal and sorted entries (partitioning's worst cases). */
	{
		uint32_t	n = 200000;
		C360BlockEntry *big = c360_alloc((size_t) n * sizeof(C360BlockEntry));
		uint32_t	i;

		for (i = 0; i < n; i++)
			c360_block_entry_set(&big[i], (int64_t) (i / 2), i / 2);	/* sorted, each twice */
		c360_block_index_build(big, n, n / 2, 2, &index, NULL);
		CHECK_INT(index.n_blocks, 0);	/* each hash held by one record (twice) */
		c360_block_index_free(&index);
		for (i = 0; i < n; i++)
			c360_block_entry_set(&big[i], 42, n - 1 - i);	/* one junk key, reversed */
		c360_block_index_build(big, n, n, 100, &index, NULL);
		CHECK_INT(index.n_blocks, 0);
		c360_block_index_free(&index);
		for (i = 0; i < n; i++)
			c360_block_entry_set(&big[i], (int64_t) (i % 1000), n - 1 - i);	/* blocks of 200 */
		c360_block_index_build(big, n, n, 200, &index, NULL);
		CHECK_INT(index.n_blocks, 1000);
		ticks = 0;
		memset(&seen, 0, sizeof(seen));
		CHECK_INT(c360_block_pairs(&index, NULL, count_only, NULL, count_tick), 1000ull * 200 * 199 / 2);
		CHECK(ticks > 0);
		c360_block_index_free(&index);
		c360_free(big);
	}
	/*
	 * Many random entries (the bucket pass runs above 16,384 entries): the
	 * distinct entries come out first, equal to a plain sorted, deduplicated
	 * copy, and the blocks are those the copy counts.
	 */
	{
		uint32_t	n = 300000;
		C360BlockEntry *big = c360_alloc((size_t) n * sizeof(C360BlockEntry));
		C360BlockEntry *copy = c360_alloc((size_t) n * sizeof(C360BlockEntry));
		uint32_t	i,
					d = 0,
					expected_blocks = 0,
					run_start;
		bool		same = true;

		for (i = 0; i < n; i++)
		{
			/* 100,000 values over all 64 bits, records 0..99,999 */
			uint64_t	v = (rng() % 100000) * 0x9E3779B97F4A7C15ull;

			c360_block_entry_set(&big[i], (int64_t) v, (uint32_t) (rng() % 100000));
		}
		memcpy(copy, big, (size_t) n * sizeof(C360BlockEntry));
		qsort(copy, n, sizeof(C360BlockEntry), entry_order);
		for (i = 0; i < n; i++)
			if (d == 0 || entry_order(&copy[i], &copy[d - 1]) != 0)
				copy[d++] = copy[i];
		for (run_start = 0, i = 1; i <= d; i++)
			if (i == d || copy[i].hash_hi != copy[run_start].hash_hi || copy[i].hash_lo != copy[run_start].hash_lo)
			{
				expected_blocks += (i - run_start >= 2 && i - run_start <= 100);
				run_start = i;
			}
		ticks = 0;
		c360_block_index_build(big, n, 100000, 100, &index, count_tick);
		CHECK(ticks > 0);		/* the sort lets the caller check for interrupts */
		for (i = 0; i < d; i++)
			if (entry_order(&big[i], &copy[i]) != 0)
				same = false;
		CHECK(same);
		CHECK(d < n);			/* the input did repeat entries */
		CHECK_INT(index.n_blocks, expected_blocks);
		CHECK(expected_blocks > 1000);
		c360_block_index_free(&index);
		c360_free(copy);
		c360_free(big);
	}
	return UNIT_DONE();
}
