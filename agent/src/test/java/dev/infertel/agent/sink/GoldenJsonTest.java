package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact bytes every JSON route writes for the same records: the JSONL file, the HTTP bodies and
 * {@code tail --json}. Pinned from the Jackson-generated output the sinks wrote before they had
 * their own encoder; a change here changes what receivers see.
 */
class GoldenJsonTest {

    /** Every field present: GPU window, gap histogram, costs, a quote, a tab and a two-byte character. */
    static final String FULL =
"{\"schema_version\":1,\"record_id\":\"abcdef0123456789-00000000002a\","
            + "\"ts\":\"2026-11-18T11:06:40.123456Z\",\"site\":\"acme-stream\",\"engine\":\"acme\","
            + "\"engine_version\":\"1.2.3\",\"model_ref\":\"gpt-\u00e9 \\\"x\\\"\",\"exit\":\"cancel\","
            + "\"error_type\":\"java.io.InterruptedIOException\",\"first_token_ms\":120.5,\"e2e_ms\":520.25,"
            + "\"decode_time_ms\":399.75,\"chunks\":11,\"itl_ms\":{\"mean\":40.0,\"p50\":39.5,\"p90\":41.0,"
            + "\"p95\":42.0,\"p99\":43.0,\"min\":38.0,\"max\":44.123},\"tokens_in\":17,\"tokens_out\":11,"
            + "\"tokens_out_source\":\"chunks\",\"tpot_ms\":39.975,\"output_tokens_per_s\":21.144,"
            + "\"finish_reason\":\"length\",\"tenant_id\":\"tenant\\t7\",\"thread\":\"pool-1-thread-3\","
            + "\"pid\":1234,\"host\":\"host-a\",\"gpu_name\":\"NVIDIA H100 80GB HBM3\",\"gpu_count\":2,"
            + "\"gpu_uuid\":[\"GPU-1\",\"GPU-2\"],\"vram_total_mb\":81559.0,\"vram_used_mb_peak\":1024.5,"
            + "\"power_w_mean\":250.25,\"power_w_peak\":260.0,\"gpu_util_pct_mean\":87.5,\"temp_c_peak\":61.0,"
            + "\"energy_j\":130.123457,\"energy_method\":\"counter\",\"prefill_energy_j\":30.0,"
            + "\"decode_energy_j\":100.123457,\"energy_per_output_token_j\":11.829405,\"tokens_per_j\":0.084535,"
            + "\"gpu_lost_devices\":1,\"gpu_window_truncated\":true,\"itl_hist\":{\"sub_bucket_bits\":7,"
            + "\"buckets\":[3,900,2000],\"counts\":[1,7,2]},\"cost\":1.23E-4,\"energy_cost\":5.4E-6,"
            + "\"currency\":\"EUR\"}";

    /** Nulls: no chunks, no GPU, no usage, no host. */
    static final String SPARSE =
            "{\"schema_version\":1,\"record_id\":\"0000000000000001-000000000002\","
            + "\"ts\":\"1970-01-01T00:00:00.000003Z\",\"site\":\"plain\",\"engine\":null,\"engine_version\":null,"
            + "\"model_ref\":null,\"exit\":\"error\",\"error_type\":\"java.io.IOException\","
            + "\"first_token_ms\":null,\"e2e_ms\":5.0,\"decode_time_ms\":null,\"chunks\":0,\"itl_ms\":null,"
            + "\"tokens_in\":null,\"tokens_out\":null,\"tokens_out_source\":null,\"tpot_ms\":null,"
            + "\"output_tokens_per_s\":null,\"finish_reason\":null,\"tenant_id\":null,\"thread\":\"worker-1\","
            + "\"pid\":9}";

