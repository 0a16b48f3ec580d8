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
'Connected components of the undirected graph whose edges edges_sql returns as two integer columns (source, target): one row per node with component = the smallest node id in its component, sorted by (component, node). A row with one NULL end adds the other end as a node; (NULL, NULL) is skipped. Memory is checked against work_mem: about 5 to 16 bytes per distinct node when the ids are consecutive (a union-find indexed by the id), 21 to 50 otherwise (hashed).';

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
'Build the match key of one record; call it with named arguments, any of them NULL. Split names win over full_name, split street/city/postcode over the one-line address. Values that do not parse, placeholders (UNKNOWN, 000-00-0000) and text over 512 bytes are absent. default_country (ISO 3166 alpha-2) is for phone numbers without a country code and is the postcode''s country unless the address names one: a US ZIP+4 is kept as its ZIP code (44109-9067 -> 44109); NULL: US for phones, unknown for postcodes.';

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

CREATE FUNCTION c360.match_key_value(key c360.match_key, attribute text)
RETURNS text
AS 'MODULE_PATHNAME', 'c360_match_key_value_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_key_value(c360.match_key, text) IS
'The normalized value the key compares for one attribute (given_name, family_name, birth_date as YYYYMMDD, email, phone as E.164, street, city, postcode, national_id), or NULL when absent. For blocking indexes and reports.';

COMMENT ON FUNCTION c360.match_key_attributes(c360.match_key) IS
'How many of the nine compared attributes the key holds (0 for a record with nothing usable).';

-- Guarded clustering of scored match edges (src/graph/match_cluster.c).
CREATE FUNCTION c360.match_clusters(
	edges_sql text,
	strong_weight float8 DEFAULT 10,
	max_cluster_size int DEFAULT 1000,
	OUT node bigint,
	OUT cluster bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'c360_match_clusters'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION c360.match_clusters(text, float8, int) IS
'Clusters of matched records with an over-merge guard. edges_sql returns (source, target, weight) for the pairs above the match threshold, weight a match weight (log2 Bayes factor). Edges are taken strongest first; an edge joins two clusters only if the result has at most max_cluster_size records and the edge is strong (weight >= strong_weight) or one side is a single record. So a weak link never chains two people together, and no cluster grows past the bound. One row per node, cluster = its smallest node id, sorted by (cluster, node). Memory is checked against work_mem (16 bytes per edge, about 45 per node).';

-- ===================================================================
-- Matching engine: model, training, scoring (src/match/fs_*.c)
-- ===================================================================

-- The model's three types.  Each is a varlena holding a flat block (see
-- src/match/fs_model.h); the text form is JSON and the binary form a
-- version byte followed by that text, so values survive pg_dump and binary
-- COPY between machines.  Input validates every field.

-- Training state of c360.train_match_model: level pattern -> pair count.
CREATE TYPE c360.match_histogram;

CREATE FUNCTION c360.match_histogram_in(cstring) RETURNS c360.match_histogram
AS 'MODULE_PATHNAME', 'c360_match_histogram_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_histogram_out(c360.match_histogram) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_match_histogram_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_histogram_recv(internal) RETURNS c360.match_histogram
AS 'MODULE_PATHNAME', 'c360_match_histogram_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_histogram_send(c360.match_histogram) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_match_histogram_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_histogram_in(cstring) IS 'Input function of c360.match_histogram: {"patterns": [{"levels": [...9 levels...], "count": n}, ...]}.';
COMMENT ON FUNCTION c360.match_histogram_out(c360.match_histogram) IS 'Output function of c360.match_histogram: the JSON text form.';
COMMENT ON FUNCTION c360.match_histogram_recv(internal) IS 'Binary input function of c360.match_histogram: a version byte and the JSON text form.';
COMMENT ON FUNCTION c360.match_histogram_send(c360.match_histogram) IS 'Binary output function of c360.match_histogram: a version byte and the JSON text form.';

