#!/usr/bin/env bash
# Behind 'make bench': every test/bench/bench_*.sql in one throwaway cluster,
# side by side with the peers the issues name (pg_similarity, fuzzystrmatch,
# pg_trgm, pgRouting), each printing our time, the peer's and the ratio.
# Benchmarks measure; they never pass or fail on time.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$C360_ROOT"
bash test/deps.sh bench

# Standalone C benchmarks of the plain-C core (no PostgreSQL involved).
cflags=$(make -s print-standalone-cflags)
core=$(make -s print-core-srcs)
mkdir -p test/build
for f in test/bench/*.c; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .c)
	echo "=== $name (standalone C)"
	# shellcheck disable=SC2086
	gcc $cflags -o "test/build/$name" "$f" $core -lm
	"test/build/$name"
done

(
	flock 9
	c360_build_install
	c360_in_cluster bash -c '
		set -e
		createdb c360_bench
		export PGDATABASE=c360_bench
		psql -X -q -c "CREATE EXTENSION customer360 CASCADE"
		for f in test/bench/bench_*.sql; do
			echo "=== $(basename "$f" .sql)"
			psql -X -q -v ON_ERROR_STOP=1 -f "$f"
		done'
) 9>/tmp/customer360-cluster.lock
