#!/usr/bin/env bash
# Builds Ferry (without running the tests) and runs a monitor center. Options (later ones win):
#   --registry URL --bind ADDRESS --host HOST --rpc-port N --http-bind ADDRESS --http-port N --slot S --history MIN
# It listens on 127.0.0.1 unless told otherwise; the dashboard is at http://127.0.0.1:8090/ by default.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -ntp -DskipTests install
exec java -cp "rpc-examples/target/classes:rpc-examples/target/lib/*" io.ferryrpc.monitor.center.MonitorCenterMain \
  --bind 127.0.0.1 --host 127.0.0.1 --http-bind 127.0.0.1 "$@"
