#!/usr/bin/env bash
# Start-up cost of the agent: a small app (dev.infertel.bench.startup.StartupApp, ten calls to a tiny
# client) run N times without and N times with the agent instrumenting that client, each run under
# /usr/bin/time -v. Prints the median wall time and median peak RSS of both, and the difference.
#
#   integration-tests/scripts/startup-cost.sh            # uses the built jars, N=5
#   RUNS=9 BUILD=1 integration-tests/scripts/startup-cost.sh
#
# Env: RUNS (default 5), BUILD=1 to build first, JSONL_SINK=1 to configure a JSONL sink, JAVA (default java), AGENT_JAR, CLASSES (overrides).
# Targets: < 300 ms wall and < 64 MB peak RSS added by the agent.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
java=${JAVA:-java}
agent=${AGENT_JAR:-$root/agent/target/telemetry-agent.jar}
classes=${CLASSES:-$root/integration-tests/target/classes}

if [[ "${BUILD:-0}" == 1 ]]; then
  (cd "$root" && mvn -B -q -pl integration-tests -am package -DskipTests)
fi
if [[ ! -x /usr/bin/time ]]; then
  apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
for f in "$agent" "$classes/dev/infertel/bench/startup/StartupApp.class"; do
  [[ -e "$f" ]] || { echo "missing $f: build with BUILD=1 or mvn -B -q -pl integration-tests -am package -DskipTests" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/telemetry.yaml" <<YAML
queue:
  dir: $work/queue
instrument:
  - name: startup-client
    class: dev.infertel.bench.startup.StartupClient
    method: complete
    engine: startup
    model: arg0
YAML
if [[ "${JSONL_SINK:-0}" == 1 ]]; then
  # with a sink the exit waits for the queue to open, so that what was recorded ships before the JVM ends
  printf 'sinks:\n  - type: jsonl\n    path: %s/records.jsonl\n' "$work" >> "$work/telemetry.yaml"
fi

# One run: prints "wall_seconds max_rss_kb"; the app's own output goes to $work/last.out.
measure() {
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/last.out" 2>&1 || { cat "$work/last.out" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\) time/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      wall = s
    }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d\n", wall, rss }' "$work/time.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

base=(); with=()
for ((i = 1; i <= runs; i++)); do
  # alternate, so drift on a shared machine hits both sides alike
  base+=("$(measure "$java" -cp "$classes" dev.infertel.bench.startup.StartupApp)")
  rm -rf "$work/queue"
  with+=("$(measure "$java" -javaagent:"$agent"=config="$work/telemetry.yaml" -cp "$classes" dev.infertel.bench.startup.StartupApp)")
  grep -q "recording 1 site" "$work/last.out" || { echo "the agent did not start:" >&2; cat "$work/last.out" >&2; exit 1; }
done

printf '%s\n' "${base[@]}" | awk '{ print "without agent: wall " $1 " s, peak RSS " $2 " kB" }'
printf '%s\n' "${with[@]}" | awk '{ print "with agent:    wall " $1 " s, peak RSS " $2 " kB" }'
bw=$(printf '%s\n' "${base[@]}" | awk '{ print $1 }' | median)
br=$(printf '%s\n' "${base[@]}" | awk '{ print $2 }' | median)
ww=$(printf '%s\n' "${with[@]}" | awk '{ print $1 }' | median)
wr=$(printf '%s\n' "${with[@]}" | awk '{ print $2 }' | median)
echo
echo "runs: $runs each; agent: $agent"
awk -v bw="$bw" -v br="$br" -v ww="$ww" -v wr="$wr" 'BEGIN {
  printf "median wall:     without %.3f s, with %.3f s, added %+.0f ms (target < 300 ms: %s)\n", bw, ww, (ww - bw) * 1000, (ww - bw) * 1000 < 300 ? "met" : "MISSED"
  printf "median peak RSS: without %.1f MB, with %.1f MB, added %+.1f MB (target < 64 MB: %s)\n", br / 1024, wr / 1024, (wr - br) / 1024, (wr - br) / 1024 < 64 ? "met" : "MISSED"
}'
