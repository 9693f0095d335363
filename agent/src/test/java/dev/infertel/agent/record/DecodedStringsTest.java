package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

class DecodedStringsTest {

    /** Each string of {@code bytes} (Chronicle's writeUtf8 form) through {@code strings}. */
    private static List<String> read(DecodedStrings strings, Bytes<?> bytes) {
        byte[] all = bytes.toByteArray();
        List<String> read = new ArrayList<>();
        Bytes<?> lengths = Bytes.wrapForRead(all);
        while (lengths.readRemaining() > 0) {
            int lengthAt = (int) lengths.readPosition();
            long length = lengths.readStopBit();
            if (length < 0) {
                read.add(null);
                continue;
            }
            int offset = (int) lengths.readPosition();
            read.add(length == 0 ? "" : strings.read(all, lengthAt, offset, (int) length));
            lengths.readSkip(length);
        }
        return read;
    }

    @Test
    void readsWhatChronicleReads() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> pool = new ArrayList<>(List.of("host-a", "host-b", "x".repeat(128), "y".repeat(129),
                "caf\u00e9", "\u00e9".repeat(100), "\uD83D\uDE00 and a lone \uD800", "12345678", "1234567"));
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(1, 40); n > 0; n--) {
                s.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x80, 0xFFFF) : (char) random.nextInt(0, 0x80));
            }
            pool.add(s.toString());
        }
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        for (int i = 0; i < 20_000; i++) {
            bytes.writeUtf8(pool.get(random.nextInt(pool.size())));
        }
        Bytes<?> copy = Bytes.allocateElasticOnHeap();
        copy.write(bytes, bytes.readPosition(), bytes.readRemaining());
        List<String> expected = new ArrayList<>();
        while (copy.readRemaining() > 0) {
            expected.add(copy.readUtf8());
        }
        assertEquals(expected, read(new DecodedStrings(), bytes));
    }

    @Test
    void sameBytesGiveTheSameInstanceAndOtherBytesAnother() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        bytes.writeUtf8("host-a");
        bytes.writeUtf8("caf\u00e9");
        bytes.writeUtf8("host-a");
        bytes.writeUtf8("caf\u00e9");
        bytes.writeUtf8("host-b");
        List<String> read = read(new DecodedStrings(), bytes);
        assertSame(read.get(0), read.get(2));
        assertSame(read.get(1), read.get(3));
        assertNotSame(read.get(0), read.get(4));
        assertEquals(List.of("host-a", "caf\u00e9", "host-a", "caf\u00e9", "host-b"), read);
    }
}
