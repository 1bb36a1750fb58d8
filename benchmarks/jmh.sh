#!/usr/bin/env bash
# Runs the JMH benchmarks on JDK 25 with the JVM flags the server uses (the parent pom's
# jvalkey.jvm.flags); arguments go to JMH. Examples:
#   benchmarks/jmh.sh                          # everything, about 4 minutes
#   benchmarks/jmh.sh ReplyBench -prof gc      # one class, with allocation per operation
#   benchmarks/jmh.sh 'KeyspaceBench.getHit' -i 10 -p keys=1000000
#   benchmarks/jmh.sh -l                       # list the benchmarks
set -eu
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
jar=$here/benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "jmh.sh: $jar not found: build it first with $here/bin/build" >&2; exit 1; }
java_home=$("$here/bin/find-java")
flags=$(sed -n 's:.*<jvalkey.jvm.flags>\(.*\)</jvalkey.jvm.flags>.*:\1:p' "$here/pom.xml")
# shellcheck disable=SC2086
exec "$java_home/bin/java" $flags -jar "$jar" "$@"
