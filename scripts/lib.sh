# shellcheck shell=bash
# Helpers shared by scripts/demo.sh and scripts/test.sh: find Python 3.11, install the Debian
# packages that are missing, create the virtual environment and install the pinned requirements.
# Sourced from the repository root.

VENV="${VENV:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# Browser tests drive Debian's Chromium; nothing may download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() {
    printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2
    exit 1
}

is_python_311() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

# The Python 3.11 interpreter to build the virtual environment with: $PYTHON if set, else
# python3.11, else python3 when it is 3.11.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && is_python_311 "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    die "Trygg needs Python 3.11 (python3.11, or python3 being 3.11). On Debian 12: apt-get install python3.11 python3.11-venv"
}

# Install Debian packages with apt-get, updating the package lists once, non-interactively.
apt_install() {
    local sudo=""
    command -v apt-get >/dev/null 2>&1 || die "Missing system packages: $*. Install them with your package manager and run again."
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "Missing Debian packages: $*. Run as root: apt-get install $*"
        sudo="sudo"
    fi
    say "Installing Debian packages: $*"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# ensure_system_packages [chromium]: gettext (msgfmt) for the message catalogues, the venv module
# (Debian ships it separately), and Chromium for the browser tests when asked.
ensure_system_packages() {
    local missing=() python
    python="$(find_python)"
    command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
    if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        missing+=("python3.11-venv")
    fi
    if [ "${1:-}" = "chromium" ] && [ ! -x /usr/bin/chromium ]; then
        missing+=(chromium)
    fi
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
}

# ensure_venv base|dev: create $VENV with Python 3.11, install requirements/<kind>.txt, then the
# project itself in editable mode (its console scripts, such as trygg-match). A stamp holding the
# checksum of the requirement files and pyproject.toml skips pip when nothing changed.
ensure_venv() {
    local kind="$1" python digest stamp
    python="$(find_python)"
    if [ ! -x "$VENV/bin/python" ] || ! is_python_311 "$VENV/bin/python"; then
        say "Creating the virtual environment in $VENV"
        "$python" -m venv --clear "$VENV"
    fi
    digest="$(cat requirements/base.txt "requirements/$kind.txt" pyproject.toml | sha256sum | cut -d' ' -f1)"
    stamp="$VENV/.trygg-requirements-$kind"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ] || [ ! -x "$VENV/bin/trygg-match" ]; then
        say "Installing pinned requirements (requirements/$kind.txt)"
        "$VENV/bin/python" -m pip install --quiet -r "requirements/$kind.txt"
        say "Installing Trygg itself (editable)"
        # Without build isolation the build backend comes from the environment: setuptools and wheel.
        "$VENV/bin/python" -m pip install --quiet "setuptools==84.2.1" "wheel==0.48.0"
        "$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
        echo "$digest" >"$stamp"
    fi
    PY="$(cd "$VENV" && pwd)/bin/python"
    export PY
}

# Compile the .po catalogues into .mo files (build output, not in git). Runs inside trygg/ so that
# compilemessages only walks our own code, not the virtual environment.
compile_messages() {
    if ! compgen -G "trygg/locale/*/LC_MESSAGES/*.po" >/dev/null; then
        say "No message catalogue in trygg/locale yet: pages show in English only"
        return 0
    fi
    say "Compiling message catalogues"
    (cd trygg && "$PY" ../manage.py compilemessages --verbosity 0)
}
