package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSinkTest {

    private final Receiver receiver;

    HttpSinkTest() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    static TelemetryRecord record(long seq) {
        return new TelemetryRecord(7, seq, 1_700_000_000_000_000L + seq, "site-a", "vllm", "0.6", "llama", Exit.OK, null,
                12.5, 100.0, 4, null, 10L, 20L, TelemetryRecord.TokensSource.USAGE, "stop", "tenant-1", "main", 42,
                "host-a", null);
    }

    private HttpSink sink(SinkConfig.Format format, boolean gzip, Map<String, String> headers, Map<String, String> env) {
        SinkConfig.HttpSettings s = new SinkConfig.HttpSettings(headers, gzip, Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new HttpSink(new SinkConfig.Http("h", receiver.uri("/ingest"), format, s, SinkConfig.Batching.REMOTE),
                env::get);
    }

    @Test
    void postsABatchAsNdjsonWithHeadersFromTheEnvironment() {
        try (HttpSink sink = sink(SinkConfig.Format.NDJSON, false,
                Map.of("Authorization", "Bearer ${env:TOKEN}", "X-Team", "infra"), Map.of("TOKEN", "s3cret"))) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(List.of(record(1), record(2))));
        }
        Receiver.Request r = receiver.requests.get(0);
        assertEquals("/ingest", r.path());
        assertEquals("Bearer s3cret", r.header("Authorization"));
        assertEquals("infra", r.header("X-Team"));
        assertEquals("application/x-ndjson", r.header("Content-Type"));
        List<String> lines = r.text().lines().toList();
        assertEquals(2, lines.size());
        assertEquals(2, RecordJson.read(lines.get(1)).idSequence());
    }

    @Test
    void postsAJsonArrayGzipped() throws IOException {
        try (HttpSink sink = sink(SinkConfig.Format.JSON_ARRAY, true, Map.of(), Map.of())) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(List.of(record(1), record(2), record(3))));
        }
        Receiver.Request r = receiver.requests.get(0);
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("application/json", r.header("Content-Type"));
        List<Long> seqs = new ArrayList<>();
        try (JsonParser p = RecordJson.factory().createParser(r.body())) {
            assertEquals(JsonToken.START_ARRAY, p.nextToken());
            while (p.nextToken() == JsonToken.START_OBJECT) {
                seqs.add(RecordJson.read(p).idSequence());
            }
        }
        assertEquals(List.of(1L, 2L, 3L), seqs);
    }

    @Test
    void anUnsetVariableTurnsTheSinkOffNamingTheHeaderNotAValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sink(SinkConfig.Format.NDJSON, false, Map.of("Authorization", "Bearer ${env:NOPE}"), Map.of()));
        assertTrue(e.getMessage().contains("Authorization"), e.getMessage());
    }

    @Test
    void serverErrorsAndTimeoutsAreRetried() {
        receiver.answer(r -> Receiver.Answer.status(500));
        try (HttpSink sink = sink(SinkConfig.Format.NDJSON, false, Map.of(), Map.of())) {
            assertEquals(Delivery.Kind.RETRY, sink.deliver(List.of(record(1))).kind());
        }
        receiver.answer(r -> Receiver.Answer.status(408));
        try (HttpSink sink = sink(SinkConfig.Format.NDJSON, false, Map.of(), Map.of())) {
            assertEquals(Delivery.Kind.RETRY, sink.deliver(List.of(record(1))).kind());
        }
    }

    @Test
    void clientErrorsOtherThan408And429AreRejectedForGood() {
        for (int status : new int[] {400, 401, 403, 404, 413}) {
            receiver.answer(r -> Receiver.Answer.status(status));
            try (HttpSink sink = sink(SinkConfig.Format.NDJSON, false, Map.of(), Map.of())) {
                Delivery d = sink.deliver(List.of(record(1)));
                assertEquals(Delivery.Kind.REJECTED, d.kind(), "HTTP " + status);
            }
        }
    }

    @Test
    void retryAfterIsReadOn429And503() {
        receiver.answer(r -> new Receiver.Answer(429, Map.of("Retry-After", "3")));
        try (HttpSink sink = sink(SinkConfig.Format.NDJSON, false, Map.of(), Map.of())) {
            Delivery d = sink.deliver(List.of(record(1)));
            assertEquals(Delivery.Kind.RETRY, d.kind());
            assertEquals(3000, d.retryAfterMillis());
        }
        assertEquals(Delivery.Kind.RETRY, HttpPoster.judge(503, Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")).kind());
        assertEquals(0, HttpPoster.judge(503, Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")).retryAfterMillis());
        assertEquals(-1, HttpPoster.judge(503, Optional.of("soon")).retryAfterMillis());
    }

    @Test
    void aReceiverThatIsNotThereIsRetried() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SinkConfig.HttpSettings s = new SinkConfig.HttpSettings(Map.of("Authorization", "Bearer ${env:TOKEN}"), false,
                Duration.ofMillis(500), Duration.ofMillis(500));
        try (HttpSink sink = new HttpSink(new SinkConfig.Http("h", URI.create("http://127.0.0.1:" + port + "/x"),
                SinkConfig.Format.NDJSON, s, SinkConfig.Batching.REMOTE), Map.of("TOKEN", "s3cret")::get)) {
            Delivery d = sink.deliver(List.of(record(1)));
            assertEquals(Delivery.Kind.RETRY, d.kind());
            assertFalse(d.detail().contains("s3cret"), d.detail());
        }
    }
}
