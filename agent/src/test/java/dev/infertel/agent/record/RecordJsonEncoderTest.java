package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The shipper's encoder against the Jackson-generated JSON the sinks wrote before it (still
 * {@link RecordJson#write}, which {@code tail --json} uses): the same bytes for every record, whatever
 * its strings, numbers, nulls and the encoder's caches have seen before.
 */
class RecordJsonEncoderTest {

    private final RandomRecords random = new RandomRecords(20261123);

    static byte[] jackson(TelemetryRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = RecordJson.factory().createGenerator(out)) {
            RecordJson.write(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void sameBytesAsJacksonForRandomRecords() {
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes out = new JsonBytes(16);
        for (int i = 0; i < 30_000; i++) {
            TelemetryRecord r = random.next();
            // twice, so the second write goes through the caches the first one filled
            for (int round = 0; round < 2; round++) {
                out.reset();
                encoder.write(r, out);
                String expected = new String(jackson(r), StandardCharsets.UTF_8);
                assertEquals(expected, out.toString(), "record " + i + " write " + round + ": " + r);
                assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, out.size());
            }
        }
    }

    @Test
    void recordsAppendOneAfterAnother() {
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes out = new JsonBytes(16);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            TelemetryRecord r = random.next();
            encoder.write(r, out);
            out.raw((byte) '\n');
            expected.append(new String(jackson(r), StandardCharsets.UTF_8)).append('\n');
        }
        assertEquals(expected.toString(), out.toString());
    }
}
