-- c360.connected_components(edges_sql): every node of the edges with the
-- smallest id of its component, in (component, node) order.  The small
-- graphs below are shown without ORDER BY on purpose: the order is part of
-- the contract.

-- How it is declared: VOLATILE (runs SQL), STRICT, PARALLEL UNSAFE (SPI),
-- not SECURITY DEFINER.
SELECT p.oid::regprocedure AS function, provolatile, proisstrict, proparallel, prosecdef,
       pg_get_function_result(p.oid) AS result
FROM pg_proc p WHERE p.oid = 'c360.connected_components(text)'::regprocedure;

-- A chain, given backwards.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (4::bigint, 3::bigint), (3, 2), (2, 1)) e(s, t)');

-- A star whose centre is not the smallest id.
SELECT * FROM c360.connected_components(
  'SELECT 10::bigint, leaf::bigint FROM unnest(ARRAY[15, 11, 3, 19, 12]) leaf');

-- Two components, ids not in order.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (8::bigint, 6::bigint), (101, 100), (6, 7), (102, 100)) e');

-- A self-loop alone is its own component; one inside a component changes nothing.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (7::bigint, 7::bigint), (1, 2), (2, 2)) e');

-- Duplicates in both directions are harmless.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (1::bigint, 2::bigint), (1, 2), (2, 1), (2, 1), (1, 2)) e');

-- A cycle.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (5::bigint, 6::bigint), (6, 7), (7, 8), (8, 5)) e');

-- Negative ids.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (-5::bigint, 3::bigint), (-10, -20), (3, 0), (-20, -1)) e');

-- Ids at and near the bigint limits.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (9223372036854775807::bigint, (-9223372036854775807 - 1)::bigint),
                         (9223372036854775806, 9223372036854775807),
                         (-9223372036854775807, -9223372036854775807),
                         (0, 9223372036854775805)) e');

-- NULL ends: (x, NULL) and (NULL, x) make x a node; (NULL, NULL) is skipped.
SELECT * FROM c360.connected_components(
  'SELECT * FROM (VALUES (1::bigint, NULL::bigint), (NULL, 2), (NULL, NULL),
                         (3, 4), (4, NULL), (NULL, 3)) e');
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT NULL::bigint, NULL::bigint FROM generate_series(1, 5)');

-- integer, smallint, mixed widths and domains over them are accepted.
SELECT * FROM c360.connected_components('SELECT 2147483647, -2147483648');
SELECT * FROM c360.connected_components('SELECT 32767::smallint, (-32768)::smallint');
SELECT * FROM c360.connected_components('SELECT 5::smallint, 9223372036854775807::bigint');
CREATE DOMAIN record_id AS bigint CHECK (VALUE > 0);
CREATE DOMAIN small_id AS smallint;
SELECT * FROM c360.connected_components('SELECT 9::record_id, 4::small_id');

-- Edges from a table, with column names of any script.
CREATE TABLE match_pairs ("источник" integer, "目标" integer);
INSERT INTO match_pairs VALUES (30, 31), (31, 32), (40, 41), (50, 50);
SELECT * FROM c360.connected_components('SELECT "источник", "目标" FROM match_pairs');

-- No rows, an empty table, a NULL query: no rows, no error.
SELECT count(*) AS no_rows FROM c360.connected_components('SELECT 1, 2 WHERE false');
SELECT count(*) AS no_rows FROM c360.connected_components('SELECT * FROM match_pairs LIMIT 0');
SELECT count(*) AS no_rows FROM c360.connected_components(NULL);

-- Data-modifying queries that return rows are queries too (the function is VOLATILE).
SELECT * FROM c360.connected_components(
  'INSERT INTO match_pairs VALUES (60, 61) RETURNING "источник", "目标"');
SELECT count(*) AS inserted FROM match_pairs WHERE "источник" = 60;

-- In the select list, and with ordinality: the rows come in (component, node) order.
SELECT c360.connected_components('SELECT 2, 1 UNION ALL SELECT 0, 0');
SELECT setseed(0.25);
CREATE TABLE random_edges AS
  SELECT (random() * 300)::int AS a, (random() * 300)::int AS b FROM generate_series(1, 250);
