#!/usr/bin/env bash
# Behind 'make valgrind': the pg_regress suite against a throwaway server
# running under valgrind's memcheck, then a report of every memcheck error
# whose stack passes through customer360.so.  For changes to the C memory
# code of the fmgr wrappers (the plain C core is covered by the fuzzers'
# AddressSanitizer runs).  Slow: minutes, not seconds.
#
#   test/valgrind.sh [test ...]     default: every pg_regress test
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$C360_ROOT"
bash test/deps.sh build || exit 1
command -v valgrind >/dev/null || { echo "valgrind is missing: sudo apt-get install -y valgrind" >&2; exit 1; }

bindir=$("$PG_CONFIG" --bindir)
pgxs=$(dirname "$("$PG_CONFIG" --pgxs)")
tests=("$@")
[ ${#tests[@]} -gt 0 ] || read -r -a tests <<<"$(make -s print-regress)"

work=$(mktemp -d /tmp/customer360-valgrind.XXXXXX)
chmod 755 "$work"
port=$((20000 + RANDOM % 20000))
# The server may not run as root: use the postgres account then.
as_server() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"

(
	flock 9
	c360_build_install || exit 1
	as_server "'$bindir/initdb' -D '$work/data' -A trust -U postgres >/dev/null" || exit 1
	as_server "nohup valgrind --quiet --trace-children=yes --log-file='$work/memcheck.%p.log' \
		'$bindir/postgres' -D '$work/data' -p $port -k '$work' -c listen_addresses='' \
		>'$work/server.log' 2>&1 &"
	for _ in $(seq 120); do
		"$bindir/pg_isready" -q -h "$work" -p "$port" && break
		sleep 1
	done
	mkdir -p "$work/out" && chmod 777 "$work/out"
	"$pgxs/../test/regress/pg_regress" --inputdir=. --outputdir="$work/out" --bindir="$bindir" \
		--host="$work" --port="$port" --user=postgres \
		--load-extension=pg_trgm --load-extension=customer360 "${tests[@]}"
	echo $? >"$work/regress.status"
	as_server "'$bindir/pg_ctl' -D '$work/data' -m fast stop >/dev/null"
) 9>/tmp/customer360-cluster.lock

# One memcheck error is a block of lines starting "==PID== <kind>"; keep
# those whose stack passes through our code: frames name the library when
# it has no debug symbols, and our c360_ entry points when it has them.
ours=$(awk '
	/^==[0-9]+== [A-Z]/ { if (block ~ /customer360|c360_/) print block; block = $0; next }
	/^==[0-9]+==/ { block = block "\n" $0 }
	END { if (block ~ /customer360|c360_/) print block }' "$work"/memcheck.*.log)
status=$(cat "$work/regress.status" 2>/dev/null || echo 1)
if [ -n "$ours" ]; then
	printf '%s\n' "$ours"
	echo "valgrind: memcheck errors in customer360 (logs in $work)"
	exit 1
fi
echo "valgrind: no memcheck errors in customer360 ($(ls "$work"/memcheck.*.log | wc -l) server processes checked)"
[ "$status" -eq 0 ] && rm -rf "$work"
exit "$status"
