#!/usr/bin/env bash
# `make demo` and `make demo-data`: prepare the embedded Trygg (virtual environment, catalogues,
# SQLite database in the data folder, static files, demo data) and, unless --prepare-only is given,
# serve it on $HOST:$PORT in the foreground. Safe to run again: everything is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
SERVE=1
if [ "${1:-}" = "--prepare-only" ]; then
    SERVE=0
fi

ensure_system_packages
ensure_venv base
compile_messages

# The SQLite database lives in TRYGG_DATA_DIR (default ./data); SQLite does not create folders.
mkdir -p "${TRYGG_DATA_DIR:-data}"

say "Migrating the database"
"$PY" manage.py migrate --noinput --verbosity 0

# Collecting and compressing takes half a minute: skip it when neither our static files nor the
# pinned packages (which bring theirs) changed since the last run.
static_root="${STATIC_ROOT:-staticfiles}"
static_digest="$( (cat requirements/base.txt && find trygg/static -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1)"
if [ -f "$static_root/staticfiles.json" ] && [ "$(cat "$static_root/.trygg-static" 2>/dev/null)" = "$static_digest" ]; then
    say "Static files are up to date"
else
    say "Collecting static files"
    "$PY" manage.py collectstatic --noinput --clear --verbosity 0
    echo "$static_digest" >"$static_root/.trygg-static"
fi

say "Loading demo data"
"$PY" manage.py load_demo

if [ "$SERVE" = 0 ]; then
    exit 0
fi

say "Trygg is running at http://$HOST:$PORT/ (stop it with Ctrl+C)"
# The access log shows method, path (no query string: a search may hold a name) and status.
exec "$(dirname "$PY")/gunicorn" trygg.wsgi \
    --bind "$HOST:$PORT" \
    --workers 1 \
    --threads 4 \
    --no-control-socket \
    --access-logfile - \
    --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
