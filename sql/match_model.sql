-- The Fellegi-Sunter model: c360.train_match_model, c360.match_term_frequencies,
-- c360.match_model_with_tf, c360.match_model_summary, c360.match_weight,
-- c360.match_probability, c360.match_explain and the types c360.match_model,
-- c360.match_tf, c360.match_histogram (docs/reference/matching-model.md).
\pset null '(null)'
SET extra_float_digits = 0;

-- The declarations.
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result,
       p.prokind, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'c360'
   AND (p.proname LIKE 'match_histogram%' OR p.proname LIKE 'match_tf%'
        OR p.proname LIKE 'match_model%' OR p.proname IN
        ('train_match_model', 'match_pair_histogram', 'match_term_frequencies',
         'match_weight', 'match_probability', 'match_explain'))
 ORDER BY p.proname, arguments;
SELECT aggfnoid::regprocedure, aggtransfn, aggfinalfn, aggcombinefn,
       aggtranstype::regtype
  FROM pg_aggregate
 WHERE aggfnoid IN ('c360.train_match_model(c360.match_key, c360.match_key)'::regprocedure,
                    'c360.match_pair_histogram'::regproc, 'c360.match_term_frequencies'::regproc)
 ORDER BY aggfnoid::regprocedure::text;

-- Synthetic records: 150 people, each with two records; the second
-- record of a person has a typo in the given name (every 3rd), no e-mail
-- (every 4th), another phone (every 5th) or moved (every 7th).  Family
-- names repeat (smith is common), so exact family agreement is weak.
CREATE TEMP TABLE people AS
SELECT p,
       (ARRAY['John','Mary','Robert','Patricia','Michael','Linda','William',
              'Elizabeth','David','Barbara','Richard','Susan','Joseph',
              'Jessica','Thomas','Sarah','Charles','Karen','Daniel','Nancy',
              'Matthew','Lisa','Anthony','Betty'])[1 + (p * 7) % 24] AS given,
       CASE WHEN p % 4 = 0 THEN 'Smith'
            ELSE (ARRAY['Johnson','Williams','Brown','Jones','Garcia','Miller',
                        'Davis','Rodriguez','Martinez','Hernandez','Lopez',
                        'Gonzalez','Wilson','Anderson','Thomas','Taylor',
                        'Moore','Jackson','Martin','Lee','Perez','Thompson',
                        'White','Harris','Sanchez','Clark','Ramirez','Lewis',
                        'Robinson','Walker','Young'])[1 + (p * 13) % 31] END AS family,
       date '1950-01-01' + (p * 97) % 18000 AS born,
       (p * 37) % 900 + 100 AS house,
       (ARRAY['Main St','Oak Ave','Pine Rd','Maple Dr','Cedar Ln','Elm St',
              'Park Ave','Lake Rd','Hill St','River Rd'])[1 + (p * 11) % 10] AS street,
       (ARRAY['Springfield','Riverside','Fairview','Madison','Georgetown'])[1 + p % 5] AS city
  FROM generate_series(1, 150) AS p;

CREATE TEMP TABLE recs AS
SELECT 2 * p AS id, p,
       c360.match_key(given_name => given, family_name => family, birth_date => born,
                      email => lower(given || '.' || family || p || '@mailbox.org'),
                      phone => '+1 212 555 ' || lpad((1000 + p)::text, 4, '0'),
                      street => house || ' ' || street, city => city,
                      postcode => lpad((10000 + (p * 31) % 500)::text, 5, '0')) AS key
  FROM people
UNION ALL
SELECT 2 * p + 1, p,
       c360.match_key(given_name => CASE WHEN p % 3 = 0 THEN left(given, -1) || 'y' ELSE given END,
                      family_name => family, birth_date => born,
                      email => CASE WHEN p % 4 = 0 THEN NULL
                                    ELSE lower(given || '.' || family || p || '@mailbox.org') END,
                      phone => CASE WHEN p % 5 = 0 THEN '+1 646 555 ' || lpad((2000 + p)::text, 4, '0')
                                    ELSE '+1 212 555 ' || lpad((1000 + p)::text, 4, '0') END,
                      street => CASE WHEN p % 7 = 0 THEN (house + 1) || ' Other Rd'
                                     ELSE house || ' ' || street END,
                      city => CASE WHEN p % 7 = 0 THEN 'Elsewhere' ELSE city END,
                      postcode => CASE WHEN p % 7 = 0 THEN '99999'
                                       ELSE lpad((10000 + (p * 31) % 500)::text, 5, '0') END)
  FROM people;

-- Candidate pairs: every pair of the 300 records (44850 pairs, 150 true).
CREATE TEMP TABLE pairs AS
SELECT x.id AS ida, y.id AS idb, x.p = y.p AS same, x.key AS a, y.key AS b
  FROM recs x JOIN recs y ON x.id < y.id;

CREATE TEMP TABLE model AS SELECT c360.train_match_model(a, b) AS m FROM pairs;

-- The EM report: converged, lambda near 150 / 44850 = 0.00334.
SELECT (c360.match_model_summary(m)).pairs, (c360.match_model_summary(m)).converged,
       round((c360.match_model_summary(m)).lambda::numeric, 4) AS lambda
  FROM model LIMIT 1;
SELECT iterations BETWEEN 2 AND 500 AS iterations_ok,
       round(prior_weight::numeric, 2) AS prior_weight
  FROM model, c360.match_model_summary(m) LIMIT 1;

