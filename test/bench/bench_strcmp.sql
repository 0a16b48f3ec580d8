-- bench_strcmp: the string comparators against their peers, side by side,
-- on 1M generated name pairs in one table of one cluster.
--
--   c360.jaro_winkler          vs pg_similarity  jarowinkler
--   c360.jaro                  vs pg_similarity  jaro
--   c360.damerau_levenshtein(a, b, 2)
--                              vs fuzzystrmatch  levenshtein_less_equal(a, b, 2)
--   c360.damerau_levenshtein   vs fuzzystrmatch  levenshtein (plain Levenshtein:
--                                 no transpositions, so cheaper by nature)
--
-- One row per comparison: the best of 3 timed runs after a warm-up, each
-- `SELECT sum(f(a, b)) FROM pairs`; ratio = ours / peer.  scan_ms is the same
-- scan and sum with no comparison (sum of lengths); net_ratio takes it out of
-- both sides.  Then: how our jaro_winkler agrees with pg_similarity's on the
-- ASCII pairs (the same definition; pg_similarity works on bytes).
CREATE EXTENSION IF NOT EXISTS pg_similarity;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Serial, uncompiled plans: the same conditions for every function (not all
-- peers are marked parallel safe), and a deterministic random().
SET max_parallel_workers_per_gather = 0;
SET jit = off;

DROP TABLE IF EXISTS strcmp_bench_pairs;

-- One typo in s at relative position pos (0 <= pos < 1): op < 1/4 deletes a
-- letter, < 2/4 inserts one, < 3/4 substitutes one, else transposes two
-- neighbours.  One expression, so the planner inlines it.
CREATE FUNCTION pg_temp.strcmp_bench_typo(s text, op float8, pos float8, letter float8)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN length(s) < 2 THEN s
		WHEN op < 0.25 THEN overlay(s PLACING '' FROM 1 + floor(pos * length(s))::int FOR 1)
		WHEN op < 0.50 THEN overlay(s PLACING substr('abcdefghijklmnopqrstuvwxyz', 1 + floor(letter * 26)::int, 1)
									FROM 1 + floor(pos * length(s))::int FOR 0)
		WHEN op < 0.75 THEN overlay(s PLACING substr('abcdefghijklmnopqrstuvwxyz', 1 + floor(letter * 26)::int, 1)
									FROM 1 + floor(pos * length(s))::int FOR 1)
		ELSE substr(s, 1, floor(pos * (length(s) - 1))::int)
			 || substr(s, 2 + floor(pos * (length(s) - 1))::int, 1)
			 || substr(s, 1 + floor(pos * (length(s) - 1))::int, 1)
			 || substr(s, 3 + floor(pos * (length(s) - 1))::int)
	END
$$;

SELECT setseed(0.2024);

-- Half the pairs are one name with 0-2 typos (a deleted, inserted,
-- substituted or transposed letter), as a matcher sees true matches; half
-- are two unrelated names, as it sees most candidate pairs.  About one
-- name in ten has a non-ASCII letter.
CREATE UNLOGGED TABLE strcmp_bench_pairs AS
WITH lists AS (
	SELECT ARRAY['james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda',
				 'william', 'elizabeth', 'david', 'barbara', 'richard', 'susan', 'joseph', 'jessica',
				 'thomas', 'sarah', 'charles', 'karen', 'christopher', 'nancy', 'daniel', 'lisa',
				 'matthew', 'margaret', 'anthony', 'betty', 'mark', 'sandra', 'donald', 'ashley',
				 'steven', 'kimberly', 'paul', 'emily', 'andrew', 'donna', 'joshua', 'michelle',
				 'kenneth', 'dorothy', 'kevin', 'carol', 'brian', 'amanda', 'george', 'melissa',
				 'edward', 'deborah', 'mohammed', 'fatima', 'wei', 'mei', 'hiroshi', 'yuki',
				 'olga', 'dmitri', 'josé', 'zoë', 'françois', 'søren', 'björn', 'agnès']::text[] AS given,
		   ARRAY['smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis',
				 'rodriguez', 'martinez', 'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson',
				 'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'perez', 'thompson',
				 'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson', 'walker',
				 'young', 'allen', 'king', 'wright', 'scott', 'torres', 'nguyen', 'hill', 'flores',
				 'green', 'adams', 'nelson', 'baker', 'hall', 'rivera', 'campbell', 'mitchell',
				 'carter', 'roberts', 'schmidt', 'schneider', 'fischer', 'weber', 'kowalski',
				 'novak', 'ivanov', 'petrov', 'müller', 'größer', 'núñez', 'çelik', 'østergaard',
				 'dvořák']::text[] AS family
), drawn AS (
	SELECT i,
		   given[1 + floor(random() * cardinality(given))::int] || ' ' ||
		   family[1 + floor(random() * cardinality(family))::int] AS a,
		   given[1 + floor(random() * cardinality(given))::int] || ' ' ||
		   family[1 + floor(random() * cardinality(family))::int] AS other,
		   random() < 0.5 AS related,
		   floor(random() * 3)::int AS typos,
		   random() AS op1, random() AS pos1, random() AS letter1,
		   random() AS op2, random() AS pos2, random() AS letter2
	FROM lists, generate_series(1, 1000000) AS i
), one_typo AS (
	SELECT i, a, other, related, typos, op2, pos2, letter2,
		   CASE WHEN typos = 0 THEN a ELSE pg_temp.strcmp_bench_typo(a, op1, pos1, letter1) END AS b1
	FROM drawn
)
SELECT i AS id, a,
	   CASE WHEN NOT related THEN other
			WHEN typos < 2 THEN b1
			ELSE pg_temp.strcmp_bench_typo(b1, op2, pos2, letter2) END AS b
