#!/usr/bin/env bash
# The main job: a live Smile Place on loopback. Two mosquitto brokers (the Smile Place's and a stand-in for the city
# platform's), the gateway, and a simulated fleet of Wi-Fi and LoRaWAN nodes (some with faults, one sending
# corrupted frames); the terminal shows the normalized stream as an integrator receives it. Ctrl+C stops it all.
#   ./run.sh                      live, until Ctrl+C
#   ./run.sh --seconds 60         timed: prints a summary and exits 1 if any sample was lost
#   ./run.sh --nodes 200 --wifi-share 0.5 --speed 120
# The city: several Smile Places (each its own mosquitto, gateway and fleet) forwarding to a 3-member nats-server
# cluster, two ingest instances writing into PostgreSQL; ends with a summary per place and "lost=0 duplicates=0".
#   ./run.sh --city                          3 places, 60 s, 100 frames/s each
#   ./run.sh --city --places 5 --seconds 120 --rate 200
#   ./run.sh --city --city-faults            SIGKILLs a cluster member and an ingest instance a third of the way in
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
exec dotnet tools/Demo/bin/Release/net10.0/smile-demo.dll "$@"
