#!/usr/bin/env bash
# The load benchmark: runs the three bench servers in turn on this machine (each pinned to CPU 0,
# the driver pinned to CPU 1) and prints one table (also written to $OUT/report.md).
#
#   mvn -DskipTests install && benchmarks/run.sh
#
# Per server: a warm-up (1000 clients, 2 broadcasts; not counted), fanout for each N in FANOUT_NS
# (M=100, S=100; 1 warm-up + ROUNDS measured rounds), echo with ack (ECHO_CLIENTS clients, closed
# loop, ECHO_WARMUP s + ECHO_SECONDS s) over WebSocket and over long-polling (the bare server: its
# /bare-poll servlet), then on a fresh
# server: IDLE_N idle WebSocket connections held at least IDLE_HOLD s while heap (Java: live bytes
# after a full GC; Node: heapUsed after gc()) and RSS are read before and after. Results (JSON
# per phase, server logs, class histograms, the driver's log) go to $OUT.
#
# Phase cluster (PHASES="cluster", not in the default): per kind (jakarta, node; bare has no
# adapter and is skipped) two nodes with BENCH_ADAPTER=redis on one redis-server started here
# (a free port from PORT_BASE+20, its own dir $OUT/redis, no persistence, stopped at the end),
# both nodes pinned to SERVER_CPU (they share the server core, as one node has it alone in the
# load phase), redis-server pinned to REDIS_CPU (default: DRIVER_CPU, so that Redis's work, the
# same PUBLISH per broadcast for both kinds, does not eat the nodes' core); a warm-up (1000
# clients, 2 broadcasts), then for each N in CLUSTER_NS the split fanout: clients round-robin
# over the two nodes, the broadcast asked on the first (M=100, S=100; 1 warm-up + ROUNDS
# measured rounds), with Redis's INFO counters read around each measured round (commands,
# PUBLISH calls, bytes in and out, per broadcast).
#
# Phase recovery (PHASES="recovery", not in the default): per Socket.IO kind (jakarta, node), the
# load phase's fanout (each N in RECOVERY_NS) and echo on a fresh server with connection state
# recovery off (BENCH_RECOVERY=0), then on another fresh server with it on (BENCH_RECOVERY=1).
#
# Deployed WARs (SERVERS="wildfly tomcat-war node", phase load; also idle): the bench WAR
# (target/benchmarks-bench.war: the same contract, the library's default server) as ROOT.war on
# WildFly 38 (port PORT_BASE+3) and on a standalone Tomcat 11 (PORT_BASE+4), each started by
# scripts/bench-war-server with its stock configuration (see there), pinned to SERVER_CPU, with
# BENCH_JAVA_OPTS' heap flags (not TOMCAT_OPTS); WILDFLY_OPTS / TOMCAT_WAR_OPTS are added to
# their JVM flags (e.g. WILDFLY_OPTS=-Dio.github.socketiojakarta.undertowBatching=false). The
# distributions: WILDFLY_HOME / TOMCAT_HOME, by default those the container tests unpack
# (mvn -q -Pcontainers -pl container-tests dependency:unpack@unpack-containers). No cluster
# or recovery phase for them.
#
# Environment (defaults in brackets):
#   SERVERS ["jakarta node bare"; also: wildfly, tomcat-war]  PHASES ["load idle"; also: cluster, recovery]  FANOUT_NS ["1000 5000"]
#   ROUNDS [5]  CLUSTER_NS ["1000 5000"]  RECOVERY_NS ["1000 5000"]  REDIS_CPU [$DRIVER_CPU]  REDIS_SERVER [redis-server]
#   ECHO_CLIENTS [50]  ECHO_WARMUP [3]  ECHO_SECONDS [10]  IDLE_N [10000]  IDLE_HOLD [30]  PORT_BASE [23000]
#   SERVER_CPU [0]  DRIVER_CPU [1]  SOURCES [] (e.g. 127.0.0.1,127.0.0.2: local addresses the
#   driver binds in turn, for more ephemeral ports)  OUT [benchmarks/target/run-<time>]
#   BENCH_JAVA_OPTS [-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch] (both Java servers)
#   DRIVER_JAVA_OPTS [-Xms512m -Xmx512m -XX:+UseParallelGC]
#   TOMCAT_OPTS [-Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024 -Dbench.ws.textBufferSize=512
#     -Dbench.ws.binaryBufferSize=512 -Dbench.socket.appReadBufSize=1024
#     -Dbench.socket.appWriteBufSize=1024]: Tomcat's per-connection buffers for both Java servers
#     (Tomcat's defaults are 8192 each; see BenchTomcat); set it empty for Tomcat's defaults
#   WILDFLY_OPTS [] TOMCAT_WAR_OPTS []: extra JVM flags of the deployed WARs' containers
#   TOMCAT_DEFAULTS_IDLE [1]: also measure the Jakarta server's idle memory with Tomcat's default
#     buffers (an extra row)
#   BENCH_JAVA [java]: the java of the embedded servers (jakarta, bare; the driver and the WARs'
#     containers keep the PATH's)
#   AOT [0]: 1 starts every Jakarta embedded server with a JDK 25+ ahead-of-time cache that
#     benchmarks/aot-train.sh records first on a training server ($OUT/jakarta.aot; needs
#     BENCH_JAVA 25 or later; see "A fresh JVM" in the README)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/benchmarks"
target="$bench/target"
SERVERS="${SERVERS:-jakarta node bare}"
PHASES="${PHASES:-load idle}"
FANOUT_NS="${FANOUT_NS:-1000 5000}"
ROUNDS="${ROUNDS:-5}"
ECHO_CLIENTS="${ECHO_CLIENTS:-50}"
ECHO_WARMUP="${ECHO_WARMUP:-3}"
ECHO_SECONDS="${ECHO_SECONDS:-10}"
IDLE_N="${IDLE_N:-10000}"
IDLE_HOLD="${IDLE_HOLD:-30}"
PORT_BASE="${PORT_BASE:-23000}"
SERVER_CPU="${SERVER_CPU:-0}"
DRIVER_CPU="${DRIVER_CPU:-1}"
SOURCES="${SOURCES:-}"
CLUSTER_NS="${CLUSTER_NS:-1000 5000}"
RECOVERY_NS="${RECOVERY_NS:-1000 5000}"
REDIS_CPU="${REDIS_CPU:-$DRIVER_CPU}"
REDIS_SERVER="${REDIS_SERVER:-redis-server}"
SERVER_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch}"
TOMCAT_OPTS="${TOMCAT_OPTS--Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024 -Dbench.ws.textBufferSize=512 -Dbench.ws.binaryBufferSize=512 -Dbench.socket.appReadBufSize=1024 -Dbench.socket.appWriteBufSize=1024}"
export BENCH_JAVA_OPTS="$SERVER_JAVA_OPTS $TOMCAT_OPTS"
TOMCAT_DEFAULTS_IDLE="${TOMCAT_DEFAULTS_IDLE:-1}"
DRIVER_JAVA_OPTS="${DRIVER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
WILDFLY_OPTS="${WILDFLY_OPTS:-}"
TOMCAT_WAR_OPTS="${TOMCAT_WAR_OPTS:-}"
AOT="${AOT:-0}"
OUT="${OUT:-$target/run-$(date +%Y%m%d-%H%M%S)}"

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

