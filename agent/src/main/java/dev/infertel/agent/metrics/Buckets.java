package dev.infertel.agent.metrics;

/**
 * Histogram bucket upper bounds (inclusive, as Prometheus's {@code le} and OTLP's explicit buckets).
 * Durations and tokens are the OpenTelemetry GenAI conventions' advice; energy and power are ours.
 */
public final class Buckets {

    /** gen_ai.client.operation.duration and the chunk timings: 0.01 s doubling to 81.92 s. */
    public static final double[] SECONDS = doubling(0.01, 14);
    /** gen_ai.client.token.usage: 1, 4, 16, ... 67108864 (powers of 4). */
    public static final double[] TOKENS = powers(1, 4, 14);
    /** Energy per call: 0.01 J times powers of 4 up to 10485.76 J (a small GPU's sip to a long call on 8 GPUs). */
    public static final double[] JOULES = powers(0.01, 4, 11);
    /** Energy per output token: 0.0001 J times powers of 4 up to 104.8576 J. */
    public static final double[] JOULES_PER_TOKEN = powers(0.0001, 4, 11);
    /** Mean GPU power over a call: 10 W to 1500 W. */
    public static final double[] WATTS = {10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 700, 1000, 1500};

    private Buckets() {
    }

    private static double[] doubling(double first, int n) {
        return powers(first, 2, n);
    }

    private static double[] powers(double first, double factor, int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            // rounded to 10 significant digits so that 0.01 * 2^k prints as 0.16, not 0.16000000000000003
            b[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.10g", first * Math.pow(factor, i)));
        }
        return b;
    }
}
