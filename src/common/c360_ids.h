/*
 * c360_ids.h: looking up an id in an ascending array of ids.
 */
#ifndef C360_IDS_H
#define C360_IDS_H

#include <stdint.h>

/* The index of id in ids[0..n) (ascending, distinct), or -1. */
static inline int64_t
c360_id_index(const int64_t *ids, uint32_t n, int64_t id)
{
	uint32_t	lo = 0;
	uint32_t	hi = n;

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && ids[lo] == id) ? (int64_t) lo : -1;
}

#endif							/* C360_IDS_H */
