package dev.infertel.agent.record;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The record as one row of a SQL table: the one column list that the ClickHouse and SQLite tables
 * (their DDL), the sinks that fill them and the readers that query them all use, so a new field is a
 * new line here. Columns carry the record's JSON names; nested parts are flattened ({@code itl_ms}
 * into {@code itl_mean_ms} ...; the gap histogram into {@code itl_buckets} and {@code itl_counts}).
 * Numbers are rounded as the JSONL form rounds them (durations to the microsecond, energy to the
 * microjoule), so that a table holds the very values a JSONL file of the same records holds.
 */
public final class RecordColumns {

    /** A column's kind; the "required" ones are never null. */
    public enum Kind { TEXT, REQUIRED_TEXT, REAL, REQUIRED_REAL, INTEGER, REQUIRED_INTEGER, FLAG, DATE, TEXTS, INTEGERS }

    /**
     * @param decimals for reals: the decimals kept (3 or 6), or -1 for the value as it is (costs)
     * @param value the column's value: String, Double, Long, Boolean, List of String or int[]; null = SQL NULL
     */
    public record Column(String name, Kind kind, int decimals, Function<TelemetryRecord, Object> value) {

        /** The value as stored: reals rounded to their decimals. */
        public Object stored(TelemetryRecord r) {
            Object v = value.apply(r);
            if (v instanceof Double d && decimals >= 0) {
                double scale = decimals == 3 ? 1e3 : 1e6;
                return Math.round(d * scale) / scale;
            }
            return v;
        }
    }

    public static final List<Column> ALL = columns();

