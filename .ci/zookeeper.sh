#!/usr/bin/env bash
# Standalone ZooKeeper for CI's integration tests, bound to 127.0.0.1 only.
#
#   .ci/zookeeper.sh start DIR PORT   # config, data and log all live in DIR
#   .ci/zookeeper.sh stop DIR
#
# Uses the jars of Debian's `zookeeper` package (3.8.0) and runs the JVM itself
# instead of the zookeeperd service: CI has no systemd, and a service would use
# /etc and /var/log, which other runs on the same machine may share.
set -euo pipefail

# The package puts its jars here, not under /usr/share/zookeeper (that only has
# scripts); zookeeper.jar's manifest Class-Path names its dependency jars.
JAR_DIR=/usr/share/java
# zookeeper.jar only links slf4j-api; Debian's build logs through log4j 1.2, so
# without this binding and log4j itself slf4j would drop every log line silently.
REQUIRED_JARS=(zookeeper.jar zookeeper-jute.jar slf4j-api.jar slf4j-log4j12.jar log4j-1.2.jar)
START_TIMEOUT=30
STOP_TIMEOUT=10

die() { echo "zookeeper.sh: $*" >&2; exit 1; }

usage() {
  echo "usage: $0 start DIR PORT | $0 stop DIR" >&2
  exit 2
}

jars_present() {
  local j
  for j in "${REQUIRED_JARS[@]}"; do
    [[ -f "$JAR_DIR/$j" ]] || return 1
  done
}

install_zookeeper() {
  jars_present && return 0
  echo "zookeeper.sh: installing Debian package zookeeper" >&2
  # The package index of a long-lived machine is usually fresh enough; only pay
  # for `apt-get update` when the install fails without it (fresh image, stale lists).
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends zookeeper </dev/null; then
    apt-get update </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends zookeeper </dev/null
  fi
  jars_present || die "package installed but jars missing from $JAR_DIR"
}

# Prints whatever the server answers to `ruok` (nothing if it is not up).
# bash's /dev/tcp because nc is not on a fresh Debian; timeout bounds a hung server.
ruok() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf ruok >&3 && cat <&3' _ "$1" 2>/dev/null || true
}

# Sends ruok rather than connecting bare: a ZooKeeper already there logs a WARN
# with a stack trace for a client that closes without saying anything.
port_in_use() {
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1; printf ruok >&3; timeout 2 cat <&3 >/dev/null; exit 0' _ "$1" 2>/dev/null
}

# kill -0 alone would call a zombie alive: the JVM stays one while `start` (its
# parent) is still polling, and in containers whose init does not reap orphans.
pid_alive() {
  local stat
  [[ -n "$1" ]] && stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }   # the state letter follows the (comm) field, which may hold spaces
  [[ "${stat:0:1}" != Z ]]
}

read_pid() { [[ -f "$1/zookeeper.pid" ]] && cat "$1/zookeeper.pid" || true; }

