/*
 * c360_alloc.h: how the plain-C algorithm code gets memory.
 *
 * Algorithm files do not include postgres.h, so they cannot call palloc.
 * They call these instead.  Inside the extension they are palloc/pfree in
 * the current memory context (src/pg/alloc_pg.c): memory goes away with the
 * context and an allocation failure raises a PostgreSQL error.  In the
 * standalone unit tests, fuzzers and benchmarks they are malloc/free and
 * abort on failure (test/support/alloc_std.c).
 *
 * c360_alloc never returns NULL.  Requests above C360_ALLOC_MAX are a bug in
 * the caller: check sizes against a budget before allocating.
 */
#ifndef C360_ALLOC_H
#define C360_ALLOC_H

#include <stddef.h>

/* PostgreSQL's MaxAllocSize: the largest single palloc chunk. */
#define C360_ALLOC_MAX ((size_t) 0x3fffffff)

extern void *c360_alloc(size_t size);
extern void *c360_alloc_zero(size_t size);
extern void c360_free(void *pointer);

#endif							/* C360_ALLOC_H */
