-- The graph over resolved customers (issue 5): c360.neighbourhood,
-- c360.relationship_path, c360.graph_dot, c360.influence,
-- c360.customer_influence, c360.most_valuable_nearby and its view, on a
-- hand-made family written straight into c360.customer_relationship (both
-- directions, as c360.resolve() writes it).  Ids 7001.. do not collide with
-- the other tests; everything is removed at the end.

-- Golden names come from c360.record through c360.customer: a source and
-- one record per named customer (names that DOT must escape), written
-- directly with ids of their own so that no sequence moves for the tests
-- after this one.
CREATE TABLE graph_customer_people (key text PRIMARY KEY, full_name text);
INSERT INTO c360.source (source_id, name, relation, key_column, attributes)
VALUES (-7000, 'graph_customer_test', 'graph_customer_people', 'key', '{"full_name": "full_name"}');
INSERT INTO c360.record (record_id, source_id, source_key, attrs, key,
                        first_seen, updated_at, changed_run)
SELECT -p.id, -7000, p.id::text, jsonb_build_object('full_name', p.name),
       c360.record_key(jsonb_build_object('full_name', p.name), NULL), now(), now(), 0
FROM (VALUES (7001, 'Ann "Annie" Lee'), (7002, 'Bob \ Lee'), (7003, E'Cy\nLee'),
             (7004, '李 Di 😀'), (7005, 'Acme Corp'), (7020, 'Solo Person')) p(id, name);
INSERT INTO c360.record_customer (record_id, customer_id)
SELECT record_id, -record_id FROM c360.record WHERE source_id = -7000;

-- The family: Ann (7001) and Bob (7002) married (two sources say so: a
-- duplicate), parents of Cy (7003) and Di (7004); Bob works for Acme
-- (7005), as does Eve (7006); a referral cycle 7006 -> 7007 -> 7008 ->
-- 7006; Ann referred 7009, who referred 7010.  7020 has a record but no
-- relationship.  A row reads "customer_id is <kind> of related_customer_id".
CREATE TEMP TABLE family (a bigint, b bigint, kind text, source text);
INSERT INTO family VALUES
	(7001, 7002, 'spouse', 'crm'), (7001, 7002, 'spouse', 'mortgages'),
	(7001, 7003, 'parent', 'crm'), (7002, 7003, 'parent', 'crm'),
	(7001, 7004, 'parent', 'crm'), (7002, 7004, 'parent', 'crm'),
	(7002, 7005, 'employee', 'hr'), (7006, 7005, 'employee', 'hr'),
	(7006, 7007, 'referred', 'loyalty'), (7007, 7008, 'referred', 'loyalty'),
	(7008, 7006, 'referred', 'loyalty'),
	(7001, 7009, 'referred', 'loyalty'), (7009, 7010, 'referred', 'loyalty');
INSERT INTO c360.customer_relationship (customer_id, related_customer_id, kind, source_name)
SELECT a, b, kind, source FROM family
UNION ALL
SELECT f.b, f.a, k.inverse_kind, f.source FROM family f JOIN c360.relationship_kind k USING (kind);
SELECT count(*) AS rows_inserted FROM c360.customer_relationship WHERE customer_id BETWEEN 7001 AND 7099;

-- ---------------------------------------------------------------- neighbourhood
-- Two hops from the teenager: parents, then sister, employer, referral.
SELECT * FROM c360.neighbourhood(7003);
-- From Ann, one hop: the duplicate spouse row counts once.
SELECT * FROM c360.neighbourhood(7001, 1);
-- 0 hops: the customer alone.
SELECT * FROM c360.neighbourhood(7001, 0);
-- Unbounded (huge max_hops): the whole component, each once, the cycle ends.
SELECT customer_id, hops, path, kinds FROM c360.neighbourhood(7010, 2147483647);
-- Only family kinds: no employer, no referrals.
SELECT * FROM c360.neighbourhood(7003, 5, ARRAY['parent', 'child', 'spouse']);
-- Only referrals, followed in their stored direction (7006 referred 7007 ...).
SELECT * FROM c360.neighbourhood(7006, 10, '{referred}');
-- An empty kinds array follows nothing: the customer alone.
SELECT * FROM c360.neighbourhood(7001, 3, '{}');
-- A customer with a record but no relationship: itself.
SELECT * FROM c360.neighbourhood(7020);
-- An id that is nobody: no rows.  NULL arguments: no rows; NULL kinds: all.
SELECT * FROM c360.neighbourhood(123456789);
SELECT * FROM c360.neighbourhood(NULL);
SELECT * FROM c360.neighbourhood(7001, NULL);
SELECT count(*) FROM c360.neighbourhood(7001, 1, NULL);
-- A merged-away id stands for the customer it was merged into.
INSERT INTO c360.customer_id_history (old_id, new_id, kind, run_id) VALUES
	(7099, 7098, 'merge', 1), (7098, 7001, 'merge', 2);
