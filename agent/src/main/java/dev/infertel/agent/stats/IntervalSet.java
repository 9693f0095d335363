package dev.infertel.agent.stats;

import java.util.Arrays;

/**
 * A set of longs kept as disjoint, non-adjacent closed ranges in ascending order: the sequence
 * numbers seen of one process. A process numbers its records 1, 2, 3, ..., so what was read of it
 * is a handful of ranges (one per file or batch boundary that is missing), whatever the number of
 * records: exact and tiny. Not thread-safe.
 */
final class IntervalSet {

    private long[] lo = new long[4];
    private long[] hi = new long[4];
    private int n;
    /** The range the last add touched: consecutive adds of a sequential file land there. */
    private int last;

    /** Adds {@code v}; false when it was already in the set. */
    boolean add(long v) {
        if (n > 0) {
            int i = last;
            if (v >= lo[i] && v <= hi[i]) {
                return false;
            }
            if (v == hi[i] + 1 && (i + 1 == n || lo[i + 1] > v)) {
                hi[i] = v;
                if (i + 1 < n && lo[i + 1] == v + 1) {
                    join(i);
                }
                return true;
            }
        }
        // index of the last range starting at or below v, or -1
        int i = find(v);
        if (i >= 0 && v <= hi[i]) {
            last = i;
            return false;
        }
        boolean touchesLeft = i >= 0 && hi[i] + 1 == v;
        boolean touchesRight = i + 1 < n && lo[i + 1] == v + 1;
        if (touchesLeft && touchesRight) {
            hi[i] = v;
            join(i);
            last = i;
        } else if (touchesLeft) {
            hi[i] = v;
            last = i;
        } else if (touchesRight) {
            lo[i + 1] = v;
            last = i + 1;
        } else {
            insert(i + 1, v);
            last = i + 1;
        }
        return true;
    }

    boolean contains(long v) {
        int i = find(v);
        return i >= 0 && v <= hi[i];
    }

    int ranges() {
        return n;
    }

    private int find(long v) {
        int a = 0;
        int b = n - 1;
        while (a <= b) {
            int m = (a + b) >>> 1;
            if (lo[m] <= v) {
                a = m + 1;
            } else {
                b = m - 1;
            }
        }
        return b;
    }

    /** Merges range i+1 into range i. */
    private void join(int i) {
        hi[i] = hi[i + 1];
        System.arraycopy(lo, i + 2, lo, i + 1, n - i - 2);
        System.arraycopy(hi, i + 2, hi, i + 1, n - i - 2);
        n--;
    }

    private void insert(int at, long v) {
        if (n == lo.length) {
            lo = Arrays.copyOf(lo, n * 2);
            hi = Arrays.copyOf(hi, n * 2);
        }
        System.arraycopy(lo, at, lo, at + 1, n - at);
        System.arraycopy(hi, at, hi, at + 1, n - at);
        lo[at] = v;
        hi[at] = v;
        n++;
    }

    long footprintBytes() {
        return 32L + 16L * lo.length;
    }
}
