-- Customer value on the CDNOW sample (test/data/cdnow, see its NOTICE):
-- raw transactions -> c360.rfm -> fits, against the published values.
SET TimeZone = 'UTC';
\getenv abs_srcdir PG_ABS_SRCDIR
\set cdnow_file :abs_srcdir '/test/data/cdnow/CDNOW_sample.txt'
CREATE TEMP TABLE cdnow_raw (line text);
COPY cdnow_raw FROM :'cdnow_file';
CREATE TABLE cdnow_tx AS
SELECT f[2]::integer AS customer_id, to_date(f[3], 'YYYYMMDD')::timestamptz AS ts,
       f[4]::integer AS cds, f[5]::numeric AS amount
FROM (SELECT regexp_split_to_array(btrim(line, E' \r'), '\s+') AS f FROM cdnow_raw) s;
SELECT count(*) AS transactions, count(DISTINCT customer_id) AS customers FROM cdnow_tx;

-- Summaries in weeks, calibration through 1997-09-30.
CREATE TABLE cdnow_rfm AS
SELECT customer_id, (c360.rfm(ts, amount, '1997-09-30', '1 week')).*
FROM cdnow_tx GROUP BY customer_id;
SELECT count(*) AS customers, count(*) FILTER (WHERE frequency > 0) AS repeat_buyers,
       sum(frequency) AS repeat_purchases, round(sum(t)::numeric, 2) AS sum_t
FROM cdnow_rfm;
-- customer 1 of the published summary: x = 2, t_x = 30.43, T = 38.86
SELECT frequency, round(recency::numeric, 2) AS recency, round(t::numeric, 2) AS t,
       monetary_value, first_purchase, last_purchase, total_value
FROM cdnow_rfm WHERE customer_id = 1;
-- the three-argument form is in weeks too
SELECT (c360.rfm(ts, amount, '1997-09-30')).frequency = 2 AS three_argument_form
FROM cdnow_tx WHERE customer_id = 1;

-- BG/NBD: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4
CREATE TABLE cdnow_bgnbd AS
SELECT c360.bgnbd_fit(frequency, recency, t) AS m FROM cdnow_rfm;
SELECT round(r::numeric, 3) AS r, round(alpha::numeric, 3) AS alpha,
       round(a::numeric, 3) AS a, round(b::numeric, 3) AS b,
       round(log_likelihood::numeric, 1) AS log_likelihood, customers, converged, status
FROM cdnow_bgnbd, c360.bgnbd_params(m);

-- Pareto/NBD: r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, LL = -9595.0
CREATE TABLE cdnow_pareto AS
SELECT c360.pareto_nbd_fit(frequency, recency, t) AS m FROM cdnow_rfm;
SELECT round(r::numeric, 3) AS r, round(alpha::numeric, 3) AS alpha,
       round(s::numeric, 3) AS s, round(beta::numeric, 3) AS beta,
       round(log_likelihood::numeric, 1) AS log_likelihood, customers, converged, status
FROM cdnow_pareto, c360.pareto_nbd_params(m);

-- Gamma-Gamma on the 946 repeat buyers: p = 6.25, q = 3.74, gamma = 15.44
CREATE TABLE cdnow_gg AS
SELECT c360.gamma_gamma_fit(frequency, monetary_value) AS m FROM cdnow_rfm WHERE frequency > 0;
SELECT round(p::numeric, 2) AS p, round(q::numeric, 2) AS q, round(gamma::numeric, 2) AS gamma,
       customers, converged, status
FROM cdnow_gg, c360.gamma_gamma_params(m);
-- customers with frequency 0 are accepted and ignored: the same fit
SELECT (SELECT c360.gamma_gamma_fit(frequency, monetary_value) FROM cdnow_rfm)::text
       = (SELECT m::text FROM cdnow_gg) AS zero_frequency_ignored;

-- BG/NBD conditional expectation for 39 weeks, x = 2, t_x = 30.43, T = 38.86: 1.2260
-- with the published (rounded) parameters, as the paper computed it
SELECT round(c360.expected_purchases('(r=0.243,alpha=4.414,a=0.793,b=2.426)'::c360.bgnbd,
                                     39, 2, 30.43, 38.86)::numeric, 4) AS expected_39_weeks;
