package dev.infertel.agent.stats;

import java.util.Arrays;

/** Exact nearest-rank percentiles: the smallest value such that at least p % of the values are no larger. */
public final class Percentiles {

    private final double[] sorted;

    public Percentiles(double[] values, int n) {
        this.sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** Null when there are no values. */
    public Double at(double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }
}