-- Per level: exact agreement is evidence for, "different" against; the
-- national id was never given, so it is untrained and weighs 0.
SELECT attribute, level, level_name, trained, round(s.m::numeric, 3) AS m,
       round(s.u::numeric, 3) AS u, round(s.match_weight::numeric, 1) AS match_weight
  FROM model o, c360.match_model_summary(o.m) s
 WHERE level_name IN ('exact', 'different')
 ORDER BY attribute, level;

-- Accuracy on the training pairs at probability 0.5.
SELECT same, c360.match_probability(m, a, b) > 0.5 AS predicted, count(*)
  FROM model, pairs
 GROUP BY 1, 2 ORDER BY 1, 2;

-- weight and probability agree: p = 2^w / (1 + 2^w).
SELECT count(*) AS disagreements
  FROM model, pairs
 WHERE abs(c360.match_probability(m, a, b)
           - 1 / (1 + 2 ^ (-c360.match_weight(m, a, b)))) > 1e-12;

-- Symmetric.
SELECT count(*) AS asymmetric
  FROM model, pairs
 WHERE c360.match_weight(m, a, b) <> c360.match_weight(m, b, a);

-- One pair explained: person 3 (given name typo), records 6 and 7.
CREATE TEMP TABLE e AS
SELECT c360.match_explain(m, x.key, y.key) AS e
  FROM model, recs x, recs y WHERE x.id = 6 AND y.id = 7;
SELECT (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(e) k) AS keys,
       round((e->>'match_weight')::numeric, 6) AS match_weight,
       (e->>'match_probability')::float8 AS match_probability,
       round((e->'prior'->>'lambda')::numeric, 6) AS lambda,
       round((e->'prior'->>'weight')::numeric, 6) AS prior_weight
  FROM e;
SELECT t->>'attribute' AS attribute, t->>'a' AS a, t->>'b' AS b, (t->>'level')::int AS level,
       t->>'level_name' AS level_name, (t->>'trained')::boolean AS trained,
       round((t->>'m')::numeric, 6) AS m, round((t->>'u')::numeric, 6) AS u,
       round((t->>'weight')::numeric, 6) AS weight, t ? 'tf' AS has_tf
  FROM e, jsonb_array_elements(e->'attributes') t;

-- The explanation adds up to the weight (the terms it counts: of phone,
-- street, city and postcode only one counts).
SELECT count(*) AS bad_sums
  FROM model, pairs,
       LATERAL (SELECT c360.match_explain(m, a, b) AS e) e
 WHERE ida < 40
   AND abs((e->>'match_weight')::float8
           - (e->'prior'->>'weight')::float8
           - (SELECT sum((t->>'weight')::float8 + coalesce((t->'tf'->>'adjustment')::float8, 0))
                FROM jsonb_array_elements(e->'attributes') t
               WHERE coalesce((t->>'counted')::boolean, true))) > 1e-9;

-- The text form round-trips exactly, and reads back to the same scores.
SELECT m::text::c360.match_model::text = m::text AS text_round_trip,
       length(m::text) > 1000 AS long_enough
  FROM model;
SELECT count(*) AS differences
  FROM model, pairs
 WHERE ida < 60
   AND c360.match_weight(m, a, b) <> c360.match_weight(m::text::c360.match_model, a, b);

-- The binary form (a version byte and the text) round-trips through COPY.
CREATE TEMP TABLE copied (m c360.match_model, t c360.match_tf, h c360.match_histogram);
COPY (SELECT m, NULL::c360.match_tf, '{"patterns": [{"levels": [1,1,1,1,1,1,1,1,1], "count": 3}]}'::c360.match_histogram
        FROM model) TO '/tmp/c360_fsmodel_regress.bin' WITH (FORMAT binary);
COPY copied FROM '/tmp/c360_fsmodel_regress.bin' WITH (FORMAT binary);
SELECT c.m::text = o.m::text AS binary_round_trip, c.h FROM copied c, model o;

-- Combining: the histogram of a union is the merge of the histograms, and
-- a parallel plan gives the very same model.
CREATE TEMP TABLE half AS
SELECT c360.match_histogram_combine(h1, h2)::text = h::text AS merge_ok
  FROM (SELECT '{"patterns": [{"levels": [1,1,1,0,0,0,0,0,0], "count": 2},
                              {"levels": [8,7,5,4,4,5,4,3,4], "count": 5}]}'::c360.match_histogram AS h1,
               '{"patterns": [{"levels": [8,7,5,4,4,5,4,3,4], "count": 1},
                              {"levels": [0,0,0,0,0,0,0,0,1], "count": 3}]}'::c360.match_histogram AS h2,
               '{"patterns": [{"levels": [0,0,0,0,0,0,0,0,1], "count": 3},
                              {"levels": [1,1,1,0,0,0,0,0,0], "count": 2},
                              {"levels": [8,7,5,4,4,5,4,3,4], "count": 6}]}'::c360.match_histogram AS h) s;
SELECT * FROM half;
SELECT c360.match_histogram_combine('{"patterns": []}', '{"patterns": []}');
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
CREATE TABLE c360_fsmodel_pairs AS SELECT a, b FROM pairs;
ANALYZE c360_fsmodel_pairs;
EXPLAIN (COSTS OFF) SELECT c360.train_match_model(a, b) FROM c360_fsmodel_pairs;
SELECT c360.train_match_model(a, b)::text = (SELECT m::text FROM model) AS parallel_same
  FROM c360_fsmodel_pairs;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE c360_fsmodel_pairs;