[ -f "$target/classpath.txt" ] && [ -d "$target/classes" ] \
  || die "build first: (cd $root && mvn -DskipTests install)"
for kind in $SERVERS; do
  case "$kind" in
    jakarta | node | bare) ;;
    wildfly | tomcat-war)
      [ -f "$target/benchmarks-bench.war" ] || die "no bench WAR: (cd $root && mvn -DskipTests install)"
      command -v curl >/dev/null || die "curl is needed to see the WAR deployed" ;;
    *) die "unknown server kind $kind (jakarta node bare wildfly tomcat-war)" ;;
  esac
done
command -v taskset >/dev/null || die "taskset (util-linux) is needed"
command -v jcmd >/dev/null || die "jcmd (JDK) is needed"
command -v node >/dev/null || die "node is needed for the reference server"
if [[ " $PHASES " == *" cluster "* ]]; then
  command -v "$REDIS_SERVER" >/dev/null || die "the cluster phase needs $REDIS_SERVER"
fi
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (server on one, driver on the other)"
if [ ! -d "$bench/node/node_modules/socket.io" ] || [ ! -d "$bench/node/node_modules/@socket.io/redis-adapter" ]; then
  log "installing the reference server (npm ci in benchmarks/node)"
  (cd "$bench/node" && npm ci --no-audit --no-fund >&2)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -ge $((IDLE_N + 1000)) ] || die "ulimit -n $(ulimit -n) is too low for IDLE_N=$IDLE_N"

