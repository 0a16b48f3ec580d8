-- Customer-value fits on 1,000,000 simulated customers (BG/NBD with the
-- CDNOW parameters r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 and
-- Gamma-Gamma p = 6.25, q = 3.74, gamma = 15.44; times in whole days, in
-- weeks), from test/bench/value_sim.c's seeded generator.
--
-- Prints the seconds of c360.bgnbd_fit, c360.pareto_nbd_fit and
-- c360.gamma_gamma_fit over the table, without parallel workers and with
-- two, and checks that both give the same models bit for bit.  There is no
-- peer in PostgreSQL (the reference is the Python lifetimes package).
-- Run by 'make bench' (which builds test/build/value_sim first), or alone
-- from the source tree:
--   gcc $(make -s print-standalone-cflags) -o test/build/value_sim \
--       test/bench/value_sim.c $(make -s print-core-srcs) -lm
--   psql -c 'CREATE EXTENSION customer360 CASCADE' -f test/bench/bench_value.sql

SET client_min_messages = warning;
-- about 180,000 distinct histories: 5.7 MB of state, above the 4 MB default
SET work_mem = '64MB';

-- a regular table: parallel workers cannot scan temporary tables
CREATE UNLOGGED TABLE bench_customers (frequency float8, recency float8, t float8, monetary_value float8);
\copy bench_customers FROM PROGRAM 'test/build/value_sim --csv 1000000' WITH (FORMAT csv)
ANALYZE bench_customers;
SELECT count(*) AS customers, count(*) FILTER (WHERE frequency > 0) AS repeat_buyers,
       count(DISTINCT (frequency, recency, t)) AS distinct_histories
FROM bench_customers;

-- one scan of the table for transition + compression alone
SET max_parallel_workers_per_gather = 0;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS scan_only_seconds;

-- the transition step alone (append in place, compress when full), as an
-- aggregate without the fit
CREATE AGGREGATE pg_temp.bench_histogram(float8, float8, float8) (
    SFUNC = c360.rfm_histogram_add, STYPE = c360.value_histogram,
    COMBINEFUNC = c360.value_histogram_combine, PARALLEL = SAFE);
SELECT clock_timestamp() AS t0 \gset
SELECT pg_temp.bench_histogram(frequency, recency, t) IS NOT NULL AS built FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS transition_only_seconds;

-- serial
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE fit_bgnbd_serial AS SELECT c360.bgnbd_fit(frequency, recency, t) AS m FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS bgnbd_serial_seconds;
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE fit_pareto_serial AS SELECT c360.pareto_nbd_fit(frequency, recency, t) AS m FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS pareto_nbd_serial_seconds;
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE fit_gg_serial AS SELECT c360.gamma_gamma_fit(frequency, monetary_value) AS m FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS gamma_gamma_serial_seconds;

-- two parallel workers (forced)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT c360.bgnbd_fit(frequency, recency, t) FROM bench_customers;
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE fit_bgnbd_parallel AS SELECT c360.bgnbd_fit(frequency, recency, t) AS m FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS bgnbd_parallel_seconds;
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE fit_pareto_parallel AS SELECT c360.pareto_nbd_fit(frequency, recency, t) AS m FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS pareto_nbd_parallel_seconds;
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE fit_gg_parallel AS SELECT c360.gamma_gamma_fit(frequency, monetary_value) AS m FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS gamma_gamma_parallel_seconds;

SELECT 'BG/NBD' AS model, s.m::text AS serial, s.m::text = p.m::text AS parallel_identical
FROM fit_bgnbd_serial s, fit_bgnbd_parallel p
UNION ALL
SELECT 'Pareto/NBD', s.m::text, s.m::text = p.m::text FROM fit_pareto_serial s, fit_pareto_parallel p
UNION ALL
SELECT 'Gamma-Gamma', s.m::text, s.m::text = p.m::text FROM fit_gg_serial s, fit_gg_parallel p;

-- the other concentration aggregates on the same data
SELECT clock_timestamp() AS t0 \gset
SELECT round(c360.gini(frequency * monetary_value)::numeric, 4) AS gini_of_repeat_spend,
       round(c360.pareto_share(frequency * monetary_value, 0.2)::numeric, 4) AS top_20_share
FROM bench_customers;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS gini_and_share_seconds;

-- c360.rfm on 1,000,000 transactions of 100,000 customers
RESET max_parallel_workers_per_gather;
CREATE UNLOGGED TABLE bench_tx AS
SELECT (i % 100000) AS customer, timestamptz '2024-01-01' + ((i * 7919) % 365) * interval '1 day' AS ts,
       ((i * 31) % 10000) / 100.0 AS amount
FROM generate_series(1, 1000000::bigint) i;
ANALYZE bench_tx;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS customers, sum((s).frequency) AS repeat_days
FROM (SELECT c360.rfm(ts, amount, '2024-12-31', '1 week') AS s FROM bench_tx GROUP BY customer) x;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 3) AS rfm_1m_transactions_seconds;
DROP TABLE bench_customers, bench_tx;