-- Term frequencies: Smith is a quarter of the family names.
CREATE TEMP TABLE tf AS SELECT c360.match_term_frequencies(key) AS tf FROM recs;
SELECT (tf::text::jsonb)->'records' AS records,
       (tf::text::jsonb)->'capacity' AS capacity,
       (tf::text::jsonb)->'attributes'->'family_name'->'present' AS family_present,
       (tf::text::jsonb)->'attributes'->'family_name'->'values'->0 AS most_common_family,
       jsonb_array_length((tf::text::jsonb)->'attributes'->'email'->'values') AS emails
  FROM tf;
SELECT tf::text::c360.match_tf::text = tf::text AS tf_round_trip FROM tf;
-- A parallel plan gives the same counts here (fewer than 1000 values per
-- attribute, so the summary is exact).
CREATE TABLE c360_fsmodel_recs AS SELECT key FROM recs;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT c360.match_term_frequencies(key)::text::jsonb = (SELECT tf::text::jsonb FROM tf) AS parallel_same
  FROM c360_fsmodel_recs;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE c360_fsmodel_recs;

-- More distinct values than the capacity (1000): the summary never holds
-- more than 1000 (here 4000 singletons are cancelled out in four decrement
-- rounds, the last at the very end, so only Common is left), and a value
-- in a third of the 6000 records keeps a counter at most 6000/1001 below
-- its true count of 2000.
SELECT jsonb_array_length(j->'attributes'->'family_name'->'values') AS kept,
       j->'attributes'->'family_name'->'values'->0->>0 AS top,
       (j->'attributes'->'family_name'->'values'->0->>1)::float8 BETWEEN 2000 - 6000 / 1001.0 AND 2000 AS within_bound,
       j->'attributes'->'family_name'->'present' AS present
  FROM (SELECT c360.match_term_frequencies(
                 c360.match_key(family_name => CASE WHEN g % 3 = 0 THEN 'Common' ELSE 'Name' || g END))::text::jsonb AS j
          FROM generate_series(1, 6000) g) s;

-- The model with term frequencies: agreeing on "smith" counts for less
-- than agreeing on a rarer family name.
CREATE TEMP TABLE tfmodel AS SELECT c360.match_model_with_tf(m, tf) AS m FROM model, tf;
SELECT t->>'a' AS a, t->>'level_name' AS level_name, round((t->>'weight')::numeric, 6) AS weight,
       round((t->'tf'->>'frequency')::numeric, 6) AS tf_frequency,
       round((t->'tf'->>'adjustment')::numeric, 6) AS tf_adjustment
  FROM tfmodel, recs x, recs y,
       LATERAL (SELECT c360.match_explain(m, x.key, y.key)->'attributes'->1 AS t) e
 WHERE x.id = 8 AND y.id = 9;	-- person 4: Smith
SELECT t->>'a' AS a, t->>'level_name' AS level_name, round((t->>'weight')::numeric, 6) AS weight,
       round((t->'tf'->>'frequency')::numeric, 6) AS tf_frequency,
       round((t->'tf'->>'adjustment')::numeric, 6) AS tf_adjustment
  FROM tfmodel, recs x, recs y,
       LATERAL (SELECT c360.match_explain(m, x.key, y.key)->'attributes'->1 AS t) e
 WHERE x.id = 10 AND y.id = 11;	-- person 5
SELECT round(c360.match_weight(t.m, x.key, y.key)::numeric, 6) <
       round(c360.match_weight(o.m, x.key, y.key)::numeric, 6) AS smith_weaker
  FROM tfmodel t, model o, recs x, recs y WHERE x.id = 8 AND y.id = 9;
SELECT m::text::c360.match_model::text = m::text AS tf_model_round_trip,
       (m::text::jsonb)->'term_frequencies'->'records' AS records
  FROM tfmodel;
-- Removing them again.
SELECT c360.match_model_with_tf(m, NULL)::text = (SELECT m::text FROM model) AS removed
  FROM tfmodel;
SELECT c360.match_model_with_tf(NULL, tf) FROM tf;
-- No records: NULL term frequencies.
SELECT c360.match_term_frequencies(key) FROM recs WHERE false;
SELECT c360.match_term_frequencies(NULL::c360.match_key);

-- NULL arguments: the scoring functions are STRICT.
SELECT c360.match_weight(NULL, x.key, x.key), c360.match_probability(m, NULL, x.key),
       c360.match_explain(m, x.key, NULL)
  FROM model, recs x WHERE x.id = 2;
-- NULL keys are skipped in training.
SELECT c360.train_match_model(a, b)::text = (SELECT m::text FROM model) AS nulls_skipped
  FROM (SELECT a, b FROM pairs UNION ALL SELECT NULL, b FROM pairs WHERE ida < 10
        UNION ALL SELECT a, NULL FROM pairs WHERE ida < 10) s;

-- No pairs: an error.
SELECT c360.train_match_model(a, b) FROM pairs WHERE false;
SELECT c360.train_match_model(NULL::c360.match_key, NULL::c360.match_key);

