-- c360.resolve() and its trainer (c360.train_resolve_model) on FEBRL, as a
-- user registers the files: pairwise precision, recall and F1 against the
-- ids' ground truth, with floors (FEBRL3 dedupe F1 >= 0.995, FEBRL4
-- linkage F1 >= 0.99; measured 0.999 and 0.999).  Training does not
-- depend on serial ids (the same files registered in the other order give
-- the same m, u and lambda), is deterministic, trains on samples when
-- asked, and trains data without birth dates.
SET client_min_messages = warning;
CREATE SCHEMA febrl;
CREATE TABLE febrl.raw (rec_id text, given_name text, surname text, street_number text,
	address_1 text, address_2 text, suburb text, postcode text, state text,
	date_of_birth text, soc_sec_id text, side int);
\copy febrl.raw (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset3.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl.raw SET side = 3;
\copy febrl.raw (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset4a.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl.raw SET side = 0 WHERE side IS NULL;
\copy febrl.raw (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset4b.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl.raw SET side = 1 WHERE side IS NULL;
CREATE VIEW febrl.v AS
SELECT trim(rec_id) AS rec_id, side, nullif(trim(given_name), '') AS given_name, nullif(trim(surname), '') AS surname,
       nullif(trim(coalesce(street_number, '') || ' ' || coalesce(address_1, '')), '') AS street,
       nullif(trim(suburb), '') AS suburb, nullif(trim(postcode), '') AS postcode, nullif(trim(state), '') AS state,
       nullif(trim(date_of_birth), '') AS dob, nullif(trim(soc_sec_id), '') AS ssid
FROM febrl.raw;
CREATE VIEW febrl.ds3 AS SELECT * FROM febrl.v WHERE side = 3;
CREATE VIEW febrl.ds4a AS SELECT * FROM febrl.v WHERE side = 0;
CREATE VIEW febrl.ds4b AS SELECT * FROM febrl.v WHERE side = 1;
-- The entity is the number in rec-<n>-org / rec-<n>-dup-<k>.
CREATE TABLE febrl.truth AS
SELECT CASE side WHEN 3 THEN 'ds3' WHEN 0 THEN 'ds4a' ELSE 'ds4b' END AS source_name, rec_id AS source_key,
       split_part(rec_id, '-', 2)::int AS entity FROM febrl.v;
CREATE FUNCTION febrl.add(name text) RETURNS boolean LANGUAGE sql AS $$
	SELECT c360.add_source(name, ('febrl.' || name)::regclass, 'rec_id',
	  '{"given_name": "given_name", "family_name": "surname", "birth_date": {"column": "dob", "format": "YYYYMMDD"},
	    "street": "street", "city": "suburb", "postcode": "postcode", "region": "state", "national_id": "ssid"}') > 0
$$;
-- Pairwise precision, recall, F1 of the customers against the entities.
CREATE FUNCTION febrl.accuracy() RETURNS TABLE (p numeric, r numeric, f1 numeric)
LANGUAGE sql AS $$
	WITH rec AS (SELECT c.customer_id, t.entity FROM c360.customer_source c
	             JOIN febrl.truth t USING (source_name, source_key)),
	c AS (SELECT (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM rec GROUP BY customer_id, entity) x) AS tp,
	             (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM rec GROUP BY customer_id) x) AS pred,
	             (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM rec GROUP BY entity) x) AS act)
	SELECT tp / pred, tp / act, 2 * tp / (pred + act) FROM c
$$;
-- The active model's m, u and lambda (its term frequencies aside).
CREATE FUNCTION febrl.trained() RETURNS jsonb LANGUAGE sql AS $$
	SELECT model::text::jsonb - 'term_frequencies' FROM c360.model WHERE active
$$;

