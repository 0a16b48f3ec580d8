/*
 * fs_tf.c: term frequencies, a Misra-Gries heavy-hitters summary per
 * attribute (the state of c360.match_term_frequencies).
 *
 * Each attribute keeps at most k (value, counter) slots.  A value already
 * there adds 1 to its counter; a new value takes a free slot; when none is
 * free, every counter loses 1 (the new value's 1 cancels out) and the slots
 * at zero are freed.  A counter underestimates its value's true count by at
 * most (records - sum of counters) / (k + 1), so every value more frequent
 * than 1/(k+1) of the records is in the summary.  Two summaries merge by
 * adding counters and, past k values, taking the (k+1)-th largest counter
 * off every counter (Agarwal et al., "Mergeable summaries", 2012), which
 * keeps the same bound.  The work is O(1) amortized per value: a decrement
 * round costs O(k) and removes at least k+1 units of count.
 *
 * Slots are found through an open-addressing index (uint16 slot + 1, linear
 * probing on the value's 64-bit FNV-1a hash) stored after the slots, so the
 * summary is one flat block that the aggregate updates in place.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "fs_model.h"

#define ALIGN8(x) (((x) + 7) & ~(size_t) 7)

uint64_t
c360_fs_tf_hash(const char *value, size_t len)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) value[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint32_t
index_size_for(uint32_t cap)
{
	uint32_t	s = 1;

	if (cap == 0)
		return 0;
	while (s < 2 * cap)
		s <<= 1;
	return s;
}

static size_t
attr_bytes(uint32_t cap)
{
	return ALIGN8((size_t) cap * sizeof(C360FsTfSlot) + (size_t) index_size_for(cap) * sizeof(uint16_t));
}

size_t
c360_fs_tf_size(const uint32_t caps[C360_MATCH_ATTRS])
{
	size_t		size = sizeof(C360FsTf);
	int			a;

	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		if (caps[a] > C360_FS_TF_MAX_CAPACITY)
			return 0;
		size += attr_bytes(caps[a]);
	}
	return size;
}

void
c360_fs_tf_init(C360FsTf *tf, uint32_t capacity, const uint32_t caps[C360_MATCH_ATTRS])
{
	size_t		offset = sizeof(C360FsTf);
	int			a;

	tf->vl_len = 0;
	tf->magic = C360_FS_TF_MAGIC;
	tf->capacity = capacity;
	tf->records = 0;
	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		C360FsTfAttr *at = &tf->attr[a];

		at->present = 0;
		at->n = 0;
		at->cap = caps[a];
		at->index_size = index_size_for(caps[a]);
		at->offset = (uint32_t) offset;
		offset += attr_bytes(caps[a]);
	}
	tf->size = (uint32_t) offset;
	/* Zeroed slots and indexes: an empty index, and no stray bytes. */
	memset((char *) tf + sizeof(C360FsTf), 0, offset - sizeof(C360FsTf));
}

static C360FsTfSlot *
attr_slots(const C360FsTf *tf, int a)
{
	return (C360FsTfSlot *) ((char *) tf + tf->attr[a].offset);
}

static uint16_t *
attr_index(const C360FsTf *tf, int a)
{
	return (uint16_t *) ((char *) attr_slots(tf, a) + (size_t) tf->attr[a].cap * sizeof(C360FsTfSlot));
}

const C360FsTfSlot *
c360_fs_tf_slot(const C360FsTf *tf, int attr, uint32_t i)
{
	C360_ASSERT(attr >= 0 && attr < C360_MATCH_ATTRS && i < tf->attr[attr].n);
	return &attr_slots(tf, attr)[i];
}

/* Slot number of value in attribute a, or -1; *probe is where the index
 * probe stopped (the free entry to use for an insertion). */
static int
tf_lookup(const C360FsTf *tf, int a, const char *value, uint64_t hash, uint32_t *probe)
{
	const C360FsTfAttr *at = &tf->attr[a];
	const C360FsTfSlot *slots = attr_slots(tf, a);
	const uint16_t *index = attr_index(tf, a);
	uint32_t	mask,
				i,
				steps;

	if (at->index_size == 0)
	{
		*probe = 0;
		return -1;
	}
	mask = at->index_size - 1;
	i = (uint32_t) hash & mask;
	for (steps = 0; steps < at->index_size; steps++)
	{
		uint16_t	e = index[i];

		if (e == 0)
		{
			*probe = i;
			return -1;
		}
		if (e <= at->n && slots[e - 1].hash == hash && strcmp(slots[e - 1].value, value) == 0)
		{
			*probe = i;
			return e - 1;
		}
		i = (i + 1) & mask;
	}
	/* Unreachable in a valid block: the index is never more than half full. */
	*probe = 0;
	return -1;
}

