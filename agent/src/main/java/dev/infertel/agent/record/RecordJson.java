package dev.infertel.agent.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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

    // field names quoted and encoded once: the shipper writes some forty per record
    private static final SerializableString N_GPU_WINDOW_TRUNCATED = new SerializedString("gpu_window_truncated");
    private static final SerializableString N_TOKENS_OUT_SOURCE = new SerializedString("tokens_out_source");
    private static final SerializableString N_RECORD_ID = new SerializedString("record_id");
    private static final SerializableString N_TS = new SerializedString("ts");
    private static final SerializableString N_SITE = new SerializedString("site");
    private static final SerializableString N_ENGINE = new SerializedString("engine");
    private static final SerializableString N_ENGINE_VERSION = new SerializedString("engine_version");
    private static final SerializableString N_MODEL_REF = new SerializedString("model_ref");
    private static final SerializableString N_EXIT = new SerializedString("exit");
    private static final SerializableString N_ERROR_TYPE = new SerializedString("error_type");
    private static final SerializableString N_FINISH_REASON = new SerializedString("finish_reason");
    private static final SerializableString N_TENANT_ID = new SerializedString("tenant_id");
    private static final SerializableString N_THREAD = new SerializedString("thread");
    private static final SerializableString N_HOST = new SerializedString("host");
    private static final SerializableString N_CURRENCY = new SerializedString("currency");
    private static final SerializableString N_GPU_NAME = new SerializedString("gpu_name");
    private static final SerializableString N_ENERGY_METHOD = new SerializedString("energy_method");
    private static final SerializableString N_SCHEMA_VERSION = new SerializedString("schema_version");
    private static final SerializableString N_CHUNKS = new SerializedString("chunks");
    private static final SerializableString N_PID = new SerializedString("pid");
    private static final SerializableString N_COST = new SerializedString("cost");
    private static final SerializableString N_ENERGY_COST = new SerializedString("energy_cost");
    private static final SerializableString N_SUB_BUCKET_BITS = new SerializedString("sub_bucket_bits");
    private static final SerializableString N_GPU_COUNT = new SerializedString("gpu_count");
    private static final SerializableString N_GPU_LOST_DEVICES = new SerializedString("gpu_lost_devices");
    private static final SerializableString N_ITL_MS = new SerializedString("itl_ms");
    private static final SerializableString N_ITL_HIST = new SerializedString("itl_hist");
    private static final SerializableString N_BUCKETS = new SerializedString("buckets");
    private static final SerializableString N_COUNTS = new SerializedString("counts");
    private static final SerializableString N_GPU_UUID = new SerializedString("gpu_uuid");
    private static final SerializableString N_FIRST_TOKEN_MS = new SerializedString("first_token_ms");
    private static final SerializableString N_E2E_MS = new SerializedString("e2e_ms");
    private static final SerializableString N_DECODE_TIME_MS = new SerializedString("decode_time_ms");
    private static final SerializableString N_MEAN = new SerializedString("mean");
    private static final SerializableString N_P50 = new SerializedString("p50");
    private static final SerializableString N_P90 = new SerializedString("p90");
    private static final SerializableString N_P95 = new SerializedString("p95");
    private static final SerializableString N_P99 = new SerializedString("p99");
    private static final SerializableString N_MIN = new SerializedString("min");
    private static final SerializableString N_MAX = new SerializedString("max");
    private static final SerializableString N_TOKENS_IN = new SerializedString("tokens_in");
    private static final SerializableString N_TOKENS_OUT = new SerializedString("tokens_out");
    private static final SerializableString N_TPOT_MS = new SerializedString("tpot_ms");
    private static final SerializableString N_OUTPUT_TOKENS_PER_S = new SerializedString("output_tokens_per_s");
    private static final SerializableString N_VRAM_TOTAL_MB = new SerializedString("vram_total_mb");
    private static final SerializableString N_VRAM_USED_MB_PEAK = new SerializedString("vram_used_mb_peak");
    private static final SerializableString N_POWER_W_MEAN = new SerializedString("power_w_mean");
    private static final SerializableString N_POWER_W_PEAK = new SerializedString("power_w_peak");
    private static final SerializableString N_GPU_UTIL_PCT_MEAN = new SerializedString("gpu_util_pct_mean");
    private static final SerializableString N_TEMP_C_PEAK = new SerializedString("temp_c_peak");
    private static final SerializableString N_ENERGY_J = new SerializedString("energy_j");
    private static final SerializableString N_PREFILL_ENERGY_J = new SerializedString("prefill_energy_j");
    private static final SerializableString N_DECODE_ENERGY_J = new SerializedString("decode_energy_j");
    private static final SerializableString N_ENERGY_PER_OUTPUT_TOKEN_J = new SerializedString("energy_per_output_token_j");
    private static final SerializableString N_TOKENS_PER_J = new SerializedString("tokens_per_j");
    private static final SerializableString N_TRACE_ID = new SerializedString("trace_id");
    private static final SerializableString N_SPAN_ID = new SerializedString("span_id");
    private static final SerializableString N_METADATA = new SerializedString("metadata");
    private static final SerializableString N_RESOURCE = new SerializedString("resource");

    public static void write(JsonGenerator g, TelemetryRecord r) throws IOException {
        g.writeStartObject();
        num(g, N_SCHEMA_VERSION, TelemetryRecord.SCHEMA_VERSION);
        str(g, N_RECORD_ID, r.recordId());
        str(g, N_TS, r.ts());
        str(g, N_SITE, r.site());
        str(g, N_ENGINE, r.engine());
        str(g, N_ENGINE_VERSION, r.engineVersion());
        str(g, N_MODEL_REF, r.modelRef());
        str(g, N_EXIT, r.exit().json());
        str(g, N_ERROR_TYPE, r.errorType());
        ms(g, N_FIRST_TOKEN_MS, r.firstTokenMs());
        ms(g, N_E2E_MS, r.e2eMs());
        ms(g, N_DECODE_TIME_MS, r.decodeTimeMs());
        num(g, N_CHUNKS, r.chunks());
        if (r.itl() == null) {
            nul(g, N_ITL_MS);
        } else {
            ItlSummary i = r.itl();
            g.writeFieldName(N_ITL_MS);
            g.writeStartObject();
            ms(g, N_MEAN, i.mean());
            ms(g, N_P50, i.p50());
            ms(g, N_P90, i.p90());
            ms(g, N_P95, i.p95());
            ms(g, N_P99, i.p99());
            ms(g, N_MIN, i.min());
            ms(g, N_MAX, i.max());
            g.writeEndObject();
        }
        longOrNull(g, N_TOKENS_IN, r.tokensIn());
        longOrNull(g, N_TOKENS_OUT, r.tokensOut());
        str(g, N_TOKENS_OUT_SOURCE,
                r.tokensOutSource() == null ? null : r.tokensOutSource().name().toLowerCase());
        ms(g, N_TPOT_MS, r.tpotMs());
        rounded(g, N_OUTPUT_TOKENS_PER_S, r.outputTokensPerS(), 1000.0);
        str(g, N_FINISH_REASON, r.finishReason());
        str(g, N_TENANT_ID, r.tenantId());
        str(g, N_THREAD, r.thread());
        num(g, N_PID, r.pid());
        if (r.host() != null) {
            str(g, N_HOST, r.host());
        }
        if (r.gpu() != null) {
            writeGpu(g, r.gpu(), r.tokensOut());
        }
        if (r.itlHist() != null) {
            writeHist(g, r.itlHist());
        }
        if (r.cost() != null) {
            num(g, N_COST, r.cost());
        }
        if (r.energyCost() != null) {
            num(g, N_ENERGY_COST, r.energyCost());
        }
        if (r.currency() != null) {
            str(g, N_CURRENCY, r.currency());
        }
        if (r.joins() != null) {
            writeJoins(g, r.joins());
        }
        g.writeEndObject();
    }

    private static void writeJoins(JsonGenerator g, JoinFields j) throws IOException {
        if (j.hasSpan()) {
            str(g, N_TRACE_ID, j.traceId());
            str(g, N_SPAN_ID, j.spanId());
        }
        if (!j.metadata().isEmpty()) {
            writeMap(g, N_METADATA, j.metadata());
        }
        if (!j.resource().isEmpty()) {
            writeMap(g, N_RESOURCE, j.resource());
        }
    }

    private static void writeMap(JsonGenerator g, SerializableString name, Map<String, String> m) throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            g.writeString(e.getValue());
        }
        g.writeEndObject();
    }

    private static Map<String, String> readMap(JsonParser p) throws IOException {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_STRING) {
                m.put(k, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return m;
    }

    private static void writeHist(JsonGenerator g, GapHistogram h) throws IOException {
        g.writeFieldName(N_ITL_HIST);
            g.writeStartObject();
        num(g, N_SUB_BUCKET_BITS, GapHistogram.SUB_BUCKET_BITS);
        g.writeFieldName(N_BUCKETS);
        g.writeStartArray();
        for (int i = 0; i < h.size(); i++) {
            g.writeNumber(h.bucket(i));
        }
        g.writeEndArray();
        g.writeFieldName(N_COUNTS);
        g.writeStartArray();
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
        str(g, N_GPU_NAME, gpu.gpuName());
        num(g, N_GPU_COUNT, gpu.gpuCount());
        g.writeFieldName(N_GPU_UUID);
        g.writeStartArray();
        for (String id : gpu.gpuUuids()) {
            g.writeString(id);
        }
        g.writeEndArray();
        rounded(g, N_VRAM_TOTAL_MB, gpu.vramTotalMb(), 1000.0);
        rounded(g, N_VRAM_USED_MB_PEAK, gpu.vramUsedMbPeak(), 1000.0);
        rounded(g, N_POWER_W_MEAN, gpu.powerWMean(), 1000.0);
        rounded(g, N_POWER_W_PEAK, gpu.powerWPeak(), 1000.0);
        rounded(g, N_GPU_UTIL_PCT_MEAN, gpu.gpuUtilPctMean(), 1000.0);
        rounded(g, N_TEMP_C_PEAK, gpu.tempCPeak(), 1000.0);
        rounded(g, N_ENERGY_J, gpu.energyJ(), 1e6);
        str(g, N_ENERGY_METHOD, gpu.energyMethod());
        rounded(g, N_PREFILL_ENERGY_J, gpu.prefillEnergyJ(), 1e6);
        rounded(g, N_DECODE_ENERGY_J, gpu.decodeEnergyJ(), 1e6);
        rounded(g, N_ENERGY_PER_OUTPUT_TOKEN_J, gpu.energyPerOutputTokenJ(tokensOut), 1e6);
        rounded(g, N_TOKENS_PER_J, gpu.tokensPerJ(tokensOut), 1e6);
        num(g, N_GPU_LOST_DEVICES, gpu.lostDevices());
        g.writeFieldName(N_GPU_WINDOW_TRUNCATED);
        g.writeBoolean(gpu.windowTruncated());
    }

    private static void ms(JsonGenerator g, SerializableString name, Double value) throws IOException {
        rounded(g, name, value, 1000.0);
    }

    /** Rounds to 1/scale (milliseconds to the microsecond for durations). */
    private static void rounded(JsonGenerator g, SerializableString name, Double value, double scale) throws IOException {
        if (value == null) {
            nul(g, name);
        } else {
            g.writeFieldName(name);
            g.writeNumber(JsonDecimals.format(value, scale == 1000.0 ? 3 : 6));
        }
    }

    private static void longOrNull(JsonGenerator g, SerializableString name, Long value) throws IOException {
        if (value == null) {
            nul(g, name);
        } else {
            num(g, name, value);
        }
    }

    private static void str(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void num(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void num(JsonGenerator g, SerializableString name, double value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void nul(JsonGenerator g, SerializableString name) throws IOException {
        g.writeFieldName(name);
        g.writeNull();
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
        Map<String, String> metadata = null;
        Map<String, String> resource = null;
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
            } else if (name.equals("metadata") && t == JsonToken.START_OBJECT) {
                metadata = readMap(p);
            } else if (name.equals("resource") && t == JsonToken.START_OBJECT) {
                resource = readMap(p);
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
                hist, dbl(f, "cost"), dbl(f, "energy_cost"), str(f, "currency"),
                new JoinFields(str(f, "trace_id"), str(f, "span_id"), metadata, resource));
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
