-- The matching engine's whole path on FEBRL, as a user runs it (see
-- test/match/febrl_pipeline.sql): keys, pg_trgm blocking, EM training
-- without the labels, term frequencies, scoring, guarded clustering.
-- Floors: FEBRL3 (dedupe) F1 >= 0.995, FEBRL4 (link 4a to 4b) F1 >= 0.99.
\set ds 3
\i test/match/febrl_pipeline.sql
SELECT true_pairs, correct_pairs::numeric / predicted_pairs >= 0.99 AS precision_floor,
       correct_pairs::numeric / true_pairs >= 0.99 AS recall_floor,
       2 * correct_pairs::numeric / (predicted_pairs + true_pairs) >= 0.995 AS febrl3_f1_floor
FROM febrl_eval;
-- The model is readable: it converged, ids and dates weigh most.
SELECT DISTINCT converged, iterations < 500 AS under_cap FROM c360.match_model_summary((SELECT model FROM febrl_model));
SELECT attribute, round(match_weight::numeric) AS exact_weight
FROM c360.match_model_summary((SELECT model FROM febrl_model))
WHERE level = 1 AND trained ORDER BY match_weight DESC LIMIT 3;
-- Every match can be explained.
SELECT e->>'attribute' AS attribute, e->>'level_name' AS level
FROM (SELECT c360.match_explain(m.model, ra.key, rb.key) AS x
      FROM febrl_model m, febrl_rec ra, febrl_rec rb
      WHERE ra.entity = '10' AND rb.entity = '10' AND ra.id < rb.id
      ORDER BY ra.id, rb.id LIMIT 1) s,
     jsonb_array_elements(x->'attributes') e;
DROP TABLE febrl_eval;
\set ds 4
\i test/match/febrl_pipeline.sql
SELECT true_pairs, 2 * correct_pairs::numeric / (predicted_pairs + true_pairs) >= 0.99 AS febrl4_f1_floor
FROM febrl_eval;
DROP TABLE febrl_eval, febrl_raw, febrl_rec, febrl_cand, febrl_model, febrl_edges, febrl_cluster;
RESET client_min_messages;
