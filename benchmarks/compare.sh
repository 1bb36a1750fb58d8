#!/usr/bin/env bash
# Compares jvalkey with a reference redis-server on this machine: throughput and memory per key.
#
#   benchmarks/compare.sh                  # full run: 7 rounds, about 3 minutes (longer on a busy machine)
#   QUICK=1 benchmarks/compare.sh          # 3 short rounds, under a minute
#   JVALKEY_SHARDS=1 benchmarks/compare.sh # jvalkey with --shards 1 (default config: one shard per core)
#   TYPES=0 benchmarks/compare.sh          # strings only: skip the data-type throughput and memory tests
#
# Other knobs (environment): ROUNDS, KEYS (memory tests, default 1000000), JVALKEY_JAVA_OPTS
# (passed on to bin/jvalkey-server), REDIS_SERVER / REDIS_BENCHMARK / REDIS_CLI (default: on PATH).
#
# Throughput: both servers run at once on free loopback ports; redis-benchmark (-c 50 -r 100000
# -d 3, SET and GET at -P 1 and -P 16) runs against them alternately, test by test, in several
# rounds, and the median of the rounds is reported for each server. Alternating spreads whatever
# else the machine is doing over both servers alike; a warm-up pass (not counted) lets the JIT
# compile jvalkey's hot paths first. redis-benchmark itself needs a core: on a small machine it
# competes with the server, for both servers alike. The data-type tests (LPUSH, LPOP, SADD, HSET,
# ZADD at -P 16) are redis-benchmark's own: each writes to one key (mylist, myset ...).
#
# Memory: each server is flushed, then loaded with KEYS distinct keys ("key:" + 12 digits, 16
# bytes) holding 3-byte values, through redis-cli --pipe; bytes/key = (RSS after - RSS before) /
# DBSIZE, RSS from /proc/<pid>/status. A JVM's RSS also holds garbage not yet collected, which a
# C server's allocator has already reused, so just before each jvalkey RSS reading a full GC is
# run with `jcmd <pid> GC.run` (G1 then returns free heap to the OS as it sizes the heap down).
# That is the resident cost of the data with the server's default JVM flags, heap headroom
# included. A second row compares the allocators' own accounting: live Java heap after that GC
# (jcmd GC.heap_info) against redis's used_memory, both per key, without RSS effects.
# The collection rows do the same with one key holding KEYS elements: a hash (HSET, 18-byte
# fields, 3-byte values), a set (SADD, 19-byte members) and a sorted set (ZADD, integer scores,
# 19-byte members), and report bytes per element.
#
# The servers are stopped on exit (also on Ctrl-C), by pid. Needs: a built jar (bin/build),
# JDK 25 (found by bin/find-java; jcmd is taken from it), redis-server, redis-cli, redis-benchmark.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  ROUNDS=${ROUNDS:-3}; N_P1=${N_P1:-30000}; N_P16=${N_P16:-200000}; WARM_N=${WARM_N:-200000}
else
  ROUNDS=${ROUNDS:-7}; N_P1=${N_P1:-100000}; N_P16=${N_P16:-1000000}; WARM_N=${WARM_N:-500000}
fi
KEYS=${KEYS:-1000000}
TYPES=${TYPES:-1}
SHARDS=${JVALKEY_SHARDS:-}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
REDIS_CLI=${REDIS_CLI:-redis-cli}
REDIS_BENCHMARK=${REDIS_BENCHMARK:-redis-benchmark}

die() { echo "compare.sh: $*" >&2; exit 1; }
say() { echo "# $*" >&2; }

jar=$here/server/target/jvalkey-server.jar
[ -f "$jar" ] || die "$jar not found: build it first with $here/bin/build"
java_home=$("$here/bin/find-java") || die "no JDK 25 found (see bin/find-java)"
jcmd=$java_home/bin/jcmd
[ -x "$jcmd" ] || die "$jcmd not found: a full JDK 25 (not a JRE) is needed for the memory measurement"
for tool in "$REDIS_SERVER" "$REDIS_CLI" "$REDIS_BENCHMARK" ss awk timeout; do
  command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install redis-server redis-tools iproute2)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jvalkey-compare.XXXXXX")
