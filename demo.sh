#!/usr/bin/env bash
# Builds Ferry (without running the tests) and runs the demo: the order system calls the payment system,
# which runs in a separate JVM. Needs JDK 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -ntp -DskipTests install
exec java -cp "rpc-examples/target/classes:rpc-examples/target/lib/*" io.ferryrpc.examples.shop.order.QuickDemo
