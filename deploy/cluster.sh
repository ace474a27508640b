#!/usr/bin/env bash
# A throwaway scale-out deployment on one machine, from Debian packages (postgresql, haproxy):
#
#   deploy/cluster.sh up DIR     start PostgreSQL, the Cway sandbox, three cway-mcp instances and
#                                HAProxy in front of them; writes DIR/cluster.env (ports, pids)
#   deploy/cluster.sh down DIR   stop everything started by `up` (by the pids it recorded)
#
# Everything listens on 127.0.0.1 only and lives in DIR; nothing is installed as a system service.
# Ports: BASE_PORT (default 18400) = HAProxy, +1..+3 = instances, +10 = sandbox, +20 = PostgreSQL.
# Set CWAY_API_URL to use a real Cway instead of the sandbox, AUTH_MODE=oauth|token for sign-in
# (default none: loopback only). See docs/deploy.md.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 up|down DIR" >&2; exit 2; }

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  echo "PostgreSQL binaries not found: apt-get install postgresql" >&2
  return 1
}

# initdb and postgres refuse to run as root: run them as the postgres user the package creates.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

up() {
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local base="${BASE_PORT:-18400}"
  local lb=$base p1=$((base + 1)) p2=$((base + 2)) p3=$((base + 3)) sb=$((base + 10)) pg=$((base + 20))
  command -v haproxy >/dev/null || { echo "haproxy not found: apt-get install haproxy" >&2; exit 1; }
  local pgbin
  pgbin="$(find_pg_bin)"
  : >"$dir/cluster.env"

  # 1. PostgreSQL: a cluster in DIR/pg, on a loopback port, socket in DIR/pg-run.
  mkdir -p "$dir/pg" "$dir/pg-run"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pg" "$dir/pg-run" && chmod 755 "$dir"
  as_pg "$pgbin/initdb" -D "$dir/pg" -U cway --auth=trust -E UTF8 >"$dir/pg-initdb.log" 2>&1
  as_pg "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg -k $dir/pg-run" start >/dev/null
  as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pg" -U cway cway
  echo "PG_BIN=$pgbin" >>"$dir/cluster.env"
  echo "DATABASE_URL=postgres://cway@127.0.0.1:$pg/cway" >>"$dir/cluster.env"

  # 2. Cway: the sandbox, unless a real Cway is given.
  local cway_url="${CWAY_API_URL:-}"
  if [ -z "$cway_url" ]; then
    node "$here/dist/src/main.js" sandbox --port "$sb" --json >"$dir/sandbox.json" 2>"$dir/sandbox.log" &
    echo "SANDBOX_PID=$!" >>"$dir/cluster.env"
    for _ in $(seq 1 100); do [ -s "$dir/sandbox.json" ] && break; sleep 0.1; done
    [ -s "$dir/sandbox.json" ] || { echo "sandbox did not start (see $dir/sandbox.log)" >&2; exit 1; }
    cway_url="http://127.0.0.1:$sb/graphql"
  fi
  echo "CWAY_API_URL=$cway_url" >>"$dir/cluster.env"

  # 3. Three instances. Shared state (OAuth, vault, spent confirmation tokens) is in PostgreSQL;
  # the first instance to start runs the migrations, the others wait on node-pg-migrate's lock.
  # The connection string goes in DATABASE_URL, not --store on the command line, where any local
  # user could read it in ps (it holds the password in a real deployment). The data directory now
  # holds only the secrets every instance must share (oauth-keys.json, confirmation-secret,
  # vault.key): on one machine one directory; across machines, copy those files (docs/deploy.md).
  # CWAY_INSTANCES=3 gives each instance a third of the per-caller rate limits. Logs: JSON lines on
  # stdout (instance-N.log); the start-up banner on stderr (instance-N.err).
  mkdir -p "$dir/data"
  local i port
  for i in 1 2 3; do
    port=$((base + i))
    env CWAY_API_URL="$cway_url" CWAY_DATA_DIR="$dir/data" PUBLIC_URL="http://127.0.0.1:$lb" \
      DATABASE_URL="postgres://cway@127.0.0.1:$pg/cway" CWAY_INSTANCES=3 AUTH_MODE="${AUTH_MODE:-none}" \
      LOG_DIR=off LOG_OUTPUT=stdout LOG_LEVEL="${LOG_LEVEL:-info}" \
      node "$here/dist/src/main.js" --mode all --host 127.0.0.1 --port "$port" \
      >"$dir/instance-$i.log" 2>"$dir/instance-$i.err" &
    echo "INSTANCE_${i}_PID=$!" >>"$dir/cluster.env"
    echo "INSTANCE_${i}_URL=http://127.0.0.1:$port" >>"$dir/cluster.env"
  done
  for port in $p1 $p2 $p3; do
    for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "instance on $port did not start" >&2; exit 1; }
  done

  # 4. HAProxy in front.
  sed -e "s/@LB@/$lb/" -e "s/@P1@/$p1/" -e "s/@P2@/$p2/" -e "s/@P3@/$p3/" \
    "$here/deploy/haproxy.cfg" >"$dir/haproxy.cfg"
  haproxy -c -f "$dir/haproxy.cfg" >/dev/null
  haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid"
  echo "HAPROXY_PID=$(cat "$dir/haproxy.pid")" >>"$dir/cluster.env"
  echo "URL=http://127.0.0.1:$lb" >>"$dir/cluster.env"
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$lb/health" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://127.0.0.1:$lb/health" >/dev/null || { echo "HAProxy does not answer" >&2; exit 1; }
  echo "up: http://127.0.0.1:$lb (details in $dir/cluster.env)"
}

down() {
  [ -f "$dir/cluster.env" ] || return 0
  # shellcheck disable=SC1091
  set -a; . "$dir/cluster.env"; set +a
  local pid
  for pid in "${HAPROXY_PID:-}" "${INSTANCE_1_PID:-}" "${INSTANCE_2_PID:-}" "${INSTANCE_3_PID:-}" "${SANDBOX_PID:-}"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  if [ -n "${PG_BIN:-}" ] && [ -f "$dir/pg/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "$cmd" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down DIR" >&2; exit 2 ;;
esac
