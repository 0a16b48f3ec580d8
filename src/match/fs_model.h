/*
 * fs_model.h: the Fellegi-Sunter model of the matching engine.
 *
 * Three flat, position-independent blocks of bytes, each stored as the
 * payload of a varlena (the first 4 bytes of every block are left for the
 * container's length word and are never read here):
 *
 *   histogram  level pattern -> pair count, sorted by pattern, unique; the
 *              state of c360.train_match_model (C360FsHist)
 *   tf         per attribute, a Misra-Gries heavy-hitters summary of the
 *              comparison values and the record count; the state and result
 *              of c360.match_term_frequencies (C360FsTf)
 *   model      m, u and the prior per attribute and level, the EM report,
 *              and optionally a tf block (C360FsModel)
 *
 * Every block read from outside (a client's binary input, a datum from
 * disk, a fuzzer) is checked once by its *_valid function before use.
 * Nothing here includes PostgreSQL headers.
 */
#ifndef C360_FS_MODEL_H
#define C360_FS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "match_key.h"

/* ------------------------------------------------------------------ */
/* Pattern histogram                                                   */
/* ------------------------------------------------------------------ */

typedef struct C360FsBin
{
	uint64_t	pattern;		/* c360_match_pattern of the levels */
	double		count;			/* pairs with this pattern, > 0 */
} C360FsBin;

#define C360_FS_HIST_MAGIC 0x43484631u	/* "CHF1" */

typedef struct C360FsHist
{
	uint32_t	vl_len;			/* reserved for the varlena header */
	uint32_t	magic;
	uint32_t	n;				/* bins in use, sorted by pattern */
	uint32_t	cap;			/* bins the block has room for */
	C360FsBin	bins[];
} C360FsHist;

#define C360_FS_HIST_SIZE(cap) (offsetof(C360FsHist, bins) + (size_t) (cap) * sizeof(C360FsBin))

/* Largest capacity a histogram block may have (fits C360_ALLOC_MAX). */
#define C360_FS_HIST_MAX_BINS ((uint32_t) ((0x3fffffffu - 64) / sizeof(C360FsBin)))

/* Initialize a block of C360_FS_HIST_SIZE(cap) bytes as an empty histogram. */
extern void c360_fs_hist_init(C360FsHist *h, uint32_t cap);

/*
 * Add count pairs of pattern.  Returns false (and changes nothing) when the
 * pattern is new and the block is full: grow it (copy into a larger block,
 * c360_fs_hist_init-ed, with c360_fs_hist_copy) and retry.
 */
extern bool c360_fs_hist_add(C360FsHist *h, uint64_t pattern, double count);

/* Copy src's bins into dst (dst->cap >= src->n). */
extern void c360_fs_hist_copy(C360FsHist *dst, const C360FsHist *src);

/*
 * Merge two sorted histograms into dst (dst->cap >= a->n + b->n; dst must
 * not be a or b).  Counts of equal patterns are added.
 */
extern void c360_fs_hist_merge(C360FsHist *dst, const C360FsHist *a, const C360FsHist *b);

/* Total pair count. */
extern double c360_fs_hist_pairs(const C360FsHist *h);

/*
 * Check size bytes at block are a well-formed histogram: magic, n <= cap,
 * size == C360_FS_HIST_SIZE(cap), patterns strictly increasing with every
 * level inside its attribute's ladder, counts finite and > 0.
 */
extern bool c360_fs_hist_valid(const void *block, size_t size);

/* ------------------------------------------------------------------ */
/* Term frequencies                                                    */
/* ------------------------------------------------------------------ */

#define C360_FS_TF_MAGIC 0x43544631u	/* "CTF1" */

/* Values of this many bytes or more are not tracked (no adjustment). */
#define C360_FS_TF_VALUE_MAX 64

/* Values tracked per attribute by c360.match_term_frequencies. */
#define C360_FS_TF_DEFAULT_CAPACITY 1000
#define C360_FS_TF_MAX_CAPACITY 16384
#define C360_FS_TF_INITIAL_CAPACITY 16