-- with the full-precision fit the fourth decimal moves
SELECT round(c360.expected_purchases(m, 39, 2, 30.43, 38.86)::numeric, 4) AS expected_39_weeks
FROM cdnow_bgnbd;
SELECT round(c360.p_alive(m, 2, 30.43, 38.86)::numeric, 4) AS p_alive,
       round(c360.attrition_risk(m, 2, 30.43, 38.86)::numeric, 4) AS attrition_risk,
       c360.p_alive(m, 0, 0, 38.86) AS p_alive_no_repeat
FROM cdnow_bgnbd;
SELECT round(c360.p_alive(m, 2, 30.43, 38.86)::numeric, 4) AS p_alive,
       round(c360.expected_purchases(m, 39, 2, 30.43, 38.86)::numeric, 4) AS expected_39_weeks
FROM cdnow_pareto;

-- Expected spend and CLV for customer 1 (52 weeks, 1% a week; then
-- 12 periods of 52/12 weeks at 1% a period)
SELECT round(c360.expected_spend(g.m, r.frequency, r.monetary_value)::numeric, 2) AS expected_spend,
       round(c360.clv(b.m, g.m, r.frequency, r.recency, r.t, r.monetary_value, 52, 0.01)::numeric, 2) AS clv_weekly,
       round(c360.clv(b.m, g.m, r.frequency, r.recency, r.t, r.monetary_value, 52, 0.01, 52.0 / 12)::numeric, 2) AS clv_monthly,
       round(c360.clv(p.m, g.m, r.frequency, r.recency, r.t, r.monetary_value, 52, 0.01)::numeric, 2) AS clv_pareto
FROM cdnow_rfm r, cdnow_bgnbd b, cdnow_gg g, cdnow_pareto p WHERE r.customer_id = 1;
-- CLV with no discount is expected spend times expected purchases
SELECT round(c360.clv(b.m, g.m, 2, 30.43, 38.86, 20, 39, 0)::numeric, 6)
     = round((c360.expected_spend(g.m, 2, 20) * c360.expected_purchases(b.m, 39, 2, 30.43, 38.86))::numeric, 6)
       AS undiscounted_clv
FROM cdnow_bgnbd b, cdnow_gg g;

-- Models round-trip through their text and binary forms exactly.
SELECT m::text::c360.bgnbd::text = m::text AS bgnbd_text_round_trip FROM cdnow_bgnbd;
SELECT m::text::c360.pareto_nbd::text = m::text AS pareto_text_round_trip FROM cdnow_pareto;
SELECT m::text::c360.gamma_gamma::text = m::text AS gg_text_round_trip FROM cdnow_gg;
SELECT (c360.bgnbd_params(m::text::c360.bgnbd)).r = (c360.bgnbd_params(m)).r AS exact FROM cdnow_bgnbd;

-- Order and split independence: the fit of the rows in another order, and
-- of the combined partial states, is the same bit for bit.
SELECT (SELECT c360.bgnbd_fit(frequency, recency, t ORDER BY customer_id DESC) FROM cdnow_rfm)::text
       = (SELECT m::text FROM cdnow_bgnbd) AS order_independent;
SELECT c360.bgnbd_fit_final(c360.value_histogram_combine(
           (SELECT c360.rfm_histogram_add(NULL, frequency, recency, t) FROM cdnow_rfm WHERE customer_id = 1),
           (SELECT c360.rfm_histogram_add(NULL, frequency, recency, t) FROM cdnow_rfm WHERE customer_id = 2)))
       IS NOT NULL AS combine_callable_directly;

-- Parallel: partial aggregates in workers, combined by the leader.
CREATE TABLE cdnow_big AS SELECT r.* FROM cdnow_rfm r, generate_series(1, 40) g;
ANALYZE cdnow_big;
CREATE TABLE cdnow_serial AS
SELECT c360.bgnbd_fit(frequency, recency, t) AS b, c360.pareto_nbd_fit(frequency, recency, t) AS p,
       c360.gamma_gamma_fit(frequency, monetary_value) AS g
