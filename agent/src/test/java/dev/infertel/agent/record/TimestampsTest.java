package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter JDK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void arithmeticFormattingMatchesTheJdkFormatter() {
        SplittableRandom random = new SplittableRandom(7);
        long[] fixed = {0L, -1L, 951_782_400_000_000L /* 2000-02-29 */, 4_107_542_399_999_999L /* 2100-02-28T23:59:59.999999 */,
            1_795_000_000_123_456L, -62_135_596_800_000_000L /* year 1 */, 253_402_300_799_999_999L /* 9999-12-31 */};
        for (long micros : fixed) {
            check(micros);
        }
        for (int i = 0; i < 200_000; i++) {
            check(random.nextLong(-62_135_596_800_000_000L, 253_402_300_800_000_000L));
        }
    }

    @Test
    void recordIdsAreZeroPaddedHex() {
        assertEquals("000000000000abcd-000000000007", RecordIds.format(0xabcdL, 7));
        assertEquals("ffffffffffffffff-000000000001", RecordIds.format(-1L, 1));
    }

    private static void check(long micros) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        assertEquals(JDK.format(t), Timestamps.isoMicros(micros), () -> "at " + micros);
    }
}