SELECT * FROM c360.neighbourhood(7099, 1);
-- A history that loops is nobody.
INSERT INTO c360.customer_id_history (old_id, new_id, kind, run_id) VALUES
	(7097, 7096, 'merge', 1), (7096, 7097, 'merge', 2);
SELECT * FROM c360.neighbourhood(7097, 1);
-- One index probe per level expanded, never a scan of the table: the
-- index is descended once per customer expanded (PostgreSQL 15 counts each
-- array element of = ANY), plus once to look the start up: 1 + 1 + 2.
-- (The table is tiny, so plain index scans are forced to count them, in a
-- fresh session: plans are kept per session.)
\c -
BEGIN;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
CREATE TEMP TABLE scans_before AS
SELECT coalesce(seq_scan, 0) AS seq, coalesce(idx_scan, 0) AS idx
FROM pg_stat_xact_user_tables WHERE relid = 'c360.customer_relationship'::regclass;
SELECT count(*) FROM c360.neighbourhood(7003, 2);
SELECT coalesce(t.seq_scan, 0) - b.seq AS table_scans, coalesce(t.idx_scan, 0) - b.idx AS index_descents
FROM pg_stat_xact_user_tables t, scans_before b
WHERE t.relid = 'c360.customer_relationship'::regclass;
ROLLBACK;
\c -

-- Errors.
SELECT * FROM c360.neighbourhood(7001, -1);
SELECT * FROM c360.neighbourhood(7001, 2, '{cousin}');
SELECT * FROM c360.neighbourhood(7001, 2, ARRAY['spouse', NULL]);
SELECT * FROM c360.neighbourhood(7001, 2, ARRAY['spouse', '配偶者']);
SELECT * FROM c360.neighbourhood(7001, 2, ARRAY['Spouse']);
SELECT * FROM c360.neighbourhood(7001, 2, ARRAY[repeat('x', 1000000)]);

-- ---------------------------------------------------------------- paths
-- Eve to the teenager: colleague, employer, father, child.
SELECT * FROM c360.relationship_path(7006, 7003);
-- And back: the inverse kinds.
SELECT * FROM c360.relationship_path(7003, 7006);
-- The path c360.neighbourhood reports, step by step.
SELECT n.path, n.kinds,
       (SELECT array_agg(customer_id ORDER BY step) FROM c360.relationship_path(7010, 7006)) AS path_steps,
       (SELECT array_agg(kind ORDER BY step) FROM c360.relationship_path(7010, 7006) WHERE step > 0) AS path_kinds
FROM c360.neighbourhood(7010, 10) n WHERE n.customer_id = 7006;
-- Around the referral cycle, the short way.
SELECT * FROM c360.relationship_path(7008, 7007);
-- Too far for the bound, to itself, unknown ids, NULLs, a merged id.
SELECT * FROM c360.relationship_path(7006, 7003, 2);
SELECT * FROM c360.relationship_path(7004, 7004, 0);
SELECT * FROM c360.relationship_path(7001, 123456789);
SELECT * FROM c360.relationship_path(7001, 7020);
SELECT * FROM c360.relationship_path(NULL, 7001);
SELECT * FROM c360.relationship_path(7099, 7002);
SELECT count(*) FROM c360.relationship_path(7010, 7006, 2147483647);
SELECT * FROM c360.relationship_path(7001, 7002, -1);

-- ---------------------------------------------------------------- DOT
-- Labels: id and golden name, escaped (quotes, backslash, newline); the
-- start highlighted; one edge per relationship.
SELECT c360.graph_dot(7003, 1);
SELECT c360.graph_dot(7020);
SELECT c360.graph_dot(123456789) IS NULL AS unknown_is_null;
SELECT c360.graph_dot(NULL) IS NULL AS null_is_null;
SELECT c360.graph_dot(7001, -1);
-- Households, when c360.customer_household exists (the relationship code
-- builds it; made here when it does not exist yet).
CREATE TEMP TABLE made_household (made boolean);
DO $$
BEGIN
	IF pg_catalog.to_regclass('c360.customer_household') IS NULL THEN
		CREATE TABLE c360.customer_household (customer_id bigint PRIMARY KEY, household_id bigint NOT NULL);
		INSERT INTO made_household VALUES (true);
	END IF;
