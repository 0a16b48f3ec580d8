-- Customer value: model types, fits and predictions on edge cases and bad
-- input; c360.rfm conventions; scores, segments, tiers, concentration,
-- cohort retention.
SET TimeZone = 'UTC';

-- ---- model text forms ----
SELECT '(r=0.243,alpha=4.414,a=0.793,b=2.426)'::c360.bgnbd;
SELECT ' ( r = 0.243 , alpha = 4.414 , a = 0.793 , b = 2.426 ) '::c360.bgnbd;
SELECT '(r=0.5533,alpha=10.5776,s=0.6062,beta=11.6679)'::c360.pareto_nbd;
SELECT '(p=6.25,q=3.74,gamma=15.44)'::c360.gamma_gamma;
SELECT '(r=1,alpha=2,a=3,b=4,log_likelihood=-10.5,customers=7,status=not_converged)'::c360.bgnbd;
SELECT * FROM c360.bgnbd_params('(r=0.243,alpha=4.414,a=0.793,b=2.426)');
SELECT * FROM c360.pareto_nbd_params('(r=1,alpha=2,s=3,beta=4,log_likelihood=-1,customers=1,status=at_boundary)');
SELECT * FROM c360.gamma_gamma_params('(p=6.25,q=3.74,gamma=15.44)');
SELECT '(r=1e-300,alpha=1e300,a=0.1,b=1E+2)'::c360.bgnbd::text AS extreme_but_valid;
-- malformed: each names the problem and where it is
SELECT ''::c360.bgnbd;
SELECT 'r=1,alpha=2,a=3,b=4'::c360.bgnbd;
SELECT '(alpha=2,r=1,a=3,b=4)'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3)'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4) x'::c360.bgnbd;
SELECT '(r=0,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(r=-1,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(r=1e999,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(r=NaN,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(r=inf,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(r=1-2,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4,log_likelihood=-1)'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4,log_likelihood=-1,customers=0,status=ok)'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4,log_likelihood=-1,customers=1.5,status=ok)'::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4,log_likelihood=-1,customers=2,status=given)'::c360.bgnbd;
SELECT '(r=1,alpha=2,s=3,beta=4)'::c360.bgnbd;
SELECT '(p=1,q=2,gamma=3,delta=4)'::c360.gamma_gamma;
SELECT ('(r=1,alpha=2,a=3,b=4' || repeat(' ', 1000000) || ')')::c360.bgnbd::text AS blanks_allowed;
SELECT ('(r=' || repeat('1', 1000000) || ',alpha=2,a=3,b=4)')::c360.bgnbd;
SELECT repeat('x', 1000000)::c360.bgnbd;
SELECT '(r=1,alpha=2,a=3,b=4,ä=1)'::c360.bgnbd;
SELECT '(r=😀,alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT E'(r=1,\x01alpha=2,a=3,b=4)'::c360.bgnbd;
SELECT '(р=1,alpha=2,a=3,b=4)'::c360.bgnbd;
-- binary form round-trips (COPY BINARY through a temporary file)
CREATE TEMP TABLE models_out (b c360.bgnbd, p c360.pareto_nbd, g c360.gamma_gamma);
INSERT INTO models_out VALUES
  ('(r=0.243,alpha=4.414,a=0.793,b=2.426)', '(r=1,alpha=2,s=3,beta=4,log_likelihood=-1.25,customers=3,status=ok)',
   '(p=6.25,q=3.74,gamma=15.44)');
\set binfile '/tmp/customer360_value_models_regress.bin'
COPY models_out TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE models_in (LIKE models_out);
COPY models_in FROM :'binfile' WITH (FORMAT binary);
SELECT i.b::text = o.b::text AND i.p::text = o.p::text AND i.g::text = o.g::text AS binary_round_trip
FROM models_in i, models_out o;
-- and the aggregate state
CREATE TEMP TABLE hist_out AS SELECT 'rfm: 2:30.43:38.86:1 0:0:38.86:3'::c360.value_histogram AS r,
  'spend: 2:22.345:1'::c360.value_histogram AS s, 'values(0.25): 1 -2.5 3'::c360.value_histogram AS v;
