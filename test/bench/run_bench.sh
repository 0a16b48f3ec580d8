#!/usr/bin/env bash
# Behind 'make bench': every test/bench/bench_*.sql in one throwaway cluster,
# side by side with the peers the issues name (pg_similarity, fuzzystrmatch,
# pg_trgm, pgRouting), each printing our time, the peer's and the ratio.
# Benchmarks measure; they never pass or fail on time.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$C360_ROOT"
bash test/deps.sh bench

# Only the benchmarks named on the command line (e.g. "resolve graph"), or all.
only=("$@")

# The generated bank bench_resolve reads: C360_BENCH_PEOPLE people (250,000
# make about 1M source records in five systems).
people=${C360_BENCH_PEOPLE:-250000}
mkdir -p test/build
gcc $(make -s print-standalone-cflags) -o test/build/gen_customers \
	test/gen/gen_customers.c test/gen/gen_core.c -lm
if [ ! -f "test/build/bench-gen/.people-$people" ]; then
	rm -rf test/build/bench-gen
	test/build/gen_customers --people "$people" --seed 20261123 --out test/build/bench-gen
	touch "test/build/bench-gen/.people-$people"
fi

# Standalone C benchmarks of the plain-C core (no PostgreSQL involved).
cflags=$(make -s print-standalone-cflags)
core=$(make -s print-core-srcs)
mkdir -p test/build
for f in test/bench/*.c; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .c)
	[ ${#only[@]} -eq 0 ] || continue
	echo "=== $name (standalone C)"
	# shellcheck disable=SC2086
	gcc $cflags -o "test/build/$name" "$f" $core -lm
	"test/build/$name"
done

(
	flock 9
	c360_build_install
	files=()
	if [ ${#only[@]} -eq 0 ]; then
		files=(test/bench/bench_*.sql)
	else
		for n in "${only[@]}"; do files+=("test/bench/bench_$n.sql"); done
	fi
	c360_in_cluster bash -c '
		set -e
		createdb c360_bench
		export PGDATABASE=c360_bench
		psql -X -q -c "CREATE EXTENSION customer360 CASCADE"
		for f in "$@"; do
			echo "=== $(basename "$f" .sql)"
			psql -X -q -v ON_ERROR_STOP=1 -f "$f"
		done' bench "${files[@]}"
) 9>/tmp/customer360-cluster.lock
