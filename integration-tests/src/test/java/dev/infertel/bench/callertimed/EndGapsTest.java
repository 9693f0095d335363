package dev.infertel.bench.callertimed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndGapsTest {

    // the app's anchor: nanoTime 1_000_000 is epoch micros 5_000_000
    private static final RunSamples RUN = new RunSamples(5_000_000L, 1_000_000L, Map.of());

    private static RunSamples.Call call(String thread, int seq, long startMicrosAfterAnchor, long endMicrosAfterAnchor) {
        return new RunSamples.Call(thread, seq, 1_000_000L + startMicrosAfterAnchor * 1_000, 1_000_000L + endMicrosAfterAnchor * 1_000);
    }

    @Test
    void aThreadsKthCallPairsWithItsKthRecordAndOnlyTheSecondHalfCounts() {
        // listed out of order: pairing goes by seq, not by the order of the lines
        List<RunSamples.Call> calls = List.of(
                call("t-0", 1, 100, 120), call("t-0", 0, 0, 20), call("t-0", 3, 300, 330), call("t-0", 2, 200, 220));
        AgentEnds.Calls records = new AgentEnds.Calls(
                new double[] {5_000_001, 5_000_101, 5_000_201, 5_000_301},
                new double[] {5_000_018, 5_000_118, 5_000_215, 5_000_320});

        EndGaps.Result r = EndGaps.of(RUN, calls, Map.of("t-0", records));

        assertArrayEquals(new double[] {5, 10}, r.gapsMicros(), 1e-9);
        // caller 20 us vs record 14 us; caller 30 us vs record 19 us
        assertArrayEquals(new double[] {6, 11}, r.boundsMicros(), 1e-9);
        assertEquals(List.of(), r.unmatchedThreads());
    }

    @Test
    void aThreadWithARecordMissingIsLeftOutNotPairedWrongly() {
        List<RunSamples.Call> calls = List.of(call("t-0", 0, 0, 20), call("t-0", 1, 100, 120), call("t-1", 0, 0, 20), call("t-1", 1, 50, 70));
        Map<String, AgentEnds.Calls> records = Map.of(
                "t-0", new AgentEnds.Calls(new double[] {5_000_101}, new double[] {5_000_118}),
                "t-1", new AgentEnds.Calls(new double[] {5_000_001, 5_000_051}, new double[] {5_000_019, 5_000_069}));

        EndGaps.Result r = EndGaps.of(RUN, calls, records);

        assertArrayEquals(new double[] {1}, r.gapsMicros(), 1e-9);
        assertEquals(List.of("t-0 (2 calls, 1 records)"), r.unmatchedThreads());
    }

    @Test
    void percentilesAreNearestRank() {
        double[] values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        assertEquals(5, Percentiles.of(values, 0.50));
        assertEquals(10, Percentiles.of(values, 0.99));
        assertEquals(2.5, Percentiles.median(new double[] {3, 1, Double.NaN, 2, 4}));
    }

    @Test
    void oursMeetsTheGoalAtOneFifthOfOtelsAddedLatency() {
        assertEquals("met", CallerTimedReport.verdict(2.0, 10.0));
        assertEquals("MISSED", CallerTimedReport.verdict(2.1, 10.0));
        assertEquals("met", CallerTimedReport.verdict(-1.0, 10.0));
        assertEquals("MISSED", CallerTimedReport.verdict(1.0, -3.0));
    }
}