COPY hist_out TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE hist_in (LIKE hist_out);
COPY hist_in FROM :'binfile' WITH (FORMAT binary);
SELECT * FROM hist_in;
-- a negative value read back still makes gini NULL
SELECT c360.gini_final(v) AS gini_text, c360.gini_final((SELECT v FROM hist_in)) AS gini_binary
FROM (SELECT 'values: 1 -2.5 3'::c360.value_histogram AS v) x;

-- ---- value_histogram (the aggregate state) ----
SELECT 'rfm: 2:30.43:38.86:1 0:0:38.86:3'::c360.value_histogram;
SELECT 'spend: 2:22.345:1 0:0:5'::c360.value_histogram;
SELECT 'values(0.2): 1 2 3.5'::c360.value_histogram;
SELECT 'rfm:'::c360.value_histogram;
SELECT c360.rfm_histogram_add(c360.rfm_histogram_add(NULL, 2, 30.43, 38.86), 0, 0, 38.86);
SELECT c360.bgnbd_fit_final('rfm: 2:30.43:38.86:1 0:0:38.86:3 1:5:30:2 3:20:25:1'::c360.value_histogram)
       IS NOT NULL AS fit_from_typed_histogram;
SELECT 'rfm: 1:2:1:1'::c360.value_histogram;
SELECT 'rfm: 1:2:3'::c360.value_histogram;
SELECT 'rfm: 1:2:3:4:5'::c360.value_histogram;
SELECT 'rfm: 1:2:3:-4'::c360.value_histogram;
SELECT 'spend: 1:0:1'::c360.value_histogram;
SELECT 'values(2): 1'::c360.value_histogram;
SELECT 'values: inf'::c360.value_histogram;
SELECT 'other: 1'::c360.value_histogram;
SELECT repeat('x', 1000000)::c360.value_histogram;
SELECT c360.bgnbd_fit_final('spend: 1:2:1'::c360.value_histogram);
SELECT c360.value_histogram_combine('rfm: 1:2:3:1', 'spend: 1:2:1');
SELECT c360.value_histogram_combine('values(0.1): 1', 'values(0.2): 2');
SELECT c360.value_histogram_combine(NULL, 'rfm: 1:2:3:1'), c360.value_histogram_combine('rfm: 1:2:3:1', NULL);

-- ---- fits on edge cases ----
CREATE TEMP TABLE h (grp int, x float8, tx float8, tt float8, m float8);
-- empty: NULL
SELECT c360.bgnbd_fit(x, tx, tt) IS NULL AS bgnbd_empty, c360.pareto_nbd_fit(x, tx, tt) IS NULL AS pareto_empty,
       c360.gamma_gamma_fit(x, m) IS NULL AS gg_empty FROM h;
-- only NULL rows: skipped, so NULL
INSERT INTO h VALUES (1, NULL, 1, 2, 3), (1, 1, NULL, 2, NULL), (1, 1, 1, NULL, NULL);
SELECT c360.bgnbd_fit(x, tx, tt) IS NULL AS bgnbd_nulls, c360.gamma_gamma_fit(x, m) IS NULL AS gg_nulls FROM h;
-- nobody bought twice: NULL (the models are not identified)
INSERT INTO h VALUES (2, 0, 0, 10, 0), (2, 0, 0, 20, 0), (2, 0, 0, 30, 0);
SELECT grp, c360.bgnbd_fit(x, tx, tt) IS NULL AS bgnbd_null, c360.pareto_nbd_fit(x, tx, tt) IS NULL AS pareto_null,
       c360.gamma_gamma_fit(x, m) IS NULL AS gg_null
