# test/lib.sh: shared by the scripts behind make test, make demo, make bench.
# Sourced, not run.

C360_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-$(make -s -C "$C360_ROOT" print-pg-config)}

# Build and install the extension into the server PG_CONFIG names.  Needs
# root (or passwordless sudo) because the server's directories are root's.
c360_build_install() {
	make -s -C "$C360_ROOT" PG_CONFIG="$PG_CONFIG" all || return 1
	if [ "$(id -u)" -eq 0 ]; then
		make -s -C "$C360_ROOT" PG_CONFIG="$PG_CONFIG" install >/dev/null || return 1
	elif sudo -n true 2>/dev/null; then
		sudo make -s -C "$C360_ROOT" PG_CONFIG="$PG_CONFIG" install >/dev/null || return 1
	else
		echo "customer360: installing into PostgreSQL needs root: run 'sudo make install', then this again" >&2
		return 1
	fi
}

# Run a command inside a throwaway PostgreSQL 15 cluster (pg_virtualenv
# sets PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE for it).
c360_in_cluster() {
	local version
	version=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
	pg_virtualenv -v "$version" "$@"
}
