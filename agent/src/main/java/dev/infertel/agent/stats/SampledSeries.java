package dev.infertel.agent.stats;

import dev.infertel.agent.record.FlatRecord;

/**
 * A fixed-size, deterministic sample of a group's calls for the charts over time: the {@code k}
 * calls whose record ids hash lowest (bottom-k sampling). The same calls are chosen whatever the
 * order of reading and however the input was split between threads, so merging two samples gives the
 * sample of the union; every call has the same chance. Below {@code k} calls, every call is in it.
 */
public final class SampledSeries {

    /** One sampled call. NaN = not known. */
    public record Point(long idProcess, long idSequence, long startEpochMicros, double e2eMs, double firstTokenMs,
                        double powerWMean) {
    }

    public static final int DEFAULT_SIZE = 600;

    private final int k;
    private final long[] hash;
    private final Point[] points;
    private int n;
    private long offered;

    public SampledSeries(int k) {
        this.k = k;
        this.hash = new long[k];
        this.points = new Point[k];
    }

    static long hash(long process, long sequence) {
        long h = process * 0x9E3779B97F4A7C15L + sequence;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    void offer(FlatRecord r) {
        offered++;
        long h = hash(r.idProcess, r.idSequence);
        if (n == k && Long.compareUnsigned(h, hash[0]) >= 0) {
            return;
        }
        offer(h, new Point(r.idProcess, r.idSequence, r.startEpochMicros, r.e2eMs, r.firstTokenMs,
                r.gpu ? r.powerWMean : Double.NaN));
    }

    private void offer(long h, Point p) {
        if (n < k) {
            hash[n] = h;
            points[n] = p;
            up(n++);
        } else if (Long.compareUnsigned(h, hash[0]) < 0) {
            hash[0] = h;
            points[0] = p;
            down(0);
        }
    }

    void merge(SampledSeries other) {
        offered += other.offered;
        for (int i = 0; i < other.n; i++) {
            offer(other.hash[i], other.points[i]);
        }
    }

    /** The sampled calls in start order. */
    public java.util.List<Point> points() {
        java.util.List<Point> out = new java.util.ArrayList<>(java.util.Arrays.asList(points).subList(0, n));
        out.sort(java.util.Comparator.comparingLong(Point::startEpochMicros).thenComparingLong(Point::idSequence));
        return out;
    }

    /** How many calls the sample was drawn from. */
    public long offered() {
        return offered;
    }

    // a max-heap on the hash: the root is the first to go
    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (Long.compareUnsigned(hash[i], hash[parent]) <= 0) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int top = i;
            if (l < n && Long.compareUnsigned(hash[l], hash[top]) > 0) {
                top = l;
            }
            if (r < n && Long.compareUnsigned(hash[r], hash[top]) > 0) {
                top = r;
            }
            if (top == i) {
                return;
            }
            swap(i, top);
            i = top;
        }
    }

    private void swap(int a, int b) {
        long h = hash[a];
        hash[a] = hash[b];
        hash[b] = h;
        Point p = points[a];
        points[a] = points[b];
        points[b] = p;
    }
}
