/*
 * alloc_std.c: c360_alloc for standalone builds (unit tests, fuzzers,
 * benchmarks).  The extension uses src/pg/alloc_pg.c instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "c360_assert.h"

void *
c360_alloc(size_t size)
{
	void	   *p;

	if (size > C360_ALLOC_MAX)
	{
		fprintf(stderr, "c360_alloc: request of %zu bytes exceeds C360_ALLOC_MAX\n", size);
		abort();
	}
	p = malloc(size ? size : 1);
	if (p == NULL)
	{
		fprintf(stderr, "c360_alloc: out of memory for %zu bytes\n", size);
		abort();
	}
	return p;
}

void *
c360_alloc_zero(size_t size)
{
	void	   *p = c360_alloc(size);

	memset(p, 0, size ? size : 1);
	return p;
}

void
c360_free(void *pointer)
{
	free(pointer);
}

void
c360_assert_fail(const char *condition, const char *file, int line)
{
	fprintf(stderr, "%s:%d: check \"%s\" failed\n", file, line, condition);
	abort();
}
