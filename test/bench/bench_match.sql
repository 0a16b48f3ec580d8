-- The matching engine, measured (make bench; never a test of time).
--
-- 1. Accuracy: the whole path on FEBRL3 (dedupe) and FEBRL4 (link 4a to
--    4b): pairwise precision, recall, F1 and seconds per phase.
-- 2. c360.match_probability on 1M pairs of prepared keys against pg_trgm's
--    similarity() on the same pairs' full-name strings (goal: a whole-record
--    probability costs no more than one similarity() call).
-- 3. c360.train_match_model over 10M pairs (goal: seconds, constant memory).
SET client_min_messages = warning;
\timing off

CREATE TEMP TABLE bench_febrl (ds int, candidate_pairs bigint, true_pairs bigint,
    predicted_pairs bigint, correct_pairs bigint, seconds numeric);
\set ds 3
SELECT clock_timestamp() AS t0 \gset
\i test/match/febrl_pipeline.sql
INSERT INTO bench_febrl SELECT 3, *, round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) FROM febrl_eval;
DROP TABLE febrl_eval;
\set ds 4
SELECT clock_timestamp() AS t0 \gset
\i test/match/febrl_pipeline.sql
INSERT INTO bench_febrl SELECT 4, *, round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) FROM febrl_eval;
SELECT CASE ds WHEN 3 THEN 'FEBRL3 dedupe (goal F1 >= 0.995)' ELSE 'FEBRL4 link (goal F1 >= 0.99)' END AS dataset,
       candidate_pairs, true_pairs, predicted_pairs, correct_pairs,
       round(correct_pairs::numeric / nullif(predicted_pairs, 0), 4) AS precision,
       round(correct_pairs::numeric / true_pairs, 4) AS recall,
       round(2 * correct_pairs::numeric / (predicted_pairs + true_pairs), 4) AS f1,
       seconds AS seconds_end_to_end
FROM bench_febrl ORDER BY ds;

-- 2. One million pairs of prepared keys (FEBRL4 records, random pairs).
SELECT setseed(0.42);
CREATE TEMP TABLE bench_pairs AS
SELECT a.key AS ka, b.key AS kb,
       coalesce(a.given, '') || ' ' || coalesce(a.family, '') AS na,
       coalesce(b.given, '') || ' ' || coalesce(b.family, '') AS nb
FROM (SELECT 1 + floor(random() * 10000)::int AS i, 1 + floor(random() * 10000)::int AS j
      FROM generate_series(1, 1000000)) p
JOIN febrl_rec a ON a.id = p.i JOIN febrl_rec b ON b.id = p.j;
VACUUM ANALYZE bench_pairs;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE bench_timing (who text, run int, ms float8);
DO $$
DECLARE
    t0 timestamptz;
    s float8;
    m c360.match_model := (SELECT model FROM febrl_model);
BEGIN
    FOR r IN 1..3 LOOP
        t0 := clock_timestamp();
        SELECT sum(c360.match_probability(m, ka, kb)) INTO s FROM bench_pairs;
        INSERT INTO bench_timing VALUES ('match_probability', r, 1000 * extract(epoch FROM clock_timestamp() - t0));
        t0 := clock_timestamp();
        SELECT sum(public.similarity(na, nb)) INTO s FROM bench_pairs;
        INSERT INTO bench_timing VALUES ('similarity', r, 1000 * extract(epoch FROM clock_timestamp() - t0));
        t0 := clock_timestamp();
        SELECT count(*) INTO s FROM bench_pairs;
        INSERT INTO bench_timing VALUES ('scan', r, 1000 * extract(epoch FROM clock_timestamp() - t0));
    END LOOP;
END
$$;
SELECT round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'match_probability')) AS match_probability_ms,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'similarity')) AS similarity_ms,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'scan')) AS scan_only_ms,
       round((percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'match_probability') /
              percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'similarity'))::numeric, 2)
         AS ratio_ours_to_similarity
FROM bench_timing;
RESET max_parallel_workers_per_gather;

DROP TABLE febrl_eval;
-- 3. Training over 10M pairs streamed from a join (3,163 x 3,163 FEBRL3
--    records' keys): levels computed on the fly, the state is a histogram.
\set ds 3
\i test/match/febrl_pipeline.sql
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE bench_trained AS
SELECT c360.train_match_model(a.key, b.key) AS model
FROM (SELECT key FROM febrl_rec WHERE id <= 3163) a
CROSS JOIN (SELECT key FROM febrl_rec WHERE id <= 3163) b;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) AS train_10m_pairs_seconds,
       (SELECT round(lambda::numeric, 4) FROM c360.match_model_summary((SELECT model FROM bench_trained)) LIMIT 1) AS lambda,
       pg_column_size((SELECT model FROM bench_trained)) AS model_bytes;
