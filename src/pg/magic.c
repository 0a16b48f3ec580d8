/*
 * magic.c: the module's magic block, which PostgreSQL checks when it loads
 * customer360.so (one per shared library).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
