package dev.infertel.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import dev.infertel.agent.config.MetricsConfig;
import dev.infertel.agent.config.MetricsConfig.Temporality;
import dev.infertel.agent.config.OtlpProtocol;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.otlp.ProtoWriter;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.Delivery;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the OTLP metrics export sends, decoded by the OpenTelemetry protobuf classes. */
class OtlpMetricsExporterTest {

    private record Request(String path, String contentType, byte[] body) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private final HttpServer server;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), false);
    private final CallMetrics calls = new CallMetrics(1000, false);

    OtlpMetricsExporterTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Content-Type"),
                        in.readAllBytes()));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static TelemetryRecord call(String model, Exit exit, double e2eMs, Double firstTokenMs, Long in, Long out) {
        return new TelemetryRecord(7, 1, 1_000_000L, "chat", "vllm", null, model, exit,
                exit == Exit.ERROR ? "java.io.IOException" : null, firstTokenMs, e2eMs, 0, null, in, out, null, null,
                null, "t", 1, "h", null);
    }

    private OtlpMetricsExporter exporter(Temporality temporality, OtlpProtocol protocol) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        MetricsConfig.Otlp config = new MetricsConfig.Otlp(endpoint, 3_600_000, temporality, protocol, "checkout-api",
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(2)));
        return new OtlpMetricsExporter(config, calls, AgentHealth.none(), new OtlpResource("checkout-api", "gpu-box", 42),
                log, k -> null);
    }

    private ExportMetricsServiceRequest lastRequest() throws IOException {
        Request r = requests.get(requests.size() - 1);
        assertEquals("/v1/metrics", r.path());
        assertEquals("application/x-protobuf", r.contentType());
        return ExportMetricsServiceRequest.parseFrom(r.body());
    }

    private static Metric metric(ExportMetricsServiceRequest req, String name) {
        for (Metric m : req.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> m = new HashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return m;
    }

    private static HistogramDataPoint point(Metric m, String key, String value) {
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
            if (value.equals(attributes(p.getAttributesList()).get(key))) {
                return p;
            }
        }
        throw new AssertionError("no point with " + key + "=" + value + " in " + m.getName());
    }

    private static List<Double> bounds(double[] b) {
        List<Double> out = new ArrayList<>();
        for (double d : b) {
            out.add(d);
        }
        return out;
    }

    @Test
    void aCumulativeExportCarriesTheRecordedCallsWithTheGenAiNames() throws IOException {
        calls.accept(call("m1", Exit.OK, 5, 2.0, 10L, 3L));
        calls.accept(call("m1", Exit.OK, 20, 2.0, 100L, 30L));
        calls.accept(call("m1", Exit.OK, 20, null, null, null));
        calls.accept(call("m1", Exit.OK, 100_000, null, 5000L, 1L));
        calls.accept(call("m2", Exit.ERROR, 1000, null, null, null));
        try (OtlpMetricsExporter e = exporter(Temporality.CUMULATIVE, OtlpProtocol.HTTP_PROTOBUF)) {
            assertEquals(Delivery.ACCEPTED, e.export());
            ExportMetricsServiceRequest req = lastRequest();
            Map<String, String> resource = attributes(req.getResourceMetrics(0).getResource().getAttributesList());
            assertEquals("checkout-api", resource.get("service.name"));
            assertEquals("gpu-box", resource.get("host.name"));

            Metric duration = metric(req, "gen_ai.client.operation.duration");
            assertEquals("s", duration.getUnit());
            assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                    duration.getHistogram().getAggregationTemporality());
            assertEquals(2, duration.getHistogram().getDataPointsCount());
            HistogramDataPoint m1 = point(duration, "gen_ai.request.model", "m1");
            assertEquals(4, m1.getCount());
            assertEquals(0.005 + 0.02 + 0.02 + 100, m1.getSum(), 1e-9);
            assertEquals(bounds(Buckets.SECONDS), m1.getExplicitBoundsList());
            long[] expected = new long[Buckets.SECONDS.length + 1];
            expected[0] = 1; // 5 ms <= 0.01 s
            expected[1] = 2; // 20 ms: a bound is inclusive
            expected[Buckets.SECONDS.length] = 1; // 100 s: past the last bound
            assertEquals(java.util.Arrays.stream(expected).boxed().toList(), m1.getBucketCountsList());
            assertEquals("chat", attributes(m1.getAttributesList()).get("gen_ai.operation.name"));
            assertEquals("vllm", attributes(m1.getAttributesList()).get("gen_ai.provider.name"));
            HistogramDataPoint m2 = point(duration, "gen_ai.request.model", "m2");
            assertEquals("java.io.IOException", attributes(m2.getAttributesList()).get("error.type"));
            assertTrue(m1.getStartTimeUnixNano() > 0 && m1.getTimeUnixNano() >= m1.getStartTimeUnixNano());

            Metric tokens = metric(req, "gen_ai.client.token.usage");
            assertEquals("{token}", tokens.getUnit());
            assertEquals(5110, point(tokens, "gen_ai.token.type", "input").getSum(), 0);
            assertEquals(3, point(tokens, "gen_ai.token.type", "input").getCount());
            assertEquals(34, point(tokens, "gen_ai.token.type", "output").getSum(), 0);

            Metric ttfc = metric(req, "gen_ai.client.operation.time_to_first_chunk");
            assertEquals(2, ttfc.getHistogram().getDataPoints(0).getCount(), "only the calls that had a first chunk");

            Metric callCount = metric(req, "infertel.client.calls");
            assertTrue(callCount.getSum().getIsMonotonic());
            long total = 0;
            for (NumberDataPoint p : callCount.getSum().getDataPointsList()) {
                total += p.getAsInt();
            }
            assertEquals(5, total);
        }
    }

    @Test
    void aDeltaExportCarriesOnlyWhatCameSinceTheLastOne() throws IOException {
        calls.accept(call("m1", Exit.OK, 5, null, null, null));
        try (OtlpMetricsExporter e = exporter(Temporality.DELTA, OtlpProtocol.HTTP_PROTOBUF)) {
            e.export();
            HistogramDataPoint first = metric(lastRequest(), "gen_ai.client.operation.duration").getHistogram()
                    .getDataPoints(0);
            assertEquals(1, first.getCount());
            calls.accept(call("m1", Exit.OK, 30, null, null, null));
            e.export();
            Metric duration = metric(lastRequest(), "gen_ai.client.operation.duration");
            assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                    duration.getHistogram().getAggregationTemporality());
            HistogramDataPoint second = duration.getHistogram().getDataPoints(0);
            assertEquals(1, second.getCount());
            assertEquals(0.03, second.getSum(), 1e-12);
            assertEquals(1, second.getBucketCounts(2), "30 ms falls in (0.02, 0.04]");
            assertEquals(0, second.getBucketCounts(0), "the first call is not sent again");
            assertEquals(first.getTimeUnixNano(), second.getStartTimeUnixNano(), "each delta starts where the last ended");
            e.export();
            assertEquals(0, metric(lastRequest(), "infertel.client.calls").getSum().getDataPoints(0).getAsInt(),
                    "nothing new");
        }
    }

    @Test
    void whatAFailedDeltaExportCarriedGoesOutWithTheNext() throws IOException {
        calls.accept(call("m1", Exit.OK, 5, null, null, null));
        try (OtlpMetricsExporter e = exporter(Temporality.DELTA, OtlpProtocol.HTTP_PROTOBUF)) {
            status = 503;
            assertEquals(Delivery.Kind.RETRY, e.export().kind());
            calls.accept(call("m1", Exit.OK, 5, null, null, null));
            status = 200;
            e.export();
            assertEquals(2, metric(lastRequest(), "gen_ai.client.operation.duration").getHistogram().getDataPoints(0)
                    .getCount());
            assertTrue(logged.toString(StandardCharsets.UTF_8).contains("HTTP 503"), logged.toString());
        }
    }

    @Test
    void theJsonEncodingHoldsExactlyWhatTheProtobufOneHolds() throws IOException {
        calls.accept(call("m1", Exit.OK, 5, 1.0, 10L, 3L));
        calls.accept(call("m\u00e8", Exit.ERROR, 70_000, null, null, null));
        AgentHealth health = new AgentHealth(() -> 12, () -> 1,
                () -> List.of(new AgentHealth.Sink("otlp-0", 10, 2, 1, 0, 1_000, 500)));
        OtlpMetricsCollector collector = new OtlpMetricsCollector(calls, health, Temporality.CUMULATIVE, 1_000_000_000L);
        List<OtlpMetricsCollector.Metric> metrics = collector.collect(2_000_000_000L);
        OtlpResource resource = new OtlpResource("svc", "h", 42);

        ProtoWriter w = new ProtoWriter(64);
        OtlpMetricsProto.write(w, resource, metrics, Temporality.CUMULATIVE);
        ExportMetricsServiceRequest proto = ExportMetricsServiceRequest.parseFrom(w.toByteArray());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = RecordJson.factory().createGenerator(json)) {
            OtlpMetricsJson.write(g, resource, metrics, Temporality.CUMULATIVE);
        }
        ExportMetricsServiceRequest.Builder fromJson = ExportMetricsServiceRequest.newBuilder();
        JsonFormat.parser().merge(json.toString(StandardCharsets.UTF_8), fromJson); // strict
        assertEquals(proto, fromJson.build());
        assertEquals(proto.getSerializedSize(), w.size(), "canonical: no default written");
        assertEquals(1.0, metric(proto, "infertel.agent.sink.lag").getGauge().getDataPoints(0).getAsDouble(),
                "2 s now, last ack at 1 s");
        assertEquals(12, metric(proto, "infertel.agent.records.appended").getSum().getDataPoints(0).getAsInt());
    }

    @Test
    void closingPushesTheLastExport() throws IOException {
        calls.accept(call("m1", Exit.OK, 5, null, null, null));
        OtlpMetricsExporter started = OtlpMetricsExporter.start(new MetricsConfig.Otlp(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics"), 3_600_000,
                Temporality.CUMULATIVE, OtlpProtocol.HTTP_PROTOBUF, "s",
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(2))),
                calls, AgentHealth.none(), new OtlpResource("s", null, 1), log, k -> null);
        started.close();
        assertEquals(1, requests.size(), "the hour-long interval never came: only the export at close");
        assertEquals(1, metric(lastRequest(), "gen_ai.client.operation.duration").getHistogram().getDataPoints(0)
                .getCount());
    }

    @Test
    void jsonIsSentWithItsContentType() throws IOException {
        calls.accept(call("m1", Exit.OK, 5, null, null, null));
        try (OtlpMetricsExporter e = exporter(Temporality.CUMULATIVE, OtlpProtocol.HTTP_JSON)) {
            assertEquals(Delivery.ACCEPTED, e.export());
        }
        Request r = requests.get(0);
        assertEquals("application/json", r.contentType());
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        JsonFormat.parser().merge(new String(r.body(), StandardCharsets.UTF_8), b);
        assertEquals(1, metric(b.build(), "gen_ai.client.operation.duration").getHistogram().getDataPoints(0).getCount());
    }
}
