package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

class DecodedStringsTest {

    @Test
    void readsWhatChronicleReads() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> pool = new ArrayList<>();
        pool.add(null);
        pool.add("");
        pool.add("host-a");
        pool.add("host-b");
        pool.add("x".repeat(128));
        pool.add("y".repeat(129));
        pool.add("caf\u00e9");
        pool.add("\uD83D\uDE00 and a lone \uD800");
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(0, 40); n > 0; n--) {
                s.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x80, 0xFFFF) : (char) random.nextInt(0, 0x80));
            }
            pool.add(s.toString());
        }
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String s = pool.get(random.nextInt(pool.size()));
            bytes.writeUtf8(s);
            written.add(s);
        }
        Bytes<?> copy = Bytes.allocateElasticOnHeap();
        copy.write(bytes, bytes.readPosition(), bytes.readRemaining());
        DecodedStrings strings = new DecodedStrings();
        for (String s : written) {
            String expected = copy.readUtf8();
            assertEquals(expected, strings.read(bytes));
            assertEquals(s, expected);
        }
        assertEquals(0, bytes.readRemaining());
    }

    @Test
    void sameBytesGiveTheSameInstanceAndOtherBytesAnother() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        bytes.writeUtf8("host-a");
        bytes.writeUtf8("host-a");
        bytes.writeUtf8("host-b");
        DecodedStrings strings = new DecodedStrings();
        String first = strings.read(bytes);
        assertSame(first, strings.read(bytes));
        assertEquals("host-b", strings.read(bytes));
    }

    @Test
    void aStringCutShortByTheRecordsEndIsAnError() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        bytes.writeStopBit(10);
        bytes.write(new byte[] {'a', 'b', 'c'});
        assertThrows(IllegalStateException.class, () -> new DecodedStrings().read(bytes));
    }

    @Test
    void anEmptyStringAtTheRecordsEndIsRead() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        bytes.writeUtf8("");
        assertEquals("", new DecodedStrings().read(bytes));
    }
}