mkdir -p "$OUT"
CP="$target/classes:$(cat "$target/classpath.txt")"
started=$(date +%s)

port_of() {
  case "$1" in
    jakarta) echo "$PORT_BASE" ;;
    node) echo $((PORT_BASE + 1)) ;;
    bare) echo $((PORT_BASE + 2)) ;;
    wildfly) echo $((PORT_BASE + 3)) ;;
    tomcat-war) echo $((PORT_BASE + 4)) ;;
  esac
}

is_war() { [ "$1" = wildfly ] || [ "$1" = tomcat-war ]; }

url_of() {
  echo "http://127.0.0.1:$(port_of "$1")"
}

proto_of() {
  if [ "$1" = bare ]; then echo bare; else echo sio; fi
}

SERVER_PID=""
SERVER_LOG=""
# the process started (for a WAR kind the container's launch script; else SERVER_PID itself)
LAUNCHER_PID=""

start_server() { # kind phase [label]
  local kind="$1" port run
  port="$(port_of "$kind")"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use"
  fi
  SERVER_LOG="$OUT/${3:-$kind}-$2-server.log"
  run="$OUT/${3:-$kind}-$2-container"
  case "$kind" in
    jakarta) BENCH_AOT_CACHE="$AOT_CACHE" taskset -c "$SERVER_CPU" "$root/scripts/bench-server" "$port" \
      >"$SERVER_LOG" 2>&1 & ;;
    bare) taskset -c "$SERVER_CPU" "$root/scripts/bench-server" "$port" bare >"$SERVER_LOG" 2>&1 & ;;
    node) taskset -c "$SERVER_CPU" node --expose-gc "$bench/node/server.js" "$port" >"$SERVER_LOG" 2>&1 & ;;
    wildfly) BENCH_JAVA_OPTS="$SERVER_JAVA_OPTS" CONTAINER_OPTS="$WILDFLY_OPTS" taskset -c "$SERVER_CPU" \
      "$root/scripts/bench-war-server" wildfly "$port" "$run" </dev/null >"$SERVER_LOG" 2>&1 & ;;
    tomcat-war) BENCH_JAVA_OPTS="$SERVER_JAVA_OPTS" CONTAINER_OPTS="$TOMCAT_WAR_OPTS" taskset -c "$SERVER_CPU" \
      "$root/scripts/bench-war-server" tomcat "$port" "$run" </dev/null >"$SERVER_LOG" 2>&1 & ;;
  esac
  LAUNCHER_PID=$!
  SERVER_PID=$!
  for _ in $(seq 1 1800); do
    if is_war "$kind"; then
      # up once the WAR answers an Engine.IO handshake (the port opens before it is deployed)
      if [ -f "$run/jvm.pid" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
          "http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling")" = 200 ]; then
        SERVER_PID="$(cat "$run/jvm.pid")"
        log "$kind server up (JVM pid $SERVER_PID, port $port, WAR deployed)"
        return
      fi
    elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "$kind server up (pid $SERVER_PID, port $port)"
      return
    fi
    kill -0 "$LAUNCHER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; die "$kind server died"; }
    sleep 0.1
  done
  die "$kind server did not start"
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$LAUNCHER_PID" ] && [ "$LAUNCHER_PID" != "$SERVER_PID" ]; then
    # WildFly's standalone.sh (JVM in the background) waits for the JVM in a loop that never
    # ends when the JVM's exit status is 143 (its own after a TERM): once the JVM is gone, the
    # launcher is killed for good
    for _ in $(seq 1 600); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -KILL "$SERVER_PID" 2>/dev/null || true # still running after 60 s
    fi
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  if [ -n "$LAUNCHER_PID" ]; then
    wait "$LAUNCHER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  LAUNCHER_PID=""
}
CLUSTER_PIDS=()
REDIS_PID=""
stop_cluster() {
  local pid
  for pid in "${CLUSTER_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  CLUSTER_PIDS=()
}
stop_redis() {
  if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  fi
  REDIS_PID=""
}
trap 'stop_server; stop_cluster; stop_redis' EXIT

driver() { # output-file scenario args...
  local file="$1"
  shift
  local extra=()
  [ -n "$SOURCES" ] && extra+=("sources=$SOURCES")
  # shellcheck disable=SC2086
  taskset -c "$DRIVER_CPU" java $DRIVER_JAVA_OPTS -cp "$CP" \
    io.github.socketiojakarta.benchmarks.driver.Driver "$@" "server-pid=$SERVER_PID" "${extra[@]}" \
    >"$file" 2>>"$OUT/driver.log"
}