static void
tf_rebuild_index(C360FsTf *tf, int a)
{
	const C360FsTfAttr *at = &tf->attr[a];
	const C360FsTfSlot *slots = attr_slots(tf, a);
	uint16_t   *index = attr_index(tf, a);
	uint32_t	s;

	if (at->index_size == 0)
		return;
	memset(index, 0, (size_t) at->index_size * sizeof(uint16_t));
	for (s = 0; s < at->n; s++)
	{
		uint32_t	i = (uint32_t) slots[s].hash & (at->index_size - 1);

		while (index[i] != 0)
			i = (i + 1) & (at->index_size - 1);
		index[i] = (uint16_t) (s + 1);
	}
}

/* Append a value known to be absent; the attribute has a free slot. */
static void
tf_append(C360FsTf *tf, int a, const char *value, size_t len, uint64_t hash,
		  uint32_t probe, double count)
{
	C360FsTfAttr *at = &tf->attr[a];
	C360FsTfSlot *slot = &attr_slots(tf, a)[at->n];

	memset(slot, 0, sizeof(*slot));
	slot->hash = hash;
	slot->count = count;
	memcpy(slot->value, value, len);
	at->n++;
	attr_index(tf, a)[probe] = (uint16_t) at->n;
}

/* One Misra-Gries step for value v of attribute a. */
static void
tf_add_value(C360FsTf *tf, int a, const char *value)
{
	C360FsTfAttr *at = &tf->attr[a];
	size_t		len = strlen(value);
	uint64_t	hash;
	uint32_t	probe;
	int			s;

	at->present += 1;
	if (len == 0 || len >= C360_FS_TF_VALUE_MAX || at->cap == 0)
		return;
	hash = c360_fs_tf_hash(value, len);
	s = tf_lookup(tf, a, value, hash, &probe);
	if (s >= 0)
		attr_slots(tf, a)[s].count += 1;
	else if (at->n < at->cap)
		tf_append(tf, a, value, len, hash, probe, 1);
	else
	{
		/*
		 * Decrement round: the new value's count cancels one from each.  Only
		 * at full capacity (c360_fs_tf_add_record grows the block first).
		 */
		C360FsTfSlot *slots = attr_slots(tf, a);
		uint32_t	i,
					kept = 0;

		for (i = 0; i < at->n; i++)
		{
			slots[i].count -= 1;
			if (slots[i].count > 0)
			{
				if (kept != i)
					slots[kept] = slots[i];
				kept++;
			}
		}
		if (kept < at->n)
			memset(&slots[kept], 0, (size_t) (at->n - kept) * sizeof(C360FsTfSlot));
		at->n = kept;
		tf_rebuild_index(tf, a);
	}
}

/* Would adding value to attribute a need a slot the attribute may still
 * grow to have? */
static bool
tf_needs_room(const C360FsTf *tf, int a, const char *value)
{
	const C360FsTfAttr *at = &tf->attr[a];
	size_t		len;
	uint32_t	probe;

	if (at->n < at->cap || at->cap >= tf->capacity)
		return false;
	len = strlen(value);
	if (len == 0 || len >= C360_FS_TF_VALUE_MAX)
		return false;
	return tf_lookup(tf, a, value, c360_fs_tf_hash(value, len), &probe) < 0;
}

bool
c360_fs_tf_add_record(C360FsTf *tf, const char *const values[C360_MATCH_ATTRS])
{
	int			a;

	for (a = 0; a < C360_MATCH_ATTRS; a++)
		if (values[a] != NULL && c360_match_attrs[a].tf_level >= 0 &&
			tf_needs_room(tf, a, values[a]))
			return false;
	tf->records += 1;
	for (a = 0; a < C360_MATCH_ATTRS; a++)
		if (values[a] != NULL && c360_match_attrs[a].tf_level >= 0)
			tf_add_value(tf, a, values[a]);
	return true;
}

