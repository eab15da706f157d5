#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Runs CMD with TEST_DATABASE_URL pointing at a Postgres server. When the
# variable is already set, CMD simply runs against that server. Otherwise a
# throwaway cluster is created in a temporary folder (listening only on a
# Unix socket there, so it never clashes with a port in use), CMD runs, and
# the cluster is stopped and removed whatever happens. Exits with CMD's status.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
if [ -n "${TEST_DATABASE_URL:-}" ]; then
    exec "$@"
fi

# The server binaries live in a versioned folder outside PATH on Debian.
bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    bindir="$(pg_config --bindir)"
else
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/initdb" ]; then bindir="$candidate"; break; fi
    done
fi
if [ -z "$bindir" ]; then
    echo "with-postgres: no Postgres server binaries found (install the 'postgresql' package)" >&2
    exit 1
fi

# initdb refuses to run as root, so the cluster belongs to the postgres user then.
as_owner=()
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "with-postgres: running as root needs the 'postgres' user (created by the 'postgresql' package)" >&2
        exit 1
    fi
    as_owner=(runuser -u postgres --)
fi

tmp="$(mktemp -d /tmp/pgtest.XXXXXX)"
data="$tmp/data"
if [ "$(id -u)" = 0 ]; then chown postgres "$tmp"; fi
chmod 755 "$tmp"

cleanup() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "${as_owner[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
        >"$tmp/initdb.log" 2>&1; then
    cat "$tmp/initdb.log" >&2
    exit 1
fi
# Throwaway data: durability settings off for speed; enough connections for
# test suites that open one pool per test in parallel.
cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 400
CONF
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start >/dev/null; then
    cat "$tmp/server.log" >&2
    exit 1
fi

export TEST_DATABASE_URL="postgres://postgres@/postgres?host=$tmp"
# For suites that stop or restart the server under a running application.
export TEST_POSTGRES_DATA="$data" TEST_POSTGRES_BINDIR="$bindir" TEST_POSTGRES_LOG="$tmp/server.log"
export TEST_POSTGRES_OWNER="${as_owner[*]:+postgres}"
set +e
"$@"
status=$?
set -e
exit "$status"