# prints {"heapBytes":N|null,"rssBytes":N}
memory() { # kind tag
  local kind="$1" heap rss
  if [ "$kind" = node ]; then
    local before
    before=$(grep -c '"memory"' "$SERVER_LOG" || true)
    kill -USR2 "$SERVER_PID"
    for _ in $(seq 1 100); do
      [ "$(grep -c '"memory"' "$SERVER_LOG" || true)" -gt "$before" ] && break
      sleep 0.1
    done
    heap=$(grep '"memory"' "$SERVER_LOG" | tail -1 | sed 's/.*"heapUsed":\([0-9]*\).*/\1/')
  else
    # the class histogram forces a full GC first: its total is the live heap
    jcmd "$SERVER_PID" GC.class_histogram >"$OUT/histogram-$2.txt"
    heap=$(awk '/^Total/ {print $3}' "$OUT/histogram-$2.txt")
  fi
  rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$SERVER_PID/status")
  echo "{\"heapBytes\":${heap:-null},\"rssBytes\":$rss}"
}

machine_info() {
  {
    echo "{"
    echo "\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
    echo "\"nproc\":$(nproc),"
    echo "\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')\","
    echo "\"memTotalKb\":$(awk '/^MemTotal:/ {print $2}' /proc/meminfo),"
    echo "\"kernel\":\"$(uname -r)\","
    echo "\"java\":\"$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')\","
    echo "\"jvm\":\"$(java -version 2>&1 | sed -n 3p | sed 's/"/\\"/g')\","
    echo "\"serverJava\":\"$("${BENCH_JAVA:-java}" -version 2>&1 | head -1 | sed 's/"/\\"/g')\","
    echo "\"aot\":\"$AOT\","
    echo "\"node\":\"$(node --version)\","
    if [[ " $PHASES " == *" cluster "* ]]; then
      echo "\"redis\":\"$("$REDIS_SERVER" --version | sed 's/"/\\"/g')\","
      echo "\"redisAdapter\":\"$(node -p 'require(process.argv[1]).version' "$bench/node/node_modules/@socket.io/redis-adapter/package.json")\","
    fi
    echo "\"socketio\":\"$(node -p 'require(process.argv[1]).version' "$bench/node/node_modules/socket.io/package.json")\","
    echo "\"serverJavaOpts\":\"$SERVER_JAVA_OPTS\","
    echo "\"tomcatOpts\":\"$TOMCAT_OPTS\","
    echo "\"driverJavaOpts\":\"$DRIVER_JAVA_OPTS\","
    echo "\"loadAverageAtStart\":\"$(cut -d' ' -f1-3 /proc/loadavg)\","
    echo "\"params\":\"SERVERS=$SERVERS PHASES=$PHASES FANOUT_NS=$FANOUT_NS CLUSTER_NS=$CLUSTER_NS ROUNDS=$ROUNDS ECHO_CLIENTS=$ECHO_CLIENTS ECHO_SECONDS=$ECHO_SECONDS IDLE_N=$IDLE_N IDLE_HOLD=$IDLE_HOLD SOURCES=$SOURCES WILDFLY_OPTS=$WILDFLY_OPTS TOMCAT_WAR_OPTS=$TOMCAT_WAR_OPTS\""
    echo "}"
  } >"$OUT/machine.json"
}

machine_info
log "results in $OUT"

AOT_CACHE=""
if [ "$AOT" = 1 ] && [[ " $SERVERS " == *" jakarta "* ]]; then
  log "jakarta: recording the ahead-of-time cache (benchmarks/aot-train.sh)"
  PORT="$((PORT_BASE + 90))" SERVER_CPU="$SERVER_CPU" DRIVER_CPU="$DRIVER_CPU" \
    DRIVER_JAVA_OPTS="$DRIVER_JAVA_OPTS" "$bench/aot-train.sh" "$OUT/jakarta.aot"
  AOT_CACHE="$OUT/jakarta.aot"
fi

