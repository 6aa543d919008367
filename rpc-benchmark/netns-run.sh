#!/usr/bin/env bash
# Runs one command in a network namespace of its own in which only loopback is up, and deletes the namespace when
# the command ends, however it ends.
#
#   rpc-benchmark/netns-run.sh -- java -cp ... io.ferryrpc.benchmark.driver.ServerMain --peer dubbo
#
# Why: Apache Dubbo replaces 127.0.0.1 with the machine's first network address, and benchmark traffic must never
# reach the machine's external interface. In a namespace with only lo up there is no other address to use. The
# comparison runs every peer this way, so that all of them measure under the same conditions.
#
# The command's exit status is the script's. NETNS_RUN_PREFIX (default ferry-bench) starts the namespace's name; the
# rest is this shell's pid and a random number, so concurrent runs never share a namespace. Needs root and iproute2.
set -euo pipefail

usage() {
  echo "usage: $0 -- COMMAND [ARG...]" >&2
  exit 2
}

[[ $# -ge 2 && $1 == "--" ]] || usage
shift

if [[ $(id -u) -ne 0 ]]; then
  echo "$0: network namespaces need root (running as uid $(id -u))" >&2
  exit 1
fi
if ! command -v ip >/dev/null 2>&1; then
  echo "$0: the 'ip' command (iproute2) is missing" >&2
  exit 1
fi

ns="${NETNS_RUN_PREFIX:-ferry-bench}-$$-${RANDOM}${RANDOM}"
created=false

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if $created; then
    # Anything the command left running in the namespace goes with it: the namespace must not outlive the run.
    local pids
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [[ -n $pids ]]; then
      # shellcheck disable=SC2086 # one pid per word
      kill -TERM $pids 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        [[ -z $(ip netns pids "$ns" 2>/dev/null || true) ]] && break
        sleep 0.5
      done
      pids=$(ip netns pids "$ns" 2>/dev/null || true)
      # shellcheck disable=SC2086
      [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
    fi
    if ! ip netns delete "$ns"; then
      echo "$0: could not delete network namespace $ns" >&2
      [[ $status -ne 0 ]] || status=1
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

ip netns add "$ns"
created=true
ip netns exec "$ns" ip link set lo up

# In the background and waited for, not exec'd nor in the foreground: the traps must run, to delete the namespace,
# both when the command ends and when this script is signalled (bash defers traps until a foreground command ends).
# A background command would read /dev/null; it is given this script's stdin explicitly instead, so a launcher that
# closes its pipe (the benchmark server's stop signal) reaches it unchanged.
exec 3<&0
ip netns exec "$ns" "$@" <&3 3<&- &
child=$!
exec 3<&-
set +e
wait "$child"
status=$?
set -e
exit "$status"
