#!/usr/bin/env bash
# The one test command: builds the solution once, runs the unit/integration tests and the browser journeys,
# and ends with the line "N passed, N failed" (summed over every test project).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The journeys drive Debian's Chromium (never a Playwright browser download).
chromium="${CRM_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
    echo "Installing Chromium (no browser at $chromium)..."
    sudo=""
    if [[ "$(id -u)" != "0" ]]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

dotnet tool restore
dotnet build Crm.sln

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

projects=(tests/Crm.Tests tests/Crm.EndToEnd)
status=0
for project in "${projects[@]}"; do
    name="$(basename "$project")"
    if ! dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results"; then
        status=1
    fi
done

# Sum the counters of every trx file; a project whose run crashed before writing one counts as a failure.
passed=0
failed=0
for project in "${projects[@]}"; do
    trx="$results/$(basename "$project").trx"
    if [[ ! -f "$trx" ]]; then
        echo "No test results for $project." >&2
        failed=$((failed + 1))
        continue
    fi
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
    t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
    a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

if (( failed > 0 || passed == 0 )); then
    status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
