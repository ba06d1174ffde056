#!/usr/bin/env bash
# The benchmark harness (issue 7): what the gateway costs next to a direct call and a plain nginx reverse proxy,
# SSE fan-out, footprint, and the memory bound. Everything runs on loopback; the table goes to stdout and to the
# report.
#
#   bash src/bench/run.sh                     full run (about 14 minutes), writes BENCHMARKS.md
#   bash src/bench/run.sh --smoke             a few seconds per phase (what ./mvnw verify runs)
#   bash src/bench/run.sh --memory-only       only the memory bound (section 4), printed, no report written
#   bash src/bench/run.sh --output FILE       write the report to FILE instead
#
# BENCH_PORT_BASE (default 18090) moves the twelve loopback ports it uses.
set -euo pipefail
cd "$(dirname "$0")/../.."

MODE=full
OUTPUT=BENCHMARKS.md
MEMORY_ONLY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke ;;
    --memory-only) MEMORY_ONLY=true ;;
    --output) OUTPUT=$2; shift ;;
    *) echo "usage: bash src/bench/run.sh [--smoke] [--memory-only] [--output FILE]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$MODE" = full ]; then
  WARMUP_SECONDS=20     # the gateway's JIT warm-up; the nginx targets get a quarter of it
  RUN_SECONDS=20        # each saturation run and each fixed-rate run
  ROUNDS=3              # alternating rounds over the three targets; the table shows medians
  SSE_JOBS=1000
  JOB_DURATION=42s      # emulated job length: between two polls (at 39.5 s and 44.5 s), so timing jitter cannot change the poll count
  MEMORY_SECONDS=90     # 6 KB submissions at saturation: the store is full within the first 10-20 s
  MEMORY_IN_FLIGHT=5000 # 6 KB jobs held in flight for the per-job cost: well within the default budget
  MEMORY_BUDGET=()      # the default: a share of the heap
  SCALE_JOBS=1800       # the container-heap round: 18,000 streams, as many as 20,000 descriptors allow with room
  SCALE_JOB_DURATION=152s # long enough to submit them all and open every stream; between the polls at 149.5 and 154.5 s
else
  WARMUP_SECONDS=2
  RUN_SECONDS=2
  ROUNDS=1
  SSE_JOBS=20
  JOB_DURATION=4s       # polls at 2 s and 5 s
  MEMORY_SECONDS=3
  MEMORY_IN_FLIGHT=200
  MEMORY_BUDGET=(-Dgateway.jobs.max-memory=1M)  # small enough to fill in a few seconds
  SCALE_JOBS=20
  SCALE_JOB_DURATION=7s # polls at 5 s and 9.5 s
fi
CONTAINER_HEAP=384m     # what the JVM image gives the heap: 75% of the Deployment's 512Mi limit
IMPLIED_STREAMS=50000   # the figure the heap per stream is projected to, over IMPLIED_JOBS in-flight jobs
IMPLIED_JOBS=5000
MEMORY_HEAP=$CONTAINER_HEAP
CONNECTIONS=64          # wrk's fixed concurrency for saturation
RATE=1000               # submissions per second for the latency distribution
HEY_WORKERS=50
SUBSCRIBERS_PER_JOB=10
POLLS_AT_ONCE=1024      # the submission-path gateway's gateway.polling.max-concurrent

BENCH_KEY=bench-key-not-secret
APIFRAME_KEY=afk_bench_not_secret
PORT_BASE=${BENCH_PORT_BASE:-18090}
STUB_PORT=$PORT_BASE
PROXY_PORT=$((PORT_BASE + 1))
GW_PORT=$((PORT_BASE + 2))
GW_MGMT_PORT=$((PORT_BASE + 3))
EMU_PORT=$((PORT_BASE + 4))
EMU_MGMT_PORT=$((PORT_BASE + 5))
SSE_PORT=$((PORT_BASE + 6))
SSE_MGMT_PORT=$((PORT_BASE + 7))
MEM_PORT=$((PORT_BASE + 8))
MEM_MGMT_PORT=$((PORT_BASE + 9))
JAR=target/quarkus-app/quarkus-run.jar
WORK=$PWD/target/bench
RESULTS=$WORK/results
TARGETS=(direct nginx gateway)

STARTED_PIDS=()
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

install_tools() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v hey >/dev/null 2>&1 || missing+=(hey)
  command -v jcmd >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || fail "install ${missing[*]} (Debian packages) or run as root"
    log "installing ${missing[*]} from Debian"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
  export PATH=$PATH:/usr/sbin
}

build_jar() {
  if [ ! -f "$JAR" ]; then
    log "building the gateway jar"
    ./mvnw -B -q package -DskipTests
  fi
}

prepare_work_dir() {
  rm -rf "$WORK"
  mkdir -p "$WORK/nginx-body" "$WORK/nginx-proxy" "$RESULTS"
  # 18,000 SSE streams take that many descriptors on each side
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  local port
  for port in $(seq "$PORT_BASE" "$MEM_MGMT_PORT"); do
    if port_open "$port"; then
      fail "port $port is taken (set BENCH_PORT_BASE to move the benchmark's ports)"
    fi
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local _
  for _ in $(seq 1 100); do
    port_open "$1" && return 0
    sleep 0.1
  done
  fail "nothing listens on port $1"
}

