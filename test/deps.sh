#!/usr/bin/env bash
# Installs the Debian packages customer360 needs for a purpose, when run as
# root; otherwise prints the one apt-get line to run and fails.
#
#   test/deps.sh build   compiler and PostgreSQL 15 with its server headers
#   test/deps.sh test    build + clang's fuzzer runtime
#   test/deps.sh demo    build + graphviz (the demo draws a household)
#   test/deps.sh bench   build + the peers the benchmarks measure against
set -euo pipefail

purpose=${1:-test}
# perl runs the TAP tests (test/tap/*.pl: Test::More, in Debian's perl).
packages=(make gcc clang perl postgresql-15 postgresql-server-dev-15 postgresql-common)
case "$purpose" in
	build) ;;
	test) packages+=(libclang-rt-dev) ;;
	demo) packages+=(graphviz) ;;
	bench) packages+=(postgresql-15-similarity postgresql-15-pgrouting) ;;
	*) echo "test/deps.sh: unknown purpose '$purpose' (build, test, demo, bench)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "customer360 needs these Debian packages for '$purpose'. Run:" >&2
	echo "  sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "customer360: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
