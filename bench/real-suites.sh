#!/usr/bin/env bash
# Runs a real suite's checkout under plain pytest and under dx-py and compares the outcomes by node id.
#   bench/real-suites.sh CHECKOUT [VAR=VALUE ...]
# CHECKOUT is a directory you fetched yourself (this script fetches nothing); VAR=VALUE pairs are added to
# both tools' environment (e.g. PYTHONPATH=src, as the project's tox/CI sets it). Extra arguments for dx-py
# only can be given in DXPY_ARGS, for pytest only in PYTEST_ARGS. Prints collected counts, per-outcome counts
# for both tools and the node ids whose outcomes differ. Reports go to $OUT (default /tmp/real-suites/NAME).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
[ $# -ge 1 ] || { echo "usage: $0 CHECKOUT [VAR=VALUE ...]" >&2; exit 2; }
checkout="$(cd "$1" && pwd)" || exit 2
shift
name="$(basename "$checkout")"
out="${OUT:-/tmp/real-suites/$name}"
mkdir -p "$out"
py="${PYTHON:-python3}"
cd "$checkout"
t0=$(date +%s.%N)
env "$@" "$py" -m pytest -p no:cacheprovider --collect-only -q ${PYTEST_ARGS:-} > "$out/pytest.ids" 2>&1
env "$@" "$py" -m pytest -p no:cacheprovider -q --junit-xml "$out/pytest.xml" ${PYTEST_ARGS:-} > "$out/pytest.log" 2>&1
t1=$(date +%s.%N)
env "$@" "$repo/dx-py" test --collect-only ${DXPY_ARGS:-} > "$out/dxpy.ids" 2>&1
env "$@" "$repo/dx-py" test --junit-xml "$out/dxpy.xml" ${DXPY_ARGS:-} > "$out/dxpy.log" 2>&1
t2=$(date +%s.%N)
echo "# $name  (pytest $(echo "$t1 - $t0" | bc) s incl. collect-only, dx-py $(echo "$t2 - $t1" | bc) s incl. collect-only)"
grep -h "fallback" "$out/dxpy.log" | head -50
"$py" "$here/compare_junit.py" "$out/pytest.xml" "$out/dxpy.xml" "$out/pytest.ids" "$out/dxpy.ids"