FROM cdnow_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT c360.bgnbd_fit(frequency, recency, t), c360.pareto_nbd_fit(frequency, recency, t),
       c360.gamma_gamma_fit(frequency, monetary_value)
FROM cdnow_big;
CREATE TABLE cdnow_parallel AS
SELECT c360.bgnbd_fit(frequency, recency, t) AS b, c360.pareto_nbd_fit(frequency, recency, t) AS p,
       c360.gamma_gamma_fit(frequency, monetary_value) AS g
FROM cdnow_big;
SELECT round(r::numeric, 3) AS r, round(alpha::numeric, 3) AS alpha, round(a::numeric, 3) AS a,
       round(b::numeric, 3) AS b, customers
FROM (SELECT (c360.bgnbd_params(b)).* FROM cdnow_parallel) x;
SELECT s.b::text = p.b::text AS bgnbd_same, s.p::text = p.p::text AS pareto_same,
       s.g::text = p.g::text AS gg_same
FROM cdnow_serial s, cdnow_parallel p;
-- c360.rfm in parallel too (partial aggregation per customer): on the
-- transactions repeated 20 times, so that partial aggregation pays
CREATE TABLE cdnow_tx_big AS SELECT t.* FROM cdnow_tx t, generate_series(1, 20) g;
ANALYZE cdnow_tx_big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE cdnow_rfm_serial AS
SELECT customer_id, (c360.rfm(ts, amount, '1997-09-30', '1 week')).* FROM cdnow_tx_big GROUP BY customer_id;
SET max_parallel_workers_per_gather = 2;
SET enable_sort = off;
EXPLAIN (COSTS OFF)
SELECT customer_id, c360.rfm(ts, amount, '1997-09-30') FROM cdnow_tx_big GROUP BY customer_id;
SELECT count(*) AS differing FROM (
    SELECT customer_id, (c360.rfm(ts, amount, '1997-09-30', '1 week')).* FROM cdnow_tx_big GROUP BY customer_id
    EXCEPT SELECT * FROM cdnow_rfm_serial) d;
-- the same days as the original, 20 times the money
SELECT count(*) AS customers, bool_and(s.frequency = r.frequency AND s.recency = r.recency AND s.t = r.t
                                       AND s.total_value = 20 * r.total_value) AS consistent
FROM cdnow_rfm_serial s JOIN cdnow_rfm r USING (customer_id);
RESET enable_sort;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Concentration and tiers on the CDNOW calibration spend.
SELECT round(c360.gini(total_value)::numeric, 4) AS gini,
       round(c360.pareto_share(total_value, 0.2)::numeric, 4) AS top_20_share
FROM cdnow_rfm;
SELECT tier, count(*) AS customers, round(sum(total_value) / (SELECT sum(total_value) FROM cdnow_rfm), 4) AS share
FROM (SELECT total_value,
             c360.value_tier(rank() OVER (ORDER BY total_value DESC), count(*) OVER ()) AS tier
      FROM cdnow_rfm) s
GROUP BY tier ORDER BY min(total_value) DESC;

-- RFM scores and segments
SELECT segment, count(*) FROM (
    SELECT c360.rfm_segment(
               c360.rfm_score(rank() OVER (ORDER BY t - recency DESC), count(*) OVER ()),
               c360.rfm_score(rank() OVER (ORDER BY frequency), count(*) OVER ()),
               c360.rfm_score(rank() OVER (ORDER BY monetary_value), count(*) OVER ())) AS segment
    FROM cdnow_rfm) s
GROUP BY segment ORDER BY segment;

-- Retention by monthly cohort (first three months)
SELECT cohort, period_number, customers, active, round(retention::numeric, 4) AS retention
FROM c360.cohort_retention('cdnow_tx', 'customer_id', 'ts', 'month')
WHERE period_number < 3 ORDER BY cohort, period_number;

DROP TABLE cdnow_tx_big, cdnow_rfm_serial, cdnow_tx, cdnow_rfm, cdnow_bgnbd, cdnow_pareto, cdnow_gg, cdnow_big, cdnow_serial, cdnow_parallel;
