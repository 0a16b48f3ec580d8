/*
 * Fuzz target for src/match/block_pairs.c.  The input: one control byte
 * (max_block_size 2..17 in its low nibble; bit 4 narrows hashes to a few
 * values so blocks form; bit 5 marks records), then 3 bytes per entry: a
 * record (0..63) and a 16-bit hash (sign-extended to 64 bits, so negative
 * hashes and ties occur).
 *
 * Checked against brute force over every pair of records: each candidate
 * pair (a record pair sharing a hash held by 2..max_block_size records)
 * is visited exactly once, with a < b, and nothing else is; with marked
 * records, exactly the candidates with a marked end; the build leaves the
 * distinct entries first, strictly ascending by (hash, record);
 * the visit count is the function's result; everything is freed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "block_pairs.h"
#include "c360_alloc.h"

#define MAX_RECORDS 64
#define MAX_ENTRIES 1024

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

static uint8_t visits[MAX_RECORDS][MAX_RECORDS];
static bool out_of_order;

static bool
visit(uint32_t a, uint32_t b, void *arg)
{
	(void) arg;
	if (a >= b || b >= MAX_RECORDS)
		out_of_order = true;
	else
		visits[a][b]++;
	return true;
}

static int64_t
entry_hash(const uint8_t *p, bool narrow)
{
	int16_t		h = (int16_t) (p[1] | (p[2] << 8));

	return narrow ? (int64_t) (h % 5) : (int64_t) h * 0x100000001LL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	C360BlockEntry entries[MAX_ENTRIES];
	int64_t		hashes[MAX_ENTRIES];
	uint32_t	records[MAX_ENTRIES];
	uint8_t		marked[MAX_RECORDS / 8];
	C360BlockIndex index;
	uint32_t	max_block,
				n_records = 0;
	size_t		n = 0,
				distinct,
				i,
				j;
	bool		narrow,
				use_marks;
	uint64_t	got,
				expected = 0;
	int			pass;

	if (size < 1)
		return 0;
	max_block = 2 + (data[0] & 15);
	narrow = (data[0] >> 4) & 1;
	use_marks = (data[0] >> 5) & 1;
	for (i = 1; i + 3 <= size && n < MAX_ENTRIES; i += 3, n++)
	{
		records[n] = data[i] % MAX_RECORDS;
		hashes[n] = entry_hash(data + i, narrow);
		c360_block_entry_set(&entries[n], hashes[n], records[n]);
		if (records[n] + 1 > n_records)
			n_records = records[n] + 1;
	}
	memset(marked, 0, sizeof(marked));
	for (i = 0; i < MAX_RECORDS; i++)
		if (use_marks && (i * 7 + data[0]) % 3 == 0)
			marked[i >> 3] |= (uint8_t) (1 << (i & 7));

	c360_block_index_build(entries, n, n_records, max_block, &index, NULL);
	/* the distinct (hash, record) entries come first, strictly ascending */
	distinct = 0;
	for (i = 0; i < n; i++)
	{
		for (j = 0; j < i; j++)
			if (hashes[j] == hashes[i] && records[j] == records[i])
				break;
		distinct += j == i;
	}
	for (i = 1; i < distinct; i++)
	{
		int64_t		h0 = (int64_t) (((uint64_t) entries[i - 1].hash_hi << 32) | entries[i - 1].hash_lo);
		int64_t		h1 = (int64_t) (((uint64_t) entries[i].hash_hi << 32) | entries[i].hash_lo);

		require((uint64_t) h0 < (uint64_t) h1 ||
				(h0 == h1 && entries[i - 1].record < entries[i].record));
	}

	for (pass = 0; pass < 2; pass++)
	{
		const uint8_t *m = pass == 1 && use_marks ? marked : NULL;

		memset(visits, 0, sizeof(visits));
		out_of_order = false;
		got = c360_block_pairs(&index, m, visit, NULL, NULL);
		require(!out_of_order);
		expected = 0;
		for (i = 0; i < n_records; i++)
			for (j = i + 1; j < n_records; j++)
			{
				bool		candidate = false;
				size_t		x,
							y;

				for (x = 0; x < n && !candidate; x++)
				{
					uint32_t	holders = 0;
					size_t		z;
					bool		seen[MAX_RECORDS];

					if (records[x] != i)
						continue;
					for (y = 0; y < n; y++)
						if (records[y] == j && hashes[y] == hashes[x])
							break;
					if (y == n)
						continue;
					memset(seen, 0, sizeof(seen));
					for (z = 0; z < n; z++)
						if (hashes[z] == hashes[x] && !seen[records[z]])
						{
							seen[records[z]] = true;
							holders++;
						}
					candidate = holders >= 2 && holders <= max_block;
				}
				if (m && !((m[i >> 3] >> (i & 7)) & 1) && !((m[j >> 3] >> (j & 7)) & 1))
					candidate = false;
				require(visits[i][j] == (candidate ? 1 : 0));
				expected += candidate;
			}
		require(got == expected);
	}
	c360_block_index_free(&index);
	return 0;
}
