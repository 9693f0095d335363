package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ItlSummaryTest {

    @Test
    void nearestRankPercentilesOfGaps() {
        long[] gaps = new long[100];
        for (int i = 0; i < 100; i++) {
            gaps[i] = (100 - i) * 1_000_000L; // 100 ms .. 1 ms, unsorted on purpose
        }
        ItlSummary s = ItlSummary.ofGapsNanos(gaps, 100);
        assertEquals(50.0, s.p50());
        assertEquals(90.0, s.p90());
        assertEquals(95.0, s.p95());
        assertEquals(99.0, s.p99());
        assertEquals(1.0, s.min());
        assertEquals(100.0, s.max());
        assertEquals(50.5, s.mean());
    }

    @Test
    void oneGapIsEveryPercentile() {
        ItlSummary s = ItlSummary.ofGapsNanos(new long[] {2_500_000L}, 1);
        assertEquals(2.5, s.p50());
        assertEquals(2.5, s.p99());
    }

    @Test
    void noGapNoSummary() {
        assertNull(ItlSummary.ofGapsNanos(new long[0], 0));
    }
}
