-- c360.graph_neighbourhood(edges_sql, start, max_hops) and
-- c360.graph_path(edges_sql, a, b, max_hops): undirected breadth-first
-- search over the edges a query returns.  Results are shown without ORDER
-- BY on purpose: the (hops, node) order is part of the contract.

SELECT p.oid::regprocedure AS function, provolatile, proisstrict, proparallel, prosecdef,
       pg_get_function_result(p.oid) AS result
FROM pg_proc p
WHERE p.oid IN ('c360.graph_neighbourhood(text, bigint, int)'::regprocedure,
                'c360.graph_path(text, bigint, bigint, int)'::regprocedure)
ORDER BY 1::text;

CREATE TABLE rel (a bigint, b bigint, kind text);
-- A family and a firm: 1 spouse 2, 2 parent_of 3 and 4, 4 employee_of 10,
-- 10 also employs 11 and 12, 1 employee_of 12 (a cycle 1-2-4-10-12-1),
-- 20-21 a separate pair, 5 with only a self-loop.
INSERT INTO rel VALUES
  (1, 2, 'spouse'), (2, 3, 'parent_of'), (2, 4, 'parent_of'), (4, 10, 'employee_of'),
  (11, 10, 'employee_of'), (12, 10, 'employee_of'), (1, 12, 'employee_of'),
  (20, 21, 'sibling'), (5, 5, 'self');

-- The default bound is 2 hops; edges are followed both ways.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 3, 3);
-- Every hop; parents are the smallest-id neighbour one hop closer.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 11, 100);
-- max_hops 0: the start alone.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 1, 0);
-- A disconnected pair sees only itself; a self-loop only node sees itself.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 21, 5);
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 5, 5);
-- A start with no edges at all is still its own neighbourhood.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 999, 2);
-- Kinds are filtered in the query (that is how c360.neighbourhood's
-- kinds argument is meant to work).
SELECT * FROM c360.graph_neighbourhood(
  $$SELECT a, b, kind FROM rel WHERE kind = ANY (ARRAY['spouse', 'parent_of'])$$, 1, 5);
-- Without a kind column the kinds are NULL.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b FROM rel', 2, 1);
-- Parallel edges with different kinds: the kind that sorts first (byte
-- order, no kind first) is reported, whatever the row order; duplicates
-- and reversed duplicates count once.
SELECT * FROM c360.graph_neighbourhood(
  $$SELECT * FROM (VALUES (1::bigint, 2::bigint, 'friend'), (2, 1, 'colleague'), (1, 2, 'friend'),
                          (2, 3, NULL), (3, 2, 'neighbour')) e$$, 1, 3);

-- Shortest paths.
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 3, 11);
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 11, 3);
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 3, 12, 6);
-- Too far for max_hops, unreachable, unknown: no rows.
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 3, 11, 3);
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 1, 20);
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 1, 999);
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 999, 1);
-- a = b: one row, whatever the graph and max_hops.
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 999, 999, 0);
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 1, 1);
-- max_hops 0 between different nodes: no rows.
SELECT * FROM c360.graph_path('SELECT a, b, kind FROM rel', 1, 2, 0);
-- The path is the one graph_neighbourhood reports.
SELECT n.path = ARRAY(SELECT node FROM c360.graph_path('SELECT a, b, kind FROM rel', 11, 3) ORDER BY step)
       AS same_path
FROM c360.graph_neighbourhood('SELECT a, b, kind FROM rel', 11, 6) n WHERE n.node = 3;

-- NULL arguments: no rows (STRICT).
SELECT count(*) FROM c360.graph_neighbourhood(NULL, 1);
SELECT count(*) FROM c360.graph_neighbourhood('SELECT a, b FROM rel', NULL);
SELECT count(*) FROM c360.graph_neighbourhood('SELECT a, b FROM rel', 1, NULL);
SELECT count(*) FROM c360.graph_path(NULL, 1, 2);
SELECT count(*) FROM c360.graph_path('SELECT a, b FROM rel', 1, NULL);

-- NULL ends: (x, NULL) makes x a node; (NULL, NULL) is skipped.
SELECT * FROM c360.graph_neighbourhood(
  'SELECT * FROM (VALUES (1::bigint, NULL::bigint, NULL::text), (NULL, NULL, ''x''), (NULL, 2, ''y'')) e', 2);
-- No rows at all.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b FROM rel WHERE false', 7);
SELECT * FROM c360.graph_path('SELECT a, b FROM rel WHERE false', 7, 8);

-- Ids at the bigint limits; integer, smallint and domains; varchar kinds.
SELECT * FROM c360.graph_path(
  'SELECT * FROM (VALUES (9223372036854775807::bigint, (-9223372036854775807 - 1)::bigint), (0, 9223372036854775807)) e',
  0, -9223372036854775808);