FROM h GROUP BY grp ORDER BY grp;
-- one customer: a model that says it did not converge
SELECT status, converged, customers FROM c360.bgnbd_params((SELECT c360.bgnbd_fit(3, 20, 30)));
SELECT status, converged, customers FROM c360.pareto_nbd_params((SELECT c360.pareto_nbd_fit(3, 20, 30)));
SELECT status, converged, customers FROM c360.gamma_gamma_params((SELECT c360.gamma_gamma_fit(3, 20)));
-- invalid histories: errors that name the rule, not the values
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (1.0::float8, 5.0::float8, 4.0::float8)) v(x, tx, tt);
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (1.5::float8, 1.0::float8, 4.0::float8)) v(x, tx, tt);
SELECT c360.pareto_nbd_fit(x, tx, tt) FROM (VALUES (-1::float8, 0::float8, 4::float8)) v(x, tx, tt);
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (0::float8, 1::float8, 4::float8)) v(x, tx, tt);
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (1::float8, -1::float8, 4::float8)) v(x, tx, tt);
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (1::float8, 1::float8, 'NaN'::float8)) v(x, tx, tt);
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (1::float8, 1::float8, 'Infinity'::float8)) v(x, tx, tt);
SELECT c360.bgnbd_fit(x, tx, tt) FROM (VALUES (2e9::float8, 1::float8, 4::float8)) v(x, tx, tt);
SELECT c360.gamma_gamma_fit(x, m) FROM (VALUES (2::float8, -1::float8)) v(x, m);
SELECT c360.gamma_gamma_fit(x, m) FROM (VALUES (2::float8, 0::float8)) v(x, m);
SELECT c360.gamma_gamma_fit(x, m) FROM (VALUES (2.5::float8, 10::float8)) v(x, m);
SELECT c360.gamma_gamma_fit(x, m) FROM (VALUES (2::float8, 'NaN'::float8)) v(x, m);
-- fits per group; 0.0 and -0.0 are one history
SELECT g, (c360.bgnbd_params(c360.bgnbd_fit(x, tx, tt))).customers
FROM (SELECT g, (i % 5)::float8 AS x, CASE WHEN i % 5 = 0 THEN -0.0 ELSE (i % 7)::float8 END AS tx,
             10 + (i % 3)::float8 AS tt
      FROM generate_series(1, 300) i, generate_series(1, 2) g) d
GROUP BY g ORDER BY g;
-- the state is held to work_mem
SET work_mem = '64kB';
SELECT c360.bgnbd_fit(i % 50, (i % 50) * 0.1, 10 + i * 0.001) FROM generate_series(1, 5000) i;
SELECT round(c360.gini(i)::numeric, 4) FROM generate_series(1, 10000) i;
-- near the budget (2,048 histories in 64 kB): 1,500 distinct fit, 1,900 do
-- not (an eighth stays free, or the buffer would be sorted every few rows)
SELECT (c360.bgnbd_params(c360.bgnbd_fit(1, 1, 10 + (i % 1500) * 0.01))).customers
FROM generate_series(1, 30000) i;
SELECT (c360.bgnbd_params(c360.bgnbd_fit(1, 1, 10 + (i % 1900) * 0.01))).customers
FROM generate_series(1, 30000) i;
-- many rows with few distinct histories fit in little memory
SELECT (c360.bgnbd_params(c360.bgnbd_fit(i % 7, (i % 7) * 0.5, 10))).customers
FROM generate_series(1, 100000) i;
RESET work_mem;

-- ---- predictions ----
CREATE TEMP TABLE models AS SELECT
  '(r=0.243,alpha=4.414,a=0.793,b=2.426)'::c360.bgnbd AS b,
  '(r=0.553,alpha=10.578,s=0.606,beta=11.669)'::c360.pareto_nbd AS p,
  '(p=6.25,q=3.74,gamma=15.44)'::c360.gamma_gamma AS g;
SELECT round(c360.p_alive(b, 0, 0, 10)::numeric, 4) AS b_new, round(c360.p_alive(p, 0, 0, 10)::numeric, 4) AS p_new,
       round(c360.p_alive(b, 10, 1, 50)::numeric, 6) AS b_gone, round(c360.p_alive(p, 10, 1, 50)::numeric, 6) AS p_gone,
       round(c360.attrition_risk(p, 10, 1, 50)::numeric, 6) AS p_risk
