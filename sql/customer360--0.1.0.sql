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