start_nginx() {
  sed -e "s|@WORK@|$WORK|g" -e "s|@WORKERS@|$(nproc)|g" -e "s|@STUB_PORT@|$STUB_PORT|g" \
      -e "s|@PROXY_PORT@|$PROXY_PORT|g" -e "s|@BENCH_KEY@|$BENCH_KEY|g" -e "s|@APIFRAME_KEY@|$APIFRAME_KEY|g" \
      src/bench/nginx.conf.template >"$WORK/nginx.conf"
  nginx -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" &
  STARTED_PIDS+=($!)
  wait_for_port "$STUB_PORT"
  wait_for_port "$PROXY_PORT"
}

# Starts the jar as NAME with its HTTP and management ports and extra -D options; sets JAVA_PID and STARTUP_MS
# (process start to /q/health/ready answering 200).
start_jar() {
  local name=$1 port=$2 management_port=$3
  shift 3
  local started
  started=$(date +%s%N)
  java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
       -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$management_port" \
       -Dgateway.tenants.bench.key-sha256="$(printf %s "$BENCH_KEY" | sha256sum | cut -d' ' -f1)" \
       -Dgateway.tenants.bench.apiframe-key="$APIFRAME_KEY" \
       -Dgateway.tenants.bench.requests-per-second=10000000 -Dgateway.tenants.bench.burst=10000000 \
       -Dgateway.tenants.bench.max-in-flight=10000000 -Dgateway.upstream.requests-per-second=10000000 \
       -Dgateway.store=memory "$@" -jar "$JAR" >"$WORK/$name.log" 2>&1 &
  JAVA_PID=$!
  STARTED_PIDS+=("$JAVA_PID")
  local _
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null "http://127.0.0.1:$management_port/q/health/ready"; then
      STARTUP_MS=$((($(date +%s%N) - started) / 1000000))
      return 0
    fi
    kill -0 "$JAVA_PID" 2>/dev/null || fail "$name exited; see $WORK/$name.log"
    sleep 0.05
  done
  fail "$name was not ready within 60 s; see $WORK/$name.log"
}

stop_jar() {
  kill "$1"
  wait "$1" 2>/dev/null || true
  local pid remaining=()
  for pid in "${STARTED_PIDS[@]}"; do
    [ "$pid" = "$1" ] || remaining+=("$pid")
  done
  STARTED_PIDS=("${remaining[@]}")
}

# Sum of a Prometheus family's samples whose line contains FILTER (e.g. operation="poll").
metric() {
  local management_port=$1 family=$2 filter=${3:-}
  curl -sf "http://127.0.0.1:$management_port/q/metrics" \
    | awk -v family="$family" -v filter="$filter" \
        '$1 ~ "^" family "({|$)" && index($0, filter) { sum += $NF } END { printf "%.0f\n", sum }'
}

# Used heap in MB right after a full GC.
heap_after_gc_mb() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk 'match($0, /used [0-9]+K/) { printf "%.1f\n", substr($0, RSTART + 5, RLENGTH - 6) / 1024; exit }'
}

