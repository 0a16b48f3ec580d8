-- The resolution workflow, end to end: register sources, resolve, read the
-- crosswalk and golden records, resolve again (stable ids), add rows
-- (incremental), steward decisions, bad input.  FEBRL3 (one source) and
-- FEBRL4 (two sources) with the accuracy floors of the issue.
\pset null '(null)'
SET client_min_messages = warning;

CREATE TABLE febrl3_raw (rec_id text, given_name text, surname text, street_number text,
    address_1 text, address_2 text, suburb text, postcode text, state text,
    date_of_birth text, soc_sec_id text);
\copy febrl3_raw FROM 'test/data/febrl/dataset3.csv' WITH (FORMAT csv, HEADER true)
-- The source system: trimmed text columns and a street line.  Every 100th
-- record is held back to arrive later.
CREATE TABLE febrl3 AS
SELECT trim(rec_id) AS rec_id, nullif(trim(given_name), '') AS given_name,
       nullif(trim(surname), '') AS surname,
       nullif(trim(coalesce(street_number, '') || ' ' || coalesce(address_1, '')), '') AS street,
       nullif(trim(suburb), '') AS suburb, nullif(trim(postcode), '') AS postcode,
       nullif(trim(state), '') AS state, nullif(trim(date_of_birth), '') AS dob,
       nullif(trim(soc_sec_id), '') AS ssn,
       row_number() OVER (ORDER BY trim(rec_id)) % 100 = 0 AS later
FROM febrl3_raw;
CREATE VIEW febrl3_now AS SELECT * FROM febrl3 WHERE NOT later;

SELECT c360.add_source('febrl3', 'febrl3_now', 'rec_id',
  '{"given_name": "given_name", "family_name": "surname", "street": "street",
    "city": "suburb", "postcode": "postcode", "region": "state",
    "birth_date": {"column": "dob", "format": "YYYYMMDD"}, "national_id": "ssn"}') > 0 AS added;
SELECT name, relation, key_column, trust FROM c360.source;

SELECT s - 'run_id' - 'seconds' - 'settings' AS summary FROM c360.resolve() s;
SELECT bool_and(finished_at IS NOT NULL) AS every_run_finished FROM c360.resolve_run;

-- Accuracy against the ground truth in the record ids (never used to match).
CREATE FUNCTION febrl_pairwise(OUT pair_precision numeric, OUT pair_recall numeric, OUT f1 numeric)
LANGUAGE sql AS $$
WITH rec AS (SELECT customer_id, source_name, source_key,
                    split_part(source_key, '-', 2) AS entity FROM c360.customer_source),
predicted AS (SELECT a.source_key ka, b.source_key kb, a.entity = b.entity AS correct
              FROM rec a JOIN rec b ON a.customer_id = b.customer_id AND a.source_key < b.source_key
              WHERE (SELECT count(*) FROM c360.source) = 1 OR a.source_name <> b.source_name),
truth AS (SELECT count(*) AS n FROM rec a JOIN rec b ON a.entity = b.entity AND a.source_key < b.source_key
          WHERE (SELECT count(*) FROM c360.source) = 1 OR a.source_name <> b.source_name)
SELECT round(count(*) FILTER (WHERE correct)::numeric / nullif(count(*), 0), 4),
       round(count(*) FILTER (WHERE correct)::numeric / (SELECT n FROM truth), 4),
       round(2 * count(*) FILTER (WHERE correct)::numeric / (count(*) + (SELECT n FROM truth)), 4)
FROM predicted $$;
SELECT f1 >= 0.995 AS febrl3_f1_floor, pair_precision >= 0.99 AS precision_floor, pair_recall >= 0.99 AS recall_floor, f1
FROM febrl_pairwise();

-- The crosswalk, the golden record and the accounts of one customer
-- (entity 10: an original and three duplicates, one with its names swapped).
SELECT source_name, source_key, round(match_probability::numeric, 3) AS p
FROM c360.customer_source
WHERE customer_id = (SELECT customer_id FROM c360.customer_source WHERE source_key = 'rec-10-org')
ORDER BY source_key;
SELECT full_name, given_name, family_name, birth_date, street, city, postcode, national_id,
       source_count, record_count
FROM c360.customer
WHERE customer_id = (SELECT customer_id FROM c360.customer_source WHERE source_key = 'rec-10-org');
SELECT count(*) = (SELECT count(*) FROM febrl3_now) AS one_account_per_record FROM c360.customer_account;
SELECT count(*) = count(DISTINCT customer_id) AS one_golden_row_per_customer FROM c360.customer;

