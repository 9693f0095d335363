package dev.infertel.agent.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A linear or logarithmic mapping from data values to pixels, with readable tick values. */
final class Axis {

    private final double lo;
    private final double hi;
    private final boolean log;
    private final double p0;
    private final double p1;

    private Axis(double lo, double hi, boolean log, double p0, double p1) {
        this.lo = lo;
        this.hi = hi;
        this.log = log;
        this.p0 = p0;
        this.p1 = p1;
    }

    /** Linear from {@code min} to {@code max} (widened when equal). */
    static Axis linear(double min, double max, double p0, double p1) {
        if (!(max > min)) {
            double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
            min -= pad;
            max += pad;
        }
        return new Axis(min, max, false, p0, p1);
    }

    /** Logarithmic over whole decades holding [min, max] (min > 0). */
    static Axis log(double min, double max, double p0, double p1) {
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
            hi = lo * 10;
        }
        return new Axis(lo, hi, true, p0, p1);
    }

    double px(double v) {
        double f = log ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
                : (v - lo) / (hi - lo);
        return p0 + f * (p1 - p0);
    }

    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double d = lo; d <= hi * 1.0001; d *= 10) {
                out.add(d);
            }
            return out;
        }
        double step = niceStep((hi - lo) / 5);
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return out;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.0fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }
}
