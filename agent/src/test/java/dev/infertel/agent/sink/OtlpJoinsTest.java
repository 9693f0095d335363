package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import dev.infertel.agent.config.OtlpProtocol;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.JoinFields;
import dev.infertel.agent.record.TelemetryRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The join fields in the otlp sink's logs: span ids on the log record, the resource, the metadata labels. */
class OtlpJoinsTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "00f067aa0ba902b7";

    private final Receiver receiver;

    OtlpJoinsTest() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static TelemetryRecord call(long sequence, JoinFields joins) {
        return new TelemetryRecord(0xabcL, sequence, 1_700_000_001_000_000L, "chat", "vllm", null, "m", Exit.OK, null,
                null, 30.0, 0, null, null, null, null, null, null, "worker-3", 42, "gpu-box", null)
                .withJoins(joins);
    }

    private static JoinFields labels() {
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", "checkout");
        resource.put("deployment.environment", "prod");
        return new JoinFields(null, null, Map.of("team", "search"), resource);
    }

    private String send(String serviceName, List<TelemetryRecord> batch) {
        return new String(send(serviceName, batch, OtlpProtocol.HTTP_JSON), java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] send(String serviceName, List<TelemetryRecord> batch, OtlpProtocol protocol) {
        SinkConfig.Otlp config = new SinkConfig.Otlp("o", receiver.uri("/"), serviceName, protocol,
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(2)),
                SinkConfig.Batching.REMOTE);
        try (OtlpSink sink = new OtlpSink(config, k -> null)) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(batch));
        }
        return receiver.requests.get(receiver.requests.size() - 1).body();
    }

    private static ExportLogsServiceRequest parse(String json) throws IOException {
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        JsonFormat.parser().merge(json, b); // strict: an unknown field or a wrong type fails here
        return b.build();
    }

    private static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
        Map<String, AnyValue> m = new HashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), kv.getValue());
        }
        return m;
    }

    /** OTLP/JSON carries trace and span ids as hex (where protobuf's JSON would use base64). */
    @Test
    void aCallInsideASpanCarriesItsIdsAsHex() throws IOException {
        String json = send("svc", List.of(call(1, labels().withSpan(TRACE, SPAN)), call(2, labels())));
        assertTrue(json.contains("\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + SPAN + "\""), json);
        assertEquals(1, json.split("\"traceId\"", -1).length - 1, "only the call inside a span has ids");
        parse(json);
    }

    /** http/protobuf carries the same ids as raw bytes (16 and 8), the resource and metadata as the JSON does. */
    @Test
    void theProtobufBodyCarriesTheSameJoins() throws IOException {
        List<TelemetryRecord> batch = List.of(call(1, labels().withSpan(TRACE, SPAN)), call(2, labels()));
        ExportLogsServiceRequest proto = ExportLogsServiceRequest.parseFrom(
                send(SinkConfig.Otlp.DEFAULT_SERVICE_NAME, batch, OtlpProtocol.HTTP_PROTOBUF));
        var inSpan = proto.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertEquals(TRACE, java.util.HexFormat.of().formatHex(inSpan.getTraceId().toByteArray()));
        assertEquals(SPAN, java.util.HexFormat.of().formatHex(inSpan.getSpanId().toByteArray()));
        assertTrue(proto.getResourceLogs(0).getScopeLogs(0).getLogRecords(1).getTraceId().isEmpty());
        assertEquals(parse(send(SinkConfig.Otlp.DEFAULT_SERVICE_NAME, batch)).getResourceLogs(0).getResource(),
                proto.getResourceLogs(0).getResource(), "the same resource in both encodings");
        assertEquals("search", attributes(inSpan.getAttributesList()).get("metadata.team").getStringValue());
    }

    @Test
    void theEnvironmentsResourceAndTheMetadataAreAttributes() throws IOException {
        ExportLogsServiceRequest req = parse(send("svc", List.of(call(1, labels()))));
        Map<String, AnyValue> resource = attributes(req.getResourceLogs(0).getResource().getAttributesList());
        assertEquals("svc", resource.get("service.name").getStringValue(), "a configured service_name wins");
        assertEquals("prod", resource.get("deployment.environment").getStringValue());
        assertEquals("gpu-box", resource.get("host.name").getStringValue());
        assertEquals(4, resource.size());
        Map<String, AnyValue> a = attributes(req.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getAttributesList());
        assertEquals("search", a.get("metadata.team").getStringValue());
    }

    @Test
    void withoutAConfiguredServiceNameOtelServiceNameNamesTheService() throws IOException {
        ExportLogsServiceRequest req = parse(send(SinkConfig.Otlp.DEFAULT_SERVICE_NAME, List.of(call(1, labels()))));
        Map<String, AnyValue> resource = attributes(req.getResourceLogs(0).getResource().getAttributesList());
        assertEquals("checkout", resource.get("service.name").getStringValue());
        ExportLogsServiceRequest none = parse(send(SinkConfig.Otlp.DEFAULT_SERVICE_NAME, List.of(call(1, null))));
        assertEquals(SinkConfig.Otlp.DEFAULT_SERVICE_NAME, attributes(none.getResourceLogs(0).getResource()
                .getAttributesList()).get("service.name").getStringValue());
        assertFalse(attributes(none.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getAttributesList())
                .containsKey("metadata.team"));
    }
}
