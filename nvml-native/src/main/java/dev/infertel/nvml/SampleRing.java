package dev.infertel.nvml;

import java.lang.invoke.VarHandle;

/**
 * Fixed-size history of polls: one shared timestamp column and, per device, primitive columns.
 * A poll writes the same slot of every device, so sums over devices at one moment are a column read.
 *
 * <p>Single writer (the sampler), lock-free readers. Sample {@code i} lives in slot
 * {@code i & mask}; the writer announces sample {@code i} in {@code claimed} before touching
 * its slot and makes it readable through {@code published}. A reader reads indices below
 * {@code published()}, then calls {@link #oldestIntact()}: anything it read below that index
 * may have been overwritten meanwhile and must be discarded (seqlock-style validation).
 */
final class SampleRing {
    static final int ABSENT = -1;

    final int capacity;
    final int mask;
    final int devices;
    final long[] timeNanos;
    final int[][] powerMw;
    /** Cumulative energy in mJ: the driver's counter, or the integral of power; NaN when neither. */
    final double[][] energyMj;
    final long[][] memoryUsedBytes;
    final int[][] utilizationPct;
    final int[][] temperatureC;

    private volatile long claimed;
    private volatile long published;

    SampleRing(int devices, int requestedCapacity) {
        this.capacity = powerOfTwoAtLeast(requestedCapacity);
        this.mask = capacity - 1;
        this.devices = devices;
        this.timeNanos = new long[capacity];
        this.powerMw = new int[devices][capacity];
        this.energyMj = new double[devices][capacity];
        this.memoryUsedBytes = new long[devices][capacity];
        this.utilizationPct = new int[devices][capacity];
        this.temperatureC = new int[devices][capacity];
    }

    static int powerOfTwoAtLeast(int n) {
        return n <= 2 ? 2 : Integer.highestOneBit(n - 1) << 1;
    }

    /** Writer: claims the next slot and stamps its time; fill the device columns, then {@link #publish()}. */
    int beginWrite(long nowNanos) {
        long index = published;
        claimed = index + 1;
        VarHandle.storeStoreFence(); // the claim must be visible before the slot changes
        int slot = (int) (index & mask);
        timeNanos[slot] = nowNanos;
        return slot;
    }

    void publish() {
        published = published + 1;
    }

    /** Number of samples ever written; indices below it are readable (subject to validation). */
    long published() {
        return published;
    }

    /** Lowest index whose slot has not been (and is not being) overwritten. */
    long oldestIntact() {
        VarHandle.loadLoadFence(); // order the caller's slot reads before this check
        return Math.max(0, claimed - capacity);
    }

    long time(long index) {
        return timeNanos[(int) (index & mask)];
    }

    int slot(long index) {
        return (int) (index & mask);
    }

    /** Largest index in [lo, hi) whose time is at or before t, or lo - 1 when none. */
    long indexAtOrBefore(long t, long lo, long hi) {
        long a = lo;
        long b = hi - 1;
        long found = lo - 1;
        while (a <= b) {
            long mid = (a + b) >>> 1;
            if (timeNanos[(int) (mid & mask)] <= t) {
                found = mid;
                a = mid + 1;
            } else {
                b = mid - 1;
            }
        }
        return found;
    }
}
