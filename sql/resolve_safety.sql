-- Safety of the resolution workflow (issue 4, "Bad input and safety"):
-- a failure mid-run rolls everything back and the next run works; two
-- resolves in a row give identical ids; only granted roles register,
-- resolve and steward, and roles granted as docs/reference/resolve.md
-- shows can do what it says; NULL, duplicate, empty, odd and 1 MB keys and
-- values never abort a run; a source's records, scored pairs and
-- transaction tables go with it.  The tests share one database: this one
-- prints no serial id and leaves nothing behind.
\pset null '(null)'
-- Errors without CONTEXT: stage_source's statements name source ids.
\set VERBOSITY terse
SET client_min_messages = warning;
SELECT coalesce(max(run_id), 0) AS first_run FROM c360.resolve_run \gset

CREATE SCHEMA safety;
CREATE TABLE safety.cards (account_id text, full_name text, date_of_birth text, phone text, address text);
CREATE TABLE safety.loyalty (member_id text, first_name text, last_name text, email text, phone text,
	birthday text, zip text);
\copy safety.cards FROM 'test/gen/sample/cards.csv' WITH (FORMAT csv, HEADER true)
\copy safety.loyalty FROM 'test/gen/sample/loyalty.csv' WITH (FORMAT csv, HEADER true)
-- A third system read through a function that fails on a row it cannot
-- read (as a foreign table or a view over a remote call does).
CREATE TABLE safety.branch_rows (id text, name text, phone text);
INSERT INTO safety.branch_rows
SELECT 'B' || account_id, full_name, phone FROM safety.cards ORDER BY account_id LIMIT 20;
CREATE FUNCTION safety.read_name(id text, name text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	IF name = 'UNREADABLE' THEN
		RAISE EXCEPTION 'branch system: row % cannot be read', id;
	END IF;
	RETURN name;
END
$$;
CREATE VIEW safety.branch AS
SELECT id, safety.read_name(id, name) AS name, phone FROM safety.branch_rows;

SELECT c360.add_source('safety_cards', 'safety.cards', 'account_id',
  '{"full_name": "full_name", "birth_date": {"column": "date_of_birth", "format": "MM/DD/YYYY"},
    "phone": "phone", "address": "address", "account_id": "account_id"}', trust => 1) > 0 AS cards,
       c360.add_source('safety_loyalty', 'safety.loyalty', 'member_id',
  '{"given_name": "first_name", "family_name": "last_name", "email": "email", "phone": "phone",
    "postcode": "zip"}') > 0 AS loyalty,
       c360.add_source('safety_branch', 'safety.branch', 'id',
  '{"full_name": "name", "phone": "phone"}') > 0 AS branch;
SELECT (s -> 'records')::int AS records, s -> 'records_rejected' AS rejected, s -> 'model_trained' AS trained
FROM c360.resolve(retrain => true) s;

-- Everything a run writes, as digests, to compare before and after.
CREATE FUNCTION safety.snapshot() RETURNS TABLE (part text, digest text)
LANGUAGE sql AS $$
	SELECT 'records', md5(coalesce(string_agg(r::text, E'\n' ORDER BY r.record_id), '')) FROM c360.record r
	UNION ALL
	SELECT 'customer ids', md5(coalesce(string_agg(format('%s|%s|%s', source_name, source_key, customer_id),
	                                               E'\n' ORDER BY source_name, source_key), ''))
	FROM c360.customer_source
	UNION ALL
	SELECT 'match edges', md5(coalesce(string_agg(e::text, E'\n' ORDER BY a, b), '')) FROM c360.match_edge e
	UNION ALL
	SELECT 'runs', md5(coalesce(string_agg(r::text, E'\n' ORDER BY run_id), '')) FROM c360.resolve_run r
	UNION ALL
	SELECT 'models', md5(coalesce(string_agg(m::text, E'\n' ORDER BY model_id), '')) FROM c360.model m
	UNION ALL
	SELECT 'id history', md5(coalesce(string_agg(h::text, E'\n' ORDER BY h::text), '')) FROM c360.customer_id_history h
	UNION ALL
	SELECT 'rejected', md5(coalesce(string_agg(j::text, E'\n' ORDER BY j::text), '')) FROM c360.rejected_record j
	UNION ALL
	SELECT 'decisions', md5(coalesce(string_agg(d::text, E'\n' ORDER BY decision_id), '')) FROM c360.steward_decision d
	UNION ALL
	SELECT 'customer id sequence', (SELECT last_value::text FROM c360.customer_id_seq)
$$;

-- 1. A failure mid-run rolls back cleanly.
-- New and changed rows wait in every source, and one row of the branch
-- system cannot be read: the run fails while reading it.
CREATE TEMP TABLE before AS SELECT * FROM safety.snapshot();
INSERT INTO safety.loyalty VALUES ('L9990001', 'Zebediah', 'Quartermaine', 'zq@example.org', '2025550199', NULL, '99950');
UPDATE safety.cards SET phone = '(555) 010-2233' WHERE account_id = (SELECT min(account_id) FROM safety.cards);
INSERT INTO safety.branch_rows VALUES ('B-new', 'PERPETUA XANTHOPOULOS', '555-010-4477'),
	('B-bad', 'UNREADABLE', NULL);
SELECT c360.resolve();
SELECT b.part AS changed_by_the_failed_run FROM before b JOIN safety.snapshot() a USING (part)
WHERE a.digest IS DISTINCT FROM b.digest;
-- The failure comes late: a retrain (the old model deactivated, a new one
-- stored), every record re-scored, then clustering refuses its argument.
DELETE FROM safety.branch_rows WHERE id = 'B-bad';
SELECT c360.resolve(retrain => true, max_cluster_size => 0);
SELECT b.part AS changed_by_the_failed_run FROM before b JOIN safety.snapshot() a USING (part)
WHERE a.digest IS DISTINCT FROM b.digest;
SELECT count(*) AS unfinished_runs FROM c360.resolve_run WHERE finished_at IS NULL;
SELECT count(*) AS active_models FROM c360.model WHERE active;
-- With the source fixed the next run works and takes in the waiting rows;
-- no customer that was there loses its id.
CREATE TEMP TABLE ids_before AS SELECT source_name, source_key, customer_id FROM c360.customer_source;
SELECT s -> 'records_new_or_changed' AS new_or_changed, s -> 'model_trained' AS trained
FROM c360.resolve() s;
SELECT count(*) AS records_now FROM c360.customer_source
WHERE source_key IN ('L9990001', 'B-new');
SELECT count(*) AS ids_lost FROM ids_before b JOIN c360.customer_source c USING (source_name, source_key)
WHERE c.customer_id <> b.customer_id
  AND NOT EXISTS (SELECT 1 FROM c360.customer_id_history h WHERE h.old_id = b.customer_id);
SELECT (SELECT customer_id FROM c360.customer_source WHERE source_key = 'L9990001')
       NOT IN (SELECT customer_id FROM ids_before) AS new_person_new_id;

-- 2. Two resolves in a row give identical ids.
CREATE TEMP TABLE run_a AS SELECT source_name, source_key, customer_id FROM c360.customer_source;
DROP TABLE before;
CREATE TEMP TABLE before AS SELECT * FROM safety.snapshot();
SELECT s -> 'records_new_or_changed' AS new_or_changed FROM c360.resolve() s;
SELECT b.part AS changed_by_a_run_with_nothing_new FROM before b JOIN safety.snapshot() a USING (part)
WHERE a.digest IS DISTINCT FROM b.digest AND part <> 'runs';
-- In one transaction, after a resolve_record, and with a retrain each
-- time: still the same ids.
BEGIN;
SELECT c360.resolve_record('safety_loyalty', 'L9990001') IS NOT NULL AS resolved_one;
SELECT c360.resolve() IS NOT NULL AS first, c360.resolve() IS NOT NULL AS second;
SELECT c360.resolve(retrain => true) IS NOT NULL AS retrained;
SELECT c360.resolve(retrain => true) IS NOT NULL AS retrained_again;
COMMIT;
SELECT count(*) AS records, count(*) FILTER (WHERE c.customer_id IS DISTINCT FROM a.customer_id) AS ids_changed
FROM run_a a FULL JOIN c360.customer_source c USING (source_name, source_key);
-- Training is deterministic: the two retrains stored the same model.
SELECT count(DISTINCT model::text) AS distinct_retrained_models
FROM (SELECT model FROM c360.model ORDER BY model_id DESC LIMIT 2) m;

-- 3. Who may do what.  A role without grants, an analyst and a steward
-- granted exactly as docs/reference/resolve.md shows.
CREATE ROLE regress_c360_nobody;
CREATE ROLE regress_c360_analyst;
GRANT USAGE ON SCHEMA c360 TO regress_c360_analyst;
GRANT SELECT ON c360.customer, c360.customer_source, c360.customer_account,
                c360.possible_match TO regress_c360_analyst;
CREATE ROLE regress_c360_steward IN ROLE regress_c360_analyst;
GRANT EXECUTE ON FUNCTION c360.merge(bigint, bigint), c360.split(text, text),
      c360.never_match(text, text, text, text) TO regress_c360_steward;
GRANT SELECT, INSERT ON c360.steward_decision TO regress_c360_steward;
GRANT USAGE ON SEQUENCE c360.steward_decision_decision_id_seq TO regress_c360_steward;
GRANT SELECT ON c360.record, c360.record_customer, c360.source, c360.customer_id_history TO regress_c360_steward;
-- What the steward will decide: merge the two new people, split the first
-- card out of a customer of several records, never match two other
-- records of one customer.
CREATE TEMP TABLE decide AS
WITH multi AS (SELECT customer_id, min(source_key) AS first_key, max(source_key) AS last_key,
                      row_number() OVER (ORDER BY min(source_key)) AS n
               FROM c360.customer_source WHERE source_name = 'safety_cards'
               GROUP BY customer_id HAVING count(*) >= 2)
SELECT (SELECT customer_id FROM c360.customer_source WHERE source_key = 'L9990001') AS a,
       (SELECT customer_id FROM c360.customer_source WHERE source_key = 'B-new') AS b,
       (SELECT first_key FROM multi WHERE n = 1) AS split_key,
       (SELECT first_key FROM multi WHERE n = 2) AS key_c,
       (SELECT last_key FROM multi WHERE n = 2) AS key_d;
GRANT SELECT ON decide TO regress_c360_nobody, regress_c360_analyst;

SET ROLE regress_c360_nobody;
SELECT c360.add_source('x', 'pg_catalog.pg_class', 'oid', '{"full_name": "relname"}');
SELECT c360.drop_source('safety_cards');
SELECT c360.resolve();
SELECT c360.resolve_record('safety_cards', 'x');
SELECT c360.merge(a, b) FROM decide;
SELECT c360.split('safety_cards', split_key) FROM decide;
SELECT c360.never_match('safety_cards', key_c, 'safety_cards', key_d) FROM decide;
SELECT count(*) FROM c360.customer;
RESET ROLE;

SET ROLE regress_c360_analyst;
-- Reads the four views.
SELECT count(*) > 0 AS customers FROM c360.customer;
SELECT count(*) > 0 AS crosswalk FROM c360.customer_source WHERE source_name = 'safety_cards';
SELECT count(*) > 0 AS accounts FROM c360.customer_account WHERE source_name = 'safety_cards';
SELECT count(*) >= 0 AS possible_matches FROM c360.possible_match;
-- Changes nothing.
SELECT c360.add_source('x', 'pg_catalog.pg_class', 'oid', '{"full_name": "relname"}');
SELECT c360.drop_source('safety_cards');
SELECT c360.resolve();
SELECT c360.resolve_record('safety_cards', 'x');
SELECT c360.merge(a, b) FROM decide;
SELECT c360.split('safety_cards', split_key) FROM decide;
SELECT c360.never_match('safety_cards', key_c, 'safety_cards', key_d) FROM decide;
SELECT c360.add_transactions('x', 'pg_catalog.pg_class', 'safety_cards', 'oid', 'oid', 'oid');
INSERT INTO c360.steward_decision (kind, source_a, key_a) VALUES ('split', 'safety_loyalty', 'L9990001');
UPDATE c360.source SET trust = 9;
DELETE FROM c360.model;
-- Reads no table behind the views; following old customer ids takes the
-- two more grants the docs show.
SELECT count(*) FROM c360.record;
SELECT count(*) FROM c360.source;
SELECT c360.current_customer_id(a) = a AS current FROM decide;
RESET ROLE;
GRANT SELECT ON c360.record_customer, c360.customer_id_history TO regress_c360_analyst;
SET ROLE regress_c360_analyst;
SELECT c360.current_customer_id(a) = a AS current, c360.current_customer_id(-1) AS unknown FROM decide;
RESET ROLE;

SET ROLE regress_c360_steward;
-- Decides (by any id, also one that does not exist), and nothing else.
SELECT c360.merge(a, b) FROM decide;
SELECT c360.split('safety_cards', split_key) FROM decide;
SELECT c360.never_match('safety_cards', key_c, 'safety_cards', key_d) FROM decide;
SELECT c360.merge(-1, -2);
SELECT c360.split('safety_loyalty', 'no-such-key');
SELECT c360.resolve();
SELECT c360.add_source('x', 'pg_catalog.pg_class', 'oid', '{"full_name": "relname"}');
DELETE FROM c360.steward_decision;
RESET ROLE;
SELECT d.kind, d.source_a, d.key_a = x.split_key OR d.key_a = x.key_c OR d.key_a = 'L9990001' AS key_a,
       d.source_b, d.key_b = x.key_d OR d.key_b = 'B-new' AS key_b, d.decided_by
FROM c360.steward_decision d, decide x
WHERE d.source_a LIKE 'safety\_%' ORDER BY d.decision_id;
-- The next resolve honours them: the merged customers are one, under the
-- older id; the split record is a customer of its own.
SELECT c360.resolve() IS NOT NULL AS resolved;
SELECT c360.current_customer_id(a) = least(a, b) AND c360.current_customer_id(b) = least(a, b) AS merged,
       (SELECT count(*) FROM c360.customer_source c JOIN c360.customer_source o USING (customer_id)
        WHERE c.source_name = 'safety_cards' AND c.source_key = x.split_key) AS split_customer_records
FROM decide x;

DROP OWNED BY regress_c360_nobody, regress_c360_analyst, regress_c360_steward;
DROP ROLE regress_c360_nobody, regress_c360_steward, regress_c360_analyst;

-- 4. Bad keys and values never abort a run.  Rows that cannot be records
-- are rejected with a reason; a value that is unusable for matching is
-- kept as written and is missing for matching.
CREATE TABLE safety.messy (id text, name text, dob text, email text, phone text, street text, zip text);
INSERT INTO safety.messy VALUES ('m1', 'Ann Lee', '1990-01-01', NULL, NULL, NULL, NULL);
SELECT c360.add_source('safety_messy', 'safety.messy', 'id',
  '{"full_name": "name", "birth_date": "dob", "email": "email", "phone": "phone",
    "street": "street", "postcode": "zip"}') > 0 AS messy;
INSERT INTO safety.messy VALUES
	(NULL, 'Nora Null', '1980-02-02', NULL, NULL, NULL, NULL),
	('dup', 'Dan Dup', NULL, NULL, NULL, NULL, NULL),
	('dup', 'Dan Dupe', NULL, NULL, NULL, NULL, NULL),
	('', 'Emma Empty', '1975-03-03', NULL, NULL, NULL, NULL),
	(' ', 'Sam Space', '1975-03-04', NULL, NULL, NULL, NULL),
	(repeat('k', 1000000), 'Hugh Key', '1970-04-04', NULL, NULL, NULL, NULL),
	(repeat('é', 513), 'Wide Key', '1970-04-05', NULL, NULL, NULL, NULL),
	(repeat('k', 1024), 'Long Key', '1970-04-06', NULL, NULL, NULL, NULL),
	(E'ctl\x01\t\nkey', 'Carl Control', '1960-05-05', NULL, NULL, NULL, NULL),
	('顧客-42 😀', '山田 太郎', '1985-06-06', NULL, NULL, NULL, NULL),
	('m-huge', repeat('x', 1000000), repeat('1', 1000000), repeat('e', 1000000),
	 repeat('5', 1000000), repeat('s', 1000000), '90210'),
	('m-huge-all', repeat('x', 1000000), repeat('1', 1000000), repeat('e', 1000000),
	 repeat('5', 1000000), repeat('s', 1000000), repeat('9', 1000000)),
	('m-empty', '', '', '', '', '', ''),
	('m-null', NULL, NULL, NULL, NULL, NULL, NULL),
	('m-junk', 'UNKNOWN', 'not a date', 'none@none.com', '(000) 000-0000', NULL, '00000'),
	('m-bad-date', 'Eve Lin', '13/45/1980', NULL, NULL, NULL, NULL),
	('m-ctl', E'Bo\x01b\x7f Ray\u200b', NULL, E'bob\x02@example.org', NULL, NULL, NULL),
	('m-emoji', '😀 🎉', NULL, NULL, '+1 555 😀 0100', NULL, NULL),
	('m-cyrillic', 'Иван Петров', '1991-07-07', NULL, NULL, NULL, NULL),
	('m-arabic', 'محمد علي', '1992-08-08', NULL, NULL, NULL, NULL);
SELECT (s -> 'records_rejected') AS rejected, s -> 'records_new_or_changed' AS new_or_changed
FROM c360.resolve() s;
SELECT to_json(left(j.source_key, 12)) AS key, octet_length(j.source_key) AS key_bytes, j.reason
FROM c360.rejected_record j JOIN c360.source s USING (source_id)
WHERE s.name = 'safety_messy' ORDER BY j.reason, j.source_key;
SELECT to_json(left(source_key, 12)) AS key, octet_length(source_key) AS key_bytes,
       customer_id IS NOT NULL AS has_customer, octet_length(attrs::text) AS attrs_bytes
FROM c360.customer_source WHERE source_name = 'safety_messy' ORDER BY source_key;
-- A 1 MB value is kept as written and is missing for matching (m-huge
-- matches on its postcode alone); so is a date that does not parse.
SELECT r.source_key, c360.match_key_attributes(r.key) AS usable_attributes,
       octet_length(r.attrs ->> 'full_name') AS name_bytes,
       left(r.attrs ->> 'birth_date', 12) AS birth_date_as_written, c.birth_date
FROM c360.record r JOIN c360.source s USING (source_id) JOIN c360.record_customer USING (record_id)
JOIN c360.customer c USING (customer_id)
WHERE s.name = 'safety_messy' AND r.source_key IN ('m-huge', 'm-bad-date') ORDER BY 1;
-- The golden record and the accounts read them without error.
SELECT count(*) AS customers, max(octet_length(full_name)) AS longest_name
FROM c360.customer WHERE customer_id IN
	(SELECT customer_id FROM c360.customer_source WHERE source_name = 'safety_messy');
SELECT count(*) AS accounts FROM c360.customer_account WHERE source_name = 'safety_messy';
-- resolve_record: a key too long to be a record gives NULL, as a NULL key does.
SELECT c360.resolve_record('safety_messy', repeat('k', 1000000)) AS huge_key,
       c360.resolve_record('safety_messy', NULL) AS null_key,
       c360.resolve_record('safety_messy', 'm-huge') IS NOT NULL AS huge_values;
-- resolve_record reads the row by its key in the key column's own type (so
-- the source's index finds it), then as text, as resolve reads keys: the
-- integer key '7' finds row 7; '007', 'seven' and a number too big for an
-- integer find no row (NULL, as for a row that is gone); a row whose key is
-- not unique is an error that names it.
CREATE TABLE safety.numbered (id int, name text, phone text);
CREATE INDEX ON safety.numbered (id);
INSERT INTO safety.numbered VALUES (7, 'Numbered Person', '555-0100'), (8, 'Twice Keyed', '555-0101');
SELECT c360.add_source('safety_numbered', 'safety.numbered', 'id', '{"full_name": "name", "phone": "phone"}') > 0 AS added;
INSERT INTO safety.numbered VALUES (8, 'Twice Keyed', '555-0101');
SELECT c360.resolve_record('safety_numbered', '7') IS NOT NULL AS integer_key,
       c360.resolve_record('safety_numbered', '007') AS zero_padded,
       c360.resolve_record('safety_numbered', 'seven') AS not_an_integer,
       c360.resolve_record('safety_numbered', '99999999999') AS out_of_range;
SELECT source_key, customer_id IS NOT NULL AS has_customer FROM c360.customer_source
WHERE source_name = 'safety_numbered';
SELECT c360.resolve_record('safety_numbered', '8');
-- A changed row is read again; an unchanged one keeps its id.
UPDATE safety.numbered SET phone = '555-0199' WHERE id = 7;
SELECT c360.resolve_record('safety_numbered', '7') = c360.resolve_record('safety_numbered', '7') AS same_id;
SELECT attrs ->> 'phone' AS phone_now FROM c360.customer_source
WHERE source_name = 'safety_numbered' AND source_key = '7';
SELECT c360.drop_source('safety_numbered');
-- A record whose key turns up twice, or whose row keeps nothing to match
-- on, stops being a record: deleted, and rejected with its reason.
INSERT INTO safety.messy VALUES ('m1', 'Ann Lee Again', NULL, NULL, NULL, NULL, NULL);
UPDATE safety.messy SET name = NULL, dob = NULL WHERE id = 'm-cyrillic';
SELECT s -> 'records_deleted' AS deleted FROM c360.resolve() s;
SELECT j.source_key, j.reason FROM c360.rejected_record j JOIN c360.source s USING (source_id)
WHERE s.name = 'safety_messy' AND j.source_key IN ('m1', 'm-cyrillic') ORDER BY 1;
SELECT count(*) AS still_records FROM c360.customer_source
WHERE source_name = 'safety_messy' AND source_key IN ('m1', 'm-cyrillic');
-- A table whose key column has a unique index of its own needs no check
-- for duplicate keys (c360.source_key_unique); a partial, an expression, a
-- two-column or a deferrable one, another column's, or a view does not count.
CREATE TABLE safety.keyed_pk (id text PRIMARY KEY, name text);
CREATE TABLE safety.keyed_partial (id text, name text);
CREATE UNIQUE INDEX ON safety.keyed_partial (id) WHERE name IS NOT NULL;
CREATE TABLE safety.keyed_expression (id text, name text);
CREATE UNIQUE INDEX ON safety.keyed_expression (lower(id));
CREATE TABLE safety.keyed_two (id text, name text, UNIQUE (id, name));
CREATE TABLE safety.keyed_deferred (id text UNIQUE DEFERRABLE INITIALLY DEFERRED, name text);
CREATE VIEW safety.keyed_view AS SELECT * FROM safety.keyed_pk;
SELECT r AS relation, k AS key_column,
       c360.source_key_unique(jsonb_populate_record(NULL::c360.source,
                                                    jsonb_build_object('relation', r, 'key_column', k))) AS key_unique
FROM (VALUES ('safety.keyed_pk', 'id'), ('safety.keyed_pk', 'name'), ('safety.keyed_partial', 'id'),
             ('safety.keyed_expression', 'id'), ('safety.keyed_two', 'id'), ('safety.keyed_deferred', 'id'),
             ('safety.keyed_view', 'id')) v(r, k)
ORDER BY 1, 2;
SELECT c360.source_key_unique(NULL) IS NULL AS null_source;
-- Such a source resolves as any other.
INSERT INTO safety.keyed_pk VALUES ('p1', 'Pia Keyed'), ('p2', 'Per Keyed');
SELECT c360.add_source('safety_keyed', 'safety.keyed_pk', 'id', '{"full_name": "name"}') > 0 AS keyed;
SELECT c360.resolve() IS NOT NULL AS resolved;
SELECT source_key, customer_id IS NOT NULL AS has_customer FROM c360.customer_source
WHERE source_name = 'safety_keyed' ORDER BY 1;
SELECT count(*) AS keyed_rejected FROM c360.rejected_record j JOIN c360.source s USING (source_id)
WHERE s.name = 'safety_keyed';
SELECT c360.drop_source('safety_keyed');
DROP VIEW safety.keyed_view;
DROP TABLE safety.keyed_pk, safety.keyed_partial, safety.keyed_expression, safety.keyed_two, safety.keyed_deferred;
-- The source is cleaned up: the next run takes it in and frees the rejects.
DELETE FROM safety.messy WHERE id IS NULL OR id = 'dup' OR octet_length(id) > 1024
	OR (id = 'm1' AND name = 'Ann Lee Again');
UPDATE safety.messy SET name = 'Иван Петров', dob = '1991-07-07' WHERE id = 'm-cyrillic';
SELECT (s -> 'records_rejected') AS rejected, s -> 'records_deleted' AS deleted FROM c360.resolve() s;
SELECT count(*) AS messy_rejected FROM c360.rejected_record j JOIN c360.source s USING (source_id)
WHERE s.name = 'safety_messy' AND j.reason LIKE 'key%';

-- 5. A source's records, their scored pairs and its transaction tables go
-- with it; a renamed source keeps its transaction tables.
CREATE TABLE safety.card_spend (account_id text, ts timestamptz, amount numeric);
SELECT c360.add_transactions('safety_spend', 'safety.card_spend', 'safety_cards', 'account_id', 'ts', 'amount') > 0
  AS spend;
UPDATE c360.source SET name = 'safety_cards_renamed' WHERE name = 'safety_cards';
SELECT name, source_name FROM c360.transaction_source WHERE name = 'safety_spend';
UPDATE c360.source SET name = 'safety_cards' WHERE name = 'safety_cards_renamed';
CREATE TEMP TABLE cards_records AS
SELECT r.record_id FROM c360.record r JOIN c360.source s USING (source_id) WHERE s.name = 'safety_cards';
SELECT count(*) > 0 AS cards_have_pairs FROM c360.match_edge e
WHERE e.a IN (SELECT record_id FROM cards_records) OR e.b IN (SELECT record_id FROM cards_records);
SELECT c360.drop_source('safety_cards');
SELECT (SELECT count(*) FROM c360.record WHERE record_id IN (SELECT record_id FROM cards_records)) AS records_left,
       (SELECT count(*) FROM c360.match_edge e WHERE e.a IN (SELECT record_id FROM cards_records)
                                               OR e.b IN (SELECT record_id FROM cards_records)) AS pairs_left,
       (SELECT count(*) FROM c360.transaction_source WHERE name = 'safety_spend') AS transaction_tables_left,
       (SELECT count(*) FROM c360.customer_source WHERE source_name = 'safety_cards') AS crosswalk_left,
       (SELECT count(*) FROM c360.record_customer WHERE record_id IN (SELECT record_id FROM cards_records)) AS customer_ids_left;

-- Leave nothing behind: sources (their records go with them), decisions,
-- the id history and the models of these runs.
SELECT c360.drop_source(name) FROM c360.source WHERE name LIKE 'safety\_%' ORDER BY name;
SELECT count(*) AS records_left FROM c360.record r WHERE NOT EXISTS (SELECT 1 FROM c360.source s WHERE s.source_id = r.source_id);
SELECT count(*) AS customer_ids_left FROM c360.record_customer c
WHERE NOT EXISTS (SELECT 1 FROM c360.record r WHERE r.record_id = c.record_id);
DELETE FROM c360.steward_decision WHERE source_a LIKE 'safety\_%';
DELETE FROM c360.customer_id_history WHERE run_id > :first_run;
DELETE FROM c360.model;
DROP SCHEMA safety CASCADE;
RESET client_min_messages;
\set VERBOSITY default
