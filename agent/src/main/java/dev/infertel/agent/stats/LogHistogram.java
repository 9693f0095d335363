package dev.infertel.agent.stats;

import dev.infertel.agent.record.GapHistogram;
import java.util.Arrays;

/**
 * Counts of nanosecond values in the buckets of {@link GapHistogram} (log-linear, 128 per power of
 * two): mergeable, and its size depends on the range of the values, never on their number. Only the
 * buckets from the lowest to the highest seen are held (some 1 300 for values from 10 ms to 10 s).
 * Percentiles are nearest-rank over the counts, reported as the midpoint of the bucket holding that
 * rank, so within {@link GapHistogram#RELATIVE_ERROR} (0.39 %) of the exact nearest-rank value, and
 * exact below 256 ns. Not thread-safe.
 */
public final class LogHistogram {

    private long[] counts = new long[0];
    /** Bucket index of {@code counts[0]}. */
    private int base;
    private long total;

    /** The bucket of a duration in milliseconds: rounded to the nanosecond, then bucketed. */
    public static int bucketOfMs(double ms) {
        return GapHistogram.index((long) Math.floor(ms * 1e6 + 0.5));
    }

    public void addMs(double ms) {
        add(bucketOfMs(ms), 1);
    }

    public void add(int bucket, long count) {
        if (counts.length == 0) {
            counts = new long[16];
            base = Math.max(0, bucket - 8);
        } else if (bucket < base || bucket >= base + counts.length) {
            grow(bucket);
        }
        counts[bucket - base] += count;
        total += count;
    }

    private void grow(int bucket) {
        int low = Math.min(base, bucket);
        int high = Math.max(base + counts.length - 1, bucket);
        // leave room on the side that grew, so a slowly widening range does not copy on every value
        int span = high - low + 1;
        int extra = Math.max(16, span / 2);
        int newBase = bucket < base ? Math.max(0, low - extra) : low;
        int newLength = (bucket < base ? high - newBase + 1 : span + extra);
        long[] grown = new long[newLength];
        System.arraycopy(counts, 0, grown, base - newBase, counts.length);
        counts = grown;
        base = newBase;
    }

    public void merge(LogHistogram other) {
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                add(other.base + i, other.counts[i]);
            }
        }
    }

    public long total() {
        return total;
    }

    /** The p-th percentile in milliseconds (bucket midpoint of the nearest-rank value); null when empty. */
    public Double percentileMs(double p) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, Math.min(total, (long) Math.ceil(p / 100.0 * total)));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return GapHistogram.midpoint(base + i) / 1e6;
            }
        }
        throw new IllegalStateException("rank beyond the count");
    }

    /** {midpoint ms, count} of every non-empty bucket, ascending: the distribution for charts. */
    public double[][] bucketsMs() {
        int n = 0;
        for (long c : counts) {
            n += c > 0 ? 1 : 0;
        }
        double[][] out = new double[n][];
        int k = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out[k++] = new double[] {GapHistogram.midpoint(base + i) / 1e6, counts[i]};
            }
        }
        return out;
    }

    /** Bytes held, for the memory figures. */
    long footprintBytes() {
        return 16L + 8L * counts.length;
    }

    @Override
    public String toString() {
        return "LogHistogram[total=" + total + ", base=" + base + ", " + Arrays.toString(counts) + "]";
    }
}
