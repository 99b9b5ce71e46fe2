#!/usr/bin/env bash
# The benchmark suite of docs/benchmarks.md: every figure beside a reference measured in the same run, on the same
# machine, written into the generated section of docs/benchmarks.md (between the bench-suite markers) with the machine
# it ran on. Raw output goes to infra/load/target/bench-suite/.
#
#   1. Kafka's own end-to-end latency tool (org.apache.kafka.tools.EndToEndLatency, acks=all, one record at a time)
#      on the local default's broker: the reference for the chat chain.
#   2. The chat chain on the local default (all-in-one, mock providers, no token delay): POST /v1/chat to the job's
#      `completed` event on gw.events, at a fixed rate (gatewayctl load --until completed).
#   3. Accepting jobs: POST /v1/chat to 202 at a fixed rate, first on the reference application (infra/load's
#      BareIngressApplication: Spring MVC that only publishes the body to Kafka, on the same broker, same JVM flags),
#      then on the gateway.
#   4. Resident memory (RSS, sampled every second) of the gateway and of the reference application under that load.
#
#   scripts/bench-suite.sh [accept-rate] [chain-rate] [seconds]       defaults: 5000 500 20
#   SKIP_BUILD=1 uses the jars already built; JAR=... names another all-in-one jar.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ACCEPT_RATE=${1:-5000}
CHAIN_RATE=${2:-500}
SECONDS_MEASURED=${3:-20}
WARMUP=${WARMUP:-5}
E2E_RECORDS=${E2E_RECORDS:-5000}
PORT=${PORT:-18180}
REF_PORT=${REF_PORT:-18280}
BROKER_PORT=${BROKER_PORT:-19192}
JVM_FLAGS="-Xms512m -Xmx1g"
OUT="$ROOT/infra/load/target/bench-suite"
DATA="$(mktemp -d /tmp/bench-suite.XXXXXX)"
JAR=${JAR:-all-in-one/target/all-in-one-0.1.0-SNAPSHOT-exec.jar}

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -q -B -ntp -pl all-in-one,infra/load -am package -DskipTests
fi
./mvnw -q -B -ntp -pl infra/load dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -DincludeScope=runtime
./mvnw -q -B -ntp -pl infra/load dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -DincludeScope=test
RUN_CP="$ROOT/infra/load/target/classes:$(cat infra/load/target/classpath.txt)"
TEST_CP="$(cat infra/load/target/test-classpath.txt)"
rm -rf "$OUT" && mkdir -p "$OUT"
# a private copy: a build elsewhere must not replace the jar under the running gateway
cp "$JAR" "$DATA/gateway.jar"

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$DATA"
}
trap cleanup EXIT

wait_ready() { # url, pid, log
  for _ in $(seq 1 180); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 died; log:" >&2; tail -40 "$3" >&2; exit 1; }
    sleep 1
  done
  echo "not ready: $1" >&2; tail -40 "$3" >&2; exit 1
}

rss_mib() { echo $(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); }

# samples a process's RSS every second into a file until stopped; the file's max is the peak
sample_rss() { # pid file
  ( while kill -0 "$1" 2>/dev/null; do rss_mib "$1" >> "$2"; sleep 1; done ) &
  SAMPLER=$!
}
stop_sampler() { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; }
peak() { sort -n "$1" | tail -1; }

