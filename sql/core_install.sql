-- The extension installs where it says, with what it requires, and keeps
-- the security promises every later object must keep too.

-- Loaded by the harness; the schema is c360 and pg_trgm came with it.
SELECT extname, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname IN ('customer360', 'pg_trgm') ORDER BY extname;

-- A fresh install with CASCADE in an existing database works.
DROP EXTENSION customer360;
DROP EXTENSION pg_trgm;
CREATE EXTENSION customer360 CASCADE;
SELECT count(*) AS installed FROM pg_extension WHERE extname IN ('customer360', 'pg_trgm');

-- Without pg_trgm and without CASCADE the error names what is missing.
DROP EXTENSION customer360;
DROP EXTENSION pg_trgm;
CREATE EXTENSION customer360;
CREATE EXTENSION customer360 CASCADE;

-- Not relocatable.
ALTER EXTENSION customer360 SET SCHEMA public;

-- No SECURITY DEFINER anywhere.
SELECT p.oid::regprocedure AS security_definer_function
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer360'
WHERE p.prosecdef;

-- SQL and PL/pgSQL functions never resolve through the caller's search_path.
SELECT p.oid::regprocedure AS function_without_search_path
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer360'
JOIN pg_language l ON l.oid = p.prolang
WHERE l.lanname IN ('sql', 'plpgsql')
  AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false);

-- Every function is documented with a comment.
SELECT p.oid::regprocedure AS function_without_comment
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer360'
WHERE obj_description(p.oid, 'pg_proc') IS NULL;

-- IMMUTABLE C functions are also PARALLEL SAFE.
SELECT p.oid::regprocedure AS immutable_but_not_parallel_safe
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer360'
WHERE p.provolatile = 'i' AND p.proparallel <> 's';