FROM models;
-- invalid histories give NULL
SELECT c360.p_alive(b, 1, 5, 4) AS recency_above_t, c360.p_alive(p, 1.5, 1, 4) AS fractional,
       c360.expected_purchases(b, 10, -1, 0, 4) AS negative, c360.attrition_risk(b, 0, 1, 4) AS x0_recency,
       c360.expected_spend(g, 2, -5) AS negative_spend, c360.expected_spend(g, 2, 0) AS zero_spend,
       c360.clv(b, g, 1, 5, 4, 10, 52, 0.01) AS clv_invalid,
       c360.p_alive(b, 'NaN', 1, 4) AS nan
FROM models;
SELECT round(c360.expected_purchases(b, 0, 2, 30.43, 38.86)::numeric, 6) AS horizon_0,
       round(c360.expected_purchases(p, 1e6, 2, 30.43, 38.86)::numeric, 2) AS long_horizon,
       round(c360.expected_spend(g, 0, 0)::numeric, 4) AS population_mean,
       round(c360.expected_spend(g, 0, 1000)::numeric, 4) AS value_ignored_at_x0
FROM models;
-- Expected spend undefined (p x + q <= 1): NULL
SELECT c360.expected_spend('(p=1,q=0.5,gamma=1)', 0, 0) AS undefined;
SELECT c360.expected_purchases(b, -1, 2, 30, 38) FROM models;
SELECT c360.expected_purchases(p, 'Infinity', 2, 30, 38) FROM models;
SELECT c360.clv(b, g, 2, 30, 38, 20, 52, -1) FROM models;
SELECT c360.clv(b, g, 2, 30, 38, 20, 52, 0.01, 0) FROM models;
SELECT c360.clv(b, g, 2, 30, 38, 20, 1e9, 0.01) FROM models;
SELECT c360.clv(p, g, 2, 30, 38, 20, -5, 0.01) FROM models;
SELECT round(c360.clv(b, g, 2, 30, 38, 20, 0, 0.01)::numeric, 6) AS zero_horizon FROM models;

-- ---- c360.rfm conventions ----
CREATE TEMP TABLE tx (c int, ts timestamptz, amount numeric);
INSERT INTO tx VALUES
  (1, '2024-01-01 09:00', 10), (1, '2024-01-01 18:00', 5),      -- one day: 15
  (1, '2024-01-08 10:00', 20), (1, '2024-01-15 10:00', -4),     -- refund day counts
  (1, '2024-01-29 10:00', 30),
  (1, '2024-03-01 10:00', 99),                                  -- after the end: ignored
  (1, NULL, 7), (1, '2024-01-20', NULL),                        -- skipped
  (1, 'infinity', 8),                                           -- skipped
  (2, '2024-01-22 23:30', 12),                                  -- one purchase
  (3, '2024-02-15', 1);                                         -- only after the end
SELECT c, (c360.rfm(ts, amount, '2024-01-29 00:00', '1 week')).* FROM tx GROUP BY c ORDER BY c;
SELECT c, (c360.rfm(ts, amount, '2024-01-29', '1 day')).frequency, (c360.rfm(ts, amount, '2024-01-29', '1 day')).recency,
       (c360.rfm(ts, amount, '2024-01-29', '1 day')).t
FROM tx GROUP BY c ORDER BY c;
-- 12 hours as the unit; 1 week 12:00
SELECT (c360.rfm(ts, amount, '2024-01-29', '12 hours')).t AS t_in_half_days,
       (c360.rfm(ts, amount, '2024-01-29', '1 day 12:00')).t AS t_in_36_hours