-- A second resolve with nothing new changes nothing and keeps every id.
CREATE TEMP TABLE ids_before AS SELECT source_key, customer_id FROM c360.customer_source;
SELECT s -> 'records_new_or_changed' AS changed, s -> 'candidate_pairs' AS pairs,
       s -> 'model_trained' AS trained FROM c360.resolve() s;
SELECT count(*) AS ids_changed FROM ids_before b JOIN c360.customer_source c USING (source_key)
WHERE b.customer_id <> c.customer_id;

-- Incremental: the held-back 1% arrive; only they are matched.
CREATE OR REPLACE VIEW febrl3_now AS SELECT * FROM febrl3;
SELECT s -> 'records_new_or_changed' AS changed, (s -> 'candidate_pairs')::int < 2000 AS few_pairs,
       s -> 'model_trained' AS trained FROM c360.resolve() s;
SELECT count(*) AS old_ids_changed FROM ids_before b JOIN c360.customer_source c USING (source_key)
WHERE b.customer_id <> c.customer_id
  AND NOT EXISTS (SELECT 1 FROM c360.customer_id_history h WHERE h.old_id = b.customer_id);
SELECT f1 >= 0.995 AS febrl3_f1_floor_after_increment FROM febrl_pairwise();

-- Changed and deleted rows.
UPDATE febrl3 SET surname = 'zzyzx' WHERE rec_id = 'rec-10-org';
DELETE FROM febrl3 WHERE rec_id = 'rec-1716-dup-1';
SELECT s -> 'records_new_or_changed' AS changed, s -> 'records_deleted' AS deleted FROM c360.resolve() s;
SELECT count(*) AS gone FROM c360.customer_source WHERE source_key = 'rec-1716-dup-1';

-- Every record is scored again when the blocks or the model are not the
-- last run's (a user may put an edited model in place); otherwise only
-- what changed is, and only the households around it are worked out.
CREATE TEMP TABLE ids_kept AS SELECT source_key, customer_id FROM c360.customer_source;
SELECT s -> 'rescored_all' AS rescored FROM c360.resolve(max_block_size => 50) s;
SELECT s -> 'rescored_all' AS rescored FROM c360.resolve() s;
SELECT s -> 'rescored_all' AS rescored, s #> '{relate,incremental}' AS households_incremental FROM c360.resolve() s;
INSERT INTO c360.model (model, active) SELECT model, false FROM c360.model WHERE active;
UPDATE c360.model SET active = (model_id = (SELECT max(model_id) FROM c360.model));
SELECT s -> 'rescored_all' AS rescored, s -> 'model_trained' AS trained,
       s #> '{relate,incremental}' AS households_incremental FROM c360.resolve() s;
SELECT count(*) AS ids_changed FROM ids_kept b JOIN c360.customer_source c USING (source_key)
WHERE b.customer_id <> c.customer_id;

-- Stewardship.  Split a record out, keep it out on later resolves.
SELECT c360.split('febrl3', 'rec-10-dup-0') AS split;
SELECT c360.resolve() IS NOT NULL AS resolved;
SELECT count(*) AS customers_holding_it,
       (SELECT count(*) FROM c360.customer_source WHERE customer_id = c.customer_id) AS its_records
FROM c360.customer_source c WHERE source_key = 'rec-10-dup-0' GROUP BY customer_id;
-- Merge two customers: the older id survives, the other is history.
CREATE TEMP TABLE two AS
SELECT (SELECT customer_id FROM c360.customer_source WHERE source_key = 'rec-3-org') AS a,
       (SELECT customer_id FROM c360.customer_source WHERE source_key = 'rec-11-org') AS b;
SELECT c360.merge(a, b) FROM two;
SELECT c360.resolve() IS NOT NULL AS resolved;
SELECT (SELECT customer_id FROM c360.customer_source WHERE source_key = 'rec-3-org') = least(a, b) AS older_survives,
       (SELECT customer_id FROM c360.customer_source WHERE source_key = 'rec-11-org') = least(a, b) AS merged,
       c360.current_customer_id(greatest(a, b)) = least(a, b) AS history_answers,
       c360.current_customer_id(least(a, b)) = least(a, b) AS current_is_itself
FROM two;
SELECT c360.current_customer_id(-1) AS unknown_id;
-- Never match: the pair is not used.
SELECT c360.never_match('febrl3', 'rec-10-dup-0', 'febrl3', 'rec-10-dup-1');
SELECT count(*) >= 0 AS possible_matches_listed, bool_and(explanation ? 'match_weight') AS explained
FROM c360.possible_match;

