-- String comparators: c360.jaro, c360.jaro_winkler, c360.damerau_levenshtein.
SET work_mem = '4MB';

-- Declared IMMUTABLE STRICT PARALLEL SAFE, with the documented result types.
SELECT p.oid::regprocedure AS function, p.prorettype::regtype AS returns,
       p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p
WHERE p.pronamespace = 'c360'::regnamespace
  AND p.proname IN ('jaro', 'jaro_winkler', 'damerau_levenshtein')
ORDER BY 1::text;

-- Reference values (4 decimals).
SELECT a, b,
       round(c360.jaro(a, b)::numeric, 4) AS jaro,
       round(c360.jaro_winkler(a, b)::numeric, 4) AS jaro_winkler
FROM (VALUES ('martha', 'marhta'),
             ('dixon', 'dicksonx'),
             ('rené', 'rene'),
             ('dwayne', 'duane'),
             ('jellyfish', 'smellyfish'),
             ('abroms', 'abrams'),
             ('abcdefgh', 'abcdefgx'),
             ('ab', 'ba'),
             ('abc', 'xyz'),
             ('a', 'a')) AS t(a, b);

-- Both empty: 1.  One empty: 0.
SELECT c360.jaro('', '') AS both_empty, c360.jaro_winkler('', '') AS both_empty_jw,
       c360.jaro('abc', '') AS one_empty, c360.jaro_winkler('', 'abc') AS one_empty_jw;

-- Exact on code points: no case or accent folding (callers normalize first).
SELECT round(c360.jaro_winkler('MARTHA', 'martha')::numeric, 4) AS different_case,
       c360.jaro_winkler(lower('MARTHA'), 'martha') AS lowered,
       round(c360.jaro_winkler('rené', 'rene')::numeric, 4) AS accent;

-- Symmetric.
SELECT c360.jaro_winkler('dixon', 'dicksonx') = c360.jaro_winkler('dicksonx', 'dixon') AS symmetric,
       c360.damerau_levenshtein('ca', 'abc') = c360.damerau_levenshtein('abc', 'ca') AS dl_symmetric;

-- The boost needs Jaro > 0.7 exactly: this pair has Jaro exactly 0.7 (which
-- floating point computes as 0.7000000000000001) and a 3-letter prefix.
SELECT c360.jaro('cdbdd', 'cdbbab') AS jaro,
       c360.jaro_winkler('cdbdd', 'cdbbab') AS jaro_winkler;

-- Unrestricted Damerau-Levenshtein: ('ca', 'abc') is 2, not 3 as optimal
-- string alignment would say.
SELECT a, b, c360.damerau_levenshtein(a, b) AS distance,
       c360.damerau_levenshtein(a, b, 0) AS max0,
       c360.damerau_levenshtein(a, b, 1) AS max1,
       c360.damerau_levenshtein(a, b, 2) AS max2,
       c360.damerau_levenshtein(a, b, 10) AS max10
FROM (VALUES ('ca', 'abc'),
             ('kitten', 'sitting'),
             ('ab', 'ba'),
             ('a cat', 'an act'),
             ('abcdef', 'badcfe'),
             ('martha', 'marhta'),
             ('', ''),
             ('', 'abc'),
             ('abc', ''),
             ('same', 'same'),
             ('rené', 'rene'),
             ('a', 'abcdefgh')) AS t(a, b);

-- max = max int: the result never needs max + 1.
SELECT c360.damerau_levenshtein('ab', 'cd', 2147483647) AS large_max;

-- NULL in, NULL out (STRICT).
SELECT c360.jaro(NULL, 'a') IS NULL AS jaro_null_a,
       c360.jaro('a', NULL) IS NULL AS jaro_null_b,
       c360.jaro_winkler(NULL, NULL) IS NULL AS jw_null,
       c360.damerau_levenshtein(NULL, 'a') IS NULL AS dl_null,
       c360.damerau_levenshtein('a', 'b', NULL) IS NULL AS dl_null_max,
       c360.damerau_levenshtein(NULL, 'b', -1) IS NULL AS dl_null_before_max_check;

-- Non-Latin scripts, emoji, combining marks, control characters.
SELECT label, a, b,
       round(c360.jaro_winkler(a, b)::numeric, 4) AS jaro_winkler,
       c360.damerau_levenshtein(a, b) AS distance,
       c360.damerau_levenshtein(a, b, 1) AS max1