    /**
     * The edges of the encoding: control characters as six-character escapes with uppercase hex, DEL
     * and '/' as they are, characters outside the BMP and lone surrogates as escaped UTF-16 units,
     * all-ones ids, a timestamp before 1970, a negative zero, E notation, a cost without an energy cost.
     */
    static final String EDGES =
            "{\"schema_version\":1,\"record_id\":\"ffffffffffffffff-ffffffffffff\","
            + "\"ts\":\"1969-12-31T23:59:59.999999Z\",\"site\":\"s\\u0001\\u001F\u007f/\\\\\","
            + "\"engine\":\"\u20ac\",\"engine_version\":\"\",\"model_ref\":\"\\uD83D\\uDE00\",\"exit\":\"reject\","
            + "\"error_type\":null,\"first_token_ms\":0.0,\"e2e_ms\":1.0E9,\"decode_time_ms\":1.0E9,\"chunks\":1,"
            + "\"itl_ms\":null,\"tokens_in\":0,\"tokens_out\":1,\"tokens_out_source\":\"usage\",\"tpot_ms\":null,"
            + "\"output_tokens_per_s\":0.0,\"finish_reason\":null,\"tenant_id\":\"\\uD800\",\"thread\":\"t\","
            + "\"pid\":-5,\"host\":\"h\",\"cost\":1.23456789E7,\"currency\":\"USD\"}";

    @TempDir
    Path dir;

    private final Receiver receiver;

    GoldenJsonTest() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    static TelemetryRecord full() {
        return new TelemetryRecord(0xabcdef0123456789L, 42, 1_795_000_000_123_456L, "acme-stream", "acme", "1.2.3",
                "gpt-\u00e9 \"x\"", Exit.CANCEL, "java.io.InterruptedIOException", 120.5, 520.25, 11,
                new ItlSummary(40.0, 39.5, 41.0, 42.0, 43.0, 38.0, 44.123456), 17L, 11L,
                TelemetryRecord.TokensSource.CHUNKS, "length", "tenant\t7", "pool-1-thread-3", 1234, "host-a",
                new GpuFields("NVIDIA H100 80GB HBM3", 2, List.of("GPU-1", "GPU-2"), 81559.0, 1024.5, 250.25, 260.0,
                        87.5, 61.0, 130.1234567, "counter", 30.0, 100.1234567, 1, true),
                new GapHistogram(new int[] {3, 900, 2000}, new int[] {1, 7, 2}), 0.000123, 0.0000054, "EUR");
    }

    static TelemetryRecord sparse() {
        return new TelemetryRecord(1, 2, 3, "plain", null, null, null, Exit.ERROR, "java.io.IOException", null, 5.0,
                0, null, null, null, null, null, null, "worker-1", 9, null, null);
    }

    static TelemetryRecord edges() {
        return new TelemetryRecord(-1L, (1L << 48) - 1, -1L, "s\u0001\u001f\u007f/\\", "\u20ac", "", "\uD83D\uDE00",
                Exit.REJECT, null, -0.0, 1e9, 1, null, 0L, 1L, TelemetryRecord.TokensSource.USAGE, null, "\uD800", "t",
                -5, "h", null, null, 12345678.9, null, "USD");
    }

    @Test
    void jsonlFileHoldsTheGoldenLines() throws IOException {
        Path out = dir.resolve("records.jsonl");
        try (JsonlSink sink = new JsonlSink("j", out)) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(List.of(full(), sparse(), edges())));
        }
        assertEquals(FULL + "\n" + SPARSE + "\n" + EDGES + "\n", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void httpBodiesAreTheGoldenLines() {
        for (SinkConfig.Format format : SinkConfig.Format.values()) {
            SinkConfig.HttpSettings s = new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(2),
                    Duration.ofSeconds(2));
            try (HttpSink sink = new HttpSink(new SinkConfig.Http("h", receiver.uri("/ingest"), format, s,
                    SinkConfig.Batching.REMOTE), k -> null)) {
                assertEquals(Delivery.ACCEPTED, sink.deliver(List.of(full(), sparse(), edges())));
            }
        }
        assertEquals(FULL + "\n" + SPARSE + "\n" + EDGES + "\n", receiver.requests.get(0).text());
        assertEquals("[" + FULL + "," + SPARSE + "," + EDGES + "]", receiver.requests.get(1).text());
    }

    @Test
    void tailJsonPrintsTheGoldenLines() {
        assertEquals(FULL, RecordJson.toJson(full()));
        assertEquals(SPARSE, RecordJson.toJson(sparse()));
    }
}
