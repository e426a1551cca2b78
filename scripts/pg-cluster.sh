#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
#   scripts/pg-cluster.sh start DIR [PORT]   initialise DIR, start the server, print its URL on stdout
#   scripts/pg-cluster.sh stop DIR           stop the server and delete DIR
# Uses Debian's PostgreSQL 15 (apt-get install postgresql-15). As root the server runs as `postgres`,
# since PostgreSQL refuses to run as root.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
port=${3:-55432}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is not installed: apt-get install postgresql-15" >&2; exit 2; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U tongbao --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
shared_buffers = 512MB
max_connections = 100
max_wal_size = 4GB
checkpoint_timeout = 15min
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U tongbao tongbao
    echo "postgres://tongbao@127.0.0.1:$port/tongbao"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
