#!/usr/bin/env bash
# `make test`: install what the checks need, then run every check in order and report each one.
# Under CI=true the PostgreSQL and Redis runs are mandatory and an unreachable server fails at once.
# Extra pytest arguments: PYTEST_ARGS="-k person" make test
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

CI="${CI:-false}"
PYTEST_ARGS="${PYTEST_ARGS:-}"
if [ "$CI" = "true" ]; then
    export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/trygg}"
    export TRYGG_TEST_REDIS_URL="${TRYGG_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
fi
POSTGRES_URL=""
case "${DATABASE_URL:-}" in
    postgres://* | postgresql://* | pgsql://*) POSTGRES_URL="$DATABASE_URL" ;;
esac

ensure_system_packages chromium
ensure_venv dev
compile_messages

# Fail before spending minutes on SQLite when CI's servers are missing.
if [ "$CI" = "true" ]; then
    "$PY" scripts/check_services.py postgres "$POSTGRES_URL" ||
        die "PostgreSQL at $("$PY" scripts/check_services.py redact "$POSTGRES_URL") is unreachable; CI requires it."
    "$PY" scripts/check_services.py redis "$TRYGG_TEST_REDIS_URL" ||
        die "Redis at $TRYGG_TEST_REDIS_URL is unreachable; CI requires it."
elif [ -z "${TRYGG_TEST_REDIS_URL:-}" ] && "$PY" scripts/check_services.py redis redis://127.0.0.1:6379/15 2>/dev/null; then
    # A local Redis is there: run the Redis tests too.
    export TRYGG_TEST_REDIS_URL=redis://127.0.0.1:6379/15
fi

# Checks that touch a database use a throw-away SQLite file, never the demo's data folder.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

failed=()
step() {
    local name="$1"
    shift
    say "$name"
    local started=$SECONDS
    if "$@"; then
        echo "    ok ($((SECONDS - started)) s)"
    else
        echo "    FAILED: $name"
        failed+=("$name")
    fi
}

sqlite_env=(env -u DATABASE_URL TRYGG_DATA_DIR="$scratch/sqlite")
mkdir -p "$scratch/sqlite" "$scratch/postgres"
step "ruff check" "$VENV/bin/ruff" check .
step "ruff format --check" "$VENV/bin/ruff" format --check .
step "makemigrations --check" "${sqlite_env[@]}" "$PY" manage.py makemigrations --check --dry-run
step "message catalogues" "$PY" scripts/check_messages.py
step "manage.py check" "${sqlite_env[@]}" "$PY" manage.py check

# The two pytest runs share nothing (own database, own data folder, live servers on free ports), so
# they run side by side: each is one process, and together they take about as long as the slower
# one. Each run's output is kept in a file and printed whole when it ends.
runs=()
declare -A run_pid run_log run_started
start_run() {
    local name="$1"
    shift
    run_log[$name]="$scratch/${#runs[@]}.log"
    run_started[$name]=$SECONDS
    "$@" >"${run_log[$name]}" 2>&1 &
    run_pid[$name]=$!
    runs+=("$name")
    say "$name: started"
}
# shellcheck disable=SC2086 # PYTEST_ARGS is a list of words
start_run "pytest on SQLite" "${sqlite_env[@]}" "$PY" -m pytest $PYTEST_ARGS
if [ -n "$POSTGRES_URL" ]; then
    # The Redis tests run a real worker on a queue: each run gets its own Redis database, or one
    # run's worker could take the other's task.
    redis_env=()
    if [ -n "${TRYGG_TEST_REDIS_URL:-}" ]; then
        redis_for_postgres="$TRYGG_TEST_REDIS_URL"
        if [[ "$redis_for_postgres" =~ /[0-9]+$ ]]; then
            redis_for_postgres="${redis_for_postgres%/*}"
        fi
        redis_env=(TRYGG_TEST_REDIS_URL="$redis_for_postgres/14")
    fi
    # shellcheck disable=SC2086
    start_run "pytest on PostgreSQL" env DATABASE_URL="$POSTGRES_URL" TRYGG_DATA_DIR="$scratch/postgres" \
        "${redis_env[@]}" "$PY" -m pytest $PYTEST_ARGS
else
    say "Skipped the PostgreSQL run: DATABASE_URL does not point at PostgreSQL."
    echo "    Enable it with DATABASE_URL=postgres://postgres@127.0.0.1:5432/trygg make test (CI=true makes it mandatory)."
fi
for name in "${runs[@]}"; do
    status=0
    wait "${run_pid[$name]}" || status=$?
    say "$name"
    cat "${run_log[$name]}"
    if [ "$status" -eq 0 ]; then
        echo "    ok ($((SECONDS - run_started[$name])) s)"
    else
        echo "    FAILED: $name"
        failed+=("$name")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\033[1;31mFailed: %s\033[0m\n' "$(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')"
    exit 1
fi
say "All checks passed."
