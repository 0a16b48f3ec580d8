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
CREATE FUNCTION c360.double_metaphone(name text) RETURNS text[]
	AS 'MODULE_PATHNAME', 'c360_double_metaphone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.double_metaphone(text) IS
	'Double Metaphone codes of a name (Philips 2000) as {primary, alternate}, each at most 4 characters; alternate = primary when the name has no other reading; accents folded (Ç = S, Ñ = N); NULL when nothing in the input encodes';

-- ===================================================================
-- Person names and nicknames (src/match/name.c)
-- ===================================================================

CREATE TYPE c360.person_name AS (
	title text,
	given text,
	middle text,
	family text,
	suffix text
);
COMMENT ON TYPE c360.person_name IS
	'A person name split into parts as written (case and accents kept); NULL for a part that is absent.';

CREATE FUNCTION c360.parse_name(full_name text) RETURNS c360.person_name
	AS 'MODULE_PATHNAME', 'c360_parse_name'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.parse_name(text) IS
	'Split a person name into title, given, middle, family and suffix; reads "Family, Given" when a comma separates them. See docs/reference/names.md.';

CREATE FUNCTION c360.normalize_name(full_name text) RETURNS text
	AS 'MODULE_PATHNAME', 'c360_normalize_name'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.normalize_name(text) IS
	'Comparison form of a person name: given, middle, family, suffix, lower case, accents folded, no punctuation; NULL when no name is left.';

CREATE FUNCTION c360.nickname_root(given_name text) RETURNS text
	AS 'MODULE_PATHNAME', 'c360_nickname_root'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.nickname_root(text) IS
	'Formal root of a given name (bob -> robert), or the folded name itself when it is formal or unknown; NULL when it has no letter.';

-- ===================================================================
-- Phone numbers, e-mail addresses, dates (src/match/phone.c, email.c, date.c)
-- ===================================================================

CREATE FUNCTION c360.normalize_phone(phone text, default_country text DEFAULT 'US')
RETURNS text
AS 'MODULE_PATHNAME', 'c360_normalize_phone'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.normalize_phone(text, text) IS
'Telephone number in E.164 (''+12125550142''), read as dialled in default_country (ISO 3166-1 alpha-2, any case) unless written with ''+'' or an international prefix; extensions are dropped, keypad letters read as digits; NULL for unusable numbers and placeholders';

CREATE FUNCTION c360.normalize_email(email text)
RETURNS text
AS 'MODULE_PATHNAME', 'c360_normalize_email'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.normalize_email(text) IS
'E-mail address trimmed and lower-cased, with Gmail''s dots and +tags removed (googlemail.com becomes gmail.com); NULL for malformed addresses and placeholders such as none@none.com or anything at example.com';

-- Not STRICT: a NULL format means "detect the layout", as when it is left
-- out; a NULL value still gives NULL.
CREATE FUNCTION c360.parse_date(value text, format text DEFAULT NULL)
RETURNS date
AS 'MODULE_PATHNAME', 'c360_parse_date'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.parse_date(text, text) IS
'Date from text.  Without a format (or a NULL one): ''YYYY-MM-DD'' (a time part is ignored), ''YYYYMMDD'', ''YYYY/MM/DD'', ''YYYY.MM.DD'', US ''MM/DD/YYYY'' or European ''DD.MM.YYYY''.  With a format of YYYY, YY (00-29 are 20xx, 30-99 are 19xx), MM, M, DD, D, MON, MONTH and literal characters, e.g. parse_date(''31/12/1980'', ''DD/MM/YYYY'').  NULL for impossible dates, placeholders such as 1900-01-01 and anything unparseable; an invalid format is an error';

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

-- ===================================================================
-- Matching engine: match keys and comparison levels (src/match/match_key.c)
-- ===================================================================

-- A record's prepared form: every attribute parsed and normalized once, so
-- comparing two keys parses nothing.  Its text form is a JSON object of the
-- normalized fields; reading that text back gives the same key (derived
-- fields are recomputed), so tables of keys survive pg_dump.
CREATE TYPE c360.match_key;

CREATE FUNCTION c360.match_key_in(cstring) RETURNS c360.match_key
AS 'MODULE_PATHNAME', 'c360_match_key_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_key_out(c360.match_key) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_match_key_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_key_recv(internal) RETURNS c360.match_key
AS 'MODULE_PATHNAME', 'c360_match_key_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_key_send(c360.match_key) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_match_key_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_key_in(cstring) IS 'Input function of c360.match_key: the JSON text form.';
COMMENT ON FUNCTION c360.match_key_out(c360.match_key) IS 'Output function of c360.match_key: the JSON text form.';
COMMENT ON FUNCTION c360.match_key_recv(internal) IS 'Binary input function of c360.match_key (validated).';
COMMENT ON FUNCTION c360.match_key_send(c360.match_key) IS 'Binary output function of c360.match_key.';

