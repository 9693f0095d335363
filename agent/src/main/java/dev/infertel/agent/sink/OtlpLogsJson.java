package dev.infertel.agent.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as an OTLP {@code ExportLogsServiceRequest} in the OTLP/HTTP JSON encoding (lowerCamelCase
 * field names, 64-bit integers as strings, enums as numbers). One log record per call; its attributes
 * use the OpenTelemetry GenAI semantic conventions where one exists ({@code gen_ai.request.model},
 * {@code gen_ai.usage.*}, {@code gen_ai.provider.name}, {@code gen_ai.response.finish_reasons},
 * {@code error.type}, {@code thread.name}) and the record's own field names otherwise. Records are
 * grouped by the process that made them (resource: {@code service.name}, {@code host.name},
 * {@code process.pid}, and the application's {@code OTEL_RESOURCE_ATTRIBUTES}). A call made inside an
 * OpenTelemetry span carries its {@code traceId} and {@code spanId}; metadata labels are attributes
 * {@code metadata.<key>}.
 */
public final class OtlpLogsJson {

    public static final String SCOPE = "dev.infertel.telemetry-agent";
    public static final String EVENT_NAME = "infertel.inference.call";
    static final int SEVERITY_INFO = 9;
    static final int SEVERITY_ERROR = 17;
    static final String SERVICE_NAME = "service.name";
    static final String HOST_NAME = "host.name";
    static final String PROCESS_PID = "process.pid";
    /** The config's metadata labels become log record attributes under this prefix. */
    static final String METADATA_PREFIX = "metadata.";

    private final String serviceName;

    public OtlpLogsJson(String serviceName) {
        this.serviceName = serviceName;
    }

    public void write(JsonGenerator g, List<TelemetryRecord> batch, long observedNanos) throws IOException {
        Map<String, List<TelemetryRecord>> byProcess = new LinkedHashMap<>();
        for (TelemetryRecord r : batch) {
            byProcess.computeIfAbsent(r.host() + "\u0000" + r.pid(), k -> new ArrayList<>()).add(r);
        }
        g.writeStartObject();
        g.writeArrayFieldStart("resourceLogs");
        for (List<TelemetryRecord> records : byProcess.values()) {
            TelemetryRecord first = records.get(0);
            g.writeStartObject();
            g.writeObjectFieldStart("resource");
            g.writeArrayFieldStart("attributes");
            resource(g, first);
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("scopeLogs");
            g.writeStartObject();
            g.writeObjectFieldStart("scope");
            g.writeStringField("name", SCOPE);
            g.writeStringField("version", "0.1.0");
            g.writeEndObject();
            g.writeArrayFieldStart("logRecords");
            for (TelemetryRecord r : records) {
                logRecord(g, r, observedNanos);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * The process's resource: the sink's {@code service_name}, or where that is left at its default the
     * application's {@code OTEL_SERVICE_NAME}; the host and pid; and the application's
     * {@code OTEL_RESOURCE_ATTRIBUTES}, which win over the host and pid we found.
     */
    private void resource(JsonGenerator g, TelemetryRecord first) throws IOException {
        Map<String, String> env = first.joins() == null ? Map.of() : first.joins().resource();
        String service = serviceName;
        if (SinkConfig.Otlp.DEFAULT_SERVICE_NAME.equals(serviceName) && env.containsKey(SERVICE_NAME)) {
            service = env.get(SERVICE_NAME);
        }
        string(g, SERVICE_NAME, service);
        if (!env.containsKey(HOST_NAME)) {
            string(g, HOST_NAME, first.host());
        }
        if (!env.containsKey(PROCESS_PID)) {
            integer(g, PROCESS_PID, first.pid());
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().equals(SERVICE_NAME)) {
                string(g, e.getKey(), e.getValue());
            }
        }
    }

    private static void logRecord(JsonGenerator g, TelemetryRecord r, long observedNanos) throws IOException {
        boolean error = r.exit() == dev.infertel.agent.record.Exit.ERROR;
        g.writeStartObject();
        g.writeStringField("timeUnixNano", Long.toString(r.startEpochMicros() * 1000));
        g.writeStringField("observedTimeUnixNano", Long.toString(observedNanos));
        g.writeNumberField("severityNumber", error ? SEVERITY_ERROR : SEVERITY_INFO);
        g.writeStringField("severityText", error ? "ERROR" : "INFO");
        g.writeStringField("eventName", EVENT_NAME);
        if (r.traceId() != null) {
            // OTLP/JSON writes the ids as hex, not as protobuf JSON's base64
            g.writeStringField("traceId", r.traceId());
            g.writeStringField("spanId", r.spanId());
        }
        g.writeObjectFieldStart("body");
        g.writeStringField("stringValue", r.site() + " " + r.exit().json());
        g.writeEndObject();
        g.writeArrayFieldStart("attributes");
        string(g, "record_id", r.recordId());
        integer(g, "schema_version", TelemetryRecord.SCHEMA_VERSION);
        string(g, "site", r.site());
        string(g, "gen_ai.provider.name", r.engine());
        string(g, "gen_ai.system", r.engine());
        string(g, "engine_version", r.engineVersion());
        string(g, "gen_ai.request.model", r.modelRef());
        string(g, "exit", r.exit().json());
        string(g, "error.type", r.errorType());
        ms(g, "first_token_ms", r.firstTokenMs());
        ms(g, "e2e_ms", r.e2eMs());
        ms(g, "decode_time_ms", r.decodeTimeMs());
        integer(g, "chunks", r.chunks());
        ItlSummary itl = r.itl();
        if (itl != null) {
            ms(g, "itl_ms.mean", itl.mean());
            ms(g, "itl_ms.p50", itl.p50());
            ms(g, "itl_ms.p90", itl.p90());
            ms(g, "itl_ms.p95", itl.p95());
            ms(g, "itl_ms.p99", itl.p99());
            ms(g, "itl_ms.min", itl.min());
            ms(g, "itl_ms.max", itl.max());
        }
        integer(g, "gen_ai.usage.input_tokens", r.tokensIn());
        integer(g, "gen_ai.usage.output_tokens", r.tokensOut());
        string(g, "tokens_out_source", r.tokensOutSource() == null ? null : r.tokensOutSource().name().toLowerCase());
        ms(g, "tpot_ms", r.tpotMs());
        ms(g, "output_tokens_per_s", r.outputTokensPerS());
        if (r.finishReason() != null) {
            g.writeStartObject();
            g.writeStringField("key", "gen_ai.response.finish_reasons");
            g.writeObjectFieldStart("value");
            g.writeObjectFieldStart("arrayValue");
            g.writeArrayFieldStart("values");
            g.writeStartObject();
            g.writeStringField("stringValue", r.finishReason());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        dbl(g, "cost", r.cost());
        dbl(g, "energy_cost", r.energyCost());
        string(g, "currency", r.currency());
        string(g, "tenant_id", r.tenantId());
        string(g, "thread.name", r.thread());
        if (r.gpu() != null) {
            gpu(g, r.gpu(), r.tokensOut());
        }
        if (r.joins() != null) {
            for (Map.Entry<String, String> e : r.joins().metadata().entrySet()) {
                string(g, METADATA_PREFIX + e.getKey(), e.getValue());
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void gpu(JsonGenerator g, GpuFields gpu, Long tokensOut) throws IOException {
        string(g, "gpu_name", gpu.gpuName());
        integer(g, "gpu_count", gpu.gpuCount());
        g.writeStartObject();
        g.writeStringField("key", "gpu_uuid");
        g.writeObjectFieldStart("value");
        g.writeObjectFieldStart("arrayValue");
        g.writeArrayFieldStart("values");
        for (String id : gpu.gpuUuids()) {
            g.writeStartObject();
            g.writeStringField("stringValue", id);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        dbl(g, "vram_total_mb", gpu.vramTotalMb());
        dbl(g, "vram_used_mb_peak", gpu.vramUsedMbPeak());
        dbl(g, "power_w_mean", gpu.powerWMean());
        dbl(g, "power_w_peak", gpu.powerWPeak());
        dbl(g, "gpu_util_pct_mean", gpu.gpuUtilPctMean());
        dbl(g, "temp_c_peak", gpu.tempCPeak());
        dbl(g, "energy_j", gpu.energyJ());
        string(g, "energy_method", gpu.energyMethod());
        dbl(g, "prefill_energy_j", gpu.prefillEnergyJ());
        dbl(g, "decode_energy_j", gpu.decodeEnergyJ());
        dbl(g, "energy_per_output_token_j", gpu.energyPerOutputTokenJ(tokensOut));
        dbl(g, "tokens_per_j", gpu.tokensPerJ(tokensOut));
        integer(g, "gpu_lost_devices", gpu.lostDevices());
        g.writeStartObject();
        g.writeStringField("key", "gpu_window_truncated");
        g.writeObjectFieldStart("value");
        g.writeBooleanField("boolValue", gpu.windowTruncated());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String key, String value) throws IOException {
        if (value == null) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeObjectFieldStart("value");
        g.writeStringField("stringValue", value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void integer(JsonGenerator g, String key, Number value) throws IOException {
        if (value == null) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeObjectFieldStart("value");
        g.writeStringField("intValue", Long.toString(value.longValue()));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Milliseconds to the microsecond, as in the JSONL form. */
    private static void ms(JsonGenerator g, String key, Double value) throws IOException {
        dbl(g, key, value == null ? null : Math.round(value * 1000.0) / 1000.0);
    }

    private static void dbl(JsonGenerator g, String key, Double value) throws IOException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeObjectFieldStart("value");
        g.writeNumberField("doubleValue", value);
        g.writeEndObject();
        g.writeEndObject();
    }
}