-- Training from histograms: c360.match_pair_histogram(a, b) counts the
-- level patterns (the aggregate's state, no EM), and
-- c360.train_match_model(candidates) trains on them exactly as the
-- aggregate does.
CREATE TEMP TABLE hist AS SELECT c360.match_pair_histogram(a, b) AS h FROM pairs;
SELECT (h::text::jsonb)->'pairs' AS pairs, jsonb_array_length((h::text::jsonb)->'patterns') > 10 AS patterns
  FROM hist;
SELECT c360.train_match_model(h)::text = (SELECT m::text FROM model) AS same_as_aggregate,
       c360.train_match_model(h, NULL)::text = (SELECT m::text FROM model) AS null_random,
       c360.train_match_model(h, '{"patterns": []}')::text = (SELECT m::text FROM model) AS empty_random,
       c360.match_histogram_train(h)::text = (SELECT m::text FROM model) AS final_function
  FROM hist;
-- NULL keys are skipped; no rows or only NULL keys: NULL.
SELECT c360.match_pair_histogram(a, b)::text = (SELECT h::text FROM hist) AS nulls_skipped
  FROM (SELECT a, b FROM pairs UNION ALL SELECT NULL, b FROM pairs WHERE ida < 10) s;
SELECT c360.match_pair_histogram(a, b) FROM pairs WHERE false;
SELECT c360.match_pair_histogram(NULL::c360.match_key, NULL::c360.match_key);
-- Parallel: the same histogram.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
CREATE TABLE c360_fsmodel_pairs AS SELECT a, b FROM pairs;
ANALYZE c360_fsmodel_pairs;
EXPLAIN (COSTS OFF) SELECT c360.match_pair_histogram(a, b) FROM c360_fsmodel_pairs;
SELECT c360.match_pair_histogram(a, b)::text = (SELECT h::text FROM hist) AS parallel_same
  FROM c360_fsmodel_pairs;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE c360_fsmodel_pairs;
-- No candidates: the aggregate's error.
SELECT c360.train_match_model(NULL::c360.match_histogram);
SELECT c360.train_match_model('{"patterns": []}'::c360.match_histogram, h) FROM hist;

-- u from random pairs.  Candidates: the pairs that blocking on the city
-- or the phone gives (5 cities, so many non-matches share one); random
-- pairs: here all 44850 pairs (a random sample of themselves).  m and
-- lambda come from EM on the candidates, u from the random pairs.
-- Blocking on the city made "different city" rare among the candidate
-- non-matches (only people who moved and kept their phone have it), so
-- EM on the candidates alone weighs it for a match.
CREATE TEMP TABLE blocked AS
SELECT c360.match_pair_histogram(a, b) AS h
  FROM pairs
 WHERE c360.match_key_value(a, 'city') = c360.match_key_value(b, 'city')
    OR c360.match_key_value(a, 'phone') = c360.match_key_value(b, 'phone');
CREATE TEMP TABLE rmodel AS
SELECT c360.train_match_model(b.h) AS plain, c360.train_match_model(b.h, hist.h) AS random
  FROM blocked b, hist;
SELECT (b.h::text::jsonb)->'pairs' AS candidate_pairs FROM blocked b;
SELECT p.level_name, round(p.u::numeric, 4) AS candidates_u, round(r.u::numeric, 4) AS random_u,
       round(p.m::numeric, 4) = round(r.m::numeric, 4) AS same_m,
       round(p.match_weight::numeric, 2) AS candidates_weight,
       round(r.match_weight::numeric, 2) AS random_weight, r.u_random
  FROM rmodel o, c360.match_model_summary(o.plain) p
  JOIN c360.match_model_summary(o.random) r USING (attribute, level)
 WHERE attribute = 'city' ORDER BY level;
-- u is each level's share of the random pairs, plus one pair per level:
-- (count + 1) / (pairs with a city + 4).
SELECT round(r.u::numeric, 12) = round(((SELECT count(*) FROM pairs
           WHERE (c360.match_levels(a, b))[7] = 4) + 1)::numeric / (44850 + 4), 12) AS smoothed
  FROM rmodel o, c360.match_model_summary(o.random) r
 WHERE attribute = 'city' AND level_name = 'different';
-- The model says where u came from.  lambda is the random pairs' share of
-- matches (150 of 44850 = 0.0033), not the candidates' (blocking raised
-- it); m and the EM report are EM's on the candidates.
SELECT DISTINCT s.random_pairs, s.u_random, s.trained, round(p.lambda::numeric, 4) AS candidates_lambda,
       round(s.lambda::numeric, 4) AS random_lambda, s.iterations = p.iterations AS same_iterations
  FROM rmodel o, c360.match_model_summary(o.random) s
  JOIN c360.match_model_summary(o.plain) p USING (attribute, level)
 ORDER BY 2, 3;
SELECT count(*) FILTER (WHERE s.m = p.m) AS same_m, count(*) AS levels
  FROM rmodel o, c360.match_model_summary(o.random) s
  JOIN c360.match_model_summary(o.plain) p USING (attribute, level);
SELECT (j->>'random_pairs')::float8 AS random_pairs,
       jsonb_path_query_array(j, '$.attributes[*].u_random') AS u_random
  FROM (SELECT random::text::jsonb AS j FROM rmodel) s;
SELECT random::text::c360.match_model::text = random::text AS text_round_trip,
       (plain::text::jsonb)->'random_pairs' AS plain_random_pairs
  FROM rmodel;
