#!/usr/bin/env bash
# The worked example of integration-tests/STATS.md: two "hosts" (an H100 and an L40S, both the fake
# NVML built by nvml-native's tests, scripted at constant power) run the demo app three times each;
# then `stats` and `report` merge the H100 host's queue with the L40S host's JSONL files (one gzipped).
# Expects `mvn -B -q package -DskipTests` and nvml-native's test build (the fake NVML) to have run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/integration-tests"
agent="$root/agent/target/telemetry-agent.jar"
fake="$root/nvml-native/target/fake-nvml/current/libnvidia-ml.so.1"
out=target/stats-demo
rm -rf "$out"
mkdir -p "$out"
cat > "$out/telemetry.yaml" <<YAML
queue:
  dir: telemetry-queue
instrument:
  - name: demo-stream
    class: dev.infertel.demo.DemoLlmClient
    method: stream
    engine: demo-server
    model: arg0
    tokens_in: arg1.length   # the demo server reports no usage: the prompt's length stands in
    stream:
      callback: arg2
      on_chunk: [onToken]
      on_complete: [onComplete]
      on_error: [onError]
  - name: demo-iterate
    class: dev.infertel.demo.DemoLlmClient
    method: tokens
    engine: demo-server
    model: arg0
    tokens_in: arg1.length
    stream:
      returns: iterator
sinks:
  - type: jsonl
    path: telemetry.jsonl
gpu:
  library: $fake
  interval_ms: 10
pricing:
  demo-7b: {input_per_million: 0.05, output_per_million: 0.08}
  demo-70b: {input_per_million: 0.35, output_per_million: 0.40}
costs:
  energy_price_per_kwh: 0.15
  currency: USD
models:
  demo-7b: {params_b: 7}
  demo-70b: {params_b: 70}
YAML
run_host() { # name, NVML device name, power in mW
  mkdir -p "$out/$1"
  for i in 1 2 3; do
    (cd "$out/$1" && FAKE_NVML_SCRIPT="devices=1;name=$2;mem_total_mb=81559;mem_used_mb=$((30000 + i * 1000));power_mw=$3;util=85;temp=60;auto_energy=1" \
      java -javaagent:"$agent"=config=../telemetry.yaml -cp "$root/integration-tests/target/classes" dev.infertel.demo.DemoApp >/dev/null)
  done
}
run_host h100 "NVIDIA H100 80GB HBM3" 420000
run_host l40s "NVIDIA L40S" 260000
# the L40S host's records as shipped files: a rotated one and a gzipped one
head -n 8 "$out/l40s/telemetry.jsonl" > "$out/l40s/telemetry.jsonl.1"
tail -n +9 "$out/l40s/telemetry.jsonl" | gzip > "$out/l40s/telemetry.jsonl.2.gz"
rm -rf "$out/l40s/telemetry.jsonl" "$out/l40s/telemetry-queue"

echo "== java -jar telemetry-agent.jar stats --queue h100/telemetry-queue l40s/ --config telemetry.yaml"
(cd "$out" && java -jar "$agent" stats --queue h100/telemetry-queue l40s/ --config telemetry.yaml)
echo
echo "== ... --by model,gpu --exclude-warmup 1"
(cd "$out" && java -jar "$agent" stats --queue h100/telemetry-queue l40s/ --config telemetry.yaml --by model,gpu --exclude-warmup 1)
(cd "$out" && java -jar "$agent" report --queue h100/telemetry-queue l40s/ --config telemetry.yaml --by model,gpu \
  --title "Demo: two models on two GPUs" --out report.html)
