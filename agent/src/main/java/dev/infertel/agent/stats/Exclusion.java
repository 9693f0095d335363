package dev.infertel.agent.stats;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.List;

/** Which leading calls of a group (in start order) are left out as warm-up. */
public sealed interface Exclusion {

    /** How many calls at the start of {@code calls} (sorted by start time) to leave out. */
    int leadingCallsToDrop(List<TelemetryRecord> calls);

    String describe();

    /**
     * The first pass's state for one group (which of its calls come first in start order), or null
     * when this exclusion leaves nothing out.
     */
    default ExclusionPlan plan() {
        return null;
    }

    Exclusion NONE = new None();

    record None() implements Exclusion {
        @Override
        public int leadingCallsToDrop(List<TelemetryRecord> calls) {
            return 0;
        }

        @Override
        public String describe() {
            return "none";
        }
    }

    /** {@code --exclude-warmup N}: the first N calls, whatever their exit. */
    record WarmUp(int calls) implements Exclusion {
        @Override
        public int leadingCallsToDrop(List<TelemetryRecord> group) {
            return Math.min(calls, group.size());
        }

        @Override
        public String describe() {
            return "first " + calls + " call(s) of each group";
        }

        @Override
        public ExclusionPlan plan() {
            return calls == 0 ? null : new ExclusionPlan(this, calls);
        }
    }

    /**
     * {@code --steady-state}: the throughput series is the group's ok calls that have an output
     * tokens/s figure, in start order. Steady state begins at the first call of the first run of
     * {@code window} consecutive such calls whose coefficient of variation (population standard
     * deviation / mean) of tokens/s is at most {@code maxCv}; every call of the group (any exit) that
     * started before it is dropped. A group that never settles is dropped whole.
     */
    record SteadyState(int window, double maxCv) implements Exclusion {

        public static final int DEFAULT_WINDOW = 5;
        public static final double DEFAULT_MAX_CV = 0.10;
        /**
         * How many of a group's first ok calls (in start order) the search for the steady window
         * looks at: 32 bytes each, so at most 512 KiB per group while reading.
         */
        public static final int HORIZON = 16_384;

        @Override
        public ExclusionPlan plan() {
            return new ExclusionPlan(this, HORIZON);
        }

        @Override
        public int leadingCallsToDrop(List<TelemetryRecord> calls) {
            int[] at = new int[calls.size()];
            double[] tps = new double[calls.size()];
            int n = 0;
            for (int i = 0; i < calls.size(); i++) {
                TelemetryRecord r = calls.get(i);
                Double v = r.outputTokensPerS();
                if (r.exit() == Exit.OK && v != null) {
                    at[n] = i;
                    tps[n++] = v;
                }
            }
            for (int s = 0; s + window <= n; s++) {
                if (cv(tps, s, window) <= maxCv) {
                    return at[s];
                }
            }
            return calls.size();
        }

        /** Population coefficient of variation of {@code v[from .. from+len)}; infinite for a zero mean. */
        static double cv(double[] v, int from, int len) {
            double sum = 0;
            for (int i = from; i < from + len; i++) {
                sum += v[i];
            }
            double mean = sum / len;
            if (mean <= 0) {
                return Double.POSITIVE_INFINITY;
            }
            double sq = 0;
            for (int i = from; i < from + len; i++) {
                sq += (v[i] - mean) * (v[i] - mean);
            }
            return Math.sqrt(sq / len) / mean;
        }

        @Override
        public String describe() {
            return "until tokens/s settles: first " + window + " consecutive ok calls with CV <= " + maxCv;
        }
    }
}
