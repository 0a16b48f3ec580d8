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

CREATE TYPE c360.address_parts AS (
    house_number text,
    street text,
    unit text,
    city text,
    region text,
    postcode text,
    country text
);
COMMENT ON TYPE c360.address_parts IS
'A postal address in parts, USPS Publication 28 style (upper case, accents folded, standard abbreviations); NULL for an absent part. unit holds unit designators and any other secondary text; region is a state, province or territory code; country is ISO 3166-1 alpha-2.';

CREATE FUNCTION c360.parse_address(address text)
RETURNS c360.address_parts
AS 'MODULE_PATHNAME', 'c360_parse_address'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.parse_address(text) IS
'Parse a one-line postal address (US, and best effort elsewhere) into c360.address_parts: "123 Main St Apt 4, Springfield, IL 62704" gives (123, MAIN ST, APT 4, SPRINGFIELD, IL, 62704, US). Every field is NULL for input with nothing of an address or longer than 1024 bytes. See docs/reference/address.md.';

CREATE FUNCTION c360.normalize_address(address text)
RETURNS text
AS 'MODULE_PATHNAME', 'c360_normalize_address'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.normalize_address(text) IS
'One canonical line for a postal address, USPS Publication 28 style: HOUSE STREET UNIT, EXTRA, CITY, REGION POSTCODE, COUNTRY with absent parts left out ("123 MAIN ST APT 4, SPRINGFIELD, IL 62704"). NULL for input with nothing of an address or longer than 1024 bytes. Normalizing the result gives it back.';
