/*
 * alloc_pg.c: c360_alloc inside the extension.  Memory comes from the
 * current memory context, so per-row work is freed with its context and
 * an allocation failure raises PostgreSQL's own out-of-memory error.
 */
#include "postgres.h"

#include "c360_alloc.h"
#include "c360_assert.h"

void *
c360_alloc(size_t size)
{
	return palloc(size);
}

void *
c360_alloc_zero(size_t size)
{
	return palloc0(size);
}

void
c360_free(void *pointer)
{
	if (pointer != NULL)
		pfree(pointer);
}

void
c360_assert_fail(const char *condition, const char *file, int line)
{
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("customer360 internal error: check \"%s\" failed at %s:%d",
					condition, file, line),
			 errhint("This is a bug in customer360; please report it with the statement that raised it.")));
}
