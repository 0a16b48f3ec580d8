-- make bench: c360.resolve() end to end on the generated multi-system bank
-- (test/gen/gen_customers; run_bench.sh writes it to test/build/bench-gen,
-- 250,000 people = about 1M source records unless C360_BENCH_PEOPLE says
-- otherwise).  Prints seconds per phase, the backend's peak memory, the
-- pairwise accuracy against the generator's truth, a second resolve with
-- 1% new rows, and resolve_record's latency with all those customers.
\set ON_ERROR_STOP 1
\timing off
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS benchbank CASCADE;
CREATE SCHEMA benchbank;
CREATE TABLE benchbank.cards (account_id text, full_name text, date_of_birth text, phone text, address text);
CREATE TABLE benchbank.mortgages (loan_id text, first_name text, middle_name text, last_name text, suffix text,
	birth_date text, ssn text, phone text, email text, street text, unit text, city text, state text, zip text);
CREATE TABLE benchbank.deposits (customer_no text, name text, email text, phone text, date_of_birth text,
	address_line text, city text, state text, postal_code text);
CREATE TABLE benchbank.insurance (policy_no text, insured_name text, date_of_birth text, ssn text, phone text,
	email text, street_address text, city text, state text, zip text);
CREATE TABLE benchbank.loyalty (member_id text, first_name text, last_name text, email text, phone text,
	birthday text, zip text);
CREATE TABLE benchbank.truth (source_name text, source_key text, person_id int);
\copy benchbank.cards FROM 'test/build/bench-gen/cards.csv' WITH (FORMAT csv, HEADER true)
\copy benchbank.mortgages FROM 'test/build/bench-gen/mortgages.csv' WITH (FORMAT csv, HEADER true)
\copy benchbank.deposits FROM 'test/build/bench-gen/deposits.csv' WITH (FORMAT csv, HEADER true)
\copy benchbank.insurance FROM 'test/build/bench-gen/insurance.csv' WITH (FORMAT csv, HEADER true)
\copy benchbank.loyalty FROM 'test/build/bench-gen/loyalty.csv' WITH (FORMAT csv, HEADER true)
\copy benchbank.truth FROM 'test/build/bench-gen/truth.csv' WITH (FORMAT csv, HEADER true)

