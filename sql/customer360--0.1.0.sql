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
	lambda float8, prior_weight float8, iterations int4, converged boolean, pairs float8)
AS 'MODULE_PATHNAME', 'c360_match_model_summary'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION c360.match_model_summary(c360.match_model) IS
'One row per attribute and comparison level (missing excluded) with m, u and match_weight = log2(m/u) (0 for an untrained attribute); the model-wide lambda, prior_weight = log2(lambda/(1-lambda)), iterations, converged and pairs are repeated on every row.';

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
