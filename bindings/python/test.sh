#!/usr/bin/env bash
# Builds the aksflow wheel, installs it into a fresh virtual environment and runs the Python suite
# there (so a file missing from the wheel fails the run). Self-contained on a fresh machine: needs
# cargo and python3 >= 3.9; pip packages come from PyPI (pinned in requirements-*.txt).
#
#   bindings/python/test.sh            # debug (dev profile) wheel: the fast build CI uses
#   AKSFLOW_WHEEL_PROFILE=release bindings/python/test.sh
#
# Steps: 1 build venv + maturin; 2 `maturin build` (abi3 wheel, Python >= 3.9); 3 fresh test venv,
# pip install the wheel + test requirements; 4 pytest (every golden case, API, panics, the fleet
# example); 5 stubs: mypy --strict over tests/typing_usage.py, mypy.stubtest against the module.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
python="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aksflow-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - started))"; }

step "python: $("$python" --version 2>&1)"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "python3 >= 3.9 is needed" >&2
    exit 1
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

step "build venv (maturin)"
if ! "$python" -m venv "$work/build"; then
    # Debian's python3 ships venv (ensurepip) separately.
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$work/build" && "$python" -m venv "$work/build"
    else
        echo "python3 -m venv does not work: install python3-venv" >&2
        exit 1
    fi
fi
"$work/build/bin/pip" install -q -r requirements-build.txt

profile="${AKSFLOW_WHEEL_PROFILE:-dev}"
step "maturin build --profile $profile --strip"
# With the core's test hook (a request that panics inside the core): this wheel is for tests only.
"$work/build/bin/maturin" build --profile "$profile" --features test-hooks --strip --out "$work/wheels"
wheel="$(ls "$work"/wheels/aksflow-*-cp39-abi3-*.whl)"
echo "wheel: $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"

step "fresh test venv: the wheel + test requirements"
"$python" -m venv "$work/test"
"$work/test/bin/pip" install -q "$wheel" -r requirements-test.txt

step "pytest"
cd "$here/tests"
# Run from the tests folder: `import aksflow` must find the installed wheel, never python/aksflow/.
AKSFLOW_CORE_TEST_HOOKS=1 "$work/test/bin/python" -m pytest -p no:cacheprovider -q --rootdir "$here" .

step "stubs: mypy --strict (typed usage, the package) and stubtest (the stub against the module)"
"$work/test/bin/python" -m mypy --strict --no-incremental --cache-dir=/dev/null typing_usage.py
"$work/test/bin/python" -m mypy --strict --no-incremental --cache-dir=/dev/null -p aksflow
"$work/test/bin/python" -m mypy.stubtest aksflow._aksflow

step "done"