C360FsTf *
c360_fs_tf_grow(const C360FsTf *tf)
{
	uint32_t	caps[C360_MATCH_ATTRS];
	C360FsTf   *out;
	int			a;

	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		const C360FsTfAttr *at = &tf->attr[a];

		caps[a] = at->cap;
		if (at->n == at->cap && at->cap < tf->capacity)
		{
			uint32_t	c = at->cap < C360_FS_TF_INITIAL_CAPACITY / 2 ?
				C360_FS_TF_INITIAL_CAPACITY : 2 * at->cap;

			caps[a] = c < tf->capacity ? c : tf->capacity;
		}
	}
	out = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(out, tf->capacity, caps);
	out->records = tf->records;
	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		out->attr[a].present = tf->attr[a].present;
		out->attr[a].n = tf->attr[a].n;
		if (tf->attr[a].n > 0)
			memcpy(attr_slots(out, a), attr_slots(tf, a),
				   (size_t) tf->attr[a].n * sizeof(C360FsTfSlot));
		tf_rebuild_index(out, a);
	}
	return out;
}

bool
c360_fs_tf_put(C360FsTf *tf, int attr, const char *value, double count)
{
	size_t		len = strlen(value);
	uint64_t	hash;
	uint32_t	probe;

	C360_ASSERT(attr >= 0 && attr < C360_MATCH_ATTRS);
	if (len == 0 || len >= C360_FS_TF_VALUE_MAX || tf->attr[attr].n >= tf->attr[attr].cap)
		return false;
	hash = c360_fs_tf_hash(value, len);
	if (tf_lookup(tf, attr, value, hash, &probe) >= 0)
		return false;
	tf_append(tf, attr, value, len, hash, probe, count);
	return true;
}

double
c360_fs_tf_count(const C360FsTf *tf, int attr, const char *value)
{
	size_t		len;
	uint32_t	probe;
	int			s;

	if (attr < 0 || attr >= C360_MATCH_ATTRS || value == NULL)
		return 0;
	len = strlen(value);
	if (len == 0 || len >= C360_FS_TF_VALUE_MAX)
		return 0;
	s = tf_lookup(tf, attr, value, c360_fs_tf_hash(value, len), &probe);
	return s >= 0 ? attr_slots(tf, attr)[s].count : 0;
}

/* Merge support: order by value, then by count descending. */
static int
slot_cmp_value(const void *x, const void *y)
{
	const C360FsTfSlot *a = x,
			   *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return strcmp(a->value, b->value);
}

static int
slot_cmp_count_desc(const void *x, const void *y)
{
	const C360FsTfSlot *a = x,
			   *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	/* Ties in a fixed order, so a merge does not depend on input order. */
	return slot_cmp_value(x, y);
}

C360FsTf *
c360_fs_tf_merge(const C360FsTf *a, const C360FsTf *b, bool compact)
{
	uint32_t	k = a->capacity;
	C360FsTfSlot *work[C360_MATCH_ATTRS];
	uint32_t	nwork[C360_MATCH_ATTRS];
	uint32_t	caps[C360_MATCH_ATTRS];
	C360FsTf   *out;
	size_t		size;
	int			at;

	if (b != NULL && b->capacity > k)
		k = b->capacity;
	if (k > C360_FS_TF_MAX_CAPACITY)
		k = C360_FS_TF_MAX_CAPACITY;

	for (at = 0; at < C360_MATCH_ATTRS; at++)
	{
		uint32_t	na = a->attr[at].n,
					nb = b ? b->attr[at].n : 0,
					n = 0,
					i;
		C360FsTfSlot *w = c360_alloc(((size_t) na + nb + 1) * sizeof(C360FsTfSlot));

		if (na)
			memcpy(w, attr_slots(a, at), (size_t) na * sizeof(C360FsTfSlot));
		if (nb)
			memcpy(w + na, attr_slots(b, at), (size_t) nb * sizeof(C360FsTfSlot));
		qsort(w, (size_t) na + nb, sizeof(C360FsTfSlot), slot_cmp_value);
		/* Add the counters of equal values. */
		for (i = 0; i < na + nb; i++)
		{
			if (n > 0 && slot_cmp_value(&w[n - 1], &w[i]) == 0)
				w[n - 1].count += w[i].count;
			else
				w[n++] = w[i];
		}
		if (n > k)
		{
			double		cut;
			uint32_t	kept = 0;

			qsort(w, n, sizeof(C360FsTfSlot), slot_cmp_count_desc);
			cut = w[k].count;
			for (i = 0; i < k; i++)
			{
				w[i].count -= cut;
				if (w[i].count > 0)
					w[kept++] = w[i];
			}
			n = kept;
		}
		work[at] = w;
		nwork[at] = n;
		caps[at] = compact ? n : k;
	}

	size = c360_fs_tf_size(caps);
	C360_ASSERT(size > 0);
	out = c360_alloc(size);
	c360_fs_tf_init(out, k, caps);
	out->records = a->records + (b ? b->records : 0);
	for (at = 0; at < C360_MATCH_ATTRS; at++)
	{
		uint32_t	i;

		out->attr[at].present = a->attr[at].present + (b ? b->attr[at].present : 0);
		/* A stable slot order (by count, then value) for the text form. */
		qsort(work[at], nwork[at], sizeof(C360FsTfSlot), slot_cmp_count_desc);
		for (i = 0; i < nwork[at]; i++)
		{
			C360FsTfSlot *slot = &attr_slots(out, at)[i];

			memset(slot, 0, sizeof(*slot));
			slot->hash = work[at][i].hash;
			slot->count = work[at][i].count;
			memcpy(slot->value, work[at][i].value, strlen(work[at][i].value));
		}
		out->attr[at].n = nwork[at];
		tf_rebuild_index(out, at);
		c360_free(work[at]);
	}
	return out;
}

