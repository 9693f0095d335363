package dev.infertel.agent.record;

import java.util.Arrays;

/**
 * Inter-token latency of one call: the gaps between consecutive chunks (the first chunk's TTFT is not
 * a gap), in milliseconds. Percentiles are exact, nearest-rank: the smallest gap such that at least
 * p % of the gaps are no larger.
 */
public record ItlSummary(double mean, double p50, double p90, double p95, double p99, double min, double max) {

    /** From {@code n} gaps in nanoseconds; sorts {@code gaps} in place. Null when there is no gap. */
    public static ItlSummary ofGapsNanos(long[] gaps, int n) {
        if (n == 0) {
            return null;
        }
        Arrays.sort(gaps, 0, n);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += gaps[i];
        }
        return new ItlSummary(ms((double) sum / n), ms(rank(gaps, n, 50)), ms(rank(gaps, n, 90)),
                ms(rank(gaps, n, 95)), ms(rank(gaps, n, 99)), ms(gaps[0]), ms(gaps[n - 1]));
    }

    /** Nearest-rank percentile of the first {@code n} sorted values. */
    public static long rank(long[] sorted, int n, double p) {
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }

    static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }
}
