package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void numbersAreTheJdksText() {
        JsonBytes out = new JsonBytes(16);
        StringBuilder expected = new StringBuilder();
        long[] edges = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (long v : edges) {
            out.number(v);
            expected.append(v).append(' ');
            out.raw((byte) ' ');
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p, 10 * p - 1}) {
                out.number(v);
                expected.append(v).append(' ');
                out.raw((byte) ' ');
            }
        }
        for (int i = 0; i < 100_000; i++) {
            long v = switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong(1_000_000);
                default -> random.nextLong() >> random.nextInt(64);
            };
            out.number(v);
            expected.append(v).append(' ');
            out.raw((byte) ' ');
        }
        assertEquals(expected.toString(), out.toString());
    }

    @Test
    void intArraysAreCommaSeparatedNumbers() {
        JsonBytes out = new JsonBytes(16);
        for (int i = 0; i < 2_000; i++) {
            int[] values = random.ints(random.nextInt(0, 40), Integer.MIN_VALUE, Integer.MAX_VALUE)
                    .map(v -> v >> random.nextInt(32)).toArray();
            if (i == 0) {
                values = new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1};
            }
            out.reset();
            out.numbers(values);
            assertEquals(Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                    out.toString());
        }
    }

    @Test
    void fixedWidthDigitsAndFractions() {
        JsonBytes out = new JsonBytes(4);
        out.digits(42, 6);
        out.raw((byte) ' ');
        out.fraction(50, 3);
        out.raw((byte) ' ');
        out.fraction(123456, 6);
        out.raw((byte) ' ');
        out.hex(0xabcdef0123456789L, 16);
        out.raw((byte) ' ');
        out.hex(-1, 12);
        assertEquals("000042 05 123456 abcdef0123456789 ffffffffffff", out.toString());
    }
}
