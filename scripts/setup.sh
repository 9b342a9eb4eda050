#!/usr/bin/env bash
# Shared set-up of ./run.sh and ./test.sh: checks the toolchain and restores every .NET project.
# Sourced, not run: it leaves the caller in the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup: the .NET 10 SDK is missing (Debian does not package it): install it from Microsoft's packages, then run again" >&2
    exit 2
fi

# Debian packages the tests and the gateway use: a real mosquitto, openssl for test certificates, Node.js for the
# independent JSON Schema check and the payload formatter, Chromium for the status page test; for the city side
# (tools/Ingest, tests/Smile.City.Tests) nats-server as the platform broker and PostgreSQL 15's binaries.
missing=()
command -v mosquitto >/dev/null 2>&1 || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
# The Raspberry Pi package's binary runs under qemu in the tests (Arm64PackageTests), with Debian's arm64 C library.
command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
[ -d /usr/aarch64-linux-gnu/lib ] || missing+=(libc6-arm64-cross)
[ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || missing+=(libstdc++6-arm64-cross)
# packaging/deb/build.sh compiles the gateway ahead of time: a C toolchain links it, and for the Raspberry Pi's arm64
# clang with Debian's aarch64 binutils, C runtime objects and C library.
command -v clang >/dev/null 2>&1 || command -v clang-14 >/dev/null 2>&1 || missing+=(clang)
command -v aarch64-linux-gnu-objcopy >/dev/null 2>&1 || missing+=(binutils-aarch64-linux-gnu)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
[ -e /usr/aarch64-linux-gnu/lib/libc.so ] || missing+=(libc6-dev-arm64-cross)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >&2
fi
# OpenSSL for arm64 (the arm64 runtime's TLS): not in the cross packages, so from Debian's arm64 archive (multiarch).
if [ ! -e /usr/lib/aarch64-linux-gnu/libssl.so.3 ] && [ "$(dpkg --print-architecture)" != arm64 ]; then
    echo "setup: installing libssl3:arm64 (multiarch) for the arm64 package's TLS test" >&2
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd dpkg --add-architecture arm64
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libssl3:arm64 >&2
fi

for js in tests/schema-check tests/formatter; do
    if [ ! -d "$js/node_modules" ]; then
        (cd "$js" && npm ci --no-audit --no-fund --silent) >&2
    fi
done

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
