#!/usr/bin/env bash
# The benchmark suite of docs/benchmarks.md: every figure beside a reference measured in the same run, on the same
# machine, written into the generated section of docs/benchmarks.md (between the bench-suite markers) with the machine
# it ran on. Raw output goes to infra/load/target/bench-suite/.
#
#   1. Kafka's own end-to-end latency tool (org.apache.kafka.tools.EndToEndLatency: acks=all, one record at a time,
#      produce to consume) on the local default's broker: the reference for the chat chain.
#   2. The chat chain on the local default (all-in-one, a fresh data directory) with mock providers: the default model
#      mock-grounded (route rag -> llm), retrieval by the mock retriever (gateway.rag.provider=mock: term overlap over
#      its built-in corpus, instead of the local default's lucene, which embeds every question with MiniLM) and the
#      mock LLM with no token delay. POST /v1/chat to the job's `completed` event on gw.events, at a low rate and at
#      the target rate (gatewayctl load --until completed), with the gateway's resident memory (RSS) sampled every
#      second and the CPU time the gateway and the load generator spent in each run (CPU per job is the figure to
#      compare between runs on a shared box: it moves far less with the load average than latencies do).
#   3. Accepting jobs: POST /v1/chat to 202 at rising rates, on the reference application (infra/load's
#      BareIngressApplication: Spring MVC that only publishes the body to Kafka) and on the gateway's ingress, both on
#      one broker with the same JVM flags. The gateway runs with its workers off here (as in issue 2's figures), so
#      the accepted jobs do not also run through the chain on the same cores: this compares the ingress with the bare
#      endpoint; the chain has its own figures above.
#
#   scripts/bench-suite.sh [accept-rate] [chain-rate] [seconds]       defaults: 5000 500 15
#   ACCEPT_RATES="500 1000 2000" (rates below the target to measure too), CHAIN_LOW=50, WARMUP=5,
#   JVM_FLAGS="-Xms256m -Xmx768m" (the gateway's and the reference's: the local default's, all-in-one/pom.xml), WARM_SECONDS=20 (the next paragraph)
#   SKIP_BUILD=1 uses the jars already built; JAR=... names another all-in-one jar (JAR_COMMIT=... the commit it
#   was built from, for the report).
#
# Every server gets an unmeasured warm-up pass first (WARM_SECONDS at 100 chat jobs/s to completion for the gateway's
# chain, at 1,000/s for the accept runs): a fresh JVM spends its first tens of seconds compiling the hot path with C2
# on the same two cores, and the first run measured without it paid for that (the chain at 50/s on one gateway:
# p50 208 ms in its first 15 s, 39 ms in the next run). The figures are of a warm gateway; each run's own WARMUP
# seconds then only let the rate settle.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ACCEPT_RATE=${1:-5000}
CHAIN_RATE=${2:-500}
SECONDS_MEASURED=${3:-15}
ACCEPT_RATES="${ACCEPT_RATES:-500 1000 2000} $ACCEPT_RATE"
CHAIN_RATES="${CHAIN_LOW:-50} $CHAIN_RATE"
WARMUP=${WARMUP:-5}
WARM_SECONDS=${WARM_SECONDS:-20}
E2E_RECORDS=${E2E_RECORDS:-5000}
PORT=${PORT:-18180}
REF_PORT=${REF_PORT:-18280}
BROKER_PORT=${BROKER_PORT:-19192}
JVM_FLAGS=${JVM_FLAGS:-"-Xms256m -Xmx768m"}
OUT="$ROOT/infra/load/target/bench-suite"
DATA="$(mktemp -d /tmp/bench-suite.XXXXXX)"
JAR=${JAR:-all-in-one/target/all-in-one-0.1.0-SNAPSHOT-exec.jar}

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -q -B -ntp -pl all-in-one,infra/load -am package -DskipTests
fi
./mvnw -q -B -ntp -pl infra/load dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
./mvnw -q -B -ntp -pl infra/load dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -DincludeScope=test
RUN_CP="$ROOT/infra/load/target/classes:$(cat infra/load/target/classpath.txt)"
TEST_CP="$(cat infra/load/target/test-classpath.txt)"
rm -rf "$OUT" && mkdir -p "$OUT"
# a private copy: a build elsewhere must not replace the jar under the running gateway
cp "$JAR" "$DATA/gateway.jar"
# the local default asks every /v1 request for a key: an admin key of this run's own, accepted from the start
API_KEY="gwk_$(openssl rand -hex 8)_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' | cut -c1-43)"

