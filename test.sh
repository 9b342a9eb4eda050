#!/usr/bin/env bash
# Runs every test of the project. Needs only the .NET 10 SDK; installs and builds the rest itself.
#   ./test.sh          every test: in-process and process-level (real brokers, gateway processes, Node.js)
#   ./test.sh --fast   the in-process ones only (firmware, gate, codec, nodectl, gateway), well under a minute after the build
set -euo pipefail
fast=false
[ "${1:-}" = "--fast" ] && fast=true
source "$(dirname "$0")/scripts/setup.sh"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
for project in tests/*/*.csproj; do
    filter=()
    if $fast; then
        # This project tests against real mosquitto brokers throughout.
        case "$project" in tests/Smile.Mqtt.Tests/*) continue ;; esac
        filter=(--filter "Category!=process")
    fi
    echo "== $project"
    dotnet test "$project" -c Release --no-build --nologo "${filter[@]}" 2>&1 | tee -a "$log" || status=1
done

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
    status=1
fi
echo "$passed passed, $failed failed"
exit $status
