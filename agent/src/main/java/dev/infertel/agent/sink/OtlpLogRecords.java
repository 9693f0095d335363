package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.otlp.AttributeWriter;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a record says as an OTLP log record, whatever the encoding: the one list of attributes (and
 * their order) that {@link OtlpLogsJson} and {@link OtlpLogsProto} both write, so the two cannot
 * drift apart. Attributes use the OpenTelemetry GenAI semantic conventions where one exists
 * ({@code gen_ai.request.model}, {@code gen_ai.usage.*}, {@code gen_ai.provider.name},
 * {@code gen_ai.response.finish_reasons}, {@code error.type}, {@code thread.name}) and the record's own
 * field names otherwise. An unknown value is left out, never sent as null.
 */
final class OtlpLogRecords {

    static final String SCOPE = "dev.infertel.telemetry-agent";
    static final String SCOPE_VERSION = "0.1.0";
    static final String EVENT_NAME = "infertel.inference.call";
    static final int SEVERITY_INFO = 9;
    static final int SEVERITY_ERROR = 17;
    static final String SERVICE_NAME = "service.name";
    static final String HOST_NAME = "host.name";
    static final String PROCESS_PID = "process.pid";
    /** The config's metadata labels become log record attributes under this prefix. */
    static final String METADATA_PREFIX = "metadata.";

    private OtlpLogRecords() {
    }

    /** The batch grouped by the process that made each record, in order of first appearance: one resource each. */
    static Collection<List<TelemetryRecord>> byProcess(List<TelemetryRecord> batch) {
        Map<String, List<TelemetryRecord>> byProcess = new LinkedHashMap<>();
        for (TelemetryRecord r : batch) {
            byProcess.computeIfAbsent(r.host() + "\u0000" + r.pid(), k -> new ArrayList<>()).add(r);
        }
        return byProcess.values();
    }