CREATE TYPE c360.match_histogram (
	INPUT = c360.match_histogram_in,
	OUTPUT = c360.match_histogram_out,
	RECEIVE = c360.match_histogram_recv,
	SEND = c360.match_histogram_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE c360.match_histogram IS
'The state of c360.train_match_model: how many pairs compared at each pattern of levels (c360.match_levels). Its size is the number of distinct patterns, not of pairs.';

-- Term frequencies: c360.match_term_frequencies(key).
CREATE TYPE c360.match_tf;

CREATE FUNCTION c360.match_tf_in(cstring) RETURNS c360.match_tf
AS 'MODULE_PATHNAME', 'c360_match_tf_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_tf_out(c360.match_tf) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_match_tf_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_tf_recv(internal) RETURNS c360.match_tf
AS 'MODULE_PATHNAME', 'c360_match_tf_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_tf_send(c360.match_tf) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_match_tf_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_tf_in(cstring) IS 'Input function of c360.match_tf: {"records": n, "capacity": k, "attributes": {"family_name": {"present": n, "values": [["smith", 12], ...]}, ...}}.';
COMMENT ON FUNCTION c360.match_tf_out(c360.match_tf) IS 'Output function of c360.match_tf: the JSON text form.';
COMMENT ON FUNCTION c360.match_tf_recv(internal) IS 'Binary input function of c360.match_tf: a version byte and the JSON text form.';
COMMENT ON FUNCTION c360.match_tf_send(c360.match_tf) IS 'Binary output function of c360.match_tf: a version byte and the JSON text form.';

CREATE TYPE c360.match_tf (
	INPUT = c360.match_tf_in,
	OUTPUT = c360.match_tf_out,
	RECEIVE = c360.match_tf_recv,
	SEND = c360.match_tf_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE c360.match_tf IS
'Term frequencies of match-key values: per attribute, a Misra-Gries summary of the at most 1000 most frequent comparison values and the number of records with the attribute. Built by c360.match_term_frequencies; stored in a model by c360.match_model_with_tf.';

-- The trained model.
CREATE TYPE c360.match_model;

CREATE FUNCTION c360.match_model_in(cstring) RETURNS c360.match_model
AS 'MODULE_PATHNAME', 'c360_match_model_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_model_out(c360.match_model) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_match_model_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_model_recv(internal) RETURNS c360.match_model
AS 'MODULE_PATHNAME', 'c360_match_model_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION c360.match_model_send(c360.match_model) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_match_model_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_model_in(cstring) IS 'Input function of c360.match_model: the JSON text form, every field validated (see docs/reference/matching-model.md).';
COMMENT ON FUNCTION c360.match_model_out(c360.match_model) IS 'Output function of c360.match_model: the JSON text form.';
COMMENT ON FUNCTION c360.match_model_recv(internal) IS 'Binary input function of c360.match_model: a version byte and the JSON text form.';
COMMENT ON FUNCTION c360.match_model_send(c360.match_model) IS 'Binary output function of c360.match_model: a version byte and the JSON text form.';

CREATE TYPE c360.match_model (
	INPUT = c360.match_model_in,
	OUTPUT = c360.match_model_out,
	RECEIVE = c360.match_model_recv,
	SEND = c360.match_model_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE c360.match_model IS
'A Fellegi-Sunter match model: per attribute and comparison level m = P(level | match) and u = P(level | non-match), the prior lambda = P(match), the EM report and optional term frequencies. Its text form is JSON that can be saved, reviewed, edited and read back.';

-- Training: c360.train_match_model(a, b) over candidate pairs.
CREATE FUNCTION c360.match_histogram_add(state c360.match_histogram, a c360.match_key, b c360.match_key)
RETURNS c360.match_histogram
AS 'MODULE_PATHNAME', 'c360_match_histogram_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_histogram_add(c360.match_histogram, c360.match_key, c360.match_key) IS
'Transition function of c360.train_match_model: counts the pair''s level pattern (a pair with a NULL key is skipped). Only callable as an aggregate''s transition function.';

CREATE FUNCTION c360.match_histogram_combine(c360.match_histogram, c360.match_histogram)
RETURNS c360.match_histogram
AS 'MODULE_PATHNAME', 'c360_match_histogram_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_histogram_combine(c360.match_histogram, c360.match_histogram) IS
'Combine function of c360.train_match_model: the sum of two histograms.';

CREATE FUNCTION c360.match_histogram_train(c360.match_histogram)
RETURNS c360.match_model
AS 'MODULE_PATHNAME', 'c360_match_histogram_train'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_histogram_train(c360.match_histogram) IS
'Final function of c360.train_match_model: EM over the histogram. Raises an error for no pairs (NULL state). Callable directly on a saved histogram.';

CREATE AGGREGATE c360.train_match_model(a c360.match_key, b c360.match_key) (
	SFUNC = c360.match_histogram_add,
	STYPE = c360.match_histogram,
	FINALFUNC = c360.match_histogram_train,
	COMBINEFUNC = c360.match_histogram_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE c360.train_match_model(c360.match_key, c360.match_key) IS
'Train a Fellegi-Sunter model by EM on the comparison levels of the candidate pairs (a, b). Pairs with a NULL key are skipped; no pairs at all is an error. Memory is the number of distinct level patterns, checked against work_mem.';

-- Training with u from random pairs: histograms of the candidate pairs and
-- of pairs drawn at random, then c360.train_match_model(candidates, random).
CREATE AGGREGATE c360.match_pair_histogram(a c360.match_key, b c360.match_key) (
	SFUNC = c360.match_histogram_add,
	STYPE = c360.match_histogram,
	COMBINEFUNC = c360.match_histogram_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE c360.match_pair_histogram(c360.match_key, c360.match_key) IS
'The level-pattern histogram of the pairs (a, b): how many pairs compared at each pattern of c360.match_levels (the state c360.train_match_model(a, b) trains on). Pairs with a NULL key are skipped; NULL over no pairs. Memory is the number of distinct patterns, checked against work_mem.';

CREATE FUNCTION c360.train_match_model(candidates c360.match_histogram,
	random_pairs c360.match_histogram DEFAULT NULL)
RETURNS c360.match_model
AS 'MODULE_PATHNAME', 'c360_train_match_model_histograms'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.train_match_model(c360.match_histogram, c360.match_histogram) IS
'Train a Fellegi-Sunter model on histograms from c360.match_pair_histogram: m and lambda by EM on the candidates; with random_pairs (pairs drawn at random from all records), u of every attribute is each level''s frequency among them, smoothed by adding one pair to every level, instead of EM''s u (biased by blocking). A NULL or empty random_pairs trains as the aggregate c360.train_match_model(a, b) does. A NULL or empty candidates histogram is an error.';

-- Term frequencies: c360.match_term_frequencies(key) over records.
CREATE FUNCTION c360.match_tf_add(state c360.match_tf, key c360.match_key)
RETURNS c360.match_tf
AS 'MODULE_PATHNAME', 'c360_match_tf_add'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_tf_add(c360.match_tf, c360.match_key) IS
'Transition function of c360.match_term_frequencies: counts the key''s comparison values (a NULL key is skipped). Only callable as an aggregate''s transition function.';

CREATE FUNCTION c360.match_tf_combine(c360.match_tf, c360.match_tf)
RETURNS c360.match_tf
AS 'MODULE_PATHNAME', 'c360_match_tf_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_tf_combine(c360.match_tf, c360.match_tf) IS
'Combine function of c360.match_term_frequencies: the Misra-Gries merge of two summaries.';

CREATE FUNCTION c360.match_tf_final(c360.match_tf)
RETURNS c360.match_tf
AS 'MODULE_PATHNAME', 'c360_match_tf_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_tf_final(c360.match_tf) IS
'Final function of c360.match_term_frequencies: the summary without spare room.';

CREATE AGGREGATE c360.match_term_frequencies(key c360.match_key) (
	SFUNC = c360.match_tf_add,
	STYPE = c360.match_tf,
	FINALFUNC = c360.match_tf_final,
	COMBINEFUNC = c360.match_tf_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE c360.match_term_frequencies(c360.match_key) IS
'Term frequencies of the records'' match-key values: per attribute the at most 1000 most frequent values (Misra-Gries, each count at most records/1001 below the truth) and the number of records with the attribute. NULL over no records.';

-- Using the model.
CREATE FUNCTION c360.match_model_with_tf(model c360.match_model, tf c360.match_tf)
RETURNS c360.match_model
AS 'MODULE_PATHNAME', 'c360_match_model_with_tf'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_model_with_tf(c360.match_model, c360.match_tf) IS
'The model with tf as its term frequencies (replacing any it had); a NULL tf gives the model without term frequencies; a NULL model gives NULL.';

CREATE FUNCTION c360.match_model_summary(model c360.match_model)
RETURNS TABLE (attribute text, level int2, level_name text, trained boolean,
	m float8, u float8, match_weight float8,
	lambda float8, prior_weight float8, iterations int4, converged boolean, pairs float8,
	u_random boolean, random_pairs float8)
AS 'MODULE_PATHNAME', 'c360_match_model_summary'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_model_summary(c360.match_model) IS
'One row per attribute and comparison level (missing excluded) with m, u and match_weight = log2(m/u) (0 for an untrained attribute); u_random says the attribute''s u came from random pairs; the model-wide lambda, prior_weight = log2(lambda/(1-lambda)), iterations, converged, pairs and random_pairs are repeated on every row.';

CREATE FUNCTION c360.match_weight(model c360.match_model, a c360.match_key, b c360.match_key)
RETURNS float8
AS 'MODULE_PATHNAME', 'c360_match_weight'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_weight(c360.match_model, c360.match_key, c360.match_key) IS
'The match weight of two records in bits: log2(lambda/(1-lambda)) plus log2(m/u) of each attribute''s level (0 when missing or untrained) plus the term-frequency adjustments. Positive favours a match.';

CREATE FUNCTION c360.match_probability(model c360.match_model, a c360.match_key, b c360.match_key)
RETURNS float8
AS 'MODULE_PATHNAME', 'c360_match_probability'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_probability(c360.match_model, c360.match_key, c360.match_key) IS
'The posterior probability that two records are the same entity: 2^w / (1 + 2^w) for w = c360.match_weight(model, a, b).';

CREATE FUNCTION c360.match_explain(model c360.match_model, a c360.match_key, b c360.match_key)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'c360_match_explain'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_explain(c360.match_model, c360.match_key, c360.match_key) IS
'Why two records do or do not match: the total weight and probability, the prior, and per attribute both values, the level, m, u, its weight and any term-frequency adjustment.';

-- ===================================================================
-- Customer value (src/value/)
-- ===================================================================

-- The aggregate state of the fits, c360.gini and c360.pareto_share: a
-- varlena of entries grown in place (src/value/value_fmgr.c).
CREATE TYPE c360.value_histogram;
CREATE FUNCTION c360.value_histogram_in(cstring) RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_value_histogram_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.value_histogram_out(c360.value_histogram) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_value_histogram_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.value_histogram_recv(internal) RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_value_histogram_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.value_histogram_send(c360.value_histogram) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_value_histogram_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.value_histogram_in(cstring) IS 'Text input of c360.value_histogram';
COMMENT ON FUNCTION c360.value_histogram_out(c360.value_histogram) IS 'Text output of c360.value_histogram (exact: the shortest decimals that read back to the same doubles)';
COMMENT ON FUNCTION c360.value_histogram_recv(internal) IS 'Binary input of c360.value_histogram';
COMMENT ON FUNCTION c360.value_histogram_send(c360.value_histogram) IS 'Binary output of c360.value_histogram';
CREATE TYPE c360.value_histogram (
	INPUT = c360.value_histogram_in, OUTPUT = c360.value_histogram_out,
	RECEIVE = c360.value_histogram_recv, SEND = c360.value_histogram_send,
	INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE c360.value_histogram IS
'Aggregate state of the customer-value fits, c360.gini and c360.pareto_share: counts of distinct (frequency, recency, t) or (frequency, monetary_value), or a list of values. Text form "rfm: x:recency:t:weight ...", "spend: x:monetary_value:weight ...", "values[(top_fraction)]: v ..."';

CREATE FUNCTION c360.value_histogram_combine(c360.value_histogram, c360.value_histogram)
RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_value_histogram_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.value_histogram_combine(c360.value_histogram, c360.value_histogram) IS
'Combine step of the customer-value aggregates: the concatenation of two states of one kind (NULL is the empty state)';
CREATE FUNCTION c360.rfm_histogram_add(c360.value_histogram, float8, float8, float8)
RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_rfm_histogram_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_histogram_add(c360.value_histogram, float8, float8, float8) IS
'Transition step of c360.bgnbd_fit and c360.pareto_nbd_fit: adds one (frequency, recency, t); rows with a NULL are skipped, invalid histories are an error';
CREATE FUNCTION c360.spend_histogram_add(c360.value_histogram, float8, float8)
RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_spend_histogram_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.spend_histogram_add(c360.value_histogram, float8, float8) IS
'Transition step of c360.gamma_gamma_fit: adds one (frequency, monetary_value); rows with a NULL are skipped, invalid values are an error';

-- Model types: fixed-length values of a C struct (src/value/model_text.h).
CREATE TYPE c360.bgnbd;
CREATE FUNCTION c360.bgnbd_in(cstring) RETURNS c360.bgnbd
AS 'MODULE_PATHNAME', 'c360_bgnbd_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.bgnbd_out(c360.bgnbd) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_bgnbd_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.bgnbd_recv(internal) RETURNS c360.bgnbd
AS 'MODULE_PATHNAME', 'c360_bgnbd_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.bgnbd_send(c360.bgnbd) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_bgnbd_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.bgnbd_in(cstring) IS 'Text input of c360.bgnbd';
COMMENT ON FUNCTION c360.bgnbd_out(c360.bgnbd) IS 'Text output of c360.bgnbd (exact: the shortest decimals that read back to the same doubles)';
COMMENT ON FUNCTION c360.bgnbd_recv(internal) IS 'Binary input of c360.bgnbd';
COMMENT ON FUNCTION c360.bgnbd_send(c360.bgnbd) IS 'Binary output of c360.bgnbd';
CREATE TYPE c360.bgnbd (
	INPUT = c360.bgnbd_in, OUTPUT = c360.bgnbd_out,
	RECEIVE = c360.bgnbd_recv, SEND = c360.bgnbd_send,
	INTERNALLENGTH = 56, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE c360.bgnbd IS
'A BG/NBD purchase model: (r=...,alpha=...,a=...,b=...[,log_likelihood=...,customers=...,status=ok|not_converged|at_boundary])';

CREATE TYPE c360.pareto_nbd;
CREATE FUNCTION c360.pareto_nbd_in(cstring) RETURNS c360.pareto_nbd
AS 'MODULE_PATHNAME', 'c360_pareto_nbd_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.pareto_nbd_out(c360.pareto_nbd) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_pareto_nbd_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.pareto_nbd_recv(internal) RETURNS c360.pareto_nbd
AS 'MODULE_PATHNAME', 'c360_pareto_nbd_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.pareto_nbd_send(c360.pareto_nbd) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_pareto_nbd_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.pareto_nbd_in(cstring) IS 'Text input of c360.pareto_nbd';
COMMENT ON FUNCTION c360.pareto_nbd_out(c360.pareto_nbd) IS 'Text output of c360.pareto_nbd (exact: the shortest decimals that read back to the same doubles)';
COMMENT ON FUNCTION c360.pareto_nbd_recv(internal) IS 'Binary input of c360.pareto_nbd';
COMMENT ON FUNCTION c360.pareto_nbd_send(c360.pareto_nbd) IS 'Binary output of c360.pareto_nbd';
CREATE TYPE c360.pareto_nbd (
	INPUT = c360.pareto_nbd_in, OUTPUT = c360.pareto_nbd_out,
	RECEIVE = c360.pareto_nbd_recv, SEND = c360.pareto_nbd_send,
	INTERNALLENGTH = 56, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE c360.pareto_nbd IS
'A Pareto/NBD purchase model: (r=...,alpha=...,s=...,beta=...[,log_likelihood=...,customers=...,status=...])';

CREATE TYPE c360.gamma_gamma;
CREATE FUNCTION c360.gamma_gamma_in(cstring) RETURNS c360.gamma_gamma
AS 'MODULE_PATHNAME', 'c360_gamma_gamma_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.gamma_gamma_out(c360.gamma_gamma) RETURNS cstring
AS 'MODULE_PATHNAME', 'c360_gamma_gamma_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.gamma_gamma_recv(internal) RETURNS c360.gamma_gamma
AS 'MODULE_PATHNAME', 'c360_gamma_gamma_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION c360.gamma_gamma_send(c360.gamma_gamma) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_gamma_gamma_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.gamma_gamma_in(cstring) IS 'Text input of c360.gamma_gamma';
COMMENT ON FUNCTION c360.gamma_gamma_out(c360.gamma_gamma) IS 'Text output of c360.gamma_gamma (exact: the shortest decimals that read back to the same doubles)';
COMMENT ON FUNCTION c360.gamma_gamma_recv(internal) IS 'Binary input of c360.gamma_gamma';
COMMENT ON FUNCTION c360.gamma_gamma_send(c360.gamma_gamma) IS 'Binary output of c360.gamma_gamma';
CREATE TYPE c360.gamma_gamma (
	INPUT = c360.gamma_gamma_in, OUTPUT = c360.gamma_gamma_out,
	RECEIVE = c360.gamma_gamma_recv, SEND = c360.gamma_gamma_send,
	INTERNALLENGTH = 56, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE c360.gamma_gamma IS
'A Gamma-Gamma spend model: (p=...,q=...,gamma=...[,log_likelihood=...,customers=...,status=...])';

-- Fits: aggregates over one row per customer.
CREATE FUNCTION c360.bgnbd_fit_final(c360.value_histogram) RETURNS c360.bgnbd
AS 'MODULE_PATHNAME', 'c360_bgnbd_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.bgnbd_fit_final(c360.value_histogram) IS
'Final step of c360.bgnbd_fit: the maximum-likelihood BG/NBD fit of the histogram';
CREATE AGGREGATE c360.bgnbd_fit(frequency float8, recency float8, t float8) (
	SFUNC = c360.rfm_histogram_add, STYPE = c360.value_histogram,
	FINALFUNC = c360.bgnbd_fit_final, COMBINEFUNC = c360.value_histogram_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.bgnbd_fit(float8, float8, float8) IS
'BG/NBD fit (Fader, Hardie and Lee 2005) over one row per customer (frequency, recency, t in one time unit); NULL rows skipped; NULL when there are no rows or no repeat buyers; invalid histories raise an error';

CREATE FUNCTION c360.pareto_nbd_fit_final(c360.value_histogram) RETURNS c360.pareto_nbd
AS 'MODULE_PATHNAME', 'c360_pareto_nbd_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.pareto_nbd_fit_final(c360.value_histogram) IS
'Final step of c360.pareto_nbd_fit: the maximum-likelihood Pareto/NBD fit of the histogram';
CREATE AGGREGATE c360.pareto_nbd_fit(frequency float8, recency float8, t float8) (
	SFUNC = c360.rfm_histogram_add, STYPE = c360.value_histogram,
	FINALFUNC = c360.pareto_nbd_fit_final, COMBINEFUNC = c360.value_histogram_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.pareto_nbd_fit(float8, float8, float8) IS
'Pareto/NBD fit (Schmittlein, Morrison and Colombo 1987) over one row per customer; NULL rows skipped; NULL when there are no rows or no repeat buyers; invalid histories raise an error';

CREATE FUNCTION c360.gamma_gamma_fit_final(c360.value_histogram) RETURNS c360.gamma_gamma
AS 'MODULE_PATHNAME', 'c360_gamma_gamma_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.gamma_gamma_fit_final(c360.value_histogram) IS
'Final step of c360.gamma_gamma_fit: the maximum-likelihood Gamma-Gamma fit of the histogram';
CREATE AGGREGATE c360.gamma_gamma_fit(frequency float8, monetary_value float8) (
	SFUNC = c360.spend_histogram_add, STYPE = c360.value_histogram,
	FINALFUNC = c360.gamma_gamma_fit_final, COMBINEFUNC = c360.value_histogram_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.gamma_gamma_fit(float8, float8) IS
'Gamma-Gamma spend fit (Fader and Hardie 2013) over one row per customer; rows with frequency 0 are accepted and ignored; NULL when there is no repeat buyer';

-- Parameters of a model.
CREATE TYPE c360.bgnbd_parameters AS (r float8, alpha float8, a float8, b float8,
	log_likelihood float8, customers bigint, converged boolean, status text);
CREATE FUNCTION c360.bgnbd_params(model c360.bgnbd) RETURNS c360.bgnbd_parameters
AS 'MODULE_PATHNAME', 'c360_bgnbd_params' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.bgnbd_params(c360.bgnbd) IS
'The parameters of a BG/NBD model and how its fit went (log_likelihood, customers, converged NULL for a typed-in model; status ok, not_converged, at_boundary or given)';

CREATE TYPE c360.pareto_nbd_parameters AS (r float8, alpha float8, s float8, beta float8,
	log_likelihood float8, customers bigint, converged boolean, status text);
CREATE FUNCTION c360.pareto_nbd_params(model c360.pareto_nbd) RETURNS c360.pareto_nbd_parameters
AS 'MODULE_PATHNAME', 'c360_pareto_nbd_params' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.pareto_nbd_params(c360.pareto_nbd) IS
'The parameters of a Pareto/NBD model and how its fit went';

CREATE TYPE c360.gamma_gamma_parameters AS (p float8, q float8, gamma float8,
	log_likelihood float8, customers bigint, converged boolean, status text);
CREATE FUNCTION c360.gamma_gamma_params(model c360.gamma_gamma) RETURNS c360.gamma_gamma_parameters
AS 'MODULE_PATHNAME', 'c360_gamma_gamma_params' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.gamma_gamma_params(c360.gamma_gamma) IS
'The parameters of a Gamma-Gamma model and how its fit went';

-- Predictions, for both purchase models.
CREATE FUNCTION c360.p_alive(model c360.bgnbd, frequency float8, recency float8, t float8) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_p_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.p_alive(c360.bgnbd, float8, float8, float8) IS
'P(the customer is still active at t | frequency, recency, t) under the BG/NBD model; NULL for an invalid history';
CREATE FUNCTION c360.p_alive(model c360.pareto_nbd, frequency float8, recency float8, t float8) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_p_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.p_alive(c360.pareto_nbd, float8, float8, float8) IS
'P(the customer is still active at t | frequency, recency, t) under the Pareto/NBD model; NULL for an invalid history';

CREATE FUNCTION c360.attrition_risk(model c360.bgnbd, frequency float8, recency float8, t float8) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_attrition_risk' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.attrition_risk(c360.bgnbd, float8, float8, float8) IS
'1 - c360.p_alive: the probability that the customer has already left (BG/NBD); NULL for an invalid history';
CREATE FUNCTION c360.attrition_risk(model c360.pareto_nbd, frequency float8, recency float8, t float8) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_attrition_risk' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.attrition_risk(c360.pareto_nbd, float8, float8, float8) IS
'1 - c360.p_alive: the probability that the customer has already left (Pareto/NBD); NULL for an invalid history';

CREATE FUNCTION c360.expected_purchases(model c360.bgnbd, horizon float8, frequency float8,
	recency float8, t float8) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.expected_purchases(c360.bgnbd, float8, float8, float8, float8) IS
'Expected purchases in (t, t + horizon] given the history (BG/NBD, FHL 2005 eq. 10); horizon >= 0 in the data''s time unit; NULL for an invalid history';
CREATE FUNCTION c360.expected_purchases(model c360.pareto_nbd, horizon float8, frequency float8,
	recency float8, t float8) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.expected_purchases(c360.pareto_nbd, float8, float8, float8, float8) IS
'Expected purchases in (t, t + horizon] given the history (Pareto/NBD); horizon >= 0 in the data''s time unit; NULL for an invalid history';

CREATE FUNCTION c360.expected_spend(model c360.gamma_gamma, frequency float8, monetary_value float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'c360_expected_spend' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.expected_spend(c360.gamma_gamma, float8, float8) IS
'Expected mean transaction value given frequency and mean repeat-purchase value (Gamma-Gamma); the population mean for frequency 0; NULL when undefined (p x + q <= 1) or invalid';

CREATE FUNCTION c360.clv(model c360.bgnbd, spend c360.gamma_gamma, frequency float8, recency float8,
	t float8, monetary_value float8, horizon float8, discount_rate float8, period float8 DEFAULT 1)
RETURNS float8
AS 'MODULE_PATHNAME', 'c360_clv_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.clv(c360.bgnbd, c360.gamma_gamma, float8, float8, float8, float8, float8, float8, float8) IS
'Discounted customer lifetime value over (t, t + horizon]: expected spend times the expected purchases of each period (period time units, default 1) discounted by (1 + discount_rate)^k; NULL for an invalid history';
CREATE FUNCTION c360.clv(model c360.pareto_nbd, spend c360.gamma_gamma, frequency float8, recency float8,
	t float8, monetary_value float8, horizon float8, discount_rate float8, period float8 DEFAULT 1)
RETURNS float8
AS 'MODULE_PATHNAME', 'c360_clv_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.clv(c360.pareto_nbd, c360.gamma_gamma, float8, float8, float8, float8, float8, float8, float8) IS
'Discounted customer lifetime value over (t, t + horizon] under the Pareto/NBD and Gamma-Gamma models (see the BG/NBD form)';

-- Summaries of transactions (src/value/value_summary_fmgr.c).
CREATE TYPE c360.rfm_summary AS (frequency bigint, recency float8, t float8,
	monetary_value numeric, first_purchase timestamptz, last_purchase timestamptz,
	total_value numeric);
CREATE FUNCTION c360.rfm_transition(internal, timestamptz, numeric, timestamptz, interval)
RETURNS internal
AS 'MODULE_PATHNAME', 'c360_rfm_transition' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_transition(internal, timestamptz, numeric, timestamptz, interval) IS
'Transition step of c360.rfm';
CREATE FUNCTION c360.rfm_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'c360_rfm_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_combine(internal, internal) IS 'Combine step of c360.rfm';
CREATE FUNCTION c360.rfm_serialize(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'c360_rfm_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_serialize(internal) IS 'Serialize step of c360.rfm';
CREATE FUNCTION c360.rfm_deserialize(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'c360_rfm_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_deserialize(bytea, internal) IS 'Deserialize step of c360.rfm';
CREATE FUNCTION c360.rfm_transition(internal, timestamptz, numeric, timestamptz)
RETURNS internal
AS 'MODULE_PATHNAME', 'c360_rfm_transition' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_transition(internal, timestamptz, numeric, timestamptz) IS
'Transition step of c360.rfm without time_unit (one week)';
CREATE FUNCTION c360.rfm_final(internal) RETURNS c360.rfm_summary
AS 'MODULE_PATHNAME', 'c360_rfm_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_final(internal) IS 'Final step of c360.rfm';
CREATE AGGREGATE c360.rfm(ts timestamptz, amount numeric, observation_end timestamptz, time_unit interval) (
	SFUNC = c360.rfm_transition, STYPE = internal, FINALFUNC = c360.rfm_final,
	COMBINEFUNC = c360.rfm_combine, SERIALFUNC = c360.rfm_serialize,
	DESERIALFUNC = c360.rfm_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.rfm(timestamptz, numeric, timestamptz, interval) IS
'One customer''s transactions -> (frequency, recency, t, monetary_value, first_purchase, last_purchase, total_value) in time_unit, lifetimes conventions: purchases of one day (session TimeZone) merged, transactions after the day of observation_end ignored, rows with a NULL ts or amount skipped; NULL when no row counts';
CREATE AGGREGATE c360.rfm(ts timestamptz, amount numeric, observation_end timestamptz) (
	SFUNC = c360.rfm_transition, STYPE = internal, FINALFUNC = c360.rfm_final,
	COMBINEFUNC = c360.rfm_combine, SERIALFUNC = c360.rfm_serialize,
	DESERIALFUNC = c360.rfm_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.rfm(timestamptz, numeric, timestamptz) IS
'c360.rfm with time_unit one week';

-- RFM scores and segments, value tiers.
CREATE FUNCTION c360.rfm_score(rank bigint, customers bigint) RETURNS integer
AS 'MODULE_PATHNAME', 'c360_rfm_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_score(bigint, bigint) IS
'Quintile score 1..5 of a customer with rank() OVER (ORDER BY value) among customers: 1 + floor(5 (rank - 1) / customers), the share of customers with a strictly smaller value; ties share a score, independent of row order';
CREATE FUNCTION c360.rfm_segment(r_score integer, f_score integer, m_score integer) RETURNS text
AS 'MODULE_PATHNAME', 'c360_rfm_segment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.rfm_segment(integer, integer, integer) IS
'RFM segment (champions, loyal, potential loyalist, new, promising, needs attention, about to sleep, at risk, cannot lose, hibernating, lost) from the recency score and round((f + m) / 2); scores 1..5';
CREATE FUNCTION c360.value_tier(rank bigint, customers bigint) RETURNS text
AS 'MODULE_PATHNAME', 'c360_value_tier' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.value_tier(bigint, bigint) IS
'Value tier (top 1%, top 1-5%, top 5-10%, top 10-25%, top 25-50%, bottom 50%) of a customer with rank() OVER (ORDER BY value DESC) among customers: by the share of customers with a strictly greater value, so ties share a tier';

-- Concentration of value.
CREATE FUNCTION c360.gini_transition(c360.value_histogram, float8) RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_gini_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.gini_transition(c360.value_histogram, float8) IS 'Transition step of c360.gini';
CREATE FUNCTION c360.gini_final(c360.value_histogram) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_gini_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.gini_final(c360.value_histogram) IS 'Final step of c360.gini';
CREATE AGGREGATE c360.gini(value float8) (
	SFUNC = c360.gini_transition, STYPE = c360.value_histogram,
	FINALFUNC = c360.gini_final, COMBINEFUNC = c360.value_histogram_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.gini(float8) IS
'Exact Gini coefficient of the values (0: all equal; (n-1)/n: one holds everything); NULL values skipped; NULL when empty, when a value is negative or when the total is 0; memory 8 bytes a value, limited by work_mem';

CREATE FUNCTION c360.pareto_share_transition(c360.value_histogram, float8, float8)
RETURNS c360.value_histogram
AS 'MODULE_PATHNAME', 'c360_pareto_share_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.pareto_share_transition(c360.value_histogram, float8, float8) IS
'Transition step of c360.pareto_share';
CREATE FUNCTION c360.pareto_share_final(c360.value_histogram) RETURNS float8
AS 'MODULE_PATHNAME', 'c360_pareto_share_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.pareto_share_final(c360.value_histogram) IS 'Final step of c360.pareto_share';
CREATE AGGREGATE c360.pareto_share(value float8, top_fraction float8) (
	SFUNC = c360.pareto_share_transition, STYPE = c360.value_histogram,
	FINALFUNC = c360.pareto_share_final, COMBINEFUNC = c360.value_histogram_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE c360.pareto_share(float8, float8) IS
'Exact share of the total value held by the ceil(top_fraction * n) customers of highest value; NULL values skipped; NULL when empty, when a value is negative or when the total is 0; memory limited by work_mem';

-- Retention by acquisition cohort.
CREATE FUNCTION c360.cohort_retention(transactions regclass, customer_column name,
	ts_column name, period text DEFAULT 'month')
RETURNS TABLE (cohort timestamptz, period_number integer, customers bigint, active bigint,
	retention float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	col name;
	-- whole periods from the period starting at a to the one starting at b
	periods_between text := CASE period
		WHEN 'day' THEN '(%2$s::date - %1$s::date)'
		WHEN 'week' THEN '((%2$s::date - %1$s::date) / 7)'
		ELSE '(((pg_catalog.date_part(''year'', %2$s) - pg_catalog.date_part(''year'', %1$s)) * 12'
			|| ' + pg_catalog.date_part(''month'', %2$s) - pg_catalog.date_part(''month'', %1$s))::integer / '
			|| CASE period WHEN 'month' THEN '1' WHEN 'quarter' THEN '3' ELSE '12' END || ')'
	END;
BEGIN
	IF period IS NULL OR period NOT IN ('day', 'week', 'month', 'quarter', 'year') THEN
		RAISE EXCEPTION 'c360.cohort_retention: period must be day, week, month, quarter or year'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF transactions IS NULL OR customer_column IS NULL OR ts_column IS NULL THEN
		RAISE EXCEPTION 'c360.cohort_retention: transactions, customer_column and ts_column must not be NULL'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	FOREACH col IN ARRAY ARRAY[customer_column, ts_column] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
					   WHERE a.attrelid = transactions AND a.attname = col
						 AND a.attnum > 0 AND NOT a.attisdropped) THEN
			RAISE EXCEPTION 'c360.cohort_retention: % has no column %', transactions, pg_catalog.quote_ident(col)
				USING ERRCODE = 'undefined_column';
		END IF;
	END LOOP;
	RETURN QUERY EXECUTE format($q$
		WITH tx AS (
			SELECT %2$I AS customer, pg_catalog.date_trunc(%4$L, %3$I::timestamptz) AS p
			FROM %1$s
			WHERE %2$I IS NOT NULL AND %3$I IS NOT NULL AND pg_catalog.isfinite(%3$I::timestamptz)
		), firsts AS (
			SELECT customer, pg_catalog.min(p) AS cohort FROM tx GROUP BY customer
		), sizes AS (
			SELECT cohort, pg_catalog.count(*) AS customers FROM firsts GROUP BY cohort
		), activity AS (
			SELECT f.cohort, %5$s AS n, pg_catalog.count(DISTINCT f.customer) AS active
			FROM tx t JOIN firsts f USING (customer)
			GROUP BY 1, 2
		), grid AS (
			SELECT s.cohort, s.customers, n
			FROM sizes s, (SELECT pg_catalog.max(p) AS last FROM tx) l,
				 pg_catalog.generate_series(0, %6$s) n
		)
		SELECT g.cohort, g.n::integer, g.customers, COALESCE(a.active, 0)::bigint,
			COALESCE(a.active, 0)::float8 / g.customers
		FROM grid g LEFT JOIN activity a ON a.cohort = g.cohort AND a.n = g.n
		ORDER BY g.cohort, g.n
	$q$, transactions, customer_column, ts_column, period,
		format(periods_between, 'f.cohort', 't.p'), format(periods_between, 's.cohort', 'l.last'));
END
$fn$;
COMMENT ON FUNCTION c360.cohort_retention(regclass, name, name, text) IS
'Retention by acquisition cohort: customers grouped by the period (day, week, month, quarter or year, session TimeZone) of their first transaction; for every period number from 0 to the last period in the data, how many of the cohort bought in it and that share (0 included). Rows with a NULL customer or time or an infinite time are skipped';

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

-- ===================================================================
-- Resolution workflow: sources, records, customers (issue 4)
-- ===================================================================

-- Users' decisions (registered sources, the model they approved, steward
-- decisions, customer id history) and the records with their customer ids
-- are dumped by pg_dump (pg_extension_config_dump); the rest is rebuilt by
-- c360.resolve().  No foreign key joins two of the dumped tables: an
-- archive does not order the data of one extension table after another's,
-- so pg_restore -j loads them side by side and a foreign key would reject
-- rows whose referenced table is still loading.  Statement triggers do
-- what ON DELETE CASCADE did (c360.source_deleted, c360.record_changed).

CREATE TABLE c360.source (
	source_id serial PRIMARY KEY,
	name text NOT NULL UNIQUE,
	relation regclass NOT NULL,
	key_column text NOT NULL,
	attributes jsonb NOT NULL,
	trust int NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE c360.source IS
'Registered source systems: a table or view of one system, its key column and how its columns map to the standard attributes (c360.add_source).';
SELECT pg_catalog.pg_extension_config_dump('c360.source', '');
SELECT pg_catalog.pg_extension_config_dump('c360.source_source_id_seq', '');

-- The standard attributes a source may map, in the order of the docs.
CREATE FUNCTION c360.standard_attributes() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT ARRAY['full_name', 'given_name', 'middle_name', 'family_name', 'name_suffix',
                   'birth_date', 'email', 'phone', 'address', 'street', 'city', 'region',
                   'postcode', 'country', 'national_id', 'account_id'] $$;
COMMENT ON FUNCTION c360.standard_attributes() IS
'The attribute names c360.add_source accepts in its attributes mapping.';

CREATE FUNCTION c360.add_source(name text, relation regclass, key_column text,
                                attributes jsonb, trust int DEFAULT 0)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	attr text;
	spec jsonb;
	col text;
	fmt text;
	kind "char";
	rows bigint;
	distinct_keys bigint;
	new_id int;
BEGIN
	IF name IS NULL OR btrim(name) = '' THEN
		RAISE EXCEPTION 'add_source: the source name must not be empty'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF relation IS NULL OR key_column IS NULL OR attributes IS NULL THEN
		RAISE EXCEPTION 'add_source: relation, key_column and attributes must not be NULL'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF EXISTS (SELECT 1 FROM c360.source s WHERE s.name = add_source.name) THEN
		RAISE EXCEPTION 'add_source: a source named "%" is already registered', name
			USING ERRCODE = 'duplicate_object',
			      HINT = 'Drop it first with c360.drop_source(name), or choose another name.';
	END IF;
	SELECT c.relkind INTO kind FROM pg_class c WHERE c.oid = relation;
	IF kind NOT IN ('r', 'v', 'm', 'f', 'p') THEN
		RAISE EXCEPTION 'add_source: % is not a table or view', relation
			USING ERRCODE = 'wrong_object_type';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = relation
	               AND a.attname = key_column AND a.attnum > 0 AND NOT a.attisdropped) THEN
		RAISE EXCEPTION 'add_source: % has no column "%"', relation, key_column
			USING ERRCODE = 'undefined_column';
	END IF;
	IF jsonb_typeof(attributes) <> 'object' OR attributes = '{}'::jsonb THEN
		RAISE EXCEPTION 'add_source: attributes must be a non-empty JSON object mapping standard attributes to columns'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'For example {"full_name": "cardholder", "birth_date": {"column": "dob", "format": "MM/DD/YYYY"}}.';
	END IF;
	FOR attr, spec IN SELECT e.key, e.value FROM jsonb_each(attributes) e LOOP
		IF NOT attr = ANY (c360.standard_attributes()) THEN
			RAISE EXCEPTION 'add_source: unknown attribute "%"', attr
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Attributes are ' || array_to_string(c360.standard_attributes(), ', ') || '.';
		END IF;
		fmt := NULL;
		IF jsonb_typeof(spec) = 'string' THEN
			col := spec #>> '{}';
		ELSIF jsonb_typeof(spec) = 'object' AND jsonb_typeof(spec -> 'column') = 'string'
		      AND (spec - 'column' - 'format') = '{}'::jsonb THEN
			col := spec ->> 'column';
			fmt := spec ->> 'format';
		ELSE
			RAISE EXCEPTION 'add_source: attribute "%" must map to a column name or {"column": ..., "format": ...}', attr
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = relation
		               AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
			RAISE EXCEPTION 'add_source: attribute "%" maps to column "%", which % does not have', attr, col, relation
				USING ERRCODE = 'undefined_column';
		END IF;
		IF fmt IS NOT NULL THEN
			IF attr <> 'birth_date' THEN
				RAISE EXCEPTION 'add_source: only birth_date takes a format, not "%"', attr
					USING ERRCODE = 'invalid_parameter_value';
			END IF;
			PERFORM c360.parse_date('', fmt);	-- raises the format's own error
		END IF;
	END LOOP;
	EXECUTE format('SELECT count(*), count(DISTINCT %1$I) FROM %2$s WHERE %1$I IS NOT NULL',
	               key_column, relation) INTO rows, distinct_keys;
	IF rows <> distinct_keys THEN
		RAISE EXCEPTION 'add_source: key column "%" of % is not unique (% rows, % distinct keys)',
			key_column, relation, rows, distinct_keys
			USING ERRCODE = 'unique_violation',
			      HINT = 'Register a view with a unique key, e.g. one that adds row_number() to the natural key.';
	END IF;
	INSERT INTO c360.source (name, relation, key_column, attributes, trust)
	VALUES (name, relation, key_column, attributes, coalesce(trust, 0))
	RETURNING source_id INTO new_id;
	RETURN new_id;
END
$$;
COMMENT ON FUNCTION c360.add_source(text, regclass, text, jsonb, int) IS
'Register a table or view of one source system: its unique key column and a mapping of standard attributes (c360.standard_attributes()) to its columns; a value is a column name or {"column": ..., "format": ...} (format for birth_date, as c360.parse_date takes it). trust ranks sources for the golden record (higher wins). Returns the source id. The next c360.resolve() reads it.';

CREATE FUNCTION c360.drop_source(name text)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	DELETE FROM c360.source s WHERE s.name = drop_source.name;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'drop_source: no source named "%"', name
			USING ERRCODE = 'undefined_object';
	END IF;
END
$$;
COMMENT ON FUNCTION c360.drop_source(text) IS
'Unregister a source; its records leave their customers at the next c360.resolve().';

-- The blocking keys of a record: two records are candidate pairs when they
-- share one (and fewer than max_block_size records share it).  Each key is
-- a conjunction of exact normalized values, so a typo in one attribute is
-- caught by another key; phonetic codes catch spelling variants of names.
CREATE FUNCTION c360.record_blocks(key c360.match_key)
RETURNS text[]
AS 'MODULE_PATHNAME', 'c360_record_blocks'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.record_blocks(c360.match_key) IS
'The blocking keys of a match key (c360.record.blocks holds their hashes, c360.record_block_hashes): name in either order; family or given name with postcode; birth date with family name, given name, postcode, street or city; phonetic names with postcode or birth date; street with postcode or city; e-mail; phone; national id.';

-- What c360.record.blocks holds: the 64-bit hash of every blocking key
-- (c360.block_hash), smaller and quicker to index and group than the text.
CREATE FUNCTION c360.record_block_hashes(key c360.match_key)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'c360_record_block_hashes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.record_block_hashes(c360.match_key) IS
'The hashes (c360.block_hash) of the blocking keys of a match key by rule: 15 slots in the order of the rules (c360.record_blocks lists the keys present in that order), NULL where the record lacks an attribute of the rule; what c360.record.blocks holds.';

-- The building a record's address is in, as households compare them: house
-- number, street name and postcode (ZIP+4 as its ZIP), e.g. '12 MAIN ST,
-- 02134'; NULL without a house number (a PO box, UNKNOWN) or a postcode
-- with a digit (N/A), which are no dwelling.
CREATE FUNCTION c360.record_building(key c360.match_key)
RETURNS text
AS 'MODULE_PATHNAME', 'c360_record_building'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.record_building(c360.match_key) IS
'The building of a match key''s address as households compare them: house number, street name and postcode (ZIP+4 as its ZIP); NULL without a house number or a postcode with a digit. What c360.record.building holds.';

CREATE FUNCTION c360.block_hash(block_key text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'c360_block_hash_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION c360.block_hash(text) IS
'The 64-bit hash of a blocking key as c360.record.blocks stores it (FNV-1a, then MurmurHash3''s finalizer; the same on every platform): c360.block_hash(k) = ANY (r.blocks) finds the records holding key k.';

-- Every record of every source, prepared for matching.  Rebuilt by resolve.
CREATE TABLE c360.record (
	record_id bigserial PRIMARY KEY,
	source_id int NOT NULL,		-- c360.source; no foreign key (see above)
	source_key text NOT NULL,
	attrs jsonb NOT NULL,
	key c360.match_key NOT NULL,
	-- Derived from key, once, where training and households read them in
	-- bulk.
	given text GENERATED ALWAYS AS (c360.match_key_value(key, 'given_name')) STORED,
	family text GENERATED ALWAYS AS (c360.match_key_value(key, 'family_name')) STORED,
	birth text GENERATED ALWAYS AS (c360.match_key_value(key, 'birth_date')) STORED,
	phone text GENERATED ALWAYS AS (c360.match_key_value(key, 'phone')) STORED,
	blocks bigint[] NOT NULL GENERATED ALWAYS AS (c360.record_block_hashes(key)) STORED,
	building text GENERATED ALWAYS AS (c360.record_building(key)) STORED,
	first_seen timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	changed_run bigint NOT NULL,
	UNIQUE (source_id, source_key)
);
CREATE INDEX record_changed ON c360.record (changed_run);
-- Who else has a record in a building (households, incremental).
CREATE INDEX record_building ON c360.record (building) WHERE building IS NOT NULL;

-- The records holding a blocking key: one btree per blocking rule over
-- that rule's slot of c360.record.blocks, record_block_1 ..
-- record_block_15 (C360_MATCH_BLOCK_RULES).  Not one GIN index over the
-- array: most keys are held by one or two records, and a GIN index puts
-- each distinct key into its entry tree one at a time (34 s to build at a
-- million records, about as long as inserting them row by row), while a
-- btree is built by a sort (15 of them: about 1 s each).  build false
-- drops them; a first load builds them after its rows are in.
CREATE FUNCTION c360.block_indexes(build boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	FOR i IN 1 .. 15 LOOP
		IF build THEN
			EXECUTE format('CREATE INDEX %I ON c360.record ((blocks[%s])) WHERE blocks[%s] IS NOT NULL',
			               'record_block_' || i, i, i);
		ELSE
			EXECUTE format('DROP INDEX c360.%I', 'record_block_' || i);
		END IF;
	END LOOP;
END
$$;
COMMENT ON FUNCTION c360.block_indexes(boolean) IS
'Internal to c360.resolve(): builds (true) or drops (false) the btree indexes record_block_1 .. record_block_15 of c360.record, one per blocking rule''s slot of blocks.';
SELECT c360.block_indexes(true);
COMMENT ON TABLE c360.record IS
'Every record read from a registered source: its mapped attributes as written, its match key and the normalized values blocking uses. Written by c360.resolve() when a source row is new or changed; its customer is in c360.record_customer.';
SELECT pg_catalog.pg_extension_config_dump('c360.record', '');
SELECT pg_catalog.pg_extension_config_dump('c360.record_record_id_seq', '');

-- The crosswalk: each record's customer.  A table of its own, narrow,
-- because clustering rewrites it: rewriting c360.record's wide rows and
-- their blocking-key index entries instead cost most of a first resolve.
CREATE TABLE c360.record_customer (
	record_id bigint PRIMARY KEY,	-- c360.record; no foreign key (see above)
	customer_id bigint NOT NULL
);
CREATE INDEX record_customer_customer ON c360.record_customer (customer_id);
COMMENT ON TABLE c360.record_customer IS
'The customer of every resolved record (c360.record): written by c360.resolve() and c360.resolve_record(); c360.customer_source is its readable form.';
SELECT pg_catalog.pg_extension_config_dump('c360.record_customer', '');

-- What changed since the last c360.resolve() that households depend on:
-- the customer and building (as it was) of every record updated or
-- deleted (triggers of c360.record: by resolve, c360.resolve_record,
-- c360.drop_source), the customer c360.resolve_record gave a record, and
-- both customers of a household-forming relationship deleted outside
-- c360.relate (c360.drop_relationship_source).
-- The next resolve works out the households around them (c360.relate),
-- then forgets them.
CREATE TABLE c360.household_pending (
	customer_id bigint,
	building text,
	CHECK (customer_id IS NOT NULL OR building IS NOT NULL)
);
COMMENT ON TABLE c360.household_pending IS
'Customers and buildings whose records changed since the last c360.resolve(), whose households the next resolve works out again.';
SELECT pg_catalog.pg_extension_config_dump('c360.household_pending', '');

CREATE TABLE c360.resolve_run (
	run_id bigserial PRIMARY KEY,
	started_at timestamptz NOT NULL,
	finished_at timestamptz,
	summary jsonb
);
COMMENT ON TABLE c360.resolve_run IS 'One row per c360.resolve() run with its summary.';
SELECT pg_catalog.pg_extension_config_dump('c360.resolve_run', '');
SELECT pg_catalog.pg_extension_config_dump('c360.resolve_run_run_id_seq', '');

CREATE TABLE c360.rejected_record (
	source_id int NOT NULL REFERENCES c360.source ON DELETE CASCADE,
	source_key text,
	reason text NOT NULL,
	run_id bigint NOT NULL
);
CREATE INDEX rejected_record_source ON c360.rejected_record (source_id);
COMMENT ON TABLE c360.rejected_record IS
'Rows of the last resolve that could not become records, with the reason (NULL key, duplicate key, nothing usable to match on).';

-- The model resolve scores with: trained on the first run (or when asked),
-- then reused; a user may replace it with an edited one.
CREATE TABLE c360.model (
	model_id serial PRIMARY KEY,
	model c360.match_model NOT NULL,
	trained_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	active boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX model_one_active ON c360.model (active) WHERE active;
COMMENT ON TABLE c360.model IS 'Match models; c360.resolve() scores with the active one.';
SELECT pg_catalog.pg_extension_config_dump('c360.model', '');
SELECT pg_catalog.pg_extension_config_dump('c360.model_model_id_seq', '');

-- Scored candidate pairs (a < b) down to the review band.
CREATE TABLE c360.match_edge (
	a bigint NOT NULL,		-- c360.record; no foreign key (see above)
	b bigint NOT NULL,
	weight float8 NOT NULL,
	PRIMARY KEY (a, b)
);
CREATE INDEX match_edge_b ON c360.match_edge (b);
COMMENT ON TABLE c360.match_edge IS 'Scored candidate pairs of records (match weight, log2 Bayes factor), kept down to the review band.';

-- Steward decisions, honoured by every resolve.
CREATE TABLE c360.steward_decision (
	decision_id bigserial PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('merge', 'split', 'never_match')),
	source_a text NOT NULL, key_a text NOT NULL,
	source_b text, key_b text,
	decided_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	decided_by name NOT NULL DEFAULT current_user
);
COMMENT ON TABLE c360.steward_decision IS
'Merges, splits and never-match decisions of data stewards, by source record, so they survive re-resolves.';
SELECT pg_catalog.pg_extension_config_dump('c360.steward_decision', '');
SELECT pg_catalog.pg_extension_config_dump('c360.steward_decision_decision_id_seq', '');

CREATE SEQUENCE c360.customer_id_seq;
SELECT pg_catalog.pg_extension_config_dump('c360.customer_id_seq', '');

CREATE TABLE c360.customer_id_history (
	old_id bigint NOT NULL,
	new_id bigint NOT NULL,
	kind text NOT NULL CHECK (kind IN ('merge', 'split')),
	run_id bigint NOT NULL,
	changed_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX customer_id_history_old ON c360.customer_id_history (old_id);
COMMENT ON TABLE c360.customer_id_history IS
'Customer ids that stopped existing: merged into new_id (the older id survives a merge).';
SELECT pg_catalog.pg_extension_config_dump('c360.customer_id_history', '');
SELECT pg_catalog.pg_extension_config_dump('c360.match_edge', '');

-- The cascades of the dumped tables (they have no foreign keys, see above):
-- a source's records go with it, a record's scored pairs go with it.
CREATE FUNCTION c360.source_deleted() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	DELETE FROM c360.record r WHERE r.source_id IN (SELECT g.source_id FROM gone g);
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION c360.source_deleted() IS
'Trigger of c360.source: deleting a source deletes its records (and so their scored pairs).';
CREATE TRIGGER source_deleted AFTER DELETE ON c360.source
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION c360.source_deleted();

-- Records updated or deleted (whoever did it: resolve, c360.resolve_record,
-- c360.drop_source): the next resolve works out the households around
-- their customer and their building as they were; deleted records' scored
-- pairs and customer go with them.  One function for both triggers (a
-- trigger with a transition table has one event).
CREATE FUNCTION c360.record_changed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	INSERT INTO c360.household_pending (customer_id, building)
	SELECT c.customer_id, o.building FROM old_rows o LEFT JOIN c360.record_customer c USING (record_id)
	WHERE c.customer_id IS NOT NULL OR o.building IS NOT NULL;
	IF TG_OP = 'DELETE' THEN
		DELETE FROM c360.match_edge e WHERE e.a IN (SELECT o.record_id FROM old_rows o);
		DELETE FROM c360.match_edge e WHERE e.b IN (SELECT o.record_id FROM old_rows o);
		DELETE FROM c360.record_customer c WHERE c.record_id IN (SELECT o.record_id FROM old_rows o);
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION c360.record_changed() IS
'Trigger of c360.record: notes the customer and the building (as they were) of updated and deleted records in c360.household_pending; deleting records deletes their scored pairs in c360.match_edge and their customer in c360.record_customer.';
CREATE TRIGGER record_deleted AFTER DELETE ON c360.record
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION c360.record_changed();
CREATE TRIGGER record_updated AFTER UPDATE ON c360.record
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION c360.record_changed();

-- The SQL expression of a source row's mapped attributes, as c360.record.attrs
-- holds them: {"attribute": value as text, ...} without NULLs.
CREATE FUNCTION c360.source_attrs_sql(src c360.source)
RETURNS text
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	pairs text := '';
	attr text;
	spec jsonb;
BEGIN
	FOR attr, spec IN SELECT e.key, e.value FROM jsonb_each(src.attributes) e ORDER BY e.key LOOP
		pairs := pairs || format(', %L, (%I)::text', attr,
		                         CASE WHEN jsonb_typeof(spec) = 'string' THEN spec #>> '{}' ELSE spec ->> 'column' END);
	END LOOP;
	RETURN format('jsonb_strip_nulls(jsonb_build_object(%s))', substr(pairs, 3));
END
$$;
COMMENT ON FUNCTION c360.source_attrs_sql(c360.source) IS
'Internal to c360.resolve(): the SQL expression that reads a source row''s mapped attributes.';

-- Reads every row of one source into pg_temp.c360_stage (source_id,
-- source_key, attrs).
-- Whether the source's key is unique by a constraint of its own: a table
-- with a unique, immediate, valid index on exactly the key column (no
-- expression, no predicate).  Its rows then need no check for duplicate
-- keys (distinct values give distinct text).
CREATE FUNCTION c360.source_key_unique(src c360.source)
RETURNS boolean
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (
		SELECT 1
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
		JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
		WHERE c.oid = src.relation AND c.relkind IN ('r', 'p', 'm')
		  AND i.indisunique AND i.indimmediate AND i.indisvalid AND i.indnkeyatts = 1
		  AND i.indexprs IS NULL AND i.indpred IS NULL
		  AND a.attname = src.key_column)
$$;
COMMENT ON FUNCTION c360.source_key_unique(c360.source) IS
'Internal to c360.resolve(): true when the source is a table whose key column alone has a unique index (no expression, no predicate, not deferrable), so its keys need no duplicate check.';

CREATE FUNCTION c360.stage_source(src c360.source)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format(
		'INSERT INTO pg_temp.c360_stage (source_id, source_key, attrs)
		 SELECT %s, (%I)::text, %s FROM %s',
		src.source_id, src.key_column, c360.source_attrs_sql(src), src.relation);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;
COMMENT ON FUNCTION c360.stage_source(c360.source) IS
'Internal to c360.resolve(): reads a registered source into the run''s staging table.';

-- The mapped attributes of the rows of one source whose key is key (at
-- most two: more than one is an error for the caller).  The key is
-- compared in the key column's own type, so that the source's index on it
-- (its primary key, usually) finds the row, and then as text, as
-- c360.record.source_key holds it ('007' is not the integer key 7).
CREATE FUNCTION c360.source_rows(src c360.source, key text)
RETURNS SETOF jsonb
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key_type text;
BEGIN
	SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
	FROM pg_attribute a WHERE a.attrelid = src.relation AND a.attname = src.key_column AND NOT a.attisdropped;
	IF key_type IS NULL THEN
		RAISE EXCEPTION 'source "%": column "%" of % no longer exists', src.name, src.key_column, src.relation
			USING ERRCODE = 'undefined_column',
			      HINT = 'Register the source again with c360.drop_source and c360.add_source.';
	END IF;
	BEGIN
		EXECUTE format('SELECT $1::%s', key_type) USING key;
	EXCEPTION WHEN data_exception OR integrity_constraint_violation THEN
		RETURN;		-- no value of the key's type reads as this text: no such row
	END;
	RETURN QUERY EXECUTE format('SELECT %s FROM %s WHERE %I = $1::%s AND (%I)::text = $1 LIMIT 2',
	                            c360.source_attrs_sql(src), src.relation, src.key_column, key_type,
	                            src.key_column)
	USING key;
END
$$;
COMMENT ON FUNCTION c360.source_rows(c360.source, text) IS
'Internal to c360.resolve_record(): the mapped attributes of the source rows with this key (at most two).';

-- The match key of a record's mapped attributes: c360.match_key with
-- each argument attrs ->> its name (birth_date through c360.parse_date
-- with the source's format), in C: as a SQL function it cost over a quarter of
-- the key's time (its call, and a text per attribute).
CREATE FUNCTION c360.record_key(attrs jsonb, date_format text)
RETURNS c360.match_key
AS 'MODULE_PATHNAME', 'c360_record_key'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION c360.record_key(jsonb, text) IS
'The match key of a record from its mapped attributes (as c360.record.attrs holds them) and its source''s birth_date format (NULL: detect).';

-- The records sharing a blocking key with one record (itself left out),
-- by GIN index probes, one per key; a key shared by more than
-- max_block_size records forms no block.
CREATE FUNCTION c360.block_neighbours(self_id bigint, self_blocks bigint[], max_block_size int)
RETURNS TABLE (record_id bigint)
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
	-- One probe per rule's index (a rule's slot of blocks; a NULL slot
	-- finds nothing).
	SELECT DISTINCT y.record_id
	FROM (VALUES
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[1] = self_blocks[1] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[2] = self_blocks[2] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[3] = self_blocks[3] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[4] = self_blocks[4] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[5] = self_blocks[5] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[6] = self_blocks[6] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[7] = self_blocks[7] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[8] = self_blocks[8] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[9] = self_blocks[9] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[10] = self_blocks[10] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[11] = self_blocks[11] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[12] = self_blocks[12] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[13] = self_blocks[13] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[14] = self_blocks[14] LIMIT max_block_size + 1)),
		(ARRAY(SELECT r.record_id FROM c360.record r WHERE r.blocks[15] = self_blocks[15] LIMIT max_block_size + 1))) b(ids)
	CROSS JOIN LATERAL unnest(b.ids) y(record_id)
	WHERE cardinality(b.ids) <= max_block_size AND y.record_id <> self_id
$$;
COMMENT ON FUNCTION c360.block_neighbours(bigint, bigint[], int) IS
'Internal to c360.resolve(): the records sharing a blocking key (c360.record.blocks) with one record, keys shared by more than max_block_size records left out.';

-- Candidate pairs (a < b) of the records in pg_temp.c360_dirty with every
-- record, into pg_temp.c360_cand.  Keys shared by more than max_block_size
-- records (junk, placeholders, a common name in a big city) form no block.
CREATE FUNCTION c360.block_candidates(max_block_size int)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
	n bigint;
	n_dirty bigint;
BEGIN
	DROP TABLE IF EXISTS pg_temp.c360_cand;
	SELECT count(*) INTO n_dirty FROM pg_temp.c360_dirty;
	IF n_dirty > 1000 THEN
		-- Many changed records: group every record by key once, and pair
		-- within the groups small enough to be a block.
		CREATE TEMP TABLE c360_cand ON COMMIT DROP AS
		WITH blocks AS (
			SELECT array_agg(r.record_id) AS ids,
			       bool_or(d.record_id IS NOT NULL) AS dirty
			FROM c360.record r CROSS JOIN LATERAL unnest(r.blocks) k
			LEFT JOIN pg_temp.c360_dirty d USING (record_id)
			WHERE k IS NOT NULL
			GROUP BY k HAVING count(*) BETWEEN 2 AND max_block_size)
		SELECT DISTINCT x AS a, y AS b
		FROM blocks, unnest(ids) x, unnest(ids) y
		WHERE dirty AND x < y
		  AND (n_dirty = (SELECT count(*) FROM c360.record)
		       OR x IN (SELECT d.record_id FROM pg_temp.c360_dirty d)		-- hashed
		       OR y IN (SELECT d.record_id FROM pg_temp.c360_dirty d));
	ELSE
		-- A few: probe the index for each of their keys.
		CREATE TEMP TABLE c360_cand ON COMMIT DROP AS
		SELECT DISTINCT least(x.record_id, n.record_id) AS a, greatest(x.record_id, n.record_id) AS b
		FROM c360.record x JOIN pg_temp.c360_dirty USING (record_id)
		CROSS JOIN LATERAL c360.block_neighbours(x.record_id, x.blocks, max_block_size) n;
	END IF;
	SELECT count(*) INTO n FROM pg_temp.c360_cand;
	RETURN n;
END
$$;
COMMENT ON FUNCTION c360.block_candidates(int) IS
'Internal to c360.resolve(): blocking (pg_trgm and exact keys) of the new or changed records against every record.';

-- Blocking and scoring of many records in one pass in memory: every
-- record's blocking hashes are read once, records are paired within the
-- blocks in memory (a pair sharing several keys once, by the first block
-- the two share), and each pair is scored as it is made; no table of
-- candidate pairs is written, sorted or joined back to the records.  Past
-- work_mem these stop with program_limit_exceeded and c360.resolve blocks
-- in SQL instead (c360.block_candidates), which spills to disk.
CREATE FUNCTION c360.score_candidates(model c360.match_model, max_block_size int,
                                      min_weight float8, marked bigint[] DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'c360_score_candidates'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION c360.score_candidates(c360.match_model, int, float8, bigint[]) IS
'Internal to c360.resolve(): scores the candidate pairs of c360.record (those with an end in marked, or all when marked is NULL) in memory and writes those of weight >= min_weight (all when NULL) to c360.match_edge; returns the number of candidate pairs.';

CREATE FUNCTION c360.candidate_sample(max_block_size int, sample_pairs int)
RETURNS TABLE (a bigint, b bigint, weight float8, candidate_pairs bigint)
AS 'MODULE_PATHNAME', 'c360_candidate_sample'
LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION c360.candidate_sample(int, int) IS
'Internal to c360.train_resolve_model(): the candidate pairs of anchor records (those whose hash of source name and key is a multiple of keep = ceil(2 * candidate_pairs / sample_pairs)), each weighted keep/2 per anchor end, with the number of candidate pairs of all records.';

CREATE FUNCTION c360.pair_level_counts(pairs regclass)
RETURNS TABLE (sample "char", lv int2[], n float8)
AS 'MODULE_PATHNAME', 'c360_pair_level_counts'
LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION c360.pair_level_counts(regclass) IS
'Internal to c360.train_resolve_model(): compares each pair of a table of pairs (sample "char", a bigint, b bigint, w float8; records of c360.record) once and sums w by sample and level pattern, with the keys in memory (work_mem; program_limit_exceeded past it).';

-- Trains resolve's model without labels, the way Splink recommends, because
-- EM over all candidate pairs finds the wrong classes: candidates blocked
-- on address are mostly household members, so "same address" wins over
-- "same person" (and, measured with the location rule in place, plain EM
-- still merges more strangers: docs/design/matching.md).  Instead:
--   u  from random pairs of records (almost all non-matches);
--   m  from EM sessions on pairs blocked by one rule each, every session
--      blind to the attributes its rule blocks on (their levels are set to
--      missing): pairs of one birth date estimate names, contacts and
--      address; pairs of one full name estimate birth date, contacts,
--      address and id; an attribute estimated by both gets the mean, one
--      estimated by neither (no birth dates in the data) gets plain EM's m
--      over the sampled candidates;
--   lambda (the chance two random records match) by EM over a sample of
--      the candidate pairs (pg_temp.c360_cand) with m and u held, pairs
--      outside the candidates counted as non-matches; at least 1e-6, the
--      model's floor.
-- Every sample holds about sample_pairs pairs and is drawn by a hash of
-- the records' content, and every sampled pair is compared once: the cost
-- grows with the sample, plus one pass over the records and one over the
-- candidates.
CREATE FUNCTION c360.train_resolve_model(sample_pairs int DEFAULT 300000, max_block_size int DEFAULT 100)
RETURNS c360.match_model
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
	n_records bigint;
	n_shift int;
	total_pairs float8;
	lambda float8 := 1e-4;
	expected float8;
	i int;
	attrs jsonb;
	names jsonb;
	sessions jsonb[];
	pairs bigint;
	keep bigint;
	blind int[];
	rule text;
BEGIN
	IF sample_pairs < 1 THEN
		RAISE EXCEPTION 'train_resolve_model: sample_pairs must be at least 1, not %', sample_pairs
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT count(*) INTO n_records FROM c360.record;
	IF n_records < 2 THEN
		RETURN NULL;
	END IF;
	total_pairs := n_records::float8 * (n_records - 1) / 2;
	-- Samples are drawn in an order of the records' content (source name
	-- and key), not of their serial ids, so the same data trains the same
	-- model whatever else the database held before.  The records are
	-- read once: ids, hashes, the sessions' blocking values and keys.
	DROP TABLE IF EXISTS pg_temp.c360_train_record, pg_temp.c360_train_pair, pg_temp.c360_train_pattern,
		pg_temp.c360_train_anchor, pg_temp.c360_mu, pg_temp.c360_patterns;
	CREATE TEMP TABLE c360_train_record ON COMMIT DROP AS
	SELECT r.record_id, hashtextextended(r.source_key, hashtext(s.name)) AS h,
	       r.birth, r.given || '|' || r.family AS full_name
	FROM c360.record r JOIN c360.source s USING (source_id);
	ANALYZE pg_temp.c360_train_record;
	-- Every sampled pair with its sample and weight: 'u' random pairs,
	-- 'b' and 'n' the two sessions, 'l' the candidates.
	CREATE TEMP TABLE c360_train_pair (sample "char", a bigint, b bigint, w float8) ON COMMIT DROP;

	-- u: random pairs.  Records whose hash is a multiple of keep (about
	-- sample_pairs of them) in hash order, each with the next n_shift.
	-- (h % keep = 0 is abs(h) % keep = 0 without abs's overflow.)
	keep := greatest(1, floor(n_records::float8 / sample_pairs))::bigint;
	SELECT count(*) INTO pairs FROM pg_temp.c360_train_record WHERE h % keep = 0;
	IF pairs >= 2 THEN
		n_shift := least(pairs - 1, ceil(sample_pairs::float8 / pairs))::int;
		INSERT INTO pg_temp.c360_train_pair
		WITH r AS (SELECT record_id, row_number() OVER (ORDER BY h, record_id) - 1 AS rn
		           FROM pg_temp.c360_train_record WHERE h % keep = 0)
		SELECT 'u', a.record_id, b.record_id, 1
		FROM r a CROSS JOIN generate_series(1, n_shift) s
		JOIN r b ON b.rn = (a.rn + s) % pairs
		WHERE a.rn < ceil(sample_pairs::float8 / n_shift);
	END IF;

	-- m: pairs of one birth date ('b') and of one full name ('n'), each
	-- record with the next five of its block in hash order (pairs grow
	-- with the records, not with the square of a block), then anchors
	-- sampled by hash.  A block of k records has k(k-1)/2 such pairs up to
	-- 6 records, 5k - 15 past that.
	FOREACH rule IN ARRAY ARRAY['b', 'n'] LOOP
		SELECT coalesce(sum(CASE WHEN k <= 6 THEN k * (k - 1) / 2 ELSE 5 * k - 15 END), 0) INTO pairs
		FROM (SELECT count(*) AS k FROM pg_temp.c360_train_record
		      WHERE CASE rule WHEN 'b' THEN birth ELSE full_name END IS NOT NULL
		      GROUP BY CASE rule WHEN 'b' THEN birth ELSE full_name END) g;
		keep := greatest(1, ceil(pairs::float8 / sample_pairs))::bigint;
		INSERT INTO pg_temp.c360_train_pair
		SELECT rule::"char", x.record_id, p.b, 1
		FROM (SELECT record_id, h,
		             lead(record_id, 1) OVER w AS b1, lead(record_id, 2) OVER w AS b2,
		             lead(record_id, 3) OVER w AS b3, lead(record_id, 4) OVER w AS b4,
		             lead(record_id, 5) OVER w AS b5
		      FROM (SELECT record_id, h, CASE rule WHEN 'b' THEN birth ELSE full_name END AS v
		            FROM pg_temp.c360_train_record) t
		      WHERE v IS NOT NULL
		      WINDOW w AS (PARTITION BY v ORDER BY h, record_id)) x
		CROSS JOIN LATERAL (VALUES (x.b1), (x.b2), (x.b3), (x.b4), (x.b5)) p(b)
		WHERE p.b IS NOT NULL AND x.h % keep = 0;
	END LOOP;

	-- lambda: the candidate pairs of anchor records (1 in keep, by hash),
	-- each counted keep/2 times per anchor end, so the weighted sample
	-- sums to the candidates' total in expectation (keep 1: every pair
	-- once).  Blocked in memory (c360.candidate_sample, which may stop
	-- with program_limit_exceeded: c360.resolve then blocks in SQL into
	-- pg_temp.c360_cand and trains again) or from pg_temp.c360_cand.
	IF to_regclass('pg_temp.c360_cand') IS NULL THEN
		WITH s AS (SELECT * FROM c360.candidate_sample(max_block_size, sample_pairs)),
		sampled AS (INSERT INTO pg_temp.c360_train_pair SELECT 'l', s.a, s.b, s.weight FROM s)
		SELECT coalesce(max(s.candidate_pairs), 0) INTO pairs FROM s;
	ELSE
		SELECT count(*) INTO pairs FROM pg_temp.c360_cand;
		keep := greatest(1, ceil(2 * pairs::float8 / sample_pairs))::bigint;
		CREATE TEMP TABLE c360_train_anchor ON COMMIT DROP AS
		SELECT record_id FROM pg_temp.c360_train_record WHERE h % keep = 0;
		-- (Hashed IN lists, one pass over the candidates: the planner knows
		-- nothing of these temporary tables and would sort the candidates
		-- for joins.)
		INSERT INTO pg_temp.c360_train_pair
		SELECT 'l', a, b, keep / 2.0 * ends
		FROM (SELECT c.a, c.b, (c.a IN (SELECT x.record_id FROM pg_temp.c360_train_anchor x))::int
		                       + (c.b IN (SELECT y.record_id FROM pg_temp.c360_train_anchor y))::int AS ends
		      FROM pg_temp.c360_cand c) s
		WHERE ends > 0;
	END IF;

	-- Every sampled pair compared once: the level patterns of each sample,
	-- with the keys in memory, or past work_mem by joining the pairs to
	-- the records (twice as slow: a hash of every record's key each side).
	BEGIN
		CREATE TEMP TABLE c360_train_pattern ON COMMIT DROP AS
		SELECT * FROM c360.pair_level_counts('pg_temp.c360_train_pair'::regclass);
	EXCEPTION WHEN program_limit_exceeded THEN
		ANALYZE pg_temp.c360_train_pair;
		CREATE TEMP TABLE c360_train_pattern ON COMMIT DROP AS
		SELECT p.sample, c360.match_levels(ra.key, rb.key) AS lv, sum(p.w) AS n
		FROM pg_temp.c360_train_pair p JOIN c360.record ra ON ra.record_id = p.a
		JOIN c360.record rb ON rb.record_id = p.b
		GROUP BY 1, 2;
	END;

	-- m: EM over each session's patterns with the attributes its pairs
	-- were drawn on set to missing (the same as comparing keys without
	-- them: levels are per attribute), then plain EM over the sampled
	-- candidates for attributes neither session estimates.
	FOREACH rule IN ARRAY ARRAY['b', 'n', 'l'] LOOP
		blind := CASE rule WHEN 'b' THEN ARRAY[3] WHEN 'n' THEN ARRAY[1, 2] ELSE '{}' END;
		sessions := sessions || (
			SELECT c360.match_histogram_train(jsonb_build_object('patterns', jsonb_agg(
			           jsonb_build_object('levels', m.lv, 'count', m.n) ORDER BY m.lv))::text::c360.match_histogram)::text::jsonb
			FROM (SELECT ARRAY(SELECT CASE WHEN x.o = ANY (blind) THEN 0 ELSE x.l END
			                   FROM unnest(t.lv) WITH ORDINALITY x(l, o) ORDER BY x.o) AS lv, sum(t.n) AS n
			      FROM pg_temp.c360_train_pattern t WHERE t.sample = rule::"char" GROUP BY 1) m
			HAVING count(*) > 0);
	END LOOP;

	-- The ladder (names of attributes and levels) from any session.
	names := coalesce(sessions[1], sessions[2], sessions[3]) -> 'attributes';
	IF names IS NULL THEN
		RETURN NULL;
	END IF;
	CREATE TEMP TABLE c360_mu ON COMMIT DROP AS
	WITH ladder AS (
		SELECT a.ord AS attr, a.value ->> 'name' AS attr_name, l.ord AS level, l.value ->> 'name' AS level_name,
		       jsonb_array_length(a.value -> 'levels') AS n_levels
		FROM jsonb_array_elements(names) WITH ORDINALITY a(value, ord),
		     jsonb_array_elements(a.value -> 'levels') WITH ORDINALITY l(value, ord)),
	session_m AS (
		SELECT s.ord AS session, a.ord AS attr, l.ord AS level, (l.value ->> 'm')::float8 AS m
		FROM unnest(sessions) WITH ORDINALITY s(model, ord),
		     jsonb_array_elements(s.model -> 'attributes') WITH ORDINALITY a(value, ord),
		     jsonb_array_elements(a.value -> 'levels') WITH ORDINALITY l(value, ord)
		WHERE (a.value ->> 'trained')::boolean),
	m AS (
		SELECT attr, level, avg(m) AS m FROM session_m x
		WHERE x.session <= 2
		   OR NOT EXISTS (SELECT 1 FROM session_m y WHERE y.attr = x.attr AND y.session <= 2)
		GROUP BY 1, 2),
	seen AS (
		SELECT l.attr, l.level, sum(t.n) AS n
		FROM pg_temp.c360_train_pattern t, unnest(t.lv) WITH ORDINALITY l(level, attr)
		WHERE t.sample = 'u' AND l.level > 0
		GROUP BY 1, 2),
	u AS (
		-- each level's frequency among the random pairs, smoothed by one pair
		SELECT ld.attr, ld.level,
		       (coalesce(c.n, 0) + 1)::float8 / (sum(coalesce(c.n, 0)) OVER (PARTITION BY ld.attr) + ld.n_levels) AS u,
		       sum(coalesce(c.n, 0)) OVER (PARTITION BY ld.attr) AS seen
		FROM ladder ld LEFT JOIN seen c ON c.attr = ld.attr AND c.level = ld.level)
	SELECT ld.attr, ld.attr_name, ld.level, ld.level_name,
	       least(greatest(m.m, 1e-6), 1 - 1e-6) AS m, least(greatest(u.u, 1e-6), 1 - 1e-6) AS u,
	       (m.m IS NOT NULL AND u.seen > 0) AS trained
	FROM ladder ld JOIN u USING (attr, level) LEFT JOIN m USING (attr, level);
	-- An attribute is trained only when both m and u are known for it.
	UPDATE pg_temp.c360_mu x SET trained = false
	WHERE EXISTS (SELECT 1 FROM pg_temp.c360_mu y WHERE y.attr = x.attr AND NOT y.trained);
	-- Renormalize m and u over each attribute's levels.
	UPDATE pg_temp.c360_mu x SET m = x.m / t.sm, u = x.u / t.su
	FROM (SELECT attr, sum(m) AS sm, sum(u) AS su FROM pg_temp.c360_mu GROUP BY attr) t
	WHERE t.attr = x.attr;

	-- EM on a sample gives rare levels noisy m, and a near-zero m vetoes
	-- every pair at that level: no level is less likely than 1 in 1,000
	-- among matches, and a partial agreement (swapped, nickname, one
	-- edit, ...) is never stronger evidence against a match than
	-- disagreeing outright.
	UPDATE pg_temp.c360_mu SET m = greatest(m, 1e-3) WHERE trained;
	UPDATE pg_temp.c360_mu x SET m = x.u * l.m / l.u
	FROM (SELECT DISTINCT ON (attr) attr, level, m, u FROM pg_temp.c360_mu ORDER BY attr, level DESC) l
	WHERE l.attr = x.attr AND x.level < l.level AND x.m / x.u < l.m / l.u;
	UPDATE pg_temp.c360_mu x SET m = least(greatest(x.m / t.sm, 1e-6), 1 - 1e-6)
	FROM (SELECT attr, sum(m) AS sm FROM pg_temp.c360_mu GROUP BY attr) t
	WHERE t.attr = x.attr;

	-- lambda: EM over the sampled candidates' patterns with m and u held.
	CREATE TEMP TABLE c360_patterns ON COMMIT DROP AS
	SELECT p.n, (SELECT coalesce(sum(ln(mu.m / mu.u) / ln(2::float8)), 0)
	             FROM unnest(p.lv) WITH ORDINALITY l(level, attr)
	             JOIN pg_temp.c360_mu mu ON mu.attr = l.attr AND mu.level = l.level
	             WHERE mu.trained) AS bits
	FROM pg_temp.c360_train_pattern p WHERE p.sample = 'l'
	ORDER BY p.lv;		-- the sum below adds in a fixed order
	FOR i IN 1 .. 50 LOOP
		SELECT sum(n / (1 + power(2::float8, -least(greatest(bits + ln(lambda / (1 - lambda)) / ln(2::float8), -1000), 1000))))
		INTO expected FROM pg_temp.c360_patterns;
		EXIT WHEN abs(greatest(coalesce(expected, 0) / total_pairs, 1e-6) - lambda) <= 1e-3 * lambda;
		lambda := least(greatest(coalesce(expected, 0) / total_pairs, 1e-6), 0.5);
	END LOOP;

	SELECT jsonb_agg(jsonb_build_object('name', attr_name, 'trained', trained, 'levels', levels) ORDER BY attr)
	INTO attrs
	FROM (SELECT attr, attr_name, bool_and(trained) AS trained,
	             jsonb_agg(jsonb_build_object('name', level_name, 'm', m, 'u', u) ORDER BY level) AS levels
	      FROM pg_temp.c360_mu GROUP BY attr, attr_name) a;
	RETURN jsonb_build_object('version', 1, 'pairs', pairs,
	                          'lambda', lambda, 'iterations', i, 'converged', i < 50,
	                          'log_likelihood', 0, 'attributes', attrs)::text::c360.match_model;
END
$$;
COMMENT ON FUNCTION c360.train_resolve_model(int, int) IS
'Internal to c360.resolve(): trains a match model without labels on samples of about sample_pairs pairs each, drawn by a hash of the records'' content: u from random pairs of records, m from EM sessions on pairs blocked by birth date and by full name (each blind to its blocking attributes; plain EM over the candidates for attributes neither estimates), lambda by EM over the sampled candidate pairs with m and u held.';

CREATE FUNCTION c360.resolve(retrain boolean DEFAULT false,
                             match_probability float8 DEFAULT 0.5,
                             strong_weight float8 DEFAULT 10,
                             max_cluster_size int DEFAULT 1000,
                             max_block_size int DEFAULT 100)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- A later run's statements are planned over whole tables but their C
-- functions do the work: JIT compiled them for nothing (up to 5 s of a 30 s
-- run at a million records; no gain in a first run).
SET jit = off
AS $$
DECLARE
	run bigint;
	t0 timestamptz := clock_timestamp();
	tp timestamptz;
	phase jsonb := '{}';
	src c360.source;
	n_read bigint := 0;
	n_rejected bigint;
	n_deleted bigint := 0;
	n_null_keys bigint;
	n_valid bigint;
	n_gone bigint;
	n_changed bigint;
	n_cand bigint;
	n_matches bigint;
	n_customers bigint;
	m c360.match_model;
	threshold float8;
	review float8 := -3.1699250014423126;	-- probability 0.1
	trained boolean := false;
	caller_work_mem text;
	relate_summary jsonb;
	in_memory boolean;
	first_load boolean;
	settings jsonb;
	prev_settings jsonb;
	rescore boolean;
BEGIN
	IF match_probability IS NULL OR NOT (match_probability > 0 AND match_probability < 1) THEN
		RAISE EXCEPTION 'resolve: match_probability must be between 0 and 1 (exclusive), not %', match_probability
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	threshold := ln(match_probability / (1 - match_probability)) / ln(2);
	review := least(review, threshold);
	-- One resolve at a time: ids are handed out in order.
	PERFORM pg_advisory_xact_lock(hashtext('c360.resolve'));
	-- A maintenance operation: its in-memory steps (clustering, sorts,
	-- hashes) may use maintenance_work_mem, as CREATE INDEX does.  Put back
	-- before returning; an error ends the transaction's setting anyway.
	caller_work_mem := current_setting('work_mem');
	IF pg_size_bytes(current_setting('maintenance_work_mem')) > pg_size_bytes(caller_work_mem) THEN
		PERFORM set_config('work_mem', current_setting('maintenance_work_mem'), true);
	END IF;
	-- What the last run scored with: with the same model and blocks, only
	-- new and changed records are scored.
	SELECT r.summary -> 'settings' INTO prev_settings
	FROM c360.resolve_run r WHERE r.finished_at IS NOT NULL ORDER BY r.run_id DESC LIMIT 1;
	INSERT INTO c360.resolve_run (started_at) VALUES (t0) RETURNING run_id INTO run;
	-- A resolve or resolve_record earlier in this transaction left its
	-- temporary tables (they go at commit).
	IF to_regclass('pg_temp.c360_stage') IS NOT NULL THEN
		DROP TABLE pg_temp.c360_stage;
	END IF;
	IF to_regclass('pg_temp.c360_dirty') IS NOT NULL THEN
		DROP TABLE pg_temp.c360_dirty;
	END IF;
	IF to_regclass('pg_temp.c360_changed') IS NOT NULL THEN
		DROP TABLE pg_temp.c360_changed;
	END IF;

	-- 1. Ingest: new, changed and deleted rows of every source.
	tp := clock_timestamp();
	-- (ord: the order rows were read in, which new records get their ids
	-- in, whatever plan the joins below take)
	CREATE TEMP TABLE c360_stage (ord bigint GENERATED ALWAYS AS IDENTITY (CACHE 10000),
	                              source_id int, source_key text, attrs jsonb) ON COMMIT DROP;
	FOR src IN SELECT * FROM c360.source ORDER BY source_id LOOP
		n_read := n_read + c360.stage_source(src);
		RAISE NOTICE 'resolve: read source % (% rows so far)', src.name, n_read;
	END LOOP;
	-- (Its size and sources for the join with the records below: without,
	-- the planner guesses a few rows and probes the records' index for
	-- each of a million.)
	ANALYZE pg_temp.c360_stage;
	DELETE FROM c360.rejected_record;
	INSERT INTO c360.rejected_record (source_id, source_key, reason, run_id)
	SELECT source_id, NULL, 'key is NULL', run FROM pg_temp.c360_stage WHERE source_key IS NULL;
	GET DIAGNOSTICS n_null_keys = ROW_COUNT;
	-- (Not for a table whose key has a unique index: the grouping of every
	-- row is most of a later run's ingest after reading the rows.)
	INSERT INTO c360.rejected_record (source_id, source_key, reason, run_id)
	SELECT source_id, source_key, format('key is not unique (%s rows)', count(*)), run
	FROM pg_temp.c360_stage
	WHERE source_key IS NOT NULL
	  AND source_id <> ALL (ARRAY(SELECT so.source_id FROM c360.source so WHERE c360.source_key_unique(so)))
	GROUP BY source_id, source_key HAVING count(*) > 1;
	-- A key must fit c360.record's unique index (a btree entry holds at
	-- most 2704 bytes); no real record key comes near 1024.
	INSERT INTO c360.rejected_record (source_id, source_key, reason, run_id)
	SELECT DISTINCT s.source_id, s.source_key,
	       format('key is longer than 1024 bytes (%s bytes)', octet_length(s.source_key)), run
	FROM pg_temp.c360_stage s WHERE octet_length(s.source_key) > 1024
	  AND NOT EXISTS (SELECT 1 FROM c360.rejected_record r
	                  WHERE r.source_id = s.source_id AND r.source_key = s.source_key);
	-- Only new and changed rows get a match key: parsing names, dates and
	-- addresses is most of the work, and most rows of a later run are
	-- unchanged (the same attributes: jsonb compares them as values, in any
	-- key order).  Rejected rows are never records, so they are always new.
	CREATE TEMP TABLE c360_changed ON COMMIT DROP AS
	SELECT s.ord, s.source_id, s.source_key, s.attrs,
	       c360.record_key(s.attrs, so.attributes #>> '{birth_date,format}') AS key,
	       r.source_key IS NULL AS is_new
	FROM pg_temp.c360_stage s JOIN c360.source so USING (source_id)
	LEFT JOIN c360.record r ON r.source_id = s.source_id AND r.source_key = s.source_key
	WHERE s.source_key IS NOT NULL
	  AND r.attrs IS DISTINCT FROM s.attrs
	  AND NOT EXISTS (SELECT 1 FROM c360.rejected_record x
	                  WHERE x.source_id = s.source_id AND x.source_key = s.source_key);
	INSERT INTO c360.rejected_record (source_id, source_key, reason, run_id)
	SELECT source_id, source_key, 'nothing to match on (no usable name, date, contact, address or id)', run
	FROM pg_temp.c360_changed WHERE c360.match_key_attributes(key) = 0;
	DELETE FROM pg_temp.c360_changed WHERE c360.match_key_attributes(key) = 0;
	SELECT count(*) INTO n_rejected FROM c360.rejected_record;

	-- Records whose row is rejected now (a key that became a duplicate, no
	-- attribute left) or gone.  Keys are unique on both sides, so none is
	-- gone when the records are the valid rows that are not new (the usual
	-- later run: then no anti-join over every record).
	DELETE FROM c360.record r USING c360.rejected_record x
	WHERE x.source_id = r.source_id AND x.source_key = r.source_key;
	GET DIAGNOSTICS n_deleted = ROW_COUNT;
	-- The valid rows: those with a key, less every row of a rejected key
	-- (each such key is rejected once; usually there is none, and then no
	-- pass over the rows).
	n_valid := n_read - n_null_keys;
	IF EXISTS (SELECT 1 FROM c360.rejected_record x WHERE x.source_key IS NOT NULL) THEN
		n_valid := n_valid - (SELECT count(*) FROM pg_temp.c360_stage s JOIN c360.rejected_record x
		                      ON x.source_id = s.source_id AND x.source_key = s.source_key);
	END IF;
	IF (SELECT count(*) FROM c360.record) <> n_valid - (SELECT count(*) FROM pg_temp.c360_changed WHERE is_new) THEN
		DELETE FROM c360.record r
		WHERE NOT EXISTS (SELECT 1 FROM pg_temp.c360_stage s
		                  WHERE s.source_id = r.source_id AND s.source_key = r.source_key);
		GET DIAGNOSTICS n_gone = ROW_COUNT;
		n_deleted := n_deleted + n_gone;
	END IF;
	-- A first load builds the blocking indexes after the rows are in: a
	-- sort each instead of an insert into a tree per key of every row.
	-- (The table is empty, so the lock this takes keeps nobody from
	-- anything they could read.)
	first_load := NOT EXISTS (SELECT 1 FROM c360.record);
	IF first_load THEN
		-- (every row is new: nothing to update, no unique index needed
		-- until they are in)
		PERFORM c360.block_indexes(false);
		DROP INDEX c360.record_building;
		ALTER TABLE c360.record DROP CONSTRAINT record_source_id_source_key_key;
		INSERT INTO c360.record (source_id, source_key, attrs, key,
		                         first_seen, updated_at, changed_run)
		SELECT c.source_id, c.source_key, c.attrs, c.key, t0, t0, run
		FROM pg_temp.c360_changed c ORDER BY c.ord;
		-- as the install script creates them
		ALTER TABLE c360.record ADD CONSTRAINT record_source_id_source_key_key UNIQUE (source_id, source_key);
		PERFORM c360.block_indexes(true);
		CREATE INDEX record_building ON c360.record (building) WHERE building IS NOT NULL;
	ELSE
		INSERT INTO c360.record AS r (source_id, source_key, attrs, key,
		                              first_seen, updated_at, changed_run)
		SELECT c.source_id, c.source_key, c.attrs, c.key, t0, t0, run
		FROM pg_temp.c360_changed c ORDER BY c.ord
		ON CONFLICT (source_id, source_key) DO UPDATE
		SET attrs = EXCLUDED.attrs, key = EXCLUDED.key,
		    updated_at = t0, changed_run = run;
	END IF;
	-- Statistics for the joins below, unless few rows changed (autovacuum
	-- keeps them up to date then, and sampling a large table takes seconds).
	IF first_load OR (SELECT count(*) FROM pg_temp.c360_changed) * 10 > (SELECT count(*) FROM c360.record) THEN
		ANALYZE c360.record;
	END IF;
	phase := phase || jsonb_build_object('ingest', round(extract(epoch FROM clock_timestamp() - tp)::numeric, 3));

	-- 2. The model: reuse the active one, or train one on this run's pairs.
	SELECT model INTO m FROM c360.model WHERE active;
	trained := m IS NULL OR retrain;
	SELECT count(*) INTO n_changed FROM c360.record WHERE changed_run = run;
	-- Every record is blocked and scored again with a new model (or one a
	-- user put in place of the last run's) or another max_block_size;
	-- otherwise only the new and changed ones.
	settings := jsonb_build_object('max_block_size', max_block_size,
	                               'model_id', (SELECT model_id FROM c360.model WHERE active));
	rescore := trained OR prev_settings IS NULL OR prev_settings <> settings;

	-- 3. Blocking: candidate pairs of each new or changed record with every
	-- record.  Values shared by more than max_block_size records (junk,
	-- placeholders, a care home's phone) do not form exact-key blocks.
	-- Many records are paired and scored in one pass in memory
	-- (c360.score_candidates, step 5); a few by probing the blocking index
	-- here, as are many when their blocks do not fit in work_mem.
	tp := clock_timestamp();
	IF rescore THEN
		DELETE FROM c360.match_edge;
		CREATE TEMP TABLE c360_dirty ON COMMIT DROP AS SELECT record_id FROM c360.record;
	ELSE
		-- Two joins, not one with OR: an OR join is a nested loop over every edge.
		DELETE FROM c360.match_edge e USING c360.record r WHERE r.changed_run = run AND e.a = r.record_id;
		DELETE FROM c360.match_edge e USING c360.record r WHERE r.changed_run = run AND e.b = r.record_id;
		CREATE TEMP TABLE c360_dirty ON COMMIT DROP AS
		SELECT record_id FROM c360.record WHERE changed_run = run;
	END IF;
	IF to_regclass('pg_temp.c360_cand') IS NOT NULL THEN
		DROP TABLE pg_temp.c360_cand;
	END IF;
	in_memory := (SELECT count(*) FROM pg_temp.c360_dirty) > 1000;
	IF NOT in_memory THEN
		n_cand := c360.block_candidates(max_block_size);
	END IF;
	phase := phase || jsonb_build_object('block', round(extract(epoch FROM clock_timestamp() - tp)::numeric, 3));

	-- 4. Train (first run, or when asked): EM over the candidate pairs, term
	-- frequencies over all records.
	IF trained THEN
		tp := clock_timestamp();
		BEGIN
			m := c360.train_resolve_model(max_block_size => max_block_size);
		EXCEPTION WHEN program_limit_exceeded THEN
			-- the records' blocks do not fit in work_mem: block in SQL
			RAISE NOTICE 'resolve: blocking in SQL (%)', SQLERRM;
			in_memory := false;
			n_cand := c360.block_candidates(max_block_size);
			m := c360.train_resolve_model(max_block_size => max_block_size);
		END;
		SELECT c360.match_model_with_tf(m,
		                                -- In one order: a Misra-Gries summary depends on
		                                -- the order it reads values in (and parallel
		                                -- workers would split them differently each run).
		                                (SELECT c360.match_term_frequencies(key ORDER BY record_id) FROM c360.record))
		INTO m;
		IF m IS NOT NULL THEN
			UPDATE c360.model SET active = false WHERE active;
			INSERT INTO c360.model (model) VALUES (m);
		END IF;
		phase := phase || jsonb_build_object('train', round(extract(epoch FROM clock_timestamp() - tp)::numeric, 3));
	END IF;

	-- 5. Score.  A first load (no edges yet) builds match_edge's indexes
	-- after its rows are in, as ingest does the blocking index.
	tp := clock_timestamp();
	IF first_load AND m IS NOT NULL THEN
		ALTER TABLE c360.match_edge DROP CONSTRAINT match_edge_pkey;
		DROP INDEX c360.match_edge_b;
	END IF;
	IF in_memory AND m IS NOT NULL THEN
		BEGIN
			n_cand := c360.score_candidates(m, max_block_size, review,
			                                CASE WHEN NOT rescore THEN (SELECT array_agg(record_id) FROM pg_temp.c360_dirty) END);
		EXCEPTION WHEN program_limit_exceeded THEN
			RAISE NOTICE 'resolve: blocking in SQL (%)', SQLERRM;
			in_memory := false;
			n_cand := c360.block_candidates(max_block_size);
		END;
	ELSIF in_memory THEN
		-- no model to score with: only count the candidates
		n_cand := (SELECT coalesce(max(candidate_pairs), 0) FROM c360.candidate_sample(max_block_size, 2147483647));
	END IF;
	IF NOT in_memory AND m IS NOT NULL THEN
		INSERT INTO c360.match_edge (a, b, weight)
		SELECT c.a, c.b, w
		FROM pg_temp.c360_cand c JOIN c360.record ra ON ra.record_id = c.a
		JOIN c360.record rb ON rb.record_id = c.b,
		LATERAL (SELECT c360.match_weight(m, ra.key, rb.key) AS w) s
		WHERE w >= review;
	END IF;
	IF first_load AND m IS NOT NULL THEN
		-- as the install script creates them
		ALTER TABLE c360.match_edge ADD PRIMARY KEY (a, b);
		CREATE INDEX match_edge_b ON c360.match_edge (b);
	END IF;
	RAISE NOTICE 'resolve: % candidate pairs for % new or changed records', n_cand,
		CASE WHEN rescore THEN 'all' ELSE n_changed::text END;
	SELECT count(*) INTO n_matches FROM c360.match_edge WHERE weight > threshold;
	phase := phase || jsonb_build_object('score', round(extract(epoch FROM clock_timestamp() - tp)::numeric, 3));

	-- 6. Cluster with the guard and the stewards' decisions, then keep ids.
	tp := clock_timestamp();
	n_customers := c360.assign_customers(run, threshold, strong_weight, max_cluster_size);
	phase := phase || jsonb_build_object('cluster', round(extract(epoch FROM clock_timestamp() - tp)::numeric, 3));

	-- 7. Relationships and households between the customers: after a
	-- first load or a new model every household; otherwise those around
	-- what changed: customers with a new or changed record or one that
	-- moved to another customer, and what c360.household_pending holds
	-- (the customers and buildings of records changed or deleted since
	-- the last run, by this run, c360.resolve_record or c360.drop_source).
	tp := clock_timestamp();
	IF rescore THEN
		relate_summary := c360.relate(run);
	ELSE
		relate_summary := c360.relate(run,
			touched_customers => coalesce((
				SELECT array_agg(DISTINCT t.customer_id)
				FROM (SELECT m.old_id FROM pg_temp.c360_moved m
				      UNION ALL SELECT m.new_id FROM pg_temp.c360_moved m
				      UNION ALL SELECT c.customer_id FROM c360.record r JOIN c360.record_customer c USING (record_id)
				                WHERE r.changed_run = run
				      UNION ALL SELECT p.customer_id FROM c360.household_pending p) t(customer_id)
				WHERE t.customer_id IS NOT NULL), '{}'),
			touched_buildings => coalesce((
				SELECT array_agg(DISTINCT p.building) FROM c360.household_pending p
				WHERE p.building IS NOT NULL), '{}'));
	END IF;
	DELETE FROM c360.household_pending;
	phase := phase || jsonb_build_object('relate', round(extract(epoch FROM clock_timestamp() - tp)::numeric, 3));

	UPDATE c360.resolve_run SET finished_at = clock_timestamp(),
		summary = jsonb_build_object(
			'run_id', run, 'records_read', n_read, 'records_rejected', n_rejected,
			'records_deleted', n_deleted, 'records_new_or_changed', n_changed,
			'records', (SELECT count(*) FROM c360.record),
			'candidate_pairs', n_cand, 'matches', n_matches, 'customers', n_customers,
			'model_trained', trained, 'rescored_all', rescore, 'relate', relate_summary,
			'settings', jsonb_build_object('max_block_size', max_block_size,
			                               'model_id', (SELECT model_id FROM c360.model WHERE active)),
			'seconds', phase || jsonb_build_object('total', round(extract(epoch FROM clock_timestamp() - t0)::numeric, 3)))
	WHERE run_id = run;
	PERFORM set_config('work_mem', caller_work_mem, true);
	RETURN (SELECT summary FROM c360.resolve_run WHERE run_id = run);
END
$$;
COMMENT ON FUNCTION c360.resolve(boolean, float8, float8, int, int) IS
'Resolve every registered source into customers: ingest new, changed and deleted rows, build match keys, block (pg_trgm and exact keys), train the model on the first run (or when retrain) and reuse it after, score, cluster with the over-merge guard and the stewards'' decisions, and keep customer ids stable. Returns a summary (records read, rejected, candidate pairs, matches, customers, seconds per phase); every run is logged in c360.resolve_run.';

-- Clusters the records and gives every cluster a customer id, keeping ids
-- stable: an id stays with the cluster that holds most of its records; a
-- cluster takes the oldest (smallest) id it holds; a cluster with none
-- gets a new one.  Ids that stop existing are kept in customer_id_history.
CREATE FUNCTION c360.assign_customers(run bigint, threshold float8, strong_weight float8,
                                      max_cluster_size int)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
	last_id bigint;
	n_new bigint;
BEGIN
	-- Left by a resolve earlier in this transaction (they go at commit).
	DROP TABLE IF EXISTS pg_temp.c360_decided, pg_temp.c360_matched, pg_temp.c360_cluster, pg_temp.c360_keeps,
		pg_temp.c360_ids, pg_temp.c360_moved;
	CREATE TEMP TABLE c360_decided ON COMMIT DROP AS
	SELECT d.kind, ra.record_id AS a, rb.record_id AS b
	FROM c360.steward_decision d
	JOIN c360.source sa ON sa.name = d.source_a
	JOIN c360.record ra ON ra.source_id = sa.source_id AND ra.source_key = d.key_a
	LEFT JOIN c360.source sb ON sb.name = d.source_b
	LEFT JOIN c360.record rb ON rb.source_id = sb.source_id AND rb.source_key = d.key_b;

	CREATE TEMP TABLE c360_matched ON COMMIT DROP AS
	SELECT node AS record_id, cluster
	FROM c360.match_clusters(format($q$
		SELECT e.a, e.b, e.weight FROM c360.match_edge e
		WHERE e.weight > %s
		  AND NOT EXISTS (SELECT 1 FROM pg_temp.c360_decided d WHERE d.kind = 'never_match'
		                  AND ((d.a = e.a AND d.b = e.b) OR (d.a = e.b AND d.b = e.a)))
		  AND NOT EXISTS (SELECT 1 FROM pg_temp.c360_decided d WHERE d.kind = 'split'
		                  AND d.a IN (e.a, e.b))
		UNION ALL
		SELECT d.a, d.b, 'infinity'::float8 FROM pg_temp.c360_decided d
		WHERE d.kind = 'merge' AND d.b IS NOT NULL $q$, threshold::text),
		strong_weight, max_cluster_size);
	-- Every record with its cluster and its customer before this run (NULL:
	-- new), in one pass that the steps below share.  A record without a
	-- match is a cluster of its own, named by its id as match_clusters
	-- names a cluster by its smallest id (kept out of the C call so its
	-- memory grows with the matched records only).
	CREATE TEMP TABLE c360_cluster ON COMMIT DROP AS
	SELECT r.record_id, coalesce(m.cluster, r.record_id) AS cluster, c.customer_id AS old_id
	FROM c360.record r
	LEFT JOIN pg_temp.c360_matched m USING (record_id)
	LEFT JOIN c360.record_customer c USING (record_id);

	CREATE TEMP TABLE c360_keeps ON COMMIT DROP AS
	SELECT DISTINCT ON (old_id) old_id, cluster, n
	FROM (SELECT c.cluster, c.old_id, count(*) AS n
	      FROM pg_temp.c360_cluster c WHERE c.old_id IS NOT NULL
	      GROUP BY 1, 2) v
	ORDER BY old_id, n DESC, cluster;

	CREATE TEMP TABLE c360_ids ON COMMIT DROP AS
	SELECT cl.cluster, min(k.old_id) AS customer_id
	FROM (SELECT DISTINCT cluster FROM pg_temp.c360_cluster) cl
	LEFT JOIN pg_temp.c360_keeps k USING (cluster)
	GROUP BY cl.cluster;

	-- New ids in cluster order, so the same data gets the same ids.
	SELECT count(*) INTO n_new FROM pg_temp.c360_ids WHERE customer_id IS NULL;
	IF n_new > 0 THEN
		last_id := nextval('c360.customer_id_seq');
		PERFORM setval('c360.customer_id_seq', last_id + n_new - 1);
		UPDATE pg_temp.c360_ids i SET customer_id = last_id - 1 + s.rn
		FROM (SELECT cluster, row_number() OVER (ORDER BY cluster) AS rn
		      FROM pg_temp.c360_ids WHERE customer_id IS NULL) s
		WHERE i.cluster = s.cluster;
	END IF;

	-- Ids that no cluster kept were merged into the cluster holding most of
	-- their records.  Records that left an id for a new one were split off.
	INSERT INTO c360.customer_id_history (old_id, new_id, kind, run_id)
	SELECT k.old_id, i.customer_id, 'merge', run
	FROM pg_temp.c360_keeps k JOIN pg_temp.c360_ids i USING (cluster)
	WHERE k.old_id <> i.customer_id
	  AND NOT EXISTS (SELECT 1 FROM pg_temp.c360_ids j WHERE j.customer_id = k.old_id);
	-- The records whose customer changes (new records included), in one
	-- pass over every record: only these are written.
	CREATE TEMP TABLE c360_moved ON COMMIT DROP AS
	SELECT c.record_id, c.old_id, i.customer_id AS new_id
	FROM pg_temp.c360_cluster c JOIN pg_temp.c360_ids i USING (cluster)
	WHERE c.old_id IS DISTINCT FROM i.customer_id;
	INSERT INTO c360.customer_id_history (old_id, new_id, kind, run_id)
	SELECT DISTINCT m.old_id, m.new_id, 'split', run
	FROM pg_temp.c360_moved m
	WHERE m.old_id IS NOT NULL
	  AND EXISTS (SELECT 1 FROM pg_temp.c360_ids j WHERE j.customer_id = m.old_id);
	IF NOT EXISTS (SELECT 1 FROM c360.record_customer) THEN
		-- A first load builds the indexes after the rows are in (as the
		-- install script creates them), as resolve does c360.record's.
		ALTER TABLE c360.record_customer DROP CONSTRAINT record_customer_pkey;
		DROP INDEX c360.record_customer_customer;
		INSERT INTO c360.record_customer (record_id, customer_id)
		SELECT m.record_id, m.new_id FROM pg_temp.c360_moved m;
		ALTER TABLE c360.record_customer ADD PRIMARY KEY (record_id);
		CREATE INDEX record_customer_customer ON c360.record_customer (customer_id);
		-- relationships and households join it next: plan them with its
		-- statistics, not an empty table's
		ANALYZE c360.record_customer;
	ELSE
		-- (An upsert locks the row it conflicts with: unchanged records are
		-- left out before it, not by a WHERE of its own.)
		INSERT INTO c360.record_customer AS r (record_id, customer_id)
		SELECT m.record_id, m.new_id FROM pg_temp.c360_moved m
		ON CONFLICT (record_id) DO UPDATE SET customer_id = EXCLUDED.customer_id;
	END IF;
	-- every cluster is a customer (of its own id)
	RETURN (SELECT count(*) FROM pg_temp.c360_ids);
END
$$;
COMMENT ON FUNCTION c360.assign_customers(bigint, float8, float8, int) IS
'Internal to c360.resolve(): clusters the scored pairs (with the stewards'' decisions), assigns stable customer ids and returns the number of customers.';

CREATE FUNCTION c360.current_customer_id(old_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	id bigint := old_id;
	next_id bigint;
	steps int := 0;
BEGIN
	LOOP
		IF EXISTS (SELECT 1 FROM c360.record_customer r WHERE r.customer_id = id) THEN
			RETURN id;
		END IF;
		SELECT h.new_id INTO next_id FROM c360.customer_id_history h
		WHERE h.old_id = id AND h.kind = 'merge' ORDER BY h.run_id DESC LIMIT 1;
		IF next_id IS NULL OR steps > 10000 THEN
			RETURN NULL;
		END IF;
		id := next_id;
		steps := steps + 1;
	END LOOP;
END
$$;
COMMENT ON FUNCTION c360.current_customer_id(bigint) IS
'The customer id an id of the past stands for now: itself while it exists, else the id it was merged into (followed through later merges). NULL for an id that never existed or whose records are all gone.';

-- Steward decisions: recorded by source record, applied by the next resolve.
CREATE FUNCTION c360.merge(customer_a bigint, customer_b bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	ra record;
	rb record;
BEGIN
	SELECT s.name, r.source_key INTO ra
	FROM c360.record_customer c JOIN c360.record r USING (record_id) JOIN c360.source s USING (source_id)
	WHERE c.customer_id = c360.current_customer_id(customer_a) ORDER BY r.record_id LIMIT 1;
	SELECT s.name, r.source_key INTO rb
	FROM c360.record_customer c JOIN c360.record r USING (record_id) JOIN c360.source s USING (source_id)
	WHERE c.customer_id = c360.current_customer_id(customer_b) ORDER BY r.record_id LIMIT 1;
	IF ra IS NULL OR rb IS NULL THEN
		RAISE EXCEPTION 'merge: customer % does not exist', CASE WHEN ra IS NULL THEN customer_a ELSE customer_b END
			USING ERRCODE = 'no_data_found';
	END IF;
	-- Every record of both, tied to customer_a's first record: one pair
	-- would hold only those two records together, and the over-merge
	-- guard could then keep the rest of either customer apart.
	INSERT INTO c360.steward_decision (kind, source_a, key_a, source_b, key_b)
	SELECT 'merge', ra.name, ra.source_key, s.name, r.source_key
	FROM c360.record_customer c JOIN c360.record r USING (record_id) JOIN c360.source s USING (source_id)
	WHERE c.customer_id IN (c360.current_customer_id(customer_a), c360.current_customer_id(customer_b))
	  AND (s.name, r.source_key) <> (ra.name, ra.source_key)
	ORDER BY r.record_id;
END
$$;
COMMENT ON FUNCTION c360.merge(bigint, bigint) IS
'Decide that two customers are one person; the next c360.resolve() joins every record they have now into one customer (the older id survives) and every later resolve keeps them joined.';

CREATE FUNCTION c360.split(source_name text, source_key text)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM c360.record r JOIN c360.source s USING (source_id)
	               WHERE s.name = split.source_name AND r.source_key = split.source_key) THEN
		RAISE EXCEPTION 'split: no record % in source "%"', source_key, source_name
			USING ERRCODE = 'no_data_found';
	END IF;
	INSERT INTO c360.steward_decision (kind, source_a, key_a) VALUES ('split', source_name, source_key);
END
$$;
COMMENT ON FUNCTION c360.split(text, text) IS
'Decide that a record is nobody else: the next c360.resolve() takes it out of its customer (its matches are ignored) and every later resolve keeps it apart.';

CREATE FUNCTION c360.never_match(source_a text, key_a text, source_b text, key_b text)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	INSERT INTO c360.steward_decision (kind, source_a, key_a, source_b, key_b)
	VALUES ('never_match', source_a, key_a, source_b, key_b);
END
$$;
COMMENT ON FUNCTION c360.never_match(text, text, text, text) IS
'Decide that two records are different people: their pair is never used as a match (they may still meet in one customer through other, strong records; split one to stop that).';

-- Views of the whole customer.
CREATE VIEW c360.customer_source AS
SELECT c.customer_id, s.name AS source_name, r.source_key,
       (SELECT max(1 / (1 + power(2::float8, -e.weight))) FROM c360.match_edge e
        JOIN c360.record_customer o ON o.record_id = CASE WHEN e.a = r.record_id THEN e.b ELSE e.a END
        WHERE (e.a = r.record_id OR e.b = r.record_id) AND o.customer_id = c.customer_id) AS match_probability,
       r.record_id, r.first_seen, r.updated_at, r.attrs
FROM c360.record r JOIN c360.source s USING (source_id)
LEFT JOIN c360.record_customer c USING (record_id);
COMMENT ON VIEW c360.customer_source IS
'The crosswalk: every registered record with its customer id; match_probability is the best match probability to another record of the same customer (NULL for a customer of one record).';

CREATE VIEW c360.customer AS
WITH v AS (
	SELECT rc.customer_id, a.key AS attr, a.value, s.trust, r.updated_at
	FROM c360.record_customer rc JOIN c360.record r USING (record_id) JOIN c360.source s USING (source_id)
	CROSS JOIN LATERAL jsonb_each_text(r.attrs) a
	WHERE a.key <> 'account_id'),
c AS (
	SELECT customer_id, attr, value, max(trust) AS trust, count(*) AS n, max(updated_at) AS latest
	FROM v GROUP BY customer_id, attr, value),
best AS (
	SELECT DISTINCT ON (customer_id, attr) customer_id, attr, value
	FROM c ORDER BY customer_id, attr, trust DESC, n DESC, latest DESC, length(value) DESC, value),
golden AS (
	SELECT customer_id,
	       max(value) FILTER (WHERE attr = 'full_name') AS full_name,
	       max(value) FILTER (WHERE attr = 'given_name') AS given_name,
	       max(value) FILTER (WHERE attr = 'middle_name') AS middle_name,
	       max(value) FILTER (WHERE attr = 'family_name') AS family_name,
	       max(value) FILTER (WHERE attr = 'name_suffix') AS name_suffix,
	       max(value) FILTER (WHERE attr = 'birth_date') AS birth_date,
	       max(value) FILTER (WHERE attr = 'email') AS email,
	       max(value) FILTER (WHERE attr = 'phone') AS phone,
	       max(value) FILTER (WHERE attr = 'address') AS address,
	       max(value) FILTER (WHERE attr = 'street') AS street,
	       max(value) FILTER (WHERE attr = 'city') AS city,
	       max(value) FILTER (WHERE attr = 'region') AS region,
	       max(value) FILTER (WHERE attr = 'postcode') AS postcode,
	       max(value) FILTER (WHERE attr = 'country') AS country,
	       max(value) FILTER (WHERE attr = 'national_id') AS national_id
	FROM best GROUP BY customer_id)
SELECT g.customer_id,
       coalesce(g.full_name, nullif(concat_ws(' ', g.given_name, g.middle_name, g.family_name, g.name_suffix), '')) AS full_name,
       g.given_name, g.middle_name, g.family_name, g.name_suffix,
       c360.parse_date(g.birth_date) AS birth_date, g.birth_date AS birth_date_text,
       g.email, g.phone, g.address, g.street, g.city, g.region, g.postcode, g.country, g.national_id,
       st.source_count, st.record_count, st.first_seen, st.last_seen
FROM golden g
JOIN (SELECT rc.customer_id, count(DISTINCT r.source_id) AS source_count, count(*) AS record_count,
             min(r.first_seen) AS first_seen, max(r.updated_at) AS last_seen
      FROM c360.record_customer rc JOIN c360.record r USING (record_id) GROUP BY rc.customer_id) st USING (customer_id);
COMMENT ON VIEW c360.customer IS
'The golden record: one row per customer. Each attribute survives from the most trusted source that has it, then the most frequent value among the customer''s records, then the most recently changed, then the longest (most complete), then the smallest.';

CREATE VIEW c360.customer_account AS
SELECT c.customer_id, s.name AS source_name,
       coalesce(r.attrs ->> 'account_id', r.source_key) AS account_id,
       r.source_key, r.attrs ->> 'full_name' AS name_on_account,
       r.first_seen, r.updated_at
FROM c360.record r JOIN c360.source s USING (source_id)
LEFT JOIN c360.record_customer c USING (record_id);
COMMENT ON VIEW c360.customer_account IS
'Every account a customer holds in every registered system (account_id as mapped, else the record key).';

CREATE VIEW c360.possible_match AS
SELECT sa.name AS source_a, ra.source_key AS key_a, sb.name AS source_b, rb.source_key AS key_b,
       ca.customer_id AS customer_a, cb.customer_id AS customer_b,
       1 / (1 + power(2::float8, -e.weight)) AS match_probability,
       c360.match_explain(m.model, ra.key, rb.key) AS explanation
FROM c360.match_edge e
JOIN c360.record ra ON ra.record_id = e.a JOIN c360.source sa ON sa.source_id = ra.source_id
JOIN c360.record rb ON rb.record_id = e.b JOIN c360.source sb ON sb.source_id = rb.source_id
LEFT JOIN c360.record_customer ca ON ca.record_id = e.a
LEFT JOIN c360.record_customer cb ON cb.record_id = e.b
JOIN c360.model m ON m.active
WHERE e.weight BETWEEN -3.1699250014423126 AND 3.1699250014423126;
COMMENT ON VIEW c360.possible_match IS
'Pairs in the uncertain band (match probability between 0.1 and 0.9), with their explanation, for a steward to review and decide with c360.merge, c360.split or c360.never_match.';

CREATE FUNCTION c360.resolve_record(source_name text, source_key text,
                                    match_probability float8 DEFAULT 0.5,
                                    max_block_size int DEFAULT 100)
RETURNS bigint
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	src c360.source;
	m c360.match_model;
	rows_found int := 0;
	row_attrs jsonb;
	attrs jsonb;
	k c360.match_key;
	rec_id bigint;
	rec_blocks bigint[];
	changed boolean;
	threshold float8;
	best bigint;
	current_id bigint;
	run bigint;
BEGIN
	IF NOT (match_probability > 0 AND match_probability < 1) THEN
		RAISE EXCEPTION 'resolve_record: match_probability must be between 0 and 1 (exclusive), not %', match_probability
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	threshold := ln(match_probability / (1 - match_probability)) / ln(2);
	SELECT * INTO src FROM c360.source s WHERE s.name = resolve_record.source_name;
	IF src IS NULL THEN
		RAISE EXCEPTION 'resolve_record: no source named "%"', source_name
			USING ERRCODE = 'undefined_object';
	END IF;
	SELECT model INTO m FROM c360.model WHERE active;
	SELECT max(run_id) INTO run FROM c360.resolve_run WHERE finished_at IS NOT NULL;
	IF m IS NULL OR run IS NULL THEN
		RAISE EXCEPTION 'resolve_record: run c360.resolve() once first (there is no model yet)'
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	IF octet_length(source_key) > 1024 THEN
		RETURN NULL;		-- too long to be a record key, as c360.resolve() rejects it
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('c360.resolve'));

	-- The row as its system has it now.  No temporary tables: creating
	-- them costs more than everything else a call does.
	FOR row_attrs IN SELECT * FROM c360.source_rows(src, source_key) LOOP
		rows_found := rows_found + 1;
		attrs := row_attrs;
	END LOOP;
	IF rows_found > 1 THEN
		RAISE EXCEPTION 'resolve_record: key % is not unique in source "%"', source_key, source_name
			USING ERRCODE = 'unique_violation';
	END IF;
	IF rows_found = 1 THEN
		k := c360.record_key(attrs, src.attributes #>> '{birth_date,format}');
	END IF;
	-- The customer it has (before the upsert, whose trigger notes it).
	SELECT c.customer_id INTO current_id
	FROM c360.record r JOIN c360.record_customer c USING (record_id)
	WHERE r.source_id = src.source_id AND r.source_key = resolve_record.source_key;
	IF rows_found = 0 OR c360.match_key_attributes(k) = 0 THEN
		-- The row is gone from its system, or has nothing to match on: so
		-- is the record.
		DELETE FROM c360.record r WHERE r.source_id = src.source_id AND r.source_key = resolve_record.source_key;
		RETURN NULL;
	END IF;
	INSERT INTO c360.record AS r (source_id, source_key, attrs, key,
	                              first_seen, updated_at, changed_run)
	VALUES (src.source_id, source_key, attrs, k, now(), now(), run)
	ON CONFLICT (source_id, source_key) DO UPDATE
	SET attrs = EXCLUDED.attrs, key = EXCLUDED.key,
	    updated_at = now(), changed_run = run
	WHERE r.attrs IS DISTINCT FROM EXCLUDED.attrs
	RETURNING r.record_id, r.blocks INTO rec_id, rec_blocks;
	changed := FOUND;
	IF NOT changed THEN
		SELECT r.record_id, r.blocks INTO rec_id, rec_blocks FROM c360.record r
		WHERE r.source_id = src.source_id AND r.source_key = resolve_record.source_key;
	END IF;
	IF current_id IS NOT NULL AND NOT changed THEN
		RETURN current_id;		-- unchanged since it was resolved
	END IF;

	-- Score it against its candidates and join the customer of its best
	-- match (a single record only joins; merging customers is resolve's job).
	DELETE FROM c360.match_edge e WHERE e.a = rec_id;
	DELETE FROM c360.match_edge e WHERE e.b = rec_id;
	INSERT INTO c360.match_edge (a, b, weight)
	SELECT least(rec_id, o.record_id), greatest(rec_id, o.record_id), s.w
	FROM c360.block_neighbours(rec_id, rec_blocks, max_block_size) c
	JOIN c360.record o ON o.record_id = c.record_id
	CROSS JOIN LATERAL (SELECT CASE WHEN rec_id < o.record_id THEN c360.match_weight(m, k, o.key)
	                                ELSE c360.match_weight(m, o.key, k) END AS w) s
	WHERE s.w >= least(-3.1699250014423126, threshold);
	SELECT o.customer_id INTO best
	FROM c360.match_edge e
	JOIN c360.record_customer o ON o.record_id = CASE WHEN e.a = rec_id THEN e.b ELSE e.a END
	WHERE (e.a = rec_id OR e.b = rec_id) AND e.weight > threshold
	  AND NOT EXISTS (SELECT 1 FROM c360.steward_decision d
	                  WHERE (d.kind = 'split' AND d.source_a = source_name AND d.key_a = resolve_record.source_key))
	ORDER BY e.weight DESC, o.customer_id
	LIMIT 1;
	IF best IS NULL THEN
		best := coalesce(current_id, nextval('c360.customer_id_seq'));
	END IF;
	INSERT INTO c360.record_customer AS c (record_id, customer_id) VALUES (rec_id, best)
	ON CONFLICT (record_id) DO UPDATE SET customer_id = EXCLUDED.customer_id
	WHERE c.customer_id <> EXCLUDED.customer_id;
	-- (its old customer, if another, its trigger noted or it had none)
	INSERT INTO c360.household_pending (customer_id) VALUES (best);
	RETURN best;
END
$$;
COMMENT ON FUNCTION c360.resolve_record(text, text, float8, int) IS
'Resolve one record now (after its row was added or changed in its source): read it, block it against every record, score it with the active model and give it the customer id of its best match above match_probability, or a new id. Returns the customer id (NULL when the row is gone or has nothing to match on). It never merges two customers: the next c360.resolve() reconsiders the whole picture. Fast (a few milliseconds) when the source has an index on its key column.';

-- Who may do what: registering, resolving and stewarding change data for
-- everyone; the extension's owner grants them (docs/reference/resolve.md).
REVOKE ALL ON FUNCTION c360.add_source(text, regclass, text, jsonb, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.drop_source(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.resolve(boolean, float8, float8, int, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.resolve_record(text, text, float8, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.assign_customers(bigint, float8, float8, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.stage_source(c360.source) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.source_key_unique(c360.source) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.source_attrs_sql(c360.source) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.source_rows(c360.source, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.block_candidates(int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.block_neighbours(bigint, bigint[], int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.block_indexes(boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.train_resolve_model(int, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.score_candidates(c360.match_model, int, float8, bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.candidate_sample(int, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.pair_level_counts(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.merge(bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.split(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.never_match(text, text, text, text) FROM PUBLIC;

-- ===================================================================
-- Customer value across systems, through the crosswalk (issue 6)
-- ===================================================================

CREATE TABLE c360.transaction_source (
	name text PRIMARY KEY,
	relation regclass NOT NULL,
	source_name text NOT NULL,	-- c360.source (name); no foreign key: see c360.source_deleted
	key_column text NOT NULL,
	ts_column text NOT NULL,
	amount_column text NOT NULL
);
COMMENT ON TABLE c360.transaction_source IS
'Registered transaction tables: each row of one belongs to the record (source_name, key) of a registered source (c360.add_transactions).';
SELECT pg_catalog.pg_extension_config_dump('c360.transaction_source', '');

-- What ON DELETE / ON UPDATE CASCADE to c360.source (name) did: both tables
-- are dumped, so they are not joined by a foreign key (see c360.source).
CREATE FUNCTION c360.source_changed_transactions() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		DELETE FROM c360.transaction_source t WHERE t.source_name IN (SELECT o.name FROM old_rows o);
	ELSE
		UPDATE c360.transaction_source t SET source_name = n.name
		FROM old_rows o JOIN new_rows n USING (source_id)
		WHERE t.source_name = o.name AND o.name <> n.name;
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION c360.source_changed_transactions() IS
'Trigger of c360.source: transaction tables follow their source when it is renamed and go when it is deleted.';
CREATE TRIGGER source_deleted_transactions AFTER DELETE ON c360.source
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION c360.source_changed_transactions();
CREATE TRIGGER source_renamed_transactions AFTER UPDATE ON c360.source
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION c360.source_changed_transactions();

CREATE FUNCTION c360.add_transactions(name text, relation regclass, source_name text,
                                      key_column text, ts_column text, amount_column text)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	col text;
	typ regtype;
BEGIN
	IF name IS NULL OR btrim(name) = '' OR relation IS NULL OR source_name IS NULL
	   OR key_column IS NULL OR ts_column IS NULL OR amount_column IS NULL THEN
		RAISE EXCEPTION 'add_transactions: every argument is required (a non-empty name, the relation, the source and three columns)'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF EXISTS (SELECT 1 FROM c360.transaction_source t WHERE t.name = add_transactions.name) THEN
		RAISE EXCEPTION 'add_transactions: transactions named "%" are already registered', name
			USING ERRCODE = 'duplicate_object';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM c360.source s WHERE s.name = add_transactions.source_name) THEN
		RAISE EXCEPTION 'add_transactions: no source named "%"', source_name
			USING ERRCODE = 'undefined_object',
			      HINT = 'Register the source system the transactions belong to with c360.add_source first.';
	END IF;
	FOREACH col IN ARRAY ARRAY[key_column, ts_column, amount_column] LOOP
		SELECT a.atttypid::regtype INTO typ FROM pg_attribute a
		WHERE a.attrelid = relation AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
		IF typ IS NULL THEN
			RAISE EXCEPTION 'add_transactions: % has no column "%"', relation, col
				USING ERRCODE = 'undefined_column';
		END IF;
		IF col = ts_column AND typ NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
			RAISE EXCEPTION 'add_transactions: column "%" is %, not a date or timestamp', col, typ
				USING ERRCODE = 'datatype_mismatch';
		END IF;
		IF col = amount_column AND typ NOT IN ('numeric'::regtype, 'float8'::regtype, 'float4'::regtype,
		                                       'int8'::regtype, 'int4'::regtype, 'int2'::regtype, 'money'::regtype) THEN
			RAISE EXCEPTION 'add_transactions: column "%" is %, not a number', col, typ
				USING ERRCODE = 'datatype_mismatch';
		END IF;
		typ := NULL;
	END LOOP;
	INSERT INTO c360.transaction_source (name, relation, source_name, key_column, ts_column, amount_column)
	VALUES (name, relation, source_name, key_column, ts_column, amount_column);
	RETURN (SELECT count(*)::int FROM c360.transaction_source);
END
$$;
COMMENT ON FUNCTION c360.add_transactions(text, regclass, text, text, text, text) IS
'Register a transactions table of a source system: key_column names the record (source key) each row belongs to, ts_column its time (date or timestamp), amount_column its value. c360.customer_transactions and c360.customer_value read it through the crosswalk.';
REVOKE ALL ON FUNCTION c360.add_transactions(text, regclass, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION c360.customer_transactions()
RETURNS TABLE (customer_id bigint, source_name text, source_key text, ts timestamptz, amount numeric)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t c360.transaction_source;
BEGIN
	FOR t IN SELECT * FROM c360.transaction_source ORDER BY name LOOP
		RETURN QUERY EXECUTE format(
			'SELECT c.customer_id, %L::text, x.k, x.ts, x.amount
			 FROM (SELECT (%I)::text AS k, (%I)::timestamptz AS ts, (%I)::numeric AS amount FROM %s) x
			 JOIN c360.record r ON r.source_key = x.k
			 JOIN c360.source s ON s.source_id = r.source_id AND s.name = %L
			 JOIN c360.record_customer c ON c.record_id = r.record_id',
			t.source_name, t.key_column, t.ts_column, t.amount_column, t.relation, t.source_name);
	END LOOP;
END
$$;
COMMENT ON FUNCTION c360.customer_transactions() IS
'Every registered transaction with the customer its record belongs to (rows whose record is unknown or not yet resolved are left out).';

CREATE FUNCTION c360.customer_value_at(observation_end timestamptz, time_unit interval DEFAULT '1 week',
                                       horizon float8 DEFAULT 52, discount_rate float8 DEFAULT 0.01)
RETURNS TABLE (customer_id bigint, total_value numeric, frequency bigint, recency float8, t float8,
               monetary_value numeric, first_purchase timestamptz, last_purchase timestamptz,
               p_alive float8, attrition_risk float8, expected_purchases_1y float8, clv_1y float8,
               value_tier text, rfm_segment text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH summary AS (
		SELECT x.customer_id, (c360.rfm(x.ts, x.amount, observation_end, time_unit)).*
		FROM c360.customer_transactions() x
		GROUP BY x.customer_id),
	-- customers with no purchase up to observation_end are not valued yet
	bought AS (SELECT * FROM summary WHERE frequency IS NOT NULL),
	models AS (
		SELECT (SELECT c360.bgnbd_fit(s.frequency, s.recency, s.t) FROM bought s) AS bgnbd,
		       (SELECT c360.gamma_gamma_fit(s.frequency, s.monetary_value::float8) FROM bought s
		        WHERE s.frequency > 0 AND s.monetary_value > 0) AS gg),
	scored AS (
		SELECT s.*, c360.p_alive(m.bgnbd, s.frequency, s.recency, s.t) AS p_alive,
		       c360.expected_purchases(m.bgnbd, horizon, s.frequency, s.recency, s.t) AS expected_purchases_1y,
		       c360.clv(m.bgnbd, m.gg, s.frequency, s.recency, s.t, s.monetary_value::float8,
		                horizon, discount_rate) AS clv_1y
		FROM bought s CROSS JOIN models m)
	SELECT s.customer_id, s.total_value, s.frequency, s.recency, s.t, s.monetary_value,
	       s.first_purchase, s.last_purchase, s.p_alive, 1 - s.p_alive,
	       s.expected_purchases_1y, s.clv_1y,
	       c360.value_tier(rank() OVER (ORDER BY s.total_value DESC), count(*) OVER ()),
	       c360.rfm_segment(
	           c360.rfm_score(rank() OVER (ORDER BY s.t - s.recency DESC), count(*) OVER ())::int,
	           c360.rfm_score(rank() OVER (ORDER BY s.frequency), count(*) OVER ())::int,
	           c360.rfm_score(rank() OVER (ORDER BY s.monetary_value), count(*) OVER ())::int)
	FROM scored s
$$;
COMMENT ON FUNCTION c360.customer_value_at(timestamptz, interval, float8, float8) IS
'Per customer with a purchase up to observation_end, across every system (through the crosswalk): the RFM summary at observation_end in time_unit, BG/NBD p_alive, attrition risk and expected purchases over horizon time units, Gamma-Gamma CLV discounted per time unit at discount_rate, value tier by total value and RFM segment. The models are fitted on all customers at each call. NULL predictions when a model cannot be fitted (no repeat buyers).';

CREATE VIEW c360.customer_value AS
SELECT * FROM c360.customer_value_at(pg_catalog.now());
COMMENT ON VIEW c360.customer_value IS
'c360.customer_value_at(now()): value per customer across every system, in weeks, with a one-year (52-week) horizon and 1% discount per week.';

-- ===================================================================
-- Relationships and households (issue 5)
-- ===================================================================

-- The vocabulary.  A relationship row (customer_id, related_customer_id,
-- kind) reads "customer_id is <kind> of related_customer_id": (A, B,
-- 'parent') says A is B's parent; (A, B, 'referred_by') says A was
-- referred by B.  Every kind has an inverse, so the graph is stored in
-- both directions.
CREATE TABLE c360.relationship_kind (
	kind text PRIMARY KEY,
	inverse_kind text NOT NULL,
	forms_household boolean NOT NULL,
	description text NOT NULL
);
INSERT INTO c360.relationship_kind VALUES
	('spouse', 'spouse', true, 'married to'),
	('partner', 'partner', true, 'lives as a couple with'),
	('parent', 'child', true, 'parent or guardian of'),
	('child', 'parent', true, 'child or ward of'),
	('sibling', 'sibling', false, 'brother or sister of'),
	('household_member', 'household_member', true, 'lives in one household with'),
	('joint_holder', 'joint_holder', false, 'holds an account jointly with'),
	('employer', 'employee', false, 'employer of'),
	('employee', 'employer', false, 'employed by'),
	('referred_by', 'referred', false, 'became a customer on the referral of'),
	('referred', 'referred_by', false, 'referred (brought in as a customer)'),
	('guarantor', 'guaranteed_by', false, 'guarantees a loan or account of'),
	('guaranteed_by', 'guarantor', false, 'has a loan or account guaranteed by'),
	('beneficiary', 'benefactor', false, 'is a beneficiary of a policy or account of'),
	('benefactor', 'beneficiary', false, 'holds a policy or account that benefits');
COMMENT ON TABLE c360.relationship_kind IS
'The relationship vocabulary: each kind, its inverse, and whether it puts two customers in one household. A row of c360.relationship reads "customer_id is <kind> of related_customer_id".';

-- Customer-level relationships, both directions, rebuilt by c360.resolve()
-- from the relationship sources and from accounts held jointly.  The graph
-- functions (c360.neighbourhood, c360.relationship_path, c360.influence,
-- c360.graph_dot) read this table by its primary key.
CREATE TABLE c360.customer_relationship (
	customer_id bigint NOT NULL,
	related_customer_id bigint NOT NULL,
	kind text NOT NULL REFERENCES c360.relationship_kind,
	source_name text NOT NULL,
	PRIMARY KEY (customer_id, related_customer_id, kind, source_name),
	CHECK (customer_id <> related_customer_id)
);
CREATE INDEX customer_relationship_kind ON c360.customer_relationship (kind);
COMMENT ON TABLE c360.customer_relationship IS
'Relationships between resolved customers, both directions, one row per (customer, related customer, kind, source); rebuilt by c360.resolve().';
-- Kept by pg_dump with the customer ids it connects (c360.record).
SELECT pg_catalog.pg_extension_config_dump('c360.customer_relationship', '');

-- A household-forming relationship that goes outside c360.relate (its
-- source dropped): the next resolve works out both customers' households
-- again.
CREATE FUNCTION c360.relationship_deleted() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	INSERT INTO c360.household_pending (customer_id)
	SELECT v.customer_id
	FROM gone g JOIN c360.relationship_kind k USING (kind)
	CROSS JOIN LATERAL (VALUES (g.customer_id), (g.related_customer_id)) v(customer_id)
	WHERE k.forms_household;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION c360.relationship_deleted() IS
'Trigger of c360.customer_relationship: notes both customers of a deleted household-forming relationship in c360.household_pending.';
CREATE TRIGGER relationship_deleted AFTER DELETE ON c360.customer_relationship
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION c360.relationship_deleted();

CREATE VIEW c360.relationship AS
SELECT r.customer_id, r.related_customer_id, r.kind, r.source_name,
       k.inverse_kind, k.forms_household, k.description
FROM c360.customer_relationship r JOIN c360.relationship_kind k USING (kind);
COMMENT ON VIEW c360.relationship IS
'Relationships between customers, both directions: customer_id is <kind> of related_customer_id (c360.relationship_kind describes each kind), from the relationship source or the source whose shared account made them joint holders.';

-- Users' decisions: registered relationship sources (dumped, like c360.source).
CREATE TABLE c360.relationship_source (
	relationship_source_id serial PRIMARY KEY,
	name text NOT NULL UNIQUE,
	relation regclass NOT NULL,
	from_source text NOT NULL,		-- c360.source (name); no foreign key: see below
	from_key_column text NOT NULL,
	to_source text NOT NULL,		-- c360.source (name)
	to_key_column text NOT NULL,
	kind text REFERENCES c360.relationship_kind,
	kind_column text,
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CHECK ((kind IS NULL) <> (kind_column IS NULL))
);
COMMENT ON TABLE c360.relationship_source IS
'Registered relationship sources: a table or view whose rows link a record of from_source (by its key) to a record of to_source, with one kind for every row or a column holding each row''s kind (c360.add_relationship_source).';
SELECT pg_catalog.pg_extension_config_dump('c360.relationship_source', '');
SELECT pg_catalog.pg_extension_config_dump('c360.relationship_source_relationship_source_id_seq', '');

-- What ON DELETE / ON UPDATE CASCADE to c360.source (name) would do: both
-- tables are dumped, so no foreign key joins them (see c360.source).  A
-- source that goes takes the relationship sources on it and the
-- relationships they and its shared accounts made; a renamed source is
-- followed.
CREATE FUNCTION c360.source_changed_relationships() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		DELETE FROM c360.customer_relationship r
		WHERE r.source_name IN (SELECT o.name FROM old_rows o)
		   OR r.source_name IN (SELECT x.name FROM c360.relationship_source x
		                        WHERE x.from_source IN (SELECT o.name FROM old_rows o)
		                           OR x.to_source IN (SELECT o.name FROM old_rows o));
		DELETE FROM c360.relationship_source x
		WHERE x.from_source IN (SELECT o.name FROM old_rows o)
		   OR x.to_source IN (SELECT o.name FROM old_rows o);
	ELSE
		UPDATE c360.relationship_source x SET from_source = n.name
		FROM old_rows o JOIN new_rows n USING (source_id)
		WHERE x.from_source = o.name AND o.name <> n.name;
		UPDATE c360.relationship_source x SET to_source = n.name
		FROM old_rows o JOIN new_rows n USING (source_id)
		WHERE x.to_source = o.name AND o.name <> n.name;
		UPDATE c360.customer_relationship r SET source_name = n.name
		FROM old_rows o JOIN new_rows n USING (source_id)
		WHERE r.source_name = o.name AND o.name <> n.name;
	END IF;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION c360.source_changed_relationships() IS
'Trigger of c360.source: relationship sources follow their sources when renamed and go (with their relationships and the joint holders of the source''s accounts) when one is deleted.';
CREATE TRIGGER source_deleted_relationships AFTER DELETE ON c360.source
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION c360.source_changed_relationships();
CREATE TRIGGER source_renamed_relationships AFTER UPDATE ON c360.source
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION c360.source_changed_relationships();

CREATE TABLE c360.rejected_relationship (
	source_name text NOT NULL,
	from_key text,
	to_key text,
	reason text NOT NULL,
	run_id bigint NOT NULL
);
CREATE INDEX rejected_relationship_source ON c360.rejected_relationship (source_name);
COMMENT ON TABLE c360.rejected_relationship IS
'Rows of the relationship sources that the last c360.relate() could not use, with the reason (NULL key, unknown kind, unknown or unresolved record, both records one customer, unreadable source), and shared accounts held by too many customers to be joint (from_key = the account).';

-- Households: ids stable across runs as customer ids are (dumped).
CREATE SEQUENCE c360.household_id_seq;
SELECT pg_catalog.pg_extension_config_dump('c360.household_id_seq', '');

CREATE TABLE c360.customer_household (
	customer_id bigint PRIMARY KEY,
	household_id bigint NOT NULL,
	address text,
	run_id bigint			-- NULL: not written by c360.relate
);
CREATE INDEX customer_household_household ON c360.customer_household (household_id);
COMMENT ON TABLE c360.customer_household IS
'The household of every customer at the last c360.relate(): household_id, the address the inference took as the customer''s home (normalized house, street, unit, postcode; NULL when none), and the run that last changed the row.';
SELECT pg_catalog.pg_extension_config_dump('c360.customer_household', '');

-- Household ids that stopped existing or lost members, as
-- c360.customer_id_history keeps customer ids: an id saved outside (a CRM
-- export) still answers through c360.current_household_id.
CREATE TABLE c360.household_id_history (
	old_id bigint NOT NULL,
	new_id bigint NOT NULL,
	kind text NOT NULL CHECK (kind IN ('merge', 'split')),
	run_id bigint NOT NULL,
	changed_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX household_id_history_old ON c360.household_id_history (old_id);
COMMENT ON TABLE c360.household_id_history IS
'Household ids that stopped existing (merge: joined to new_id, the household holding most of their former members; the oldest id survives a merge) and households members left while the id lived on (split: some members went to new_id), by the c360.relate() run.';
SELECT pg_catalog.pg_extension_config_dump('c360.household_id_history', '');

CREATE FUNCTION c360.add_relationship_source(name text, relation regclass,
                                             from_source text, from_key_column text,
                                             to_source text, to_key_column text,
                                             kind text DEFAULT NULL, kind_column text DEFAULT NULL)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rk "char";
	col text;
	norm_kind text;
	vocabulary text;
	new_id int;
BEGIN
	IF name IS NULL OR btrim(name) = '' THEN
		RAISE EXCEPTION 'add_relationship_source: the name must not be empty'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF relation IS NULL OR from_source IS NULL OR from_key_column IS NULL
	   OR to_source IS NULL OR to_key_column IS NULL THEN
		RAISE EXCEPTION 'add_relationship_source: relation, from_source, from_key_column, to_source and to_key_column must not be NULL'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF (add_relationship_source.kind IS NULL) = (kind_column IS NULL) THEN
		RAISE EXCEPTION 'add_relationship_source: give exactly one of kind (one kind for every row) and kind_column (the column holding each row''s kind)'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'For example kind => ''referred_by'', or kind_column => ''relation''.';
	END IF;
	IF EXISTS (SELECT 1 FROM c360.relationship_source r WHERE r.name = add_relationship_source.name) THEN
		RAISE EXCEPTION 'add_relationship_source: a relationship source named "%" is already registered', name
			USING ERRCODE = 'duplicate_object',
			      HINT = 'Drop it first with c360.drop_relationship_source(name), or choose another name.';
	END IF;
	IF EXISTS (SELECT 1 FROM c360.source s WHERE s.name = add_relationship_source.name) THEN
		RAISE EXCEPTION 'add_relationship_source: "%" is the name of a registered source', name
			USING ERRCODE = 'duplicate_object',
			      HINT = 'Relationships name the source they come from, and joint holders of a shared account name the source of the account: choose a name no source has.';
	END IF;
	SELECT c.relkind INTO rk FROM pg_class c WHERE c.oid = relation;
	IF rk IS NULL OR rk NOT IN ('r', 'v', 'm', 'f', 'p') THEN
		RAISE EXCEPTION 'add_relationship_source: % is not a table or view', relation
			USING ERRCODE = 'wrong_object_type';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM c360.source s WHERE s.name = from_source) THEN
		RAISE EXCEPTION 'add_relationship_source: no source named "%" (from_source)', from_source
			USING ERRCODE = 'undefined_object',
			      HINT = 'Relationships link records of registered sources: register it with c360.add_source first.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM c360.source s WHERE s.name = to_source) THEN
		RAISE EXCEPTION 'add_relationship_source: no source named "%" (to_source)', to_source
			USING ERRCODE = 'undefined_object',
			      HINT = 'Relationships link records of registered sources: register it with c360.add_source first.';
	END IF;
	FOREACH col IN ARRAY ARRAY[from_key_column, to_key_column, kind_column] LOOP
		IF col IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = relation
		                                   AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
			RAISE EXCEPTION 'add_relationship_source: % has no column "%"', relation, col
				USING ERRCODE = 'undefined_column';
		END IF;
	END LOOP;
	IF add_relationship_source.kind IS NOT NULL THEN
		norm_kind := lower(btrim(add_relationship_source.kind, E' \t\n\r\f\v'));
		IF NOT EXISTS (SELECT 1 FROM c360.relationship_kind k WHERE k.kind = norm_kind) THEN
			SELECT string_agg(k.kind, ', ' ORDER BY k.kind) INTO vocabulary FROM c360.relationship_kind k;
			RAISE EXCEPTION 'add_relationship_source: unknown relationship kind "%"', add_relationship_source.kind
				USING ERRCODE = 'invalid_parameter_value',
				      HINT = 'Kinds are ' || vocabulary || ' (c360.relationship_kind).';
		END IF;
	END IF;
	INSERT INTO c360.relationship_source (name, relation, from_source, from_key_column,
	                                      to_source, to_key_column, kind, kind_column)
	VALUES (name, relation, from_source, from_key_column, to_source, to_key_column, norm_kind, kind_column)
	RETURNING relationship_source_id INTO new_id;
	RETURN new_id;
END
$$;
COMMENT ON FUNCTION c360.add_relationship_source(text, regclass, text, text, text, text, text, text) IS
'Register a table or view of relationships: each row links the record of from_source whose key is in from_key_column to the record of to_source whose key is in to_key_column, and reads "the from record''s customer is <kind> of the to record''s customer". Give kind (one kind of c360.relationship_kind for every row) or kind_column (a column holding each row''s kind, matched case-insensitively). Returns its id; every c360.resolve() reads it.';

CREATE FUNCTION c360.drop_relationship_source(name text)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	DELETE FROM c360.relationship_source r WHERE r.name = drop_relationship_source.name;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'drop_relationship_source: no relationship source named "%"', name
			USING ERRCODE = 'undefined_object';
	END IF;
	DELETE FROM c360.customer_relationship r WHERE r.source_name = drop_relationship_source.name;
	DELETE FROM c360.rejected_relationship r WHERE r.source_name = drop_relationship_source.name;
END
$$;
COMMENT ON FUNCTION c360.drop_relationship_source(text) IS
'Unregister a relationship source; its relationships go at once, households follow at the next c360.resolve().';

-- Rebuilds c360.customer_relationship and c360.customer_household from the
-- relationship sources, shared accounts and addresses; called by resolve
-- once customers are assigned.  Set-based throughout: a bad row is
-- rejected with its reason, never an error.
CREATE FUNCTION c360.relate(run bigint, max_joint_holders int DEFAULT 10,
                            max_household_size int DEFAULT 8,
                            touched_customers bigint[] DEFAULT NULL,
                            touched_buildings text[] DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
	rs record;
	n bigint;
	n_read bigint := 0;
	n_unreadable int := 0;
	n_rejected bigint;
	n_joint bigint;
	n_junk bigint;
	n_added bigint;
	n_removed bigint;
	n_unit_unknown bigint;
	n_crowded bigint;
	n_declared_links bigint;
	n_inferred_links bigint;
	n_new_ids bigint;
	n_region bigint;
	last_id bigint;
	incremental boolean;
	settings jsonb := jsonb_build_object('max_household_size', max_household_size);
	result jsonb;
BEGIN
	IF run IS NULL OR NOT EXISTS (SELECT 1 FROM c360.resolve_run r WHERE r.run_id = run) THEN
		RAISE EXCEPTION 'relate: % is not a run of c360.resolve()', coalesce(run::text, 'NULL')
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Pass the run the relationships belong to, e.g. (SELECT max(run_id) FROM c360.resolve_run).';
	END IF;
	IF max_joint_holders IS NULL OR max_joint_holders < 2 THEN
		RAISE EXCEPTION 'relate: max_joint_holders must be at least 2, not %', coalesce(max_joint_holders::text, 'NULL')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF max_household_size IS NULL OR max_household_size < 2 THEN
		RAISE EXCEPTION 'relate: max_household_size must be at least 2, not %', coalesce(max_household_size::text, 'NULL')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('c360.resolve'));
	-- Households only around the touched customers and buildings when the
	-- last ones were made with the same max_household_size.
	incremental := touched_customers IS NOT NULL
		AND EXISTS (SELECT 1 FROM c360.customer_household)
		AND (SELECT r.summary #> '{relate,settings}' FROM c360.resolve_run r
		     WHERE r.finished_at IS NOT NULL ORDER BY r.run_id DESC LIMIT 1) = settings;
	DROP TABLE IF EXISTS pg_temp.c360_rel_stage, pg_temp.c360_rel_rows, pg_temp.c360_rel_accounts,
		pg_temp.c360_rel_changed, pg_temp.c360_hh_region, pg_temp.c360_hh_frontier, pg_temp.c360_hh_next,
		pg_temp.c360_hh_buildings, pg_temp.c360_hh_seen,
		pg_temp.c360_rel_new, pg_temp.c360_hh_addr, pg_temp.c360_hh_place, pg_temp.c360_hh_crowded,
		pg_temp.c360_hh_home, pg_temp.c360_hh_shared, pg_temp.c360_hh_evidence, pg_temp.c360_hh_edge, pg_temp.c360_hh_comp,
		pg_temp.c360_hh_before, pg_temp.c360_hh_keeps, pg_temp.c360_hh_followed, pg_temp.c360_hh_ids;
	DELETE FROM c360.rejected_relationship;

	-- 1. Declared relationships: every row of every relationship source.
	-- A source that cannot be read (its table dropped, a column renamed,
	-- no privilege) is reported and skipped: the customers still resolve.
	CREATE TEMP TABLE c360_rel_stage (source_name text, from_source_id int, to_source_id int,
	                                  from_key text, to_key text, kind_raw text) ON COMMIT DROP;
	FOR rs IN SELECT r.name, r.relation, r.from_key_column, r.to_key_column, r.kind, r.kind_column,
	                 fs.source_id AS from_id, ts.source_id AS to_id
	          FROM c360.relationship_source r
	          JOIN c360.source fs ON fs.name = r.from_source
	          JOIN c360.source ts ON ts.name = r.to_source
	          ORDER BY r.name LOOP
		BEGIN
			EXECUTE format('INSERT INTO pg_temp.c360_rel_stage SELECT %L, %s, %s, (%I)::text, (%I)::text, %s FROM %s',
			               rs.name, rs.from_id, rs.to_id, rs.from_key_column, rs.to_key_column,
			               CASE WHEN rs.kind IS NOT NULL THEN quote_literal(rs.kind)
			                    ELSE format('(%I)::text', rs.kind_column) END,
			               rs.relation);
			GET DIAGNOSTICS n = ROW_COUNT;
			n_read := n_read + n;
		EXCEPTION WHEN OTHERS THEN
			n_unreadable := n_unreadable + 1;
			INSERT INTO c360.rejected_relationship (source_name, from_key, to_key, reason, run_id)
			VALUES (rs.name, NULL, NULL, format('the relationship source could not be read (%s: %s)', SQLSTATE, SQLERRM), run);
			RAISE WARNING 'relate: relationship source "%" could not be read (SQLSTATE %); its relationships are left out', rs.name, SQLSTATE;
		END;
	END LOOP;
	ANALYZE pg_temp.c360_rel_stage;

	-- Each row's records, their customers, and what is wrong with it.
	CREATE TEMP TABLE c360_rel_rows ON COMMIT DROP AS
	SELECT j.*, CASE
		WHEN j.from_key IS NULL THEN 'from key is NULL'
		WHEN j.to_key IS NULL THEN 'to key is NULL'
		WHEN j.kind_raw IS NULL THEN 'kind is NULL'
		WHEN j.kind IS NULL THEN 'unknown kind ' || to_json(left(j.kind_raw, 60))::text
		WHEN j.from_record IS NULL THEN
			CASE WHEN EXISTS (SELECT 1 FROM c360.rejected_record x
			                  WHERE x.source_id = j.from_source_id AND x.source_key = j.from_key)
			     THEN 'from record was rejected by resolve (see c360.rejected_record)'
			     ELSE 'from record unknown' END
		WHEN j.to_record IS NULL THEN
			CASE WHEN EXISTS (SELECT 1 FROM c360.rejected_record x
			                  WHERE x.source_id = j.to_source_id AND x.source_key = j.to_key)
			     THEN 'to record was rejected by resolve (see c360.rejected_record)'
			     ELSE 'to record unknown' END
		WHEN j.from_customer IS NULL THEN 'from record not resolved'
		WHEN j.to_customer IS NULL THEN 'to record not resolved'
		WHEN j.from_customer = j.to_customer THEN 'both records are the same customer'
	END AS reason
	FROM (SELECT s.source_name, s.from_source_id, s.to_source_id, s.from_key, s.to_key, s.kind_raw,
	             k.kind, k.inverse_kind,
	             rf.record_id AS from_record, cf.customer_id AS from_customer,
	             rt.record_id AS to_record, ct.customer_id AS to_customer
	      FROM pg_temp.c360_rel_stage s
	      LEFT JOIN c360.relationship_kind k ON k.kind = lower(btrim(s.kind_raw, E' \t\n\r\f\v'))
	      LEFT JOIN c360.record rf ON rf.source_id = s.from_source_id AND rf.source_key = s.from_key
	      LEFT JOIN c360.record_customer cf ON cf.record_id = rf.record_id
	      LEFT JOIN c360.record rt ON rt.source_id = s.to_source_id AND rt.source_key = s.to_key
	      LEFT JOIN c360.record_customer ct ON ct.record_id = rt.record_id) j;
	ANALYZE pg_temp.c360_rel_rows;
	INSERT INTO c360.rejected_relationship (source_name, from_key, to_key, reason, run_id)
	SELECT r.source_name, r.from_key, r.to_key, r.reason, run
	FROM pg_temp.c360_rel_rows r WHERE r.reason IS NOT NULL;
	GET DIAGNOSTICS n_rejected = ROW_COUNT;

	CREATE TEMP TABLE c360_rel_new (customer_id bigint, related_customer_id bigint,
	                                kind text, source_name text) ON COMMIT DROP;
	INSERT INTO pg_temp.c360_rel_new
	SELECT r.from_customer, r.to_customer, r.kind, r.source_name
	FROM pg_temp.c360_rel_rows r WHERE r.reason IS NULL
	UNION ALL
	SELECT r.to_customer, r.from_customer, r.inverse_kind, r.source_name
	FROM pg_temp.c360_rel_rows r WHERE r.reason IS NULL;

	-- 2. Joint holders: records of one source sharing an account_id but
	-- belonging to different customers.  An account "held" by more than
	-- max_joint_holders customers is a placeholder or a data error.
	-- (Accounts of one record are most of them: only the records of an
	-- account several records share are joined to their customers, and
	-- their customers made distinct.)
	CREATE TEMP TABLE c360_rel_accounts ON COMMIT DROP AS
	SELECT s.source_id, s.account_id, array_agg(DISTINCT c.customer_id) AS customers
	FROM (SELECT r.source_id, btrim(r.attrs ->> 'account_id') AS account_id, array_agg(r.record_id) AS records
	      FROM c360.record r
	      WHERE btrim(r.attrs ->> 'account_id') <> ''
	      GROUP BY 1, 2 HAVING count(*) > 1) s
	CROSS JOIN LATERAL unnest(s.records) x(record_id)
	JOIN c360.record_customer c ON c.record_id = x.record_id
	GROUP BY 1, 2
	HAVING count(DISTINCT c.customer_id) > 1;
	ANALYZE pg_temp.c360_rel_accounts;
	INSERT INTO c360.rejected_relationship (source_name, from_key, to_key, reason, run_id)
	SELECT s.name, a.account_id, NULL,
	       format('account held by %s customers, more than max_joint_holders (%s): no joint_holder relationships',
	              cardinality(a.customers), max_joint_holders), run
	FROM pg_temp.c360_rel_accounts a JOIN c360.source s USING (source_id)
	WHERE cardinality(a.customers) > max_joint_holders;
	GET DIAGNOSTICS n_junk = ROW_COUNT;
	INSERT INTO pg_temp.c360_rel_new
	SELECT x.c, y.c, 'joint_holder', s.name
	FROM pg_temp.c360_rel_accounts a JOIN c360.source s USING (source_id)
	CROSS JOIN LATERAL unnest(a.customers) x(c)
	CROSS JOIN LATERAL unnest(a.customers) y(c)
	WHERE cardinality(a.customers) <= max_joint_holders AND x.c <> y.c;
	SELECT count(*) INTO n_joint FROM pg_temp.c360_rel_accounts a
	WHERE cardinality(a.customers) <= max_joint_holders;

	-- 3. Replace what changed (duplicates collapse into the primary key).
	-- (Both ends of what changed are touched customers of the households.)
	ANALYZE pg_temp.c360_rel_new;
	CREATE TEMP TABLE c360_rel_changed (customer_id bigint, related_customer_id bigint, kind text)
	ON COMMIT DROP;
	WITH gone AS (
		DELETE FROM c360.customer_relationship r
		WHERE NOT EXISTS (SELECT 1 FROM pg_temp.c360_rel_new x
		                  WHERE x.customer_id = r.customer_id AND x.related_customer_id = r.related_customer_id
		                    AND x.kind = r.kind AND x.source_name = r.source_name)
		RETURNING r.customer_id, r.related_customer_id, r.kind)
	INSERT INTO pg_temp.c360_rel_changed SELECT g.* FROM gone g;
	GET DIAGNOSTICS n_removed = ROW_COUNT;
	WITH added AS (
		INSERT INTO c360.customer_relationship (customer_id, related_customer_id, kind, source_name)
		SELECT DISTINCT x.customer_id, x.related_customer_id, x.kind, x.source_name
		FROM pg_temp.c360_rel_new x
		ON CONFLICT DO NOTHING
		RETURNING customer_id, related_customer_id, kind)
	INSERT INTO pg_temp.c360_rel_changed SELECT a.* FROM added a;
	GET DIAGNOSTICS n_added = ROW_COUNT;

	-- The customers whose households can change (incremental): everyone
	-- with a record in a building where a touched customer has one, or
	-- where a touched record was; everyone in a household (before) with
	-- one of them, or tied to one by a household-forming relationship; and
	-- so on, until nobody is added.  Each building and customer is looked
	-- at once.  Every rule below compares records in one building, homes of
	-- such records, or customers tied as households are, so it gives these
	-- customers what it would give them among everyone, and everyone else's
	-- household stays as it is.
	-- (empty when every household is worked out)
	CREATE TEMP TABLE c360_hh_region (customer_id bigint PRIMARY KEY) ON COMMIT DROP;
	IF incremental THEN
		CREATE TEMP TABLE c360_hh_seen (building text PRIMARY KEY) ON COMMIT DROP;
		CREATE TEMP TABLE c360_hh_frontier (customer_id bigint) ON COMMIT DROP;
		CREATE TEMP TABLE c360_hh_next (customer_id bigint) ON COMMIT DROP;
		CREATE TEMP TABLE c360_hh_buildings (building text) ON COMMIT DROP;
		INSERT INTO pg_temp.c360_hh_frontier
		SELECT t FROM unnest(touched_customers) t WHERE t IS NOT NULL
		UNION
		SELECT e FROM pg_temp.c360_rel_changed x JOIN c360.relationship_kind k USING (kind)
		CROSS JOIN LATERAL (VALUES (x.customer_id), (x.related_customer_id)) v(e)
		WHERE k.forms_household;
		INSERT INTO pg_temp.c360_hh_buildings
		SELECT b FROM unnest(touched_buildings) b WHERE b IS NOT NULL;
		LOOP
			-- (Each round's tables are small after the first: planned with
			-- their sizes, the joins probe indexes instead of hashing every
			-- record.)
			ANALYZE pg_temp.c360_hh_frontier;
			INSERT INTO pg_temp.c360_hh_region SELECT f.customer_id FROM pg_temp.c360_hh_frontier f;
			INSERT INTO pg_temp.c360_hh_buildings
			SELECT r.building
			FROM pg_temp.c360_hh_frontier f JOIN c360.record_customer c USING (customer_id)
			JOIN c360.record r USING (record_id)
			WHERE r.building IS NOT NULL;
			DELETE FROM pg_temp.c360_hh_buildings b USING pg_temp.c360_hh_seen s WHERE s.building = b.building;
			INSERT INTO pg_temp.c360_hh_seen SELECT DISTINCT b.building FROM pg_temp.c360_hh_buildings b;
			ANALYZE pg_temp.c360_hh_buildings;
			TRUNCATE pg_temp.c360_hh_next;
			INSERT INTO pg_temp.c360_hh_next
			SELECT c.customer_id
			FROM (SELECT DISTINCT b.building FROM pg_temp.c360_hh_buildings b) b
			JOIN c360.record r ON r.building = b.building
			JOIN c360.record_customer c USING (record_id)
			UNION
			SELECT o.customer_id
			FROM pg_temp.c360_hh_frontier f JOIN c360.customer_household h USING (customer_id)
			JOIN c360.customer_household o ON o.household_id = h.household_id
			UNION
			SELECT r.related_customer_id
			FROM pg_temp.c360_hh_frontier f JOIN c360.customer_relationship r USING (customer_id)
			JOIN c360.relationship_kind k ON k.kind = r.kind
			WHERE k.forms_household;
			TRUNCATE pg_temp.c360_hh_frontier, pg_temp.c360_hh_buildings;
			INSERT INTO pg_temp.c360_hh_frontier
			SELECT n.customer_id FROM pg_temp.c360_hh_next n
			WHERE NOT EXISTS (SELECT 1 FROM pg_temp.c360_hh_region g WHERE g.customer_id = n.customer_id);
			EXIT WHEN NOT FOUND;
		END LOOP;
		ANALYZE pg_temp.c360_hh_region;
		SELECT count(*) INTO n_region FROM pg_temp.c360_hh_region;
	END IF;

	-- 4. Households.  Where each customer lives: the address (house,
	-- street, unit, postcode) most of their records give.  A record with
	-- no unit at a building where other records have units could be any
	-- flat, so it says nothing; a street without a house number (a PO box,
	-- UNKNOWN) and a postcode without a digit (N/A) are no dwelling; ZIP+4
	-- counts as its ZIP.
	-- (c360.record.building: house, street and postcode.)
	CREATE TEMP TABLE c360_hh_addr (record_id bigint, customer_id bigint, trust int, updated_at timestamptz,
	                                building text, unit text) ON COMMIT DROP;
	IF incremental THEN
		INSERT INTO pg_temp.c360_hh_addr
		SELECT r.record_id, c.customer_id, s.trust, r.updated_at, r.building, nullif(regexp_replace(c360.match_key_value(r.key, 'unit'), '^.*\s', ''), '')
		FROM pg_temp.c360_hh_region g JOIN c360.record_customer c USING (customer_id)
		JOIN c360.record r USING (record_id) JOIN c360.source s USING (source_id)
		WHERE r.building IS NOT NULL;
	ELSE
		INSERT INTO pg_temp.c360_hh_addr
		SELECT r.record_id, c.customer_id, s.trust, r.updated_at, r.building, nullif(regexp_replace(c360.match_key_value(r.key, 'unit'), '^.*\s', ''), '')
		FROM c360.record r JOIN c360.source s USING (source_id)
		JOIN c360.record_customer c USING (record_id)
		WHERE r.building IS NOT NULL;
	END IF;
	ANALYZE pg_temp.c360_hh_addr;
	-- The address: house, street, #unit, postcode.
	CREATE TEMP TABLE c360_hh_place ON COMMIT DROP AS
	SELECT a.customer_id, a.trust, a.updated_at,
	       CASE WHEN a.unit IS NULL THEN a.building
	            ELSE left(a.building, strpos(a.building, ', ') - 1) || ' #' || a.unit
	                 || substr(a.building, strpos(a.building, ', ')) END AS address
	FROM (SELECT a.*, bool_or(a.unit IS NOT NULL) OVER (PARTITION BY a.building) AS has_units
	      FROM pg_temp.c360_hh_addr a) a
	WHERE a.unit IS NOT NULL OR NOT a.has_units;
	ANALYZE pg_temp.c360_hh_place;
	SELECT (SELECT count(*) FROM pg_temp.c360_hh_addr) - count(*) INTO n_unit_unknown FROM pg_temp.c360_hh_place;

	-- Apartment buildings without units, care homes, placeholder addresses:
	-- more than max_household_size customers at one address infer nothing.
	CREATE TEMP TABLE c360_hh_crowded ON COMMIT DROP AS
	SELECT p.address FROM pg_temp.c360_hh_place p
	GROUP BY p.address HAVING count(DISTINCT p.customer_id) > max_household_size;
	ANALYZE pg_temp.c360_hh_crowded;
	SELECT count(*) INTO n_crowded FROM pg_temp.c360_hh_crowded;

	CREATE TEMP TABLE c360_hh_home ON COMMIT DROP AS
	SELECT DISTINCT ON (v.customer_id) v.customer_id, v.address
	FROM (SELECT p.customer_id, p.address, count(*) AS n, max(p.trust) AS trust, max(p.updated_at) AS latest
	      FROM pg_temp.c360_hh_place p GROUP BY 1, 2) v
	ORDER BY v.customer_id, v.n DESC, v.trust DESC, v.latest DESC, v.address;
	ANALYZE pg_temp.c360_hh_home;

	-- Co-residence: customers at one home (shared, not crowded) who share
	-- a family name (a word of it: "smith" in "jones smith"; not a particle
	-- such as "de") or a phone number.
	CREATE TEMP TABLE c360_hh_shared ON COMMIT DROP AS
	SELECT h.customer_id, h.address
	FROM pg_temp.c360_hh_home h
	JOIN (SELECT o.address FROM pg_temp.c360_hh_home o GROUP BY o.address HAVING count(*) > 1) m USING (address)
	WHERE NOT EXISTS (SELECT 1 FROM pg_temp.c360_hh_crowded c WHERE c.address = h.address);
	ANALYZE pg_temp.c360_hh_shared;
	CREATE TEMP TABLE c360_hh_evidence ON COMMIT DROP AS
	SELECT DISTINCT h.customer_id, h.address, e.v
	FROM pg_temp.c360_hh_shared h
	JOIN c360.record_customer c ON c.customer_id = h.customer_id
	JOIN c360.record r ON r.record_id = c.record_id
	CROSS JOIN LATERAL (
		-- (family holds words with one space between them; unnest is
		-- planned as a few rows per call where regexp_split_to_table is a
		-- thousand, which sized the DISTINCT below as if for 30 times the
		-- rows: seconds at a million records)
		SELECT 'f:' || t FROM unnest(string_to_array(r.family, ' ')) t
		WHERE length(t) >= 2 AND t <> ALL (ARRAY['de', 'del', 'della', 'der', 'den', 'di', 'da', 'do',
		                                           'dos', 'das', 'du', 'la', 'le', 'los', 'las', 'van',
		                                           'von', 'ten', 'ter', 'el', 'al', 'bin', 'ibn', 'st'])
		UNION ALL
		SELECT 'p:' || r.phone WHERE r.phone IS NOT NULL) e(v);
	ANALYZE pg_temp.c360_hh_evidence;

	CREATE TEMP TABLE c360_hh_edge (a bigint, b bigint) ON COMMIT DROP;
	INSERT INTO pg_temp.c360_hh_edge
	SELECT DISTINCT x.customer_id, y.customer_id
	FROM pg_temp.c360_hh_evidence x
	JOIN pg_temp.c360_hh_evidence y ON y.address = x.address AND y.v = x.v AND x.customer_id < y.customer_id;
	GET DIAGNOSTICS n_inferred_links = ROW_COUNT;

	-- Declared household-forming relationships count whatever the address.
	-- (The region holds both ends of such a relationship or neither.)
	INSERT INTO pg_temp.c360_hh_edge
	SELECT DISTINCT r.customer_id, r.related_customer_id
	FROM c360.customer_relationship r JOIN c360.relationship_kind k USING (kind)
	WHERE k.forms_household AND r.customer_id < r.related_customer_id
	  AND (NOT incremental OR r.customer_id IN (SELECT g.customer_id FROM pg_temp.c360_hh_region g));
	GET DIAGNOSTICS n_declared_links = ROW_COUNT;
	ANALYZE pg_temp.c360_hh_edge;

	-- Every customer (of the region) is a node (a repeated id is harmless,
	-- so no DISTINCT: the union-find drops repeats for less than the
	-- DISTINCT would cost).
	CREATE TEMP TABLE c360_hh_comp ON COMMIT DROP AS
	SELECT node AS customer_id, component
	FROM c360.connected_components(
		'SELECT a, b FROM pg_temp.c360_hh_edge
		 UNION ALL '
		 || CASE WHEN incremental
		         THEN 'SELECT g.customer_id, NULL::bigint FROM pg_temp.c360_hh_region g
		               WHERE EXISTS (SELECT 1 FROM c360.record_customer c WHERE c.customer_id = g.customer_id)'
		         ELSE 'SELECT customer_id, NULL::bigint FROM c360.record_customer' END);
	ANALYZE pg_temp.c360_hh_comp;

	-- The household every customer was in.  Customers changed since are
	-- followed through c360.customer_id_history: one merged into another
	-- counts as the customer it is now part of, and a customer split off
	-- another (new, so without a household) as a former member of that
	-- one's household.  Followed rows decide no id (those customers have
	-- households of their own), but tell where a household's members went.
	-- Customers whose records are gone count nowhere.
	CREATE TEMP TABLE c360_hh_before ON COMMIT DROP AS
	SELECT h.customer_id, h.household_id, false AS followed
	FROM c360.customer_household h
	WHERE EXISTS (SELECT 1 FROM pg_temp.c360_hh_comp c WHERE c.customer_id = h.customer_id)
	UNION ALL
	SELECT m.customer_id, h.household_id, true
	FROM c360.customer_household h
	CROSS JOIN LATERAL (SELECT c360.current_customer_id(h.customer_id) AS customer_id) m
	WHERE NOT EXISTS (SELECT 1 FROM pg_temp.c360_hh_comp c WHERE c.customer_id = h.customer_id)
	  AND (NOT incremental OR h.customer_id IN (SELECT g.customer_id FROM pg_temp.c360_hh_region g))
	  AND EXISTS (SELECT 1 FROM c360.customer_id_history x WHERE x.old_id = h.customer_id AND x.kind = 'merge')
	  AND EXISTS (SELECT 1 FROM pg_temp.c360_hh_comp c WHERE c.customer_id = m.customer_id)
	UNION ALL
	SELECT DISTINCT x.new_id, h.household_id, true
	FROM c360.customer_id_history x JOIN c360.customer_household h ON h.customer_id = x.old_id
	WHERE x.kind = 'split'
	  AND EXISTS (SELECT 1 FROM pg_temp.c360_hh_comp c WHERE c.customer_id = x.new_id)
	  AND NOT EXISTS (SELECT 1 FROM c360.customer_household n WHERE n.customer_id = x.new_id);
	ANALYZE pg_temp.c360_hh_before;

	-- Stable ids, as for customers: an id stays with the household holding
	-- most of its members; a household takes the oldest (smallest) id it
	-- holds; one with none gets a new id, in component order.
	CREATE TEMP TABLE c360_hh_keeps ON COMMIT DROP AS
	SELECT DISTINCT ON (v.old_id) v.old_id, v.component
	FROM (SELECT c.component, b.household_id AS old_id, count(*) AS n
	      FROM pg_temp.c360_hh_comp c JOIN pg_temp.c360_hh_before b USING (customer_id)
	      WHERE NOT b.followed
	      GROUP BY 1, 2) v
	ORDER BY v.old_id, v.n DESC, v.component;
	-- An id none of whose members is left, whose members merged into other
	-- customers, went where most of them went.
	CREATE TEMP TABLE c360_hh_followed ON COMMIT DROP AS
	SELECT DISTINCT ON (v.old_id) v.old_id, v.component
	FROM (SELECT c.component, b.household_id AS old_id, count(*) AS n
	      FROM pg_temp.c360_hh_comp c JOIN pg_temp.c360_hh_before b USING (customer_id)
	      WHERE b.followed
	        AND NOT EXISTS (SELECT 1 FROM pg_temp.c360_hh_keeps k WHERE k.old_id = b.household_id)
	      GROUP BY 1, 2) v
	ORDER BY v.old_id, v.n DESC, v.component;
	CREATE TEMP TABLE c360_hh_ids ON COMMIT DROP AS
	SELECT cl.component, min(k.old_id) AS household_id
	FROM (SELECT DISTINCT c.component FROM pg_temp.c360_hh_comp c) cl
	LEFT JOIN pg_temp.c360_hh_keeps k USING (component)
	GROUP BY cl.component;
	SELECT count(*) INTO n_new_ids FROM pg_temp.c360_hh_ids WHERE household_id IS NULL;
	IF n_new_ids > 0 THEN
		last_id := nextval('c360.household_id_seq');
		PERFORM setval('c360.household_id_seq', last_id + n_new_ids - 1);
		UPDATE pg_temp.c360_hh_ids i SET household_id = last_id - 1 + s.rn
		FROM (SELECT x.component, row_number() OVER (ORDER BY x.component) AS rn
		      FROM pg_temp.c360_hh_ids x WHERE x.household_id IS NULL) s
		WHERE i.component = s.component;
	END IF;

	-- Ids no household kept were merged into the household holding most of
	-- their former members.  Members who left an id that lives on were
	-- split off (to a new id or to another household).
	INSERT INTO c360.household_id_history (old_id, new_id, kind, run_id)
	SELECT k.old_id, i.household_id, 'merge', run
	FROM pg_temp.c360_hh_keeps k JOIN pg_temp.c360_hh_ids i USING (component)
	WHERE k.old_id <> i.household_id
	  AND NOT EXISTS (SELECT 1 FROM pg_temp.c360_hh_ids j WHERE j.household_id = k.old_id)
	UNION ALL
	SELECT f.old_id, i.household_id, 'merge', run
	FROM pg_temp.c360_hh_followed f JOIN pg_temp.c360_hh_ids i USING (component);
	INSERT INTO c360.household_id_history (old_id, new_id, kind, run_id)
	SELECT DISTINCT b.household_id, i.household_id, 'split', run
	FROM pg_temp.c360_hh_before b JOIN pg_temp.c360_hh_comp c USING (customer_id)
	JOIN pg_temp.c360_hh_ids i USING (component)
	WHERE b.household_id <> i.household_id
	  AND EXISTS (SELECT 1 FROM pg_temp.c360_hh_ids j WHERE j.household_id = b.household_id);

	DELETE FROM c360.customer_household h
	WHERE NOT EXISTS (SELECT 1 FROM pg_temp.c360_hh_comp c WHERE c.customer_id = h.customer_id)
	  AND (NOT incremental OR h.customer_id IN (SELECT g.customer_id FROM pg_temp.c360_hh_region g));
	INSERT INTO c360.customer_household AS h (customer_id, household_id, address, run_id)
	SELECT c.customer_id, i.household_id, hm.address, run
	FROM pg_temp.c360_hh_comp c JOIN pg_temp.c360_hh_ids i USING (component)
	LEFT JOIN pg_temp.c360_hh_home hm USING (customer_id)
	ON CONFLICT (customer_id) DO UPDATE
	SET household_id = EXCLUDED.household_id, address = EXCLUDED.address, run_id = EXCLUDED.run_id
	WHERE (h.household_id, h.address) IS DISTINCT FROM (EXCLUDED.household_id, EXCLUDED.address);

	result := jsonb_build_object(
		'relationship_rows', n_read,
		'relationship_rows_rejected', n_rejected,
		'unreadable_relationship_sources', n_unreadable,
		'joint_accounts', n_joint,
		'joint_accounts_rejected', n_junk,
		'relationships', (SELECT count(*) FROM c360.customer_relationship),
		'relationships_added', n_added,
		'relationships_removed', n_removed,
		'households', CASE WHEN incremental THEN (SELECT count(DISTINCT h.household_id) FROM c360.customer_household h)
		                   ELSE (SELECT count(*) FROM pg_temp.c360_hh_ids) END,
		'households_of_several', CASE WHEN incremental
		                              THEN (SELECT count(*) FROM (SELECT 1 FROM c360.customer_household h
		                                                          GROUP BY h.household_id HAVING count(*) > 1) m)
		                              ELSE (SELECT count(*) FROM (SELECT 1 FROM pg_temp.c360_hh_comp
		                                                          GROUP BY component HAVING count(*) > 1) m) END,
		'household_links_declared', n_declared_links,
		'household_links_inferred', n_inferred_links,
		'crowded_addresses', n_crowded,
		'records_without_unit', n_unit_unknown,
		'new_household_ids', n_new_ids,
		'incremental', incremental,
		'customers_relinked', CASE WHEN incremental THEN n_region
		                           ELSE (SELECT count(*) FROM pg_temp.c360_hh_comp) END,
		'settings', settings);
	-- Called on its own after a resolve: the households are now these.
	UPDATE c360.resolve_run r SET summary = jsonb_set(r.summary, '{relate}', result)
	WHERE r.run_id = (SELECT max(x.run_id) FROM c360.resolve_run x WHERE x.finished_at IS NOT NULL)
	  AND NOT EXISTS (SELECT 1 FROM c360.resolve_run x WHERE x.finished_at IS NULL AND x.run_id > r.run_id)
	  AND r.summary IS NOT NULL;
	RETURN result;
END
$$;
COMMENT ON FUNCTION c360.relate(bigint, int, int, bigint[], text[]) IS
'Internal to c360.resolve() (callable after it, with other limits): rebuilds c360.customer_relationship from the relationship sources (both directions, inverse kinds) and from accounts that records of one source share (joint_holder; an account of more than max_joint_holders customers is rejected), then the households: connected components of household-forming relationships and of co-residence (one home address, a shared family name or phone; addresses of more than max_household_size customers infer nothing), with stable ids. Unusable rows go to c360.rejected_relationship. Returns counts.';

CREATE VIEW c360.household AS
SELECT c.customer_id, h.household_id
FROM (SELECT DISTINCT r.customer_id FROM c360.record_customer r) c
LEFT JOIN c360.customer_household h USING (customer_id);
COMMENT ON VIEW c360.household IS
'The household of every customer (a customer living alone is a household of one); household_id is NULL only for a customer c360.resolve_record made since the last c360.resolve().';

CREATE VIEW c360.household_summary AS
SELECT h.household_id, count(*) AS member_count,
       array_agg(h.customer_id ORDER BY h.customer_id) AS customer_ids,
       array_agg(g.full_name ORDER BY h.customer_id) AS names,
       mode() WITHIN GROUP (ORDER BY h.address) AS address,
       sum(v.total_value) AS total_value,
       sum(v.clv_1y) AS clv_1y
FROM c360.customer_household h
-- One member at a time (OFFSET 0 keeps the subquery apart, so the member's
-- id reaches c360.customer's index scans): a household costs its members,
-- not the whole golden-record view.
LEFT JOIN LATERAL (SELECT c.full_name FROM c360.customer c WHERE c.customer_id = h.customer_id OFFSET 0) g ON true
LEFT JOIN c360.customer_value v ON v.customer_id = h.customer_id
WHERE EXISTS (SELECT 1 FROM c360.record_customer r WHERE r.customer_id = h.customer_id)
GROUP BY h.household_id;
COMMENT ON VIEW c360.household_summary IS
'One row per household: its members (customer ids and golden full names, in id order), the home address most members have (normalized: house, street, #unit, postcode), and their combined value from c360.customer_value: total_value (what they spent) and clv_1y (expected value over the next year), NULL when no member has value data (no transactions registered).';

-- As c360.current_customer_id: an id exists while a customer with records
-- (c360.record_customer) is in it (the household view's customers), else it is
-- followed through its merges, the latest first.
CREATE FUNCTION c360.current_household_id(old_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	id bigint := old_id;
	next_id bigint;
	steps int := 0;
BEGIN
	LOOP
		IF EXISTS (SELECT 1 FROM c360.customer_household h
		           WHERE h.household_id = id
		             AND EXISTS (SELECT 1 FROM c360.record_customer r WHERE r.customer_id = h.customer_id)) THEN
			RETURN id;
		END IF;
		SELECT h.new_id INTO next_id FROM c360.household_id_history h
		WHERE h.old_id = id AND h.kind = 'merge' ORDER BY h.run_id DESC, h.changed_at DESC LIMIT 1;
		-- A cycle cannot come from relate (a merged id never comes back);
		-- the bound keeps hand-written history from looping.
		IF next_id IS NULL OR steps > 10000 THEN
			RETURN NULL;
		END IF;
		id := next_id;
		steps := steps + 1;
	END LOOP;
END
$$;
COMMENT ON FUNCTION c360.current_household_id(bigint) IS
'The household id an id of the past stands for now: itself while a customer is in it, else the id it was merged into (followed through later merges; a household that lost members to a split keeps its id). NULL for an id that never existed or whose members are all gone.';

REVOKE ALL ON FUNCTION c360.add_relationship_source(text, regclass, text, text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.drop_relationship_source(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION c360.relate(bigint, int, int, bigint[], text[]) FROM PUBLIC;

-- ===================================================================
-- Graph over customers (issue 5)
-- ===================================================================

-- The functions read c360.customer_relationship (both directions).  The
-- searches from one customer load the graph one level at a time through
-- the primary key (src/graph/probe.c); the whole-graph functions read the
-- table once into compact arrays (src/graph/csr.c, traverse.c).

CREATE TYPE c360.neighbour AS (
	customer_id bigint,
	hops int,
	path bigint[],
	kinds text[]
);
COMMENT ON TYPE c360.neighbour IS
'A customer within reach: hops from the start, a shortest path (start first) and the kinds of its relationships (kinds[i] reads "path[i] is <kind> of path[i+1]").';

CREATE FUNCTION c360.neighbourhood(customer_id bigint, max_hops int DEFAULT 2,
                                   kinds text[] DEFAULT NULL)
RETURNS SETOF c360.neighbour
AS 'MODULE_PATHNAME', 'c360_neighbourhood'
LANGUAGE C STABLE PARALLEL UNSAFE ROWS 50;
COMMENT ON FUNCTION c360.neighbourhood(bigint, int, text[]) IS
'Every customer within max_hops relationships of customer_id (the customer itself first, hops 0), with a shortest path and its kinds, sorted by (hops, customer_id); each parent is the smallest-id customer one hop closer. kinds NULL: every kind; otherwise only those (an empty array: none). A merged-away id stands for the customer it was merged into; an id that is no customer gives no rows. One index probe per level; work_mem bounds the memory.';

CREATE TYPE c360.relationship_step AS (
	step int,
	customer_id bigint,
	kind text
);
COMMENT ON TYPE c360.relationship_step IS
'One step of a relationship path: step 0 is the first customer (kind NULL); at step i the previous customer is <kind> of this one.';

CREATE FUNCTION c360.relationship_path(a bigint, b bigint, max_hops int DEFAULT 6)
RETURNS SETOF c360.relationship_step
AS 'MODULE_PATHNAME', 'c360_relationship_path'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE ROWS 4;
COMMENT ON FUNCTION c360.relationship_path(bigint, bigint, int) IS
'A shortest chain of relationships from customer a to customer b of at most max_hops steps (the one c360.neighbourhood(a) reports for b), searched from both ends; no rows when there is none.';

CREATE FUNCTION c360.graph_dot(customer_id bigint, max_hops int DEFAULT 2)
RETURNS text
AS 'MODULE_PATHNAME', 'c360_graph_dot'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION c360.graph_dot(bigint, int) IS
'The neighbourhood of a customer as a Graphviz DOT digraph: boxes labelled with the customer id and golden full name, the customer highlighted, each relationship once with its kind (an arrow A -> B labelled k reads "A is k of B"; symmetric kinds without arrowhead), household members grouped when c360.customer_household exists. NULL for an id that is no customer.';

CREATE TYPE c360.influence_value AS (
	customer_id bigint,
	own_value float8,
	indirect_value float8,
	total_value float8,
	referred_customers int
);
COMMENT ON TYPE c360.influence_value IS
'A customer''s own value, the value brought through referrals (decayed per hop), their sum, and how many customers the referrals within the bound reached.';

CREATE FUNCTION c360.influence(value_sql text DEFAULT NULL, decay float8 DEFAULT 0.5,
                               max_hops int DEFAULT 3)
RETURNS SETOF c360.influence_value
AS 'MODULE_PATHNAME', 'c360_influence'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION c360.influence(text, float8, int) IS
'For every customer with a referral or a value: indirect_value = sum over the customers they referred, directly or through referrals, within max_hops, of value * decay^hops (each counted once at its shortest distance, never the customer itself). value_sql: a query of (customer_id, value), values of one customer summed; NULL: coalesce(clv_1y, total_value) from c360.customer_value.';

CREATE FUNCTION c360.customer_influence(customer_id bigint, value_sql text DEFAULT NULL,
                                        decay float8 DEFAULT 0.5, max_hops int DEFAULT 3)
RETURNS SETOF c360.influence_value
AS 'MODULE_PATHNAME', 'c360_customer_influence'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1;
COMMENT ON FUNCTION c360.customer_influence(bigint, text, float8, int) IS
'c360.influence for one customer, following only their referrals (one index probe per hop); no rows for an id that is no customer.';

CREATE TYPE c360.nearby_customer AS (
	customer_id bigint,
	nearby_customer_id bigint,
	hops int,
	nearby_value float8,
	path bigint[],
	kinds text[]
);
COMMENT ON TYPE c360.nearby_customer IS
'For a customer, the most valuable other customer within reach, how far, its value, and the path between them with its kinds.';

CREATE FUNCTION c360.most_valuable_nearby(value_sql text DEFAULT NULL, max_hops int DEFAULT 2)
RETURNS SETOF c360.nearby_customer
AS 'MODULE_PATHNAME', 'c360_most_valuable_nearby'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION c360.most_valuable_nearby(text, int) IS
'For every customer with relationships, the customer of highest value within max_hops relationships (ties: the smallest id; customers without a value are never chosen), with the path; customers with nobody valued nearby are left out. value_sql as for c360.influence.';

CREATE VIEW c360.most_valuable_nearby_customer AS
SELECT * FROM c360.most_valuable_nearby();
COMMENT ON VIEW c360.most_valuable_nearby_customer IS
'c360.most_valuable_nearby() with the default value (coalesce(clv_1y, total_value) from c360.customer_value) and two hops: who is the best customer this one is close to?';
