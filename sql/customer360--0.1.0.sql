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

CREATE FUNCTION c360.jaro(a text, b text) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_jaro'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.jaro(text, text) IS
'Jaro similarity of a and b in [0, 1], on Unicode code points, exact (normalize case and accents first); both empty: 1, one empty: 0';

CREATE FUNCTION c360.jaro_winkler(a text, b text) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_jaro_winkler'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.jaro_winkler(text, text) IS
'Jaro-Winkler similarity in [0, 1]: Jaro boosted by 0.1 per common leading character (at most 4) when Jaro > 0.7; on code points, exact';

CREATE FUNCTION c360.damerau_levenshtein(a text, b text) RETURNS integer
AS 'MODULE_PATHNAME', 'c360_damerau_levenshtein'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.damerau_levenshtein(text, text) IS
'Unrestricted Damerau-Levenshtein distance (insertions, deletions, substitutions, transpositions) in code points; matrix memory limited by work_mem';

CREATE FUNCTION c360.damerau_levenshtein(a text, b text, max integer) RETURNS integer
AS 'MODULE_PATHNAME', 'c360_damerau_levenshtein_max'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.damerau_levenshtein(text, text, integer) IS
'Damerau-Levenshtein distance when it is at most max, else max + 1; stops early, O(max * length) time; max must be >= 0';

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
