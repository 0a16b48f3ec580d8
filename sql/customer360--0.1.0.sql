-- customer360 0.1.0: install script.
-- Loaded by CREATE EXTENSION customer360 (schema c360, requires pg_trgm).
-- Released scripts are never edited; changes go into customer360--A--B.sql.
--
-- Every C function here is a thin fmgr wrapper over plain C in src/; SQL
-- functions set search_path so nothing resolves through the caller's path.

\echo Use "CREATE EXTENSION customer360 CASCADE" to load this file. \quit

-- ===================================================================
-- String comparators (src/match/strcmp.c)
-- ===================================================================

-- ===================================================================
-- Phonetic codes (src/match/metaphone.c)
-- ===================================================================

-- ===================================================================
-- Person names and nicknames (src/match/name.c)
-- ===================================================================

-- ===================================================================
-- Phone numbers, e-mail addresses, dates (src/match/contact.c, date.c)
-- ===================================================================

-- ===================================================================
-- Postal addresses (src/match/address.c)
-- ===================================================================

-- ===================================================================
-- Graph: connected components (src/graph/unionfind.c)
-- ===================================================================

-- VOLATILE because it runs arbitrary SQL; PARALLEL UNSAFE because it uses
-- SPI; STRICT: a NULL query gives no rows.  The query runs as the caller
-- (no SECURITY DEFINER), with the caller's privileges.
CREATE FUNCTION c360.connected_components(
	edges_sql text,
	OUT node bigint,
	OUT component bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'c360_connected_components'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION c360.connected_components(text) IS
'Connected components of the undirected graph whose edges edges_sql returns as two integer columns (source, target): one row per node with component = the smallest node id in its component, sorted by (component, node). A row with one NULL end adds the other end as a node; (NULL, NULL) is skipped. Memory is checked against work_mem (about 21 to 45 bytes per distinct node).';
