-- The whole matching path on a FEBRL dataset, as a user runs it: load,
-- build keys, block with pg_trgm (several passes), train without labels,
-- score, threshold, cluster with the over-merge guard, and measure
-- pairwise precision, recall and F1 against the ground truth in the ids.
--
-- psql variables: ds = 3 (deduplicate dataset3) or 4 (link 4a to 4b).
-- Run from the repository root (sql/match_febrl.sql and
-- test/bench/bench_match.sql include it).  Leaves febrl_eval (pair counts).

SET client_min_messages = warning;
DROP TABLE IF EXISTS febrl_raw, febrl_rec, febrl_cand, febrl_model, febrl_edges, febrl_cluster;
CREATE TABLE febrl_raw (rec_id text, given_name text, surname text, street_number text,
    address_1 text, address_2 text, suburb text, postcode text, state text,
    date_of_birth text, soc_sec_id text, side int);
\if :{?ds}
\else
\set ds 3
\endif
SELECT :ds = 3 AS dedupe \gset
\if :dedupe
\copy febrl_raw (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset3.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl_raw SET side = 0;
\else
\copy febrl_raw (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset4a.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl_raw SET side = 0;
\copy febrl_raw (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset4b.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl_raw SET side = 1 WHERE side IS NULL;
\endif

-- One row per record: the entity (ground truth, never used to match) and
-- the match key.  Dates are YYYYMMDD; a date that does not parse is absent.
CREATE TABLE febrl_rec AS
SELECT row_number() OVER (ORDER BY side, trim(rec_id)) AS id, side,
       split_part(trim(rec_id), '-', 2) AS entity,
       nullif(trim(given_name), '') AS given, nullif(trim(surname), '') AS family,
       nullif(trim(postcode), '') AS postcode, nullif(trim(soc_sec_id), '') AS ssid,
       nullif(trim(date_of_birth), '') AS dob,
       c360.match_key(given_name => nullif(trim(given_name), ''),
                      family_name => nullif(trim(surname), ''),
                      birth_date => c360.parse_date(nullif(trim(date_of_birth), ''), 'YYYYMMDD'),
                      street => nullif(trim(coalesce(street_number, '') || ' ' || coalesce(address_1, '')), ''),
                      city => nullif(trim(suburb), ''), postcode => nullif(trim(postcode), ''),
                      region => nullif(trim(state), ''), national_id => nullif(trim(soc_sec_id), ''),
                      default_country => 'AU') AS key
FROM febrl_raw;
CREATE INDEX ON febrl_rec USING gin (family gin_trgm_ops);
CREATE INDEX ON febrl_rec USING gin (given gin_trgm_ops);
CREATE INDEX ON febrl_rec (dob);
CREATE INDEX ON febrl_rec (ssid);
ANALYZE febrl_rec;

-- Blocking: similar family name (pg_trgm %), similar given name in the same
-- postcode, same birth date, same id.  Dedupe pairs a < b; linkage pairs
-- side 0 with side 1.
CREATE TABLE febrl_cand AS
SELECT a.id AS a, b.id AS b FROM febrl_rec a JOIN febrl_rec b
  ON a.family OPERATOR(public.%) b.family
 WHERE (a.side = b.side AND a.id < b.id AND :'dedupe'::boolean) OR (a.side = 0 AND b.side = 1 AND NOT :'dedupe'::boolean)
UNION
SELECT a.id, b.id FROM febrl_rec a JOIN febrl_rec b
  ON a.postcode = b.postcode AND a.given OPERATOR(public.%) b.given
 WHERE (a.side = b.side AND a.id < b.id AND :'dedupe'::boolean) OR (a.side = 0 AND b.side = 1 AND NOT :'dedupe'::boolean)
UNION
SELECT a.id, b.id FROM febrl_rec a JOIN febrl_rec b ON a.dob = b.dob
 WHERE (a.side = b.side AND a.id < b.id AND :'dedupe'::boolean) OR (a.side = 0 AND b.side = 1 AND NOT :'dedupe'::boolean)
UNION
SELECT a.id, b.id FROM febrl_rec a JOIN febrl_rec b ON a.ssid = b.ssid
 WHERE (a.side = b.side AND a.id < b.id AND :'dedupe'::boolean) OR (a.side = 0 AND b.side = 1 AND NOT :'dedupe'::boolean);

-- Training: EM over the candidate pairs, term frequencies over the records.
CREATE TABLE febrl_model AS
SELECT c360.match_model_with_tf(
         (SELECT c360.train_match_model(ra.key, rb.key)
            FROM febrl_cand c JOIN febrl_rec ra ON ra.id = c.a JOIN febrl_rec rb ON rb.id = c.b),
         (SELECT c360.match_term_frequencies(key) FROM febrl_rec)) AS model;

-- Scoring and clustering: pairs with a match probability above 1/2.
CREATE TABLE febrl_edges AS
SELECT c.a, c.b, c360.match_weight(m.model, ra.key, rb.key) AS weight
FROM febrl_cand c JOIN febrl_rec ra ON ra.id = c.a JOIN febrl_rec rb ON rb.id = c.b,
     febrl_model m;
CREATE TABLE febrl_cluster AS
SELECT node AS id, cluster
FROM c360.match_clusters('SELECT a, b, weight FROM febrl_edges WHERE weight > 0');

-- Evaluation.  Predicted pairs: two records in one cluster (of different
-- sides when linking).  True pairs: two records of one entity.
CREATE TEMP TABLE febrl_eval AS
WITH predicted AS (
  SELECT x.id AS a, y.id AS b
  FROM febrl_cluster x JOIN febrl_cluster y ON x.cluster = y.cluster AND x.id < y.id
  JOIN febrl_rec rx ON rx.id = x.id JOIN febrl_rec ry ON ry.id = y.id
  WHERE :'dedupe'::boolean OR rx.side <> ry.side),
truth AS (
  SELECT x.id AS a, y.id AS b
  FROM febrl_rec x JOIN febrl_rec y ON x.entity = y.entity AND x.id < y.id
  WHERE (:'dedupe'::boolean OR x.side <> y.side))
SELECT (SELECT count(*) FROM febrl_cand) AS candidate_pairs,
       (SELECT count(*) FROM truth) AS true_pairs,
       (SELECT count(*) FROM predicted) AS predicted_pairs,
       (SELECT count(*) FROM predicted p JOIN truth t USING (a, b)) AS correct_pairs;