load_phase() { # kind
  local kind="$1" url proto
  url="$(url_of "$kind")"
  proto="$(proto_of "$kind")"
  start_server "$kind" load
  log "$kind: warm-up (1000 clients connect, 2 broadcast rounds; not counted)"
  driver "$OUT/$kind-warmup.json" fanout "url=$url" "proto=$proto" clients=1000 count=100 size=100 \
    warmup=2 rounds=0
  sleep 1
  for n in $FANOUT_NS; do
    log "$kind: fanout N=$n"
    driver "$OUT/$kind-fanout-$n.json" fanout "url=$url" "proto=$proto" "clients=$n" \
      count=100 size=100 warmup=1 "rounds=$ROUNDS"
    sleep 2
  done
  log "$kind: echo over WebSocket"
  driver "$OUT/$kind-echo-websocket.json" echo "url=$url" "proto=$proto" transport=websocket \
    "clients=$ECHO_CLIENTS" "warmup-s=$ECHO_WARMUP" "seconds=$ECHO_SECONDS"
  sleep 1
  log "$kind: echo over long-polling"
  driver "$OUT/$kind-echo-polling.json" echo "url=$url" "proto=$proto" transport=polling \
    "clients=$ECHO_CLIENTS" "warmup-s=$ECHO_WARMUP" "seconds=$ECHO_SECONDS"
  stop_server
}

idle_phase() { # kind [label]
  local kind="$1" label="${2:-$1}" url proto baseline loaded ready release driver_pid
  url="$(url_of "$kind")"
  proto="$(proto_of "$kind")"
  start_server "$kind" idle "$label"
  log "$kind: idle warm-up (1000 connections)"
  driver "$OUT/$label-idle-warmup.json" idle "url=$url" "proto=$proto" clients=1000 hold-min-s=0
  sleep 3
  baseline="$(memory "$kind" "$label-baseline")"
  ready="$OUT/$label-idle.ready"
  release="$OUT/$label-idle.release"
  rm -f "$ready" "$release"
  log "$kind: $IDLE_N idle connections"
  driver "$OUT/$label-idle.json" idle "url=$url" "proto=$proto" "clients=$IDLE_N" \
    "hold-min-s=$IDLE_HOLD" hold-max-s=600 "ready-file=$ready" "release-file=$release" &
  driver_pid=$!
  while [ ! -f "$ready" ]; do
    kill -0 "$driver_pid" 2>/dev/null || break
    sleep 0.5
  done
  sleep 5
  loaded="$(memory "$kind" "$label-loaded")"
  touch "$release"
  wait "$driver_pid" || true
  echo "{\"connections\":$IDLE_N,\"baseline\":$baseline,\"loaded\":$loaded}" >"$OUT/$label-memory.json"
  stop_server
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

REDIS_PORT=""
start_redis() {
  local port=$((PORT_BASE + 20))
  while listening "$port"; do port=$((port + 1)); done
  mkdir -p "$OUT/redis"
  taskset -c "$REDIS_CPU" "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" \
    --appendonly no --protected-mode no --dir "$OUT/redis" </dev/null >"$OUT/redis/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 100); do
    if listening "$port"; then
      REDIS_PORT="$port"
      log "redis-server up (pid $REDIS_PID, port $port, CPU $REDIS_CPU)"
      return
    fi
    kill -0 "$REDIS_PID" 2>/dev/null || { cat "$OUT/redis/redis.log" >&2; die "redis-server died"; }
    sleep 0.1
  done
  die "redis-server did not start"
}

start_cluster_node() { # kind port label
  local kind="$1" port="$2" logf="$OUT/$3-server.log" pid
  listening "$port" && die "port $port is in use"
  case "$kind" in
    jakarta) BENCH_ADAPTER=redis REDIS_URL="redis://127.0.0.1:$REDIS_PORT" BENCH_AOT_CACHE="$AOT_CACHE" \
      taskset -c "$SERVER_CPU" "$root/scripts/bench-server" "$port" </dev/null >"$logf" 2>&1 & ;;
    node) BENCH_ADAPTER=redis REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
      taskset -c "$SERVER_CPU" node "$bench/node/server.js" "$port" </dev/null >"$logf" 2>&1 & ;;
  esac
  pid=$!
  CLUSTER_PIDS+=("$pid")
  for _ in $(seq 1 300); do
    # a node listens once its adapter is connected
    if listening "$port" && grep -q "listening on" "$logf"; then
      log "$kind cluster node up (pid $pid, port $port)"
      return
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$logf" >&2; die "$kind cluster node died"; }
    sleep 0.1
  done
  die "$kind cluster node did not start"
}