gatewayctl() { java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$RUN_CP" io.aigateway.load.cli.GatewayCtl "$@"; }
json_of() { grep '^{"traffic"' "$1" | tail -1; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# the local default asks every /v1 request for a key: an admin key of this run's own, accepted from the start
API_KEY="gwk_$(openssl rand -hex 8)_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' | cut -c1-43)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== starting the local default (all-in-one, mock providers, no token delay) =="
GATEWAY_INGRESS_AUTH_BOOTSTRAPADMINKEY="$API_KEY" java $JVM_FLAGS -jar "$DATA/gateway.jar" \
  --server.port=$PORT \
  --gateway.local-broker.port=$BROKER_PORT --gateway.local-broker.controller-port=$((BROKER_PORT + 1)) \
  --gateway.local-broker.data-dir="$DATA/kafka" --gateway.pipeline.blob-root="$DATA/blobs" \
  --gateway.results.state-dir="$DATA/streams" --gateway.llm.mock.token-delay=0ms \
  --logging.level.root=WARN >"$OUT/gateway.log" 2>&1 &
GATEWAY=$!
PIDS+=("$GATEWAY")
wait_ready "http://localhost:$PORT/ready" "$GATEWAY" "$OUT/gateway.log"
RSS_IDLE=$(rss_mib "$GATEWAY")

echo "== reference application (bare Spring endpoint publishing to the same broker) =="
java $JVM_FLAGS -cp "$RUN_CP" io.aigateway.load.reference.BareIngressApplication \
  --server.port=$REF_PORT --reference.bootstrap=localhost:$BROKER_PORT >"$OUT/reference.log" 2>&1 &
REFERENCE=$!
PIDS+=("$REFERENCE")
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "localhost:$REF_PORT/v1/chat" -d '{}' || true)
  [[ "$code" == 202 ]] && break
  sleep 1
done

echo "== 1. Kafka's end-to-end latency tool, $E2E_RECORDS records, acks=all =="
java -cp "$TEST_CP" org.apache.kafka.tools.EndToEndLatency "localhost:$BROKER_PORT" bench.e2e "$E2E_RECORDS" all 512 \
  2>&1 | grep -v '^SLF4J' | tee "$OUT/e2e.txt" | tail -2
E2E_AVG=$(sed -n 's/^Avg latency: \([0-9.]*\) ms/\1/p' "$OUT/e2e.txt")
E2E_P50=$(sed -n 's/^Percentiles: 50th = \([0-9]*\), 99th = \([0-9]*\), 99.9th = \([0-9]*\)/\1/p' "$OUT/e2e.txt")
E2E_P99=$(sed -n 's/^Percentiles: 50th = \([0-9]*\), 99th = \([0-9]*\), 99.9th = \([0-9]*\)/\2/p' "$OUT/e2e.txt")

echo "== 2. chat chain at $CHAIN_RATE/s: POST /v1/chat -> completed =="
sample_rss "$GATEWAY" "$OUT/rss-chain.txt"
gatewayctl load --url "http://localhost:$PORT" --api-key "$API_KEY" --traffic chat --rate "$CHAIN_RATE" --duration "$SECONDS_MEASURED" \
  --warmup "$WARMUP" --until completed --bootstrap "localhost:$BROKER_PORT" --json 2>"$OUT/chain.progress" \
  | tee "$OUT/chain.txt" || true
stop_sampler
CHAIN=$(json_of "$OUT/chain.txt")

echo "== 3a. accepting jobs at $ACCEPT_RATE/s: the reference =="
sample_rss "$REFERENCE" "$OUT/rss-reference.txt"
gatewayctl load --url "http://localhost:$REF_PORT" --api-key "$API_KEY" --traffic chat --rate "$ACCEPT_RATE" \
  --duration "$SECONDS_MEASURED" --warmup "$WARMUP" --timeout 10s --json 2>"$OUT/ref.progress" \
  | tee "$OUT/accept-reference.txt" || true
stop_sampler
REF=$(json_of "$OUT/accept-reference.txt")
kill "$REFERENCE" 2>/dev/null || true  # it no longer takes CPU from the gateway's run

echo "== 3b. accepting jobs at $ACCEPT_RATE/s: the gateway (its workers run every accepted job too) =="
sample_rss "$GATEWAY" "$OUT/rss-accept.txt"
gatewayctl load --url "http://localhost:$PORT" --api-key "$API_KEY" --traffic chat --rate "$ACCEPT_RATE" \
  --duration "$SECONDS_MEASURED" --warmup "$WARMUP" --timeout 10s --json 2>"$OUT/accept.progress" \
  | tee "$OUT/accept-gateway.txt" || true
stop_sampler
GW=$(json_of "$OUT/accept-gateway.txt")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

RSS_CHAIN=$(peak "$OUT/rss-chain.txt")
RSS_ACCEPT=$(peak "$OUT/rss-accept.txt")
RSS_REF=$(peak "$OUT/rss-reference.txt")

python3 - "$ROOT/docs/benchmarks.md" <<PY
import json, sys, re, datetime
path = sys.argv[1]
chain = json.loads('''$CHAIN''' or '{}')
ref = json.loads('''$REF''' or '{}')
gw = json.loads('''$GW''' or '{}')
e2e_avg = float('${E2E_AVG:-0}' or 0); e2e_p50 = float('${E2E_P50:-0}' or 0); e2e_p99 = float('${E2E_P99:-0}' or 0)
def r(a, b):
    return "n/a" if not b else f"{a / b:.2f}x"
def ms(v):
    return f"{v:,.2f} ms"
def rate(v):
    return f"{v:,.0f}/s"
def ok(cond):
    return "met" if cond else "**not met**"
machine = "$(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(java -version 2>&1 | head -1 | sed 's/"//g')"
lines = []
lines.append("<!-- bench-suite:begin (generated by scripts/bench-suite.sh; edit the script, not this section) -->")
lines.append("## Benchmark suite (issue 9), " + datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))
lines.append("")
lines.append("\`scripts/bench-suite.sh $ACCEPT_RATE $CHAIN_RATE $SECONDS_MEASURED\` (${WARMUP} s warm-up, ${SECONDS_MEASURED} s measured per run), commit "
             "\`$(git rev-parse --short HEAD)\`. Machine: " + machine + ". Load average (1, 5, 15 min) "
             "$LOAD_START at the start and $LOAD_END at the end: other builds shared the cores when it was above 2. "
             "The load generator (\`gatewayctl load\`, Java's HttpClient), the broker, the gateway and the reference all "
             "ran on the same cores. Each figure stands beside a reference measured in the same run.")
