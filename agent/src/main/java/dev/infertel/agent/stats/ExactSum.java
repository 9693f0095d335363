package dev.infertel.agent.stats;

import java.util.Arrays;

/**
 * A sum of doubles kept exactly, as non-overlapping partials (Shewchuk; the algorithm of Python's
 * {@code math.fsum}), and rounded once at the end. The result is the correctly rounded exact sum,
 * so it does not depend on the order of the values: partial sums of several reading threads merged
 * in any order give the same figure, to the last bit. A handful of partials in practice.
 */
final class ExactSum {

    private double[] partials = new double[4];
    private int n;

    void add(double x) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            double y = partials[i];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[kept++] = lo;
            }
            x = hi;
        }
        if (kept == partials.length) {
            partials = Arrays.copyOf(partials, kept * 2);
        }
        partials[kept++] = x;
        n = kept;
    }

    void add(ExactSum other) {
        for (int i = 0; i < other.n; i++) {
            add(other.partials[i]);
        }
    }

    /** The exact sum rounded to the nearest double (ties to even). */
    double value() {
        if (n == 0) {
            return 0.0;
        }
        int i = n - 1;
        double hi = partials[i];
        double lo = 0;
        while (i > 0) {
            double x = hi;
            double y = partials[--i];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        // the rest below may push a half-way rounding of hi + lo one way
        if (i > 0 && ((lo < 0 && partials[i - 1] < 0) || (lo > 0 && partials[i - 1] > 0))) {
            double y = lo * 2;
            double x = hi + y;
            if (y == x - hi) {
                hi = x;
            }
        }
        return hi;
    }
}