-- Random pairs with no attribute the candidates have: EM's u is kept.
SELECT c360.train_match_model(b.h,
         '{"patterns": [{"levels": [0,0,0,0,0,0,0,0,1], "count": 5}]}')::text
       = (SELECT plain::text FROM rmodel) AS national_id_only
  FROM blocked b;
-- Scoring: disagreeing on the city now counts against (person 7 moved:
-- other street and city, no postcode), and the pair still matches.
SELECT e->>'level_name' AS city_level,
       round(c360.match_weight(o.plain, x.key, y.key)::numeric, 2) AS candidates_weight,
       round(c360.match_weight(o.random, x.key, y.key)::numeric, 2) AS random_weight,
       round((e->>'weight')::numeric, 2) AS random_city_weight,
       c360.match_probability(o.random, x.key, y.key) > 0.99 AS same_person
  FROM rmodel o, recs x, recs y,
       LATERAL (SELECT c360.match_explain(o.random, x.key, y.key)->'attributes'->6 AS e) e
 WHERE x.id = 14 AND y.id = 15;
SELECT c360.match_probability(o.random, x.key, y.key) > 0.99 AS same_person
  FROM rmodel o, recs x, recs y WHERE x.id = 10 AND y.id = 11;
-- Hand edits of the new fields.
SELECT jsonb_set(random::text::jsonb, '{random_pairs}', '0')::text::c360.match_model FROM rmodel;
SELECT jsonb_set(plain::text::jsonb, '{random_pairs}', '10')::text::c360.match_model FROM rmodel;
SELECT jsonb_set(random::text::jsonb, '{random_pairs}', '-1')::text::c360.match_model FROM rmodel;
SELECT jsonb_set(random::text::jsonb, '{attributes,8,u_random}', 'true')::text::c360.match_model FROM rmodel;
SELECT jsonb_set(random::text::jsonb, '{attributes,0,u_random}', '"yes"')::text::c360.match_model FROM rmodel;

-- One pair, and many identical pairs: a finite model.
SELECT (j->>'pairs')::float8 AS pairs, (j->>'converged')::boolean AS converged,
       jsonb_path_query_array(j, '$.attributes[*].trained') AS trained
  FROM (SELECT c360.train_match_model(a, b)::text::jsonb AS j FROM pairs WHERE ida = 2 AND idb = 3) s;
SELECT (j->>'pairs')::float8 AS pairs,
       (SELECT bool_and(abs((l->>'match_weight')::float8) < 1e9)
          FROM jsonb_array_elements(j->'attributes') a, jsonb_array_elements(a->'levels') l) AS finite
  FROM (SELECT c360.train_match_model(x.key, x.key)::text::jsonb AS j
          FROM recs x, generate_series(1, 100) g WHERE x.id = 2) s;
-- Keys with nothing in them: every attribute untrained, weight = prior.
SELECT jsonb_path_query_array(j, '$.attributes[*].trained') AS trained,
       (j->>'lambda')::float8 AS lambda
  FROM (SELECT c360.train_match_model(c360.match_key(), c360.match_key())::text::jsonb AS j
          FROM generate_series(1, 10)) s;
SELECT round(c360.match_weight(o.m, c360.match_key(), c360.match_key())::numeric, 6) =
       round(s.prior_weight::numeric, 6) AS prior_only
  FROM model o, c360.match_model_summary(o.m) s LIMIT 1;
-- A model trained without e-mails applied to keys with e-mails: weighs 0.
CREATE TEMP TABLE noemail AS
SELECT c360.train_match_model(
         c360.match_key(given_name => g, family_name => f),
         c360.match_key(given_name => g2, family_name => f)) AS m
  FROM (VALUES ('John','Smith','Jon'), ('Mary','Jones','Mary'), ('Ann','Lee','Anne'),
               ('Bob','Brown','Rob'), ('Tim','Moore','Tom')) v(g, f, g2);
SELECT e->'attributes'->3 AS email
  FROM noemail,
       LATERAL (SELECT c360.match_explain(m, c360.match_key(email => 'a@mailbox.org'),
                                          c360.match_key(email => 'a@mailbox.org')) AS e) e;

-- Non-Latin scripts, emoji, control characters, huge input.
SELECT e->'attributes'->0->>'a' AS given_a, e->'attributes'->0->>'level_name' AS level,
       e->'attributes'->1->>'a' AS family_a, (e->>'match_weight')::float8 > 0 AS positive
  FROM model,
       LATERAL (SELECT c360.match_explain(m,
                  c360.match_key(given_name => '伟', family_name => '张', email => 'wei@mailbox.org'),
                  c360.match_key(given_name => '伟', family_name => '张', email => 'wei@mailbox.org')) AS e) e;
SELECT e->'attributes'->0->>'a' AS given_a, e->'attributes'->1->>'level_name' AS family_level
  FROM model,
       LATERAL (SELECT c360.match_explain(m,
                  c360.match_key(given_name => 'Zoë 😀', family_name => E'O\x01Brien'),
                  c360.match_key(given_name => 'Zoe', family_name => 'OBrien')) AS e) e;
SELECT c360.match_weight(m, c360.match_key(given_name => repeat('x', 1000000)),
                         c360.match_key(given_name => repeat('x', 1000000)))
       = (SELECT prior_weight FROM c360.match_model_summary(m) LIMIT 1) AS huge_is_absent
  FROM model;

