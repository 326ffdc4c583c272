#!/usr/bin/env bash
# The connect rate alone (see "Connect rate" in benchmarks/README.md): for each of ITERATIONS
# rounds, each server of SERVERS in turn is started fresh (pinned to SERVER_CPU, run.sh's JVM
# flags and TOMCAT_OPTS), warmed up with two 1,000-client connects, then REPS times each N of NS
# clients connect (the fanout scenario with one 1-message broadcast, one driver process per
# connect, pinned to DRIVER_CPU). One line per connect: server, N, repetition, and the driver's
# "connect" result (rate, CPU use of driver / server / rest of the machine, server CPU ms per
# 1,000 connections), then the CPU ms per 1,000 connections of a JVM's JIT compiler threads over
# that driver run (jitCpuMsPer1000, at least that: a compiler thread the JVM stops meanwhile is
# not counted; 0 for Node); all of it also goes to $OUT/connect.txt.
#
#   mvn -o -q -DskipTests -pl benchmarks -am package && benchmarks/connect.sh
#
# Environment (defaults in brackets): SERVERS ["jakarta node bare"]  NS ["1000 5000"]  REPS [2]
#   WARMUP [connect; run: instead run.sh's load-phase warm-up, 1000 clients and 2 broadcast
#   rounds of 100 100-byte messages, then 1 s, so that the first N=1000 is run.sh's]
#   ITERATIONS [3]  PORT_BASE [23100]  SERVER_CPU [0]  DRIVER_CPU [1]
#   BENCH_JAVA_OPTS, TOMCAT_OPTS, DRIVER_JAVA_OPTS: as run.sh   EXTRA_OPTS []: added to the Java
#   servers' flags (e.g. -Dbench.maxThreads=8)   OUT [benchmarks/target/connect-<time>]
#   BENCH_JAVA [java]: the embedded servers' java   AOT [0; 1: the Jakarta server starts with a
#   JDK 25+ ahead-of-time cache recorded first by benchmarks/aot-train.sh, as run.sh's AOT=1]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/benchmarks"
target="$bench/target"
SERVERS="${SERVERS:-jakarta node bare}"
NS="${NS:-1000 5000}"
REPS="${REPS:-2}"
WARMUP="${WARMUP:-connect}"
ITERATIONS="${ITERATIONS:-3}"
PORT_BASE="${PORT_BASE:-23100}"
SERVER_CPU="${SERVER_CPU:-0}"
DRIVER_CPU="${DRIVER_CPU:-1}"
SERVER_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch}"
TOMCAT_OPTS="${TOMCAT_OPTS--Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024 -Dbench.ws.textBufferSize=512 -Dbench.ws.binaryBufferSize=512 -Dbench.socket.appReadBufSize=1024 -Dbench.socket.appWriteBufSize=1024}"
export BENCH_JAVA_OPTS="$SERVER_JAVA_OPTS $TOMCAT_OPTS ${EXTRA_OPTS:-}"
DRIVER_JAVA_OPTS="${DRIVER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
OUT="${OUT:-$target/connect-$(date +%Y%m%d-%H%M%S)}"

die() { echo "connect.sh: $*" >&2; exit 1; }
[ -f "$target/classpath.txt" ] && [ -d "$target/classes" ] \
  || die "build first: (cd $root && mvn -o -q -DskipTests -pl benchmarks -am package)"
command -v taskset >/dev/null || die "taskset (util-linux) is needed"
if [[ " $SERVERS " == *" node "* ]] && [ ! -d "$bench/node/node_modules/socket.io" ]; then
  (cd "$bench/node" && npm ci --no-audit --no-fund >&2)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$OUT"
CP="$target/classes:$(cat "$target/classpath.txt")"
port="$PORT_BASE"
SERVER_PID=""

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

start_server() { # kind
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use"
  fi
  local log="$OUT/$1-$port-server.log"
  case "$1" in
    jakarta) BENCH_AOT_CACHE="$AOT_CACHE" taskset -c "$SERVER_CPU" "$root/scripts/bench-server" "$port" \
      >"$log" 2>&1 & ;;
    bare) taskset -c "$SERVER_CPU" "$root/scripts/bench-server" "$port" bare >"$log" 2>&1 & ;;
    node) taskset -c "$SERVER_CPU" node "$bench/node/server.js" "$port" >"$log" 2>&1 & ;;
    *) die "unknown server $1" ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || die "$1 server died (see $log)"
    sleep 0.1
  done
  die "$1 server did not start"
}

