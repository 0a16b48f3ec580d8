-- c360.match_clusters: guarded clustering of scored match edges.
CREATE TABLE mc_edges (source bigint, target bigint, weight float8);
-- Two people held by strong links (1,2,3) and (10,11,12), one weak link
-- between them; 20 and 21 have only weak links.
INSERT INTO mc_edges VALUES
  (1, 2, 30), (2, 3, 25), (1, 3, 28),
  (10, 11, 40), (11, 12, 22),
  (3, 10, 2),
  (20, 1, 3), (21, 20, 1);

SELECT * FROM c360.match_clusters('SELECT source, target, weight FROM mc_edges');
-- Plain connected components chain everyone together:
SELECT count(DISTINCT component) FROM c360.connected_components('SELECT source, target FROM mc_edges');
-- Everything strong: the same as connected components.
SELECT count(DISTINCT cluster) FROM c360.match_clusters('SELECT source, target, weight FROM mc_edges', strong_weight => 0);
-- The size bound cuts at the weakest links.
SELECT * FROM c360.match_clusters('SELECT source, target, weight FROM mc_edges', max_cluster_size => 2);

-- A junk value shared by 50 records: a star, bounded.
SELECT count(*) AS in_cluster_of_hub
FROM c360.match_clusters($$SELECT 0::bigint, g::bigint, (50 - g * 0.1)::float8 FROM generate_series(1, 50) g$$,
                         max_cluster_size => 10)
WHERE cluster = 0;

-- Order of the rows does not matter.
SELECT (SELECT array_agg(cluster ORDER BY node) FROM c360.match_clusters('SELECT source, target, weight FROM mc_edges ORDER BY weight'))
     = (SELECT array_agg(cluster ORDER BY node) FROM c360.match_clusters('SELECT target, source, weight FROM mc_edges ORDER BY weight DESC')) AS same;

-- NULLs, NaN, self-loops, duplicates, float4 and int columns.
SELECT * FROM c360.match_clusters($$VALUES (1::int, 2::int, NULL::float8), (3, 3, 99), (4, NULL, 1), (NULL, NULL, 1),
                                          (5, 6, 'NaN'), (7, 8, 12), (8, 7, 12), (7, 8, 12)$$);
SELECT * FROM c360.match_clusters($$VALUES (1::smallint, 2::bigint, 11::float4)$$);
SELECT * FROM c360.match_clusters('SELECT 1::bigint, 2::bigint, 1::float8 WHERE false');
SELECT * FROM c360.match_clusters(NULL);

-- Errors that say what to fix.
SELECT * FROM c360.match_clusters('SELECT source, target FROM mc_edges');
SELECT * FROM c360.match_clusters('SELECT source, target, weight::numeric FROM mc_edges');
SELECT * FROM c360.match_clusters('SELECT source::text, target, weight FROM mc_edges');
SELECT * FROM c360.match_clusters('SELECT * FROM no_such_table');
SELECT * FROM c360.match_clusters('CREATE TABLE x (a int)');
SELECT * FROM c360.match_clusters('SELECT source, target, weight FROM mc_edges', strong_weight => 'NaN');
SELECT * FROM c360.match_clusters('SELECT source, target, weight FROM mc_edges', max_cluster_size => 0);
SET work_mem = '64kB';
SELECT count(*) FROM c360.match_clusters($$SELECT g::bigint, g::bigint + 1, 1::float8 FROM generate_series(1, 100000) g$$);
RESET work_mem;
DROP TABLE mc_edges;