END
$$;
INSERT INTO c360.customer_household (customer_id, household_id)
VALUES (7001, 7001), (7002, 7001), (7003, 7001), (7004, 7001), (7006, 7006), (7005, 7005);
SELECT c360.graph_dot(7004, 2);
DELETE FROM c360.customer_household WHERE customer_id BETWEEN 7001 AND 7099;
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM made_household) THEN
		DROP TABLE c360.customer_household;
	END IF;
END
$$;

-- ---------------------------------------------------------------- value
-- Values as a query of (customer_id, value): rows of one customer add up;
-- NULL, NaN and infinite values are skipped.
CREATE TEMP TABLE value_rows (customer_id bigint, value numeric);
INSERT INTO value_rows VALUES
	(7001, 20000), (7002, 50), (7003, 1), (7004, NULL), (7005, 5000), (7006, 10),
	(7007, 20), (7008, 40), (7009, 10000), (7010, 200), (7010, 100), (7011, 'NaN'),
	(NULL, 5);

-- Influence, decay 0.5 over at most 3 hops: Ann brings 10000 * 0.5 through
-- 7009 and 300 * 0.25 through 7010; in the cycle nobody counts twice or
-- counts themselves.
SELECT * FROM c360.influence('SELECT customer_id, value FROM value_rows')
WHERE customer_id BETWEEN 7001 AND 7099 ORDER BY customer_id;
-- Decay 1 and one hop; decay 0; max_hops 0.
SELECT customer_id, indirect_value, referred_customers
FROM c360.influence('SELECT customer_id, value FROM value_rows', 1, 1)
WHERE customer_id IN (7001, 7006, 7007) ORDER BY customer_id;
SELECT customer_id, indirect_value, referred_customers
FROM c360.influence('SELECT customer_id, value FROM value_rows', 0, 3)
WHERE customer_id IN (7001, 7006) ORDER BY customer_id;
SELECT customer_id, indirect_value, referred_customers
FROM c360.influence('SELECT customer_id, value FROM value_rows', 0.5, 0)
WHERE customer_id IN (7001, 7006) ORDER BY customer_id;
-- Any number type, any integer id type.
SELECT customer_id, own_value, total_value
FROM c360.influence('SELECT customer_id::int, (value * 2)::float4 FROM value_rows WHERE value = value', 0.5, 3)
WHERE customer_id = 7001;
-- One customer at a time gives the same.
SELECT * FROM c360.customer_influence(7001, 'SELECT customer_id, value FROM value_rows');
SELECT * FROM c360.customer_influence(7007, 'SELECT customer_id, value FROM value_rows');
SELECT * FROM c360.customer_influence(7099, 'SELECT customer_id, value FROM value_rows', 1, 1);
SELECT * FROM c360.customer_influence(123456789, 'SELECT customer_id, value FROM value_rows');
SELECT * FROM c360.customer_influence(NULL);
-- NULL decay or bound: no rows.
SELECT count(*) FROM c360.influence(NULL, NULL);
SELECT count(*) FROM c360.influence(NULL, 0.5, NULL);
-- The default value (c360.customer_value; no transactions here, so none).
SELECT customer_id, own_value, indirect_value, referred_customers
FROM c360.influence() WHERE customer_id BETWEEN 7001 AND 7099 ORDER BY customer_id;
SELECT * FROM c360.customer_influence(7001);

-- The most valuable customer within two hops: the teenager's is his mother.
SELECT * FROM c360.most_valuable_nearby('SELECT customer_id, value FROM value_rows')
WHERE customer_id BETWEEN 7001 AND 7099 ORDER BY customer_id;
-- One hop, three hops (per-customer searches).
SELECT customer_id, nearby_customer_id, hops, nearby_value, path
FROM c360.most_valuable_nearby('SELECT customer_id, value FROM value_rows', 1)
WHERE customer_id IN (7003, 7005, 7010) ORDER BY customer_id;
SELECT customer_id, nearby_customer_id, hops, nearby_value, path, kinds
FROM c360.most_valuable_nearby('SELECT customer_id, value FROM value_rows', 3)
WHERE customer_id IN (7003, 7005, 7010) ORDER BY customer_id;
-- Ties go to the smallest id.
SELECT customer_id, nearby_customer_id, nearby_value
FROM c360.most_valuable_nearby('SELECT customer_id, 1 FROM value_rows WHERE customer_id IS NOT NULL')
WHERE customer_id IN (7003, 7005) ORDER BY customer_id;
SELECT count(*) FROM c360.most_valuable_nearby(NULL, NULL);
-- The view, with the default value (none here).
SELECT count(*) FROM c360.most_valuable_nearby_customer WHERE customer_id BETWEEN 7001 AND 7099;

