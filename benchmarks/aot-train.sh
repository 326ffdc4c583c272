#!/usr/bin/env bash
# Records an ahead-of-time cache (JDK 25+: classes loaded and linked, and method profiles) for the
# Jakarta bench server, the way a deployment records one from its own load test (see "A fresh
# JVM" in the README): a training server (scripts/bench-server with BENCH_AOT_TRAIN) takes
# TRAIN_ROUNDS times run.sh's warm-up (1000 clients connect, 2 broadcast rounds of 100 100-byte
# messages), then TRAIN_ECHO_SECONDS of echo over WebSocket and over long-polling (50 clients),
# and is stopped; the JVM writes the cache as it exits. run.sh and connect.sh call this with
# AOT=1 and start the Jakarta server with the cache (BENCH_AOT_CACHE); nothing of a measured run
# is in it.
#
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/aot-train.sh /tmp/bench.aot
#
# Environment (defaults in brackets): BENCH_JAVA [java] (25 or later)  BENCH_JAVA_OPTS [run.sh's
#   server flags and TOMCAT_OPTS: the cache holds only for the flags it was recorded with]
#   TRAIN_ROUNDS [5]  TRAIN_ECHO_SECONDS [5]  PORT [23190]  SERVER_CPU [0]  DRIVER_CPU [1]
#   DRIVER_JAVA_OPTS [-Xms512m -Xmx512m -XX:+UseParallelGC]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/benchmarks/target"
cache="${1:?usage: aot-train.sh CACHE_FILE}"
java="${BENCH_JAVA:-java}"
export BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024 -Dbench.ws.textBufferSize=512 -Dbench.ws.binaryBufferSize=512 -Dbench.socket.appReadBufSize=1024 -Dbench.socket.appWriteBufSize=1024}"
TRAIN_ROUNDS="${TRAIN_ROUNDS:-5}"
TRAIN_ECHO_SECONDS="${TRAIN_ECHO_SECONDS:-5}"
PORT="${PORT:-23190}"
SERVER_CPU="${SERVER_CPU:-0}"
DRIVER_CPU="${DRIVER_CPU:-1}"
DRIVER_JAVA_OPTS="${DRIVER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"

die() { echo "aot-train.sh: $*" >&2; exit 1; }
[ -f "$target/classpath.txt" ] && [ -d "$target/classes" ] \
  || die "build first: (cd $root && mvn -DskipTests install)"
version="$("$java" -version 2>&1 | head -1 | sed -E 's/.*version "([0-9]+).*/\1/')"
[[ "$version" =~ ^[0-9]+$ ]] && [ "$version" -ge 25 ] \
  || die "$java is Java ${version:-?}: the ahead-of-time cache with method profiles needs 25 or later"
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port $PORT is in use"
rm -f "$cache"
log="$cache.train.log"
CP="$target/classes:$(cat "$target/classpath.txt")"

BENCH_AOT_TRAIN="$cache" taskset -c "$SERVER_CPU" "$root/scripts/bench-server" "$PORT" \
  </dev/null >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; die "the training server died"; }
  sleep 0.1
done

drive() { # driver arguments
  # shellcheck disable=SC2086
  taskset -c "$DRIVER_CPU" java $DRIVER_JAVA_OPTS -cp "$CP" \
    io.github.socketiojakarta.benchmarks.driver.Driver "$@" "url=http://127.0.0.1:$PORT" \
    "server-pid=$server" </dev/null >/dev/null 2>>"$log" || die "the training driver failed (see $log)"
}
for _ in $(seq 1 "$TRAIN_ROUNDS"); do
  drive fanout clients=1000 count=100 size=100 warmup=2 rounds=0
done
if [ "$TRAIN_ECHO_SECONDS" -gt 0 ]; then
  drive echo transport=websocket clients=50 warmup-s=0 "seconds=$TRAIN_ECHO_SECONDS"
  drive echo transport=polling clients=50 warmup-s=0 "seconds=$TRAIN_ECHO_SECONDS"
fi

# the JVM assembles the cache on its way out, before the process ends
kill "$server"
wait "$server" 2>/dev/null || true
trap - EXIT
[ -s "$cache" ] || { cat "$log" >&2; die "no cache written to $cache"; }
echo "aot-train.sh: $cache ($(stat -c %s "$cache") bytes; the training server's log: $log)" >&2
