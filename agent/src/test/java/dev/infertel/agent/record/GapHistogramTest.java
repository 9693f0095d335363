package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GapHistogramTest {

    @Test
    void valuesBelow256NanosHaveTheirOwnBucket() {
        for (long v = 0; v < 256; v++) {
            assertEquals(v, GapHistogram.lowest(GapHistogram.index(v)));
            assertEquals(1, GapHistogram.width(GapHistogram.index(v)));
            assertEquals((double) v, GapHistogram.midpoint(GapHistogram.index(v)));
        }
    }

    @Test
    void everyValueLiesInItsBucketAndTheMidpointIsWithinTheStatedError() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long v = (long) Math.exp(random.nextDouble() * Math.log(1e12));
            int b = GapHistogram.index(v);
            long lo = GapHistogram.lowest(b);
            assertTrue(lo <= v && v < lo + GapHistogram.width(b), () -> v + " not in bucket " + b);
            double mid = GapHistogram.midpoint(b);
            assertTrue(Math.abs(mid - v) <= GapHistogram.RELATIVE_ERROR * v, () -> v + " reported as " + mid);
        }
        assertEquals(1.0 / 256, GapHistogram.RELATIVE_ERROR);
    }

    @Test
    void bucketsAreContiguous() {
        for (int b = 0; b < 5000; b++) {
            assertEquals(GapHistogram.lowest(b) + GapHistogram.width(b), GapHistogram.lowest(b + 1), "after bucket " + b);
            assertEquals(b, GapHistogram.index(GapHistogram.lowest(b)));
        }
    }

    @Test
    void sortedGapsBecomeSparseBucketsWithCounts() {
        long[] gaps = {5, 5, 300, 301, 1_000_000, 1_000_100, 9_000_000, 0};
        Arrays.sort(gaps);
        GapHistogram h = GapHistogram.ofSortedNanos(gaps, gaps.length);
        // 300 and 301 share a 2 ns wide bucket; 1_000_000 and 1_000_100 share a 4096 ns wide one
        assertEquals(new GapHistogram(
                new int[] {0, 5, GapHistogram.index(300), GapHistogram.index(1_000_000), GapHistogram.index(9_000_000)},
                new int[] {1, 2, 2, 2, 1}), h);
        assertEquals(8, h.totalCount());
        assertEquals(List.of(GapHistogram.index(300)), List.of(GapHistogram.index(301)));
    }
}