rss_mb() { awk '/^VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }

# Waits until the gateway has polled every job it accepted (the stub completes each at its first poll), so the
# next run starts quiet.
settle_gateway() {
  local management_port=${1:-$GW_MGMT_PORT} _ accepted polls
  for _ in $(seq 1 1200); do
    accepted=$(metric "$management_port" gateway_submissions_total 'outcome="accepted"')
    polls=$(metric "$management_port" gateway_upstream_requests_total 'operation="poll"')
    [ "$polls" -ge "$accepted" ] && return 0
    sleep 0.1
  done
  fail "the gateway had polled $polls of $accepted jobs after 120 s"
}

# ---- 1. Submission path ----

define_targets() {
  local image='http://127.0.0.1/bench/in.png'
  declare -gA URL BODY HEADER
  URL[direct]=http://127.0.0.1:$STUB_PORT/v2/images/upscale
  HEADER[direct]="X-API-Key: $APIFRAME_KEY"
  BODY[direct]="{\"model\":\"clarity-upscale\",\"clarityUpscaleParams\":{\"image\":\"$image\",\"scale_factor\":2,\"output_format\":\"png\"}}"
  URL[nginx]=http://127.0.0.1:$PROXY_PORT/v1/upscales
  URL[gateway]=http://127.0.0.1:$GW_PORT/v1/upscales
  HEADER[nginx]="Authorization: Bearer $BENCH_KEY"
  HEADER[gateway]=${HEADER[nginx]}
  BODY[nginx]="{\"image\":\"$image\",\"scale\":2,\"format\":\"png\"}"
  BODY[gateway]=${BODY[nginx]}
  local target
  for target in "${TARGETS[@]}"; do
    {
      echo 'wrk.method = "POST"'
      echo "wrk.body = '${BODY[$target]}'"
      echo 'wrk.headers["Content-Type"] = "application/json"'
      echo "wrk.headers[\"${HEADER[$target]%%: *}\"] = \"${HEADER[$target]#*: }\""
    } >"$WORK/$target.lua"
  done
}

# The commands as run and as printed in the report; header and body are single-quoted for the shell (neither
# holds a single quote).
wrk_command() {
  echo "wrk -t2 -c$CONNECTIONS -d${2}s --latency -s $WORK/$1.lua ${URL[$1]}"
}

hey_command() {
  echo "hey -z ${RUN_SECONDS}s -c $HEY_WORKERS -q $((RATE / HEY_WORKERS)) -m POST -T application/json" \
       "-H '${HEADER[$1]}' -d '${BODY[$1]}' ${URL[$1]}"
}

# Runs wrk for SECONDS against TARGET, recording requests/s and non-2xx answers plus socket errors.
saturate() {
  local target=$1 seconds=$2 out=$3
  eval "$(wrk_command "$target" "$seconds")" >"$out"
  [ "$target" != gateway ] || settle_gateway
}

record_saturation() {
  local target=$1 out=$2
  awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$out" >>"$RESULTS/rps-$target"
  awk '/Non-2xx or 3xx responses:/ { errors += $NF }
       /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
       END { print errors + 0 }' "$out" >>"$RESULTS/wrk-errors-$target"
}

# Runs hey at the fixed rate against TARGET, recording p50/p90/p99/max in ms, the rate reached, and answers that
# are not 202.
fixed_rate() {
  local target=$1 out=$2
  eval "$(hey_command "$target")" >"$out"
  [ "$target" != gateway ] || settle_gateway
  local p
  for p in 50 90 99; do
    awk -v p="$p%" '$1 == p && $2 == "in" { printf "%.2f\n", $3 * 1000 }' "$out" >>"$RESULTS/p$p-$target"
  done
  awk '/Slowest:/ { printf "%.2f\n", $2 * 1000 }' "$out" >>"$RESULTS/max-$target"
  awk '/Requests\/sec:/ { printf "%.0f\n", $2 }' "$out" >>"$RESULTS/rate-$target"
  awk '/^Status code distribution:/ { section = "status"; next }
       /^Error distribution:/ { section = "errors"; next }
       section == "status" && /^ *\[[0-9]+\]/ && $1 != "[202]" { errors += $2 }
       section == "errors" && /^ *\[[0-9]+\]/ { gsub(/[][]/, "", $1); errors += $1 }
       END { print errors + 0 }' "$out" >>"$RESULTS/hey-errors-$target"
}

submission_phase() {
  log "submission path: warming up (gateway ${WARMUP_SECONDS} s)"
  local target round
  for target in "${TARGETS[@]}"; do
    local warmup=$((WARMUP_SECONDS / 4))
    [ "$target" != gateway ] || warmup=$WARMUP_SECONDS
    saturate "$target" "$((warmup > 0 ? warmup : 1))" "$WORK/warmup-$target.txt"
  done
  for round in $(seq 1 "$ROUNDS"); do
    for target in "${TARGETS[@]}"; do
      log "round $round/$ROUNDS: $target, saturation (wrk, $CONNECTIONS connections, $RUN_SECONDS s)"
      saturate "$target" "$RUN_SECONDS" "$WORK/wrk-$target-$round.txt"
      record_saturation "$target" "$WORK/wrk-$target-$round.txt"
    done
    for target in "${TARGETS[@]}"; do
      log "round $round/$ROUNDS: $target, latency at $RATE/s (hey, $RUN_SECONDS s)"
      fixed_rate "$target" "$WORK/hey-$target-$round.txt"
    done
  done
  GW_SUBMITS=$(metric "$GW_MGMT_PORT" gateway_upstream_requests_total 'operation="submit"')
  GW_POLLS=$(metric "$GW_MGMT_PORT" gateway_upstream_requests_total 'operation="poll"')
  GW_ACCEPTED=$(metric "$GW_MGMT_PORT" gateway_submissions_total 'outcome="accepted"')
  GW_JOBS_KEPT=$(metric "$GW_MGMT_PORT" gateway_store_jobs)
  GW_HEAP_KEPT_MB=$(heap_after_gc_mb "$GW_PID")
}

# ---- 2 and 3. SSE fan-out and footprint ----

# One round: SSE_JOBS jobs, PER_JOB streams on each; sets ROUND_POLLS_PER_JOB, and HEAP_* measurements.
sse_round() {
  local per_job=$1
  local ids=$WORK/ids-$per_job.txt out=$WORK/follow-$per_job.txt
  local polls_before
  polls_before=$(metric "$SSE_MGMT_PORT" gateway_upstream_requests_total 'operation="poll"')
  log "SSE: submitting $SSE_JOBS jobs (emulated, $JOB_DURATION each)"
  java -cp "$WORK/classes" SseFanOut submit "http://127.0.0.1:$SSE_PORT" "$BENCH_KEY" \
      "http://127.0.0.1:$EMU_PORT/emulator/cdn/sample.png" "$SSE_JOBS" "$ids" >"$WORK/submit-$per_job.txt"
  [ "$per_job" != 1 ] || HEAP_IN_FLIGHT_MB=$(heap_after_gc_mb "$SSE_PID")
  log "SSE: $per_job subscriber(s) per job, $((SSE_JOBS * per_job)) streams"
  start_followers "$ids" "$per_job" 120 "$out"
  local follower=$FOLLOWER_PID
  if [ "$per_job" != 1 ]; then
    SSE_OPEN=$(metric "$SSE_MGMT_PORT" gateway_sse_subscribers)
    HEAP_SUBSCRIBED_MB=$(heap_after_gc_mb "$SSE_PID")
  fi
  wait "$follower" || fail "not every subscriber got its terminal event: $(tail -1 "$out")"
  local polls_after
  polls_after=$(metric "$SSE_MGMT_PORT" gateway_upstream_requests_total 'operation="poll"')
  ROUND_POLLS_PER_JOB=$(awk -v d="$((polls_after - polls_before))" -v n="$SSE_JOBS" 'BEGIN { printf "%.2f", d / n }')
  ROUND_RESULT=$(grep '^subscribers=' "$out")
}

# Follows every job in IDS with PER_JOB streams each for at most SECONDS, writing to OUT; returns once all are
# subscribed (or the client died), with the client's pid in FOLLOWER_PID.
start_followers() {
  local ids=$1 per_job=$2 seconds=$3 out=$4
  java -cp "$WORK/classes" SseFanOut follow "http://127.0.0.1:$SSE_PORT" "$BENCH_KEY" "$ids" "$per_job" "$seconds" \
      >"$out" &
  FOLLOWER_PID=$!
  STARTED_PIDS+=("$FOLLOWER_PID")
  until grep -q '^subscribed' "$out"; do
    kill -0 "$FOLLOWER_PID" 2>/dev/null || break
    sleep 0.2
  done
}

sse_phase() {
  javac -d "$WORK/classes" src/bench/SseFanOut.java
  log "SSE: starting the Apiframe emulator, then a fresh gateway in front of it"
  start_jar emulator "$EMU_PORT" "$EMU_MGMT_PORT" -Dgateway.emulator.enabled=true \
      -Dgateway.emulator.job-duration="$JOB_DURATION" -Dgateway.emulator.api-keys="$APIFRAME_KEY" \
      -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$EMU_PORT" \
      -Dgateway.emulator.max-jobs=$((4 * SSE_JOBS))
  EMU_PID=$JAVA_PID
  start_jar gateway-sse "$SSE_PORT" "$SSE_MGMT_PORT" -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$EMU_PORT"
  SSE_PID=$JAVA_PID
  FOOTPRINT_STARTUP_MS=$STARTUP_MS
  sleep 3
  FOOTPRINT_IDLE_RSS_MB=$(rss_mb "$SSE_PID")
  HEAP_IDLE_MB=$(heap_after_gc_mb "$SSE_PID")

  sse_round 1
  POLLS_ONE=$ROUND_POLLS_PER_JOB
  RESULT_ONE=$ROUND_RESULT
  sse_round "$SUBSCRIBERS_PER_JOB"
  POLLS_MANY=$ROUND_POLLS_PER_JOB
  RESULT_MANY=$ROUND_RESULT
  HEAP_PER_1000_MB=$(awk -v a="$HEAP_IN_FLIGHT_MB" -v b="$HEAP_IDLE_MB" -v n="$SSE_JOBS" \
      'BEGIN { printf "%.1f", (a - b) * 1000 / n }')
}

# ---- 4. Memory bound ----

# 6 KB submissions (two 1,900-character prompts, 1.9 KB of metadata: the contract's limits in practice), each
# different, as fast as wrk sends them, to a gateway in the container's heap that exits on an OutOfMemoryError.
write_large_submissions() {
  cat >"$WORK/large.lua" <<'LUA'
local counter = 0
local prompt = string.rep("p", 1892)
local fields = {}
for i = 1, 30 do fields[i] = string.format('"field-%02d":"%s"', i, string.rep("v", 50)) end
local metadata = "{" .. table.concat(fields, ",") .. "}"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local unique = string.format("%08d", counter)
  local body = '{"image":"http://127.0.0.1/bench/' .. unique .. '.png","prompt":"' .. unique .. prompt
      .. '","negativePrompt":"' .. unique .. prompt .. '","metadata":' .. metadata .. '}'
  return wrk.format(nil, nil, nil, body)
end
LUA
  echo "wrk.headers[\"Authorization\"] = \"Bearer $BENCH_KEY\"" >>"$WORK/large.lua"
}

memory_phase() {
  write_large_submissions
  log "memory: a gateway with -Xmx$MEMORY_HEAP, 6 KB submissions for $MEMORY_SECONDS s"
  start_jar gateway-memory "$MEM_PORT" "$MEM_MGMT_PORT" "-Xmx$MEMORY_HEAP" -XX:+ExitOnOutOfMemoryError \
      -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$STUB_PORT" \
      -Dgateway.polling.max-concurrent="$POLLS_AT_ONCE" "${MEMORY_BUDGET[@]}"
  local memory_pid=$JAVA_PID
  sleep 3
  MEM_HEAP_IDLE_MB=$(heap_after_gc_mb "$memory_pid")
  wrk -t2 -c32 -d"${MEMORY_SECONDS}s" -s "$WORK/large.lua" "http://127.0.0.1:$MEM_PORT/v1/upscales" \
      >"$WORK/wrk-memory.txt"
  kill -0 "$memory_pid" 2>/dev/null || fail "the gateway died under 6 KB submissions; see $WORK/gateway-memory.log"
  settle_gateway "$MEM_MGMT_PORT"
  MEM_ACCEPTED=$(metric "$MEM_MGMT_PORT" gateway_submissions_total 'outcome="accepted"')
  MEM_REFUSED=$(metric "$MEM_MGMT_PORT" gateway_submissions_total 'outcome="store_full"')
  MEM_JOBS_KEPT=$(metric "$MEM_MGMT_PORT" gateway_store_jobs)
  MEM_STORE_MB=$(awk -v b="$(metric "$MEM_MGMT_PORT" gateway_store_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')
  MEM_BUDGET_MB=$(awk -v b="$(metric "$MEM_MGMT_PORT" gateway_store_max_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')
  MEM_HEAP_MB=$(heap_after_gc_mb "$memory_pid")
  MEM_RATE=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/wrk-memory.txt")
  MEM_PER_JOB_KB=$(awk -v h="$MEM_HEAP_MB" -v i="$MEM_HEAP_IDLE_MB" -v n="$MEM_JOBS_KEPT" \
      'BEGIN { printf "%.1f", (h - i) * 1024 / n }')
  MEM_ESTIMATE_KB=$(awk -v s="$MEM_STORE_MB" -v n="$MEM_JOBS_KEPT" 'BEGIN { printf "%.1f", s * 1024 / n }')
  MEM_ALIVE=$(kill -0 "$memory_pid" 2>/dev/null && echo yes || echo no)
  stop_jar "$memory_pid"
  in_flight_cost
}

# 6 KB jobs held in flight (their first poll is due long after the measurement): heap per job in flight.
in_flight_cost() {
  local prompt
  prompt=$(printf 'p%.0s' $(seq 1 1900))
  printf '{"image":"http://127.0.0.1/bench/in.png","prompt":"%s","negativePrompt":"%s","metadata":{%s}}' \
      "$prompt" "$prompt" "$(for i in $(seq -w 1 30); do printf '"field-%s":"%s",' "$i" "$(printf 'v%.0s' $(seq 1 50))"; done | sed 's/,$//')" \
      >"$WORK/large.json"
  log "memory: $MEMORY_IN_FLIGHT 6 KB jobs held in flight"
  start_jar gateway-in-flight "$MEM_PORT" "$MEM_MGMT_PORT" "-Xmx$MEMORY_HEAP" -XX:+ExitOnOutOfMemoryError \
      -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$STUB_PORT" -Dgateway.polling.initial-delay=30m \
      -Dgateway.jobs.timeout=1h "${MEMORY_BUDGET[@]}"
  local pid=$JAVA_PID
  sleep 3
  local idle
  idle=$(heap_after_gc_mb "$pid")
  hey -n "$MEMORY_IN_FLIGHT" -c 32 -m POST -T application/json -H "Authorization: Bearer $BENCH_KEY" \
      -D "$WORK/large.json" "http://127.0.0.1:$MEM_PORT/v1/upscales" >"$WORK/hey-in-flight.txt"
  MEM_IN_FLIGHT_JOBS=$(metric "$MEM_MGMT_PORT" gateway_jobs_in_flight)
  MEM_IN_FLIGHT_REFUSED=$(metric "$MEM_MGMT_PORT" gateway_submissions_total 'outcome="store_full"')
  local bytes
  bytes=$(metric "$MEM_MGMT_PORT" gateway_store_bytes)
  MEM_IN_FLIGHT_HEAP_MB=$(heap_after_gc_mb "$pid")
  MEM_IN_FLIGHT_KB=$(awk -v h="$MEM_IN_FLIGHT_HEAP_MB" -v i="$idle" -v n="$MEM_IN_FLIGHT_JOBS" \
      'BEGIN { printf "%.1f", (h - i) * 1024 / n }')
  MEM_IN_FLIGHT_ESTIMATE_KB=$(awk -v b="$bytes" -v n="$MEM_IN_FLIGHT_JOBS" 'BEGIN { printf "%.1f", b / 1024 / n }')
  stop_jar "$pid"
}

memory_report() {
  cat <<EOF
## 4. Memory bound

A gateway with \`-Xmx$MEMORY_HEAP -XX:+ExitOnOutOfMemoryError\` (the JVM image's heap in its 512Mi container), memory
store $([ ${#MEMORY_BUDGET[@]} -gt 0 ] && echo "limited by \`${MEMORY_BUDGET[*]}\`" || echo "with its default budget"),
sent 6 KB submissions (two 1,900-character prompts and 1.9 KB of metadata, each one different) by
\`wrk -t2 -c32 -d${MEMORY_SECONDS}s -s large.lua\` against the stub, which completes every job at its first poll.
Heap after a full GC, measured once every accepted job had been polled.

| measure | value |
|---|---|
| submissions accepted (at $MEM_RATE/s) | $MEM_ACCEPTED |
| refused with \`503 store_full\` | $MEM_REFUSED |
| jobs kept (\`gateway_store_jobs\`); the others were evicted, oldest first | $MEM_JOBS_KEPT |
| store's estimate (\`gateway_store_bytes\`) / budget (\`gateway_store_max_bytes\`) | $MEM_STORE_MB MB / $MEM_BUDGET_MB MB |
| heap after GC: idle / with the store full | $MEM_HEAP_IDLE_MB MB / $MEM_HEAP_MB MB |
| heap per stored 6 KB job: measured / the store's estimate | $MEM_PER_JOB_KB KB / $MEM_ESTIMATE_KB KB |
| alive at the end | $MEM_ALIVE |
| jobs held in flight (of $MEMORY_IN_FLIGHT sent; refused \`store_full\`: $MEM_IN_FLIGHT_REFUSED), heap after GC | $MEM_IN_FLIGHT_JOBS, $MEM_IN_FLIGHT_HEAP_MB MB |
| heap per 6 KB job in flight: measured / the store's estimate | $MEM_IN_FLIGHT_KB KB / $MEM_IN_FLIGHT_ESTIMATE_KB KB |
EOF
}

# ---- 2b. SSE at scale, in the container's heap (reported in section 2) ----

# Polls a job of DURATION seconds gets from the default schedule (first at 2 s, then ×1.5 up to 5 s), whoever
# follows it: the last poll is the first at or after its end.
scheduled_polls() {
  awk -v d="$1" 'BEGIN { t = 2; i = 2; n = 1; while (t < d) { i = i * 1.5; if (i > 5) i = 5; t += i; n++ } print n }'
}

scale_phase() {
  log "SSE at scale: the emulator again with jobs of $SCALE_JOB_DURATION, a gateway in -Xmx$CONTAINER_HEAP"
  stop_jar "$SSE_PID"
  stop_jar "$EMU_PID"
  start_jar emulator-scale "$EMU_PORT" "$EMU_MGMT_PORT" -Dgateway.emulator.enabled=true \
      -Dgateway.emulator.job-duration="$SCALE_JOB_DURATION" -Dgateway.emulator.api-keys="$APIFRAME_KEY" \
      -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$EMU_PORT" \
      -Dgateway.emulator.max-jobs=$((4 * SCALE_JOBS))
  EMU_PID=$JAVA_PID
  start_jar gateway-scale "$SSE_PORT" "$SSE_MGMT_PORT" -Xmx"$CONTAINER_HEAP" -XX:+ExitOnOutOfMemoryError \
      -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$EMU_PORT"
  SCALE_PID=$JAVA_PID
  sleep 3
  SCALE_HEAP_IDLE_MB=$(heap_after_gc_mb "$SCALE_PID")
  SCALE_MAX_STREAMS=$(metric "$SSE_MGMT_PORT" gateway_sse_max_streams)
  local ids=$WORK/ids-scale.txt out=$WORK/follow-scale.txt streams=$((SCALE_JOBS * SUBSCRIBERS_PER_JOB))
  log "SSE at scale: submitting $SCALE_JOBS jobs"
  java -cp "$WORK/classes" SseFanOut submit "http://127.0.0.1:$SSE_PORT" "$BENCH_KEY" \
      "http://127.0.0.1:$EMU_PORT/emulator/cdn/sample.png" "$SCALE_JOBS" "$ids" >"$WORK/submit-scale.txt"
  SCALE_HEAP_JOBS_MB=$(heap_after_gc_mb "$SCALE_PID")
  log "SSE at scale: $streams streams"
  start_followers "$ids" "$SUBSCRIBERS_PER_JOB" 300 "$out"
  local follower=$FOLLOWER_PID
  SCALE_OPEN=$(metric "$SSE_MGMT_PORT" gateway_sse_subscribers)
  SCALE_HEAP_STREAMS_MB=$(heap_after_gc_mb "$SCALE_PID")
  SCALE_RATE=$(awk '/^subscribed/ { print $(NF - 1) }' "$out")
  SCALE_CONNECTED=$(awk '/^subscribed/ { print $2 " of " $4 " in " $6 " s" }' "$out")
  wait "$follower" || fail "not every stream got its terminal event: $(tail -1 "$out")"
  SCALE_RESULT=$(grep '^subscribers=' "$out")
  SCALE_POLLS_PER_JOB=$(awk -v d="$(metric "$SSE_MGMT_PORT" gateway_upstream_requests_total 'operation="poll"')" \
      -v n="$SCALE_JOBS" 'BEGIN { printf "%.2f", d / n }')
  SCALE_POLLS_SCHEDULED=$(scheduled_polls "${SCALE_JOB_DURATION%s}")
  SCALE_KB_PER_JOB=$(awk -v a="$SCALE_HEAP_JOBS_MB" -v b="$SCALE_HEAP_IDLE_MB" -v n="$SCALE_JOBS" \
      'BEGIN { printf "%.1f", (a - b) * 1024 / n }')
  SCALE_KB_PER_STREAM=$(awk -v a="$SCALE_HEAP_STREAMS_MB" -v b="$SCALE_HEAP_JOBS_MB" -v n="$streams" \
      'BEGIN { printf "%.1f", (a - b) * 1024 / n }')
  SCALE_IMPLIED_MB=$(awk -v idle="$SCALE_HEAP_IDLE_MB" -v j="$SCALE_KB_PER_JOB" -v s="$SCALE_KB_PER_STREAM" \
      -v jobs="$IMPLIED_JOBS" -v streams="$IMPLIED_STREAMS" 'BEGIN { printf "%.0f", idle + (jobs * j + streams * s) / 1024 }')
}

# ---- Report ----

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "**missed**") }'; }

report() {
  local target
  declare -A RPS P50 P90 P99 MAX RATE_REACHED ERRORS
  for target in "${TARGETS[@]}"; do
    RPS[$target]=$(median "$RESULTS/rps-$target")
    P50[$target]=$(median "$RESULTS/p50-$target")
    P90[$target]=$(median "$RESULTS/p90-$target")
    P99[$target]=$(median "$RESULTS/p99-$target")
    MAX[$target]=$(median "$RESULTS/max-$target")
    RATE_REACHED[$target]=$(median "$RESULTS/rate-$target")
    ERRORS[$target]=$(cat "$RESULTS/wrk-errors-$target" "$RESULTS/hey-errors-$target" | awk '{ s += $1 } END { print s }')
  done
  local rps_ratio p99_ratio
  rps_ratio=$(ratio "${RPS[gateway]}" "${RPS[nginx]}")
  p99_ratio=$(ratio "${P99[gateway]}" "${P99[nginx]}")

  cat <<EOF
# Benchmarks

Mode: **$MODE** ($(date -u +%Y-%m-%dT%H:%MZ)). Command: \`bash src/bench/run.sh$([ "$MODE" = smoke ] && echo ' --smoke')\`.
Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),
$(uname -sr); $(java -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/.*: //'); $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'); hey.
Everything colocated on loopback: load generator, nginx (stub and proxy, $(nproc) workers) and the JVMs share the cores.

## 1. Submission path

Medians of $ROUNDS alternating round(s). Saturation: \`wrk\`, $CONNECTIONS connections, $RUN_SECONDS s per run, after a
warm-up of $WARMUP_SECONDS s for the gateway. Latency: \`hey\` at $RATE submissions/s ($HEY_WORKERS workers × $((RATE / HEY_WORKERS))/s), $RUN_SECONDS s per run.

| path | saturation (req/s) | p50 at $RATE/s (ms) | p90 (ms) | p99 (ms) | max (ms) | rate reached (/s) | non-2xx or errors |
|---|---|---|---|---|---|---|---|
| (a) direct to the stub | ${RPS[direct]} | ${P50[direct]} | ${P90[direct]} | ${P99[direct]} | ${MAX[direct]} | ${RATE_REACHED[direct]} | ${ERRORS[direct]} |
| (b) nginx proxy → stub | ${RPS[nginx]} | ${P50[nginx]} | ${P90[nginx]} | ${P99[nginx]} | ${MAX[nginx]} | ${RATE_REACHED[nginx]} | ${ERRORS[nginx]} |
| (c) gateway → stub | ${RPS[gateway]} | ${P50[gateway]} | ${P90[gateway]} | ${P99[gateway]} | ${MAX[gateway]} | ${RATE_REACHED[gateway]} | ${ERRORS[gateway]} |
| gateway ÷ nginx | $rps_ratio | $(ratio "${P50[gateway]}" "${P50[nginx]}") | $(ratio "${P90[gateway]}" "${P90[nginx]}") | $p99_ratio | | | |

The gateway's numbers include its polling: the stub answers every \`GET /v2/jobs/{id}\` with a completed job, so
each accepted job costs one poll, 2 s after its submission. Each gateway run is followed by a wait until no job is
in flight, so polls never spill into the next run. Over the whole phase the gateway accepted $GW_ACCEPTED jobs and
made $GW_SUBMITS upstream submissions and $GW_POLLS polls.

## 2. SSE fan-out

$SSE_JOBS in-flight jobs on one gateway instance, each emulated by a second instance of the jar (its embedded
Apiframe emulator, jobs of $JOB_DURATION), followed by the JDK-only client \`src/bench/SseFanOut.java\`.

| round | streams | result | upstream polls per job |
|---|---|---|---|
| 1 subscriber per job | $SSE_JOBS | $RESULT_ONE | $POLLS_ONE |
| $SUBSCRIBERS_PER_JOB subscribers per job | $((SSE_JOBS * SUBSCRIBERS_PER_JOB)) | $RESULT_MANY | $POLLS_MANY |

Open streams when measured: $SSE_OPEN (\`gateway_sse_subscribers\`); heap after a full GC then: **$HEAP_SUBSCRIBED_MB MB**.

### In the container's heap

A fresh gateway in \`-Xmx$CONTAINER_HEAP -XX:+ExitOnOutOfMemoryError\` (the JVM image's heap), $SCALE_JOBS jobs of
$SCALE_JOB_DURATION, $SUBSCRIBERS_PER_JOB streams on each ($((SCALE_JOBS * SUBSCRIBERS_PER_JOB)) streams; \`gateway_sse_max_streams\` derived from
\`ulimit -n\` $(ulimit -n): $SCALE_MAX_STREAMS).

| measure | value |
|---|---|
| streams delivered (first and terminal event) | $SCALE_RESULT |
| streams connected, each with its first event | $SCALE_CONNECTED |
| connect rate | $SCALE_RATE streams/s |
| upstream polls per job | $SCALE_POLLS_PER_JOB (the schedule gives $SCALE_POLLS_SCHEDULED to a job of $SCALE_JOB_DURATION, followed or not) |
| heap after GC, idle | $SCALE_HEAP_IDLE_MB MB |
| heap after GC, $SCALE_JOBS jobs in flight | $SCALE_HEAP_JOBS_MB MB |
| heap after GC, and $SCALE_OPEN streams open | $SCALE_HEAP_STREAMS_MB MB |
| heap per in-flight job | $SCALE_KB_PER_JOB KB |
| heap per stream | $SCALE_KB_PER_STREAM KB |
| implied: $IMPLIED_STREAMS streams over $IMPLIED_JOBS jobs | $SCALE_IMPLIED_MB MB |

## 3. Footprint

| measure | value |
|---|---|
| startup, process start to \`/q/health/ready\` 200 | $FOOTPRINT_STARTUP_MS ms |
| RSS when idle (after startup) | $FOOTPRINT_IDLE_RSS_MB MB |
| heap after GC, idle | $HEAP_IDLE_MB MB |
| heap after GC with $SSE_JOBS jobs in flight | $HEAP_IN_FLIGHT_MB MB |
| heap per 1,000 in-flight jobs | $HEAP_PER_1000_MB MB |
| heap after GC with the submission phase's last $GW_JOBS_KEPT jobs stored (small, terminal) | $GW_HEAP_KEPT_MB MB |
| heap per stored small job | $(awk -v h="$GW_HEAP_KEPT_MB" -v i="$HEAP_IDLE_MB" -v n="$GW_JOBS_KEPT" 'BEGIN { printf "%.1f", (h - i) * 1024 / n }') KB |

JVM defaults (\`java -jar\`, no heap options: G1, max heap a quarter of RAM), memory store.

$(memory_report)

## Targets

| target | measured | |
|---|---|---|
| saturation ≥ 25% of nginx's | $(awk -v r="$rps_ratio" 'BEGIN { printf "%.0f%%", r * 100 }') | $(verdict "$(awk -v r="$rps_ratio" 'BEGIN { print (r >= 0.25) }')") |
| p99 at $RATE/s ≤ 10 ms | ${P99[gateway]} ms | $(verdict "$(awk -v p="${P99[gateway]}" 'BEGIN { print (p <= 10) }')") |
| p99 at $RATE/s ≤ 4× nginx's | ${p99_ratio}× | $(verdict "$(awk -v r="$p99_ratio" 'BEGIN { print (r <= 4) }')") |
| every subscriber gets its terminal event | $RESULT_MANY | $(verdict "$(echo "$RESULT_MANY" | awk -F'[= ]' '{ print ($2 == $4) }')") |
| heap after GC ≤ 256 MB with $((SSE_JOBS * SUBSCRIBERS_PER_JOB)) streams | $HEAP_SUBSCRIBED_MB MB | $(verdict "$(awk -v h="$HEAP_SUBSCRIBED_MB" 'BEGIN { print (h <= 256) }')") |
| polls per job the same with $SUBSCRIBERS_PER_JOB subscribers as with 1 | $POLLS_MANY vs $POLLS_ONE | $(verdict "$(awk -v a="$POLLS_MANY" -v b="$POLLS_ONE" 'BEGIN { print (a == b) }')") |
| 6 KB submissions in -Xmx$MEMORY_HEAP: alive, the store full and evicting | alive: $MEM_ALIVE; $MEM_JOBS_KEPT of $MEM_ACCEPTED kept | $(verdict "$([ "$MEM_ALIVE" = yes ] && awk -v k="$MEM_JOBS_KEPT" -v a="$MEM_ACCEPTED" 'BEGIN { print (k < a) }' || echo 0)") |
| in $CONTAINER_HEAP: every one of $((SCALE_JOBS * SUBSCRIBERS_PER_JOB)) streams gets its first and terminal event | $SCALE_RESULT | $(verdict "$(echo "$SCALE_RESULT" | awk -F'[= ]' '{ print ($2 == $4) }')") |
| in $CONTAINER_HEAP: polls per job as scheduled, whoever follows | $SCALE_POLLS_PER_JOB vs $SCALE_POLLS_SCHEDULED | $(verdict "$(awk -v a="$SCALE_POLLS_PER_JOB" -v b="$SCALE_POLLS_SCHEDULED" 'BEGIN { print (a == b) }')") |
| streams connect at ≥ 2,000/s | $SCALE_RATE/s | $(verdict "$(awk -v r="$SCALE_RATE" 'BEGIN { print (r >= 2000) }')") |
| $IMPLIED_STREAMS streams over $IMPLIED_JOBS jobs fit 256 MB of heap | $SCALE_IMPLIED_MB MB | $(verdict "$(awk -v h="$SCALE_IMPLIED_MB" 'BEGIN { print (h <= 256) }')") |

## Commands

\`\`\`
$(for target in "${TARGETS[@]}"; do wrk_command "$target" "$RUN_SECONDS"; done)
$(for target in "${TARGETS[@]}"; do hey_command "$target"; done)
java SseFanOut submit http://127.0.0.1:$SSE_PORT $BENCH_KEY http://127.0.0.1:$EMU_PORT/emulator/cdn/sample.png $SSE_JOBS ids.txt
java SseFanOut follow http://127.0.0.1:$SSE_PORT $BENCH_KEY ids.txt $SUBSCRIBERS_PER_JOB 120
java -Xmx$CONTAINER_HEAP -XX:+ExitOnOutOfMemoryError -jar $JAR ...   # the round in the container's heap
java SseFanOut submit http://127.0.0.1:$SSE_PORT $BENCH_KEY http://127.0.0.1:$EMU_PORT/emulator/cdn/sample.png $SCALE_JOBS ids-scale.txt
java SseFanOut follow http://127.0.0.1:$SSE_PORT $BENCH_KEY ids-scale.txt $SUBSCRIBERS_PER_JOB 300
\`\`\`
The stub and the proxy are \`src/bench/nginx.conf.template\`; the gateway runs as \`java -jar $JAR\` with the options in
\`src/bench/run.sh\` (\`start_jar\`). Raw outputs of this run: \`target/bench/\`.
EOF
  if [ -f src/bench/analysis.md ]; then
    echo
    cat src/bench/analysis.md
  fi
}

main() {
  install_tools
  build_jar
  prepare_work_dir
  log "mode $MODE; logs and raw outputs in $WORK"
  start_nginx
  if [ "$MEMORY_ONLY" = true ]; then
    memory_phase
    memory_report
    return
  fi
  # polls start at most max-concurrent per 100 ms tick: the default (64) would fall behind a few thousand jobs/s
  start_jar gateway "$GW_PORT" "$GW_MGMT_PORT" -Dquarkus.rest-client.apiframe.url="http://127.0.0.1:$STUB_PORT" \
      -Dgateway.polling.max-concurrent="$POLLS_AT_ONCE"
  GW_PID=$JAVA_PID
  log "gateway ready in $STARTUP_MS ms"
  define_targets
  submission_phase
  stop_jar "$GW_PID"
  sse_phase
  scale_phase
  memory_phase
  report >"$WORK/report.md"
  mkdir -p "$(dirname "$OUTPUT")"
  cp "$WORK/report.md" "$OUTPUT"
  sed -n '/^## 1\./,/^## Commands/p' "$WORK/report.md" | sed '$d'
  log "report written to $OUTPUT"
}

main
