package dev.infertel.agent.stats;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.RecordIds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The matrix of {@code stats} as ClickHouse SQL over the table of {@code store.ClickHouseSchema}, so
 * that it runs where a fleet's records are: the same groups (missing values as "-", GPU labels such
 * as "2x NVIDIA L40S"), the same rules per figure as {@link GroupState}, and the same percentiles:
 * each value goes into the bucket of {@link GapHistogram} (the same log-linear formula, in integer
 * arithmetic), buckets are summed per group ({@code sumMap}), and the nearest rank is found over the
 * cumulated counts ({@code arrayCumSum}) and reported as the bucket's midpoint. With {@code exact}
 * the values themselves are sorted per group (memory grows with the input, as in the file reader).
 * Every query reads the table {@code FINAL}: a re-sent batch's second copy of a row is not counted.
 *
 * <p>Prices of the config are part of the SQL (records that carry no cost); MFU and MBU are not:
 * their GPU peaks are {@link GpuSpecs}, applied in Java to the sums of {@link #efficiency}. The
 * statement for the default grouping is {@code contracts/clickhouse/matrix.sql}.
 *
 * <p>Warm-up and steady-state exclusion need each group's calls in start order: {@link #plan} asks
 * for each group's earliest calls ({@code LIMIT n BY}: the server sorts the group's calls, the
 * answer is small), from which {@link ExclusionPlan} finds where each group's kept calls begin,
 * and that cut becomes the {@code kept} condition of the other queries.
 */
public final class ClickHouseMatrix {

    /** Percentiles of the matrix, as the file reader reports them. */
    private static final int[] TTFT_P = {50, 95, 99};
    private static final int[] ITL_P = {50, 95, 99};
    private static final int[] E2E_P = {50, 99};

    private final List<Dimension> by;
    private final String from;
    private final StatsQuery query;
    /** The kept calls: null for all, else a condition over the key aliases, ts_us and record_id. */
    private final String kept;

    /**
     * @param table {@code database.table}, already checked to be identifiers
     * @param cuts per group, the first kept call ({@link ExclusionPlan#cut()}); null when nothing is left out
     */
    ClickHouseMatrix(StatsQuery query, String table, Map<List<String>, StartKey> cuts) {
        this.query = query;
        this.by = query.by();
        this.from = table;
        this.kept = cuts == null ? null : keptCondition(cuts);
    }

    /** The matrix for the default grouping and no filter: what {@code contracts/clickhouse/matrix.sql} holds. */
    public static String defaultMatrix(String table) {
        return new ClickHouseMatrix(StatsQuery.defaults(), table, null).matrix();
    }

    // ---- the queries

