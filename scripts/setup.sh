#!/usr/bin/env bash
# Shared set-up of ./run.sh and ./test.sh: checks the toolchain and restores every .NET project.
# Sourced, not run: it leaves the caller in the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup: the .NET 10 SDK is missing (Debian does not package it): install it from Microsoft's packages, then run again" >&2
    exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "setup: restoring and building with dotnet $(dotnet --version)" >&2
build_log="$(mktemp)"
if ! dotnet build nf.proj -c Release -nologo -v quiet -clp:ErrorsOnly >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "setup: the build failed" >&2
    exit 1
fi
rm -f "$build_log"
