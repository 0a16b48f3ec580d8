/*
 * block_pairs_fmgr.c: resolve's blocking and scoring in one pass in memory.
 *
 *   c360.score_candidates(model, max_block_size, min_weight, marked)
 *       scores every candidate pair of c360.record (or those with an end in
 *       marked) and writes those of weight >= min_weight to c360.match_edge;
 *       returns the number of candidate pairs
 *   c360.candidate_sample(max_block_size, sample_pairs)
 *       the candidate pairs of about sample_pairs / ... anchor records, for
 *       training (see c360.train_resolve_model)
 *   c360.pair_level_counts(pairs)
 *       the level patterns of training's sampled pairs, summed by sample
 *
 * Both read every record's blocking hashes (c360.record.blocks) once and
 * pair records in memory (block_pairs.c): no table of candidate pairs, no
 * sort of them, no join of each pair to both records.  Memory is bounded by
 * work_mem (c360.resolve raises it to maintenance_work_mem): past it they
 * stop with ERRCODE_PROGRAM_LIMIT_EXCEEDED, and c360.resolve falls back to
 * blocking in SQL, which spills to disk.
 */
#include "postgres.h"

#include <math.h>

#include "access/tupdesc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "block_pairs.h"
#include "c360_assert.h"
#include "c360_ids.h"
#include "fs_model.h"
#include "fs_model_fmgr.h"
#include "glue.h"
#include "match_key_fmgr.h"
#include "threads.h"

PG_FUNCTION_INFO_V1(c360_score_candidates);
PG_FUNCTION_INFO_V1(c360_candidate_sample);
PG_FUNCTION_INFO_V1(c360_pair_level_counts);

/* Scored pairs written to c360.match_edge per statement. */
#define EDGE_BATCH 50000

/* Keys are copied into chunks of this size. */
#define KEY_CHUNK ((Size) 8 * 1024 * 1024)

/* Every record read, by position (record_id order). */
typedef struct Records
{
	MemoryContext cxt;			/* everything below lives here */
	Size		budget;			/* bytes allowed (work_mem) */
	Size		used;			/* bytes counted against it */
	uint32		n;
	uint32		cap;
	int64	   *ids;			/* ascending */
	int64	   *content_hash;	/* per record, when asked for; else NULL */
	C360BlockEntry *entries;
	Size		n_entries;
	Size		entries_cap;
	C360BlockIndex index;
	const C360MatchKey **keys;	/* per record, the needed ones; else NULL */
	const char *task;			/* for errors, when not blocking */
	double		table_rows;		/* records in c360.record (the planner's
								 * estimate when they were not all read) */
	char	   *key_chunk;		/* the chunk keys are being copied into */
	Size		key_chunk_free;
} Records;

static void
over_budget(const Records *r, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 r->task != NULL ?
			 errmsg("%s in memory needs more than work_mem (%d kB)", r->task, work_mem) :
			 errmsg("blocking %u records in memory needs more than work_mem (%d kB)", r->n, work_mem),
			 errdetail("It ran out at %s.", what),
			 errhint("Raise maintenance_work_mem (c360.resolve uses it as work_mem), e.g. SET maintenance_work_mem = '1GB'.")));
}

static void
count_bytes(Records *r, Size bytes, const char *what)
{
	r->used += bytes;
	if (r->used > r->budget)
		over_budget(r, what);
}

/* Grows an array of the records' memory to hold at least need elements. */
static void *
grow(Records *r, void *array, Size elem, Size *cap, Size need, const char *what)
{
	Size		new_cap = *cap ? *cap : need;
	void	   *bigger;

	while (new_cap < need)
		new_cap += new_cap / 2 + 1;
	if (new_cap == *cap)
		return array;
	count_bytes(r, (new_cap - *cap) * elem, what);
	bigger = MemoryContextAllocHuge(r->cxt, new_cap * elem);
	if (array)
	{
		memcpy(bigger, array, *cap * elem);
		pfree(array);
	}
	*cap = new_cap;
	return bigger;
}

typedef struct RecordReceiver
{
	DestReceiver pub;
	Records    *r;
	MemoryContext rowcxt;
	bool		with_hash;
	const int64 *only;			/* keep only these hashes (sorted), or NULL */
	Size		n_only;
} RecordReceiver;

static int
compare_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

static void
record_receiver_startup(DestReceiver *self, int operation, TupleDesc desc)
{
}

