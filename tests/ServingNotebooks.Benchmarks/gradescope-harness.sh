#!/usr/bin/env bash
# Runs a Gradescope autograder's run_autograder the way Gradescope's default harness limits it, and measures it:
# memory capped at 768 MB and CPU at half a core (cgroup v1 memory + cpu controllers; needs root), then prints the
# peak memory of the whole process tree (memory.max_usage_in_bytes), whether the cap was hit (memory.failcnt), wall-clock
# and CPU time. Usage: gradescope-harness.sh <autograder root with source/, run_autograder and submission/> [memory MB] [cpu %]
set -euo pipefail
ROOT="$(cd "${1:?usage: $0 <autograder root> [memory MB] [cpu %]}" && pwd)"
MEMORY_MB="${2:-768}"
CPU_PERCENT="${3:-50}"
NAME="servingbook-harness-$$"
MEM="/sys/fs/cgroup/memory/$NAME"
CPU="/sys/fs/cgroup/cpu/$NAME"
mkdir -p "$MEM" "$CPU"
trap 'rmdir "$MEM" "$CPU" 2>/dev/null || true' EXIT
echo $((MEMORY_MB * 1024 * 1024)) > "$MEM/memory.limit_in_bytes"
echo 100000 > "$CPU/cpu.cfs_period_us"
echo $((CPU_PERCENT * 1000)) > "$CPU/cpu.cfs_quota_us"
rm -f "$ROOT/results/results.json"
start=$(date +%s.%N)
# The child joins both cgroups before it starts the autograder, so every process it starts is counted and limited.
AUTOGRADER_ROOT="$ROOT" bash -c "echo \$\$ > $MEM/cgroup.procs; echo \$\$ > $CPU/cgroup.procs; exec /usr/bin/time -f 'cpu_seconds %U %S' '$ROOT/run_autograder'" > "$ROOT/harness.log" 2>&1 \
  && status=0 || status=$?
end=$(date +%s.%N)
peak=$(cat "$MEM/memory.max_usage_in_bytes")
fails=$(cat "$MEM/memory.failcnt")
cpu=$(grep '^cpu_seconds' "$ROOT/harness.log" | awk '{print $2 + $3}')
score=$(grep -m1 '"score"' "$ROOT/results/results.json" 2>/dev/null | tr -dc '0-9.')
printf 'limits: %s MB, %s%% of a core; load average before: %s\n' "$MEMORY_MB" "$CPU_PERCENT" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'exit %s, score %s, wall %.1f s, cpu %.1f s, peak memory %.0f MB (page cache included), limit hits %s\n' \
  "$status" "${score:-none}" "$(echo "$end - $start" | bc)" "$cpu" "$(echo "$peak / 1048576" | bc)" "$fails"