FROM tx WHERE c = 1;
-- same day means the session TimeZone's day
SET TimeZone = 'America/New_York';
SELECT (c360.rfm(ts, amount, '2024-01-29 12:00+00', '1 day')).* FROM tx WHERE c = 1;
SET TimeZone = 'UTC';
-- 02:00 and 20:00 UTC on 1 January: one day in UTC, two days in New York
SELECT (c360.rfm(ts, 1, '2024-01-10', '1 day')).frequency AS utc_frequency
FROM (VALUES ('2024-01-01 02:00+00'::timestamptz), ('2024-01-01 20:00+00')) v(ts);
SET TimeZone = 'America/New_York';
SELECT (c360.rfm(ts, 1, '2024-01-10', '1 day')).frequency AS new_york_frequency
FROM (VALUES ('2024-01-01 02:00+00'::timestamptz), ('2024-01-01 20:00+00')) v(ts);
SET TimeZone = 'UTC';
-- empty: NULL
SELECT c360.rfm(ts, amount, '2024-01-29') IS NULL AS empty FROM tx WHERE false;
-- arguments
SELECT c360.rfm(ts, amount, '2024-01-29', '1 month') FROM tx;
SELECT c360.rfm(ts, amount, '2024-01-29', '0 days') FROM tx;
SELECT c360.rfm(ts, amount, '2024-01-29', '-1 day') FROM tx;
SELECT c360.rfm(ts, amount, '2024-01-29', '1 day -24 hours') FROM tx;
SELECT c360.rfm(ts, amount, '2024-01-29', NULL) FROM tx;
SELECT c360.rfm(ts, amount, NULL, '1 day') FROM tx;
SELECT c360.rfm(ts, amount, 'infinity', '1 day') FROM tx;
SELECT c360.rfm(ts, amount, '2024-01-01'::timestamptz + c * interval '1 day', '1 day') FROM tx;
SELECT c360.rfm(ts, 'NaN'::numeric, '2024-01-29') FROM tx;

-- ---- scores, segments, tiers ----
SELECT v, c360.rfm_score(rank() OVER (ORDER BY v), count(*) OVER ()) AS score
FROM (VALUES (1), (1), (1), (2), (3), (4), (5), (6), (7), (8)) s(v) ORDER BY v;
SELECT c360.rfm_score(1, 1), c360.rfm_score(9223372036854775807, 9223372036854775807);
SELECT c360.rfm_score(0, 5);
SELECT c360.rfm_score(6, 5);
SELECT c360.rfm_score(1, 0);
-- the segment table (fm = round((f + m) / 2))
SELECT r, string_agg(fm || ':' || c360.rfm_segment(r, fm, fm), ', ' ORDER BY fm) AS segments
FROM generate_series(1, 5) r, generate_series(1, 5) fm GROUP BY r ORDER BY r DESC;
SELECT c360.rfm_segment(5, 4, 3) AS fm_4, c360.rfm_segment(5, 3, 4) AS fm_4_too, c360.rfm_segment(3, 2, 3) AS fm_3;
SELECT c360.rfm_segment(0, 1, 1);
SELECT c360.rfm_segment(1, 6, 1);
SELECT c360.rfm_segment(1, 1, -1);
SELECT v, c360.value_tier(rank() OVER (ORDER BY v DESC), count(*) OVER ()) AS tier
FROM (SELECT CASE WHEN i <= 3 THEN 1000 ELSE 200 - i END AS v FROM generate_series(1, 200) i) s
ORDER BY v DESC, tier LIMIT 0;
SELECT tier, count(*), min(v), max(v)
FROM (SELECT v, c360.value_tier(rank() OVER (ORDER BY v DESC), count(*) OVER ()) AS tier
      FROM (SELECT CASE WHEN i <= 3 THEN 1000 ELSE 200 - i END AS v FROM generate_series(1, 200) i) s) t
GROUP BY tier ORDER BY max(v) DESC;
SELECT c360.value_tier(1, 1), c360.value_tier(2, 2);
SELECT c360.value_tier(3, 2);
SELECT c360.value_tier(1, 0);

-- ---- gini and pareto_share ----
SELECT c360.gini(v) AS gini, c360.pareto_share(v, 0.5) AS top_half, c360.pareto_share(v, 0.25) AS top_quarter
FROM (VALUES (1), (2), (3), (4)) s(v);
SELECT c360.gini(v) AS equal, c360.pareto_share(v, 0.2) AS top_fifth FROM (VALUES (5), (5), (5), (5), (5)) s(v);
SELECT round(c360.gini(v)::numeric, 6) AS one_holds_all FROM (VALUES (0), (0), (0), (10)) s(v);
SELECT c360.pareto_share(i, 0.2) AS top_2_of_10, c360.pareto_share(i, 0) AS none,
       c360.pareto_share(i, 1) AS everything, c360.pareto_share(i, 0.15) AS rounds_up