/* One row: record_id, blocks[, content hash]. */
static bool
record_receiver_receive(TupleTableSlot *slot, DestReceiver *self)
{
	RecordReceiver *rr = (RecordReceiver *) self;
	Records    *r = rr->r;
	MemoryContext oldcxt;
	ArrayType  *blocks;
	int			n,
				i;
	bool	   *nulls;
	Datum	   *elems;
	uint32		pos = r->n;

	if ((pos & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1])
		return true;
	if (r->n >= PG_INT32_MAX - 1)
		over_budget(r, "numbering the records");
	if (r->n == r->cap)
	{
		Size		cap = r->cap;
		Size		cap2 = r->cap;

		r->ids = grow(r, r->ids, sizeof(int64), &cap, (Size) r->n + 1, "the record ids");
		if (rr->with_hash)
			r->content_hash = grow(r, r->content_hash, sizeof(int64), &cap2, (Size) r->n + 1,
								   "the record hashes");
		r->cap = (uint32) Min(cap, (Size) PG_UINT32_MAX);
	}
	r->ids[pos] = DatumGetInt64(slot->tts_values[0]);
	if (pos > 0 && r->ids[pos] <= r->ids[pos - 1])
		elog(ERROR, "c360.record ids came out of order");
	if (rr->with_hash)
		r->content_hash[pos] = slot->tts_isnull[2] ? 0 : DatumGetInt64(slot->tts_values[2]);
	r->n++;

	oldcxt = MemoryContextSwitchTo(rr->rowcxt);
	blocks = DatumGetArrayTypeP(slot->tts_values[1]);
	deconstruct_array(blocks, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	MemoryContextSwitchTo(oldcxt);
	if (r->n_entries + n > r->entries_cap)
		r->entries = grow(r, r->entries, sizeof(C360BlockEntry), &r->entries_cap,
						  r->n_entries + n, "the blocking hashes");
	for (i = 0; i < n; i++)
	{
		int64		hash = DatumGetInt64(elems[i]);

		if (nulls[i] ||
			(rr->only != NULL && bsearch(&hash, rr->only, rr->n_only, sizeof(int64), compare_int64) == NULL))
			continue;
		c360_block_entry_set(&r->entries[r->n_entries++], hash, pos);
	}
	MemoryContextReset(rr->rowcxt);
	return true;
}

static void
tick(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * Reads every record's id and blocking hashes (and the hash of its source
 * and key, when with_hash) and builds the blocks; of the hashes only those
 * in only (sorted, n_only of them) when only is not NULL.  Inside SPI.
 */
static void
read_records(Records *r, uint32 max_block_size, bool with_hash, bool with_keys,
			 const int64 *only, Size n_only)
{
	RecordReceiver rr;
	SPIPlanPtr	plan;
	MemoryContext oldcxt;
	int64		n_rows,
				n_hashes,
				key_bytes;
	bool		isnull;
	Size		cap;

	/*
	 * Sized first, so that records that do not fit stop here, before they
	 * are read (c360.resolve then blocks in SQL), and arrays are not grown
	 * past what they need.
	 */
	if (SPI_execute("SELECT pg_catalog.count(*), pg_catalog.sum(pg_catalog.cardinality(pg_catalog.array_remove(r.blocks, NULL))),"
					" pg_catalog.sum(pg_catalog.pg_column_size(r.key)) FROM c360.record r", false, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "counting c360.record failed");
	n_rows = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	n_hashes = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	if (isnull)
		n_hashes = 0;
	key_bytes = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	if (isnull)
		key_bytes = 0;
	SPI_freetuptable(SPI_tuptable);
	r->table_rows = (double) n_rows;
	/*
	 * Positions are int32 here, and the index's arrays are single
	 * allocations (at most MaxAllocSize): past either, block in SQL.
	 */
	if (n_rows >= (int64) PG_INT32_MAX ||
		(Size) n_hashes >= MaxAllocSize / sizeof(uint32))
		over_budget(r, "numbering the records and their keys");
	r->n = (uint32) n_rows;		/* for the message; reset below */
	{
		Size		need = (Size) n_rows * sizeof(int64) * (with_hash ? 2 : 1) +
			c360_block_index_bytes((Size) n_hashes, (uint32) n_rows);

		if (with_keys)
			need = Max(need, (Size) n_rows * sizeof(int64) +
					   c360_block_index_bytes((Size) n_hashes, (uint32) n_rows) -
					   (Size) n_hashes * sizeof(C360BlockEntry) +
					   (Size) n_rows * (sizeof(C360MatchKey *) + MAXIMUM_ALIGNOF) + (Size) key_bytes);
		if (need > r->budget)
			over_budget(r, with_keys ? "the estimate of the blocks and match keys" : "the estimate of the blocks");
	}
	r->n = 0;
	cap = 0;
	r->ids = grow(r, NULL, sizeof(int64), &cap, (Size) Max(n_rows, 1), "the record ids");
	if (with_hash)
	{
		cap = 0;
		r->content_hash = grow(r, NULL, sizeof(int64), &cap, (Size) Max(n_rows, 1), "the record hashes");
	}
	r->cap = (uint32) cap;
	/* (only a few blocks: the array grows as they come) */
	r->entries = grow(r, NULL, sizeof(C360BlockEntry), &r->entries_cap,
					  only != NULL ? (Size) Min(n_hashes, 65536) + 1 : (Size) Max(n_hashes, 1),
					  "the blocking hashes");

	plan = SPI_prepare(with_hash ?
					   "SELECT r.record_id, r.blocks, pg_catalog.hashtextextended(r.source_key, pg_catalog.hashtext(s.name))"
					   " FROM c360.record r JOIN c360.source s ON s.source_id = r.source_id"
					   " ORDER BY r.record_id" :
					   "SELECT r.record_id, r.blocks FROM c360.record r ORDER BY r.record_id",
					   0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	memset(&rr, 0, sizeof(rr));
	rr.r = r;
	rr.with_hash = with_hash;
	rr.only = only;
	rr.n_only = n_only;
	rr.rowcxt = AllocSetContextCreate(CurrentMemoryContext, "c360 candidate pairs row", ALLOCSET_SMALL_SIZES);
	c360_spi_run(plan, NULL, false, &rr.pub, record_receiver_receive, record_receiver_startup,
				 "the records' blocking hashes");
	MemoryContextDelete(rr.rowcxt);
	SPI_freeplan(plan);

	/* The index: about two uint32 per entry in a block, plus offsets. */
	count_bytes(r, c360_block_index_bytes(r->n_entries, r->n) - r->n_entries * sizeof(C360BlockEntry),
				"the blocks");
	oldcxt = MemoryContextSwitchTo(r->cxt);
	c360_block_index_build(r->entries, r->n_entries, r->n, max_block_size, &r->index, tick);
	MemoryContextSwitchTo(oldcxt);
	pfree(r->entries);
	r->entries = NULL;
	r->used -= r->entries_cap * sizeof(C360BlockEntry);
	r->entries_cap = 0;
	r->n_entries = 0;
}

/* A record's position (ids are read ascending), or -1. */
static int32
position_of(const Records *r, int64 id)
{
	return (int32) c360_id_index(r->ids, r->n, id);
}

typedef struct KeyReceiver
{
	DestReceiver pub;
	Records    *r;
	const uint8 *needed;
	MemoryContext rowcxt;
	uint64		rows;
} KeyReceiver;

/* One row: record_id, key; the key is copied when needed. */
static bool
key_receiver_receive(TupleTableSlot *slot, DestReceiver *self)
{
	KeyReceiver *kr = (KeyReceiver *) self;
	Records    *r = kr->r;
	int32		pos;
	Size		size;
	Size		room;
	const C360MatchKey *key;
	MemoryContext oldcxt;

	if ((++kr->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1])
		return true;
	pos = position_of(r, DatumGetInt64(slot->tts_values[0]));
	if (pos < 0 || !((kr->needed[pos >> 3] >> (pos & 7)) & 1) || r->keys[pos] != NULL)
		return true;
	oldcxt = MemoryContextSwitchTo(kr->rowcxt);
	key = c360_datum_match_key(slot->tts_values[1], &size);
	MemoryContextSwitchTo(oldcxt);
	room = MAXALIGN(size);
	if (room > r->key_chunk_free)
	{
		/* a sixteenth of the budget at most, so the last chunk's slack is small */
		Size		chunk = Max(Min(KEY_CHUNK, r->budget / 16), room);

		count_bytes(r, chunk, "the records' match keys");
		r->key_chunk = MemoryContextAllocHuge(r->cxt, chunk);
		r->key_chunk_free = chunk;
	}
	memcpy(r->key_chunk, key, size);
	r->keys[pos] = (const C360MatchKey *) r->key_chunk;
	r->key_chunk += room;
	r->key_chunk_free -= room;
	MemoryContextReset(kr->rowcxt);
	return true;
}

/* Copies the match keys of the records whose bit is set in needed. */
static void
read_keys(Records *r, const uint8 *needed, uint32 n_needed)
{
	KeyReceiver kr;
	SPIPlanPtr	plan;
	Datum		arg;
	ParamListInfo params = NULL;
	uint32		i;

	count_bytes(r, (Size) r->n * sizeof(C360MatchKey *), "the records' match keys");
	r->keys = MemoryContextAllocExtended(r->cxt, Max(r->n, 1) * sizeof(C360MatchKey *), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	if (n_needed == 0)
		return;
	memset(&kr, 0, sizeof(kr));
	kr.r = r;
	kr.needed = needed;
	kr.rowcxt = AllocSetContextCreate(CurrentMemoryContext, "c360 candidate pairs key", ALLOCSET_SMALL_SIZES);
	if (r->table_rows > 0 && (double) n_needed > r->table_rows / 4)
	{
		/* most of them: read them all (a sequential scan), keep the needed */
		plan = SPI_prepare("SELECT r.record_id, r.key FROM c360.record r", 0, NULL);
	}
	else
	{
		/* a few: by id, through the primary key */
		Datum	   *ids = palloc(n_needed * sizeof(Datum));
		uint32		k = 0;
		Oid			argtype = INT8ARRAYOID;

		for (i = 0; i < r->n; i++)
			if ((needed[i >> 3] >> (i & 7)) & 1)
				ids[k++] = Int64GetDatum(r->ids[i]);
		arg = PointerGetDatum(construct_array(ids, (int) k, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
		pfree(ids);
		plan = SPI_prepare("SELECT r.record_id, r.key FROM c360.record r WHERE r.record_id = ANY ($1)",
						   1, &argtype);
		params = makeParamList(1);
		params->params[0].value = arg;
		params->params[0].isnull = false;
		params->params[0].pflags = PARAM_FLAG_CONST;
		params->params[0].ptype = INT8ARRAYOID;
	}
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	c360_spi_run(plan, params, false, &kr.pub, key_receiver_receive, record_receiver_startup,
				 "the records' match keys");
	SPI_freeplan(plan);
	MemoryContextDelete(kr.rowcxt);
}

static void
records_init(Records *r)
{
	memset(r, 0, sizeof(*r));
	r->budget = (Size) work_mem * 1024;
	r->cxt = AllocSetContextCreate(CurrentMemoryContext, "c360 candidate pairs", ALLOCSET_DEFAULT_SIZES);
}

/*
 * The blocking hashes of the marked records (sorted, each once), read by id
 * through the primary key.  Inside SPI.
 */
static int64 *
marked_hashes(Records *r, ArrayType *marked, Size *n_hashes)
{
	Oid			argtype = INT8ARRAYOID;
	Datum		arg = PointerGetDatum(marked);
	SPIPlanPtr	plan;
	int64	   *hashes;
	Size		n = 0,
				i;

	if (ARR_NDIM(marked) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("marked must be a one-dimensional array of record ids")));
	plan = SPI_prepare("SELECT h FROM c360.record r CROSS JOIN LATERAL pg_catalog.unnest(r.blocks) h"
					   " WHERE r.record_id = ANY ($1) AND h IS NOT NULL", 1, &argtype);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_execute_plan(plan, &arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the marked records' blocks failed");
	count_bytes(r, (SPI_processed + 1) * sizeof(int64), "the marked records' blocks");
	hashes = MemoryContextAllocExtended(r->cxt, (SPI_processed + 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		hashes[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
	}
	n = SPI_processed;
	SPI_freetuptable(SPI_tuptable);
	SPI_freeplan(plan);
	qsort(hashes, n, sizeof(int64), compare_int64);
	if (n > 0)
	{
		Size		k = 1;

		for (i = 1; i < n; i++)
			if (hashes[i] != hashes[k - 1])
				hashes[k++] = hashes[i];
		n = k;
	}
	*n_hashes = n;
	return hashes;
}

/*
 * The planner's estimate of c360.record's rows (0 when it has none): when
 * to read keys by id rather than all of them.  Inside SPI.
 */
static double
record_table_rows(void)
{
	bool		isnull;
	double		rows;

	if (SPI_execute("SELECT c.reltuples::float8 FROM pg_catalog.pg_class c WHERE c.oid = 'c360.record'::pg_catalog.regclass",
					true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "reading the size of c360.record failed");
	rows = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);
	return isnull || rows < 0 ? 0 : rows;
}

static uint8 *
marked_bitmap(Records *r, ArrayType *marked, uint32 *n_marked)
{
	uint8	   *bits;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	count_bytes(r, r->n / 8 + 1, "the marked records");
	bits = MemoryContextAllocZero(r->cxt, r->n / 8 + 1);
	*n_marked = 0;
	if (ARR_NDIM(marked) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("marked must be a one-dimensional array of record ids")));
	deconstruct_array(marked, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		int32		pos;

		if (nulls[i])
			continue;
		pos = position_of(r, DatumGetInt64(elems[i]));
		if (pos >= 0 && !((bits[pos >> 3] >> (pos & 7)) & 1))
		{
			bits[pos >> 3] |= (uint8) (1 << (pos & 7));
			(*n_marked)++;
		}
	}
	pfree(elems);
	pfree(nulls);
	return bits;
}

/* Marks both ends of every pair visited as needed. */
typedef struct NeedState
{
	uint8	   *needed;
	uint32		n_needed;
} NeedState;

static inline void
set_needed(NeedState *s, uint32 x)
{
	if (!((s->needed[x >> 3] >> (x & 7)) & 1))
	{
		s->needed[x >> 3] |= (uint8) (1 << (x & 7));
		s->n_needed++;
	}
}

static bool
need_pair(uint32 a, uint32 b, void *arg)
{
	set_needed((NeedState *) arg, a);
	set_needed((NeedState *) arg, b);
	return true;
}

typedef struct ScoreState
{
	Records    *r;
	const C360FsModel *model;
	bool		use_tf;
	bool		has_min;
	double		min_weight;
	SPIPlanPtr	insert;
	uint32		n;
	Datum	   *a;
	Datum	   *b;
	Datum	   *w;
	uint64		written;
} ScoreState;

static void
flush_edges(ScoreState *s)
{
	Datum		args[3];
	int			rc;

	if (s->n == 0)
		return;
	args[0] = PointerGetDatum(construct_array(s->a, (int) s->n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
	args[1] = PointerGetDatum(construct_array(s->b, (int) s->n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
	args[2] = PointerGetDatum(construct_array(s->w, (int) s->n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
	rc = SPI_execute_plan(s->insert, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "writing scored pairs to c360.match_edge failed: %s", SPI_result_code_string(rc));
	pfree(DatumGetPointer(args[0]));
	pfree(DatumGetPointer(args[1]));
	pfree(DatumGetPointer(args[2]));
	s->written += s->n;
	s->n = 0;
}

/* The match weight of the records at positions x and y (plain C: threads). */
static double
pair_weight(const ScoreState *s, uint32 x, uint32 y)
{
	const C360MatchKey *ka = s->r->keys[x];
	const C360MatchKey *kb = s->r->keys[y];
	uint8_t		levels[C360_MATCH_ATTRS];
	const char *values[C360_MATCH_ATTRS];
	int			i;

	c360_match_levels(ka, kb, levels);
	if (s->use_tf)
		for (i = 0; i < C360_MATCH_ATTRS; i++)
			values[i] = c360_match_key_value(ka, (C360MatchAttr) i);
	return c360_fs_score(s->model, levels, s->use_tf ? values : NULL, NULL);
}

static inline bool
weight_kept(const ScoreState *s, double w)
{
	return !s->has_min || w >= s->min_weight;
}

/* Queues an edge for c360.match_edge (written in batches). */
static void
emit_edge(ScoreState *s, uint32 x, uint32 y, double w)
{
	s->a[s->n] = Int64GetDatum(s->r->ids[x]);
	s->b[s->n] = Int64GetDatum(s->r->ids[y]);
	s->w[s->n] = Float8GetDatum(w);
	if (++s->n == EDGE_BATCH)
		flush_edges(s);
}

static bool
score_pair(uint32 x, uint32 y, void *arg)
{
	ScoreState *s = arg;
	double		w = pair_weight(s, x, y);

	if (weight_kept(s, w))
		emit_edge(s, x, y, w);
	return true;
}

/* ---------------------------------------------------------------------
 * The pairs on worker threads (threads.h).  The blocks are cut into
 * rounds of about round_work pairs considered, each split among the
 * threads at block boundaries; a thread visits its blocks' pairs
 * (c360_block_pairs_range) into its own part of the round's buffer, which
 * holds as many entries as its blocks have pairs at most.  The backend
 * takes one round's results, in block order, while the threads do the
 * next: the same pairs in the same order as on one thread.
 * ---------------------------------------------------------------------
 */

#define MAX_PAIR_THREADS 16

typedef enum SliceMode
{
	SLICE_SCORE,				/* weigh each pair; keep those kept */
	SLICE_COUNT,				/* count the pairs only */
	SLICE_ANCHOR				/* keep each pair with its anchor weight */
} SliceMode;

typedef struct PairSlice
{
	SliceMode	mode;
	const ScoreState *score;	/* SLICE_SCORE: model, keys, min_weight */
	const Records *r;
	const uint8 *marked;		/* pairs with an end marked (anchors), or NULL */
	double		half_keep;		/* SLICE_ANCHOR: weight per anchor end */
	uint32		first_block;
	uint32		end_block;
	/* results */
	uint64		pairs;
	Size		n;
	Size		cap;
	uint32	   *x;
	uint32	   *y;
	double	   *w;
} PairSlice;

typedef struct PairRound
{
	int			n_threads;
	PairSlice	slices[MAX_PAIR_THREADS];
	C360Thread	threads[MAX_PAIR_THREADS];
	uint32	   *x;				/* the buffer the slices share */
	uint32	   *y;
	double	   *w;
} PairRound;

typedef struct PairPlan
{
	int			n_threads;
	uint64		round_work;		/* pairs considered per round */
	Size		buffer;			/* entries per round's buffer */
	PairRound	rounds[2];		/* one taken while the other fills */
} PairPlan;

static void round_init(Records *r, const PairPlan *plan, PairRound *round);

static bool
slice_pair(uint32 x, uint32 y, void *arg)
{
	PairSlice  *sl = arg;
	double		w = 0;

	switch (sl->mode)
	{
		case SLICE_COUNT:
			return true;
		case SLICE_SCORE:
			w = pair_weight(sl->score, x, y);
			if (!weight_kept(sl->score, w))
				return true;
			break;
		case SLICE_ANCHOR:
			w = sl->half_keep * (((sl->marked[x >> 3] >> (x & 7)) & 1) + ((sl->marked[y >> 3] >> (y & 7)) & 1));
			break;
	}
	/* (the slice's part of the buffer holds every pair of its blocks) */
	C360_ASSERT(sl->n < sl->cap);
	sl->x[sl->n] = x;
	sl->y[sl->n] = y;
	sl->w[sl->n] = w;
	sl->n++;
	return true;
}

static void
slice_work(void *arg)
{
	PairSlice  *sl = arg;

	sl->n = 0;
	sl->pairs = c360_block_pairs_range(&sl->r->index, sl->marked, sl->first_block, sl->end_block,
									   slice_pair, sl, NULL);
}

/*
 * Whether to visit the pairs on threads, and in what rounds: with
 * max_parallel_maintenance_workers above 0, when the round buffers (two,
 * one taken while the next fills) fit in what is left of work_mem.
 */
static bool
plan_pair_threads(Records *r, uint64 total_work, PairPlan *plan)
{
	uint64		max_block_work = 0;
	Size		entry = 2 * sizeof(uint32) + sizeof(double);
	uint32		t;

	plan->n_threads = Min(c360_thread_budget(), MAX_PAIR_THREADS);
	if (plan->n_threads <= 0 || total_work == 0)
		return false;
	for (t = 0; t < r->index.n_blocks; t++)
		max_block_work = Max(max_block_work, c360_block_pair_work(&r->index, t));
	/* a few rounds at least (so a small job is spread), a few million at most */
	plan->round_work = Min(Max(total_work / (4 * (uint64) plan->n_threads), 4096), (uint64) 1 << 21);
	plan->buffer = (Size) (plan->round_work + (uint64) plan->n_threads * max_block_work);
	if (r->used + 2 * plan->buffer * entry > r->budget ||
		2 * plan->buffer * entry > MaxAllocHugeSize / 4)
		return false;
	count_bytes(r, 2 * plan->buffer * entry, "the pairs' buffers");
	round_init(r, plan, &plan->rounds[0]);
	round_init(r, plan, &plan->rounds[1]);
	return true;
}

static void
round_init(Records *r, const PairPlan *plan, PairRound *round)
{
	memset(round, 0, sizeof(*round));
	round->n_threads = plan->n_threads;
	round->x = MemoryContextAllocHuge(r->cxt, plan->buffer * sizeof(uint32));
	round->y = MemoryContextAllocHuge(r->cxt, plan->buffer * sizeof(uint32));
	round->w = MemoryContextAllocHuge(r->cxt, plan->buffer * sizeof(double));
}

/*
 * Cuts the next round from block *next on (at least one block per slice
 * while blocks are left) and starts its threads; false when no block is
 * left.
 */
static bool
round_start(const Records *r, const PairPlan *plan, const PairSlice *model, PairRound *round,
			uint32 *next)
{
	uint64		per_thread = Max(plan->round_work / (uint64) plan->n_threads, 1);
	Size		offset = 0;
	int			i;

	if (*next >= r->index.n_blocks)
		return false;
	for (i = 0; i < plan->n_threads; i++)
	{
		PairSlice  *sl = &round->slices[i];
		uint64		work = 0;

		*sl = *model;
		sl->first_block = *next;
		while (*next < r->index.n_blocks && (work == 0 || work < per_thread))
			work += c360_block_pair_work(&r->index, (*next)++);
		sl->end_block = *next;
		sl->x = round->x + offset;
		sl->y = round->y + offset;
		sl->w = round->w + offset;
		sl->cap = (Size) work;
		sl->n = 0;
		sl->pairs = 0;
		offset += (Size) work;
		Assert(offset <= plan->buffer);
		round->threads[i].work = slice_work;
		round->threads[i].arg = sl;
	}
	c360_threads_start(round->threads, plan->n_threads);
	return true;
}

/* What the backend does with a pair a round kept (in block order). */
typedef void (*PairTake) (void *arg, uint32 x, uint32 y, double w);

/*
 * Visits every pair of the blocks on threads: take(arg, ...) gets the pairs
 * the slices kept, in block order, in the backend.  Returns the number of
 * pairs visited.
 */
static uint64
pairs_on_threads(Records *r, PairPlan *plan, const PairSlice *model, PairTake take, void *arg)
{
	PairRound  *rounds = plan->rounds;
	volatile uint64 pairs = 0;
	uint32		next = 0;
	volatile int cur = 0;

	if (!round_start(r, plan, model, &rounds[0], &next))
		return 0;
	for (;;)
	{
		PairRound  *done = &rounds[cur];
		PairRound  *running = &rounds[cur ^ 1];
		bool		more;
		int			i;

		c360_threads_join(done->threads, done->n_threads);
		more = round_start(r, plan, model, running, &next);
		PG_TRY();
		{
			for (i = 0; i < done->n_threads; i++)
			{
				PairSlice  *sl = &done->slices[i];
				Size		k;

				pairs += sl->pairs;
				if (take != NULL)
					for (k = 0; k < sl->n; k++)
						take(arg, sl->x[k], sl->y[k], sl->w[k]);
			}
			CHECK_FOR_INTERRUPTS();
		}
		PG_CATCH();
		{
			/* (the threads read the records: done with them before they go) */
			if (more)
				c360_threads_wait(running->threads, running->n_threads);
			PG_RE_THROW();
		}
		PG_END_TRY();
		if (!more)
			break;
		cur ^= 1;
	}
	return pairs;
}

static void
take_edge(void *arg, uint32 x, uint32 y, double w)
{
	emit_edge((ScoreState *) arg, x, y, w);
}

/* The total of c360_block_pair_work over the blocks. */
static uint64
total_pair_work(const Records *r)
{
	uint64		total = 0;
	uint32		t;

	for (t = 0; t < r->index.n_blocks; t++)
		total += c360_block_pair_work(&r->index, t);
	return total;
}

static void
check_max_block_size(int32 max_block_size)
{
	if (max_block_size < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_block_size must be at least 2, not %d", max_block_size)));
}

/*
 * c360.score_candidates(model, max_block_size, min_weight, marked) -> bigint
 */
Datum
c360_score_candidates(PG_FUNCTION_ARGS)
{
	const C360FsModel *model;
	int32		max_block_size;
	Records		r;
	ScoreState	s;
	NeedState	need;
	uint8	   *marked = NULL;
	uint32		n_marked = 0;
	uint64		pairs;
	Oid			argtypes[3] = {INT8ARRAYOID, INT8ARRAYOID, FLOAT8ARRAYOID};
	MemoryContext oldcxt;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("c360.score_candidates needs a model and a max_block_size")));
	max_block_size = PG_GETARG_INT32(1);
	check_max_block_size(max_block_size);
	model = c360_fs_cached_model(fcinfo);

	records_init(&r);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (PG_ARGISNULL(3))
		read_records(&r, (uint32) max_block_size, false, true, NULL, 0);
	else
	{
		/*
		 * Only blocks holding a marked record make pairs, and a pair is made
		 * in the first block its two records share, which is among those:
		 * the other blocks are not kept, so a few marked records do not
		 * sort every record's blocks.
		 */
		Size		n_only;
		int64	   *only = marked_hashes(&r, PG_GETARG_ARRAYTYPE_P(3), &n_only);

		read_records(&r, (uint32) max_block_size, false, true, only, n_only);
		marked = marked_bitmap(&r, PG_GETARG_ARRAYTYPE_P(3), &n_marked);
	}

	/* The records some pair needs: all in a block, or the marked' partners. */
	count_bytes(&r, r.n / 8 + 1, "the needed records");
	need.needed = MemoryContextAllocZero(r.cxt, r.n / 8 + 1);
	need.n_needed = 0;
	if (marked == NULL)
	{
		/* every record in a block has a partner */
		uint32		i;

		for (i = 0; i < r.n; i++)
			if (r.index.record_start[i + 1] > r.index.record_start[i])
				set_needed(&need, i);
	}
	else if (n_marked > 0)
		c360_block_pairs(&r.index, marked, need_pair, &need, tick);
	read_keys(&r, need.needed, need.n_needed);

	memset(&s, 0, sizeof(s));
	s.r = &r;
	s.model = model;
	s.use_tf = c360_fs_model_tf(model) != NULL;
	s.has_min = !PG_ARGISNULL(2);
	s.min_weight = s.has_min ? PG_GETARG_FLOAT8(2) : 0;
	oldcxt = MemoryContextSwitchTo(r.cxt);
	s.a = palloc(EDGE_BATCH * sizeof(Datum));
	s.b = palloc(EDGE_BATCH * sizeof(Datum));
	s.w = palloc(EDGE_BATCH * sizeof(Datum));
	MemoryContextSwitchTo(oldcxt);
	s.insert = SPI_prepare("INSERT INTO c360.match_edge (a, b, weight)"
						   " SELECT * FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3))", 3, argtypes);
	if (s.insert == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	pairs = 0;
	if (marked == NULL || n_marked > 0)
	{
		PairPlan	plan;

		c360_fs_prepare(model);
		if (plan_pair_threads(&r, total_pair_work(&r), &plan))
		{
			PairSlice	slice;

			memset(&slice, 0, sizeof(slice));
			slice.mode = SLICE_SCORE;
			slice.score = &s;
			slice.r = &r;
			slice.marked = marked;
			pairs = pairs_on_threads(&r, &plan, &slice, take_edge, &s);
		}
		else
			pairs = c360_block_pairs(&r.index, marked, score_pair, &s, tick);
	}
	flush_edges(&s);
	SPI_finish();
	MemoryContextDelete(r.cxt);
	PG_RETURN_INT64((int64) pairs);
}

/* The sample's rows: anchored pairs with their weight. */
typedef struct SampleState
{
	Records    *r;
	const uint8 *anchor;
	double		half_keep;
	int64		total;
	Tuplestorestate *out;
	TupleDesc	desc;
} SampleState;

static bool
count_pair(uint32 a, uint32 b, void *arg)
{
	return true;
}

static void
put_sample(SampleState *s, uint32 x, uint32 y, double weight)
{
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	values[0] = Int64GetDatum(s->r->ids[x]);
	values[1] = Int64GetDatum(s->r->ids[y]);
	values[2] = Float8GetDatum(weight);
	values[3] = Int64GetDatum(s->total);
	tuplestore_putvalues(s->out, s->desc, values, nulls);
}

static bool
sample_pair(uint32 x, uint32 y, void *arg)
{
	SampleState *s = arg;
	int			ends = ((s->anchor[x >> 3] >> (x & 7)) & 1) + ((s->anchor[y >> 3] >> (y & 7)) & 1);

	put_sample(s, x, y, s->half_keep * ends);
	return true;
}

static void
take_sample(void *arg, uint32 x, uint32 y, double weight)
{
	put_sample((SampleState *) arg, x, y, weight);
}

/*
 * c360.candidate_sample(max_block_size, sample_pairs)
 *   -> TABLE (a, b, weight, candidate_pairs)
 *
 * Anchors are the records whose hash of source name and key is a multiple
 * of keep = ceil(2 * candidate_pairs / sample_pairs); every candidate pair
 * with an anchor end comes with weight keep / 2 per anchor end, so the
 * weights sum to the number of candidate pairs in expectation.
 */
Datum
c360_candidate_sample(PG_FUNCTION_ARGS)
{
	int32		max_block_size = PG_GETARG_INT32(0);
	int32		sample_pairs = PG_GETARG_INT32(1);
	Records		r;
	SampleState s;
	PairPlan	plan;
	PairSlice	slice;
	bool		threaded;
	uint8	   *anchor;
	int64		keep;
	uint32		i;
	MemoryContext oldcxt;

	c360_check_set_context(fcinfo);
	check_max_block_size(max_block_size);
	if (sample_pairs < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sample_pairs must be at least 1, not %d", sample_pairs)));
	records_init(&r);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	read_records(&r, (uint32) max_block_size, true, false, NULL, 0);
	SPI_finish();

	memset(&s, 0, sizeof(s));
	s.r = &r;
	memset(&slice, 0, sizeof(slice));
	slice.r = &r;
	threaded = plan_pair_threads(&r, total_pair_work(&r), &plan);
	if (threaded)
	{
		slice.mode = SLICE_COUNT;
		s.total = (int64) pairs_on_threads(&r, &plan, &slice, NULL, NULL);
	}
	else
		s.total = (int64) c360_block_pairs(&r.index, NULL, count_pair, NULL, tick);
	keep = (int64) Max(1.0, ceil(2.0 * (double) s.total / sample_pairs));
	s.half_keep = keep / 2.0;
	count_bytes(&r, r.n / 8 + 1, "the anchor records");
	anchor = MemoryContextAllocZero(r.cxt, r.n / 8 + 1);
	for (i = 0; i < r.n; i++)
		if (r.content_hash[i] % keep == 0)
			anchor[i >> 3] |= (uint8) (1 << (i & 7));
	s.anchor = anchor;

	s.out = c360_begin_result(fcinfo, "c360.candidate_sample", &s.desc);
	oldcxt = CurrentMemoryContext;
	if (threaded)
	{
		slice.mode = SLICE_ANCHOR;
		slice.marked = anchor;
		slice.half_keep = s.half_keep;
		pairs_on_threads(&r, &plan, &slice, take_sample, &s);
	}
	else
		c360_block_pairs(&r.index, anchor, sample_pair, &s, tick);
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(r.cxt);
	return (Datum) 0;
}

/* Training's sampled pairs, as read. */
typedef struct PairReceiver
{
	DestReceiver pub;
	Records    *r;
	Size		n;
	Size		cap;
	char	   *sample;
	int64	   *a;
	int64	   *b;
	double	   *w;
} PairReceiver;

/* One row: sample, a, b, w (rows with a NULL are left out, as a join would). */
static bool
pair_receiver_receive(TupleTableSlot *slot, DestReceiver *self)
{
	PairReceiver *pr = (PairReceiver *) self;
	Records    *r = pr->r;

	if ((pr->n & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2] || slot->tts_isnull[3])
		return true;
	if (pr->n == pr->cap)
	{
		Size		cap = pr->cap;

		pr->sample = grow(r, pr->sample, sizeof(char), &cap, pr->n + 1, "the sampled pairs");
		cap = pr->cap;
		pr->a = grow(r, pr->a, sizeof(int64), &cap, pr->n + 1, "the sampled pairs");
		cap = pr->cap;
		pr->b = grow(r, pr->b, sizeof(int64), &cap, pr->n + 1, "the sampled pairs");
		cap = pr->cap;
		pr->w = grow(r, pr->w, sizeof(double), &cap, pr->n + 1, "the sampled pairs");
		pr->cap = cap;
	}
	pr->sample[pr->n] = DatumGetChar(slot->tts_values[0]);
	pr->a[pr->n] = DatumGetInt64(slot->tts_values[1]);
	pr->b[pr->n] = DatumGetInt64(slot->tts_values[2]);
	pr->w[pr->n] = DatumGetFloat8(slot->tts_values[3]);
	pr->n++;
	return true;
}

/* A level pattern of one sample: the hash key. */
typedef struct PatternKey
{
	char		sample;
	uint8		levels[C360_MATCH_ATTRS];
} PatternKey;

typedef struct PatternEntry
{
	PatternKey	key;
	double		n;
} PatternEntry;

/*
 * c360.pair_level_counts(pairs regclass)
 *   -> TABLE (sample "char", lv int2[], n float8)
 *
 * pairs has the columns sample "char", a bigint, b bigint, w float8 (a and
 * b records of c360.record).  Every pair is compared once (the levels of
 * the two records' keys) and the weights w are summed by sample and level
 * pattern, adding in the order the pairs are read.  Pairs with an end that
 * is no record are left out.  The keys are read into memory once, bounded
 * by work_mem (program_limit_exceeded past it).
 */
Datum
c360_pair_level_counts(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Records		r;
	PairReceiver pr;
	SPIPlanPtr	plan;
	uint8	   *needed;
	int64	   *ids;
	Size		n_ids,
				i;
	HASHCTL		ctl;
	HTAB	   *patterns;
	HASH_SEQ_STATUS seq;
	PatternEntry *entry;
	Tuplestorestate *out;
	TupleDesc	desc;
	MemoryContext oldcxt;

	c360_check_set_context(fcinfo);
	records_init(&r);
	r.task = "comparing the sampled pairs";
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/* The pairs (the relation named by oid: nothing resolved by name). */
	memset(&pr, 0, sizeof(pr));
	pr.r = &r;
	plan = SPI_prepare(psprintf("SELECT p.sample, p.a, p.b, p.w FROM %s p",
								quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
														   get_rel_name(relid))),
					   0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	c360_spi_run(plan, NULL, false, &pr.pub, pair_receiver_receive, record_receiver_startup,
				 "the sampled pairs");
	SPI_freeplan(plan);

	/* Their records, ascending, each once: the positions keys are read by. */
	count_bytes(&r, (2 * pr.n + 1) * sizeof(int64), "the sampled pairs' records");
	ids = MemoryContextAllocHuge(r.cxt, (2 * pr.n + 1) * sizeof(int64));
	memcpy(ids, pr.a, pr.n * sizeof(int64));
	memcpy(ids + pr.n, pr.b, pr.n * sizeof(int64));
	qsort(ids, 2 * pr.n, sizeof(int64), compare_int64);
	n_ids = 0;
	for (i = 0; i < 2 * pr.n; i++)
		if (n_ids == 0 || ids[i] != ids[n_ids - 1])
			ids[n_ids++] = ids[i];
	if (n_ids >= (Size) PG_INT32_MAX)
		over_budget(&r, "numbering the sampled pairs' records");
	r.ids = ids;
	r.n = (uint32) n_ids;
	r.table_rows = record_table_rows();
	count_bytes(&r, r.n / 8 + 1, "the sampled pairs' records");
	needed = MemoryContextAlloc(r.cxt, r.n / 8 + 1);
	memset(needed, 0xff, r.n / 8 + 1);
	read_keys(&r, needed, r.n);
	SPI_finish();

	/* Compared once each, summed by sample and pattern. */
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(PatternKey);
	ctl.entrysize = sizeof(PatternEntry);
	ctl.hcxt = r.cxt;
	patterns = hash_create("c360 level patterns", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (i = 0; i < pr.n; i++)
	{
		int32		x = position_of(&r, pr.a[i]);
		int32		y = position_of(&r, pr.b[i]);
		PatternKey	key;
		bool		found;

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		if (x < 0 || y < 0 || r.keys[x] == NULL || r.keys[y] == NULL)
			continue;
		memset(&key, 0, sizeof(key));
		key.sample = pr.sample[i];
		c360_match_levels(r.keys[x], r.keys[y], key.levels);
		entry = hash_search(patterns, &key, HASH_ENTER, &found);
		if (!found)
		{
			/* (an entry per distinct pattern: at most one per pair) */
			count_bytes(&r, sizeof(PatternEntry) + 2 * sizeof(void *), "the level patterns");
			entry->n = 0;
		}
		entry->n += pr.w[i];
	}

	out = c360_begin_result(fcinfo, "c360.pair_level_counts", &desc);
	oldcxt = CurrentMemoryContext;
	hash_seq_init(&seq, patterns);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		Datum		elems[C360_MATCH_ATTRS];
		int			k;

		MemoryContextSwitchTo(r.cxt);
		for (k = 0; k < C360_MATCH_ATTRS; k++)
			elems[k] = Int16GetDatum((int16) entry->key.levels[k]);
		values[0] = CharGetDatum(entry->key.sample);
		values[1] = PointerGetDatum(construct_array(elems, C360_MATCH_ATTRS, INT2OID, sizeof(int16), true,
													TYPALIGN_SHORT));
		values[2] = Float8GetDatum(entry->n);
		tuplestore_putvalues(out, desc, values, nulls);
		pfree(DatumGetPointer(values[1]));
		MemoryContextSwitchTo(oldcxt);
	}
	MemoryContextDelete(r.cxt);
	return (Datum) 0;
}
