#!/usr/bin/env bash
# Grading benchmark: `servingbook grade` on a generated class against `jupyter nbconvert --execute` one notebook at a time
# (how nbgrader and otter-grader execute notebooks). Not a test: it takes several minutes. Usage, from the repository root:
#
#   tests/ServingNotebooks.Benchmarks/grading-benchmark.sh [students=50] [nbconvert-sample=20]
#
# A sample of 0 skips the nbconvert comparison.
# Needs: dotnet build done; for the comparison, Jupyter with the .NET (C#) kernel (`jupyter kernelspec list` shows .net-csharp)
# and the repository's local dotnet-interactive tool (`dotnet tool restore`). Set SERVINGBOOK to grade with another build,
# e.g. SERVINGBOOK="dotnet /tmp/servingbook-r2r/servingbook.dll" for a ReadyToRun publish, and SANDBOX=bwrap|none|auto (default auto).
set -euo pipefail
cd "$(dirname "$0")/../.."
students=${1:-50}
sample=${2:-20}
python=${PYTHON:-/usr/bin/python3}
jupyter=${JUPYTER:-jupyter}
servingbook=${SERVINGBOOK:-dotnet lib/ServingBook/bin/Debug/net10.0/servingbook.dll}
bench=out/bench
rm -rf "$bench"
mkdir -p "$bench"

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== student notebooks (release)"
$servingbook release --output "$bench/student" > /dev/null

echo "== generating a class of $students students"
"$python" - "$students" "$bench" <<'EOF'
import glob, os, shutil, sys
students, bench = int(sys.argv[1]), sys.argv[2]
exercises = sorted(os.path.basename(p) for p in glob.glob("notebooks/[01][0-9]-*.ipynb"))
for i in range(students):
    folder = os.path.join(bench, "class", f"student-{i + 1:03}")
    os.makedirs(folder)
    for n, name in enumerate(exercises):
        # Two thirds solved (the instructor's notebook), one third handed in as released (the starter's placeholders).
        source = "notebooks" if (i + n) % 3 else os.path.join(bench, "student")
        shutil.copy(os.path.join(source, name), os.path.join(folder, name))
print(f"{students} students x {len(exercises)} notebooks = {students * len(exercises)} notebooks")
EOF
total=$(find "$bench/class" -name '*.ipynb' | wc -l)

echo "== servingbook grade ($total notebooks, $(nproc) at once)"
# Wall-clock time, and CPU time (user + system, worker processes included), which depends less on other load.
/usr/bin/time -f '%e %U %S' -o "$bench/grade.time" $servingbook grade "$bench/class" --output "$bench/grades" --redo --sandbox "${SANDBOX:-auto}" > "$bench/grade.log"
read -r grade_seconds grade_user grade_system < "$bench/grade.time"
grade_cpu=$(echo "$grade_user + $grade_system" | bc -l)
tail -n 2 "$bench/grade.log" | head -n 1
printf 'servingbook grade: %d notebooks in %.1f s = %.2f notebooks/s; %.2f CPU-s per notebook\n' \
  "$total" "$grade_seconds" "$(echo "$total / $grade_seconds" | bc -l)" "$(echo "$grade_cpu / $total" | bc -l)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$sample" -eq 0 ]; then
  exit 0
fi

if ! "$jupyter" kernelspec list 2>/dev/null | grep -q '\.net-csharp'; then
  echo "(no .net-csharp Jupyter kernel: nbconvert comparison skipped)"
  exit 0
fi

echo "== jupyter nbconvert --execute, one notebook at a time, on $sample of them"
# A copy laid out like the workbook (notebooks/ beside lib/), inside the repository so that its dotnet-interactive tool is found.
nbc="$bench/nbconvert"
mkdir -p "$nbc/notebooks" "$nbc/lib/ServingMath"
cp -r lib/ServingMath/bin "$nbc/lib/ServingMath/"
cp notebooks/setup.dib "$nbc/notebooks/"
cp -r notebooks/data "$nbc/notebooks/"
find "$bench/class" -name '*.ipynb' | sort | head -n "$sample" | while read -r f; do
  cp "$f" "$nbc/notebooks/$(basename "$(dirname "$f")")-$(basename "$f")"
done
cat > "$bench/nbconvert.sh" <<EOF
cd "$nbc/notebooks"
for f in *.ipynb; do
  "$jupyter" nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.kernel_name=.net-csharp \
    --ExecutePreprocessor.timeout=120 --output-dir ../executed "\$f" > /dev/null 2>&1
done
EOF
/usr/bin/time -f '%e %U %S' -o "$bench/nbconvert.time" bash "$bench/nbconvert.sh"
read -r nbc_seconds nbc_user nbc_system < "$bench/nbconvert.time"
executed=$(find "$nbc/executed" -name '*.ipynb' | wc -l)
[ "$executed" -eq "$sample" ] || echo "warning: nbconvert executed only $executed of $sample notebooks"
per=$(echo "$nbc_seconds / $sample" | bc -l)
per_cpu=$(echo "($nbc_user + $nbc_system) / $sample" | bc -l)
printf 'nbconvert: %d notebooks in %.1f s = %.2f s each = %.2f notebooks/s; %.2f CPU-s per notebook; %d notebooks would take %.0f s\n' \
  "$sample" "$nbc_seconds" "$per" "$(echo "1 / $per" | bc -l)" "$per_cpu" "$total" "$(echo "$per * $total" | bc -l)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'servingbook grade is %.1fx faster than nbconvert one by one (wall clock), and uses %.1fx less CPU per notebook\n' \
  "$(echo "$per * $total / $grade_seconds" | bc -l)" "$(echo "$per_cpu * $total / $grade_cpu" | bc -l)"
