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
	# The tour writes a customer's neighbourhood as Graphviz DOT; it is drawn here.
	out="$C360_ROOT/demo-out"
	mkdir -p "$out"
	rm -f "$out/neighbourhood.dot" "$out/neighbourhood.svg"
	c360_in_cluster psql -X -q -v datadir="$data" -v picture_dot="$out/neighbourhood.dot" \
		-f test/demo/demo.sql
	if [ ! -s "$out/neighbourhood.dot" ]; then
		echo "customer360: the tour wrote no picture ($out/neighbourhood.dot is missing or empty)" >&2
		exit 1
	fi
	if command -v dot >/dev/null 2>&1; then
		dot -Tsvg "$out/neighbourhood.dot" -o "$out/neighbourhood.svg"
		echo
		echo "The neighbourhood picture: $out/neighbourhood.svg (DOT source: $out/neighbourhood.dot)"
	else
		echo "customer360: graphviz is not installed ('test/deps.sh demo' installs it); the DOT source is $out/neighbourhood.dot" >&2
		exit 1
	fi
) 9>/tmp/customer360-cluster.lock