typedef struct C360FsTfSlot
{
	uint64_t	hash;			/* c360_fs_tf_hash(value) */
	double		count;			/* Misra-Gries counter, > 0 */
	char		value[C360_FS_TF_VALUE_MAX];	/* NUL-terminated UTF-8 */
} C360FsTfSlot;

typedef struct C360FsTfAttr
{
	double		present;		/* records with this attribute */
	uint32_t	n;				/* slots in use */
	uint32_t	cap;			/* slots */
	uint32_t	index_size;		/* power of two >= 2 * cap, or 0 if cap == 0 */
	uint32_t	offset;			/* from the block's start to the slots; the
								 * index (uint16_t[index_size], slot + 1 or 0)
								 * follows the slots */
} C360FsTfAttr;

typedef struct C360FsTf
{
	uint32_t	vl_len;			/* reserved for the varlena header */
	uint32_t	magic;
	uint32_t	capacity;		/* k: the summary's bound per attribute */
	uint32_t	size;			/* bytes of the block */
	double		records;		/* records summarized (NULL keys excluded) */
	C360FsTfAttr attr[C360_MATCH_ATTRS];
	/* slots and indexes follow */
} C360FsTf;

extern uint64_t c360_fs_tf_hash(const char *value, size_t len);

/*
 * Size of a tf block whose attributes have room for caps[a] values, or 0 if
 * a cap is above C360_FS_TF_MAX_CAPACITY.
 */
extern size_t c360_fs_tf_size(const uint32_t caps[C360_MATCH_ATTRS]);

/* Initialize a block of c360_fs_tf_size(caps) bytes as an empty summary. */
extern void c360_fs_tf_init(C360FsTf *tf, uint32_t capacity,
							const uint32_t caps[C360_MATCH_ATTRS]);

/*
 * Count one record: values[a] is its comparison value or NULL if absent.
 * Returns false, changing nothing, when an attribute with room for fewer
 * than capacity values is full and the value is new: then add to
 * c360_fs_tf_grow(tf) instead.  A summary starts small (room for
 * C360_FS_TF_INITIAL_CAPACITY values per attribute) and grows to capacity;
 * the Misra-Gries decrement happens only at capacity, so the result is the
 * same as with all the room from the start.
 */
extern bool c360_fs_tf_add_record(C360FsTf *tf, const char *const values[C360_MATCH_ATTRS]);

/* A copy of tf (from c360_alloc) with twice the room in every attribute
 * that is full below capacity. */
extern C360FsTf *c360_fs_tf_grow(const C360FsTf *tf);

/*
 * Add count occurrences of value to attribute attr, without counting a
 * record (used when reading a summary back from its text form).  Returns
 * false if the attribute is full or the value is too long or already there.
 */
extern bool c360_fs_tf_put(C360FsTf *tf, int attr, const char *value, double count);

/*
 * Merge two summaries (Misra-Gries merge: counts of equal values are added,
 * then if more than k values remain the (k+1)-th largest count is taken off
 * every counter and those at or below zero dropped).  k is the larger
 * capacity of the two.  When compact, every attribute gets exactly the room
 * it uses (for storing, not for adding to).  b may be NULL (compacting a).
 * Returns a block from c360_alloc.
 */
extern C360FsTf *c360_fs_tf_merge(const C360FsTf *a, const C360FsTf *b, bool compact);

/* Counter of value for attribute attr (0 if not in the summary). */
extern double c360_fs_tf_count(const C360FsTf *tf, int attr, const char *value);

/* Slot i of attribute attr (i < tf->attr[attr].n). */
extern const C360FsTfSlot *c360_fs_tf_slot(const C360FsTf *tf, int attr, uint32_t i);

/* Check a tf block: layout, slots, values (UTF-8, NUL-terminated, unique),
 * and that the index finds every slot. */
extern bool c360_fs_tf_valid(const void *block, size_t size);

/* ------------------------------------------------------------------ */
/* The model                                                           */
/* ------------------------------------------------------------------ */

#define C360_FS_MODEL_MAGIC 0x434d4631u	/* "CMF1" */
#define C360_FS_MODEL_VERSION 1

/* m, u and the prior are kept in [C360_FS_EPS, 1 - C360_FS_EPS]. */
#define C360_FS_EPS 1e-6