FROM (VALUES ('cyrillic', 'Иван', 'Иванов'),
             ('greek', 'Αλέξανδρος', 'Αλεξανδρος'),
             ('cjk', '王小明', '王晓明'),
             ('cjk swap', '中文', '文中'),
             ('arabic', 'محمد', 'محمود'),
             ('hebrew', 'שלום', 'שלומ'),
             ('devanagari', 'राजेश', 'राजेस'),
             ('emoji', '👍👎', '👎👍'),
             ('emoji zwj', '👨‍👩‍👧', '👨‍👩‍👦'),
             ('decomposed é', E'e\u0301', 'é'),
             ('tab', E'a\tb', 'ab'),
             ('control', E'a\u0001b', E'a\u0002b'),
             ('newline', E'x\ny', E'y\nx')) AS t(label, a, b);

-- Huge input (1 MB): equal strings cost nothing, Jaro is linear.
SELECT c360.jaro(repeat('x', 1000000), repeat('x', 1000000)) AS jaro_equal,
       round(c360.jaro(repeat('x', 1000000), repeat('x', 999999) || 'y')::numeric, 6) AS jaro_last_differs,
       round(c360.jaro_winkler(repeat('ab', 500000), repeat('ba', 500000))::numeric, 6) AS jw_all_swapped,
       round(c360.jaro_winkler(repeat('é', 1000000), 'é')::numeric, 6) AS jw_huge_vs_short,
       c360.jaro(repeat('x', 1000000), '') AS jaro_huge_vs_empty;
SELECT c360.damerau_levenshtein(repeat('x', 1000000), repeat('x', 1000000)) AS dl_equal,
       c360.damerau_levenshtein(repeat('x', 500000) || 'ab' || repeat('x', 500000),
                                repeat('x', 500000) || 'ba' || repeat('x', 500000)) AS dl_one_swap,
       c360.damerau_levenshtein(repeat('x', 1000000), repeat('x', 999990)) AS dl_suffix,
       c360.damerau_levenshtein(repeat('x', 1000000), '') AS dl_vs_empty;
SELECT c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000), 2) AS bounded_2,
       c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000), 1) AS bounded_1,
       c360.damerau_levenshtein(repeat('x', 1000000), repeat('y', 1000000), 3) AS early_stop,
       c360.damerau_levenshtein(repeat('x', 1000000), 'x', 5) AS length_gap;

-- The unbounded matrix of two different 1 MB strings does not fit work_mem.
SELECT c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000));
-- A small matrix past a small work_mem: 300 x 300 code points.
SET work_mem = '64kB';
SELECT c360.damerau_levenshtein(repeat('ab', 150), repeat('ba', 150));
SELECT c360.damerau_levenshtein(repeat('ab', 150), repeat('ba', 150), 5) AS bounded_fits;
RESET work_mem;
SET work_mem = '4MB';
-- The band grows with max squared: max 2000 is past 4 MB.
SELECT c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000), 2000);

-- Argument error: a negative bound.
SELECT c360.damerau_levenshtein('a', 'b', -1);

-- The error codes.
DO $$
BEGIN
	PERFORM c360.damerau_levenshtein('a', 'b', -1);
EXCEPTION WHEN invalid_parameter_value THEN
	RAISE NOTICE 'negative max: invalid_parameter_value (%)', SQLERRM;
END
$$;
DO $$
BEGIN
	PERFORM c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000));
EXCEPTION WHEN program_limit_exceeded THEN
	RAISE NOTICE 'matrix over work_mem: program_limit_exceeded';
END
$$;
DO $$
BEGIN
	PERFORM c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000), 2000);
EXCEPTION WHEN program_limit_exceeded THEN
	RAISE NOTICE 'band over work_mem: program_limit_exceeded';
END
$$;

-- Long computations can be cancelled.
SET statement_timeout = '100ms';
SELECT c360.damerau_levenshtein(repeat('ab', 500000), repeat('ba', 500000), 500);
RESET statement_timeout;

-- Over a table, as the match engine's SQL will use them.
CREATE TEMP TABLE strcmp_pairs (a text, b text);
INSERT INTO strcmp_pairs VALUES ('jonathan', 'johnathan'), ('smith', 'smyth'),
    ('catherine', 'kathryn'), (NULL, 'x'), ('', '');
SELECT a, b, round(c360.jaro_winkler(a, b)::numeric, 4) AS jw,
       c360.damerau_levenshtein(a, b, 2) AS dl2
FROM strcmp_pairs ORDER BY a NULLS LAST;
DROP TABLE strcmp_pairs;
RESET work_mem;