cmd_start() {
  local dir=$1 port=$2
  [[ "$port" =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "bad port: $port"
  mkdir -p "$dir/data"
  dir=$(cd "$dir" && pwd)   # the JVM runs with cwd=DIR, so every path it gets must be absolute

  local old_pid
  old_pid=$(read_pid "$dir")
  if pid_alive "$old_pid"; then
    die "already running with pid $old_pid (from $dir/zookeeper.pid); run: $0 stop $dir"
  fi
  # Checked before starting, or an earlier server's `imok` would pass for ours.
  if port_in_use "$port"; then
    die "127.0.0.1:$port is already in use (answer to ruok: '$(ruok "$port")')"
  fi

  install_zookeeper

  cat >"$dir/zoo.cfg" <<EOF
# Written by .ci/zookeeper.sh; overwritten on every start.
tickTime=2000
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
# The AdminServer would open a Jetty port (8080) on all interfaces.
admin.enableServer=false
4lw.commands.whitelist=ruok, srvr
# Every test client comes from 127.0.0.1, so the per-IP default of 60 could be hit.
maxClientCnxns=0
# Throwaway CI data: skipping fsync makes each write much faster on shared disks.
forceSync=no
EOF

  # Console only: stdout goes to DIR/zookeeper.log, so nothing lands in /var/log.
  cat >"$dir/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n
EOF

  local java=java
  [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java="$JAVA_HOME/bin/java"
  local cp="$JAR_DIR/zookeeper.jar:$JAR_DIR/zookeeper-jute.jar:$JAR_DIR/slf4j-api.jar:$JAR_DIR/slf4j-log4j12.jar:$JAR_DIR/log4j-1.2.jar"

  : >"$dir/zookeeper.log"
  # Not setsid: if the CI job's process group is killed, the server should die with it.
  # stdin/stdout/stderr are all redirected so the server holds no pipe of the caller
  # open (a caller reading our output would otherwise wait for the server to exit).
  # `exec` keeps $! equal to the JVM's pid, so stop signals the JVM itself.
  (
    cd "$dir"
    exec "$java" -Xms64m -Xmx256m \
      -XX:ErrorFile="$dir/hs_err_pid%p.log" \
      -Dlog4j.configuration="file:$dir/log4j.properties" \
      -Dzookeeper.log.dir="$dir" \
      -Dzookeeper.admin.enableServer=false \
      -cp "$cp" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg"
  ) </dev/null >>"$dir/zookeeper.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/zookeeper.pid"

  local deadline=$((SECONDS + START_TIMEOUT)) answer=""
  while (( SECONDS < deadline )); do
    if ! pid_alive "$pid"; then
      echo "zookeeper.sh: server (pid $pid) exited during startup; log tail:" >&2
      tail -n 40 "$dir/zookeeper.log" >&2 || true
      rm -f "$dir/zookeeper.pid"
      exit 1
    fi
    answer=$(ruok "$port")
    if [[ "$answer" == imok ]]; then
      echo "zookeeper.sh: ZooKeeper up on 127.0.0.1:$port (pid $pid, dir $dir)"
      return 0
    fi
    sleep 0.5
  done

  echo "zookeeper.sh: no 'imok' from 127.0.0.1:$port within ${START_TIMEOUT}s (last answer: '$answer'); log tail:" >&2
  tail -n 40 "$dir/zookeeper.log" >&2 || true
  # A half-started server would hold the port and break the next attempt.
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/zookeeper.pid"
  exit 1
}

cmd_stop() {
  local dir=$1 pid
  pid=$(read_pid "$dir")
  if ! pid_alive "$pid"; then
    # Stopping something already stopped is not an error, so CI cleanup traps stay simple.
    echo "zookeeper.sh: not running (pid file: ${pid:-none})"
    rm -f "$dir/zookeeper.pid"
    return 0
  fi
  # A recycled pid must not get our signals: only kill it if it is still our server.
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.apache.zookeeper.server.ZooKeeperServerMain'; then
    echo "zookeeper.sh: pid $pid is not a ZooKeeper server any more; removing stale pid file"
    rm -f "$dir/zookeeper.pid"
    return 0
  fi

  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while pid_alive "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
  if pid_alive "$pid"; then
    echo "zookeeper.sh: pid $pid ignored TERM for ${STOP_TIMEOUT}s; sending KILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    # KILL cannot be ignored, but the kernel may still need a moment to reap it.
    deadline=$((SECONDS + 10))
    while pid_alive "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
    pid_alive "$pid" && die "pid $pid still alive after KILL"
  fi
  rm -f "$dir/zookeeper.pid"
  echo "zookeeper.sh: stopped (pid $pid)"
}

case "${1:-}" in
  start) [[ $# -eq 3 ]] || usage; cmd_start "$2" "$3" ;;
  stop)  [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
  *) usage ;;
esac
