#!/usr/bin/env bash
# Runs the whole comparison - Ferry (executor and io dispatch), raw Netty, HTTP/1.1 + JSON and Apache Dubbo on the
# dubbo-benchmark workload, the concurrency and payload curves, and the registry's provider-list propagation to 100
# consumers - and writes the raw results to rpc-benchmark/results/<date>.jsonl and the report to
# docs/benchmarks.md (between its results markers) with SVG charts in docs/img/.
#
# Everything runs inside a fresh network namespace with only loopback (netns-run.sh; needs root or unprivileged
# user namespaces), because Dubbo rewrites 127.0.0.1 to the host's address. Takes about 12 minutes with --quick and
# about 40 minutes in full on 2 cores; nothing else should run meanwhile.
#
# Usage: rpc-benchmark/compare.sh [--quick] [--peers ferry,netty,http,dubbo] [--sections core,concurrency,payload,registry]
#          [--out DIR] [--registry-consumers 100] [--registry-changes 20] [--registry-mode client|registry]
#        rpc-benchmark/compare.sh --from rpc-benchmark/results/<date>.jsonl   (re-render the report only)
# --peers takes ferry:io or ferry:executor for one Ferry variant.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mvn -B -ntp -q package -DskipTests \
  -pl rpc-benchmark/bench-ferry,rpc-benchmark/bench-dubbo,rpc-benchmark/bench-registry -am

classpath="rpc-benchmark/bench-workload/target/classes:$(cat rpc-benchmark/bench-workload/target/classpath.txt)"
command=("$java" -cp "$classpath" io.ferryrpc.benchmark.runner.Compare --repo "$repo" "$@")
for arg in "$@"; do
  if [ "$arg" = "--from" ]; then
    # Re-rendering starts no peer, so it needs no namespace.
    exec "${command[@]}"
  fi
done
exec "$here/netns-run.sh" -- "${command[@]}"
