#!/usr/bin/env bash
# Builds Ferry (without running the tests) and runs the shop demo on this machine, everything on 127.0.0.1: an
# embedded ZooKeeper, the monitor center (dashboard URL printed), two payment machines and an inventory machine as
# separate JVMs, and the order system in this JVM; one payment machine is stopped midway. Needs JDK 17 and Maven.
# Options go to the demo: --orders N --stop-after N --concurrency N --rate PER_SECOND --http-port N --linger SECONDS
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -ntp -DskipTests install
exec java -cp "rpc-examples/target/classes:rpc-examples/target/lib/*" io.ferryrpc.examples.shop.demo.ShopDemo "$@"
