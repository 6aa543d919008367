#!/usr/bin/env bash
# Runs one benchmark scenario: the peer's server in one JVM and a client in another, on 127.0.0.1, and prints the
# client's RESULT line (JSON) after a one-line summary. Builds the benchmark modules first if they are not built.
# A dubbo scenario runs inside a fresh network namespace (netns-run.sh, needs root or unprivileged user namespaces),
# because Dubbo advertises the host's address instead of 127.0.0.1.
#
# Usage: rpc-benchmark/run-scenario.sh --peer ferry|netty|http|dubbo [--variant executor|io] [--op getUser]
#          [--concurrency 32] [--warmup 5s] [--window 10s] [--timeout 3s] [--payload 100] [--option key=value]...
#          [--out DIR]   (JVM logs go to DIR/logs; default rpc-benchmark/results)
# Ops: existUser createUser getUser listUser echo (--payload sets echo's size in bytes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for module in bench-workload bench-ferry bench-dubbo; do
  if [ ! -f "rpc-benchmark/$module/target/classpath.txt" ]; then
    echo "building the benchmark modules..." >&2
    mvn -B -ntp -q package -DskipTests \
      -pl rpc-benchmark/bench-ferry,rpc-benchmark/bench-dubbo,rpc-benchmark/bench-registry -am
    break
  fi
done

peer=ferry
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  if [ "${args[i]}" = "--peer" ]; then peer="${args[i + 1]}"; fi
done

classpath="rpc-benchmark/bench-workload/target/classes:$(cat rpc-benchmark/bench-workload/target/classpath.txt)"
command=("$java" -cp "$classpath" io.ferryrpc.benchmark.runner.ScenarioRunner --repo "$repo" "$@")
if [ "$peer" = dubbo ]; then
  exec "$here/netns-run.sh" -- "${command[@]}"
fi
exec "${command[@]}"