-- The histogram's text form.
SELECT '{"patterns": [{"levels": [1,2,3,4,0,0,0,0,1], "count": 2.5}]}'::c360.match_histogram;
SELECT c360.match_histogram_train('{"patterns": [{"levels": [1,1,1,1,1,1,1,1,1], "count": 5},
  {"levels": [8,7,5,4,4,5,4,3,4], "count": 95}, {"levels": [8,7,1,4,4,5,4,3,4], "count": 10}]}')::text::jsonb->'lambda' AS lambda;
SELECT '[]'::c360.match_histogram;
SELECT '{"patterns": [{"levels": [1,2,3], "count": 1}]}'::c360.match_histogram;
SELECT '{"patterns": [{"levels": [9,0,0,0,0,0,0,0,0], "count": 1}]}'::c360.match_histogram;
SELECT '{"patterns": [{"levels": [1.5,0,0,0,0,0,0,0,0], "count": 1}]}'::c360.match_histogram;
SELECT '{"patterns": [{"levels": [1,0,0,0,0,0,0,0,0], "count": 0}]}'::c360.match_histogram;
SELECT '{"patterns": [{"levels": [1,0,0,0,0,0,0,0,0], "count": "1"}]}'::c360.match_histogram;
SELECT '{"patterns": [], "extra": 1}'::c360.match_histogram;
SELECT '{"pairs": 1}'::c360.match_histogram;
SELECT 'not json'::c360.match_histogram;
SELECT c360.match_histogram_train('{"patterns": []}');
-- Memory past work_mem: a clear error.  (64 kB hold 4096 patterns.)
SET work_mem = '64kB';
SELECT (SELECT '{"patterns": [' || string_agg(format('{"levels": [%s, %s, %s, %s, %s, 0, 0, 0, 0], "count": 1}',
                 g % 9, (g / 9) % 8, (g / 72) % 6, (g / 432) % 5, (g / 2160) % 5), ', ') || ']}'
          FROM generate_series(1, 5000) g)::c360.match_histogram IS NOT NULL;
SELECT c360.match_term_frequencies(c360.match_key(family_name => 'Name' || g)) IS NOT NULL
  FROM generate_series(1, 3000) g;
RESET work_mem;
-- The transition functions only run inside their aggregates.
SELECT c360.match_histogram_add(NULL, x.key, x.key) FROM recs x WHERE id = 2;
SELECT c360.match_tf_add(NULL, x.key) FROM recs x WHERE id = 2;

-- The tf type's text form and its errors.
SELECT '{"records": 3, "capacity": 10, "attributes": {"family_name": {"present": 3, "values": [["smith", 2], ["lee", 1]]}}}'::c360.match_tf;
SELECT '{"records": 3, "attributes": {"surname": {"present": 3, "values": []}}}'::c360.match_tf;
SELECT '{"records": 3, "attributes": {"family_name": {"present": 3, "values": [["smith", 2], ["smith", 1]]}}}'::c360.match_tf;
SELECT '{"records": 3, "attributes": {"family_name": {"present": 3, "values": [["smith", 5]]}}}'::c360.match_tf;
SELECT '{"records": 3, "attributes": {"family_name": {"present": 4, "values": []}}}'::c360.match_tf;
SELECT '{"records": 3, "capacity": 1, "attributes": {"family_name": {"present": 3, "values": [["a", 1], ["b", 1]]}}}'::c360.match_tf;
SELECT '{"records": 3, "capacity": 0}'::c360.match_tf;
SELECT '{"records": 3, "attributes": {"family_name": {"present": 3, "values": [["", 1]]}}}'::c360.match_tf;
SELECT ('{"records": 3, "attributes": {"family_name": {"present": 3, "values": [["' || repeat('x', 64) || '", 1]]}}}')::c360.match_tf;
SELECT '{"records": 3, "attributes": {"family_name": {"present": 3, "values": [["smith"]]}}}'::c360.match_tf;
SELECT '{"records": -1}'::c360.match_tf;

