package dev.infertel.agent.record;

import java.util.Arrays;

/**
 * The gaps between consecutive chunks of one call (inter-token latency), kept as a sparse
 * log-linear histogram after HdrHistogram, so that readers can merge the gaps of many calls and
 * take percentiles over all of them rather than averaging per-call percentiles.
 *
 * <p>Values are nanoseconds. Below 2^(B+1) = 256 ns (B = {@link #SUB_BUCKET_BITS} = 7) each value has
 * its own bucket. Above, each power of two [2^e, 2^(e+1)) is cut into 2^B = 128 buckets of equal
 * width 2^s with s = e - B: a value v falls into bucket {@code index = s * 128 + (v >> s)}. A bucket
 * is reported by its midpoint, which is within 1/256 (0.39 %) of every value in it
 * ({@link #RELATIVE_ERROR}). Stored as the ascending indices of the non-empty buckets and their counts.
 */
public final class GapHistogram {

    public static final int SUB_BUCKET_BITS = 7;
    /** Largest relative distance between a reported value (bucket midpoint) and a true gap. */
    public static final double RELATIVE_ERROR = 1.0 / (1 << (SUB_BUCKET_BITS + 1));

    private static final int SUB = 1 << SUB_BUCKET_BITS;

    private final int[] buckets;
    private final int[] counts;

    public GapHistogram(int[] buckets, int[] counts) {
        this(check(buckets, counts).clone(), counts.clone(), true);
    }

    /** Over arrays nothing else holds (a decoder's, just filled): checked, not copied. */
    static GapHistogram adopt(int[] buckets, int[] counts) {
        return new GapHistogram(check(buckets, counts), counts, true);
    }

    private static int[] check(int[] buckets, int[] counts) {
        if (buckets.length != counts.length) {
            throw new IllegalArgumentException("buckets and counts differ in length");
        }
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] < 0 || counts[i] <= 0 || (i > 0 && buckets[i] <= buckets[i - 1])) {
                throw new IllegalArgumentException("buckets must ascend and counts be positive");
            }
        }
        return buckets;
    }

    /** From the first {@code n} gaps in nanoseconds, already sorted ascending. */
    public static GapHistogram ofSortedNanos(long[] sorted, int n) {
        int distinct = 0;
        int last = -1;
        for (int i = 0; i < n; i++) {
            int b = index(sorted[i]);
            if (b != last) {
                distinct++;
                last = b;
            }
        }
        int[] buckets = new int[distinct];
        int[] counts = new int[distinct];
        int k = -1;
        last = -1;
        for (int i = 0; i < n; i++) {
            int b = index(sorted[i]);
            if (b != last) {
                k++;
                buckets[k] = b;
                last = b;
            }
            counts[k]++;
        }
        return new GapHistogram(buckets, counts, true);
    }

    private GapHistogram(int[] buckets, int[] counts, boolean trusted) {
        this.buckets = buckets;
        this.counts = counts;
    }

    /** The bucket of a gap of {@code nanos} (negative counts as 0). */
    public static int index(long nanos) {
        long v = Math.max(0, nanos);
        if (v < 2L * SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BUCKET_BITS;
        return shift * SUB + (int) (v >>> shift);
    }

    /** Smallest value of a bucket, nanoseconds. */
    public static long lowest(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        return (long) (index - shift * SUB) << shift;
    }

    /** Width of a bucket, nanoseconds. */
    public static long width(int index) {
        return index < 2 * SUB ? 1 : 1L << (index / SUB - 1);
    }

    /** The value a bucket reports: its midpoint, nanoseconds. */
    public static double midpoint(int index) {
        return lowest(index) + (width(index) - 1) / 2.0;
    }

    public int size() {
        return buckets.length;
    }

    public int bucket(int i) {
        return buckets[i];
    }

    public int count(int i) {
        return counts[i];
    }

    /** The bucket indices themselves, for the encoder to print without a copy: not to be changed. */
    int[] bucketArray() {
        return buckets;
    }

    /** The counts themselves, for the encoder to print without a copy: not to be changed. */
    int[] countArray() {
        return counts;
    }

    public long totalCount() {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GapHistogram h && Arrays.equals(buckets, h.buckets) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(buckets) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "GapHistogram" + Arrays.toString(buckets) + "x" + Arrays.toString(counts);
    }
}