-- Rejected rows: NULL key, duplicate key, nothing usable.
CREATE TABLE junk (id text, name text, dob text);
INSERT INTO junk VALUES (NULL, 'Ann Lee', '1990-01-01'), ('k1', 'Bob Ray', NULL), ('k1', 'Bob Roy', NULL),
  ('k2', 'UNKNOWN', 'not a date'), ('k3', 'Eve Lin', '13/45/1980');
SELECT c360.add_source('junk', 'junk', 'id', '{"full_name": "name", "birth_date": "dob"}');
DELETE FROM junk WHERE name = 'Bob Roy';
SELECT c360.add_source('junk', 'junk', 'id', '{"full_name": "name", "birth_date": "dob"}') > 0 AS added;
INSERT INTO junk VALUES ('k1', 'Bob Roy', NULL);
SELECT c360.resolve() IS NOT NULL AS resolved;
SELECT s.name, r.source_key, r.reason FROM c360.rejected_record r JOIN c360.source s USING (source_id)
ORDER BY 1, 2;
SELECT source_key, attrs FROM c360.customer_source WHERE source_name = 'junk' ORDER BY 1;

-- Errors that name the problem.
SELECT c360.add_source('x', 'no_such_table', 'id', '{"full_name": "name"}');
SELECT c360.add_source('x', 'junk', 'no_such_column', '{"full_name": "name"}');
SELECT c360.add_source('x', 'junk', 'id', '{"shoe_size": "name"}');
SELECT c360.add_source('x', 'junk', 'id', '{"full_name": "nope"}');
SELECT c360.add_source('x', 'junk', 'id', '{"full_name": 7}');
SELECT c360.add_source('x', 'junk', 'id', '{"birth_date": {"column": "dob", "format": "QQ"}}');
SELECT c360.add_source('x', 'junk', 'id', '{"email": {"column": "dob", "format": "YYYY"}}');
SELECT c360.add_source('x', 'junk', 'id', '{}');
SELECT c360.add_source('junk', 'junk', 'id', '{"full_name": "name"}');
SELECT c360.add_source('', 'junk', 'id', '{"full_name": "name"}');
SELECT c360.add_source('x', 'junk', 'id', NULL);
SELECT c360.add_source('x', 'pg_catalog.pg_class_oid_index', 'oid', '{"full_name": "relname"}');
SELECT c360.drop_source('no_such_source');
SELECT c360.split('febrl3', 'no-such-key');
SELECT c360.merge(-1, -2);
SELECT c360.resolve(match_probability => 1.5);
SELECT c360.drop_source('junk');

-- FEBRL4: two sources, linked (each record of 4a has one duplicate in 4b).
SELECT c360.drop_source('febrl3');

CREATE TABLE febrl4 (rec_id text, given_name text, surname text, street_number text,
    address_1 text, address_2 text, suburb text, postcode text, state text,
    date_of_birth text, soc_sec_id text, part text);