    /** One row per group with at least one kept call: every figure but excluded, mfu_pct and mbu_pct. */
    String matrix() {
        List<String> out = new ArrayList<>();
        for (Dimension d : by) {
            out.add(key(d) + " AS " + d.key());
        }
        out.add("n_calls AS calls");
        out.add("n_ok AS ok");
        out.add("n_errors AS errors");
        out.add("n_cancels AS cancels");
        out.add("n_rejects AS rejects");
        out.add("n_tokens_in AS tokens_in");
        out.add("n_tokens_out AS tokens_out");
        for (int p : TTFT_P) {
            out.add(percentile("ttft", p) + " AS ttft_p" + p + "_ms");
        }
        for (int p : ITL_P) {
            out.add(histogramPercentile("h_itl", "itl", p) + " AS itl_p" + p + "_ms");
        }
        out.add("arraySum(h_itl.2) AS itl_gaps");
        out.add(percentile("tpot", 50) + " AS tpot_p50_ms");
        for (int p : E2E_P) {
            out.add(percentile("e2e", p) + " AS e2e_p" + p + "_ms");
        }
        out.add("if((" + IeeeSums.valueSql("e_tps_seconds") + " AS v_tps_seconds) > 0, s_tps_tokens / v_tps_seconds, NULL)"
                + " AS output_tokens_per_s");
        out.add("if(n_energy > 0, " + IeeeSums.valueSql("e_energy") + ", NULL) AS energy_j");
        out.add("if(s_ept_tokens > 0, (" + IeeeSums.valueSql("e_ept_energy") + " AS v_ept_energy) / s_ept_tokens, NULL)"
                + " AS j_per_output_token");
        out.add("if(v_ept_energy > 0, s_ept_tokens / v_ept_energy, NULL) AS tokens_per_j");
        out.add("if((" + IeeeSums.valueSql("e_power_time") + " AS v_power_time) > 0, "
                + IeeeSums.valueSql("e_power_weighted") + " / v_power_time, NULL) AS power_w_mean");
        out.add("if(n_vram > 0, m_vram, NULL) AS vram_mb_peak");
        out.add("if(n_cost = 0 OR length(currencies) > 1, NULL, " + IeeeSums.valueSql("e_cost") + ") AS cost");
        out.add("if(n_energy_cost = 0 OR length(currencies) > 1, NULL, " + IeeeSums.valueSql("e_energy_cost")
                + ") AS energy_cost");
        out.add("multiIf(length(currencies) = 0, NULL, length(currencies) > 1, 'mixed', currencies[1]) AS currency");
        // the exact sums behind the figures above (see IeeeSums), from which stats --clickhouse computes them
        out.addAll(List.of("s_tps_tokens", "e_tps_seconds", "n_energy", "e_energy", "s_ept_tokens", "e_ept_energy",
                "e_power_weighted", "e_power_time", "n_cost", "e_cost", "n_energy_cost", "e_energy_cost",
                "length(currencies) AS n_currencies"));

        List<String> agg = new ArrayList<>();
        for (Dimension d : by) {
            agg.add(key(d));
        }
        agg.add("count() AS n_calls");
        agg.add("countIf(exit = 'ok') AS n_ok");
        agg.add("countIf(exit IN ('error', 'timeout')) AS n_errors");
        agg.add("countIf(exit = 'cancel') AS n_cancels");
        agg.add("countIf(exit = 'reject') AS n_rejects");
        agg.add("sum(greatest(ifNull(tokens_in, 0), 0)) AS n_tokens_in");
        agg.add("sum(greatest(ifNull(tokens_out, 0), 0)) AS n_tokens_out");
        agg.add(values("ttft", "is_ok AND first_token_ms IS NOT NULL"));
        agg.add(values("tpot", "is_ok AND tpot_ms IS NOT NULL"));
        agg.add(values("e2e", "is_ok"));
        agg.add("sumMapIf(itl_buckets, arrayMap(c -> toUInt64(c), itl_counts), is_ok) AS h_itl");
        agg.add("sumIf(tokens_out, is_ok AND tokens_out IS NOT NULL AND e2e_ms > 0) AS s_tps_tokens");
        agg.add(IeeeSums.sumSql("e2e_ms / 1000", "is_ok AND tokens_out IS NOT NULL AND e2e_ms > 0") + " AS e_tps_seconds");
        agg.add("countIf(has_gpu AND energy_j IS NOT NULL) AS n_energy");
        agg.add(IeeeSums.sumSql("assumeNotNull(energy_j)", "has_gpu AND energy_j IS NOT NULL") + " AS e_energy");
        String ept = "is_ok AND has_gpu AND energy_j IS NOT NULL AND tokens_out IS NOT NULL";
        agg.add(IeeeSums.sumSql("assumeNotNull(energy_j)", ept) + " AS e_ept_energy");
        agg.add("sumIf(tokens_out, " + ept + ") AS s_ept_tokens");
        String power = "has_gpu AND power_w_mean IS NOT NULL";
        agg.add(IeeeSums.sumSql("assumeNotNull(power_w_mean) * e2e_ms", power) + " AS e_power_weighted");
        agg.add(IeeeSums.sumSql("e2e_ms", power) + " AS e_power_time");
        agg.add("countIf(has_gpu AND vram_used_mb_peak IS NOT NULL) AS n_vram");
        agg.add("maxIf(vram_used_mb_peak, has_gpu AND vram_used_mb_peak IS NOT NULL) AS m_vram");
        agg.add("countIf(priced_cost IS NOT NULL) AS n_cost");
        agg.add(IeeeSums.sumSql("assumeNotNull(priced_cost)", "priced_cost IS NOT NULL") + " AS e_cost");
        agg.add("countIf(priced_energy_cost IS NOT NULL) AS n_energy_cost");
        agg.add(IeeeSums.sumSql("assumeNotNull(priced_energy_cost)", "priced_energy_cost IS NOT NULL")
                + " AS e_energy_cost");
        agg.add("groupUniqArrayIf(priced_currency, priced_cost IS NOT NULL OR priced_energy_cost IS NOT NULL)"
                + " AS currencies");

        List<String> rows = new ArrayList<>();
        for (Dimension d : by) {
            rows.add(keyExpression(d) + " AS " + key(d));
        }
        rows.add("exit");
        rows.add("exit = 'ok' AS is_ok");
        rows.add("gpu_count IS NOT NULL AS has_gpu");
        rows.add("first_token_ms");
        rows.add("e2e_ms");
        rows.add("if(first_token_ms IS NULL OR ifNull(tokens_out, 0) < 2, NULL,"
                + " greatest(e2e_ms - assumeNotNull(first_token_ms), 0.) / (assumeNotNull(tokens_out) - 1)) AS tpot_ms");
        rows.add("tokens_in");
        rows.add("tokens_out");
        rows.add("energy_j");
        rows.add("power_w_mean");
        rows.add("vram_used_mb_peak");
        rows.add("itl_buckets");
        rows.add("itl_counts");
        rows.add(costExpression(query.prices()) + " AS priced_cost");
        rows.add(energyCostExpression(query.prices()) + " AS priced_energy_cost");
        rows.add("ifNull(currency, " + literal(query.prices().currency()) + ") AS priced_currency");
        if (!query.exact()) {
            rows.add(bucket("assumeNotNull(first_token_ms)") + " AS b_ttft");
            rows.add(bucket("assumeNotNull(tpot_ms)") + " AS b_tpot");
            rows.add(bucket("e2e_ms") + " AS b_e2e");
        }
        return select(out, "(\n" + indent(select(agg, "(\n" + indent(select(rows, from + " FINAL",
                where(kept), null, null)) + "\n)", null, keys(), null)) + "\n)", null, null, keys());
    }