-- A hand-edited model: every kind of nonsense gives a clear error.
CREATE TEMP TABLE j AS SELECT m::text::jsonb AS j FROM model;
SELECT (jsonb_set(j, '{lambda}', '0.01') - 'prior_weight')::text::c360.match_model::text::jsonb->'lambda' AS edited_lambda FROM j;
SELECT jsonb_set(j, '{lambda}', '0.01')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{lambda}', '1')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{lambda}', '"high"')::text::c360.match_model FROM j;
SELECT (j - 'lambda')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{version}', '2')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{colour}', '"red"')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,0,name}', '"surname"')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,0,name}', '"family_name"')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes}', (j->'attributes') - 8)::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels}', (j->'attributes'->2->'levels') - 0)::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels,0,name}', '"same"')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels,0,m}', '1.5')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels,0,m}', '0')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels,0,u}', '0.5')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels,0,match_weight}', '99')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,levels,0,colour}', '1')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2,trained}', '"yes"')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes,2}', '[]')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{attributes}', '{}')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{iterations}', '-1')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{pairs}', '1e400')::text::c360.match_model FROM j;
SELECT (jsonb_set(j, '{attributes,2,levels,0,u}', '0.5') #- '{attributes,2,levels,0,match_weight}')::text::c360.match_model FROM j;
SELECT jsonb_set(j, '{term_frequencies}', '{"records": 1, "attributes": {"email": {"present": 2, "values": []}}}')::text::c360.match_model FROM j;
SELECT '[1, 2]'::c360.match_model;
SELECT '{}'::c360.match_model;
SELECT ''::c360.match_model;
-- Huge input: the error (PostgreSQL's JSON parser quotes the bad token) is cut here.
DO $$
BEGIN
  PERFORM repeat('x', 1000000)::c360.match_model;
EXCEPTION WHEN others THEN
  RAISE NOTICE '% %', SQLSTATE, left(SQLERRM, 45);
END $$;
SELECT ('{"version": 1, "pad": "' || repeat('x', 1000000) || '"}')::c360.match_model;
SELECT ('{"records": 1, "capacity": 1, "attributes": {"email": {"present": 1, "values": [["'
        || repeat('x', 1000000) || '", 1]]}}}')::c360.match_tf;
-- An untrained attribute must show weight 0.
SELECT jsonb_set(j, '{attributes,8,levels,0,match_weight}', '1')::text::c360.match_model FROM j;
-- Marking an attribute untrained by hand: it then weighs 0.
SELECT c360.match_weight(jsonb_set(jsonb_set(j, '{attributes,3,trained}', 'false'),
                                   '{attributes,3,levels}',
                                   (SELECT jsonb_agg(l || '{"match_weight": 0}') FROM jsonb_array_elements(j->'attributes'->3->'levels') l)
                                  )::text::c360.match_model,
                         c360.match_key(email => 'a@mailbox.org'), c360.match_key(email => 'a@mailbox.org'))
       = (j->>'prior_weight')::float8 AS email_ignored
  FROM j;

-- A model stored out of line (TOAST): scores are the same, and the cache
-- is keyed by the TOAST pointer, so every row does not fetch it again.
CREATE TABLE c360_fsmodel_stored (m c360.match_model);
ALTER TABLE c360_fsmodel_stored ALTER COLUMN m SET STORAGE external;
INSERT INTO c360_fsmodel_stored SELECT m FROM tfmodel;
INSERT INTO c360_fsmodel_stored SELECT m FROM model;
SELECT pg_column_size(m) > 2000 AS stored FROM c360_fsmodel_stored;
SELECT count(*) AS differences
  FROM c360_fsmodel_stored s, tfmodel t, pairs
 WHERE ida < 100
   AND c360.match_weight(s.m, a, b) <> c360.match_weight(t.m, a, b)
   AND s.m::text = t.m::text;
-- Two models scored in one query: each row gets its own model's weights.
SELECT count(DISTINCT round(c360.match_weight(s.m, x.key, y.key)::numeric, 9)) AS weights
  FROM c360_fsmodel_stored s, recs x, recs y WHERE x.id = 8 AND y.id = 9;
DROP TABLE c360_fsmodel_stored;

DROP TABLE e, copied, people, recs, pairs, model, half, tf, tfmodel, noemail, j, hist, blocked, rmodel;

-- u from random pairs on FEBRL (test/data/febrl), with the matching path
-- of sql/match_febrl.sql (test/match/febrl_pipeline.sql: keys, blocking,
-- EM on the candidates, term frequencies, scoring, clustering).
-- Pairwise F1 of a model on the pipeline's candidates:
CREATE FUNCTION pg_temp.febrl_f1(m c360.match_model, dedupe boolean) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
	t bigint;
	p bigint;
	c bigint;
BEGIN
	CREATE TEMP TABLE febrl_f1_edges AS
	SELECT x.a, x.b, c360.match_weight(m, ra.key, rb.key) AS weight
	  FROM febrl_cand x JOIN febrl_rec ra ON ra.id = x.a JOIN febrl_rec rb ON rb.id = x.b;
	CREATE TEMP TABLE febrl_f1_cluster AS
	SELECT node AS id, cluster
	  FROM c360.match_clusters('SELECT a, b, weight FROM febrl_f1_edges WHERE weight > 0');
	WITH predicted AS (
	  SELECT x.id AS a, y.id AS b
	    FROM febrl_f1_cluster x JOIN febrl_f1_cluster y ON x.cluster = y.cluster AND x.id < y.id
	    JOIN febrl_rec rx ON rx.id = x.id JOIN febrl_rec ry ON ry.id = y.id
	   WHERE dedupe OR rx.side <> ry.side),
	truth AS (
	  SELECT x.id AS a, y.id AS b
	    FROM febrl_rec x JOIN febrl_rec y ON x.entity = y.entity AND x.id < y.id
	   WHERE dedupe OR x.side <> y.side)
	SELECT (SELECT count(*) FROM truth), (SELECT count(*) FROM predicted),
	       (SELECT count(*) FROM predicted JOIN truth USING (a, b)) INTO t, p, c;
	DROP TABLE febrl_f1_edges, febrl_f1_cluster;
	RETURN round(2 * c::numeric / (p + t), 4);
END $$;

-- FEBRL3 (5000 records, deduplicated).  Random pairs: every pair of 1500
-- records picked by a hash of their id (1,124,250 pairs).
\set ECHO none
\set ds 3
\i test/match/febrl_pipeline.sql
\set ECHO all
RESET client_min_messages;
CREATE TEMP TABLE febrl_sample AS
SELECT id, side, key FROM febrl_rec ORDER BY md5(id::text) LIMIT 1500;
CREATE TEMP TABLE febrl_hist AS
SELECT (SELECT c360.match_pair_histogram(ra.key, rb.key)
          FROM febrl_cand c JOIN febrl_rec ra ON ra.id = c.a JOIN febrl_rec rb ON rb.id = c.b) AS cand,
       (SELECT c360.match_pair_histogram(x.key, y.key)
          FROM febrl_sample x JOIN febrl_sample y ON x.id < y.id) AS random,
       (SELECT c360.match_term_frequencies(key) FROM febrl_rec) AS tf;
SELECT (random::text::jsonb)->'pairs' AS random_pairs FROM febrl_hist;
-- A blocking with a pass on the postcode (same postcode, or same id):
-- among its candidates the non-matches all share a postcode, so EM on the
-- candidates alone makes "different postcode" strong evidence FOR a match;
-- with u from the random pairs it is evidence against.
CREATE TEMP TABLE febrl_postcode AS
SELECT c360.match_pair_histogram(ra.key, rb.key) AS cand
  FROM (SELECT a.id AS a, b.id AS b FROM febrl_rec a JOIN febrl_rec b ON a.postcode = b.postcode AND a.id < b.id
        UNION
        SELECT a.id, b.id FROM febrl_rec a JOIN febrl_rec b ON a.ssid = b.ssid AND a.id < b.id) c
  JOIN febrl_rec ra ON ra.id = c.a JOIN febrl_rec rb ON rb.id = c.b;
SELECT p.level_name, round(p.match_weight::numeric) AS candidates_weight,
       round(r.match_weight::numeric) AS random_weight
  FROM febrl_postcode b, febrl_hist h,
       c360.match_model_summary(c360.train_match_model(b.cand)) p
  JOIN c360.match_model_summary(c360.train_match_model(b.cand, h.random)) r USING (attribute, level)
 WHERE attribute = 'postcode' ORDER BY level;
-- The pipeline's own blocking has passes on similar family names: there
-- "exact family name" is common among candidate non-matches and weighs
-- nothing; with u from random pairs it is evidence for a match again.
-- "different postcode" is against with either u here.
SELECT attribute, p.level_name, round(p.match_weight::numeric) AS candidates_weight,
       round(r.match_weight::numeric) AS random_weight
  FROM febrl_hist h,
       c360.match_model_summary(c360.train_match_model(h.cand)) p
  JOIN c360.match_model_summary(c360.train_match_model(h.cand, h.random)) r USING (attribute, level)
 WHERE (attribute, p.level_name) IN (('family_name', 'exact'), ('postcode', 'different'))
 ORDER BY attribute;
-- lambda from the random pairs against the true share of matching pairs
-- (6538 of 12,497,500), and EM's share among the candidates.
SELECT round(r.lambda::numeric, 4) AS random_lambda, round(6538 / 12497500.0, 4) AS true_share,
       round(p.lambda::numeric, 4) AS candidates_lambda
  FROM febrl_hist h,
       LATERAL (SELECT lambda FROM c360.match_model_summary(c360.train_match_model(h.cand, h.random)) LIMIT 1) r,
       LATERAL (SELECT lambda FROM c360.match_model_summary(c360.train_match_model(h.cand)) LIMIT 1) p;
-- F1 of the pipeline with either training.
SELECT round(pg_temp.febrl_f1(m.model, true), 3) AS candidates_u_f1,
       round(pg_temp.febrl_f1(c360.match_model_with_tf(c360.train_match_model(h.cand, h.random), h.tf), true), 3)
         AS random_u_f1
  FROM febrl_model m, febrl_hist h;
DROP TABLE febrl_eval, febrl_sample, febrl_hist, febrl_postcode;

-- FEBRL4 (linking 5000 records of 4a to 5000 of 4b).  Random pairs: 1000
-- records of each side picked by a hash of their id, every pair across.
\set ECHO none
\set ds 4
\i test/match/febrl_pipeline.sql
\set ECHO all
RESET client_min_messages;
CREATE TEMP TABLE febrl_sample AS
SELECT id, side, key, row_number() OVER (PARTITION BY side ORDER BY md5(id::text)) AS rn FROM febrl_rec;
CREATE TEMP TABLE febrl_hist AS
SELECT (SELECT c360.match_pair_histogram(ra.key, rb.key)
          FROM febrl_cand c JOIN febrl_rec ra ON ra.id = c.a JOIN febrl_rec rb ON rb.id = c.b) AS cand,
       (SELECT c360.match_pair_histogram(x.key, y.key)
          FROM febrl_sample x JOIN febrl_sample y
            ON x.side = 0 AND y.side = 1 AND x.rn <= 1000 AND y.rn <= 1000) AS random,
       (SELECT c360.match_term_frequencies(key) FROM febrl_rec) AS tf;
SELECT (random::text::jsonb)->'pairs' AS random_pairs FROM febrl_hist;
SELECT round(pg_temp.febrl_f1(m.model, false), 3) AS candidates_u_f1,
       round(pg_temp.febrl_f1(c360.match_model_with_tf(c360.train_match_model(h.cand, h.random), h.tf), false), 3)
         AS random_u_f1
  FROM febrl_model m, febrl_hist h;
DROP TABLE febrl_eval, febrl_sample, febrl_hist, febrl_raw, febrl_rec, febrl_cand, febrl_model,
  febrl_edges, febrl_cluster;
