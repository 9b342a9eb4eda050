#!/usr/bin/env bash
# Builds the gateway's Debian packages with dpkg-deb: packaging/deb/build.sh [output folder] (default artifacts/).
# One package per architecture (SMILE_ARCHITECTURES, default "arm64 amd64"): arm64 for Raspberry Pi OS 64-bit, amd64
# for PCs. The gateway is compiled ahead of time (NativeAOT): one native program of ~24 MB with no .NET runtime to
# install or to JIT on a Pi (docs/operations.md has the sizes, start times and memory against the JIT build). The arm64
# one is cross-compiled here with clang and Debian's aarch64 binutils and C library (scripts/setup.sh installs them).
# 32-bit Raspberry Pi OS (armhf) cannot be served: the NuGet registry has no linux-arm runtime pack.
# Prints the path of each package, one a line, in the order of SMILE_ARCHITECTURES.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
version="${SMILE_VERSION:-0.1.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rid() { case "$1" in amd64) echo x64 ;; *) echo "$1" ;; esac; }

# The native linker for another architecture than this machine's: clang targets any, with the target's binutils.
cross_toolchain() {
    [ "$1" = "$(dpkg --print-architecture)" ] && return
    local clang
    clang="$(command -v clang || command -v clang-14 || true)"
    [ -n "$clang" ] || { echo "build.sh: clang is needed to cross-compile for $1 (apt install clang)" >&2; exit 2; }
    local triple
    case "$1" in arm64) triple=aarch64-linux-gnu ;; amd64) triple=x86_64-linux-gnu ;; esac
    command -v "$triple-objcopy" >/dev/null || { echo "build.sh: $triple-objcopy is missing (apt install binutils-$triple gcc-$triple)" >&2; exit 2; }
    echo "-p:CppCompilerAndLinker=$clang -p:ObjCopyName=$triple-objcopy"
}

package() {
    local arch="$1" stage="$work/$1"
    # DebugType=none: the symbols are for developers, not for an SD card.
    dotnet publish "$root/gateway/Smile.Gateway/Smile.Gateway.csproj" -c Release -r "linux-$(rid "$arch")" \
        -p:PublishAot=true -p:DebugType=none $(cross_toolchain "$arch") -o "$stage/usr/lib/smile-gateway" -nologo -v quiet >&2
    # The native symbols (smile-gateway.dbg, larger than the program) stay with the developer too.
    rm -f "$stage/usr/lib/smile-gateway/"*.dbg
    install -d "$stage/usr/bin"
    ln -s ../lib/smile-gateway/smile-gateway "$stage/usr/bin/smile-gateway"
    install -D -m 644 "$root/gateway/deploy/systemd/smile-gateway.service" "$stage/lib/systemd/system/smile-gateway.service"
    # May hold passwords (status page, platform broker): root and the gateway's group only (postinst sets the group).
    install -D -m 640 "$root/packaging/deb/gateway.json" "$stage/etc/smile-gateway/gateway.json"
    install -D -m 644 "$root/gateway/deploy/mosquitto/acl" "$stage/etc/smile-gateway/mosquitto/acl"
    install -D -m 644 "$root/gateway/deploy/mosquitto/smile-place.conf" "$stage/etc/mosquitto/conf.d/smile-place.conf"
    install -D -m 644 "$root/gateway/deploy/mosquitto/policy.conf" "$stage/etc/mosquitto/conf.d/smile-policy.conf"
    install -D -m 644 "$root/gateway/schema/"*.json -t "$stage/usr/share/smile-gateway/schema"
    for script in postinst prerm postrm; do install -D -m 755 "$root/packaging/deb/$script" "$stage/DEBIAN/$script"; done
    (cd "$stage" && find etc -type f | sed 's#^#/#' | sort) > "$stage/DEBIAN/conffiles"
    # What the native program needs: glibc (it and SQLite link libc and libm only), OpenSSL 3 loaded for TLS (libssl3t64
    # on Debian 13), CA certificates (the platform broker's certificate is verified). No ICU: invariant globalization.
    cat > "$stage/DEBIAN/control" <<CONTROL
Package: smile-gateway
Version: $version
Architecture: $arch
Maintainer: Smile Sensors <smile-sensors@users.noreply.github.com>
Depends: adduser, mosquitto (>= 2.0), libc6 (>= 2.27), libssl3 | libssl3t64, ca-certificates
Section: net
Priority: optional
Installed-Size: $(du -sk "$stage" | cut -f1)
Description: Smile Place gateway: sensor uplinks to the city data platform
 Takes Wi-Fi and LoRaWAN (ChirpStack, The Things Stack) uplinks of Smile sensor
 nodes from the local mosquitto, decodes and checks them, keeps them in a durable
 SQLite buffer and forwards normalized MQTT streams to the city's platform.
 A native program (compiled ahead of time): no .NET runtime to install.
CONTROL
    local deb="$out/smile-gateway_${version}_${arch}.deb"
    dpkg-deb --root-owner-group --build "$stage" "$deb" >&2
    echo "$deb"
}

for arch in ${SMILE_ARCHITECTURES:-arm64 amd64}; do
    package "$arch"
done