SELECT count(*) AS out_of_order
FROM (SELECT ordinality, row_number() OVER (ORDER BY component, node) AS expected
      FROM c360.connected_components('SELECT a, b FROM random_edges') WITH ORDINALITY) r
WHERE ordinality <> expected;

-- Against a recursive CTE on the same random graph: same nodes, same components.
WITH RECURSIVE und AS (
    SELECT a, b FROM random_edges UNION SELECT b, a FROM random_edges),
  reach(n, m) AS (
    SELECT a, a FROM und
    UNION
    SELECT r.n, u.b FROM reach r JOIN und u ON u.a = r.m),
  expected AS (SELECT n AS node, min(m) AS component FROM reach GROUP BY n),
  got AS (SELECT * FROM c360.connected_components('SELECT a, b FROM random_edges'))
SELECT (SELECT count(*) FROM expected) AS expected_nodes,
       (SELECT count(*) FROM got) AS nodes,
       (SELECT count(DISTINCT component) FROM got) AS components,
       (SELECT count(*) FROM expected e FULL JOIN got g USING (node)
        WHERE e.component IS DISTINCT FROM g.component) AS mismatches;

-- The two layouts agree: 30,000 random edges over the ids 1..20,000 (dense:
-- past 4,096 nodes a union-find indexed by the id) and the same edges with
-- every id times 1,000,003 (far apart: hashed), in random row order, with a
-- far outlier joined to one of them (the window leaves for the hash layout)
-- in a third run.  Same rows, up to the scaling.
SELECT setseed(0.5);
CREATE TABLE layout_edges AS
  SELECT 1 + (random() * 19999)::bigint AS a, 1 + (random() * 19999)::bigint AS b
  FROM generate_series(1, 30000);
WITH dense AS (SELECT * FROM c360.connected_components(
                 'SELECT a, b FROM layout_edges ORDER BY random()') WITH ORDINALITY),
     sparse AS (SELECT * FROM c360.connected_components(
                 'SELECT a * 1000003, b * 1000003 FROM layout_edges ORDER BY random()') WITH ORDINALITY),
     outlier AS (SELECT * FROM c360.connected_components(
                 'SELECT a, b FROM layout_edges UNION ALL SELECT 9000000000000, 17') WITH ORDINALITY)
SELECT (SELECT count(*) FROM dense) AS nodes,
       (SELECT count(DISTINCT component) FROM dense) AS components,
       (SELECT count(*) FROM dense d FULL JOIN sparse s USING (ordinality)
        WHERE s.node IS DISTINCT FROM d.node * 1000003
           OR s.component IS DISTINCT FROM d.component * 1000003) AS dense_vs_sparse_mismatches,
       (SELECT count(*) FROM (SELECT * FROM outlier WHERE node <> 9000000000000) o
        FULL JOIN (SELECT node, component FROM dense) d USING (node)
        WHERE o.component IS DISTINCT FROM d.component) AS outlier_mismatches,
       (SELECT component FROM outlier WHERE node = 9000000000000)
         = (SELECT component FROM dense WHERE node = 17) AS outlier_joined;
DROP TABLE layout_edges;

-- A huge query text (1 MB of padding, comments with emoji and control characters).
SELECT * FROM c360.connected_components(
  'SELECT 1, 2 /* 👪 ' || E'\t\x01' || ' */' || repeat(' ', 1000000));

-- 1,000,000 edges over 1,000,000 nodes in scrambled order: blocks of ten ids
-- chained i -> i + 1 and closed into a cycle; the component of n is the first
-- id of its block.  Consecutive ids: about 16 bytes per node of work_mem.
SET work_mem = '64MB';
SELECT count(*) AS nodes,
       count(DISTINCT component) AS components,
       count(*) FILTER (WHERE component <> (node - 1) / 10 * 10 + 1) AS wrong,
       sum(node) AS node_sum,
       sum(component) AS component_sum,
       min(node) AS first, max(node) AS last
