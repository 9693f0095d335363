package dev.infertel.bench.callertimed;

import java.util.Arrays;

/** Nearest-rank percentiles and the median across rounds. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The smallest value with at least {@code q} of the values at or below it (q in (0, 1]). */
    public static double of(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
