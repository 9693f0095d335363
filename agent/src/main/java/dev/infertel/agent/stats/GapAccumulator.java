package dev.infertel.agent.stats;

import dev.infertel.agent.record.GapHistogram;
import java.util.Arrays;

/**
 * The inter-chunk gaps of many calls merged: the sum of their {@link GapHistogram}s. Percentiles are
 * nearest-rank over every gap, reported as the midpoint of the bucket holding that gap, so within
 * {@link GapHistogram#RELATIVE_ERROR} of the exact nearest-rank gap.
 */
public final class GapAccumulator {

    private long[] counts = new long[1024];
    private long total;

    public void add(GapHistogram h) {
        for (int i = 0; i < h.size(); i++) {
            int b = h.bucket(i);
            if (b >= counts.length) {
                counts = Arrays.copyOf(counts, Math.max(b + 1, counts.length * 2));
            }
            counts[b] += h.count(i);
            total += h.count(i);
        }
    }

    public long total() {
        return total;
    }

    /** The p-th percentile gap in milliseconds; null when there is no gap. */
    public Double percentileMs(double p) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, Math.min(total, (long) Math.ceil(p / 100.0 * total)));
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return GapHistogram.midpoint(b) / 1e6;
            }
        }
        throw new IllegalStateException("rank beyond the count");
    }

    /** Bucket counts for charts: {lower bound ms, count} of every non-empty bucket, ascending. */
    public double[][] bucketsMs() {
        int n = 0;
        for (long c : counts) {
            n += c > 0 ? 1 : 0;
        }
        double[][] out = new double[n][];
        int k = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                out[k++] = new double[] {GapHistogram.midpoint(b) / 1e6, counts[b]};
            }
        }
        return out;
    }
}
