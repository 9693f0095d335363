package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.util.JsonFormat;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.TelemetryRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the otlp sink sends, decoded by the OpenTelemetry protobuf classes' own JSON parser. */
class OtlpSinkTest {

    private final Receiver receiver;

    OtlpSinkTest() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static TelemetryRecord streamed(long pid) {
        return new TelemetryRecord(0xabcL, 5, 1_700_000_000_123_456L, "chat", "vllm", "0.6.1", "llama-3.1-8b", Exit.OK,
                null, 85.25, 900.5, 12, new ItlSummary(70.0, 69.0, 80.0, 85.0, 90.0, 60.0, 95.0), 321L, 12L,
                TelemetryRecord.TokensSource.USAGE, "stop", "t-1", "worker-3", pid, "gpu-box",
                new GpuFields("H100", 1, List.of("GPU-1"), 81559.0, 20000.0, 300.0, 350.0, 80.0, 65.0, 12.5, "counter",
                        2.0, 10.5, 0, false));
    }

    private static TelemetryRecord failed() {
        return new TelemetryRecord(0xabcL, 6, 1_700_000_001_000_000L, "chat", "vllm", null, "llama-3.1-8b", Exit.ERROR,
                "java.net.SocketTimeoutException", null, 30000.0, 0, null, null, null, null, null, null, "worker-3", 42,
                "gpu-box", null);
    }

    private ExportLogsServiceRequest send(List<TelemetryRecord> batch) throws IOException {
        SinkConfig.Otlp config = new SinkConfig.Otlp("o", receiver.uri("/"), "checkout-api",
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(2)),
                SinkConfig.Batching.REMOTE);
        try (OtlpSink sink = new OtlpSink(config, k -> null)) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(batch));
        }
        Receiver.Request r = receiver.requests.get(receiver.requests.size() - 1);
        assertEquals("/v1/logs", r.path());
        assertEquals("application/json", r.header("Content-Type"));
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        JsonFormat.parser().merge(r.text(), b); // strict: an unknown field or a wrong type fails here
        return b.build();
    }

    private static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
        Map<String, AnyValue> m = new HashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), kv.getValue());
        }
        return m;
    }

    @Test
    void aCallBecomesALogRecordWithGenAiAttributes() throws IOException {
        ExportLogsServiceRequest req = send(List.of(streamed(42), failed()));
        assertEquals(1, req.getResourceLogsCount());
        ResourceLogs rl = req.getResourceLogs(0);
        Map<String, AnyValue> resource = attributes(rl.getResource().getAttributesList());
        assertEquals("checkout-api", resource.get("service.name").getStringValue());
        assertEquals("gpu-box", resource.get("host.name").getStringValue());
        assertEquals(42, resource.get("process.pid").getIntValue());
        assertEquals("dev.infertel.telemetry-agent", rl.getScopeLogs(0).getScope().getName());

        LogRecord ok = rl.getScopeLogs(0).getLogRecords(0);
        assertEquals(1_700_000_000_123_456_000L, ok.getTimeUnixNano());
        assertEquals(9, ok.getSeverityNumberValue());
        Map<String, AnyValue> a = attributes(ok.getAttributesList());
        assertEquals("llama-3.1-8b", a.get("gen_ai.request.model").getStringValue());
        assertEquals(321, a.get("gen_ai.usage.input_tokens").getIntValue());
        assertEquals(12, a.get("gen_ai.usage.output_tokens").getIntValue());
        assertEquals("vllm", a.get("gen_ai.provider.name").getStringValue());
        assertEquals("stop", a.get("gen_ai.response.finish_reasons").getArrayValue().getValues(0).getStringValue());
        assertEquals("worker-3", a.get("thread.name").getStringValue());
        assertEquals(streamed(42).recordId(), a.get("record_id").getStringValue());
        assertEquals(85.25, a.get("first_token_ms").getDoubleValue());
        assertEquals(90.0, a.get("itl_ms.p99").getDoubleValue());
        assertEquals(12, a.get("chunks").getIntValue());
        assertEquals(12.5, a.get("energy_j").getDoubleValue());
        assertEquals("GPU-1", a.get("gpu_uuid").getArrayValue().getValues(0).getStringValue());
        assertFalse(a.get("gpu_window_truncated").getBoolValue());

        LogRecord error = rl.getScopeLogs(0).getLogRecords(1);
        assertEquals(17, error.getSeverityNumberValue());
        Map<String, AnyValue> e = attributes(error.getAttributesList());
        assertEquals("java.net.SocketTimeoutException", e.get("error.type").getStringValue());
        assertEquals("error", e.get("exit").getStringValue());
        assertFalse(e.containsKey("gen_ai.usage.output_tokens"), "unknown values are left out, not sent as null");
    }

    @Test
    void recordsOfSeveralProcessesGetOneResourceEach() throws IOException {
        ExportLogsServiceRequest req = send(List.of(streamed(1), streamed(2), streamed(1)));
        assertEquals(2, req.getResourceLogsCount());
        assertEquals(2, req.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount());
        assertEquals(2, attributes(req.getResourceLogs(1).getResource().getAttributesList()).get("process.pid").getIntValue());
    }

    @Test
    void anEndpointWithoutThePathGetsV1Logs() {
        SinkConfig.HttpSettings s = new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertEquals("http://c:4318/v1/logs", new SinkConfig.Otlp("o", java.net.URI.create("http://c:4318"), "s", s,
                SinkConfig.Batching.REMOTE).logsUrl().toString());
        assertEquals("http://c:4318/v1/logs", new SinkConfig.Otlp("o", java.net.URI.create("http://c:4318/v1/logs"), "s",
                s, SinkConfig.Batching.REMOTE).logsUrl().toString());
    }
}
