package dev.infertel.agent.stats;

import java.util.Arrays;

/**
 * The {@code limit} earliest calls of a group in start order, each with one value (its tokens/s),
 * whatever order they are read in: a max-heap on {@link StartKey}, so a call later than all kept
 * ones costs one comparison. 32 bytes per kept call; arrays grow only as far as the calls need.
 * Two of them merge into the earliest calls of both. Not thread-safe.
 */
final class EarliestCalls {

    private final int limit;
    private long[] start = new long[8];
    private long[] process = new long[8];
    private long[] sequence = new long[8];
    private double[] value = new double[8];
    private int n;
    private long offered;

    EarliestCalls(int limit) {
        this.limit = limit;
    }

    void offer(long s, long p, long q, double v) {
        offered++;
        if (n < limit) {
            if (n == start.length) {
                int size = (int) Math.min(limit, 2L * n);
                start = Arrays.copyOf(start, size);
                process = Arrays.copyOf(process, size);
                sequence = Arrays.copyOf(sequence, size);
                value = Arrays.copyOf(value, size);
            }
            set(n, s, p, q, v);
            up(n++);
        } else if (StartKey.compare(s, p, q, start[0], process[0], sequence[0]) < 0) {
            set(0, s, p, q, v);
            down(0);
        }
    }

    void merge(EarliestCalls o) {
        long before = offered;
        for (int i = 0; i < o.n; i++) {
            offer(o.start[i], o.process[i], o.sequence[i], o.value[i]);
        }
        offered = before + o.offered;
    }

    /** Every call offered, kept or not. */
    long offered() {
        return offered;
    }

    int size() {
        return n;
    }

    /** The latest kept call. */
    StartKey latest() {
        return new StartKey(start[0], process[0], sequence[0]);
    }

    /** Kept calls' positions in start order: index i of the result is the heap slot of the i-th earliest. */
    int[] order() {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> StartKey.compare(start[a], process[a], sequence[a], start[b], process[b], sequence[b]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    StartKey key(int slot) {
        return new StartKey(start[slot], process[slot], sequence[slot]);
    }

    double value(int slot) {
        return value[slot];
    }

    private void set(int i, long s, long p, long q, double v) {
        start[i] = s;
        process[i] = p;
        sequence[i] = q;
        value[i] = v;
    }

    private int cmp(int a, int b) {
        return StartKey.compare(start[a], process[a], sequence[a], start[b], process[b], sequence[b]);
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (cmp(i, parent) <= 0) {
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
            if (l < n && cmp(l, top) > 0) {
                top = l;
            }
            if (r < n && cmp(r, top) > 0) {
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
        long t = start[a];
        start[a] = start[b];
        start[b] = t;
        t = process[a];
        process[a] = process[b];
        process[b] = t;
        t = sequence[a];
        sequence[a] = sequence[b];
        sequence[b] = t;
        double d = value[a];
        value[a] = value[b];
        value[b] = d;
    }
}