FROM c360.connected_components(
  'SELECT i, CASE WHEN i % 10 = 0 THEN i - 9 ELSE i + 1 END
   FROM generate_series(1, 1000000::bigint) i ORDER BY (i * 7919) % 1000003');
RESET work_mem;

-- Errors.  A failing query reports its own error.
SELECT * FROM c360.connected_components('SELEC 1, 2');
SELECT * FROM c360.connected_components('SELECT 1 / 0, 1');
SELECT * FROM c360.connected_components('SELECT a, b FROM no_such_table');
-- Wrong number of columns.
SELECT * FROM c360.connected_components('SELECT 1');
SELECT * FROM c360.connected_components('SELECT 1, 2, 3');
SELECT * FROM c360.connected_components('SELECT FROM match_pairs');
-- Columns that are not integers: the message names the column and its type.
SELECT * FROM c360.connected_components('SELECT 1.5::numeric AS source, 2');
SELECT * FROM c360.connected_components('SELECT 1, ''2''::text AS target');
SELECT * FROM c360.connected_components('SELECT 1::bigint, 2::float8');
SELECT * FROM c360.connected_components('SELECT 1, 2::oid');
SELECT * FROM c360.connected_components('SELECT "источник"::text, "目标" FROM match_pairs');
-- Not a query that returns rows.
SELECT * FROM c360.connected_components('');
SELECT * FROM c360.connected_components('  -- only a comment');
SELECT * FROM c360.connected_components('CREATE TABLE never_made (a int)');
SELECT * FROM c360.connected_components('INSERT INTO match_pairs VALUES (1, 2)');
SELECT * FROM c360.connected_components('SELECT 1, 2; SELECT 3, 4');
SELECT * FROM c360.connected_components('SELECT 1, 2 INTO never_made');
SELECT count(*) AS unchanged FROM match_pairs;

-- The query runs with the caller's privileges, not the function owner's.
CREATE ROLE regress_c360_graph_reader;
GRANT USAGE ON SCHEMA c360 TO regress_c360_graph_reader;
SET ROLE regress_c360_graph_reader;
SELECT * FROM c360.connected_components('SELECT 1, 2');
SELECT * FROM c360.connected_components('SELECT * FROM match_pairs');
RESET ROLE;
REVOKE USAGE ON SCHEMA c360 FROM regress_c360_graph_reader;
DROP ROLE regress_c360_graph_reader;

-- Past work_mem: the error says how far it got, what it needs and what to set.
SET work_mem = '64kB';
SELECT count(*) FROM c360.connected_components(
  'SELECT g, g + 1 FROM generate_series(1, 100000) g');
-- 64kB holds a graph of 2,000 nodes.
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT g, g + 1 FROM generate_series(1, 1999) g');
-- The default 4MB holds 131,072 nodes whose ids are far apart (hashed; the
-- capacity doubles at powers of two)...
SET work_mem = '4MB';
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT g * 1000, g * 1000 FROM generate_series(1, 131072) g');
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT g * 1000, g * 1000 FROM generate_series(1, 131073) g');
-- ...and twice as many consecutive ids (a union-find indexed by the id):
-- 262,144 lone nodes, and a chain of 400,000 (one component, so the final
-- counting sort needs less).  Past that the sort is refused, without a
-- CONTEXT line: the query has finished by then.
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT g, g FROM generate_series(1, 262144) g');
SELECT count(*) AS nodes, count(DISTINCT component) AS components FROM c360.connected_components(
  'SELECT g, g + 1 FROM generate_series(1, 399999) g');
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT g, g FROM generate_series(1, 300000) g');
-- A window that cannot double within work_mem moves to the hash layout, and
-- when that does not fit either the error says what the hash layout needed.
SELECT count(*) AS nodes FROM c360.connected_components(
  'SELECT g, g + 1 FROM generate_series(1, 524288) g');
RESET work_mem;

-- A long run can be cancelled.
SET statement_timeout = '300ms';
SET work_mem = '2GB';
SELECT count(*) FROM c360.connected_components(
  'SELECT g, -g FROM generate_series(1, 30000000) g');
RESET statement_timeout;
RESET work_mem;

DROP TABLE random_edges;
DROP TABLE match_pairs;
DROP DOMAIN record_id;
DROP DOMAIN small_id;