# "TID TICKS" per JIT compiler thread of the server (a JVM's "C1 CompilerThre..." and
# "C2 CompilerThre..."; none for Node, whose compiler threads are not told apart by name)
jit_ticks() {
  local t comm
  for t in /proc/"$SERVER_PID"/task/*; do
    comm="$(cat "$t/comm" 2>/dev/null || true)"
    case "$comm" in
      "C1 Compiler"* | "C2 Compiler"*)
        awk -v tid="${t##*/}" '{print tid, $14 + $15}' "$t/stat" 2>/dev/null || true ;;
    esac
  done
}

# The ticks the compiler threads used between two jit_ticks outputs; a thread the JVM stopped
# meanwhile (it stops idle compiler threads) is not counted, so this is a lower bound.
jit_delta() { # before after
  awk 'NR == FNR { before[$1] = $2; next } { d += $2 - ($1 in before ? before[$1] : 0) }
    END { print d + 0 }' <(echo "$1") <(echo "$2")
}

connect() { # kind clients
  local proto=sio before result ticks
  [ "$1" = bare ] && proto=bare
  before="$(jit_ticks)"
  # shellcheck disable=SC2086
  result="$(taskset -c "$DRIVER_CPU" java $DRIVER_JAVA_OPTS -cp "$CP" \
    io.github.socketiojakarta.benchmarks.driver.Driver fanout "url=http://127.0.0.1:$port" \
    "proto=$proto" "clients=$2" count=1 size=0 warmup=0 rounds=1 "server-pid=$SERVER_PID" \
    2>>"$OUT/driver.log" | grep -o '"connect":{[^}]*}' || true)"
  ticks="$(jit_delta "$before" "$(jit_ticks)")"
  # the compiler threads' CPU over the whole driver run (its connect, one broadcast, the
  # clients' close), in ms per 1,000 connections
  echo "$result jitCpuMsPer1000=$((ticks * 1000 / $(getconf CLK_TCK) * 1000 / $2))"
  sleep 1 # the server closes the connections
}

warm_up_as_run_sh() { # kind: run.sh's load-phase warm-up (1000 clients, 2 broadcast rounds)
  local proto=sio
  [ "$1" = bare ] && proto=bare
  # shellcheck disable=SC2086
  taskset -c "$DRIVER_CPU" java $DRIVER_JAVA_OPTS -cp "$CP" \
    io.github.socketiojakarta.benchmarks.driver.Driver fanout "url=http://127.0.0.1:$port" \
    "proto=$proto" clients=1000 count=100 size=100 warmup=2 rounds=0 "server-pid=$SERVER_PID" \
    >/dev/null 2>>"$OUT/driver.log"
  sleep 1
}

AOT_CACHE=""
if [ "${AOT:-0}" = 1 ] && [[ " $SERVERS " == *" jakarta "* ]]; then
  PORT="$((PORT_BASE + 90))" SERVER_CPU="$SERVER_CPU" DRIVER_CPU="$DRIVER_CPU" \
    DRIVER_JAVA_OPTS="$DRIVER_JAVA_OPTS" "$bench/aot-train.sh" "$OUT/jakarta.aot"
  AOT_CACHE="$OUT/jakarta.aot"
fi

for i in $(seq 1 "$ITERATIONS"); do
  for kind in $SERVERS; do
    start_server "$kind"
    echo "# $kind, iteration $i, $(uptime | sed 's/.*load/load/')" | tee -a "$OUT/connect.txt"
    if [ "$WARMUP" = run ]; then
      warm_up_as_run_sh "$kind"
    else
      connect "$kind" 1000 >/dev/null
      connect "$kind" 1000 >/dev/null
    fi
    for r in $(seq 1 "$REPS"); do
      for n in $NS; do
        echo "$kind N=$n rep=$r $(connect "$kind" "$n")" | tee -a "$OUT/connect.txt"
      done
    done
    stop_server
    port=$((port + 1))
  done
done