/* EM stops when no parameter moves more than this, or after max_iter. */
#define C360_FS_TOLERANCE 1e-6
#define C360_FS_MAX_ITERATIONS 500

/* Bounds of a term-frequency adjustment, in bits (see fs_model.c). */
#define C360_FS_TF_MAX_BONUS 5.0

typedef struct C360FsModel
{
	uint32_t	vl_len;			/* reserved for the varlena header */
	uint32_t	magic;
	uint32_t	version;
	uint32_t	size;			/* bytes of the block, tf block included */
	uint64_t	checksum;		/* c360_fs_model_checksum: a cache key */
	double		lambda;			/* prior P(match) */
	double		pairs;			/* pairs trained on */
	double		log_likelihood; /* at the final parameters */
	double		random_pairs;	/* random pairs u was estimated from; 0
								 * when EM estimated u */
	uint32_t	iterations;
	uint32_t	converged;		/* 1 if the stopping rule was met */
	uint32_t	trained;		/* bit per attribute: seen non-missing */
	uint32_t	u_random;		/* bit per attribute: u from the random
								 * pairs (a subset of trained; 0 when
								 * random_pairs is 0) */
	uint32_t	tf_offset;		/* 0 = no term frequencies, else offset
								 * of a C360FsTf block inside this one */
	uint8_t		n_levels[C360_MATCH_ATTRS + 7]; /* copy of the ladder sizes */
	double		m[C360_MATCH_ATTRS][C360_MATCH_MAX_LEVELS];
	double		u[C360_MATCH_ATTRS][C360_MATCH_MAX_LEVELS];
} C360FsModel;

/* Called now and then by long loops (CHECK_FOR_INTERRUPTS in the server). */
typedef void (*C360FsInterrupt) (void);

/*
 * Train by EM over a histogram (see fs_model.c for the starting values and
 * the stopping rule).  Returns a block from c360_alloc with no tf, or NULL
 * when the histogram has no pairs.  max_iter 0 means
 * C360_FS_MAX_ITERATIONS.
 */
extern C360FsModel *c360_fs_train(const C360FsHist *h, int max_iter,
								  C360FsInterrupt interrupt);

/*
 * u from random pairs: the additive constant of the smoothing, per level,
 * in c360_fs_u_from_random (add-one, Laplace): a level never seen among n
 * random pairs gets u = 1 / (n + L - 1), not 0.
 */
#define C360_FS_U_SMOOTHING 1.0

/*
 * u of every attribute from a histogram of random pairs (pairs drawn from
 * all records, not blocked, so almost all non-matches): per attribute a
 * with n_a random pairs where it is present and c(a, l) of them at level l,
 *
 *   u[a][l] = (c(a, l) + C360_FS_U_SMOOTHING) / (n_a + C360_FS_U_SMOOTHING * (L_a - 1))
 *
 * (L_a - 1 levels besides "missing"), then floored at C360_FS_EPS and
 * renormalized like every u.  Returns the bit mask of the attributes
 * present in at least one random pair; the u of the others are left as
 * they were.
 */
extern uint32_t c360_fs_u_from_random(const C360FsHist *random,
									  double u[C360_MATCH_ATTRS][C360_MATCH_MAX_LEVELS]);

/*
 * Train with u from random pairs: EM over the candidates h exactly as
 * c360_fs_train (m, and lambda and u as nuisances: the share of matches
 * among the candidates and the candidate non-matches' distribution, both
 * biased by blocking), then the u of every trained attribute present in at
 * least one random pair is replaced by c360_fs_u_from_random(random), and
 * lambda by the share of matches among the random pairs (EM over them
 * with m and u held).  m, iterations and converged are EM's.  See
 * fs_model.c for why u is not held fixed during EM.  random NULL, without
 * pairs, or without an attribute the candidates have: exactly
 * c360_fs_train.  NULL when h has no pairs.
 */
extern C360FsModel *c360_fs_train_random_u(const C360FsHist *h, const C360FsHist *random,
										   int max_iter, C360FsInterrupt interrupt);

/*
 * After EM: if the class called "match" agrees exactly less often than the
 * other (sum over trained attributes of m[a][1] - u[a][1] < 0), swap m and
 * u and replace lambda by 1 - lambda.  Returns true if it swapped.  Never
 * swaps a model with u from random pairs (u_random != 0): those u are not
 * a class EM estimated.  Does not reseal the model.
 */