FROM generate_series(1, 10) i;
SELECT c360.gini(v) AS empty, c360.pareto_share(v, 0.1) AS empty_share FROM (VALUES (NULL::float8)) s(v);
SELECT c360.gini(v) AS zeros, c360.pareto_share(v, 0.1) AS zeros_share FROM (VALUES (0), (0)) s(v);
SELECT c360.gini(v) AS negative, c360.pareto_share(v, 0.1) AS negative_share FROM (VALUES (5), (-1)) s(v);
SELECT c360.gini(v) AS one_value FROM (VALUES (7)) s(v);
SELECT c360.gini(v) AS with_null FROM (VALUES (1), (NULL), (3)) s(v);
SELECT c360.gini(v) FROM (VALUES ('NaN'::float8)) s(v);
SELECT c360.gini(v) FROM (VALUES ('-Infinity'::float8)) s(v);
SELECT c360.pareto_share(v, 1.5) FROM (VALUES (1)) s(v);
SELECT c360.pareto_share(v, NULL) FROM (VALUES (1)) s(v);
SELECT c360.pareto_share(v, v / 10.0) FROM (VALUES (1), (2)) s(v);
-- parallel and serial agree
CREATE TABLE value_gini AS SELECT (i * 7919 % 1000)::float8 AS v FROM generate_series(1, 50000) i;
ANALYZE value_gini;
SELECT c360.gini(v) AS g, c360.pareto_share(v, 0.1) AS s INTO TEMP serial_result FROM value_gini;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT c360.gini(v), c360.pareto_share(v, 0.1) FROM value_gini;
SELECT round(g::numeric, 12) = round(p.g2::numeric, 12) AS gini_same, s = p.s2 AS share_same
FROM serial_result, (SELECT c360.gini(v) AS g2, c360.pareto_share(v, 0.1) AS s2 FROM value_gini) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE value_gini;

-- ---- cohort retention ----
CREATE TEMP TABLE "Odd Tx" ("Customer ID" text, "when" timestamptz, amount numeric);
INSERT INTO "Odd Tx" VALUES
  ('a', '2024-01-05', 1), ('a', '2024-02-10', 1), ('a', '2024-04-01', 1),
  ('b', '2024-01-20', 1), ('b', '2024-01-25', 1),
  ('c', '2024-02-02', 1), ('c', '2024-03-03', 1),
  (NULL, '2024-01-01', 1), ('d', NULL, 1), ('e', 'infinity', 1);
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID', 'when', 'month');
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID', 'when', 'quarter');
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID', 'when', 'week') WHERE period_number <= 1;
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID', 'when', 'fortnight');
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID', 'when', NULL);
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'customer_id', 'when');
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID"; DROP TABLE x; --', 'when');
SELECT * FROM c360.cohort_retention('no_such_table', 'c', 'ts');
SELECT * FROM c360.cohort_retention('"Odd Tx"', 'Customer ID', 'when', 'year') WHERE false;

-- ---- as window aggregates (the state keeps growing after final steps) ----
SELECT i, round(c360.gini(i) OVER (ORDER BY i)::numeric, 4) AS running_gini,
       (c360.bgnbd_params(c360.bgnbd_fit(i % 3, (i % 3) * 2, 10) OVER (ORDER BY i))).customers
FROM generate_series(1, 6) i;
SELECT c, ts::date, (c360.rfm(ts, amount, '2024-01-29', '1 week') OVER (PARTITION BY c ORDER BY ts)).frequency
FROM tx WHERE ts IS NOT NULL AND amount IS NOT NULL AND isfinite(ts) AND c < 3 ORDER BY c, ts;
