-- c360.graph_neighbourhood and c360.graph_path on a generated graph of
-- 1,000,000 nodes and 3,000,000 edges (deterministic: setseed), against a
-- recursive CTE over an indexed table of arcs and pgRouting's
-- pgr_breadthFirstSearch / pgr_bdDijkstra on the same edges.
--
-- The graph: 3,000,000 edges between two random nodes of 1..1,000,000
-- (self-loops redrawn away by an offset), each with one of four kinds.
-- Every call reads all 3,000,000 edges through edges_sql (the way
-- pgRouting works); the CTE instead follows an index from the start node,
-- so it only touches the neighbourhood.  All three must find the same
-- nodes.
--
-- Prints, for 2 and 4 hops from 5 start nodes: ours_ms, cte_ms, pgr_ms
-- (median over the starts, whole result counted) and the ratios
-- cte_ms / ours_ms and pgr_ms / ours_ms (above 1: we are faster).  Then the
-- same for a shortest path between two nodes.  Run by 'make bench', or:
--   psql -c 'CREATE EXTENSION customer360 CASCADE' -f test/bench/bench_graph.sql

CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;
SET work_mem = '256MB';
SET client_min_messages = warning;

SELECT setseed(0.29);
CREATE TEMP TABLE bench_graph_edges (
    id bigserial PRIMARY KEY,
    source bigint NOT NULL,
    target bigint NOT NULL,
    kind text NOT NULL,
    cost float8 NOT NULL DEFAULT 1,
    reverse_cost float8 NOT NULL DEFAULT 1);
INSERT INTO bench_graph_edges (source, target, kind)
SELECT s, 1 + (s - 1 + 1 + floor(random() * 999999)::bigint) % 1000000,
       (ARRAY['spouse', 'parent_of', 'employee_of', 'referred'])[1 + floor(random() * 4)::int]
FROM (SELECT 1 + floor(random() * 1000000)::bigint AS s
      FROM generate_series(1, 3000000) OFFSET 0) r;
VACUUM ANALYZE bench_graph_edges;

-- Both directions, indexed, for the recursive CTE.
CREATE TEMP TABLE bench_graph_arcs AS
SELECT source AS a, target AS b FROM bench_graph_edges
UNION ALL
SELECT target, source FROM bench_graph_edges;
CREATE INDEX ON bench_graph_arcs (a);
VACUUM ANALYZE bench_graph_arcs;

SELECT count(*) AS edges,
       (SELECT count(DISTINCT a) FROM bench_graph_arcs) AS nodes,
       count(*) FILTER (WHERE source = target) AS self_loops
FROM bench_graph_edges;

CREATE TEMP TABLE bench_graph_timing (who text, hops int, start bigint, ms float8, nodes bigint);
DO $$
DECLARE
    t0 timestamptz;
    n bigint;
    s bigint;
    h int;
BEGIN
    FOREACH h IN ARRAY ARRAY[2, 4] LOOP
        FOREACH s IN ARRAY ARRAY[1, 250000, 500000, 750000, 999999]::bigint[] LOOP
            t0 := clock_timestamp();
            SELECT count(*) INTO n
            FROM c360.graph_neighbourhood('SELECT source, target, kind FROM bench_graph_edges', s, h);
            INSERT INTO bench_graph_timing
            VALUES ('ours', h, s, 1000 * extract(epoch FROM clock_timestamp() - t0), n);

            t0 := clock_timestamp();
            WITH RECURSIVE walk(node, hops) AS (
                SELECT s, 0
                UNION
                SELECT r.b, w.hops + 1
                FROM walk w JOIN bench_graph_arcs r ON r.a = w.node
                WHERE w.hops < h)
            SELECT count(DISTINCT node) INTO n FROM walk;
            INSERT INTO bench_graph_timing
            VALUES ('cte', h, s, 1000 * extract(epoch FROM clock_timestamp() - t0), n);

            t0 := clock_timestamp();
            SELECT count(*) INTO n
            FROM pgr_breadthFirstSearch('SELECT id, source, target, cost, reverse_cost FROM bench_graph_edges',
                                        s, max_depth => h, directed => false);
            INSERT INTO bench_graph_timing
            VALUES ('pgr', h, s, 1000 * extract(epoch FROM clock_timestamp() - t0), n);
        END LOOP;
    END LOOP;

    -- Shortest paths (hops = -1 in the table): ours against pgr_bdDijkstra
    -- (unit costs, undirected).
    FOREACH s IN ARRAY ARRAY[1, 250000, 500000]::bigint[] LOOP
        t0 := clock_timestamp();
        SELECT count(*) INTO n
        FROM c360.graph_path('SELECT source, target, kind FROM bench_graph_edges', s, s + 123457, 20);
        INSERT INTO bench_graph_timing
        VALUES ('ours', -1, s, 1000 * extract(epoch FROM clock_timestamp() - t0), n);

        t0 := clock_timestamp();
        SELECT count(*) INTO n
        FROM pgr_bdDijkstra('SELECT id, source, target, cost, reverse_cost FROM bench_graph_edges',
                            s, s + 123457, directed => false);
        INSERT INTO bench_graph_timing
        VALUES ('pgr', -1, s, 1000 * extract(epoch FROM clock_timestamp() - t0), n);
    END LOOP;
END
$$;

-- Same answers: per start and bound, every method counted the same nodes
-- (pgRouting returns one row per reached node, the root included), and
-- the paths have the same number of nodes.
SELECT hops, start,
       max(nodes) FILTER (WHERE who = 'ours') AS ours_nodes,
       max(nodes) FILTER (WHERE who = 'cte') AS cte_nodes,
       max(nodes) FILTER (WHERE who = 'pgr') AS pgr_nodes,
       count(DISTINCT nodes) = 1 AS agree
FROM bench_graph_timing GROUP BY hops, start ORDER BY hops, start;

SELECT CASE hops WHEN -1 THEN 'shortest path' ELSE hops || ' hops' END AS query,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'ours')) AS ours_ms,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'cte')) AS cte_ms,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'pgr')) AS pgr_ms,
       round((percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'cte') /
              percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'ours'))::numeric, 3) AS cte_ratio,
       round((percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'pgr') /
              percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'ours'))::numeric, 1) AS pgr_ratio
FROM bench_graph_timing GROUP BY hops ORDER BY hops DESC;