    /**
     * MFU and MBU inputs of the kept ok GPU calls, per group, model_ref and GPU (name, count): the
     * sums of {@link Efficiency}, to which Java applies the model sizes and {@link GpuSpecs}.
     */
    String efficiency() {
        List<String> agg = new ArrayList<>();
        for (Dimension d : by) {
            agg.add(keyExpression(d) + " AS " + key(d));
        }
        agg.add("model_ref");
        agg.add("gpu_name");
        agg.add("gpu_count");
        agg.add("sumIf(greatest(ifNull(tokens_in, 0), 0) + assumeNotNull(tokens_out), e2e_ms > 0) AS s_flop_tokens");
        agg.add(IeeeSums.sumSql("e2e_ms", "e2e_ms > 0") + " AS e_e2e_ms");
        String decode = "greatest(e2e_ms - assumeNotNull(first_token_ms), 0.)";
        String decoding = "first_token_ms IS NOT NULL AND " + decode + " > 0 AND tokens_out >= 2";
        agg.add("sumIf(assumeNotNull(tokens_out) - 1, " + decoding + ") AS s_decode_tokens");
        agg.add(IeeeSums.sumSql(decode, decoding) + " AS e_decode_ms");
        List<String> group = new ArrayList<>(keys());
        group.addAll(List.of("model_ref", "gpu_name", "gpu_count"));
        return select(agg, from + " FINAL", where(kept, "exit = 'ok'", "gpu_count IS NOT NULL",
                "tokens_out IS NOT NULL"), group, null);
    }

    /** How many calls of each group the exclusion leaves out (groups left out whole included). */
    String excluded() {
        List<String> agg = new ArrayList<>();
        for (Dimension d : by) {
            agg.add(keyExpression(d) + " AS " + key(d));
        }
        agg.add("count() AS excluded");
        return select(agg, from + " FINAL", where(kept == null ? "0" : "NOT (" + kept + ")"), keys(), null);
    }

    /**
     * The earliest calls of each group in start order (ties by record_id, as {@link StartKey}) that
     * the exclusion looks at: the first {@code limit} calls, or with {@code okWithTokensPerS} the
     * first {@code limit} ok calls with a tokens/s figure.
     */
    String plan(int limit, boolean okWithTokensPerS) {
        List<String> cols = new ArrayList<>();
        for (Dimension d : by) {
            cols.add(keyExpression(d) + " AS " + key(d));
        }
        cols.addAll(List.of("ts_us", "record_id", "exit", "tokens_out", "e2e_ms"));
        String w = okWithTokensPerS ? where(null, "exit = 'ok'", "tokens_out IS NOT NULL", "e2e_ms > 0") : where(null);
        return select(cols, from + " FINAL", w, null, List.of("ts_us", "record_id")) + "\nLIMIT " + limit + " BY "
                + String.join(", ", keys());
    }

    /** Rows in the table (copies included), records (each once), and records outside the time range. */
    String totals() {
        String range = range();
        return "SELECT\n    (SELECT count() FROM " + from + ") AS table_rows,\n    count() AS records,\n    "
                + (range == null ? "toUInt64(0)" : "countIf(NOT (" + range + "))") + " AS out_of_range\nFROM " + from
                + " FINAL";
    }

