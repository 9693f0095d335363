package dev.infertel.agent.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A record as one JSON object with the contract's field names ({@code contracts/telemetry-record.schema.json}).
 * Core fields are always present (null when unknown); GPU fields only when the call had a GPU window.
 */
public final class RecordJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private RecordJson() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    public static String toJson(TelemetryRecord r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void write(JsonGenerator g, TelemetryRecord r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("schema_version", TelemetryRecord.SCHEMA_VERSION);
        g.writeStringField("record_id", r.recordId());
        g.writeStringField("ts", r.ts());
        g.writeStringField("site", r.site());
        g.writeStringField("engine", r.engine());
        g.writeStringField("engine_version", r.engineVersion());
        g.writeStringField("model_ref", r.modelRef());
        g.writeStringField("exit", r.exit().json());
        g.writeStringField("error_type", r.errorType());
        ms(g, "first_token_ms", r.firstTokenMs());
        ms(g, "e2e_ms", r.e2eMs());
        ms(g, "decode_time_ms", r.decodeTimeMs());
        g.writeNumberField("chunks", r.chunks());
        if (r.itl() == null) {
            g.writeNullField("itl_ms");
        } else {
            ItlSummary i = r.itl();
            g.writeObjectFieldStart("itl_ms");
            ms(g, "mean", i.mean());
            ms(g, "p50", i.p50());
            ms(g, "p90", i.p90());
            ms(g, "p95", i.p95());
            ms(g, "p99", i.p99());
            ms(g, "min", i.min());
            ms(g, "max", i.max());
            g.writeEndObject();
        }
        longOrNull(g, "tokens_in", r.tokensIn());
        longOrNull(g, "tokens_out", r.tokensOut());
        g.writeStringField("tokens_out_source",
                r.tokensOutSource() == null ? null : r.tokensOutSource().name().toLowerCase());
        ms(g, "tpot_ms", r.tpotMs());
        rounded(g, "output_tokens_per_s", r.outputTokensPerS(), 1000.0);
        g.writeStringField("finish_reason", r.finishReason());
        g.writeStringField("tenant_id", r.tenantId());
        g.writeStringField("thread", r.thread());
        g.writeNumberField("pid", r.pid());
        if (r.host() != null) {
            g.writeStringField("host", r.host());
        }
        if (r.gpu() != null) {
            writeGpu(g, r.gpu(), r.tokensOut());
        }
        if (r.itlHist() != null) {
            writeHist(g, r.itlHist());
        }
        if (r.cost() != null) {
            g.writeNumberField("cost", r.cost());
        }
        if (r.energyCost() != null) {
            g.writeNumberField("energy_cost", r.energyCost());
        }
        if (r.currency() != null) {
            g.writeStringField("currency", r.currency());
        }
        g.writeEndObject();
    }

    private static void writeHist(JsonGenerator g, GapHistogram h) throws IOException {
        g.writeObjectFieldStart("itl_hist");
        g.writeNumberField("sub_bucket_bits", GapHistogram.SUB_BUCKET_BITS);
        g.writeArrayFieldStart("buckets");
        for (int i = 0; i < h.size(); i++) {
            g.writeNumber(h.bucket(i));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("counts");
        for (int i = 0; i < h.size(); i++) {
            g.writeNumber(h.count(i));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The gap histogram object; null when it uses another bucket scheme than this reader knows. */
    private static GapHistogram readHist(JsonParser p) throws IOException {
        long bits = -1;
        List<Integer> buckets = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            if (k.equals("sub_bucket_bits")) {
                bits = p.getLongValue();
            } else if ((k.equals("buckets") || k.equals("counts")) && t == JsonToken.START_ARRAY) {
                List<Integer> into = k.equals("buckets") ? buckets : counts;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    into.add(p.getIntValue());
                }
            } else {
                p.skipChildren();
            }
        }
        if (bits != GapHistogram.SUB_BUCKET_BITS) {
            return null;
        }
        return new GapHistogram(buckets.stream().mapToInt(Integer::intValue).toArray(),
                counts.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void writeGpu(JsonGenerator g, GpuFields gpu, Long tokensOut) throws IOException {
        g.writeStringField("gpu_name", gpu.gpuName());
        g.writeNumberField("gpu_count", gpu.gpuCount());
        g.writeArrayFieldStart("gpu_uuid");
        for (String id : gpu.gpuUuids()) {
            g.writeString(id);
        }
        g.writeEndArray();
        rounded(g, "vram_total_mb", gpu.vramTotalMb(), 1000.0);
        rounded(g, "vram_used_mb_peak", gpu.vramUsedMbPeak(), 1000.0);
        rounded(g, "power_w_mean", gpu.powerWMean(), 1000.0);
        rounded(g, "power_w_peak", gpu.powerWPeak(), 1000.0);
        rounded(g, "gpu_util_pct_mean", gpu.gpuUtilPctMean(), 1000.0);
        rounded(g, "temp_c_peak", gpu.tempCPeak(), 1000.0);
        rounded(g, "energy_j", gpu.energyJ(), 1e6);
        g.writeStringField("energy_method", gpu.energyMethod());
        rounded(g, "prefill_energy_j", gpu.prefillEnergyJ(), 1e6);
        rounded(g, "decode_energy_j", gpu.decodeEnergyJ(), 1e6);
        rounded(g, "energy_per_output_token_j", gpu.energyPerOutputTokenJ(tokensOut), 1e6);
        rounded(g, "tokens_per_j", gpu.tokensPerJ(tokensOut), 1e6);
        g.writeNumberField("gpu_lost_devices", gpu.lostDevices());
        g.writeBooleanField("gpu_window_truncated", gpu.windowTruncated());
    }

    private static void ms(JsonGenerator g, String name, Double value) throws IOException {
        rounded(g, name, value, 1000.0);
    }

    /** Rounds to 1/scale (milliseconds to the microsecond for durations). */
    private static void rounded(JsonGenerator g, String name, Double value, double scale) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeFieldName(name);
            g.writeNumber(JsonDecimals.format(value, scale == 1000.0 ? 3 : 6));
        }
    }

    private static void longOrNull(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    /** Reads one record object written by {@link #write} (derived fields are recomputed, not read). */
    public static TelemetryRecord read(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a telemetry record: " + e.getMessage(), e);
        }
    }

    /** Reads the object whose START_OBJECT the parser is on. */
    public static TelemetryRecord read(JsonParser p) throws IOException {
        Map<String, Object> f = new HashMap<>();
        Map<String, Double> itl = null;
        List<String> uuids = new ArrayList<>();
        GapHistogram hist = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("itl_ms") && t == JsonToken.START_OBJECT) {
                itl = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    itl.put(k, p.getDoubleValue());
                }
            } else if (name.equals("itl_hist") && t == JsonToken.START_OBJECT) {
                hist = readHist(p);
            } else if (name.equals("gpu_uuid") && t == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    uuids.add(p.getText());
                }
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t == JsonToken.VALUE_NULL) {
                f.put(name, null);
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
                f.put(name, p.getLongValue());
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                f.put(name, p.getDoubleValue());
            } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                f.put(name, t == JsonToken.VALUE_TRUE);
            } else {
                f.put(name, p.getText());
            }
        }
        String[] id = str(f, "record_id").split("-");
        ItlSummary summary = itl == null ? null : new ItlSummary(itl.get("mean"), itl.get("p50"), itl.get("p90"),
                itl.get("p95"), itl.get("p99"), itl.get("min"), itl.get("max"));
        String source = str(f, "tokens_out_source");
        GpuFields gpu = null;
        if (f.containsKey("gpu_count")) {
            gpu = new GpuFields(str(f, "gpu_name"), (int) (long) lng(f, "gpu_count"), uuids, dbl(f, "vram_total_mb"),
                    dbl(f, "vram_used_mb_peak"), dbl(f, "power_w_mean"), dbl(f, "power_w_peak"),
                    dbl(f, "gpu_util_pct_mean"), dbl(f, "temp_c_peak"), dbl(f, "energy_j"), str(f, "energy_method"),
                    dbl(f, "prefill_energy_j"), dbl(f, "decode_energy_j"),
                    f.get("gpu_lost_devices") == null ? 0 : (int) (long) lng(f, "gpu_lost_devices"),
                    Boolean.TRUE.equals(f.get("gpu_window_truncated")));
        }
        return new TelemetryRecord(Long.parseUnsignedLong(id[0], 16), Long.parseLong(id[1], 16),
                Timestamps.parseIsoMicros(str(f, "ts")), str(f, "site"), str(f, "engine"), str(f, "engine_version"),
                str(f, "model_ref"), Exit.parse(str(f, "exit")), str(f, "error_type"), dbl(f, "first_token_ms"),
                dbl(f, "e2e_ms"), (int) (long) lng(f, "chunks"), summary, lng(f, "tokens_in"), lng(f, "tokens_out"),
                source == null ? null : TelemetryRecord.TokensSource.valueOf(source.toUpperCase()),
                str(f, "finish_reason"), str(f, "tenant_id"), str(f, "thread"), lng(f, "pid"), str(f, "host"), gpu,
                hist, dbl(f, "cost"), dbl(f, "energy_cost"), str(f, "currency"));
    }

    private static String str(Map<String, Object> f, String k) {
        Object v = f.get(k);
        return v == null ? null : v.toString();
    }

    private static Double dbl(Map<String, Object> f, String k) {
        Object v = f.get(k);
        return v == null ? null : ((Number) v).doubleValue();
    }

    private static Long lng(Map<String, Object> f, String k) {
        Object v = f.get(k);
        return v == null ? null : ((Number) v).longValue();
    }
}
