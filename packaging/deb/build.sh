#!/usr/bin/env bash
# Builds the gateway's Debian package with dpkg-deb: packaging/deb/build.sh [output folder] (default artifacts/).
# Framework-dependent and portable (Architecture: all): it runs on a Raspberry Pi (arm64) and on amd64 alike with
# Microsoft's aspnetcore-runtime-10.0, which Debian does not package (so it is recommended, and checked at install).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
version="${SMILE_VERSION:-0.1.0}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

dotnet publish "$root/gateway/Smile.Gateway/Smile.Gateway.csproj" -c Release --no-self-contained -p:UseAppHost=false \
    -o "$stage/usr/lib/smile-gateway" -nologo -v quiet >&2
install -D -m 755 "$root/packaging/deb/smile-gateway" "$stage/usr/bin/smile-gateway"
install -D -m 644 "$root/gateway/deploy/systemd/smile-gateway.service" "$stage/lib/systemd/system/smile-gateway.service"
# May hold passwords (status page, platform broker): root and the gateway's group only (postinst sets the group).
install -D -m 640 "$root/packaging/deb/gateway.json" "$stage/etc/smile-gateway/gateway.json"
install -D -m 644 "$root/gateway/deploy/mosquitto/acl" "$stage/etc/smile-gateway/mosquitto/acl"
install -D -m 644 "$root/gateway/deploy/mosquitto/smile-place.conf" "$stage/etc/mosquitto/conf.d/smile-place.conf"
install -D -m 644 "$root/gateway/deploy/mosquitto/policy.conf" "$stage/etc/mosquitto/conf.d/smile-policy.conf"
install -D -m 644 "$root/gateway/schema/"*.json -t "$stage/usr/share/smile-gateway/schema"
for script in postinst prerm postrm; do install -D -m 755 "$root/packaging/deb/$script" "$stage/DEBIAN/$script"; done
(cd "$stage" && find etc -type f | sed 's#^#/#' | sort) > "$stage/DEBIAN/conffiles"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: smile-gateway
Version: $version
Architecture: all
Maintainer: Smile Sensors <smile-sensors@users.noreply.github.com>
Depends: adduser, mosquitto (>= 2.0)
Recommends: aspnetcore-runtime-10.0
Section: net
Priority: optional
Installed-Size: $(du -sk "$stage" | cut -f1)
Description: Smile Place gateway: sensor uplinks to the city data platform
 Takes Wi-Fi and LoRaWAN (ChirpStack, The Things Stack) uplinks of Smile sensor
 nodes from the local mosquitto, decodes and checks them, keeps them in a durable
 SQLite buffer and forwards normalized MQTT streams to the city's platform.
CONTROL
deb="$out/smile-gateway_${version}_all.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >&2
echo "$deb"
