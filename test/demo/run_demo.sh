#!/usr/bin/env bash
# Behind 'make demo': packages, build, install, then the tour in demo.sql
# inside a throwaway PostgreSQL cluster.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$C360_ROOT"
bash test/deps.sh demo

(
	flock 9
	c360_build_install
	# The cluster's server reads the CSV files, so they must be readable by it.
	data=$(mktemp -d /tmp/customer360-demo.XXXXXX)
	trap 'rm -rf "$data"' EXIT
	cp test/demo/data/*.csv "$data"/
	mkdir "$data/bank" && cp test/gen/sample/*.csv "$data/bank"/
	chmod 755 "$data" "$data/bank" && chmod 644 "$data"/*.csv "$data"/bank/*.csv
	c360_in_cluster psql -X -q -v datadir="$data" -f test/demo/demo.sql
) 9>/tmp/customer360-cluster.lock
