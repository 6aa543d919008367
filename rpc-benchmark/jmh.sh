#!/usr/bin/env bash
# Runs the JMH microbenchmarks of rpc-benchmark/bench-ferry, building the module first when it is missing or older
# than its sources. Arguments go to JMH as they are (a benchmark regex, -p peer=ferry, -prof stack...); the short
# defaults below are added only for the options not given, so that a run fits in a few minutes on two cores.
#
#   rpc-benchmark/jmh.sh                                  # everything, with -prof gc (B/op as gc.alloc.rate.norm)
#   rpc-benchmark/jmh.sh RoundTripBenchmark -p peer=netty # one class, one peer
#   rpc-benchmark/jmh.sh -l                               # list the benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
module=rpc-benchmark/bench-ferry
stamp=$module/target/classpath.txt

if [[ ! -f $stamp || ! -f $module/target/classes/META-INF/BenchmarkList ]] \
    || [[ -n "$(find $module/src $module/pom.xml rpc-core/src rpc-benchmark/bench-workload/src -newer "$stamp" \
                 -type f -print -quit)" ]]; then
  echo "jmh.sh: building $module" >&2
  mvn -B -ntp -q package -pl "$module" -am -DskipTests
fi

given=" $* "
defaults=()
add_default() { # option value...: added unless the option was given
  local option=$1; shift
  [[ $given == *" $option "* ]] || defaults+=("$option" "$@")
}
add_default -f 1
add_default -wi 3
add_default -w 2s
add_default -i 5
add_default -r 2s
add_default -prof gc

exec java -cp "$(cat "$stamp"):$module/target/classes" org.openjdk.jmh.Main "${defaults[@]}" "$@"
