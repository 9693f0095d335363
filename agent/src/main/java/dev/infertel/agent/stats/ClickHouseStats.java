package dev.infertel.agent.stats;

import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.FlatRecord;
import dev.infertel.agent.store.ClickHouseHttp;
import dev.infertel.agent.store.ClickHouseSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code stats --clickhouse}: runs {@link ClickHouseMatrix}'s queries on a server and assembles the
 * same {@link StatsResult} as the file reader gives: the matrix itself, and where asked the exclusion
 * plan first (each group's earliest calls) and the counts it leaves out, and the MFU/MBU sums per
 * model and GPU, to which {@link GpuSpecs} is applied here. {@code duplicates} are the rows of
 * re-sent batches that the server has not merged away yet ({@code FINAL} folds them at query time).
 */
public final class ClickHouseStats {

    private ClickHouseStats() {
    }

    public static StatsResult run(ClickHouseHttp http, String database, String table, StatsQuery q)
            throws IOException {
        String from = ClickHouseSchema.identifier(database) + "." + ClickHouseSchema.identifier(table);
        List<String> notes = new ArrayList<>();
        Map<List<String>, StartKey> cuts = q.exclusion().plan() == null ? null : cuts(http, q, from, notes);
        ClickHouseMatrix sql = new ClickHouseMatrix(q, from, cuts);

        TreeMap<List<String>, Row> groups = new TreeMap<>(StatsEngine::compareKeys);
        for (Map<String, String> row : Tsv.query(http, sql.matrix())) {
            groups.put(key(q, row), new Row(row));
        }
        if (cuts != null) {
            for (Map<String, String> row : Tsv.query(http, sql.excluded())) {
                groups.computeIfAbsent(key(q, row), k -> new Row(null)).excluded = Tsv.integer(row, "excluded");
            }
        }
        if (!q.models().isEmpty()) {
            for (Map<String, String> row : Tsv.query(http, sql.efficiency())) {
                Row g = groups.get(key(q, row));
                if (g == null) {
                    continue;
                }
                String modelRef = row.get("model_ref");
                ModelSpec model = q.models().get(modelRef == null ? "" : modelRef);
                String gpuCount = row.get("gpu_count");
                String gpuName = row.get("gpu_name");
                g.efficiency.addSums(modelRef, gpuName, gpuCount == null ? 0 : Integer.parseInt(gpuCount), model,
                        GpuSpecs.match(gpuName), Tsv.integer(row, "s_flop_tokens"),
                        IeeeSums.decode(row.get("e_e2e_ms")), Tsv.integer(row, "s_decode_tokens"),
                        IeeeSums.decode(row.get("e_decode_ms")));
            }
        }
        Map<String, String> totals = Tsv.query(http, sql.totals()).get(0);
        long records = Tsv.integer(totals, "records");
        List<StatsResult.Group> out = new ArrayList<>();
        groups.forEach((k, g) -> out.add(new StatsResult.Group(g.stats(k), null)));
        return new StatsResult(q, out, records, Tsv.integer(totals, "out_of_range"),
                Tsv.integer(totals, "table_rows") - records, notes, List.of());
    }

    /** The first pass: each group's earliest calls, through {@link ExclusionPlan} as the file reader does. */
    private static Map<List<String>, StartKey> cuts(ClickHouseHttp http, StatsQuery q, String from, List<String> notes)
            throws IOException {
        boolean steady = q.exclusion() instanceof Exclusion.SteadyState;
        // one call more than the plan keeps, so that it knows whether the group has more
        int limit = steady ? Exclusion.SteadyState.HORIZON + 1 : ((Exclusion.WarmUp) q.exclusion()).calls() + 1;
        Map<List<String>, ExclusionPlan> plans = new HashMap<>();
        FlatRecord r = new FlatRecord();
        for (Map<String, String> row : Tsv.query(http, new ClickHouseMatrix(q, from, null).plan(limit, steady))) {
            r.clear();
            r.startEpochMicros = Tsv.integer(row, "ts_us");
            String id = row.get("record_id");
            int dash = id.indexOf('-');
            r.idProcess = Long.parseUnsignedLong(id.substring(0, dash), 16);
            r.idSequence = Long.parseLong(id.substring(dash + 1), 16);
            r.exit = Exit.parse(row.get("exit"));
            r.tokensOut = row.get("tokens_out") == null ? -1 : Tsv.integer(row, "tokens_out");
            r.e2eMs = Tsv.real(row, "e2e_ms");
            plans.computeIfAbsent(key(q, row), k -> q.exclusion().plan()).offer(r);
        }
        Map<List<String>, StartKey> cuts = new HashMap<>();
        plans.entrySet().stream().sorted((a, b) -> StatsEngine.compareKeys(a.getKey(), b.getKey())).forEach(e -> {
            cuts.put(e.getKey(), e.getValue().cut());
            if (e.getValue().beyondHorizon()) {
                notes.add("group " + String.join(" / ", e.getKey()) + " did not settle within its first "
                        + Exclusion.SteadyState.HORIZON + " ok calls: left out whole");
            }
        });
        return cuts;
    }

    private static List<String> key(StatsQuery q, Map<String, String> row) {
        List<String> key = new ArrayList<>();
        for (Dimension d : q.by()) {
            // the matrix names its key columns by dimension, the other queries k_<dimension>
            String v = row.containsKey("k_" + d.key()) ? row.get("k_" + d.key()) : row.get(d.key());
            key.add(v == null ? Dimension.NONE : v);
        }
        return List.copyOf(key);
    }

    /** One group's answer: the matrix row (null when every call was left out), excluded calls, MFU/MBU sums. */
    private static final class Row {
        final Map<String, String> figures;
        long excluded;
        final Efficiency efficiency = new Efficiency();

        Row(Map<String, String> figures) {
            this.figures = figures;
        }

        /** The figures, those from sums computed as {@link GroupState#finish} does, from the exact sums. */
        GroupStats stats(List<String> key) {
            Map<String, String> f = figures == null ? Map.of() : figures;
            double seconds = exact(f, "e_tps_seconds");
            double eptE = exact(f, "e_ept_energy");
            double eptT = count(f, "s_ept_tokens");
            double pt = exact(f, "e_power_time");
            boolean mixed = count(f, "n_currencies") > 1;
            return new GroupStats(key, count(f, "calls"), count(f, "ok"), count(f, "errors"), count(f, "cancels"),
                    count(f, "rejects"), excluded, count(f, "tokens_in"), count(f, "tokens_out"),
                    Tsv.nullableReal(f, "ttft_p50_ms"), Tsv.nullableReal(f, "ttft_p95_ms"),
                    Tsv.nullableReal(f, "ttft_p99_ms"), Tsv.nullableReal(f, "itl_p50_ms"),
                    Tsv.nullableReal(f, "itl_p95_ms"), Tsv.nullableReal(f, "itl_p99_ms"), count(f, "itl_gaps"),
                    Tsv.nullableReal(f, "tpot_p50_ms"), Tsv.nullableReal(f, "e2e_p50_ms"),
                    Tsv.nullableReal(f, "e2e_p99_ms"),
                    seconds > 0 ? count(f, "s_tps_tokens") / seconds : null,
                    count(f, "n_energy") > 0 ? exact(f, "e_energy") : null,
                    eptT > 0 ? eptE / eptT : null, eptE > 0 ? eptT / eptE : null,
                    pt > 0 ? exact(f, "e_power_weighted") / pt : null,
                    Tsv.nullableReal(f, "vram_mb_peak"),
                    mixed || count(f, "n_cost") == 0 ? null : exact(f, "e_cost"),
                    mixed || count(f, "n_energy_cost") == 0 ? null : exact(f, "e_energy_cost"),
                    f.get("currency"), efficiency.mfuPct(), efficiency.mbuPct());
        }

        private static double exact(Map<String, String> f, String name) {
            return f.get(name) == null ? 0.0 : IeeeSums.decode(f.get(name));
        }

        private static long count(Map<String, String> f, String name) {
            return f.get(name) == null ? 0 : Tsv.integer(f, name);
        }
    }
}
