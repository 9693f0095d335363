#!/usr/bin/env bash
# Runs the demo app with the agent attached, then prints what was recorded.
# Expects `mvn -B -q package -DskipTests` to have run at the repository root.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/integration-tests"
rm -rf target/demo
agent="$root/agent/target/telemetry-agent.jar"
java -javaagent:"$agent"=config=demo/telemetry.yaml -cp target/classes dev.infertel.demo.DemoApp
echo
echo "== java -jar agent/target/telemetry-agent.jar tail --queue integration-tests/target/demo/telemetry-queue"
java -jar "$agent" tail --queue target/demo/telemetry-queue
echo
echo "== the JSONL sink (first record)"
head -n 1 target/demo/telemetry.jsonl
