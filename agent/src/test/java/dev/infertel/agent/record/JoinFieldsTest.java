package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The join part of a record: span ids and labels, in the queue and in JSON, and what older readers make of it. */
class JoinFieldsTest {

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String SPAN = "00f067aa0ba902b7";

    static JoinFields joins() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("team", "search");
        metadata.put("deployment", "blue");
        return new JoinFields(TRACE, SPAN, metadata, Map.of("service.name", "checkout"));
    }

    static TelemetryRecord joined() {
        return RecordFormatsTest.streamedPriced().withJoins(joins());
    }

    @Test
    void binaryRoundTripKeepsTheJoinFields() {
        for (TelemetryRecord r : List.of(joined(), RecordFormatsTest.plainError().withJoins(
                new JoinFields(null, null, Map.of("team", "search"), null)))) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            RecordCodec.write(bytes, r);
            assertEquals(r, RecordCodec.read(bytes));
        }
    }

    @Test
    void aRecordWrittenWithoutTheSectionHasNoJoinFields() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        RecordCodec.write(bytes, RecordFormatsTest.streamedPriced());
        assertEquals(0, bytes.readByte(1) & RecordCodec.HAS_JOIN);
        TelemetryRecord r = RecordCodec.read(bytes);
        assertNull(r.joins());
        assertNull(r.traceId());
    }

    /** The section is last and announced by a flag the older reader does not test: it reads all the rest. */
    @Test
    void aReaderOlderThanTheSectionReadsTheRestOfTheRecord() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        RecordCodec.write(bytes, joined());
        assertEquals(RecordCodec.LAYOUT, bytes.readByte(0));
        assertEquals(joined().withJoins(null), ChronicleRecordReader.read(bytes, false));
    }

    @Test
    void anInvalidSpanIsNoSpan() {
        JoinFields zero = new JoinFields("0".repeat(32), "0".repeat(16), Map.of("team", "search"), null);
        assertFalse(zero.hasSpan());
        assertNull(zero.spanId());
        assertFalse(new JoinFields(TRACE.toUpperCase(), SPAN, null, null).hasSpan());
        assertFalse(new JoinFields(TRACE, "0".repeat(16), null, null).hasSpan());
        assertFalse(new JoinFields(TRACE.substring(1), SPAN, null, null).hasSpan());
        assertNull(RecordFormatsTest.plainError().withJoins(new JoinFields("0".repeat(32), SPAN, null, null)).joins());
    }

    @Test
    void jsonCarriesTheIdsAndTheLabelsInOrder() {
        String json = RecordJson.toJson(joined());
        assertTrue(json.endsWith(",\"trace_id\":\"" + TRACE + "\",\"span_id\":\"" + SPAN
                + "\",\"metadata\":{\"team\":\"search\",\"deployment\":\"blue\"},\"resource\":{\"service.name\":\"checkout\"}}"),
                json);
        assertEquals(joined(), RecordJson.read(json));
        assertFalse(RecordJson.toJson(RecordFormatsTest.streamedPriced()).contains("trace_id"));
    }

    @Test
    void idsWithLeadingZerosSurviveTheQueue() {
        TelemetryRecord r = RecordFormatsTest.plainError().withJoins(
                new JoinFields("0000000000000000000000000000000a", "0000000000000001", null, null));
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        RecordCodec.write(bytes, r);
        assertEquals("0000000000000000000000000000000a", RecordCodec.read(bytes).traceId());
        assertEquals("0000000000000001", RecordCodec.read(bytesOf(r)).spanId());
    }

    private static Bytes<?> bytesOf(TelemetryRecord r) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        RecordCodec.write(bytes, r);
        return bytes;
    }

    @Test
    void theFastEncoderWritesWhatJacksonWrites() {
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes out = new JsonBytes(1024);
        for (int i = 0; i < 3; i++) { // strings are cached from the second record on
            out.reset();
            encoder.write(joined(), out);
            assertEquals(RecordJson.toJson(joined()), new String(out.array(), 0, out.size(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
