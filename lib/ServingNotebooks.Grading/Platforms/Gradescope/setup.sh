#!/usr/bin/env bash
# Gradescope autograder setup for the ServingNotebooks workbook, made by `servingbook gradescope build`.
# Gradescope runs this once, as root, while it builds the autograder image (its Ubuntu 22.04 base image), with the
# autograder zip extracted into /autograder/source (Gradescope's autograder specification: "setup.sh ... installs all your
# dependencies"). AUTOGRADER_ROOT replaces /autograder, so the workbook's own test runs these steps in a temporary folder.
# Steps 1-3 need the network the first time (Gradescope's image build has it); step 4 leaves grading able to run offline.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
WORKBOOK="$ROOT/source/workbook"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# 1. System packages (skipped when present): bubblewrap for the grader's sandbox; curl, certificates and ICU for .NET.
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v curl >/dev/null 2>&1 || need+=(curl ca-certificates)
# ICU: read ldconfig's whole list into a variable first. `ldconfig -p | grep -q` under pipefail is a race: grep -q exits at
# the first match, ldconfig dies of SIGPIPE (141) and the pipeline reads "missing" (11 of 20 runs, issue 23). The package
# is whichever libicuNN the image's release has (libicu70 on Ubuntu 22.04, libicu72 on Debian 12), asked of apt itself.
libraries="$(ldconfig -p 2>/dev/null || true)"
if [[ "$libraries" != *libicuuc.so* ]]; then
  apt-get update
  icu="$(apt-cache search --names-only '^libicu[0-9]+$' | awk '{print $1}' | sort -V | tail -n 1)"
  need+=("${icu:-libicu-dev}")
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup.sh: installing ${need[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

# 2. The .NET 10 SDK (skipped when one is installed), with Microsoft's documented install script.
# (The list is read whole first, for the same pipefail reason as ldconfig above.)
sdks="$(dotnet --list-sdks 2>/dev/null || true)"
if ! [[ "$sdks" =~ (^|$'\n')10\. ]]; then
  echo "setup.sh: installing the .NET 10 SDK"
  curl -fsSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
  bash /tmp/dotnet-install.sh --channel 10.0 --install-dir /usr/share/dotnet
  ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
fi

# 3. Build the workbook: the helper library the notebooks load and the grader (restores NuGet packages). The grading
#    worker is precompiled (ReadyToRun: minutes here, once, for less JIT in every submission's run);
#    x86_64 only (the worker's ReadyToRun build is for linux-x64); SERVINGBOOK_WORKER_READY_TO_RUN=false skips it (the
#    workbook's own test of this script).
cd "$WORKBOOK"
ready_to_run=false
[ "$(uname -m)" = x86_64 ] && ready_to_run=true
dotnet build lib/ServingBook --nologo -v quiet "-p:GradeWorkerReadyToRun=${SERVINGBOOK_WORKER_READY_TO_RUN:-$ready_to_run}"

# 4. Warm the NuGet cache: grade the released notebook 01 once, outside the sandbox (which shows the cache read-only), so
#    the packages setup.dib loads with #r "nuget: ..." are cached and run_autograder needs no network.
dotnet lib/ServingBook/bin/Debug/net10.0/servingbook.dll grade notebooks/01-littles-law.ipynb \
  --source notebooks --exercises 1 --sandbox none --output "$ROOT/warm-up"
rm -rf "$ROOT/warm-up"

# 5. Where the container refuses bubblewrap's namespaces, run_autograder runs each notebook as an unprivileged user of its
#    own, which cannot write results/ or signal the grader (issue 23). That user must reach the NuGet packages the build
#    and the warm-up put in root's home (mode 700 on Ubuntu's image): let others pass through it, list nothing. Only in
#    Gradescope's own /autograder: the workbook's test of this script leaves its machine's home alone.
if [ "$ROOT" = /autograder ]; then
  chmod o+x "$HOME" "$HOME/.nuget"
  chmod 755 /autograder /autograder/source
fi
echo "setup.sh: done"