    // ---- row expressions

    /** The group's value of a dimension, as {@link Dimension#of}: "-" when missing. */
    static String keyExpression(Dimension d) {
        return switch (d) {
            case MODEL -> "ifNull(model_ref, '-')";
            case ENGINE -> "ifNull(engine, '-')";
            case SITE -> "ifNull(site, '-')";
            case TENANT -> "ifNull(tenant_id, '-')";
            case EXIT -> "exit";
            case GPU -> "multiIf(gpu_count IS NULL, '-', gpu_count > 1, concat(toString(gpu_count), 'x ', "
                    + "ifNull(gpu_name, 'unknown GPU')), ifNull(gpu_name, 'unknown GPU'))";
        };
    }

    private static String key(Dimension d) {
        return "k_" + d.key();
    }

    private List<String> keys() {
        return by.stream().map(ClickHouseMatrix::key).toList();
    }

    /**
     * {@link GapHistogram#index} of a duration in milliseconds rounded to the nanosecond, as
     * {@link LogHistogram#bucketOfMs}: v below 256 is its own bucket, else with e = floor(log2 v) (from
     * log2, corrected by integer comparison) the bucket is (e - 7) x 128 + (v >> (e - 7)).
     */
    static String bucket(String ms) {
        String v = "greatest(toInt64(floor(" + ms + " * 1e6 + 0.5)), 0)";
        String e0 = "toInt64(floor(log2(greatest(" + v + ", 1))))";
        String e = "(" + e0 + " - (bitShiftLeft(toInt64(1), " + e0 + ") > " + v + ") + (bitShiftLeft(toInt64(1), "
                + e0 + " + 1) <= " + v + "))";
        int bits = GapHistogram.SUB_BUCKET_BITS;
        return "toUInt32(if(" + v + " < " + (2 << bits) + ", " + v + ", (" + e + " - " + bits + ") * " + (1 << bits)
                + " + bitShiftRight(" + v + ", " + e + " - " + bits + ")))";
    }

    /** {@link GapHistogram#midpoint} of bucket {@code b} (named {@code name} in the query), in milliseconds. */
    static String midpointMs(String b, String name) {
        int sub = 1 << GapHistogram.SUB_BUCKET_BITS;
        String shift = "(intDiv(" + name + ", " + sub + ") - 1)";
        return "(if((" + b + " AS " + name + ") < " + 2 * sub + ", toFloat64(" + name + "), toFloat64(bitShiftLeft(toUInt64("
                + name + " - " + shift + " * " + sub + "), " + shift + ")) + toFloat64(bitShiftLeft(toUInt64(1), "
                + shift + ") - 1) / 2) / 1e6)";
    }

    /** The nearest-rank p-th percentile of histogram {@code h} (a sumMap: sorted buckets, counts) as ms. */
    static String histogramPercentile(String h, String name, int p) {
        String total = "arraySum(" + h + ".2)";
        String rank = "greatest(toUInt64(1), least(" + total + ", toUInt64(ceil(" + p + " / 100 * " + total + "))))";
        String b = "(" + h + ".1)[arrayFirstIndex(c -> c >= " + rank + ", arrayCumSum(" + h + ".2))]";
        return "if(empty(" + h + ".1), NULL, " + midpointMs(b, "b_" + name + "_p" + p) + ")";
    }

    /** A figure's per-group values: a histogram, or with {@code exact} the sorted values themselves. */
    private String values(String figure, String condition) {
        if (query.exact()) {
            String column = figure.equals("ttft") ? "first_token_ms" : figure.equals("tpot") ? "tpot_ms" : "e2e_ms";
            return "arraySort(groupArrayIf(assumeNotNull(" + column + "), " + condition + ")) AS x_" + figure;
        }
        return "sumMapIf([b_" + figure + "], [toUInt64(1)], " + condition + ") AS h_" + figure;
    }

    private String percentile(String figure, int p) {
        if (!query.exact()) {
            return histogramPercentile("h_" + figure, figure, p);
        }
        String x = "x_" + figure;
        return "if(empty(" + x + "), NULL, " + x + "[greatest(toUInt64(1), least(length(" + x + "), toUInt64(ceil(" + p
                + " / 100 * length(" + x + ")))))])";
    }

