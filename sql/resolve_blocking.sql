-- Blocking and scoring in memory (c360.score_candidates, c360.candidate_sample)
-- against blocking in SQL (c360.block_candidates, what c360.resolve falls
-- back to when the records' blocks do not fit in work_mem): the same
-- candidate pairs, the same weights, the same model and customers.  Then
-- the functions' own arguments and edges.
SET client_min_messages = warning;
CREATE SCHEMA blk;
CREATE TABLE blk.raw (rec_id text, given_name text, surname text, street_number text,
	address_1 text, address_2 text, suburb text, postcode text, state text,
	date_of_birth text, soc_sec_id text);
\copy blk.raw FROM 'test/data/febrl/dataset3.csv' WITH (FORMAT csv, HEADER true)
CREATE VIEW blk.v AS
SELECT trim(rec_id) AS rec_id, nullif(trim(given_name), '') AS given_name, nullif(trim(surname), '') AS surname,
       nullif(trim(coalesce(street_number, '') || ' ' || coalesce(address_1, '')), '') AS street,
       nullif(trim(suburb), '') AS suburb, nullif(trim(postcode), '') AS postcode, nullif(trim(state), '') AS state,
       nullif(trim(date_of_birth), '') AS dob, nullif(trim(soc_sec_id), '') AS ssid
FROM blk.raw;
SELECT c360.add_source('ds3', 'blk.v', 'rec_id',
  '{"given_name": "given_name", "family_name": "surname", "birth_date": {"column": "dob", "format": "YYYYMMDD"},
    "street": "street", "city": "suburb", "postcode": "postcode", "region": "state", "national_id": "ssid"}') > 0 AS added;

-- In memory (5,000 new records: more than resolve probes the index for).
SET client_min_messages = notice;
SELECT (s -> 'records')::int AS records, (s -> 'candidate_pairs')::int AS candidate_pairs,
       (s -> 'customers')::int AS customers
FROM c360.resolve() s;
SET client_min_messages = warning;
CREATE TABLE blk.edges_memory AS SELECT a, b, weight FROM c360.match_edge;
CREATE TABLE blk.customers_memory AS SELECT record_id, customer_id FROM c360.record_customer;
CREATE TABLE blk.model_memory AS SELECT model::text AS model FROM c360.model WHERE active;

-- In SQL: with 1MB the records' blocks do not fit; resolve says so and
-- blocks in SQL.
SET maintenance_work_mem = '1MB';
SET work_mem = '1MB';
SET client_min_messages = notice;
SELECT (s -> 'records')::int AS records, (s -> 'candidate_pairs')::int AS candidate_pairs,
       (s -> 'customers')::int AS customers
FROM c360.resolve(retrain => true) s;
SET client_min_messages = warning;
RESET maintenance_work_mem;
RESET work_mem;
SELECT (SELECT count(*) FROM blk.edges_memory) AS edges,
       (SELECT count(*) FROM c360.match_edge) = (SELECT count(*) FROM blk.edges_memory) AS same_count,
       NOT EXISTS (SELECT a, b, weight FROM c360.match_edge EXCEPT SELECT a, b, weight FROM blk.edges_memory) AS same_edges,
       (SELECT model::text FROM c360.model WHERE active) = (SELECT model FROM blk.model_memory) AS same_model,
       NOT EXISTS (SELECT record_id, customer_id FROM c360.record_customer
                   EXCEPT SELECT record_id, customer_id FROM blk.customers_memory) AS same_customers;

-- Changed records (more than 1,000): pairs with a changed end only, the
-- same in memory as in SQL.
UPDATE blk.raw SET soc_sec_id = soc_sec_id || '0' WHERE rec_id IN (SELECT rec_id FROM blk.raw ORDER BY rec_id LIMIT 1500);
SELECT (s -> 'records_new_or_changed')::int AS changed, (s -> 'candidate_pairs')::int AS candidate_pairs
FROM c360.resolve() s;
CREATE TABLE blk.edges_changed_memory AS SELECT a, b, weight FROM c360.match_edge;
UPDATE blk.raw SET soc_sec_id = left(soc_sec_id, -1) WHERE rec_id IN (SELECT rec_id FROM blk.raw ORDER BY rec_id LIMIT 1500);
SELECT (s -> 'records_new_or_changed')::int AS changed FROM c360.resolve() s;
UPDATE blk.raw SET soc_sec_id = soc_sec_id || '0' WHERE rec_id IN (SELECT rec_id FROM blk.raw ORDER BY rec_id LIMIT 1500);
SET maintenance_work_mem = '1MB';
SET work_mem = '1MB';
SELECT (s -> 'records_new_or_changed')::int AS changed, (s -> 'candidate_pairs')::int AS candidate_pairs
FROM c360.resolve() s;
RESET maintenance_work_mem;
RESET work_mem;
SELECT NOT EXISTS (SELECT a, b, weight FROM c360.match_edge EXCEPT SELECT a, b, weight FROM blk.edges_changed_memory)
       AND NOT EXISTS (SELECT a, b, weight FROM blk.edges_changed_memory EXCEPT SELECT a, b, weight FROM c360.match_edge)
       AS same_edges_changed;

-- The functions alone (inside a transaction: score_candidates writes).
BEGIN;
SET LOCAL work_mem = '64MB';
DELETE FROM c360.match_edge;
-- Every pair of the SQL blocking, once, with match_weight's weight.
CREATE TEMP TABLE c360_dirty ON COMMIT DROP AS SELECT record_id FROM c360.record;
SELECT c360.block_candidates(100) AS sql_pairs;
SELECT c360.score_candidates(m.model, 100, NULL) AS memory_pairs FROM c360.model m WHERE m.active;
SELECT count(*) = (SELECT count(*) FROM pg_temp.c360_cand) AS every_pair,
       count(DISTINCT (a, b)) = count(*) AS each_once,
       bool_and(a < b) AS ordered,
       NOT EXISTS (SELECT a, b FROM pg_temp.c360_cand EXCEPT SELECT a, b FROM c360.match_edge) AS same_pairs,
       max(abs(e.weight - c360.match_weight(m.model, ra.key, rb.key))) = 0 AS same_weights
FROM c360.match_edge e JOIN c360.record ra ON ra.record_id = e.a JOIN c360.record rb ON rb.record_id = e.b,
     c360.model m WHERE m.active;
-- Smaller blocks, fewer pairs; min_weight keeps the heavier ones only.
DELETE FROM c360.match_edge;
SELECT c360.score_candidates(m.model, 2, NULL) < c360.block_candidates(100) AS fewer_with_blocks_of_two
FROM c360.model m WHERE m.active;
DELETE FROM c360.match_edge;
SELECT c360.score_candidates(m.model, 100, 10) = (SELECT count(*) FROM pg_temp.c360_cand) AS counts_every_pair
FROM c360.model m WHERE m.active;
SELECT bool_and(e.weight >= 10) AS only_heavy, count(*) > 0 AS some_written,
       count(*) = (SELECT count(*) FROM pg_temp.c360_cand c JOIN c360.record ra ON ra.record_id = c.a
                   JOIN c360.record rb ON rb.record_id = c.b JOIN c360.model m ON m.active
                   WHERE c360.match_weight(m.model, ra.key, rb.key) >= 10) AS every_heavy_one
FROM c360.match_edge e;
-- Marked records: an empty or unknown set pairs nothing; duplicates and
-- NULLs in it are ignored.
DELETE FROM c360.match_edge;
SELECT c360.score_candidates(m.model, 100, NULL, '{}') AS none,
       c360.score_candidates(m.model, 100, NULL, ARRAY[-1, 0]::bigint[]) AS unknown
FROM c360.model m WHERE m.active;
SELECT c360.score_candidates(m.model, 100, NULL, ARRAY[r.record_id, r.record_id, NULL]) =
       (SELECT count(*) FROM pg_temp.c360_cand c WHERE r.record_id IN (c.a, c.b)) AS one_records_pairs
FROM c360.model m, (SELECT record_id FROM c360.record ORDER BY record_id LIMIT 1) r WHERE m.active;
ROLLBACK;
-- On worker threads (max_parallel_maintenance_workers of them) the same
-- pairs and weights as on the backend's own thread (0), however many
-- threads and rounds; the marked records' pairs too; and the training
-- sample in the same order (a set-returning function's rows keep the order
-- they were made in; a table's need not).
BEGIN;
CREATE TEMP TABLE thread_runs (threads int, kind text, n bigint, a bigint, b bigint, weight float8) ON COMMIT DROP;
CREATE FUNCTION pg_temp.score_on_threads(threads int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	pairs bigint;
	marked_pairs bigint;
	m c360.match_model := (SELECT model FROM c360.model WHERE active);
BEGIN
	PERFORM set_config('max_parallel_maintenance_workers', threads::text, true);
	DELETE FROM c360.match_edge;
	pairs := c360.score_candidates(m, 100, -3);
	INSERT INTO pg_temp.thread_runs SELECT threads, 'all', NULL, a, b, weight FROM c360.match_edge;
	DELETE FROM c360.match_edge;
	marked_pairs := c360.score_candidates(m, 100, NULL,
		ARRAY(SELECT record_id FROM c360.record ORDER BY record_id DESC LIMIT 300));
	INSERT INTO pg_temp.thread_runs SELECT threads, 'marked', NULL, a, b, weight FROM c360.match_edge;
	INSERT INTO pg_temp.thread_runs
	SELECT threads, 'sample', s.n, s.a, s.b, s.weight
	FROM c360.candidate_sample(100, 5000) WITH ORDINALITY s(a, b, weight, candidate_pairs, n);
	RETURN pairs + marked_pairs;
END
$$;
SELECT t AS threads, pg_temp.score_on_threads(t) AS pairs FROM generate_series(0, 5) t ORDER BY t;
SELECT t.threads, t.kind, count(*) AS pairs,
       count(*) = (SELECT count(*) FROM thread_runs o WHERE o.threads = 0 AND o.kind = t.kind) AND
       NOT EXISTS (SELECT n, a, b, weight FROM thread_runs x WHERE x.threads = t.threads AND x.kind = t.kind
                   EXCEPT SELECT n, a, b, weight FROM thread_runs o WHERE o.threads = 0 AND o.kind = t.kind) AS same
FROM thread_runs t WHERE t.threads > 0
GROUP BY 1, 2 ORDER BY 2, 1;
ROLLBACK;
-- Training's comparison of its sampled pairs (c360.pair_level_counts):
-- the same level patterns and sums as comparing them in SQL; pairs with an
-- end that is no record, or a NULL, are left out; past work_mem it stops
-- with program_limit_exceeded (train_resolve_model then compares in SQL).
BEGIN;
CREATE TEMP TABLE some_pairs (sample "char", a bigint, b bigint, w float8) ON COMMIT DROP;
INSERT INTO some_pairs SELECT 'l', s.a, s.b, s.weight FROM c360.candidate_sample(100, 5000) s;
INSERT INTO some_pairs
WITH r AS (SELECT record_id, row_number() OVER (ORDER BY record_id) AS n FROM c360.record)
SELECT 'u', a.record_id, b.record_id, 1 FROM r a JOIN r b ON b.n = a.n + 7 WHERE a.n % 5 = 0;
INSERT INTO some_pairs VALUES ('u', -1, (SELECT min(record_id) FROM c360.record), 1), ('u', NULL, 1, 1), ('l', 1, 2, NULL);
SELECT count(*) > 100 AS many_patterns,
       sum(n) = (SELECT sum(p.w) FROM some_pairs p JOIN c360.record ra ON ra.record_id = p.a
                 JOIN c360.record rb ON rb.record_id = p.b) AS every_pair_counted,
       NOT EXISTS (
           (SELECT * FROM c360.pair_level_counts('some_pairs')
            EXCEPT
            SELECT p.sample, c360.match_levels(ra.key, rb.key), sum(p.w)
            FROM some_pairs p JOIN c360.record ra ON ra.record_id = p.a JOIN c360.record rb ON rb.record_id = p.b
            WHERE p.w IS NOT NULL GROUP BY 1, 2)
           UNION ALL
           (SELECT p.sample, c360.match_levels(ra.key, rb.key), sum(p.w)
            FROM some_pairs p JOIN c360.record ra ON ra.record_id = p.a JOIN c360.record rb ON rb.record_id = p.b
            WHERE p.w IS NOT NULL GROUP BY 1, 2
            EXCEPT
            SELECT * FROM c360.pair_level_counts('some_pairs'))) AS same_as_sql
FROM c360.pair_level_counts('some_pairs');
SET LOCAL work_mem = '64kB';
SAVEPOINT small;
\set VERBOSITY terse
SELECT count(*) FROM c360.pair_level_counts('some_pairs');
ROLLBACK TO small;
SELECT count(*) FROM c360.pair_level_counts('c360.source');
\set VERBOSITY default
ROLLBACK;
-- The training sample: the candidates of anchor records, weighted to sum
-- to the candidates in expectation; every pair when the sample is big.
SELECT count(*) = max(candidate_pairs) AS every_pair_when_big, bool_and(weight IN (0.5, 1)) AS halves,
       max(candidate_pairs) AS candidate_pairs
FROM c360.candidate_sample(100, 1000000);
SELECT count(*) < max(candidate_pairs) AS sampled, abs(sum(weight) / max(candidate_pairs) - 1) < 0.25 AS weights_sum_to_total
FROM c360.candidate_sample(100, 2000);

-- Arguments.
SELECT c360.score_candidates(NULL, 100, NULL);
SELECT c360.score_candidates(m.model, 1, NULL) FROM c360.model m WHERE m.active;
SELECT c360.score_candidates(m.model, 100, NULL, '{{1,2},{3,4}}') FROM c360.model m WHERE m.active;
SELECT c360.score_candidates('not a model', 100, NULL);
SELECT * FROM c360.candidate_sample(1, 100);
SELECT * FROM c360.candidate_sample(100, 0);
SELECT count(*) > 0 AS in_select_list FROM (SELECT c360.candidate_sample(100, 10)) s;
SELECT count(*) FROM c360.candidate_sample(NULL, 10);
-- Only the extension's owner (or roles granted it) may call them.
SELECT has_function_privilege('public', 'c360.score_candidates(c360.match_model, int, float8, bigint[])', 'execute') AS public_may_score,
       has_function_privilege('public', 'c360.candidate_sample(int, int)', 'execute') AS public_may_sample,
       has_function_privilege('public', 'c360.pair_level_counts(regclass)', 'execute') AS public_may_compare,
       has_function_privilege('public', 'c360.block_indexes(boolean)', 'execute') AS public_may_index;
-- The blocking indexes: one per rule's slot, each used by a probe of its
-- slot (resolve_record's blocking); NULL does nothing; building them twice
-- is an error that names the index.
SELECT count(*) AS block_indexes FROM pg_indexes WHERE schemaname = 'c360' AND indexname LIKE 'record\_block\_%';
SELECT c360.block_indexes(NULL) IS NULL AS null_does_nothing;
SELECT c360.block_indexes(true);
BEGIN;
SELECT c360.block_indexes(false);
SELECT count(*) AS after_drop FROM pg_indexes WHERE schemaname = 'c360' AND indexname LIKE 'record\_block\_%';
ROLLBACK;

-- No records: no pairs.
SELECT c360.drop_source('ds3') IS NOT NULL AS dropped;
SELECT count(*) AS no_pairs FROM c360.candidate_sample(100, 10);
DROP SCHEMA blk CASCADE;