\copy febrl4 (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset4a.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl4 SET part = 'a';
\copy febrl4 (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) FROM 'test/data/febrl/dataset4b.csv' WITH (FORMAT csv, HEADER true)
UPDATE febrl4 SET part = 'b' WHERE part IS NULL;
CREATE VIEW febrl4_view AS
SELECT part, trim(rec_id) AS rec_id, nullif(trim(given_name), '') AS given_name,
       nullif(trim(surname), '') AS surname,
       nullif(trim(coalesce(street_number, '') || ' ' || coalesce(address_1, '')), '') AS street,
       nullif(trim(suburb), '') AS suburb, nullif(trim(postcode), '') AS postcode,
       nullif(trim(date_of_birth), '') AS dob, nullif(trim(soc_sec_id), '') AS ssn
FROM febrl4;
CREATE VIEW febrl4a AS SELECT * FROM febrl4_view WHERE part = 'a';
CREATE VIEW febrl4b AS SELECT * FROM febrl4_view WHERE part = 'b';
SELECT c360.add_source(src, rel, 'rec_id',
  '{"given_name": "given_name", "family_name": "surname", "street": "street", "city": "suburb",
    "postcode": "postcode", "birth_date": {"column": "dob", "format": "YYYYMMDD"}, "national_id": "ssn"}') > 0
FROM (VALUES ('febrl4a', 'febrl4a'::regclass), ('febrl4b', 'febrl4b'::regclass)) v(src, rel);
SELECT (s -> 'records')::int AS records, (s -> 'model_trained') AS trained FROM c360.resolve(retrain => true) s;
SELECT f1 >= 0.99 AS febrl4_f1_floor FROM febrl_pairwise();
SELECT c360.drop_source('febrl4a'), c360.drop_source('febrl4b');
RESET client_min_messages;

-- The blocking keys of a record (c360.record_blocks): every rule whose
-- attributes are present, the name in either order; none for an empty
-- key; a value too long to compare (1 MB) is absent, so it gives no key.
SELECT unnest(c360.record_blocks(c360.match_key(given_name => 'Smith', family_name => 'John',
       birth_date => '1980-03-14', postcode => '10001', phone => '(212) 555-0101'))) AS block ORDER BY 1;
SELECT c360.record_blocks(c360.match_key(email => 'JSmith77@Mailbox.org')) AS email_only,
       c360.record_blocks(c360.match_key(given_name => 'Ann')) AS given_only,
       c360.record_blocks(c360.match_key(given_name => repeat('x', 1000000), family_name => 'Doe')) AS huge,
       c360.record_blocks(NULL) IS NULL AS null_key;
-- What c360.record.blocks stores: the hash of each key in a slot per rule
-- (15), NULL where the record lacks the rule's attributes, the keys
-- present in record_blocks' order; c360.block_hash is fixed by its
-- definition (the unit test pins values), takes any text (empty, 1 MB,
-- non-Latin) and is NULL for NULL.
WITH k AS (SELECT c360.match_key(given_name => 'Smith', family_name => 'John', birth_date => '1980-03-14',
                                 postcode => '10001', phone => '(212) 555-0101') AS key)
SELECT (SELECT array_agg(h ORDER BY n) FROM unnest(c360.record_block_hashes(key)) WITH ORDINALITY u(h, n)
        WHERE h IS NOT NULL)
       = (SELECT array_agg(c360.block_hash(b) ORDER BY n)
          FROM unnest(c360.record_blocks(key)) WITH ORDINALITY u(b, n)) AS same_keys,
       cardinality(c360.record_block_hashes(key)) AS n_slots,
       (SELECT count(*) FROM unnest(c360.record_block_hashes(key)) h WHERE h IS NOT NULL) AS n_hashes,
       (c360.record_block_hashes(key))[1] = c360.block_hash('n:john|smith') AS slot_1_is_the_name,
       (c360.record_block_hashes(key))[12] IS NULL AS no_city_no_slot_12,
       c360.record_block_hashes(c360.match_key(given_name => 'Ann')) = array_fill(NULL::bigint, ARRAY[15]) AS given_only,
       c360.record_block_hashes(NULL) IS NULL AS null_key
FROM k;
SELECT c360.block_hash('') AS empty, c360.block_hash('a') AS a, c360.block_hash('fn:smith|john') AS a_key,
       c360.block_hash(repeat('x', 1000000)) <> c360.block_hash(repeat('x', 999999)) AS huge_differs,
       c360.block_hash('李|😀') <> c360.block_hash('李|😁') AS non_latin_differs,
       c360.block_hash(NULL) IS NULL AS null_text;
-- The building households compare (c360.record.building): house, street
-- name, ZIP (not ZIP+4); none for a PO box, a postcode without a digit,
-- no house number, a 1 MB street (missing for matching), empty values, a
-- NULL key.
SELECT c360.record_building(c360.match_key(street => '12 Main Street Apt 4', postcode => '02134-1234')) AS zip4,
       c360.record_building(c360.match_key(street => '12 MAIN ST', postcode => '02134')) AS same_building,
       c360.record_building(c360.match_key(street => 'PO Box 12', postcode => '10008')) IS NULL AS po_box,
       c360.record_building(c360.match_key(street => '5 Elm St', postcode => 'N/A')) IS NULL AS no_digit,
       c360.record_building(c360.match_key(street => 'Elm St', postcode => '10008')) IS NULL AS no_house,
       c360.record_building(c360.match_key(given_name => 'Ann')) IS NULL AS no_address,
       c360.record_building(c360.match_key(street => '12 ' || repeat('x', 1000000), postcode => '02134')) IS NULL AS huge_street,
       c360.record_building(c360.match_key(street => '', postcode => '')) IS NULL AS empty,
       c360.record_building(NULL) IS NULL AS null_key;
-- Find the records holding a key: its hash in its rule's slot of
-- c360.record.blocks, through that slot's index.
SELECT count(*) >= 0 AS found FROM c360.record r WHERE r.blocks[1] = c360.block_hash('n:john|smith');
EXPLAIN (COSTS OFF) SELECT r.record_id FROM c360.record r WHERE r.blocks[2] = c360.block_hash('fp:smith|10001');
-- The internal trainer: NULL in, NULL out; a sample of no pairs is an error.
SELECT c360.train_resolve_model(NULL) IS NULL AS null_sample;
SELECT c360.train_resolve_model(0);