lines.append("")
lines.append("| figure | measured | reference, same run | ratio | target | |")
lines.append("|---|---|---|---|---|---|")
if chain:
    lines.append(f"| chat chain at {rate(chain['rate'])}: throughput (completed jobs) | {rate(chain['throughput'])} | | | {rate(chain['rate'])} | {ok(chain['throughput'] >= 0.99 * chain['rate'] and chain['failed'] == 0)} |")
    lines.append(f"| chat chain p50, submit to \`completed\` | {ms(chain['p50'])} | Kafka round trip p50 {ms(e2e_p50)} (avg {e2e_avg:.2f} ms) | {r(chain['p50'], e2e_p50)} | < 10 ms | {ok(chain['p50'] < 10)} |")
    lines.append(f"| chat chain p99 | {ms(chain['p99'])} | Kafka round trip p99 {ms(e2e_p99)} | {r(chain['p99'], e2e_p99)} | < 50 ms | {ok(chain['p99'] < 50)} |")
    lines.append(f"| chat chain failed or unfinished | {chain['failed']:,} of {chain['started']:,} | | | 0 | |")
if gw and ref:
    lines.append(f"| accepted jobs at {rate(gw['rate'])}: throughput (202s) | {rate(gw['throughput'])} | bare Spring endpoint {rate(ref['throughput'])} | {r(gw['throughput'], ref['throughput'])} | 5,000/s | {ok(gw['throughput'] >= 5000)} |")
    lines.append(f"| accepted jobs p50 | {ms(gw['p50'])} | {ms(ref['p50'])} | {r(gw['p50'], ref['p50'])} | | |")
    lines.append(f"| accepted jobs p99 | {ms(gw['p99'])} | {ms(ref['p99'])} | {r(gw['p99'], ref['p99'])} | < 20 ms | {ok(gw['p99'] < 20)} |")
    lines.append(f"| accepted jobs failed or unfinished | {gw['failed']:,} of {gw['started']:,} | {ref['failed']:,} of {ref['started']:,} | | 0 | |")
lines.append(f"| resident memory of the local default, peak under the chain run | {$RSS_CHAIN:,} MiB | idle after start {$RSS_IDLE:,} MiB | {r($RSS_CHAIN, $RSS_IDLE)} | < 1,536 MiB | {ok($RSS_CHAIN < 1536)} |")
lines.append(f"| resident memory of the local default, peak under the accept run | {$RSS_ACCEPT:,} MiB | bare Spring endpoint under the same load {$RSS_REF:,} MiB | {r($RSS_ACCEPT, $RSS_REF)} | < 1,536 MiB | {ok($RSS_ACCEPT < 1536)} |")
lines.append("")
lines.append("Both JVMs ran with \`$JVM_FLAGS\`. The reference publishes one record per request; the gateway publishes two (the "
             "envelope and the \`accepted\` event) and checks, limits and records each job. The Kafka tool's percentiles are whole "
             "milliseconds (it prints them so); its average is exact. Raw output: \`infra/load/target/bench-suite/\`.")
lines.append("<!-- bench-suite:end -->")
section = "\n".join(lines) + "\n"
text = open(path).read()
begin = text.find("<!-- bench-suite:begin")
end = text.find("<!-- bench-suite:end -->")
if begin >= 0 and end > begin:
    text = text[:begin] + section + text[end + len("<!-- bench-suite:end -->\n"):]
else:
    anchor = text.find("\n## Test suite")
    text = (text[:anchor + 1] + section + "\n" + text[anchor + 1:]) if anchor >= 0 else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
print(section)
PY
