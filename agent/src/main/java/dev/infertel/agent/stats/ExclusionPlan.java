package dev.infertel.agent.stats;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.FlatRecord;

/**
 * What the first of two passes learns about one group for {@link Exclusion}: its earliest calls in
 * start order (the first N for warm-up; the first {@link Exclusion.SteadyState#HORIZON} ok calls
 * with a tokens/s figure for steady state), from which {@link #cut()} says where the kept calls
 * begin. The second pass then keeps the calls at or after the cut. Exact; its memory is the kept
 * calls (32 bytes each), per group.
 */
public final class ExclusionPlan {

    private final Exclusion exclusion;
    private final EarliestCalls earliest;

    ExclusionPlan(Exclusion exclusion, int limit) {
        this.exclusion = exclusion;
        this.earliest = new EarliestCalls(limit);
    }

    void offer(FlatRecord r) {
        if (exclusion instanceof Exclusion.SteadyState) {
            double tps = r.outputTokensPerS();
            if (r.exit == Exit.OK && !Double.isNaN(tps)) {
                earliest.offer(r.startEpochMicros, r.idProcess, r.idSequence, tps);
            }
        } else {
            earliest.offer(r.startEpochMicros, r.idProcess, r.idSequence, 0);
        }
    }

    void merge(ExclusionPlan other) {
        earliest.merge(other.earliest);
    }

    /** The first kept call's key: calls that come before it in start order are left out. */
    StartKey cut() {
        if (exclusion instanceof Exclusion.SteadyState steady) {
            int[] order = earliest.order();
            double[] tps = new double[order.length];
            for (int i = 0; i < order.length; i++) {
                tps[i] = earliest.value(order[i]);
            }
            for (int s = 0; s + steady.window() <= tps.length; s++) {
                if (Exclusion.SteadyState.cv(tps, s, steady.window()) <= steady.maxCv()) {
                    return earliest.key(order[s]);
                }
            }
            return StartKey.AFTER_ALL;
        }
        return earliest.offered() <= earliest.size() ? StartKey.AFTER_ALL : earliest.latest().next();
    }

    /** True when steady state was not found among the calls looked at, but the group has more. */
    boolean beyondHorizon() {
        return exclusion instanceof Exclusion.SteadyState && cut() == StartKey.AFTER_ALL
                && earliest.offered() > earliest.size();
    }
}
