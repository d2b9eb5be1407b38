#!/usr/bin/env bash
# Run one benchmark and keep its output with what the machine was doing:
#   scripts/bench.sh bench_launch [args…]   → benchmarks/results/bench_launch-<n>.log
# The log starts with the command, the time and the load average before and ends with it after;
# scripts/perf_table.py turns the logs' RESULT lines into the README's performance table.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; shift
mkdir -p benchmarks/results
n=1
while [[ -e "benchmarks/results/$name-$n.log" ]]; do n=$((n + 1)); done
log="benchmarks/results/$name-$n.log"
{
  echo "# command: .venv/bin/python benchmarks/$name.py $*"
  echo "# started: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$log"
.venv/bin/python "benchmarks/$name.py" "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$log"
echo "# exit: $status" >> "$log"
echo "wrote $log" >&2
exit "$status"