-- Hold back 1% of every system (by a hash of the key) for the incremental run.
DO $$
DECLARE t text; k text;
BEGIN
	FOR t, k IN VALUES ('cards', 'account_id'), ('mortgages', 'loan_id'), ('deposits', 'customer_no'),
	                   ('insurance', 'policy_no'), ('loyalty', 'member_id') LOOP
		EXECUTE format('CREATE TABLE benchbank.%I AS SELECT * FROM benchbank.%I WHERE false', 'held_' || t, t);
		EXECUTE format('WITH moved AS (DELETE FROM benchbank.%I WHERE abs(hashtext(%I)) %% 100 = 0 RETURNING *)
		                INSERT INTO benchbank.%I SELECT * FROM moved', t, k, 'held_' || t);
	END LOOP;
END
$$;
-- Each system's key is its primary key, as in a system of record: a unique
-- index, which c360.resolve_record reads one row by and which spares
-- c360.resolve the check for duplicate keys (not the mortgages, read
-- through a view).
CREATE UNIQUE INDEX ON benchbank.cards (account_id);
CREATE UNIQUE INDEX ON benchbank.mortgages (loan_id);
CREATE UNIQUE INDEX ON benchbank.deposits (customer_no);
CREATE UNIQUE INDEX ON benchbank.insurance (policy_no);
CREATE UNIQUE INDEX ON benchbank.loyalty (member_id);
CREATE VIEW benchbank.mortgage_v AS
SELECT *, concat_ws(' ', street, unit) AS street_line FROM benchbank.mortgages;
VACUUM ANALYZE benchbank.cards, benchbank.mortgages, benchbank.deposits, benchbank.insurance, benchbank.loyalty;

SELECT c360.add_source('cards', 'benchbank.cards', 'account_id',
  '{"full_name": "full_name", "birth_date": {"column": "date_of_birth", "format": "MM/DD/YYYY"},
    "phone": "phone", "address": "address", "account_id": "account_id"}', trust => 1) IS NOT NULL AS cards,
       c360.add_source('mortgages', 'benchbank.mortgage_v', 'loan_id',
  '{"given_name": "first_name", "middle_name": "middle_name", "family_name": "last_name",
    "name_suffix": "suffix", "birth_date": "birth_date", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_line", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "loan_id"}', trust => 3) IS NOT NULL AS mortgages,
       c360.add_source('deposits', 'benchbank.deposits', 'customer_no',
  '{"full_name": "name", "email": "email", "phone": "phone",
    "birth_date": {"column": "date_of_birth", "format": "DD-MON-YYYY"},
    "street": "address_line", "city": "city", "region": "state", "postcode": "postal_code"}', trust => 2) IS NOT NULL AS deposits,
       c360.add_source('insurance', 'benchbank.insurance', 'policy_no',
  '{"full_name": "insured_name", "birth_date": "date_of_birth", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_address", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "policy_no"}', trust => 2) IS NOT NULL AS insurance,
       c360.add_source('loyalty', 'benchbank.loyalty', 'member_id',
  '{"given_name": "first_name", "family_name": "last_name", "email": "email", "phone": "phone",
    "postcode": "zip"}') IS NOT NULL AS loyalty;

CREATE FUNCTION pg_temp.peak_memory_mb() RETURNS numeric LANGUAGE sql AS $$
	SELECT round((regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'),
	                           'VmHWM:\s+(\d+) kB'))[1]::numeric / 1024, 1)
$$;
CREATE FUNCTION pg_temp.accuracy() RETURNS TABLE (pair_precision numeric, pair_recall numeric, pair_f1 numeric)
LANGUAGE sql AS $$
	WITH rec AS (SELECT c.customer_id, t.person_id FROM c360.record r JOIN c360.source s USING (source_id)
	             JOIN c360.record_customer c USING (record_id)
	             JOIN benchbank.truth t ON t.source_name = s.name AND t.source_key = r.source_key),
	both_ AS (SELECT count(*) AS n FROM rec GROUP BY customer_id, person_id),
	pred AS (SELECT count(*) AS n FROM rec GROUP BY customer_id),
	act AS (SELECT count(*) AS n FROM rec GROUP BY person_id),
	c AS (SELECT (SELECT sum(n * (n - 1) / 2) FROM both_) AS tp,
	             (SELECT sum(n * (n - 1) / 2) FROM pred) AS p,
	             (SELECT sum(n * (n - 1) / 2) FROM act) AS t)
	SELECT round(tp / p, 4), round(tp / t, 4), round(2 * tp / (p + t), 4) FROM c
$$;

-- resolve is a maintenance operation and uses maintenance_work_mem: pairing
-- and scoring in memory holds about 400 bytes per record (with less it
-- blocks in SQL, spilling to disk, about twice as slow), clustering about
-- 45 bytes per matched record and 16 per match edge.  A million records
-- need more than the default 64MB.
SET maintenance_work_mem = '1GB';
\echo 'Full resolve of every source (first run: trains the model).  Settings:'
SELECT current_setting('work_mem') AS work_mem, current_setting('maintenance_work_mem') AS maintenance_work_mem,
       current_setting('shared_buffers') AS shared_buffers, current_setting('max_parallel_workers_per_gather') AS parallel_workers;
SELECT pg_temp.peak_memory_mb() AS backend_peak_mb_before;
CREATE TEMP TABLE run1 AS SELECT c360.resolve() AS s;
SELECT (s->>'records')::bigint AS records, (s->>'records_rejected')::bigint AS rejected,
       (s->>'candidate_pairs')::bigint AS candidate_pairs, (s->>'matches')::bigint AS matches,
       (s->>'customers')::bigint AS customers FROM run1;
SELECT key AS phase, value::numeric AS seconds FROM run1, jsonb_each_text(s->'seconds');
SELECT pg_temp.peak_memory_mb() AS backend_peak_mb;
\echo 'Pairwise accuracy against the generator''s truth:'
SELECT * FROM pg_temp.accuracy();

\echo 'Second resolve with 1% new rows in every system:'
INSERT INTO benchbank.cards SELECT * FROM benchbank.held_cards;
INSERT INTO benchbank.mortgages SELECT * FROM benchbank.held_mortgages;
INSERT INTO benchbank.deposits SELECT * FROM benchbank.held_deposits;
INSERT INTO benchbank.insurance SELECT * FROM benchbank.held_insurance;
INSERT INTO benchbank.loyalty SELECT * FROM benchbank.held_loyalty;
CREATE TEMP TABLE run2 AS SELECT c360.resolve() AS s;
SELECT (s->>'records')::bigint AS records, (s->>'records_new_or_changed')::bigint AS new_or_changed,
       (s->>'candidate_pairs')::bigint AS candidate_pairs, (s->>'customers')::bigint AS customers FROM run2;
SELECT key AS phase, value::numeric AS seconds FROM run2, jsonb_each_text(s->'seconds');
SELECT round((r2.s->'seconds'->>'total')::numeric / (r1.s->'seconds'->>'total')::numeric, 3) AS second_over_first
FROM run1 r1, run2 r2;
SELECT pg_temp.peak_memory_mb() AS backend_peak_mb;
SELECT * FROM pg_temp.accuracy();

\echo 'c360.resolve_record on 200 changed rows (one at a time, all customers in place):'
CREATE TEMP TABLE rr_keys AS
SELECT customer_no FROM benchbank.deposits ORDER BY hashtext(customer_no) LIMIT 200;
UPDATE benchbank.deposits d SET email = coalesce(email, '') || 'x' FROM rr_keys k WHERE d.customer_no = k.customer_no;
CREATE TEMP TABLE rr_times (ms float8);
DO $$
DECLARE k text; t timestamptz;
BEGIN
	FOR k IN SELECT customer_no FROM pg_temp.rr_keys LOOP
		t := clock_timestamp();
		PERFORM c360.resolve_record('deposits', k);
		INSERT INTO pg_temp.rr_times VALUES (extract(epoch FROM clock_timestamp() - t) * 1000);
	END LOOP;
END
$$;
SELECT count(*) AS calls, round(avg(ms)::numeric, 2) AS mean_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS median_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p95_ms
FROM rr_times;

SELECT c360.drop_source(n) IS NULL FROM unnest(ARRAY['cards', 'mortgages', 'deposits', 'insurance', 'loyalty']) n;
DROP SCHEMA benchbank CASCADE;
