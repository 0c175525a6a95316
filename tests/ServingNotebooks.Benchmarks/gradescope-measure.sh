#!/usr/bin/env bash
# Measures one Gradescope submission without cgroups (for machines where making a cgroup is not yours to do; with root
# and cgroup v1, gradescope-harness.sh caps memory and CPU for real). Builds the autograder bundle of the workbook, unzips
# it into <work>/autograder/source, runs its setup.sh there (as Gradescope's image build does), puts the ten instructor
# notebooks in submission/ (a full ten-notebook submission, 100/100 when graded right), then runs run_autograder offline
# (unshare -n) in each mode and prints: score, wall-clock, and, sampled from /proc every 0.25 s (every 0.2 s in "half"):
# CPU (user + system, the last value seen of each process of the tree: processes shorter than a sample are missed), the
# peak memory of the whole tree (the sum of PSS, which splits shared pages, and the sum of RSS, which counts them in every
# process) and the largest single process's RSS. (/usr/bin/time cannot tell: the grader kills the sandboxed worker's tree,
# so its usage never reaches run_autograder's rusage.)
#
# Modes: "setup" (only prepare), "free" (no limit), "1core" (taskset -c 0), "half" (taskset -c 0, and the whole tree
# stopped (SIGSTOP) 100 ms of every 200 ms: an approximation of Gradescope's half vCPU, which is a CFS quota of 50 %).
# Memory is measured, not capped: compare the peak with 768 MB.
#
# Usage: gradescope-measure.sh <work folder> [modes...]   (default modes: free half); SKIP_SETUP=1 reuses <work>/autograder;
# BUILD_ARGS="--timeout 120" is passed to `gradescope build`.
set -euo pipefail
WORKBOOK="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mkdir -p "${1:?usage: $0 <work folder> [free|1core|half ...]}" && cd "$1" && pwd)"
shift
if [ $# -eq 0 ]; then MODES=(free half); else MODES=("$@"); fi
ROOT="$WORK/autograder"
SERVINGBOOK="$WORKBOOK/lib/ServingBook/bin/Debug/net10.0/servingbook.dll"

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  rm -rf "$ROOT" "$WORK/autograder.zip"
  dotnet build "$WORKBOOK/lib/ServingBook" --nologo -v quiet
  dotnet "$SERVINGBOOK" gradescope build --workbook "$WORKBOOK" --output "$WORK/autograder.zip" ${BUILD_ARGS:-}
  mkdir -p "$ROOT/source"
  (cd "$ROOT/source" && unzip -q "$WORK/autograder.zip")
  cp "$ROOT/source/run_autograder" "$ROOT/run_autograder"
  AUTOGRADER_ROOT="$ROOT" bash "$ROOT/source/setup.sh" > "$WORK/setup.log" 2>&1 || { tail -30 "$WORK/setup.log"; exit 1; }
  rm -rf "$ROOT/submission"
  mkdir -p "$ROOT/submission"
  cp "$WORKBOOK"/notebooks/[01][0-9]-*.ipynb "$ROOT/submission/"
  printf '{"users": [{"email": "full@example.edu", "name": "Full Submission"}]}\n' > "$ROOT/submission_metadata.json"
fi

TICKS=$(getconf CLK_TCK)

# The pids of a process and all its descendants (bubblewrap's sandboxed processes included: they are in the host's /proc).
tree_pids() {
  local pids=("$1") i=0
  while [ $i -lt ${#pids[@]} ]; do
    for child in $(cat /proc/"${pids[$i]}"/task/*/children 2>/dev/null); do pids+=("$child"); done
    i=$((i + 1))
  done
  echo "${pids[@]}"
}

for mode in "${MODES[@]}"; do
  case "$mode" in
    setup) continue ;;
    free|half) wrap=() ;;
    1core) wrap=(taskset -c 0) ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  [ "$mode" = half ] && wrap=(taskset -c 0)
  mkdir -p "$ROOT/results"
  rm -f "$ROOT/results/results.json"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date +%s.%N)
  AUTOGRADER_ROOT="$ROOT" unshare -n "${wrap[@]}" "$ROOT/run_autograder" > "$WORK/run-$mode.log" 2>&1 &
  top=$!
  peak_pss=0; peak_rss=0; peak_one=0
  declare -A cpu=()
  while kill -0 "$top" 2>/dev/null; do
    tick=$(date +%s%N)
    pids=$(tree_pids "$top")
    pss=0; rss=0
    for pid in $pids; do
      read -r p r < <(awk '/^Pss:/ {p = $2} /^Rss:/ {r = $2} END {print p + 0, r + 0}' /proc/"$pid"/smaps_rollup 2>/dev/null || echo "0 0")
      pss=$((pss + p)); rss=$((rss + r))
      [ "$r" -gt "$peak_one" ] && peak_one=$r
      # utime + stime (fields 14 and 15, counted after the ") " that ends the command name), the latest seen per pid.
      t=$(sed 's/^.*) //' /proc/"$pid"/stat 2>/dev/null | awk '{print $12 + $13}') && [ -n "$t" ] && cpu[$pid]=$t
    done
    [ "$pss" -gt "$peak_pss" ] && peak_pss=$pss
    [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
    if [ "$mode" = half ]; then
      # Half a core: on one core (taskset), the tree runs 100 ms (this sampling included), then is stopped 100 ms, as a
      # CFS quota of 50 % throttles it.
      rest=$(( (100000000 - ($(date +%s%N) - tick)) / 1000 ))
      [ "$rest" -gt 0 ] && sleep "0.$(printf '%06d' "$rest")"
      # shellcheck disable=SC2086
      kill -STOP $pids 2>/dev/null || true
      sleep 0.1
      # shellcheck disable=SC2086
      kill -CONT $pids 2>/dev/null || true
    else
      sleep 0.25
    fi
  done
  wait "$top" && status=0 || status=$?
  end=$(date +%s.%N)
  ticks=0
  for t in "${cpu[@]}"; do ticks=$((ticks + t)); done
  unset cpu
  score=$(grep -m1 '"score"' "$ROOT/results/results.json" 2>/dev/null | tr -dc '0-9.')
  sandbox=$(grep -q 'without bubblewrap' "$WORK/run-$mode.log" && echo off || echo bubblewrap)
  printf '%s: exit %s, score %s, sandbox %s, wall %.1f s, cpu %.1f s, tree peak PSS %d MB (RSS sum %d MB), largest process %d MB RSS; load before %s, after %s\n' \
    "$mode" "$status" "${score:-none}" "$sandbox" "$(echo "$end - $start" | bc)" "$(echo "scale=1; $ticks / $TICKS" | bc)" \
    $((peak_pss / 1024)) $((peak_rss / 1024)) $((peak_one / 1024)) "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
