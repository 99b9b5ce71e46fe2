#!/usr/bin/env bash
# Benchmark of the OpenAI-compatible /v1/chat/completions: a stub upstream (JDK HttpServer speaking the OpenAI chat
# API) called directly, beside the whole gateway (all-in-one, in-process broker, openai-compatible provider pointing at
# the stub), in the same run. Needs the all-in-one jar: ./mvnw -pl all-in-one -am package -DskipTests
# Usage: scripts/bench-chat.sh [seconds-per-level]   (figures go to docs/benchmarks.md, section LLM)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_LEVEL="${1:-8}"
STUB_PORT="${STUB_PORT:-18181}"
GATEWAY_PORT="${GATEWAY_PORT:-18180}"
BROKER_PORT="${BROKER_PORT:-19192}"
JAR=all-in-one/target/all-in-one-0.1.0-SNAPSHOT-exec.jar
BENCH=llm-worker/src/test/java/io/aigateway/llm/bench/ChatBench.java
DATA="$(mktemp -d)"
[ -f "$JAR" ] || { echo "build $JAR first: ./mvnw -pl all-in-one -am package -DskipTests" >&2; exit 1; }

java -Xmx1g -jar "$JAR" \
  --server.port="$GATEWAY_PORT" \
  --gateway.local-broker.port="$BROKER_PORT" \
  --gateway.local-broker.data-dir="$DATA/kafka" \
  --gateway.kafka.bootstrap-servers="localhost:$BROKER_PORT" \
  --gateway.pipeline.blob-root="$DATA/blobs" \
  --gateway.results.state-dir="$DATA/streams" \
  --gateway.results.advertised-url="http://localhost:$GATEWAY_PORT" \
  --gateway.ingress.result-store-url="http://localhost:$GATEWAY_PORT" \
  --gateway.rag.sample-kb.enabled=false \
  --gateway.pipeline.steps.llm.concurrency=64 \
  --gateway.llm.providers.stub.type=openai-compatible \
  --gateway.llm.providers.stub.endpoint="http://127.0.0.1:$STUB_PORT/v1" \
  --gateway.llm.routes[0].model=bench \
  --gateway.llm.routes[0].providers=stub \
  --gateway.llm.routes[0].retrieval=false \
  --logging.level.root=WARN > "$DATA/gateway.log" 2>&1 &
GATEWAY_PID=$!
stop_gateway() {
  kill "$GATEWAY_PID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 1; done
  kill -9 "$GATEWAY_PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap stop_gateway EXIT

for _ in $(seq 1 120); do
  curl -sf "http://localhost:$GATEWAY_PORT/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://localhost:$GATEWAY_PORT/ready" >/dev/null || { echo "gateway not ready; log:" >&2; tail -50 "$DATA/gateway.log" >&2; exit 1; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, ${SECONDS_PER_LEVEL}s per level, closed loop"
java -Xmx512m -Dsun.net.httpserver.nodelay=true "$BENCH" "$STUB_PORT" "http://localhost:$GATEWAY_PORT" "$SECONDS_PER_LEVEL"