PIDS=()
stop() { # pid...
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do
    for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    kill -9 "$p" 2>/dev/null || true
  done
}
cleanup() { stop "${PIDS[@]}"; rm -rf "$DATA"; }
trap cleanup EXIT

rss_mib() { echo $(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); }
sample_rss() { # pid file: every second until stopped
  ( while kill -0 "$1" 2>/dev/null; do rss_mib "$1" >> "$2"; sleep 1; done ) &
  SAMPLER=$!
}
stop_sampler() { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; }
peak() { [[ -s "$1" ]] && sort -n "$1" | tail -1 || echo 0; }
TICKS=$(getconf CLK_TCK)
proc_cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }     # a process's own CPU, in ticks
children_cpu() { awk '{print $16 + $17}' "/proc/$$/stat"; }                       # this shell's finished children's

gatewayctl() { java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$RUN_CP" io.aigateway.load.cli.GatewayCtl "$@"; }
warm() { # url extra-args...: an unmeasured pass (its output kept in $OUT/warm-*.txt)
  local url=$1
  shift
  gatewayctl load --url "$url" --api-key "$API_KEY" --traffic chat --duration "$WARM_SECONDS" --warmup 0 --json "$@" \
    >"$OUT/warm-$(date +%s%N).txt" 2>&1 || true
}
load() { # name url server-pid extra-args...: one gatewayctl load run, its JSON line kept in $OUT/<name>.json, the CPU
  # seconds the server and the load generator spent in it and its wall time (warm-up and the wait for the last
  # jobs included, the load generator's JVM start too) in $OUT/<name>.cpu
  local name=$1 url=$2 server=$3
  shift 3
  local server0 client0 wall0
  server0=$(proc_cpu "$server")
  client0=$(children_cpu)
  wall0=$(date +%s%N)
  gatewayctl load --url "$url" --api-key "$API_KEY" --traffic chat --duration "$SECONDS_MEASURED" \
    --warmup "$WARMUP" --json "$@" 2>"$OUT/$name.progress" | tee "$OUT/$name.txt" || true
  grep '^{"traffic"' "$OUT/$name.txt" | tail -1 > "$OUT/$name.json" || true
  echo "$(( ($(proc_cpu "$server") - server0) * 100 / TICKS )) $(( ($(children_cpu) - client0) * 100 / TICKS ))" \
    "$(( ($(date +%s%N) - wall0) / 10000000 ))" | awk '{printf "%.2f %.2f %.2f\n", $1 / 100, $2 / 100, $3 / 100}' \
    > "$OUT/$name.cpu"
}

start_gateway() { # name extra-args...
  local name=$1
  shift
  rm -rf "$DATA/kafka" "$DATA/blobs" "$DATA/streams"
  GATEWAY_INGRESS_AUTH_BOOTSTRAPADMINKEY="$API_KEY" java $JVM_FLAGS -jar "$DATA/gateway.jar" \
    --server.port=$PORT \
    --gateway.local-broker.port=$BROKER_PORT --gateway.local-broker.controller-port=$((BROKER_PORT + 1)) \
    --gateway.local-broker.data-dir="$DATA/kafka" --gateway.pipeline.blob-root="$DATA/blobs" \
    --gateway.results.state-dir="$DATA/streams" --gateway.llm.mock.token-delay=0ms \
    --logging.level.root=WARN "$@" >"$OUT/$name.log" 2>&1 &
  GATEWAY=$!
  PIDS+=("$GATEWAY")
  for _ in $(seq 1 180); do
    curl -fs "http://localhost:$PORT/ready" >/dev/null 2>&1 && return 0
    kill -0 "$GATEWAY" 2>/dev/null || { echo "the gateway died; log:" >&2; tail -40 "$OUT/$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "the gateway is not ready" >&2; exit 1
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)" | tee "$OUT/machine.txt"
cut -d' ' -f1-3 /proc/loadavg > "$OUT/load-start.txt"

echo "== the local default (all-in-one, mock providers: mock retriever, mock LLM without token delay) =="
start_gateway gateway --gateway.rag.provider=mock
rss_mib "$GATEWAY" > "$OUT/rss-idle.txt"

echo "== 1. Kafka's end-to-end latency tool, $E2E_RECORDS records of 512 bytes, acks=all =="
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$TEST_CP" org.apache.kafka.tools.EndToEndLatency \
  "localhost:$BROKER_PORT" bench.e2e "$E2E_RECORDS" all 512 2>&1 | grep -v '^SLF4J' | tee "$OUT/e2e.txt" | tail -2

echo "== warming the gateway up: $WARM_SECONDS s of chat jobs at 100/s, not measured =="
warm "http://localhost:$PORT" --rate 100 --until completed --bootstrap "localhost:$BROKER_PORT"
for rate in $CHAIN_RATES; do
  echo "== 2. chat chain at $rate/s: POST /v1/chat -> completed =="
  sample_rss "$GATEWAY" "$OUT/rss-chain-$rate.txt"
  load "chain-$rate" "http://localhost:$PORT" "$GATEWAY" --rate "$rate" --until completed --bootstrap "localhost:$BROKER_PORT"
  stop_sampler
done
stop "$GATEWAY"

echo "== 3. accepting jobs: the reference and the ingress (workers off) on one broker =="
start_gateway gateway-accept \
  --gateway.pipeline.steps.stt.enabled=false --gateway.pipeline.steps.rag.enabled=false \
  --gateway.pipeline.steps.llm.enabled=false --gateway.pipeline.steps.tts.enabled=false
java $JVM_FLAGS -cp "$RUN_CP" io.aigateway.load.reference.BareIngressApplication \
  --server.port=$REF_PORT --reference.bootstrap=localhost:$BROKER_PORT >"$OUT/reference.log" 2>&1 &
REFERENCE=$!
PIDS+=("$REFERENCE")
ready=""
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "localhost:$REF_PORT/v1/chat" -d '{}' || true)
  [[ "$code" == 202 ]] && { ready=1; break; }
  kill -0 "$REFERENCE" 2>/dev/null || break
  sleep 1
done
[[ -n "$ready" ]] || { echo "the reference application did not start; log:" >&2; tail -40 "$OUT/reference.log" >&2; exit 1; }
echo "-- warming both up: $WARM_SECONDS s at 1,000/s each, not measured"
warm "http://localhost:$REF_PORT" --rate 1000 --timeout 10s
warm "http://localhost:$PORT" --rate 1000 --timeout 10s
for rate in $ACCEPT_RATES; do
  echo "-- $rate/s: the reference"
  sample_rss "$REFERENCE" "$OUT/rss-reference-$rate.txt"
  load "reference-$rate" "http://localhost:$REF_PORT" "$REFERENCE" --rate "$rate" --timeout 10s
  stop_sampler
  echo "-- $rate/s: the gateway's ingress"
  sample_rss "$GATEWAY" "$OUT/rss-accept-$rate.txt"
  load "accept-$rate" "http://localhost:$PORT" "$GATEWAY" --rate "$rate" --timeout 10s
  stop_sampler
done
cut -d' ' -f1-3 /proc/loadavg > "$OUT/load-end.txt"
for f in "$OUT"/rss-*.txt; do peak "$f" > "${f%.txt}.peak"; done

python3 "$ROOT/scripts/bench-suite-report.py" "$OUT" "$ROOT/docs/benchmarks.md" \
  "scripts/bench-suite.sh $ACCEPT_RATE $CHAIN_RATE $SECONDS_MEASURED" "$ACCEPT_RATES" "$CHAIN_RATES" \
  "$WARMUP" "$SECONDS_MEASURED" "$JVM_FLAGS" "${JAR_COMMIT:-$(git rev-parse --short HEAD)}"
