package dev.infertel.nvml;

/**
 * Cumulative energy of all sampled devices as a function of time, read from a snapshot
 * [lo, hi) of the {@link SampleRing}. Linear between samples (an interval's energy is spread
 * uniformly over it); after the newest sample it grows at the last power reading.
 */
final class EnergyCurve {
    private SampleRing ring;
    private long lo;
    private long hi;
    /** Set when a time before the oldest kept sample was asked for. */
    boolean clampedAtStart;

    void reset(SampleRing ring, long lo, long hi) {
        this.ring = ring;
        this.lo = lo;
        this.hi = hi;
        this.clampedAtStart = false;
    }

    /** Millijoules (NaN when a device has no energy source). */
    double at(long t) {
        long k = ring.indexAtOrBefore(t, lo, hi);
        if (k < lo) {
            clampedAtStart = true;
            return sumAt(ring.slot(lo));
        }
        int slot = ring.slot(k);
        if (k == hi - 1) {
            double seconds = (t - ring.timeNanos[slot]) / 1e9;
            double sum = 0;
            for (int d = 0; d < ring.devices; d++) {
                int power = ring.powerMw[d][slot];
                sum += ring.energyMj[d][slot] + (power == SampleRing.ABSENT ? 0 : power * seconds);
            }
            return sum;
        }
        int nextSlot = ring.slot(k + 1);
        long t0 = ring.timeNanos[slot];
        double fraction = (double) (t - t0) / (ring.timeNanos[nextSlot] - t0);
        double sum = 0;
        for (int d = 0; d < ring.devices; d++) {
            double e0 = ring.energyMj[d][slot];
            sum += e0 + fraction * (ring.energyMj[d][nextSlot] - e0);
        }
        return sum;
    }

    private double sumAt(int slot) {
        double sum = 0;
        for (int d = 0; d < ring.devices; d++) {
            sum += ring.energyMj[d][slot];
        }
        return sum;
    }
}
