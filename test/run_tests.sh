#!/usr/bin/env bash
# Behind 'make test': every test, then one line "N passed, N failed".
#
#   test/run_tests.sh                  packages, unit tests, fuzz run, pg_regress
#   test/run_tests.sh --unit-only      C unit tests (no PostgreSQL needed)
#   test/run_tests.sh --fuzz-only      fuzz targets (FUZZ_SECONDS each, default 60)
#   test/run_tests.sh --regress-only   build, install, pg_regress and the TAP
#                                      tests (test/tap/*.pl), each in a
#                                      throwaway cluster
#
# Counting: each unit-test check, each fuzz target, each pg_regress test and
# each TAP assertion is one test.  A unit binary that fails to build or dies
# before its summary line counts as one failure; so does a TAP script that
# stops before its plan line or exits non-zero without a failed assertion.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$C360_ROOT"

mode=${1:-all}
case "$mode" in
	all | --unit-only | --fuzz-only | --regress-only) ;;
	*) echo "usage: test/run_tests.sh [--unit-only|--fuzz-only|--regress-only]" >&2; exit 2 ;;
esac
if [ "$mode" = all ]; then
	FUZZ_SECONDS=${FUZZ_SECONDS:-5}
else
	FUZZ_SECONDS=${FUZZ_SECONDS:-60}
fi

passed=0
failed=0
failures=()

build=test/build
mkdir -p "$build"

record() {						# record NAME PASSED FAILED
	passed=$((passed + $2))
	failed=$((failed + $3))
	[ "$3" -gt 0 ] && failures+=("$1")
	return 0
}

need_packages() {
	bash test/deps.sh "$1" || { echo "0 passed, 1 failed"; exit 1; }
}

run_unit() {
	local cflags core t name bin out summary
	cflags=$(make -s print-standalone-cflags)
	core=$(make -s print-core-srcs)
	echo "== C unit tests"
	for t in test/unit/test_*.c; do
		[ -e "$t" ] || continue
		name=$(basename "$t" .c)
		bin=$build/$name
		# shellcheck disable=SC2086
		if ! gcc $cflags -o "$bin" "$t" $core -lm 2>"$build/$name.build.log"; then
			echo "   $name: does not build"
			sed 's/^/     /' "$build/$name.build.log" | head -20
			record "$name" 0 1
			continue
		fi
		out=$("$bin" 2>&1)
		summary=$(printf '%s\n' "$out" | tail -n 1)
		if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
			echo "   $name: $summary"
			[ "${BASH_REMATCH[2]}" -gt 0 ] && printf '%s\n' "$out" | grep -v ' passed, ' | sed 's/^/     /' | head -40
			record "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
		else
			echo "   $name: died before its summary"
			printf '%s\n' "$out" | tail -20 | sed 's/^/     /'
			record "$name" 0 1
		fi
	done
}

# The test-data generator's own checks (determinism, invariants, CSV shape).
run_gen() {
	local out summary
	echo "== test-data generator (test/gen/check.sh)"
	out=$(bash test/gen/check.sh 2>&1)
	summary=$(printf '%s\n' "$out" | tail -n 1)
	if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		echo "   check.sh: $summary"
		[ "${BASH_REMATCH[2]}" -gt 0 ] && printf '%s\n' "$out" | grep -i fail | head -20 | sed 's/^/     /'
		record gen_check "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	else
		echo "   check.sh: died before its summary"
		printf '%s\n' "$out" | tail -20 | sed 's/^/     /'
		record gen_check 0 1
	fi
}

