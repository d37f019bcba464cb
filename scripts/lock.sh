#!/usr/bin/env bash
# `make lock`: resolve requirements/base.in, dev.in and bench.in in a scratch virtual environment and
# write the exact versions to requirements/base.txt, dev.txt and bench.txt. Review the diff before
# committing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

python="$(find_python)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$python" -m venv "$scratch/venv"
pip=("$scratch/venv/bin/python" -m pip)

say "Resolving requirements/base.in"
"${pip[@]}" install --quiet -r requirements/base.in
"${pip[@]}" freeze --exclude-editable | LC_ALL=C sort >"$scratch/base.txt"

say "Resolving requirements/dev.in"
"${pip[@]}" install --quiet -r requirements/dev.in
"${pip[@]}" freeze --exclude-editable | LC_ALL=C sort >"$scratch/all.txt"

say "Resolving requirements/bench.in (the benchmarks' comparison tools)"
"${pip[@]}" install --quiet -r requirements/bench.in
"${pip[@]}" freeze --exclude-editable | LC_ALL=C sort >"$scratch/bench.txt"

{
    echo "# Pinned from base.in; regenerate with: make lock"
    cat "$scratch/base.txt"
} >requirements/base.txt
{
    echo "# Pinned from dev.in; regenerate with: make lock"
    echo "-r base.txt"
    LC_ALL=C comm -23 "$scratch/all.txt" "$scratch/base.txt"
} >requirements/dev.txt
{
    echo "# Pinned from bench.in (benchmarks only, never in production); regenerate with: make lock"
    echo "-r dev.txt"
    LC_ALL=C comm -23 "$scratch/bench.txt" "$scratch/all.txt"
} >requirements/bench.txt
say "Wrote requirements/base.txt, dev.txt and bench.txt"
