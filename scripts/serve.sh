#!/usr/bin/env bash
# The production server, as docs/install-and-configure.md ("Production") describes it: `make serve` runs this.
# Migrates the database (DATABASE_URL, PostgreSQL), collects the static files into $PARINDEX_DATA_DIR/static (hashed
# names, compressed; WhiteNoise serves them with a year's cache), then runs gunicorn (WEB_WORKERS sync workers on BIND)
# beside the import worker and the reminder worker. SIGTERM or Ctrl+C stops all three; if one of them dies, the others
# are stopped too, so that a supervisor (systemd, a container) sees the failure and restarts the whole.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"

if [ -z "${DATABASE_URL:-}" ]; then
  echo "DATABASE_URL is not set: the production server runs on PostgreSQL, e.g. DATABASE_URL=postgres://parindex@127.0.0.1:5432/parindex" >&2
  exit 2
fi
export DEBUG=0 STATIC_MANIFEST=1
BIND="${BIND:-127.0.0.1:8000}"
WEB_WORKERS="${WEB_WORKERS:-$((2 * $(nproc) + 1))}"

"$BIN/parindex" migrate --noinput --verbosity 0
"$BIN/parindex" collectstatic --noinput --verbosity 0

pids=()
stop() {
  trap - INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap 'stop; exit 0' INT TERM

"$BIN/parindex" run-imports --loop &
pids+=($!)
"$BIN/parindex" send-reminders --loop &
pids+=($!)
# The proxy in front (nginx, Apache) terminates TLS and sets X-Forwarded-Proto; gunicorn trusts it from
# FORWARDED_ALLOW_IPS only. Access log on standard output, for the supervisor's journal.
"$BIN/gunicorn" parindex.wsgi:application --bind "$BIND" --workers "$WEB_WORKERS" \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" --access-logfile - --graceful-timeout 20 &
pids+=($!)
echo "parindex serves on http://$BIND/ ($WEB_WORKERS web workers, the import worker and the reminder worker)"

set +e
wait -n
status=$?
set -e
echo "a process of the server stopped (exit $status): stopping the others" >&2
stop
exit "$status"
