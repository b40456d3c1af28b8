#!/usr/bin/env bash
# Runs Relais' planner and PyVRP on the same VRPTW instances with the same time limit, one core
# each, and prints both summaries side by side (a table at the end; raw lines in target/bench).
# Both answers are checked and scored by the same independent checker (`relais-bench vrptw`), with exact
# Euclidean distances.
#
#   bench/compare_pyvrp.sh [SECONDS...]          default: 1 5 30
#   BENCH_DIR=../shared/bench/vrptw ONLY=R1 bench/compare_pyvrp.sh 5
#   ONLY=_4_,_6_,_8_,_10_ bench/compare_pyvrp.sh 5 30     # the 400 to 1,000-customer sets
#
# PyVRP 0.14.1 is installed from PyPI into target/pyvrp-venv on first use. With two or more cores
# the two solvers run at the same time, pinned to different cores with taskset; otherwise one after
# the other.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-../shared/bench/vrptw}
ONLY=${ONLY:-}
SEED=${SEED:-1}
OUT=${OUT:-target/bench}
SECONDS_LIST=("${@:-1 5 30}")
read -r -a SECONDS_LIST <<<"${SECONDS_LIST[*]}"

VENV=target/pyvrp-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pyvrp' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet 'pyvrp==0.14.1'
fi
cargo build --release --quiet -p relais-loadtest --bin relais-bench
mkdir -p "$OUT"

pin() { # pin CORE COMMAND... — run on one core when taskset exists
  local core=$1
  shift
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then taskset -c "$core" "$@"; else "$@"; fi
}

mapfile -t FILES < <(find "$BENCH_DIR" -name '*.txt' | sort | grep -i -E -- "${ONLY//,/|}" || true)
if [ "${#FILES[@]}" -eq 0 ]; then
  echo "no instance files under $BENCH_DIR matching '$ONLY'" >&2
  exit 1
fi

for seconds in "${SECONDS_LIST[@]}"; do
  relais_log="$OUT/relais-${seconds}s.txt"
  pyvrp_routes="$OUT/pyvrp-${seconds}s.routes"
  pin 0 ./target/release/relais-bench vrptw --seconds "$seconds" --seed "$SEED" --only "$ONLY" \
    "$BENCH_DIR" >"$relais_log" &
  relais_pid=$!
  if [ "$(nproc)" -lt 2 ]; then wait "$relais_pid"; fi
  pin 1 "$VENV/bin/python" bench/pyvrp_vrptw.py "$seconds" "$SEED" "${FILES[@]}" >"$pyvrp_routes"
  wait "$relais_pid"
  ./target/release/relais-bench vrptw --routes "$pyvrp_routes" --label pyvrp-0.14.1 --seconds "$seconds" \
    --only "$ONLY" "$BENCH_DIR" >"$OUT/pyvrp-${seconds}s.txt"
  grep -h '^summary' "$relais_log" "$OUT/pyvrp-${seconds}s.txt" >"$OUT/summary-${seconds}s.txt"
done

# Side by side: one row per solver and time limit.
printf '%-14s %6s %14s %12s %12s %12s %10s %10s\n' solver seconds extra_vehicles at_bks_fleet gap_at_fleet gap_all infeasible iter/s
for seconds in "${SECONDS_LIST[@]}"; do
  sed 's/[a-z_]*=//g' "$OUT/summary-${seconds}s.txt" | while read -r _ solver secs _ extra at gap all bad speed; do
    printf '%-14s %6s %14s %12s %12s %12s %10s %10s\n' "$solver" "$secs" "$extra" "$at" "$gap" "$all" "$bad" "$speed"
  done
done