SELECT * FROM c360.graph_neighbourhood('SELECT 2147483647, -2147483648', -2147483648);
CREATE DOMAIN traverse_id AS bigint CHECK (VALUE > 0);
CREATE DOMAIN traverse_kind AS varchar(20);
SELECT * FROM c360.graph_neighbourhood('SELECT 9::traverse_id, 4::smallint, ''boss''::traverse_kind', 4);

-- Kind names: non-Latin, emoji, control characters, empty, 1 MB.
SELECT * FROM c360.graph_path(
  $$SELECT * FROM (VALUES (1::bigint, 2::bigint, 'супруг'), (2, 3, '配偶者 👪'), (3, 4, E'tab\there\nnewline'),
                          (4, 5, '')) e$$, 1, 5);
SELECT step, node, length(kind) AS kind_length, md5(kind) = md5(repeat('x', 1000000)) AS is_1mb
FROM c360.graph_path($$SELECT 1::bigint, 2::bigint, repeat('x', 1000000)$$, 1, 2);
-- A 1 MB edges_sql text is just a query.
SELECT count(*) FROM c360.graph_neighbourhood(
  'SELECT a, b FROM rel /*' || repeat('x', 1000000) || '*/', 1);

-- A larger graph: a 200 x 200 grid.  Counts per hop from a corner are
-- hops + 1 (the diagonals), and the path to the far corner has 398 hops
-- (399 rows).
SELECT hops, count(*) FROM c360.graph_neighbourhood(
  'SELECT i * 1000 + j, i * 1000 + j + 1 FROM generate_series(1, 200) i, generate_series(1, 199) j
   UNION ALL
   SELECT i * 1000 + j, (i + 1) * 1000 + j FROM generate_series(1, 199) i, generate_series(1, 200) j',
  1001, 5)
GROUP BY hops ORDER BY hops;
SELECT count(*) AS steps, min(node), max(node) FROM c360.graph_path(
  'SELECT i * 1000 + j, i * 1000 + j + 1 FROM generate_series(1, 200) i, generate_series(1, 199) j
   UNION ALL
   SELECT i * 1000 + j, (i + 1) * 1000 + j FROM generate_series(1, 199) i, generate_series(1, 200) j',
  1001, 200200, 1000);

-- Errors: bad max_hops (before the query runs), bad queries, bad columns.
SELECT * FROM c360.graph_neighbourhood('SELECT a, b FROM rel', 1, -1);
SELECT * FROM c360.graph_path('SELECT a, b FROM rel', 1, 2, -5);
SELECT * FROM c360.graph_neighbourhood('SELEC a, b FROM rel', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a FROM rel', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a, b, kind, kind FROM rel', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a::numeric, b FROM rel', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a, b::text FROM rel', 1);
SELECT * FROM c360.graph_path('SELECT a, b, 7 FROM rel', 1, 2);
SELECT * FROM c360.graph_path('SELECT a, b, kind::char(10) FROM rel', 1, 2);
SELECT * FROM c360.graph_neighbourhood('', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT 1, 2; SELECT 2, 3', 1);
SELECT * FROM c360.graph_neighbourhood('CREATE TABLE nope (a int)', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a, b INTO nope FROM rel', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT a, b FROM no_such_table', 1);
SELECT * FROM c360.graph_neighbourhood('SELECT 1::bigint, 1 / 0', 1);
-- Too many distinct kinds.
SELECT count(*) FROM c360.graph_neighbourhood(
  'SELECT i, i + 1, i::text FROM generate_series(1, 70000) i', 1);
-- Over work_mem: a clear error (SQLSTATE 54000) with the size needed.
SET work_mem = '64kB';
SELECT count(*) FROM c360.graph_neighbourhood(
  'SELECT i, i + 1 FROM generate_series(1, 100000) i', 1);
-- Enough work_mem: the same query works.
SET work_mem = '16MB';
-- (A star: every path has at most 3 nodes.  A long chain would return a
-- path per node, quadratic in its length.)
SELECT count(*), max(hops), max(cardinality(path)) FROM c360.graph_neighbourhood(
  'SELECT i, i + 1 FROM generate_series(1, 100000) i WHERE i < 3
   UNION ALL SELECT 2, i FROM generate_series(4, 100001) i', 1, 1000000);

RESET work_mem;
-- Row order does not change the kinds reported.
SELECT * FROM c360.graph_neighbourhood(
  $$SELECT * FROM (VALUES (2::bigint, 1::bigint, 'colleague'), (1, 2, 'friend')) e$$, 1);
DROP TABLE rel;
DROP DOMAIN traverse_id;
DROP DOMAIN traverse_kind;
