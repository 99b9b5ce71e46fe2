#!/usr/bin/env bash
# The pipeline benchmarks of docs/benchmarks.md: starts the local default (all-in-one, mock providers with no token
# delay, a fresh broker data directory) and drives it with the project's open-model load generator (infra/load):
#   1. accepted jobs: POST /v1/chat to 202 at a fixed rate
#   2. the chat chain: POST /v1/chat to the job's `completed` event on gw.events, at a fixed rate
# (the chain runs first: every accepted job also runs through the workers, and the accept run leaves a backlog)
# and reports the resident memory of the gateway after the runs.
#
#   scripts/bench-pipeline.sh [accept-rate] [chain-rate] [seconds]     defaults: 5000 500 30
set -euo pipefail
cd "$(dirname "$0")/.."

ACCEPT_RATE=${1:-5000}
CHAIN_RATE=${2:-500}
SECONDS_MEASURED=${3:-30}
WARMUP=10
DATA=./data/bench
PORT=18180
BROKER_PORT=19192
V=0.1.0-SNAPSHOT

[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -q -B -ntp -DskipTests install
GATEWAYCTL_REBUILD=1 scripts/gatewayctl --version
LOAD="scripts/gatewayctl load"

rm -rf "$DATA"
mkdir -p "$DATA"
java -Xms512m -Xmx1g -jar all-in-one/target/all-in-one-$V-exec.jar \
  --server.port=$PORT \
  --gateway.local-broker.port=$BROKER_PORT --gateway.local-broker.controller-port=$((BROKER_PORT + 1)) \
  --gateway.local-broker.data-dir=$DATA/kafka --gateway.pipeline.blob-root=$DATA/blobs \
  --gateway.results.state-dir=$DATA/streams --gateway.llm.mock.token-delay=0ms \
  --logging.level.root=WARN >"$DATA/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true; wait $GATEWAY 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "localhost:$PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo
echo "== chat chain (POST /v1/chat -> completed event) =="
$LOAD --url "http://localhost:$PORT" --until completed --rate "$CHAIN_RATE" --duration "$SECONDS_MEASURED" \
  --warmup "$WARMUP" --bootstrap "localhost:$BROKER_PORT" || true
echo "gateway resident memory after the chain run: $(( $(ps -o rss= -p $GATEWAY) / 1024 )) MiB"
echo
# accepted jobs run through the workers too, so this run comes last: the backlog it leaves does not disturb the chain run
echo "== accepted jobs (POST /v1/chat -> 202) =="
$LOAD --url "http://localhost:$PORT" --until accepted --rate "$ACCEPT_RATE" --duration "$SECONDS_MEASURED" \
  --warmup "$WARMUP" || true
echo
echo "gateway resident memory after the runs: $(( $(ps -o rss= -p $GATEWAY) / 1024 )) MiB"
