#!/usr/bin/env bash
# The main job. For now: decode frames (hex or base64) into the JSON integrators receive.
# With no arguments it decodes the standard frame of tests/vectors/frames.json.
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"

if [ "$#" -eq 0 ]; then
    set -- 204d23daff2b787903ab
fi
exec dotnet tools/Nodectl/bin/Release/net10.0/nodectl.dll decode "$@"
