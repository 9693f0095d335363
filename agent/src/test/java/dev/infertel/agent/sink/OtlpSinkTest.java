package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.util.JsonFormat;
import dev.infertel.agent.config.OtlpProtocol;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.TelemetryRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the otlp sink sends, decoded by the OpenTelemetry protobuf classes, and what it makes of the answers. */
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

    /** Every kind of value: costs, several GPUs, a truncated window, text beyond ASCII, a long site name. */
    private static TelemetryRecord rich() {
        return new TelemetryRecord(0xdefL, 9, 1_700_000_002_000_001L, "caf\u00e9-" + "s".repeat(200), "sglang", "0.4",
                "mod\u00e8le \ud83d\ude00", Exit.CANCEL, null, 0.0, 1.0 / 3, 300, new ItlSummary(1.0 / 7, 0.1, 0.2, 0.3,
                        0.4, 0.0, 12_345.678_9), 0L, 0L, TelemetryRecord.TokensSource.CHUNKS, "length", "t\u00e9nant",
                "pool-1-thread-2", 77, "box-2", new GpuFields("A100", 2, List.of("GPU-a", "GPU-b"), null, 1.5, 0.0, 350.0,
                        100.0, null, 0.25, "power_integral", null, null, 1, true))
                .withCosts(0.000_123, 0.0, "EUR");
    }

    private static SinkConfig.Otlp config(URI endpoint, OtlpProtocol protocol) {
        return new SinkConfig.Otlp("o", endpoint, "checkout-api", protocol,
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(2)),
                SinkConfig.Batching.REMOTE);
    }

    private Delivery deliver(OtlpProtocol protocol, List<TelemetryRecord> batch) throws IOException {
        try (OtlpSink sink = new OtlpSink(config(receiver.uri("/"), protocol), k -> null)) {
            return sink.deliver(batch);
        }
    }

    private Receiver.Request last() {
        return receiver.requests.get(receiver.requests.size() - 1);
    }

    /** Sends the batch as protobuf, the default, and decodes it with the official classes. */
    private ExportLogsServiceRequest send(List<TelemetryRecord> batch) throws IOException {
        try (OtlpSink sink = new OtlpSink(new SinkConfig.Otlp("o", receiver.uri("/"), "checkout-api",
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(2)),
                SinkConfig.Batching.REMOTE), k -> null)) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(batch));
        }
        Receiver.Request r = last();
        assertEquals("/v1/logs", r.path());
        assertEquals("application/x-protobuf", r.header("Content-Type"));
        return ExportLogsServiceRequest.parseFrom(r.body());
    }

    private ExportLogsServiceRequest sendJson(List<TelemetryRecord> batch) throws IOException {
        assertEquals(Delivery.ACCEPTED, deliver(OtlpProtocol.HTTP_JSON, batch));
        Receiver.Request r = last();
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
        assertEquals("infertel.inference.call", ok.getEventName());
        assertEquals("chat ok", ok.getBody().getStringValue());
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
        assertTrue(a.get("gpu_window_truncated").hasBoolValue(), "false is sent, not left out");
        assertFalse(a.get("gpu_window_truncated").getBoolValue());
        assertTrue(a.get("gpu_lost_devices").hasIntValue(), "0 is sent, not left out");

        LogRecord error = rl.getScopeLogs(0).getLogRecords(1);
        assertEquals(17, error.getSeverityNumberValue());
        Map<String, AnyValue> e = attributes(error.getAttributesList());
        assertEquals("java.net.SocketTimeoutException", e.get("error.type").getStringValue());
        assertEquals("error", e.get("exit").getStringValue());
        assertFalse(e.containsKey("gen_ai.usage.output_tokens"), "unknown values are left out, not sent as null");
    }

    @Test
    void theProtobufBodyHoldsExactlyWhatTheJsonBodyHolds() throws IOException {
        List<TelemetryRecord> batch = List.of(streamed(42), failed(), rich(), streamed(7), rich());
        ExportLogsServiceRequest proto = send(batch);
        ExportLogsServiceRequest json = sendJson(batch);
        assertEquals(withoutObservedTime(json), withoutObservedTime(proto));
        assertEquals(3, proto.getResourceLogsCount());
        assertTrue(proto.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getObservedTimeUnixNano() > 0);
    }

    /** The two requests were sent at different moments: everything else must match field by field. */
    private static ExportLogsServiceRequest withoutObservedTime(ExportLogsServiceRequest req) {
        ExportLogsServiceRequest.Builder b = req.toBuilder();
        for (ResourceLogs.Builder rl : b.getResourceLogsBuilderList()) {
            for (var sl : rl.getScopeLogsBuilderList()) {
                for (LogRecord.Builder log : sl.getLogRecordsBuilderList()) {
                    log.clearObservedTimeUnixNano();
                }
            }
        }
        return b.build();
    }

    @Test
    void theProtobufEncodingIsCanonical() throws IOException {
        ExportLogsServiceRequest req = send(List.of(rich(), failed()));
        assertEquals(req, ExportLogsServiceRequest.parseFrom(req.toByteArray()));
        assertEquals(req.getSerializedSize(), last().body().length, "no default field written, no byte to spare");
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
        assertEquals("http://c:4318/v1/logs", new SinkConfig.Otlp("o", URI.create("http://c:4318"), "s", s,
                SinkConfig.Batching.REMOTE).logsUrl().toString());
        assertEquals("http://c:4318/v1/logs", new SinkConfig.Otlp("o", URI.create("http://c:4318/v1/logs"), "s",
                s, SinkConfig.Batching.REMOTE).logsUrl().toString());
    }

    private static ExportLogsServiceResponse partial(long rejected, String message) {
        return ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(rejected).setErrorMessage(message)).build();
    }

    @Test
    void aPartialSuccessInProtobufNamesTheRejectedRecordsAndTheReason() throws IOException {
        receiver.answer(r -> Receiver.Answer.body(200, "application/x-protobuf",
                partial(2, "2 records have a bad timestamp").toByteArray()));
        Delivery d = deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1), streamed(1), failed()));
        assertEquals(Delivery.Kind.ACCEPTED, d.kind());
        assertEquals(2, d.rejectedRecords());
        assertTrue(d.detail().contains("2 records have a bad timestamp"), d.detail());
    }

    @Test
    void aPartialSuccessInJsonNamesTheRejectedRecordsAndTheReason() throws IOException {
        String body = JsonFormat.printer().print(partial(1, "attribute too long"));
        receiver.answer(r -> Receiver.Answer.body(200, "application/json", body.getBytes(StandardCharsets.UTF_8)));
        Delivery d = deliver(OtlpProtocol.HTTP_JSON, List.of(streamed(1), failed()));
        assertEquals(Delivery.Kind.ACCEPTED, d.kind());
        assertEquals(1, d.rejectedRecords());
        assertTrue(d.detail().contains("attribute too long"), d.detail());
    }

    @Test
    void aWarningWithoutRejectedRecordsIsPassedOn() throws IOException {
        receiver.answer(r -> Receiver.Answer.body(200, "application/x-protobuf",
                partial(0, "deprecated attribute").toByteArray()));
        Delivery d = deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1)));
        assertEquals(Delivery.Kind.ACCEPTED, d.kind());
        assertEquals(0, d.rejectedRecords());
        assertEquals("deprecated attribute", d.detail());
    }

    @Test
    void anEmptyOrFullSuccessAnswerIsPlainlyAccepted() throws IOException {
        receiver.answer(r -> Receiver.Answer.body(200, "application/x-protobuf",
                ExportLogsServiceResponse.getDefaultInstance().toByteArray()));
        assertEquals(Delivery.ACCEPTED, deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1))));
        receiver.answer(r -> Receiver.Answer.body(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Delivery.ACCEPTED, deliver(OtlpProtocol.HTTP_JSON, List.of(streamed(1))));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void onlyTheThrottlingAndGatewayCodesAreRetried(int status) throws IOException {
        receiver.answer(r -> Receiver.Answer.status(status));
        Delivery d = deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1)));
        assertEquals(Delivery.Kind.RETRY, d.kind());
        assertEquals(-1, d.retryAfterMillis());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 408, 413, 415, 500, 501})
    void everyOtherCodeIsFinal(int status) throws IOException {
        receiver.answer(r -> Receiver.Answer.status(status));
        Delivery d = deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1)));
        assertEquals(Delivery.Kind.REJECTED, d.kind(), "HTTP " + status);
        assertEquals("HTTP " + status, d.detail());
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void retryAfterIsHonoured(int status) throws IOException {
        receiver.answer(r -> new Receiver.Answer(status, Map.of("Retry-After", "7")));
        assertEquals(7_000, deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1))).retryAfterMillis());
    }

    @Test
    void aReceiverThatCannotBeReachedIsRetried() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OtlpSink sink = new OtlpSink(config(URI.create("http://127.0.0.1:" + port), OtlpProtocol.HTTP_PROTOBUF),
                k -> null)) {
            assertEquals(Delivery.Kind.RETRY, sink.deliver(List.of(streamed(1))).kind());
        }
    }

    /** A {@code google.rpc.Status} as a server sends it: code 3 (INVALID_ARGUMENT) and a message. */
    private static byte[] status(String message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt32(1, 3);
        out.writeString(2, message);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void theReasonOfABadRequestIsKeptForTheLog() throws IOException {
        byte[] body = status("log record 0: invalid trace id");
        receiver.answer(r -> Receiver.Answer.body(400, "application/x-protobuf", body));
        Delivery d = deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1)));
        assertEquals(Delivery.Kind.REJECTED, d.kind());
        assertEquals("HTTP 400: log record 0: invalid trace id", d.detail());
    }

    @Test
    void theReasonOfABadRequestInJsonIsKeptForTheLog() throws IOException {
        receiver.answer(r -> Receiver.Answer.body(400, "application/json",
                "{\"code\":3,\"message\":\"unknown field \\\"x\\\"\",\"details\":[]}".getBytes(StandardCharsets.UTF_8)));
        Delivery d = deliver(OtlpProtocol.HTTP_JSON, List.of(streamed(1)));
        assertEquals("HTTP 400: unknown field \"x\"", d.detail());
    }

    @Test
    void anUnreadableAnswerBodyIsNoReasonAndNoError() throws IOException {
        receiver.answer(r -> Receiver.Answer.body(400, "application/x-protobuf", new byte[] {0x12, 0x7f, 'a'}));
        assertEquals("HTTP 400", deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1))).detail());
        receiver.answer(r -> Receiver.Answer.body(200, "application/x-protobuf", new byte[] {0x0a, 0x7f}));
        assertEquals(Delivery.ACCEPTED, deliver(OtlpProtocol.HTTP_PROTOBUF, List.of(streamed(1))));
    }
}