CREATE TYPE c360.match_key (
	INPUT = c360.match_key_in,
	OUTPUT = c360.match_key_out,
	RECEIVE = c360.match_key_recv,
	SEND = c360.match_key_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE c360.match_key IS
'A record prepared for matching: normalized names with their nickname set and phonetic codes, birth date, canonical e-mail, E.164 phone, parsed street, city, postcode and national id. Built by c360.match_key(...); compared by c360.match_levels and the model functions.';

-- Not STRICT: every argument may be NULL (an absent attribute).
CREATE FUNCTION c360.match_key(
	given_name text DEFAULT NULL,
	family_name text DEFAULT NULL,
	birth_date date DEFAULT NULL,
	email text DEFAULT NULL,
	phone text DEFAULT NULL,
	street text DEFAULT NULL,
	city text DEFAULT NULL,
	postcode text DEFAULT NULL,
	national_id text DEFAULT NULL,
	full_name text DEFAULT NULL,
	address text DEFAULT NULL,
	middle_name text DEFAULT NULL,
	region text DEFAULT NULL,
	default_country text DEFAULT 'US')
RETURNS c360.match_key
AS 'MODULE_PATHNAME', 'c360_match_key_make'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_key(text, text, date, text, text, text, text, text, text, text, text, text, text, text) IS
'Build the match key of one record; call it with named arguments, any of them NULL. Split names win over full_name, split street/city/postcode over the one-line address. Values that do not parse, placeholders (UNKNOWN, 000-00-0000) and text over 512 bytes are absent. default_country (ISO 3166 alpha-2) is for phone numbers without a country code.';

CREATE FUNCTION c360.match_levels(a c360.match_key, b c360.match_key)
RETURNS int2[]
AS 'MODULE_PATHNAME', 'c360_match_levels_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_levels(c360.match_key, c360.match_key) IS
'The comparison level of each attribute for two keys, in the order given_name, family_name, birth_date, email, phone, street, city, postcode, national_id. 0 = missing on either side; 1 = exact; the last level = different; see docs/reference/matching.md for every ladder. Symmetric.';

CREATE FUNCTION c360.match_key_attributes(key c360.match_key)
RETURNS int
AS 'MODULE_PATHNAME', 'c360_match_key_attributes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_key_attributes(c360.match_key) IS
'How many of the nine compared attributes the key holds (0 for a record with nothing usable).';

-- ===================================================================
-- Matching engine: model, training, scoring (src/match/fs_*.c)
-- ===================================================================

-- ===================================================================
-- Customer value (src/value/)
-- ===================================================================

-- ===================================================================
-- Graph: traversal (src/graph/csr.c, traverse.c)
-- ===================================================================

-- Like c360.connected_components: VOLATILE (runs arbitrary SQL), PARALLEL
-- UNSAFE (SPI), STRICT (a NULL argument gives no rows), no SECURITY
-- DEFINER.  The issue-5 functions (c360.neighbourhood, ...) wrap these,
-- passing the relationship view as edges_sql.
CREATE FUNCTION c360.graph_neighbourhood(
	edges_sql text,
	start bigint,
	max_hops int DEFAULT 2,
	OUT node bigint,
	OUT hops int,
	OUT path bigint[],
	OUT kinds text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'c360_graph_neighbourhood'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION c360.graph_neighbourhood(text, bigint, int) IS
'Every node within max_hops of start in the undirected graph whose edges edges_sql returns as (source, target) or (source, target, kind text): one row per node, sorted by (hops, node), with a shortest path from start (path, start first) and the kinds of its edges (kinds, NULL for an edge without kind). Parents are the smallest-id neighbour one hop closer. start always comes first (hops 0), even without edges. max_hops < 0 is an error. Memory is checked against work_mem.';

CREATE FUNCTION c360.graph_path(
	edges_sql text,
	a bigint,
	b bigint,
	max_hops int DEFAULT 6,
	OUT step int,
	OUT node bigint,
	OUT kind text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'c360_graph_path'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION c360.graph_path(text, bigint, bigint, int) IS
'A shortest path from a to b within max_hops in the undirected graph whose edges edges_sql returns as (source, target) or (source, target, kind text): one row per node, step 0 = a, with the kind of the edge that led to it (NULL for step 0 and for edges without kind). No rows when there is no such path; a = b gives the one row (0, a, NULL). Deterministic: the same path as c360.graph_neighbourhood from a. max_hops < 0 is an error.';
