/*
 * value_fmgr.h: the c360.value_histogram aggregate state, shared by the
 * fmgr files of src/value (needs postgres.h).
 */
#ifndef C360_VALUE_FMGR_H
#define C360_VALUE_FMGR_H

#include "postgres.h"

#include "fmgr.h"

#define C360_HIST_RFM 1			/* entries are C360RfmGroup */
#define C360_HIST_SPEND 2		/* entries are C360SpendGroup */
#define C360_HIST_VALUES 3		/* entries are double (gini, pareto_share) */

/* flags */
#define C360_HIST_NEGATIVE 1	/* a value < 0 was seen (values kind) */

/*
 * A varlena whose size is its capacity: header, then capacity entries of
 * which the first count are used.  Entries start 8-byte aligned.
 */
typedef struct C360Histogram
{
	int32		vl_len_;
	int32		kind;
	int32		flags;
	int32		reserved;
	int64		count;
	int64		capacity;
	double		param;			/* pareto_share's top fraction; NaN otherwise */
} C360Histogram;

#define C360_HIST_HEADER MAXALIGN(sizeof(C360Histogram))
#define C360_HIST_ENTRIES(h) ((char *) (h) + C360_HIST_HEADER)
#define C360_HIST_INITIAL 64

/* A histogram argument, detoasted and checked to be of this kind. */
extern C360Histogram *c360_histogram_arg(FunctionCallInfo fcinfo, int argno, int32 kind);

/*
 * Transition step: append one entry to the state in argument 0 (NULL: a new
 * state), in place when called as an aggregate.  Returns the state to
 * return.
 */
extern C360Histogram *c360_histogram_append(FunctionCallInfo fcinfo, int32 kind, double param,
											const void *entry, const char *caller);

#endif							/* C360_VALUE_FMGR_H */