cluster_phase() { # kind
  local kind="$1" a=$((PORT_BASE + 10)) b=$((PORT_BASE + 11)) urls pids
  if [ "$kind" = bare ] || is_war "$kind"; then
    log "$kind: no cluster phase (no adapter)"
    return
  fi
  [ -n "$REDIS_PORT" ] || start_redis
  start_cluster_node "$kind" "$a" "$kind-cluster-a"
  start_cluster_node "$kind" "$b" "$kind-cluster-b"
  urls="http://127.0.0.1:$a,http://127.0.0.1:$b"
  pids="$(IFS=,; echo "${CLUSTER_PIDS[*]}")"
  log "$kind cluster: warm-up (1000 clients over 2 nodes, 2 broadcast rounds; not counted)"
  SERVER_PID="$pids" driver "$OUT/$kind-cluster-warmup.json" fanout "url=$urls" clients=1000 \
    count=100 size=100 warmup=2 rounds=0
  sleep 1
  for n in $CLUSTER_NS; do
    log "$kind cluster: fanout N=$n over 2 nodes"
    SERVER_PID="$pids" driver "$OUT/$kind-cluster-fanout-$n.json" fanout "url=$urls" "clients=$n" \
      count=100 size=100 warmup=1 "rounds=$ROUNDS" "redis-stats=redis://127.0.0.1:$REDIS_PORT"
    sleep 2
  done
  stop_cluster
}

recovery_phase() { # kind: the load phase with connection state recovery off, then on
  local kind="$1" mode url proto
  if [ "$kind" = bare ] || is_war "$kind"; then
    log "$kind: no recovery phase (only jakarta and node)"
    return
  fi
  url="$(url_of "$kind")"
  proto="$(proto_of "$kind")"
  for mode in off on; do
    if [ "$mode" = on ]; then export BENCH_RECOVERY=1; else export BENCH_RECOVERY=0; fi
    start_server "$kind" "recovery-$mode" "$kind-recovery-$mode"
    unset BENCH_RECOVERY
    log "$kind recovery $mode: warm-up (1000 clients, 2 broadcast rounds; not counted)"
    driver "$OUT/$kind-recovery-$mode-warmup.json" fanout "url=$url" "proto=$proto" clients=1000 \
      count=100 size=100 warmup=2 rounds=0
    sleep 1
    for n in $RECOVERY_NS; do
      log "$kind recovery $mode: fanout N=$n"
      driver "$OUT/$kind-recovery-$mode-fanout-$n.json" fanout "url=$url" "proto=$proto" \
        "clients=$n" count=100 size=100 warmup=1 "rounds=$ROUNDS"
      sleep 2
    done
    log "$kind recovery $mode: echo over WebSocket"
    driver "$OUT/$kind-recovery-$mode-echo-websocket.json" echo "url=$url" "proto=$proto" \
      transport=websocket "clients=$ECHO_CLIENTS" "warmup-s=$ECHO_WARMUP" "seconds=$ECHO_SECONDS"
    sleep 1
    log "$kind recovery $mode: echo over long-polling"
    driver "$OUT/$kind-recovery-$mode-echo-polling.json" echo "url=$url" "proto=$proto" \
      transport=polling "clients=$ECHO_CLIENTS" "warmup-s=$ECHO_WARMUP" "seconds=$ECHO_SECONDS"
    stop_server
  done
}

for kind in $SERVERS; do
  case " $PHASES " in *" load "*) load_phase "$kind" ;; esac
  case " $PHASES " in *" recovery "*) recovery_phase "$kind" ;; esac
  case " $PHASES " in *" idle "*) idle_phase "$kind" ;; esac
  case " $PHASES " in *" cluster "*) cluster_phase "$kind" ;; esac
done
stop_redis
if [ "$TOMCAT_DEFAULTS_IDLE" = 1 ] && [ -n "$TOMCAT_OPTS" ] && [[ " $SERVERS " == *" jakarta "* ]] \
  && [[ " $PHASES " == *" idle "* ]]; then
  BENCH_JAVA_OPTS="$SERVER_JAVA_OPTS" idle_phase jakarta jakarta-tomcat-defaults
fi

ended=$(date +%s)
echo "{\"seconds\":$((ended - started)),\"loadAverageAtEnd\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" \
  >"$OUT/duration.json"
java -cp "$CP" io.github.socketiojakarta.benchmarks.Report "$OUT" | tee "$OUT/report.md"