jv_pid=""; rd_pid=""; bench_pid=""
cleanup() {
  if [ -n "$bench_pid" ]; then kill "$bench_pid" 2>/dev/null || true; fi
  for pid in $jv_pid $rd_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $jv_pid $rd_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port no socket uses (random, so parallel runs rarely pick the same one), below
# Linux's ephemeral range (32768+), where outgoing connections would make bind fail.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 12000))
    if [ -z "$(ss -Htan "sport = :$p")" ]; then echo "$p"; return; fi
  done
  die "no free port found"
}

# Waits until the server on $1 answers PING and its process $2 still lives (so it is ours).
wait_ready() {
  local port=$1 pid=$2 name=$3
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || die "$name exited at startup; its log: $(tail -5 "$work/$name.log")"
    if [ "$(timeout 2 "$REDIS_CLI" -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then return; fi
    sleep 0.1
  done
  die "$name did not answer on port $port within 30 s"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

jv_port=$(free_port)
jv_args=(--port "$jv_port" --bind 127.0.0.1 --save '')
[ -n "$SHARDS" ] && jv_args+=(--shards "$SHARDS")
"$here/bin/jvalkey-server" "${jv_args[@]}" >"$work/jvalkey.log" 2>&1 &
jv_pid=$!
rd_port=$(free_port)
while [ "$rd_port" = "$jv_port" ]; do rd_port=$(free_port); done
"$REDIS_SERVER" --port "$rd_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  >"$work/redis.log" 2>&1 &
rd_pid=$!
wait_ready "$jv_port" "$jv_pid" jvalkey
wait_ready "$rd_port" "$rd_pid" redis
jv_shards=$(sed -n 's/.*started: port [0-9]*, \([0-9]*\) shard.*/\1/p' "$work/jvalkey.log" | head -1)
say "jvalkey pid $jv_pid port $jv_port (${jv_shards:-?} shards), redis pid $rd_pid port $rd_port"

# One redis-benchmark run; sets $rps to its requests per second. It runs in the background and is
# waited for, so that a signal is acted on at once (the trap also stops it).
bench() {
  local port=$1 test=$2 pipeline=$3 n=$4
  timeout 300 "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$port" -c 50 -n "$n" -r 100000 -d 3 -P "$pipeline" \
    -t "$test" --csv >"$work/bench.csv" 2>/dev/null &
  bench_pid=$!
  wait "$bench_pid" || die "redis-benchmark -t $test -P $pipeline failed or timed out on port $port"
  bench_pid=""
  rps=$(awk -F'"' -v t="${test^^}" '$2 == t {print $4}' "$work/bench.csv")
  [ -n "$rps" ] || die "no result from redis-benchmark -t $test -P $pipeline on port $port"
}

tests=("set 1 $N_P1" "get 1 $N_P1" "set 16 $N_P16" "get 16 $N_P16")
if [ "$TYPES" = 1 ]; then
  tests+=("lpush 16 $N_P16" "lpop 16 $N_P16" "sadd 16 $N_P16" "hset 16 $N_P16" "zadd 16 $N_P16")
fi
say "warm-up (not counted)"
for port in "$jv_port" "$rd_port"; do
  bench "$port" set 16 "$WARM_N"
  bench "$port" get 16 "$WARM_N"
  bench "$port" set 1 $((WARM_N / 10))
  bench "$port" get 1 $((WARM_N / 10))
done

declare -A results
for round in $(seq "$ROUNDS"); do
  for spec in "${tests[@]}"; do
    read -r test pipeline n <<<"$spec"
    # Alternate which server goes first, so neither always runs right after the other's load.
    if [ $((round % 2)) = 1 ]; then order="jv rd"; else order="rd jv"; fi
    for who in $order; do
      if [ "$who" = jv ]; then port=$jv_port; else port=$rd_port; fi
      bench "$port" "$test" "$pipeline" "$n"
      results["$who $test $pipeline"]+="$rps "
      say "round $round/$ROUNDS $who ${test^^} -P $pipeline: $rps"
    done
  done
done

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# ---- memory ------------------------------------------------------------------------------------
# KEYS SET requests in RESP, generated on the fly (the same keys for both servers).
load_keys() {
  awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$3\r\nxxx\r\n", i }' \
    | timeout 300 "$REDIS_CLI" -h 127.0.0.1 -p "$1" --pipe >/dev/null || die "loading keys into port $1 failed"
}
jvm_gc() { "$jcmd" "$jv_pid" GC.run >/dev/null || die "jcmd $jv_pid GC.run failed"; sleep 1; }
heap_used_kb() { "$jcmd" "$jv_pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1; }
redis_used() { "$REDIS_CLI" -h 127.0.0.1 -p "$rd_port" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" {print $2}'; }
dbsize() { "$REDIS_CLI" -h 127.0.0.1 -p "$1" dbsize; }

say "memory: loading $KEYS keys into each server"
"$REDIS_CLI" -h 127.0.0.1 -p "$jv_port" flushall >/dev/null
"$REDIS_CLI" -h 127.0.0.1 -p "$rd_port" flushall >/dev/null
jvm_gc
jv_rss0=$(rss_kb "$jv_pid"); jv_heap0=$(heap_used_kb)
rd_rss0=$(rss_kb "$rd_pid"); rd_used0=$(redis_used)
load_keys "$jv_port"
load_keys "$rd_port"
jv_keys=$(dbsize "$jv_port"); rd_keys=$(dbsize "$rd_port")
[ "$jv_keys" -gt 0 ] && [ "$rd_keys" -gt 0 ] || die "no keys loaded (jvalkey $jv_keys, redis $rd_keys)"
jvm_gc
jv_rss1=$(rss_kb "$jv_pid"); jv_heap1=$(heap_used_kb)
rd_rss1=$(rss_kb "$rd_pid"); rd_used1=$(redis_used)
say "jvalkey: $jv_keys keys, RSS ${jv_rss0}K -> ${jv_rss1}K, live heap ${jv_heap0}K -> ${jv_heap1}K"
say "redis:   $rd_keys keys, RSS ${rd_rss0}K -> ${rd_rss1}K, used_memory $rd_used0 -> $rd_used1"

# One collection of KEYS elements per server: prints "jv_rss_per_element rd_rss_per_element".
# $1 = what (for messages), $2 = command name, $3 = key, $4 = awk printf format of the remaining
# RESP arguments for element i (given i twice), $5 = the command counting elements, $6 = argc.
collection_memory() {
  local what=$1 cmd=$2 key=$3 args=$4 card=$5 argc=$6
  local port j0 j1 r0 r1 n_jv n_rd
  for port in "$jv_port" "$rd_port"; do "$REDIS_CLI" -h 127.0.0.1 -p "$port" flushall >/dev/null; done
  jvm_gc
  j0=$(rss_kb "$jv_pid"); r0=$(rss_kb "$rd_pid")
  for port in "$jv_port" "$rd_port"; do
    awk -v n="$KEYS" -v c="$cmd" -v k="$key" -v f="$args" -v argc="$argc" 'BEGIN {
          for (i = 0; i < n; i++) {
            rest = sprintf(f, i, i)
            printf "*%d\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n%s", argc, length(c), c, length(k), k, rest
          } }' \
      | timeout 300 "$REDIS_CLI" -h 127.0.0.1 -p "$port" --pipe >/dev/null || die "loading the $what into port $port failed"
  done
  n_jv=$("$REDIS_CLI" -h 127.0.0.1 -p "$jv_port" "$card" "$key")
  n_rd=$("$REDIS_CLI" -h 127.0.0.1 -p "$rd_port" "$card" "$key")
  [ "$n_jv" -gt 0 ] && [ "$n_rd" -gt 0 ] || die "$what not loaded (jvalkey $n_jv, redis $n_rd elements)"
  jvm_gc
  j1=$(rss_kb "$jv_pid"); r1=$(rss_kb "$rd_pid")
  say "$what: jvalkey $n_jv elements, RSS ${j0}K -> ${j1}K; redis $n_rd elements, RSS ${r0}K -> ${r1}K"
  echo "$(per_key "$j0" "$j1" 1024 "$n_jv") $(per_key "$r0" "$r1" 1024 "$n_rd")"
}
# per_key <before> <after> <unit bytes> <keys>
per_key() { awk -v a="$1" -v b="$2" -v u="$3" -v n="$4" 'BEGIN { printf "%.1f", (b - a) * u / n }'; }

declare -A collection
if [ "$TYPES" = 1 ]; then
  collection[hash]=$(collection_memory "hash" HSET bighash '$18\r\nfield:%012d\r\n$3\r\nxxx\r\n' hlen 4)
  collection[set]=$(collection_memory "set" SADD bigset '$19\r\nmember:%012d\r\n' scard 3)
  collection[zset]=$(collection_memory "sorted set" ZADD bigzset '$12\r\n%012d\r\n$19\r\nmember:%012d\r\n' zcard 4)
fi

# ---- report ------------------------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
java_version=$("$java_home/bin/java" -version 2>&1 | head -1)
redis_version=$("$REDIS_SERVER" --version | sed 's/.*v=\([^ ]*\).*/\1/')
load=$(cut -d' ' -f1-3 /proc/loadavg)
shard_text=${SHARDS:+--shards $SHARDS}
shard_text=${shard_text:-default config (${jv_shards:-?} shards)}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "Machine: $(nproc) CPUs, $cpu; $(uname -sr); load average at the end $load."
echo "jvalkey $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?') ($shard_text) on $java_version; redis-server $redis_version (--save '' --appendonly no)."
echo "redis-benchmark -c 50 -r 100000 -d 3, -n $N_P1 (-P 1) / $N_P16 (-P 16); servers alternated, median of $ROUNDS round(s)."
echo
echo "| test | jvalkey ops/s | redis ops/s | jvalkey/redis |"
echo "|---|---:|---:|---:|"
for spec in "${tests[@]}"; do
  read -r test pipeline n <<<"$spec"
  jv=$(echo "${results["jv $test $pipeline"]}" | median)
  rd=$(echo "${results["rd $test $pipeline"]}" | median)
  printf "| %s -P %s | %.0f | %.0f | %s |\n" "${test^^}" "$pipeline" "$jv" "$rd" "$(ratio "$jv" "$rd")"
done
echo
jv_rss_key=$(per_key "$jv_rss0" "$jv_rss1" 1024 "$jv_keys")
rd_rss_key=$(per_key "$rd_rss0" "$rd_rss1" 1024 "$rd_keys")
jv_heap_key=$(per_key "$jv_heap0" "$jv_heap1" 1024 "$jv_keys")
rd_used_key=$(per_key "$rd_used0" "$rd_used1" 1 "$rd_keys")
echo "| memory, $KEYS keys (16-byte key, 3-byte value) | jvalkey | redis | jvalkey/redis |"
echo "|---|---:|---:|---:|"
echo "| resident bytes/key (RSS delta; jvalkey after a full GC) | $jv_rss_key | $rd_rss_key | $(ratio "$jv_rss_key" "$rd_rss_key") |"
echo "| allocator bytes/key (jvalkey live heap, redis used_memory) | $jv_heap_key | $rd_used_key | $(ratio "$jv_heap_key" "$rd_used_key") |"
if [ "$TYPES" = 1 ]; then
  for t in hash set zset; do
    read -r jv rd <<<"${collection[$t]}"
    echo "| resident bytes/element, one $t of $KEYS elements | $jv | $rd | $(ratio "$jv" "$rd") |"
  done
fi
echo
echo "Raw rounds, ops/s (jv = jvalkey, rd = redis):"
for k in "${!results[@]}"; do echo "    $k: ${results[$k]% }"; done | sort