bool
c360_fs_tf_valid(const void *block, size_t size)
{
	const C360FsTf *tf = block;
	uint32_t	caps[C360_MATCH_ATTRS];
	size_t		offset = sizeof(C360FsTf);
	int			a;

	if (block == NULL || size < sizeof(C360FsTf))
		return false;
	if (tf->magic != C360_FS_TF_MAGIC || tf->size != size ||
		tf->capacity > C360_FS_TF_MAX_CAPACITY ||
		!isfinite(tf->records) || tf->records < 0)
		return false;
	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		const C360FsTfAttr *at = &tf->attr[a];

		if (at->cap > C360_FS_TF_MAX_CAPACITY || at->n > at->cap ||
			at->index_size != index_size_for(at->cap) || at->offset != offset ||
			!isfinite(at->present) || at->present < 0 || at->present > tf->records)
			return false;
		if (c360_match_attrs[a].tf_level < 0 && at->n > 0)
			return false;
		caps[a] = at->cap;
		offset += attr_bytes(at->cap);
	}
	if (offset != size || c360_fs_tf_size(caps) != size)
		return false;
	for (a = 0; a < C360_MATCH_ATTRS; a++)
	{
		const C360FsTfAttr *at = &tf->attr[a];
		const C360FsTfSlot *slots = attr_slots(tf, a);
		const uint16_t *index = attr_index(tf, a);
		double		total = 0;
		uint32_t	i,
					used = 0;

		for (i = 0; i < at->n; i++)
		{
			size_t		len = strnlen(slots[i].value, C360_FS_TF_VALUE_MAX);
			uint32_t	probe;

			if (len == 0 || len >= C360_FS_TF_VALUE_MAX ||
				!c360_fs_utf8_valid(slots[i].value, len) ||
				slots[i].hash != c360_fs_tf_hash(slots[i].value, len) ||
				!isfinite(slots[i].count) || !(slots[i].count > 0))
				return false;
			total += slots[i].count;
			/* The index must find this very slot (so values are unique). */
			if (tf_lookup(tf, a, slots[i].value, slots[i].hash, &probe) != (int) i)
				return false;
		}
		if (total > at->present * (1 + 1e-9))
			return false;
		for (i = 0; i < at->index_size; i++)
		{
			if (index[i] > at->n)
				return false;
			if (index[i] != 0)
				used++;
		}
		if (used != at->n)
			return false;
	}
	return true;
}

bool
c360_fs_utf8_valid(const char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) s[i];
		uint32_t	cp;
		int			n,
					j;

		if (c == 0)
			return false;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return false;
		if (i + n >= len)
			return false;
		for (j = 1; j <= n; j++)
		{
			unsigned char cc = (unsigned char) s[i + j];

			if ((cc & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (cc & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			(cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}
