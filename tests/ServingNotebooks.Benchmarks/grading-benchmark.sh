#!/usr/bin/env bash
# Grading benchmark: `servingbook grade` on a generated class against `jupyter nbconvert --execute` one notebook at a time
# (how nbgrader and otter-grader execute notebooks). Not a test: it takes several minutes. Usage, from the repository root:
#
#   tests/ServingNotebooks.Benchmarks/grading-benchmark.sh [students=50] [nbconvert-sample=20]
#
# Needs: dotnet build done; for the comparison, Jupyter with the .NET (C#) kernel (`jupyter kernelspec list` shows .net-csharp)
# and the repository's local dotnet-interactive tool (`dotnet tool restore`). Set SERVINGBOOK to grade with another build,
# e.g. SERVINGBOOK="dotnet /tmp/servingbook-r2r/servingbook.dll" for a ReadyToRun publish.
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
start=$(date +%s.%N)
$servingbook grade "$bench/class" --output "$bench/grades" --redo > "$bench/grade.log"
end=$(date +%s.%N)
grade_seconds=$(echo "$end - $start" | bc -l)
tail -n 2 "$bench/grade.log" | head -n 1
printf 'servingbook grade: %d notebooks in %.1f s = %.2f notebooks/s\n' "$total" "$grade_seconds" "$(echo "$total / $grade_seconds" | bc -l)"

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
start=$(date +%s.%N)
for f in "$nbc"/notebooks/*.ipynb; do
  (cd "$nbc/notebooks" && "$jupyter" nbconvert --to notebook --execute --allow-errors \
     --ExecutePreprocessor.kernel_name=.net-csharp --ExecutePreprocessor.timeout=120 \
     --output-dir ../executed "$(basename "$f")" > /dev/null 2>&1)
done
end=$(date +%s.%N)
nbc_seconds=$(echo "$end - $start" | bc -l)
per=$(echo "$nbc_seconds / $sample" | bc -l)
printf 'nbconvert: %d notebooks in %.1f s = %.2f s each = %.2f notebooks/s; %d notebooks would take %.0f s\n' \
  "$sample" "$nbc_seconds" "$per" "$(echo "1 / $per" | bc -l)" "$total" "$(echo "$per * $total" | bc -l)"
printf 'servingbook grade is %.1fx faster than nbconvert one by one\n' "$(echo "$per * $total / $grade_seconds" | bc -l)"