run_fuzz() {
	local cflags core t name bin corpus work
	cflags=$(make -s print-standalone-cflags | sed 's/-Werror//; s/-O2//')
	core=$(make -s print-core-srcs)
	echo "== fuzz targets, ${FUZZ_SECONDS}s each"
	for t in test/fuzz/fuzz_*.c; do
		[ -e "$t" ] || continue
		name=$(basename "$t" .c)
		bin=$build/$name
		# shellcheck disable=SC2086
		if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
			$cflags -o "$bin" "$t" $core -lm 2>"$build/$name.build.log"; then
			echo "   $name: does not build"
			sed 's/^/     /' "$build/$name.build.log" | head -20
			record "$name" 0 1
			continue
		fi
		# New inputs go to a scratch directory; the committed seeds stay as they are.
		corpus=test/fuzz/corpus/${name#fuzz_}
		work=$build/corpus-$name
		rm -rf "$work" && mkdir -p "$work"
		if "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix="$build/$name-" "$work" $( [ -d "$corpus" ] && echo "$corpus") \
			>"$build/$name.log" 2>&1; then
			echo "   $name: ok ($(grep -o 'Done [0-9]* runs' "$build/$name.log" | tail -1))"
			record "$name" 1 0
		else
			echo "   $name: FAILED (log: $build/$name.log)"
			grep -E 'ERROR|SUMMARY|runtime error|check .* failed' "$build/$name.log" | head -10 | sed 's/^/     /'
			record "$name" 0 1
		fi
	done
}

run_regress() {
	local t name
	echo "== pg_regress in a throwaway PostgreSQL cluster"
	rm -f "$build"/regress.log "$build"/regress.status "$build"/tap-*.log "$build"/tap-*.status
	(
		# One install and one throwaway cluster at a time on this machine:
		# pg_regress's cluster is gone before each TAP script gets its own.
		flock 9
		c360_build_install >"$build/regress.log" 2>&1 || { echo 3 >"$build/regress.status"; exit 3; }
		rm -rf results regression.diffs regression.out
		c360_in_cluster make -s PG_CONFIG="$PG_CONFIG" installcheck >>"$build/regress.log" 2>&1
		echo $? >"$build/regress.status"
		for t in test/tap/*.pl; do
			[ -e "$t" ] || continue
			name=$(basename "$t" .pl)
			PG_BINDIR=$("$PG_CONFIG" --bindir) c360_in_cluster perl "$t" >"$build/tap-$name.log" 2>&1
			echo $? >"$build/tap-$name.status"
		done
	) 9>/tmp/customer360-cluster.lock
	local status
	status=$(cat "$build/regress.status" 2>/dev/null || echo 1)
	grep -E '^(test| +)?[ a-z_0-9]+ +\.\.\. ' "$build/regress.log" | sed 's/^/   /'
	local ok bad
	ok=$(grep -cE '^(test| +)?[ a-z_0-9]+ +\.\.\. +ok' "$build/regress.log")
	bad=$(grep -E '^(test| +)?[ a-z_0-9]+ +\.\.\. ' "$build/regress.log" | grep -cvE '\.\.\. +ok')
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "   pg_regress did not run:"
		tail -20 "$build/regress.log" | sed 's/^/     /'
		bad=1
	fi
	[ -f regression.diffs ] && head -60 regression.diffs | sed 's/^/     /'
	record pg_regress "$ok" "$bad"
	[ "$status" -eq 3 ] && return 0		# not built or installed: no TAP run
	run_tap_results
}

# The TAP scripts' results (run by run_regress inside its lock): each "ok N"
# passes, each "not ok N" fails; a script that stops before its plan line
# ("1..N", printed by done_testing at the end) or exits non-zero without a
# failed assertion is one more failure.
run_tap_results() {
	local t name log status ok bad plan
	echo "== TAP tests (test/tap), each in a throwaway PostgreSQL cluster"
	for t in test/tap/*.pl; do
		[ -e "$t" ] || continue
		name=$(basename "$t" .pl)
		log=$build/tap-$name.log
		status=$(cat "$build/tap-$name.status" 2>/dev/null || echo 1)
		[ -f "$log" ] || : >"$log"
		ok=$(grep -cE '^ok [0-9]+' "$log")
		bad=$(grep -cE '^not ok [0-9]+' "$log")
		plan=$(grep -oE '^1\.\.[0-9]+' "$log" | tail -1)
		echo "   $name: $ok passed, $bad failed"
		if [ -z "$plan" ] || { [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; }; then
			echo "   $name: stopped early (exit status $status, plan '${plan:-none}')"
			bad=$((bad + 1))
		fi
		[ "$bad" -gt 0 ] && grep -E '^(not ok|#|Bail out)' "$log" | head -40 | sed 's/^/     /'
		record "tap_$name" "$ok" "$bad"
	done
}

case "$mode" in
	all)
		need_packages test
		run_unit
		run_gen
		run_fuzz
		run_regress
		;;
	--unit-only) need_packages build; run_unit; run_gen ;;
	--fuzz-only) need_packages test; run_fuzz ;;
	--regress-only) need_packages build; run_regress ;;
esac

if [ ${#failures[@]} -gt 0 ]; then
	echo "failing: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
