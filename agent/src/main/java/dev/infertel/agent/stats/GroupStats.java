package dev.infertel.agent.stats;

import java.util.List;

/**
 * The figures of one group. Counts, token, energy and cost sums are over all the group's calls that
 * were kept; latency, throughput, efficiency and utilization figures over its ok calls only (a
 * failed call's duration is time to failure, not a latency). Null = no call had the inputs.
 *
 * @param key the group's value of each --by dimension, in --by order
 * @param excluded calls left out as warm-up (not counted anywhere else)
 * @param itlGaps number of inter-chunk gaps behind the ITL percentiles
 * @param outputTokensPerS sum of tokens_out / sum of e2e seconds, over ok calls with tokens_out
 * @param joulesPerOutputToken sum of energy_j / sum of tokens_out, over ok calls with both
 * @param tokensPerJoule the inverse: sum of tokens_out / sum of energy_j, same calls
 * @param powerWMean duration-weighted mean of power_w_mean: sum(power x e2e) / sum(e2e)
 * @param currency the currency of cost and energyCost; "mixed" when records disagree (sums then null)
 * @param mfuPct model FLOPs utilization, percent (see {@link Efficiency})
 * @param mbuPct model bandwidth utilization in decode, percent (see {@link Efficiency})
 */
public record GroupStats(List<String> key, long calls, long ok, long errors, long cancels, long rejects, long excluded,
                         long tokensIn, long tokensOut,
                         Double ttftP50Ms, Double ttftP95Ms, Double ttftP99Ms,
                         Double itlP50Ms, Double itlP95Ms, Double itlP99Ms, long itlGaps,
                         Double tpotP50Ms, Double e2eP50Ms, Double e2eP99Ms, Double outputTokensPerS,
                         Double energyJ, Double joulesPerOutputToken, Double tokensPerJoule, Double powerWMean,
                         Double vramMbPeak, Double cost, Double energyCost, String currency,
                         Double mfuPct, Double mbuPct) {

    public GroupStats {
        key = List.copyOf(key);
    }
}