    private RecordColumns() {
    }

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("record_id", Kind.REQUIRED_TEXT, 0, TelemetryRecord::recordId));
        c.add(new Column("ts_us", Kind.REQUIRED_INTEGER, 0, TelemetryRecord::startEpochMicros));
        c.add(new Column("day", Kind.DATE, 0, r -> r.ts().substring(0, 10)));
        c.add(new Column("site", Kind.TEXT, 0, TelemetryRecord::site));
        c.add(new Column("engine", Kind.TEXT, 0, TelemetryRecord::engine));
        c.add(new Column("engine_version", Kind.TEXT, 0, TelemetryRecord::engineVersion));
        c.add(new Column("model_ref", Kind.TEXT, 0, TelemetryRecord::modelRef));
        c.add(new Column("exit", Kind.REQUIRED_TEXT, 0, r -> r.exit().json()));
        c.add(new Column("error_type", Kind.TEXT, 0, TelemetryRecord::errorType));
        c.add(new Column("first_token_ms", Kind.REAL, 3, TelemetryRecord::firstTokenMs));
        c.add(new Column("e2e_ms", Kind.REQUIRED_REAL, 3, TelemetryRecord::e2eMs));
        c.add(new Column("chunks", Kind.REQUIRED_INTEGER, 0, r -> (long) r.chunks()));
        c.add(new Column("itl_mean_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().mean()));
        c.add(new Column("itl_p50_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().p50()));
        c.add(new Column("itl_p90_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().p90()));
        c.add(new Column("itl_p95_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().p95()));
        c.add(new Column("itl_p99_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().p99()));
        c.add(new Column("itl_min_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().min()));
        c.add(new Column("itl_max_ms", Kind.REAL, 3, r -> r.itl() == null ? null : r.itl().max()));
        c.add(new Column("tokens_in", Kind.INTEGER, 0, TelemetryRecord::tokensIn));
        c.add(new Column("tokens_out", Kind.INTEGER, 0, TelemetryRecord::tokensOut));
        c.add(new Column("tokens_out_source", Kind.TEXT, 0,
                r -> r.tokensOutSource() == null ? null : r.tokensOutSource().name().toLowerCase()));
        c.add(new Column("finish_reason", Kind.TEXT, 0, TelemetryRecord::finishReason));
        c.add(new Column("tenant_id", Kind.TEXT, 0, TelemetryRecord::tenantId));
        c.add(new Column("thread", Kind.TEXT, 0, TelemetryRecord::thread));
        c.add(new Column("pid", Kind.REQUIRED_INTEGER, 0, TelemetryRecord::pid));
        c.add(new Column("host", Kind.TEXT, 0, TelemetryRecord::host));
        c.add(new Column("gpu_name", Kind.TEXT, 0, r -> r.gpu() == null ? null : r.gpu().gpuName()));
        // not null exactly when the call had a GPU window
        c.add(new Column("gpu_count", Kind.INTEGER, 0, r -> r.gpu() == null ? null : (long) r.gpu().gpuCount()));
        c.add(new Column("gpu_uuid", Kind.TEXTS, 0, r -> r.gpu() == null ? List.of() : r.gpu().gpuUuids()));
        c.add(new Column("vram_total_mb", Kind.REAL, 3, r -> r.gpu() == null ? null : r.gpu().vramTotalMb()));
        c.add(new Column("vram_used_mb_peak", Kind.REAL, 3, r -> r.gpu() == null ? null : r.gpu().vramUsedMbPeak()));
        c.add(new Column("power_w_mean", Kind.REAL, 3, r -> r.gpu() == null ? null : r.gpu().powerWMean()));
        c.add(new Column("power_w_peak", Kind.REAL, 3, r -> r.gpu() == null ? null : r.gpu().powerWPeak()));
        c.add(new Column("gpu_util_pct_mean", Kind.REAL, 3, r -> r.gpu() == null ? null : r.gpu().gpuUtilPctMean()));
        c.add(new Column("temp_c_peak", Kind.REAL, 3, r -> r.gpu() == null ? null : r.gpu().tempCPeak()));
        c.add(new Column("energy_j", Kind.REAL, 6, r -> r.gpu() == null ? null : r.gpu().energyJ()));
        c.add(new Column("energy_method", Kind.TEXT, 0, r -> r.gpu() == null ? null : r.gpu().energyMethod()));
        c.add(new Column("prefill_energy_j", Kind.REAL, 6, r -> r.gpu() == null ? null : r.gpu().prefillEnergyJ()));
        c.add(new Column("decode_energy_j", Kind.REAL, 6, r -> r.gpu() == null ? null : r.gpu().decodeEnergyJ()));
        c.add(new Column("gpu_lost_devices", Kind.INTEGER, 0, r -> r.gpu() == null ? null : (long) r.gpu().lostDevices()));
        c.add(new Column("gpu_window_truncated", Kind.FLAG, 0, r -> r.gpu() == null ? null : r.gpu().windowTruncated()));
        c.add(new Column("itl_buckets", Kind.INTEGERS, 0, r -> histogram(r, true)));
        c.add(new Column("itl_counts", Kind.INTEGERS, 0, r -> histogram(r, false)));
        c.add(new Column("cost", Kind.REAL, -1, TelemetryRecord::cost));
        c.add(new Column("energy_cost", Kind.REAL, -1, TelemetryRecord::energyCost));
        c.add(new Column("currency", Kind.TEXT, 0, TelemetryRecord::currency));
        c.add(new Column("trace_id", Kind.TEXT, 0, TelemetryRecord::traceId));
        c.add(new Column("span_id", Kind.TEXT, 0, TelemetryRecord::spanId));
        // labels as JSON object text: a Map column needs ClickHouse 21.1, and SQLite has none
        c.add(new Column("metadata", Kind.TEXT, 0, r -> r.joins() == null ? null : jsonObject(r.joins().metadata())));
        c.add(new Column("resource", Kind.TEXT, 0, r -> r.joins() == null ? null : jsonObject(r.joins().resource())));
        return List.copyOf(c);
    }

    /** {@code {"key":"value",...}} as the record's JSON writes it; null for no entries. */
    static String jsonObject(java.util.Map<String, String> m) {
        if (m.isEmpty()) {
            return null;
        }
        JsonBytes out = new JsonBytes(64);
        out.raw((byte) '{');
        boolean first = true;
        for (java.util.Map.Entry<String, String> e : m.entrySet()) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            out.string(e.getKey());
            out.raw((byte) ':');
            out.string(e.getValue());
        }
        out.raw((byte) '}');
        return new String(out.array(), 0, out.size(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int[] histogram(TelemetryRecord r, boolean buckets) {
        GapHistogram h = r.itlHist();
        if (h == null) {
            return new int[0];
        }
        return (buckets ? h.bucketArray() : h.countArray()).clone();
    }

    public static Column named(String name) {
        for (Column c : ALL) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    /** One JSON object per record with a member per column (ClickHouse's JSONEachRow), no newline. */
    public static void writeJsonRow(TelemetryRecord r, JsonBytes out) {
        out.raw((byte) '{');
        boolean first = true;
        for (Column c : ALL) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            out.string(c.name());
            out.raw((byte) ':');
            Object v = c.value().apply(r);
            if (v == null) {
                out.nul();
            } else if (v instanceof Double d) {
                if (c.decimals() >= 0) {
                    JsonDecimals.write(out, d, c.decimals());
                } else {
                    // plain digits: ClickHouse 18.16 reads 9.46E-4 one ulp off about one time in six,
                    // 0.000946 about one in 4 000 (its float reader is not correctly rounded)
                    out.ascii(Double.isFinite(d) ? new java.math.BigDecimal(Double.toString(d)).toPlainString() : "null");
                }
            } else if (v instanceof Long l) {
                out.number(l);
            } else if (v instanceof Boolean b) {
                out.number(b ? 1 : 0);
            } else if (v instanceof int[] ints) {
                out.raw((byte) '[');
                out.numbers(ints);
                out.raw((byte) ']');
            } else if (v instanceof List<?> list) {
                out.raw((byte) '[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.raw((byte) ',');
                    }
                    out.string((String) list.get(i));
                }
                out.raw((byte) ']');
            } else {
                out.string(v.toString());
            }
        }
        out.raw((byte) '}');
    }
}
