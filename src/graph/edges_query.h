/*
 * edges_query.h: reading a user's edges_sql through SPI (shared by the
 * graph functions; defined in components_fmgr.c).
 */
#ifndef C360_EDGES_QUERY_H
#define C360_EDGES_QUERY_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "executor/spi.h"

/*
 * Prepares edges_sql and checks that it is one statement returning rows;
 * otherwise an error that says what it got instead.
 */
extern SPIPlanPtr c360_prepare_edges_query(const char *sql);

/* Bytes of an integer column (2, 4 or 8), or an error naming the column. */
extern int	c360_edge_column_width(TupleDesc desc, int attno);

/* The integer in d, of a column of that width. */
extern int64 c360_edge_value(Datum d, int width);

#endif							/* C360_EDGES_QUERY_H */
