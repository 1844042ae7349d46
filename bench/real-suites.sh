#!/usr/bin/env bash
# Runs a real suite's checkout under plain pytest and under dx-py and compares the outcomes by node id.
#   bench/real-suites.sh CHECKOUT [VAR=VALUE ...]
# CHECKOUT is a directory you fetched yourself (this script fetches nothing); VAR=VALUE pairs are added to
# both tools' environment (e.g. PYTHONPATH=src, as the project's tox/CI sets it). Extra arguments for dx-py
# only can be given in DXPY_ARGS, for pytest only in PYTEST_ARGS. Prints collected counts, per-outcome counts
# for both tools, the node ids whose outcomes differ, and each run's wall and CPU seconds. Reports go to $OUT
# (default /tmp/real-suites/NAME).
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
# wall and CPU seconds (user + sys of the whole process tree): CPU time is what a loaded machine distorts least
timer="/usr/bin/time -f %e_%U_%S"
[ -x /usr/bin/time ] || timer="env"
cd "$checkout"
t0=$(date +%s.%N)
env "$@" "$py" -m pytest -p no:cacheprovider --collect-only -q ${PYTEST_ARGS:-} > "$out/pytest.ids" 2>&1
t1=$(date +%s.%N)
$timer -o "$out/pytest.time" env "$@" "$py" -m pytest -p no:cacheprovider -q --junit-xml "$out/pytest.xml" ${PYTEST_ARGS:-} > "$out/pytest.log" 2>&1
t2=$(date +%s.%N)
env "$@" "$repo/dx-py" test --collect-only ${DXPY_ARGS:-} > "$out/dxpy.ids" 2>&1
t3=$(date +%s.%N)
$timer -o "$out/dxpy.time" env "$@" "$repo/dx-py" test --junit-xml "$out/dxpy.xml" ${DXPY_ARGS:-} > "$out/dxpy.log" 2>&1
t4=$(date +%s.%N)
echo "# $name  wall seconds: run pytest $(echo "$t2 - $t1" | bc), dx-py $(echo "$t4 - $t3" | bc);" \
     "collect-only pytest $(echo "$t1 - $t0" | bc), dx-py $(echo "$t3 - $t2" | bc)"
for tool in pytest dxpy; do
  if [ -f "$out/$tool.time" ]; then
    IFS=_ read -r wall user sys < <(tail -1 "$out/$tool.time")
    echo "# $tool run: wall $wall s, CPU $(echo "$user + $sys" | bc) s (user $user, sys $sys)"
  fi
done
grep -h "fallback" "$out/dxpy.log" | head -50
"$py" "$here/compare_junit.py" "$out/pytest.xml" "$out/dxpy.xml" "$out/pytest.ids" "$out/dxpy.ids"
