#!/usr/bin/env bash
# The reader benchmark: `stats` over N synthetic records (SyntheticRecords: 3 models x 2 GPUs x 4 exits,
# 24-gap histograms, GPU fields; ~1.25 KB of JSONL a record) from JSONL and from the queue, against
# DuckDB (duckdb_jdbc, read_ndjson) computing the same group-by over the same file, and a bare
# jackson-core token loop over it (the ceiling of any Jackson reader), interleaved, each under
# /usr/bin/time: wall, peak RSS, CPU. Inputs go to integration-tests/target/reader-bench/ and are
# deleted at the end (10 M records are ~12.5 GB of JSONL and 3.3 GB of queue: check df first).
#
#   integration-tests/scripts/reader-bench.sh                 # N=1000000, 3 rounds
#   SIZES="1000000 10000000" ROUNDS=3 ROUNDS_LARGE=1 BUILD=1 integration-tests/scripts/reader-bench.sh
#
# Env: SIZES (default 1000000), ROUNDS (default 3; sizes over 2 M get ROUNDS_LARGE, default 1), BUILD=1 to
# build first, KEEP=1 to keep the inputs, JAVA (default java). Results: target/reader-bench/results.tsv.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
java=${JAVA:-java}
sizes=${SIZES:-1000000}
rounds=${ROUNDS:-3}
rounds_large=${ROUNDS_LARGE:-1}
out=$root/integration-tests/target/reader-bench
agent=$root/agent/target/telemetry-agent.jar
cd "$root"
if [[ "${BUILD:-0}" == 1 || ! -f integration-tests/target/bench-cp.txt ]]; then
  mvn -B -q -pl integration-tests -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
fi
for tool in time bc; do
  if ! command -v "$tool" >/dev/null && [[ ! -x /usr/bin/$tool ]]; then
    apt-get install -y "$tool" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$tool" >/dev/null; }
  fi
done
cp="$root/integration-tests/target/classes:$(cat integration-tests/target/bench-cp.txt)"
chronicle=(--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dchronicle.analytics.disable=true)
mkdir -p "$out"
results=$out/results.tsv
[[ -f $results ]] || printf 'records\tround\treader\twall_s\tpeak_rss_mb\tcpu_s\trecords_per_s\n' > "$results"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB; $(uptime)" | tee -a "$out/log.txt"

measure() { # records round name command...
  local n=$1 round=$2 name=$3; shift 3
  /usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" > "$out/$name.out" 2> "$out/$name.err" || {
    echo "$name failed:"; cat "$out/$name.err"; exit 1; }
  read -r wall rss user sys < "$out/time.txt"
  local cpu rate
  cpu=$(echo "$user + $sys" | bc)
  rate=$(echo "$n / $wall" | bc)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$round" "$name" "$wall" "$((rss / 1024))" "$cpu" "$rate" | tee -a "$results"
}

for n in $sizes; do
  data=$out/data-$n
  rm -rf "$data"
  echo "generating $n records in $data ($(date -u +%H:%M:%S))"
  "$java" "${chronicle[@]}" -cp "$cp" dev.infertel.bench.stats.SyntheticRecords "$data" "$n" both
  du -sh "$data/records.jsonl" "$data/queue" | tee -a "$out/log.txt"
  r=$rounds
  (( n > 2000000 )) && r=$rounds_large
  for round in $(seq 1 "$r"); do
    echo "round $round: $(uptime)" | tee -a "$out/log.txt"
    measure "$n" "$round" stats-jsonl "$java" -Xmx256m -jar "$agent" stats "$data/records.jsonl" --json
    measure "$n" "$round" duckdb "$java" -cp "$cp" dev.infertel.bench.stats.DuckDbGroupBy "$data/records.jsonl"
    measure "$n" "$round" stats-queue "$java" -Xmx256m -jar "$agent" stats --queue "$data/queue" --json
    measure "$n" "$round" jackson-token-loop "$java" -cp "$cp" dev.infertel.bench.stats.JacksonTokenLoop \
      "$data/records.jsonl"
    measure "$n" "$round" stats-jsonl-1-thread "$java" -Xmx256m -jar "$agent" stats --threads 1 \
      "$data/records.jsonl" --json
  done
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$data"
done
echo "done $(date -u +%H:%M:%S): $results"
