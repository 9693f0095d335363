#!/usr/bin/env bash
# Caller-timed latency of our agent beside the OpenTelemetry Java agent (issue 13), in one sitting.
# The app (dev.infertel.bench.callertimed.CallerTimedApp, in the test classes) calls a plain method
# (~10 us of work) and a 20-chunk callback stream on a fixed schedule (500 and 50 calls/s on each of
# 1 and 8 threads) and times every call itself. Runs interleave: none, ours, otel, none, ours, otel, ...
# The table: p50/p99 of each run's second half, median over rounds; added latency (run minus the same
# round's run without an agent) for ours and OpenTelemetry's, their ratio, and the gap from our record's
# end to the caller's return (records read back with `telemetry-agent.jar tail --json`).
#
#   integration-tests/scripts/caller-timed-bench.sh              # full: 3 rounds, 800 calls a thread a case, ~12 min
#   QUICK=1 integration-tests/scripts/caller-timed-bench.sh      # 3 rounds, 200 calls a thread a case, ~3 min
#   BUILD=1 ROUNDS=5 integration-tests/scripts/caller-timed-bench.sh
#
# Env: ROUNDS (3), CALLS (calls per thread per case: 800, QUICK=1: 200), CASES (default all eight, e.g.
# "plain-500-1t stream-50-8t"), BUILD=1 to build first, JAVA (java), JAVA_OPTS (-Xms256m -Xmx256m),
# AGENT_JAR, OTEL_JAR (default integration-tests/target/opentelemetry-javaagent-2.33.1.jar, fetched
# with mvn dependency:copy when missing), WORK (results folder; default integration-tests/target/caller-timed).
# Our agent runs with its queue only (no sink), so that only recording is measured; OTel with every
# exporter off.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-3}
if [[ "${QUICK:-0}" == 1 ]]; then calls=${CALLS:-200}; else calls=${CALLS:-800}; fi
java=${JAVA:-java}
read -r -a jopts <<< "${JAVA_OPTS:--Xms256m -Xmx256m}"
read -r -a cases <<< "${CASES:-}"
agent=${AGENT_JAR:-$root/agent/target/telemetry-agent.jar}
otel_version=2.33.1
otel=${OTEL_JAR:-$root/integration-tests/target/opentelemetry-javaagent-$otel_version.jar}
classes=$root/integration-tests/target/test-classes
work=${WORK:-$root/integration-tests/target/caller-timed}
app=dev.infertel.bench.callertimed.CallerTimedApp
client=dev.infertel.bench.callertimed.CallerTimedClient

if [[ "${BUILD:-0}" == 1 ]]; then
  (cd "$root" && mvn -B -q -pl integration-tests -am package -DskipTests)
fi
for f in "$agent" "$classes/${app//.//}.class"; do
  [[ -e "$f" ]] || { echo "missing $f: build with BUILD=1 or mvn -B -q -pl integration-tests -am package -DskipTests" >&2; exit 1; }
done
if [[ ! -e "$otel" ]]; then
  (cd "$root" && mvn -B -q dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version \
    -DoutputDirectory="$(dirname "$otel")")
fi

rm -rf "$work"
mkdir -p "$work"
cat > "$work/telemetry.yaml" <<YAML
queue:
  dir: $work/queue
instrument:
  - name: ct-plain
    class: $client
    method: complete
    engine: bench
    model: arg0
  - name: ct-stream
    class: $client
    method: stream
    engine: bench
    model: arg0
    stream:
      callback: arg2
      on_chunk: [onChunk]
      on_complete: [onComplete]
      on_error: [onError]
YAML

run() { # round agent
  local dir="$work/r$1-$2" flags=()
  mkdir -p "$dir"
  case "$2" in
    ours) flags=(-javaagent:"$agent"=config="$work/telemetry.yaml") ;;
    otel) flags=(-javaagent:"$otel" "-Dotel.instrumentation.methods.include=$client[complete,stream]"
                 -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none) ;;
  esac
  rm -rf "$work/queue"
  local t0=$SECONDS
  "$java" "${jopts[@]}" "${flags[@]}" -cp "$classes" "$app" "$dir/samples.tsv" "$calls" "${cases[@]}" >"$dir/out.txt" 2>&1 \
    || { cat "$dir/out.txt" >&2; exit 1; }
  if [[ "$2" == ours ]]; then
    grep -q "recording 2 site" "$dir/out.txt" || { echo "our agent did not start:" >&2; cat "$dir/out.txt" >&2; exit 1; }
    "$java" -jar "$agent" tail --queue "$work/queue" --json > "$dir/records.jsonl"
    rm -rf "$work/queue"
  fi
  echo "round $1 $2: $((SECONDS - t0)) s" >&2
}

start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  for a in none ours otel; do run "$r" "$a"; done
done
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$java" -version 2>&1 | head -1); $rounds rounds, $calls calls a thread a case, $((SECONDS - start)) s"
"$java" -cp "$classes" dev.infertel.bench.callertimed.CallerTimedReport "$work"
