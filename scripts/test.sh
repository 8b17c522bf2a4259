#!/usr/bin/env bash
# Runs every test: starts the backing services the integration tests need, builds in Release,
# runs all test projects, and prints one closing line "Tests: N passed, N failed, N skipped".
# Exits non-zero when a test failed or when no test ran. Extra arguments go to dotnet test
# (e.g. --filter "FullyQualifiedName~Contracts").
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/TestResults"
rm -rf "$results"

bash scripts/services.sh up || { echo "Tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

if ! dotnet build Observatory.sln -c Release -nologo -clp:ErrorsOnly -v:q; then
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# -m:1: one test project at a time, so the process-heavy integration tests never starve the
# timing-sensitive ones of the two cores.
dotnet test Observatory.sln -c Release --no-build --nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
test_exit=$?

sum() { # attribute
  local total=0 value
  for value in $(grep -ho "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); do
    total=$((total + value))
  done
  echo "$total"
}
passed=$(sum passed)
failed=$(($(sum failed) + $(sum error) + $(sum timeout) + $(sum aborted)))
# The trx counters leave skipped tests (xunit v3 Assert.Skip) out of notExecuted: count what did not run.
skipped=$(($(sum total) - $(sum executed)))
if { [ "$failed" -ne 0 ] || [ "$test_exit" -ne 0 ]; } && command -v python3 >/dev/null; then
  python3 scripts/lib/failed-tests.py "$results"/*.trx || true
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"

if [ "$test_exit" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
