package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The bulk reader against the field-by-field Chronicle reader it replaced, on the same bytes. */
class RecordDecoderTest {

    private final RandomRecords random = new RandomRecords(5);

    @Test
    void readsWhatChronicleReadsFieldByField() {
        RecordDecoder decoder = new RecordDecoder();
        for (int i = 0; i < 20_000; i++) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            RecordCodec.write(bytes, random.next());
            Bytes<?> copy = Bytes.allocateElasticOnHeap();
            copy.write(bytes, bytes.readPosition(), bytes.readRemaining());
            assertEquals(ChronicleRecordReader.read(copy), decoder.read(bytes), "record " + i);
            assertEquals(0, bytes.readRemaining());
        }
    }

    @Test
    void leavesTheReadPositionAfterTheRecord() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        List<TelemetryRecord> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            TelemetryRecord r = random.next();
            RecordCodec.write(bytes, r);
            written.add(r);
        }
        Bytes<?> copy = Bytes.allocateElasticOnHeap();
        copy.write(bytes, bytes.readPosition(), bytes.readRemaining());
        RecordDecoder decoder = new RecordDecoder();
        for (int i = 0; i < written.size(); i++) {
            assertEquals(ChronicleRecordReader.read(copy), decoder.read(bytes), "record " + i);
            assertEquals(copy.readPosition(), bytes.readPosition());
        }
    }

    @Test
    void aCutRecordIsAnErrorNotAShorterRecord() {
        RecordDecoder decoder = new RecordDecoder();
        for (int i = 0; i < 200; i++) {
            Bytes<?> whole = Bytes.allocateElasticOnHeap();
            RecordCodec.write(whole, random.next());
            byte[] all = whole.toByteArray();
            for (int cut = 0; cut < all.length; cut++) {
                Bytes<?> bytes = Bytes.allocateElasticOnHeap();
                bytes.write(all, 0, cut);
                assertThrows(IllegalStateException.class, () -> decoder.read(bytes), "record " + i + " cut at " + cut);
            }
        }
    }

    /** A damaged count must not make the reader allocate what the record cannot hold (an Error kills a sink). */
    @Test
    void aCountLargerThanTheRecordIsAnError() {
        TelemetryRecord plain = RecordFormatsTest.plainError();
        for (long count : new long[] {Integer.MAX_VALUE, 1L << 40, -5}) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap();
            RecordCodec.write(bytes, plain);
            bytes.writeByte(1, (byte) (bytes.readByte(1) | RecordCodec.HAS_HIST));
            bytes.writeStopBit(count);
            bytes.write(new byte[64]);
            assertThrows(IllegalStateException.class, () -> new RecordDecoder().read(bytes), "count " + count);
        }
    }
}
