#!/usr/bin/env bash
# Throwaway PostgreSQL 15 + PostGIS 3 cluster for the tests (issue 10), from Debian's packages.
#   scripts/pg-test-cluster.sh start   → prints `export YAKU_TEST_DATABASE_URL=postgres://…` (eval it)
#   scripts/pg-test-cluster.sh stop    → stops the cluster and deletes its directory
# Runs as the unprivileged `postgres` user (when started as root) on a free loopback port, with a private
# socket directory, scram-sha-256 auth and a random password. Installs postgresql-15-postgis-3 via apt when
# missing and running as root. State: $PG_TEST_DIR (default /tmp/yaku-pg-test).
set -euo pipefail
DIR="${PG_TEST_DIR:-/tmp/yaku-pg-test}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
cmd="${1:-start}"

as_pg() {
	if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
	if [ -f "$DIR/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
	rm -rf "$DIR"
}

if [ "$cmd" = "stop" ]; then stop; exit 0; fi

if [ ! -x "$PGBIN/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
		echo "» instalando PostgreSQL 15 + PostGIS 3 (apt)" >&2
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-15-postgis-3 >&2
	else
		echo "Falta PostgreSQL 15 + PostGIS 3: sudo apt-get install postgresql-15 postgresql-15-postgis-3" >&2
		exit 3
	fi
fi

stop
mkdir -p "$DIR/sock"
PW="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$PW" >"$DIR/pw"
PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
if [ "$(id -u)" = "0" ]; then chown -R postgres:postgres "$DIR"; fi
chmod 700 "$DIR" "$DIR/sock"
as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=scram-sha-256 --pwfile="$DIR/pw" -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
	|| { cat "$DIR/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
	-o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR/sock -c fsync=on -c max_connections=200 -c shared_buffers=128MB" \
	start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
echo "export YAKU_TEST_DATABASE_URL=postgres://postgres:$PW@127.0.0.1:$PORT/postgres"
