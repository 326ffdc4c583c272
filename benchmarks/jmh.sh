#!/usr/bin/env bash
# Runs the JMH codec benchmarks (built by `mvn -DskipTests install`); arguments go to JMH, e.g.
#   benchmarks/jmh.sh                       all benchmarks, default iterations
#   benchmarks/jmh.sh SocketCodec -p pad=100
#   benchmarks/jmh.sh -l                    list them
# Pin it like the load test if you like: taskset -c 0 benchmarks/jmh.sh
set -euo pipefail
target="$(cd "$(dirname "$0")" && pwd)/target"
if [ ! -f "$target/classpath.txt" ] || [ ! -f "$target/classes/META-INF/BenchmarkList" ]; then
  echo "build first: mvn -DskipTests install" >&2
  exit 1
fi
exec java -cp "$target/classes:$(cat "$target/classpath.txt")" org.openjdk.jmh.Main "$@"
