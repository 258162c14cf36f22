#!/usr/bin/env bash
# Runs CMD... with a throwaway PostgreSQL server, so the state-store tests run against the real thing.
#
#   bash scripts/with-postgres.sh .venv/bin/python -m pytest tests/state -q
#
# initdb into a fresh temporary directory, start the server on 127.0.0.1 on a free port (unix socket inside the
# temporary directory, trust auth on loopback, fsync off), export
#   ARSYNC_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
#   ARSYNC_REQUIRE_POSTGRES=1          (the PostgreSQL test variants fail instead of skipping)
# run CMD, then always stop the server and delete the directory. Exits with CMD's status.
#
# PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` system user
# (created when missing; ARSYNC_PG_OS_USER picks another name), which owns the temporary directory.
# Binaries come from PATH or Debian's /usr/lib/postgresql/<version>/bin (`scripts/system-deps.sh` installs them).
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

say() { echo "with-postgres: $*" >&2; }

find_pg_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    # resolve symlinks (e.g. /usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl) to find its siblings
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  # newest version first
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! PG_BIN="$(find_pg_bin)"; then
  say "initdb/pg_ctl not found on PATH or in /usr/lib/postgresql/*/bin; run: bash scripts/system-deps.sh"
  exit 1
fi

RUN_AS=()
if [[ "$(id -u)" == 0 ]]; then
  # the server's user must reach the directory: root's own TMPDIR may not be traversable
  PG_TMP="$(mktemp -d /tmp/arsync-pg.XXXXXX)"
else
  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/arsync-pg.XXXXXX")"
fi
chmod 0755 "$PG_TMP"
if [[ "$(id -u)" == 0 ]]; then
  PG_OS_USER="${ARSYNC_PG_OS_USER:-postgres}"
  if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    say "creating system user $PG_OS_USER to run PostgreSQL (it refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER" 2>/dev/null ||
      adduser --system --no-create-home --disabled-login "$PG_OS_USER" >/dev/null
  fi
  chown "$PG_OS_USER" "$PG_TMP"
  RUN_AS=(runuser -u "$PG_OS_USER" --)
fi

PG_DATA="$PG_TMP/data"
PG_SOCK="$PG_TMP/sock"
PG_LOG="$PG_TMP/server.log"

pg() { (cd "$PG_TMP" && "${RUN_AS[@]}" "$@"); }

cleanup() {
  local status=$?
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg mkdir -p "$PG_SOCK"
if ! pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$PG_TMP/initdb.log" 2>&1; then
  say "initdb failed:"
  cat "$PG_TMP/initdb.log" >&2
  exit 1
fi

free_port() {
  "${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

started=0
for _attempt in 1 2 3; do
  PG_PORT="$(free_port)"
  # another process may grab the port between picking and binding: try a few times
  if pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -s \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start; then
    started=1
    break
  fi
done
if ((started == 0)); then
  say "the PostgreSQL server did not start; its log:"
  cat "$PG_LOG" >&2 || true
  exit 1
fi

# pg_ctl -w returns when the server accepts connections; check the TCP listener too
if [[ -x "$PG_BIN/pg_isready" ]]; then
  for _ in $(seq 1 50); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then break; fi
    sleep 0.1
  done
fi

export ARSYNC_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
export ARSYNC_REQUIRE_POSTGRES=1
say "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_TMP)"

set +e
"$@"
cmd_status=$?
set -e
exit "$cmd_status"
