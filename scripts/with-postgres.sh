#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (Debian's postgresql
# package) on loopback and SBOMKEEPER_TEST_POSTGRES naming it, then stops the
# server and removes its data, however the command ends:
#   bash scripts/with-postgres.sh go test ./internal/inventory/
# As root the server runs as the package's postgres user (initdb refuses root).
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq postgresql >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/sbomkeeper-pg.XXXXXX")
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$pgdir"
  as_pg() { runuser -u postgres -- "$@"; }
fi
stop() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap stop EXIT

# A free loopback port, chosen by the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust --no-sync -E UTF8 >"$pgdir/initdb.log" 2>&1 ||
  { cat "$pgdir/initdb.log"; exit 1; }
# -F: no fsync, the data is thrown away; the socket goes in the temp dir,
# not /var/run/postgresql.
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-k $pgdir -h 127.0.0.1 -p $port -F" start >/dev/null ||
  { cat "$pgdir/server.log"; exit 1; }
export SBOMKEEPER_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($SBOMKEEPER_TEST_POSTGRES)"
"$@"