FROM one_typo;
ANALYZE strcmp_bench_pairs;
-- Bring the table into shared buffers.
SELECT count(*) AS pairs, count(*) FILTER (WHERE a = b) AS equal_pairs,
	   round(avg(length(a)), 1) AS avg_length
FROM strcmp_bench_pairs;

-- Best of `runs` timed runs of query, after one untimed run; milliseconds.
CREATE FUNCTION pg_temp.strcmp_bench_ms(query text, runs int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz;
	best float8 := 'Infinity';
BEGIN
	EXECUTE query;
	FOR i IN 1..runs LOOP
		started := clock_timestamp();
		EXECUTE query;
		best := least(best, 1000 * extract(epoch FROM clock_timestamp() - started));
	END LOOP;
	RETURN best;
END
$$;

WITH scan AS (
	SELECT pg_temp.strcmp_bench_ms(
		'SELECT sum(octet_length(a) + octet_length(b)) FROM strcmp_bench_pairs', 3) AS ms
), comparisons(ord, comparison, ours, peer) AS (VALUES
	(1, 'c360.jaro_winkler vs pg_similarity jarowinkler',
		'SELECT sum(c360.jaro_winkler(a, b)) FROM strcmp_bench_pairs',
		'SELECT sum(jarowinkler(a, b)) FROM strcmp_bench_pairs'),
	(2, 'c360.jaro vs pg_similarity jaro',
		'SELECT sum(c360.jaro(a, b)) FROM strcmp_bench_pairs',
		'SELECT sum(jaro(a, b)) FROM strcmp_bench_pairs'),
	(3, 'c360.damerau_levenshtein(a, b, 2) vs fuzzystrmatch levenshtein_less_equal(a, b, 2)',
		'SELECT sum(c360.damerau_levenshtein(a, b, 2)) FROM strcmp_bench_pairs',
		'SELECT sum(levenshtein_less_equal(a, b, 2)) FROM strcmp_bench_pairs'),
	(4, 'c360.damerau_levenshtein(a, b) vs fuzzystrmatch levenshtein(a, b)',
		'SELECT sum(c360.damerau_levenshtein(a, b)) FROM strcmp_bench_pairs',
		'SELECT sum(levenshtein(a, b)) FROM strcmp_bench_pairs')
), timed AS (
	SELECT ord, comparison,
		   pg_temp.strcmp_bench_ms(ours, 3) AS ours_ms,
		   pg_temp.strcmp_bench_ms(peer, 3) AS peer_ms
	FROM comparisons
)
SELECT comparison,
	   round(ours_ms::numeric, 1) AS ours_ms,
	   round(peer_ms::numeric, 1) AS peer_ms,
	   round((ours_ms / peer_ms)::numeric, 3) AS ratio,
	   round(scan.ms::numeric, 1) AS scan_ms,
	   round(((ours_ms - scan.ms) / nullif(peer_ms - scan.ms, 0))::numeric, 3) AS net_ratio
FROM timed, scan
ORDER BY ord;

-- Agreement with pg_similarity on ASCII pairs (on non-ASCII it counts
-- bytes); differences up to 1e-6 would be rounding.
WITH ascii AS (
	SELECT a, b, c360.jaro_winkler(a, b) AS ours, jarowinkler(a, b)::float8 AS peer,
		   c360.jaro(a, b) AS ours_jaro, jaro(a, b)::float8 AS peer_jaro
	FROM strcmp_bench_pairs
	WHERE a ~ '^[ -~]*$' AND b ~ '^[ -~]*$'
)
SELECT count(*) AS ascii_pairs,
	   count(*) FILTER (WHERE abs(ours - peer) > 1e-6) AS jaro_winkler_differ,
	   count(*) FILTER (WHERE abs(ours_jaro - peer_jaro) > 1e-6) AS jaro_differ,
	   max(abs(ours - peer)) AS max_abs_diff
FROM ascii;

DROP TABLE strcmp_bench_pairs;