-- Argument errors.
SELECT * FROM c360.influence(NULL, 1.5);
SELECT * FROM c360.influence(NULL, -0.1);
SELECT * FROM c360.influence(NULL, 'NaN');
SELECT * FROM c360.influence(NULL, 0.5, -1);
SELECT * FROM c360.customer_influence(7001, NULL, 2);
SELECT * FROM c360.most_valuable_nearby(NULL, 0);
-- value_sql errors.
SELECT * FROM c360.influence('');
SELECT * FROM c360.influence('-- nothing');
SELECT * FROM c360.influence('SELECT 1, 2; SELECT 3, 4');
SELECT * FROM c360.influence('CREATE TABLE graph_customer_x (a int)');
SELECT * FROM c360.influence('SELECT 1 AS a, 2 AS b INTO graph_customer_y');
SELECT * FROM c360.influence('SELECT customer_id, value, 1 FROM value_rows');
SELECT * FROM c360.influence('SELECT customer_id::text, value FROM value_rows');
SELECT * FROM c360.most_valuable_nearby('SELECT customer_id, value::text FROM value_rows');
SELECT * FROM c360.influence('SELECT nonsense FROM value_rows');
SELECT * FROM c360.influence('SELEKT 1');
-- A 1 MB query is just a query.
SELECT count(*) FROM c360.influence(repeat(' ', 1000000) || 'SELECT customer_id, value FROM value_rows')
WHERE customer_id BETWEEN 7001 AND 7099;

-- ---------------------------------------------------------------- bad data
-- A row without its mirror (the contract says both are stored): the
-- neighbourhood follows rows as stored; a path is still made of stored
-- rows.
INSERT INTO c360.customer_relationship VALUES (7011, 7010, 'guarantor', 'loans');
SELECT * FROM c360.neighbourhood(7011, 1);
SELECT * FROM c360.neighbourhood(7010, 1);
SELECT * FROM c360.relationship_path(7011, 7001);
SELECT * FROM c360.relationship_path(7001, 7011);
DELETE FROM c360.customer_relationship WHERE customer_id = 7011;
-- Self-loops cannot be stored.
INSERT INTO c360.customer_relationship VALUES (7001, 7001, 'spouse', 'crm');

-- ---------------------------------------------------------------- memory
-- A big employer: 3000 employees.  Within work_mem, then past it.
INSERT INTO c360.customer_relationship
SELECT 7005, g, 'employer', 'hr' FROM generate_series(800001, 803000) g
UNION ALL
SELECT g, 7005, 'employee', 'hr' FROM generate_series(800001, 803000) g;
SELECT count(*), max(hops) FROM c360.neighbourhood(7002, 2);
SET work_mem = '64kB';
SELECT count(*) FROM c360.neighbourhood(7002, 2);
SELECT length(c360.graph_dot(7002, 2)) > 0;
SELECT count(*) FROM c360.most_valuable_nearby('SELECT customer_id, value FROM value_rows');
RESET work_mem;
SELECT count(*) FROM c360.most_valuable_nearby('SELECT customer_id, value FROM value_rows')
WHERE customer_id > 800000 AND nearby_customer_id = 7005 AND hops = 1;
DELETE FROM c360.customer_relationship WHERE customer_id > 800000 OR related_customer_id > 800000;

-- ---------------------------------------------------------------- clean up
DELETE FROM c360.customer_relationship WHERE customer_id BETWEEN 7001 AND 7099;
DELETE FROM c360.customer_id_history WHERE old_id BETWEEN 7001 AND 7099;
DELETE FROM c360.record WHERE source_id = -7000;
SELECT c360.drop_source('graph_customer_test');
DROP TABLE graph_customer_people;
SELECT count(*) AS records_left FROM c360.record_customer WHERE customer_id BETWEEN 7001 AND 7099;