-- FEBRL3: 5,000 records of 2,000 people in one file.
SELECT febrl.add('ds3');
SELECT (s -> 'records')::int AS records, (s -> 'customers')::int AS customers FROM c360.resolve(retrain => true) s;
SELECT p >= 0.995 AS precision_floor, r >= 0.995 AS recall_floor, f1 >= 0.995 AS febrl3_f1_floor FROM febrl.accuracy();
-- The model is readable: an exact identity number or birth date is strong
-- evidence (over 10 bits), a different one evidence against.
SELECT attribute, level_name, CASE WHEN level = 1 THEN match_weight > 10 ELSE match_weight < -3 END AS expected_sign
FROM c360.match_model_summary((SELECT model FROM c360.model WHERE active))
WHERE attribute IN ('birth_date', 'national_id') AND level_name IN ('exact', 'different')
ORDER BY attribute, level;
-- The trainer alone, inside a transaction with resolve's candidates: the
-- same data gives the same model, byte for byte; a smaller sample gives
-- nearly the same weights (5,000 pairs per sample: a third of the
-- candidates, half the session pairs, 5,000 random pairs for 300,000).
BEGIN;
CREATE TEMP TABLE c360_dirty ON COMMIT DROP AS SELECT record_id FROM c360.record;
SELECT c360.block_candidates(100) > 0 AS candidates;
CREATE TEMP TABLE m1 ON COMMIT DROP AS SELECT c360.train_resolve_model() AS m;
CREATE TEMP TABLE m2 ON COMMIT DROP AS SELECT c360.train_resolve_model() AS m;
CREATE TEMP TABLE m3 ON COMMIT DROP AS SELECT c360.train_resolve_model(5000) AS m;
SELECT m1.m::text = m2.m::text AS same_model FROM m1, m2;
SELECT max(abs(a.match_weight - b.match_weight)) < 1.5 AS exact_weights_within_1_5_bits,
       max(abs(a.m - b.m)) < 0.05 AS exact_m_within_0_05,
       abs(ln((m1.m::text::jsonb ->> 'lambda')::float8) - ln((m3.m::text::jsonb ->> 'lambda')::float8)) < ln(1.5) AS lambda_within_a_factor_1_5
FROM m1, m3, c360.match_model_summary(m1.m) a JOIN c360.match_model_summary(m3.m) b USING (attribute, level)
WHERE a.trained AND a.level_name = 'exact'
GROUP BY m1.m::text, m3.m::text;
COMMIT;
SELECT c360.drop_source('ds3');

-- FEBRL4: 5,000 people, one record in each of two files.
SELECT febrl.add('ds4a'), febrl.add('ds4b');
SELECT (s -> 'records')::int AS records, (s -> 'customers')::int AS customers FROM c360.resolve(retrain => true) s;
SELECT f1 >= 0.99 AS febrl4_f1_floor FROM febrl.accuracy();
CREATE TEMP TABLE first_model AS SELECT febrl.trained() AS j;
-- Registered in the other order, the records get other serial ids (and
-- the candidates another order): training draws its samples by content,
-- so m, u and lambda are the same.
SELECT c360.drop_source('ds4a'), c360.drop_source('ds4b');
SELECT febrl.add('ds4b'), febrl.add('ds4a');
SELECT (s -> 'records')::int AS records FROM c360.resolve(retrain => true) s;
SELECT febrl.trained() = j AS same_model_other_ids FROM first_model;
SELECT f1 >= 0.99 AS febrl4_f1_floor FROM febrl.accuracy();
SELECT c360.drop_source('ds4a'), c360.drop_source('ds4b');

-- No birth dates anywhere (so no birth-date session): resolve still
-- trains, and names get their m from EM over the candidates.
CREATE VIEW febrl.nodates AS
SELECT rec_id, given_name, surname, street, suburb, postcode FROM febrl.ds3;
SELECT c360.add_source('nodates', 'febrl.nodates', 'rec_id',
  '{"given_name": "given_name", "family_name": "surname", "street": "street", "city": "suburb", "postcode": "postcode"}') > 0 AS added;
SELECT (s -> 'model_trained')::boolean AS trained FROM c360.resolve(retrain => true) s;
SELECT attribute, trained FROM c360.match_model_summary((SELECT model FROM c360.model WHERE active))
WHERE level = 1 ORDER BY attribute;
SELECT c360.drop_source('nodates');

DROP TABLE first_model;
DROP SCHEMA febrl CASCADE;
-- Leave no model behind: the next test trains its own.
DELETE FROM c360.model;
RESET client_min_messages;