extern bool c360_fs_fix_labels(C360FsModel *model);

/* A copy of model with tf (NULL: none) as its term frequencies, compacted. */
extern C360FsModel *c360_fs_model_with_tf(const C360FsModel *model, const C360FsTf *tf);

/* The term frequencies of a model, or NULL. */
extern const C360FsTf *c360_fs_model_tf(const C360FsModel *model);

/* Fill in size-independent fields and the checksum after editing. */
extern void c360_fs_model_seal(C360FsModel *model);

extern uint64_t c360_fs_model_checksum(const C360FsModel *model);

/*
 * Check size bytes at block are a well-formed model: layout, ladder sizes
 * equal to c360_match_attrs, m and u in [EPS/2, 1 - EPS/2] summing to 1
 * (within 1e-6) for trained attributes, lambda likewise, the checksum, and
 * the tf block if any.  On failure *why (if not NULL) says what is wrong.
 */
extern bool c360_fs_model_valid(const void *block, size_t size, const char **why);

/* log2(m/u) of a level (0 for level 0, an untrained attribute, or a level
 * outside the ladder). */
extern double c360_fs_level_weight(const C360FsModel *model, int attr, int level);

/* log2(lambda / (1 - lambda)) */
extern double c360_fs_prior_weight(const C360FsModel *model);

/* The parts of one comparison, for explaining it. */
typedef struct C360FsTerm
{
	int			level;
	bool		trained;
	double		weight;			/* log2(m/u), 0 if missing or untrained */
	bool		has_tf;			/* a tf adjustment was looked up */
	double		tf;				/* the value's relative frequency */
	double		tf_adjustment;	/* bits added to weight (already clamped) */
	bool		counted;		/* false: another location attribute speaks
								 * for this one (see c360_fs_score) */
} C360FsTerm;

/*
 * Phone, street, city and postcode are one piece of evidence, not four:
 * people of one household share them all, so summing their weights counts
 * "same address" four times and outweighs different names and birth dates.
 * The total takes the strongest agreeing one of them (weight with tf
 * adjustment above 0), or, when none agrees, the strongest disagreeing one
 * (most negative: one move explains them all).  The others are marked not
 * counted.
 */
extern bool c360_fs_location_attr(int attr);

/*
 * Score two keys' levels: the total match weight (prior included), and per
 * attribute its term when terms is not NULL.  values_a may be NULL (no tf
 * adjustment); otherwise values_a[attr] is key a's comparison value of
 * each attribute (NULL if absent).
 */
extern double c360_fs_score(const C360FsModel *model, const uint8_t levels[C360_MATCH_ATTRS],
							const char *const *values_a, C360FsTerm *terms);

/*
 * Work c360_fs_score does once per model (the term frequencies' reference
 * weights, cached per process): call it before scoring with one model on
 * several threads at once, and c360_fs_score then only reads.
 */
extern void c360_fs_prepare(const C360FsModel *model);

/* 2^w / (1 + 2^w) without overflow. */
extern double c360_fs_probability(double weight);

/*
 * The model's text form (JSON, see docs/reference/matching-model.md).
 * Returns a NUL-terminated string from c360_alloc.
 */
extern char *c360_fs_model_json(const C360FsModel *model);

/* Small growable string for the JSON writers. */
typedef struct C360FsBuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} C360FsBuf;

extern void c360_fs_buf_init(C360FsBuf *b);
extern void c360_fs_buf_add(C360FsBuf *b, const char *s, size_t len);
extern void c360_fs_buf_str(C360FsBuf *b, const char *s);
extern void c360_fs_buf_double(C360FsBuf *b, double d);
extern void c360_fs_buf_json_string(C360FsBuf *b, const char *s);

/* Append the text form of a tf block (the model's "term_frequencies"). */
extern void c360_fs_tf_json(C360FsBuf *b, const C360FsTf *tf);

/* True if len bytes at s are well-formed UTF-8 without NUL bytes. */
extern bool c360_fs_utf8_valid(const char *s, size_t len);

#endif							/* C360_FS_MODEL_H */
