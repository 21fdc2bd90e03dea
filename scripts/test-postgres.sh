#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the tests of paths.store (CI starts one):
#   scripts/test-postgres.sh start DIR PORT   initdb into DIR (trust auth, loopback only), start, create database hitlbm
#   scripts/test-postgres.sh stop DIR
# Installs Debian's postgresql package when initdb is missing. As root, the server runs as the
# postgres user (initdb refuses root). Prints the JDBC URL on start.
set -euo pipefail
cmd=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    if [ "$cmd" = start ]; then
        (apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; })
        bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    else
        exit 0
    fi
fi
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
    start)
        port=$3
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown postgres "$dir"
        as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
        as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=50" start >/dev/null
        as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres hitlbm
        echo "jdbc:postgresql://127.0.0.1:$port/hitlbm?user=postgres"
        ;;
    stop)
        [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
        ;;
esac
