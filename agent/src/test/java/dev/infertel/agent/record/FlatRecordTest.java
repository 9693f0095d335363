package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The readers' fast paths give the same fields as the full decoders, on the same bytes. */
class FlatRecordTest {

    private final RandomRecords random = new RandomRecords(11);

    static java.util.List<String> describe(FlatRecord r) {
        return java.util.Arrays.asList(Long.toHexString(r.idProcess), Long.toHexString(r.idSequence),
                Long.toString(r.startEpochMicros), esc(r.site), esc(r.engine), esc(r.modelRef), esc(r.tenantId), String.valueOf(r.exit),
                bits(r.firstTokenMs), bits(r.e2eMs), Long.toString(r.tokensIn), Long.toString(r.tokensOut),
                Boolean.toString(r.gpu), r.gpu ? esc(r.gpuName) : "", r.gpu ? Integer.toString(r.gpuCount) : "",
                r.gpu ? bits(r.vramUsedMbPeak) : "", r.gpu ? bits(r.powerWMean) : "", r.gpu ? bits(r.energyJ) : "",
                bits(r.cost), bits(r.energyCost), esc(r.currency),
                Arrays.toString(Arrays.copyOf(r.histBuckets, r.histSize)),
                Arrays.toString(Arrays.copyOf(r.histCounts, r.histSize)));
    }

    private static String esc(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.toString();
    }

    private static String bits(double d) {
        return Double.isNaN(d) ? "NaN" : Double.toString(d);
    }

    static void sameFields(java.util.List<String> expected, java.util.List<String> actual) {
        for (int f = 0; f < expected.size(); f++) {
            assertEquals(expected.get(f), actual.get(f), "field " + f);
        }
    }

    @Test
    void queueFastPathReadsWhatTheFullDecoderReads() {
        RecordDecoder full = new RecordDecoder();
        RecordDecoder fast = new RecordDecoder();
        FlatRecord flat = new FlatRecord();
        FlatRecord expected = new FlatRecord();
        for (int i = 0; i < 20_000; i++) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            RecordCodec.write(bytes, random.next());
            Bytes<?> copy = Bytes.allocateElasticOnHeap();
            copy.write(bytes, bytes.readPosition(), bytes.readRemaining());
            fast.readFlat(bytes, flat);
            sameFields(describe(expected.set(full.read(copy))), describe(flat));
            assertEquals(0, bytes.readRemaining());
        }
    }

    /** A newer writer's section after the known ones (trace ids, metadata) does not stop the fast path. */
    @Test
    void queueFastPathIgnoresSectionsAfterTheOnesItKnows() {
        for (int i = 0; i < 200; i++) {
            TelemetryRecord r = random.next();
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            RecordCodec.write(bytes, r);
            Bytes<?> copy = Bytes.allocateElasticOnHeap();
            copy.write(bytes, bytes.readPosition(), bytes.readRemaining());
            bytes.writeUtf8("a section of a newer layout");
            FlatRecord flat = new FlatRecord();
            new RecordDecoder().readFlat(bytes, flat);
            assertEquals(describe(new FlatRecord().set(new RecordDecoder().read(copy))), describe(flat));
        }
    }

    @Test
    void jsonFastPathReadsWhatTheRecordReaderReads() throws Exception {
        FlatRecordJson json = new FlatRecordJson();
        FlatRecord flat = new FlatRecord();
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = RecordJson.toJson(random.next());
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            TelemetryRecord full;
            try {
                // what a file holds: the UTF-8 bytes (a lone surrogate is '?' there)
                full = RecordJson.read(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                continue; // not JSON the contract allows (NaN, an id or time the reader refuses)
            }
            json.read(bytes, 0, bytes.length, flat);
            assertEquals(describe(new FlatRecord().set(full)), describe(flat));
            compared++;
        }
        assertTrue(compared > 5_000, "compared " + compared);
    }

    @Test
    void jsonFastPathSkipsFieldsItDoesNotKnow() throws Exception {
        TelemetryRecord r = RecordFormatsTest.plainError();
        String text = RecordJson.toJson(r);
        String newer = "{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"metadata\":{\"team\":[\"a\",{\"b\":1}]},"
                + text.substring(1, text.length() - 1) + ",\"resource\":{\"service.name\":\"x\"},\"span_id\":null}";
        byte[] bytes = newer.getBytes(StandardCharsets.UTF_8);
        FlatRecord flat = new FlatRecord();
        new FlatRecordJson().read(bytes, 0, bytes.length, flat);
        assertEquals(describe(new FlatRecord().set(r)), describe(flat));
    }

    @Test
    void jsonWithoutTheRequiredFieldsIsAnError() {
        byte[] bytes = "{\"record_id\":\"0000000000000001-000000000001\",\"exit\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> new FlatRecordJson().read(bytes, 0, bytes.length, new FlatRecord()));
    }

    @Test
    void daysFromCivilMatchesTheJdk() {
        for (int y = 1; y < 9999; y += 7) {
            for (int m = 1; m <= 12; m++) {
                assertEquals(java.time.LocalDate.of(y, m, 28).toEpochDay(), FlatRecordJson.daysFromCivil(y, m, 28));
            }
        }
    }
}