    /** The record's cost, or the config's price of its tokens when it carries none (as {@link CostConfig#tokenCost}). */
    static String costExpression(CostConfig prices) {
        if (prices.prices().isEmpty()) {
            return "cost";
        }
        List<String> models = new ArrayList<>();
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        prices.prices().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            models.add(literal(e.getKey()));
            in.add(number(e.getValue().inputPerMillion()));
            out.add(number(e.getValue().outputPerMillion()));
        });
        String list = "[" + String.join(", ", models) + "]";
        String model = "assumeNotNull(model_ref)";
        return "if(cost IS NOT NULL, cost, if(model_ref IS NOT NULL AND has(" + list + ", " + model
                + ") AND tokens_in IS NOT NULL AND tokens_out IS NOT NULL, assumeNotNull(tokens_in) * transform(" + model
                + ", " + list + ", [" + String.join(", ", in) + "], 0.) / 1e6 + assumeNotNull(tokens_out) * transform("
                + model + ", " + list + ", [" + String.join(", ", out) + "], 0.) / 1e6, NULL))";
    }

    /** The record's energy cost, or the config's price of its energy (as {@link CostConfig#energyCost}). */
    static String energyCostExpression(CostConfig prices) {
        if (prices.energyPricePerKwh() == null) {
            return "energy_cost";
        }
        return "if(energy_cost IS NOT NULL, energy_cost, if(gpu_count IS NOT NULL AND energy_j IS NOT NULL, "
                + "assumeNotNull(energy_j) / " + number(CostConfig.JOULES_PER_KWH) + " * "
                + number(prices.energyPricePerKwh()) + ", NULL))";
    }

    // ---- conditions

    /** Calls in [since, until), by start time; the day partitions outside are not read. */
    private String range() {
        List<String> c = new ArrayList<>();
        if (query.sinceMicros() != null) {
            c.add("ts_us >= " + query.sinceMicros());
            c.add("day >= toDate('" + utcDay(query.sinceMicros()) + "')");
        }
        if (query.untilMicros() != null) {
            c.add("ts_us < " + query.untilMicros());
            c.add("day <= toDate('" + utcDay(query.untilMicros()) + "')");
        }
        return c.isEmpty() ? null : String.join(" AND ", c);
    }

    /** The UTC date of a time, as the table's day column holds it (a number would be read in the server's zone). */
    private static String utcDay(long micros) {
        return LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L)).toString();
    }

    private String where(String extra, String... more) {
        List<String> c = new ArrayList<>();
        String range = range();
        if (range != null) {
            c.add(range);
        }
        if (extra != null) {
            c.add(extra.contains(" OR ") ? "(" + extra + ")" : extra);
        }
        c.addAll(List.of(more));
        return c.isEmpty() ? null : String.join("\n    AND ", c);
    }

    /** A call is kept when it is at or after its group's cut; groups without a cut (or cut after all) are not. */
    private String keptCondition(Map<List<String>, StartKey> cuts) {
        List<String> groups = new ArrayList<>();
        cuts.entrySet().stream().sorted((a, b) -> StatsEngine.compareKeys(a.getKey(), b.getKey())).forEach(e -> {
            StartKey cut = e.getValue();
            if (cut == StartKey.AFTER_ALL) {
                return;
            }
            List<String> c = new ArrayList<>();
            for (int i = 0; i < by.size(); i++) {
                c.add(keyExpression(by.get(i)) + " = " + literal(e.getKey().get(i)));
            }
            String id = literal(RecordIds.format(cut.idProcess(), cut.idSequence()));
            c.add("(ts_us > " + cut.startEpochMicros() + " OR (ts_us = " + cut.startEpochMicros() + " AND record_id >= "
                    + id + "))");
            groups.add("(" + String.join(" AND ", c) + ")");
        });
        return groups.isEmpty() ? "0" : String.join("\n        OR ", groups);
    }

    // ---- text

    private static String select(List<String> columns, String from, String where, List<String> groupBy,
                                 List<String> orderBy) {
        StringBuilder b = new StringBuilder("SELECT\n    ").append(String.join(",\n    ", columns)).append("\nFROM ")
                .append(from);
        if (where != null) {
            b.append("\nWHERE ").append(where);
        }
        if (groupBy != null) {
            b.append("\nGROUP BY ").append(String.join(", ", groupBy));
        }
        if (orderBy != null) {
            b.append("\nORDER BY ").append(String.join(", ", orderBy));
        }
        return b.toString();
    }

    private static String indent(String sql) {
        return "    " + sql.replace("\n", "\n    ");
    }

    /** A ClickHouse string literal. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** A Float64 literal that reads back as exactly {@code d} (Java's shortest round-trip form). */
    private static String number(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite price: " + d);
        }
        return Double.toString(d);
    }
}
