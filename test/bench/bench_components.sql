-- c360.connected_components against pgRouting's pgr_connectedComponents on
-- the same 1,000,000 edges over 1,000,000 nodes, deterministic (setseed).
--
-- The graph: the nodes 1..1,000,000 in random order are cut into groups
-- whose sizes vary by region (a third mostly singletons and pairs, a third
-- around 20, a third around 2,000); each group is a random tree (every
-- member after the first joins a random earlier one) plus one extra edge
-- per group (a self-loop for singletons), so there are exactly 1,000,000
-- edges.  Both functions must give the same partition.
--
-- Prints ours_ms, peer_ms (median of three runs each, the whole result
-- counted) and ratio = peer_ms / ours_ms.  Run by 'make bench', or alone:
--   psql -c 'CREATE EXTENSION customer360 CASCADE' -f test/bench/bench_components.sql

CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;
SET work_mem = '256MB';
SET client_min_messages = warning;

SELECT setseed(0.17);
CREATE TEMP TABLE bench_nodes AS
SELECT node, pos,
       sum(starts) OVER (ORDER BY pos) AS grp
FROM (SELECT node, pos,
             (pos = 1 OR random() < CASE WHEN pos <= 333333 THEN 0.5
                                         WHEN pos <= 666666 THEN 0.05
                                         ELSE 0.0005 END)::int AS starts
      FROM (SELECT i AS node, row_number() OVER (ORDER BY random()) AS pos
            FROM generate_series(1, 1000000::bigint) i) shuffled) s;
CREATE TEMP TABLE bench_members AS
SELECT node, grp, row_number() OVER (PARTITION BY grp ORDER BY pos) AS ord,
       count(*) OVER (PARTITION BY grp) AS size
FROM bench_nodes;
CREATE INDEX ON bench_members (grp, ord);

CREATE TEMP TABLE bench_edges (
    id bigserial PRIMARY KEY,
    source bigint NOT NULL,
    target bigint NOT NULL,
    cost float8 NOT NULL DEFAULT 1,
    reverse_cost float8 NOT NULL DEFAULT 1);
-- (random() is drawn once per member in a subquery that is not flattened,
-- so the join cannot evaluate it per candidate pair.)
INSERT INTO bench_edges (source, target)
SELECT m.node, p.node
FROM (SELECT node, grp, 1 + floor(random() * (ord - 1))::bigint AS parent_ord
      FROM bench_members WHERE ord > 1 OFFSET 0) m
JOIN bench_members p ON p.grp = m.grp AND p.ord = m.parent_ord;
INSERT INTO bench_edges (source, target)
SELECT f.node, o.node
FROM (SELECT node, grp, 1 + floor(random() * size)::bigint AS other_ord
      FROM bench_members WHERE ord = 1 OFFSET 0) f
JOIN bench_members o ON o.grp = f.grp AND o.ord = f.other_ord;
VACUUM ANALYZE bench_edges;

SELECT count(*) AS edges,
       (SELECT count(DISTINCT grp) FROM bench_members) AS groups,
       (SELECT max(size) FROM bench_members) AS largest_group,
       (SELECT count(*) FROM bench_members WHERE size = 1) AS singletons
FROM bench_edges;

CREATE TEMP TABLE bench_timing (who text, run int, ms float8, nodes bigint);
DO $$
DECLARE
    t0 timestamptz;
    n bigint;
BEGIN
    FOR r IN 1..3 LOOP
        t0 := clock_timestamp();
        SELECT count(*) INTO n
        FROM c360.connected_components('SELECT source, target FROM bench_edges');
        INSERT INTO bench_timing
        VALUES ('ours', r, 1000 * extract(epoch FROM clock_timestamp() - t0), n);

        t0 := clock_timestamp();
        SELECT count(*) INTO n
        FROM pgr_connectedComponents('SELECT id, source, target, cost, reverse_cost FROM bench_edges');
        INSERT INTO bench_timing
        VALUES ('peer', r, 1000 * extract(epoch FROM clock_timestamp() - t0), n);
    END LOOP;
END
$$;

-- Same partition: every node once in both, and each of our components is
-- exactly one of theirs (distinct pairs = components on both sides = the
-- groups the graph was built from).
CREATE TEMP TABLE bench_ours AS
SELECT node, component FROM c360.connected_components('SELECT source, target FROM bench_edges');
CREATE TEMP TABLE bench_peer AS
SELECT node, component FROM pgr_connectedComponents('SELECT id, source, target, cost, reverse_cost FROM bench_edges');
SELECT (SELECT count(*) FROM bench_ours) AS our_nodes,
       (SELECT count(*) FROM bench_peer) AS peer_nodes,
       (SELECT count(DISTINCT component) FROM bench_ours) AS our_components,
       (SELECT count(DISTINCT component) FROM bench_peer) AS peer_components,
       (SELECT count(*) FROM (SELECT DISTINCT o.component, p.component
                              FROM bench_ours o JOIN bench_peer p USING (node)) d) AS distinct_pairs,
       (SELECT count(DISTINCT grp) FROM bench_members) AS groups;

SELECT round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'ours')) AS ours_ms,
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'peer')) AS peer_ms,
       round((percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'peer') /
              percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE who = 'ours'))::numeric, 1) AS ratio,
       bool_and(nodes = 1000000) AS all_runs_complete
FROM bench_timing;
