/*
 * alloc_pg.c: c360_alloc inside the extension.  Memory comes from the
 * current memory context, so per-row work is freed with its context and
 * an allocation failure raises PostgreSQL's own out-of-memory error.
 * In a worker thread (threads.h) it is malloc/free instead, and a failure
 * stops the thread: memory allocated in a thread is freed in it.
 */
#include "postgres.h"

#include <stdlib.h>

#include "c360_alloc.h"
#include "c360_assert.h"
#include "threads.h"

void *
c360_alloc(size_t size)
{
	if (c360_in_worker_thread())
	{
		void	   *p = malloc(size ? size : 1);

		if (p == NULL)
			c360_worker_thread_fail("out of memory (%zu bytes)", size);
		return p;
	}
	return palloc(size);
}

void *
c360_alloc_zero(size_t size)
{
	if (c360_in_worker_thread())
	{
		void	   *p = calloc(1, size ? size : 1);

		if (p == NULL)
			c360_worker_thread_fail("out of memory (%zu bytes)", size);
		return p;
	}
	return palloc0(size);
}

void
c360_free(void *pointer)
{
	if (pointer == NULL)
		return;
	if (c360_in_worker_thread())
		free(pointer);
	else
		pfree(pointer);
}

void
c360_assert_fail(const char *condition, const char *file, int line)
{
	if (c360_in_worker_thread())
		c360_worker_thread_fail("internal error: check \"%s\" failed at %s:%d", condition, file, line);
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("customer360 internal error: check \"%s\" failed at %s:%d",
					condition, file, line),
			 errhint("This is a bug in customer360; please report it with the statement that raised it.")));
}
