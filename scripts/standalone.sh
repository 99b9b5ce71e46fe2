#!/usr/bin/env bash
# Runs the gateway as separate processes, the way it is deployed: a standalone KRaft broker (from the Maven artifacts),
# the result store, the four workers and the ingress, each its own JVM against the broker. Pushes one chat job through,
# follows its events, prints the finished job, then stops everything (or keeps running with --keep).
#
#   scripts/standalone.sh          build, start, push one chat job, stop
#   scripts/standalone.sh --keep   ... and leave the services running until Ctrl-C
#
# Ports: broker 19092 (controller 19093), ingress 18080, result store 18085, workers 18081-18084; logs in ./data/standalone/logs.
set -euo pipefail
cd "$(dirname "$0")/.."

KEEP=false
[[ "${1:-}" == "--keep" ]] && KEEP=true
BROKER=localhost:19092
BASE=./data/standalone
LOGS=$BASE/logs
mkdir -p "$LOGS"
V=0.1.0-SNAPSHOT

echo "building (skip tests)..."
./mvnw -q -B -ntp -DskipTests install
./mvnw -q -B -ntp -pl all-in-one dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

PIDS=()
cleanup() {
  echo "stopping ${#PIDS[@]} processes..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start() { # name, then the command
  local name=$1; shift
  "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
  echo "started $name (pid $!), log $LOGS/$name.log"
}

wait_http() { # url, name
  for _ in $(seq 1 120); do
    if curl -fs "$1" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$2 did not come up; see $LOGS/$2.log" >&2
  exit 1
}

start broker java -cp "all-in-one/target/classes:$(cat all-in-one/target/classpath.txt)" \
  io.aigateway.allinone.StandaloneBroker "$BASE/kafka" 19092 19093
for _ in $(seq 1 60); do grep -q "is up" "$LOGS/broker.log" && break; sleep 1; done

# every service takes its broker (and the shared blob folder) from the same settings, here from the environment
export GATEWAY_KAFKA_BOOTSTRAP_SERVERS=$BROKER
export GATEWAY_PIPELINE_BLOB_ROOT=$BASE/blobs
start result-store java -jar result-store/target/result-store-$V-exec.jar --server.port=18085 \
  --gateway.results.state-dir=$BASE/streams
for step in stt rag llm tts; do
  case $step in stt) port=18081;; rag) port=18082;; llm) port=18083;; tts) port=18084;; esac
  start "$step-worker" java -jar "$step-worker/target/$step-worker-$V-exec.jar" --server.port=$port
done
# API keys are on: a deployment passes its first admin key in; this run makes one for itself
ADMIN_KEY="gwk_standalone_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-43)"
AUTH="Authorization: Bearer $ADMIN_KEY"
# and the key webhook secrets derive from (every ingress instance needs the same one; it refuses to start without)
WEBHOOK_KEY="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
start ingress env GATEWAY_INGRESS_AUTH_BOOTSTRAPADMINKEY="$ADMIN_KEY" GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY="$WEBHOOK_KEY" \
  java -jar ingress-api/target/ingress-api-$V-exec.jar --server.port=18080 \
  --gateway.ingress.result-store-url=http://localhost:18085

wait_http http://localhost:18085/actuator/health result-store
wait_http http://localhost:18080/actuator/health ingress
for port in 18081 18082 18083 18084; do wait_http "http://localhost:$port/actuator/health" "worker-$port"; done

echo
echo "submitting a chat job..."
RESPONSE=$(curl -s -H "$AUTH" -X POST localhost:18080/v1/chat -H 'Content-Type: application/json' \
  -d '{"message":"How do I reset my password?"}')
echo "$RESPONSE"
JOB=$(echo "$RESPONSE" | sed -E 's/.*"jobId":"([^"]+)".*/\1/')
echo
echo "following its events:"
curl -sN -H "$AUTH" "localhost:18080/v1/jobs/$JOB/events" | grep -E '^(id|event):' | paste - - | head -200
echo
echo "the finished job:"
# the result store is its own process and folds the last event a moment after the stream closed
for _ in $(seq 1 50); do
  STATE=$(curl -s -H "$AUTH" "localhost:18080/v1/jobs/$JOB")
  echo "$STATE" | grep -qE '"status":"(completed|failed|cancelled)"' && break
  sleep 0.1
done
echo "$STATE"
echo
if $KEEP; then
  echo "services keep running; Ctrl-C stops them"
  wait
fi
