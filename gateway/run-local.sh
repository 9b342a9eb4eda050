#!/usr/bin/env bash
# Runs the gateway on this machine against two throw-away mosquitto brokers on loopback (the Smile Place's and a
# stand-in for the city platform), with the shipped broker policy, and shows the normalized stream until Ctrl+C.
# Publish a frame to try it:  echo 204d23daff2b787903ab | xxd -r -p | mosquitto_pub -p 18831 -q 1 -t smile/up/node-1 -s
# With --fleet N it also runs N simulated LoRaWAN nodes (tools/Fleet) through a simulated ChirpStack.
set -euo pipefail
fleet=0
if [ "${1:-}" = "--fleet" ]; then fleet="${2:-200}"; fi
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/setup.sh"

work="$(mktemp -d)"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

for broker in local:18831 platform:18832; do
    name="${broker%%:*}"; port="${broker##*:}"
    mkdir -p "$work/$name"
    { cat "$root/gateway/deploy/mosquitto/policy.conf"
      echo "listener $port 127.0.0.1"; echo "allow_anonymous true"
      echo "persistence_location $work/$name/"; echo "log_dest file $work/$name/mosquitto.log"
      [ "$(id -u)" = 0 ] && echo "user root"; } > "$work/$name/mosquitto.conf"
    mosquitto -c "$work/$name/mosquitto.conf" & pids+=($!)
done
sleep 0.5

export Smile__Gateway__Id=demo-gateway Smile__Gateway__Site=demo-site Smile__Gateway__DataDirectory="$work/data" \
       Smile__LocalBroker__Port=18831 Smile__Upstream__Port=18832 Smile__Upstream__Tls__Enabled=false \
       Smile__Health__Url=http://127.0.0.1:18089
dotnet "$root/gateway/Smile.Gateway/bin/Release/net10.0/smile-gateway.dll" >&2 & pids+=($!)
echo "gateway: health on http://127.0.0.1:18089/status; local broker 127.0.0.1:18831; platform 127.0.0.1:18832" >&2
if [ "$fleet" -gt 0 ]; then
    sleep 2
    dotnet "$root/tools/Fleet/bin/Release/net10.0/smile-fleet.dll" --nodes "$fleet" --port 18831 --seconds 86400 >&2 & pids+=($!)
fi
mosquitto_sub -p 18832 -t 'smile/v1/#' -v
