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
CREATE FUNCTION c360.double_metaphone(name text) RETURNS text[]
	AS 'MODULE_PATHNAME', 'c360_double_metaphone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.double_metaphone(text) IS
	'Double Metaphone codes of a name (Philips 2000) as {primary, alternate}, each at most 4 characters; alternate = primary when the name has no other reading; accents folded (Ç = S, Ñ = N); NULL when nothing in the input encodes';

-- ===================================================================
-- Person names and nicknames (src/match/name.c)
-- ===================================================================

-- ===================================================================
-- Phone numbers, e-mail addresses, dates (src/match/contact.c, date.c)
-- ===================================================================

-- ===================================================================
-- Postal addresses (src/match/address.c)
-- ===================================================================
