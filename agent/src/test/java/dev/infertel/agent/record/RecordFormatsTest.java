package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

class RecordFormatsTest {

    static TelemetryRecord streamed() {
        return new TelemetryRecord(0xabcdef0123456789L, 42, 1_795_000_000_123_456L, "acme-stream", "acme", "1.2.3",
                "gpt-x", Exit.OK, null, 120.5, 520.25, 11, new ItlSummary(40.0, 39.5, 41.0, 42.0, 43.0, 38.0, 44.0),
                17L, 11L, TelemetryRecord.TokensSource.CHUNKS, "stop", null, "main", 1234, "host-a",
                new GpuFields("NVIDIA H100 80GB HBM3", 1, List.of("GPU-1"), 81559.0, 1024.0, 250.0, 260.0, 87.0,
                        61.0, 130.0, "counter", 30.0, 100.0, 0, false));
    }

    static TelemetryRecord streamedPriced() {
        TelemetryRecord r = streamed();
        GapHistogram hist = new GapHistogram(new int[] {3, 900, 2000}, new int[] {1, 7, 2});
        return new TelemetryRecord(r.idProcess(), r.idSequence(), r.startEpochMicros(), r.site(), r.engine(),
                r.engineVersion(), r.modelRef(), r.exit(), r.errorType(), r.firstTokenMs(), r.e2eMs(), r.chunks(),
                r.itl(), r.tokensIn(), r.tokensOut(), r.tokensOutSource(), r.finishReason(), r.tenantId(), r.thread(),
                r.pid(), r.host(), r.gpu(), hist, 0.000123, 0.0000054, "EUR");
    }

    static TelemetryRecord plainError() {
        return new TelemetryRecord(1, 2, 3, "plain", null, null, null, Exit.ERROR, "java.io.IOException", null, 5.0,
                0, null, null, null, null, null, null, "worker-1", 9, null, null);
    }

    @Test
    void layoutOneRecordsAreStillRead() {
        TelemetryRecord r = streamed();
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        RecordCodec.write(bytes, r);
        // a record without histogram and costs is byte for byte layout 1 but for the version byte
        bytes.writeByte(0, (byte) 1);
        assertEquals(r, RecordCodec.read(bytes));
    }

    @Test
    void costsAndGapHistogramAppearInJson() {
        String json = RecordJson.toJson(streamedPriced());
        assertTrue(json.contains("\"itl_hist\":{\"sub_bucket_bits\":7,\"buckets\":[3,900,2000],\"counts\":[1,7,2]}"), json);
        assertTrue(json.contains("\"cost\":1.23E-4") || json.contains("\"cost\":0.000123"), json);
        assertTrue(json.contains("\"currency\":\"EUR\""), json);
        assertFalse(RecordJson.toJson(streamed()).contains("cost"));
    }

    @Test
    void cachedStringsEncodeToTheSameBytesAsFreshOnes() {
        Utf8Cache cache = new Utf8Cache();
        Bytes<?> plain = Bytes.allocateElasticOnHeap();
        RecordCodec.write(plain, streamed());
        byte[] expected = plain.toByteArray();
        // the first write remembers the strings, the second caches them, the third copies the cache
        for (int i = 0; i < 3; i++) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            TelemetryRecord r = streamed();
            RecordCodec.write(bytes, r, cache);
            assertArrayEquals(expected, bytes.toByteArray(), "write " + i);
            assertEquals(r, RecordCodec.read(bytes));
        }
    }

    @Test
    void binaryRoundTripKeepsEveryField() {
        for (TelemetryRecord r : List.of(streamed(), streamedPriced(), plainError())) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            RecordCodec.write(bytes, r);
            assertEquals(r, RecordCodec.read(bytes));
        }
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        for (TelemetryRecord r : List.of(streamed(), streamedPriced(), plainError())) {
            assertEquals(r, RecordJson.read(RecordJson.toJson(r)));
        }
    }

    @Test
    void derivedFiguresFollowTheirDefinitions() {
        TelemetryRecord r = streamed();
        assertEquals(399.75, r.decodeTimeMs());
        assertEquals(39.975, r.tpotMs(), 1e-9);
        assertEquals(11 / 0.52025, r.outputTokensPerS(), 1e-9);
        String json = RecordJson.toJson(r);
        assertTrue(json.contains("\"record_id\":\"abcdef0123456789-00000000002a\""), json);
        assertTrue(json.contains("\"ts\":\"2026-11-18T"), json);
        assertTrue(json.contains("\"energy_per_output_token_j\":11.818182"), json);
        assertTrue(json.contains("\"tokens_per_j\":0.084615"), json);
    }

    @Test
    void gpuFieldsAreAbsentWithoutAGpu() {
        String json = RecordJson.toJson(plainError());
        assertFalse(json.contains("gpu_"), json);
        assertTrue(json.contains("\"first_token_ms\":null"), json);
        assertTrue(json.contains("\"itl_ms\":null"), json);
    }

    @Test
    void timestampsKeepMicroseconds() {
        assertEquals("1970-01-01T00:00:01.000002Z", Timestamps.isoMicros(1_000_002L));
        assertEquals(1_000_002L, Timestamps.parseIsoMicros("1970-01-01T00:00:01.000002Z"));
    }
}
