/*
 * c360_assert.h: invariant checks in the plain-C algorithm code.
 *
 * Always on: a failed check is a bug in customer360, and it must be loud.
 * Inside the extension it raises an internal error (src/pg/alloc_pg.c), so a
 * bug costs one statement, not the server; in unit tests and fuzzers it
 * aborts (test/support/alloc_std.c), so the harness and the sanitizers see
 * it.  Keep checks out of inner loops.
 */
#ifndef C360_ASSERT_H
#define C360_ASSERT_H

extern void c360_assert_fail(const char *condition, const char *file, int line);

#define C360_ASSERT(condition) \
	((condition) ? (void) 0 : c360_assert_fail(#condition, __FILE__, __LINE__))

#endif							/* C360_ASSERT_H */