    /**
     * The process's resource: the sink's {@code service_name}, or where that is left at its default the
     * application's {@code OTEL_SERVICE_NAME}; the host and pid; and the application's
     * {@code OTEL_RESOURCE_ATTRIBUTES}, which win over the host and pid we found.
     */
    static <E extends Exception> void resource(String serviceName, TelemetryRecord first, AttributeWriter<E> out) throws E {
        Map<String, String> env = first.joins() == null ? Map.of() : first.joins().resource();
        String service = serviceName;
        if (SinkConfig.Otlp.DEFAULT_SERVICE_NAME.equals(serviceName) && env.containsKey(SERVICE_NAME)) {
            service = env.get(SERVICE_NAME);
        }
        out.string(SERVICE_NAME, service);
        if (!env.containsKey(HOST_NAME)) {
            out.string(HOST_NAME, first.host());
        }
        if (!env.containsKey(PROCESS_PID)) {
            out.integer(PROCESS_PID, first.pid());
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().equals(SERVICE_NAME)) {
                out.string(e.getKey(), e.getValue());
            }
        }
    }

    static long timeUnixNano(TelemetryRecord r) {
        return r.startEpochMicros() * 1000;
    }

    static boolean isError(TelemetryRecord r) {
        return r.exit() == Exit.ERROR;
    }

    static int severityNumber(TelemetryRecord r) {
        return isError(r) ? SEVERITY_ERROR : SEVERITY_INFO;
    }

    static String severityText(TelemetryRecord r) {
        return isError(r) ? "ERROR" : "INFO";
    }

    static String body(TelemetryRecord r) {
        return r.site() + " " + r.exit().json();
    }

    static <E extends Exception> void attributes(TelemetryRecord r, AttributeWriter<E> out) throws E {
        Values<E> v = new Values<>(out);
        v.string("record_id", r.recordId());
        out.integer("schema_version", TelemetryRecord.SCHEMA_VERSION);
        v.string("site", r.site());
        v.string("gen_ai.provider.name", r.engine());
        v.string("gen_ai.system", r.engine());
        v.string("engine_version", r.engineVersion());
        v.string("gen_ai.request.model", r.modelRef());
        v.string("exit", r.exit().json());
        v.string("error.type", r.errorType());
        v.ms("first_token_ms", r.firstTokenMs());
        v.ms("e2e_ms", r.e2eMs());
        v.ms("decode_time_ms", r.decodeTimeMs());
        out.integer("chunks", r.chunks());
        ItlSummary itl = r.itl();
        if (itl != null) {
            v.ms("itl_ms.mean", itl.mean());
            v.ms("itl_ms.p50", itl.p50());
            v.ms("itl_ms.p90", itl.p90());
            v.ms("itl_ms.p95", itl.p95());
            v.ms("itl_ms.p99", itl.p99());
            v.ms("itl_ms.min", itl.min());
            v.ms("itl_ms.max", itl.max());
        }
        v.integer("gen_ai.usage.input_tokens", r.tokensIn());
        v.integer("gen_ai.usage.output_tokens", r.tokensOut());
        v.string("tokens_out_source", r.tokensOutSource() == null ? null : r.tokensOutSource().name().toLowerCase());
        v.ms("tpot_ms", r.tpotMs());
        v.ms("output_tokens_per_s", r.outputTokensPerS());
        if (r.finishReason() != null) {
            out.strings("gen_ai.response.finish_reasons", List.of(r.finishReason()));
        }
        v.dbl("cost", r.cost());
        v.dbl("energy_cost", r.energyCost());
        v.string("currency", r.currency());
        v.string("tenant_id", r.tenantId());
        v.string("thread.name", r.thread());
        if (r.gpu() != null) {
            gpu(r.gpu(), r.tokensOut(), v, out);
        }
        if (r.joins() != null) {
            for (Map.Entry<String, String> e : r.joins().metadata().entrySet()) {
                out.string(METADATA_PREFIX + e.getKey(), e.getValue());
            }
        }
    }

    private static <E extends Exception> void gpu(GpuFields gpu, Long tokensOut, Values<E> v, AttributeWriter<E> out)
            throws E {
        v.string("gpu_name", gpu.gpuName());
        out.integer("gpu_count", gpu.gpuCount());
        out.strings("gpu_uuid", gpu.gpuUuids());
        v.dbl("vram_total_mb", gpu.vramTotalMb());
        v.dbl("vram_used_mb_peak", gpu.vramUsedMbPeak());
        v.dbl("power_w_mean", gpu.powerWMean());
        v.dbl("power_w_peak", gpu.powerWPeak());
        v.dbl("gpu_util_pct_mean", gpu.gpuUtilPctMean());
        v.dbl("temp_c_peak", gpu.tempCPeak());
        v.dbl("energy_j", gpu.energyJ());
        v.string("energy_method", gpu.energyMethod());
        v.dbl("prefill_energy_j", gpu.prefillEnergyJ());
        v.dbl("decode_energy_j", gpu.decodeEnergyJ());
        v.dbl("energy_per_output_token_j", gpu.energyPerOutputTokenJ(tokensOut));
        v.dbl("tokens_per_j", gpu.tokensPerJ(tokensOut));
        out.integer("gpu_lost_devices", gpu.lostDevices());
        out.bool("gpu_window_truncated", gpu.windowTruncated());
    }

    /** The rules for values that may be unknown: null is left out, a double must be finite. */
    private record Values<E extends Exception>(AttributeWriter<E> out) {

        void string(String key, String value) throws E {
            if (value != null) {
                out.string(key, value);
            }
        }

        void integer(String key, Number value) throws E {
            if (value != null) {
                out.integer(key, value.longValue());
            }
        }

        /** Milliseconds to the microsecond, as in the JSONL form. */
        void ms(String key, Double value) throws E {
            dbl(key, value == null ? null : Math.round(value * 1000.0) / 1000.0);
        }

        void dbl(String key, Double value) throws E {
            if (value != null && !value.isNaN() && !value.isInfinite()) {
                out.dbl(key, value);
            }
        }
    }
}
