package dev.infertel.agent.metrics;

import java.util.Arrays;

/**
 * A cumulative histogram over fixed bounds: a count per bucket (value at most the bound; the last
 * bucket is +Inf), the sum and the count. Fed by one thread at a time (the recorder's), read by the
 * scrape: plain locking is enough off the application's thread.
 */
public final class Histogram {

    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double[] bounds) {
        this.bounds = bounds;
        this.counts = new long[bounds.length + 1];
    }

    public synchronized void observe(double value, long times) {
        counts[bucketOf(bounds, value)] += times;
        sum += value * times;
        count += times;
    }

    public void observe(double value) {
        observe(value, 1);
    }

    static int bucketOf(double[] bounds, double value) {
        int i = Arrays.binarySearch(bounds, value);
        return i >= 0 ? i : -i - 1;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(bounds, counts.clone(), sum, count);
    }

    /** Counts per bucket (not cumulative), {@code bounds.length + 1} of them. */
    public record Snapshot(double[] bounds, long[] counts, double sum, long count) {
        public long cumulative(int bucket) {
            long c = 0;
            for (int i = 0; i <= bucket; i++) {
                c += counts[i];
            }
            return c;
        }
    }
}
