package dev.infertel.agent.stats;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.config.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * What to aggregate: grouping, time range (start time in [sinceMicros, untilMicros)), warm-up
 * exclusion, and the prices and model sizes used where records lack them. With {@code exact}, latency
 * percentiles are exact nearest-rank (every value kept: memory grows with the input) rather than
 * histogram midpoints within {@link dev.infertel.agent.record.GapHistogram#RELATIVE_ERROR}.
 */
public record StatsQuery(List<Dimension> by, Long sinceMicros, Long untilMicros, Exclusion exclusion,
                         CostConfig prices, Map<String, ModelSpec> models, boolean exact) {

    /** Percentiles from histograms (within 0.39 %), memory independent of the number of records. */
    public StatsQuery(List<Dimension> by, Long sinceMicros, Long untilMicros, Exclusion exclusion, CostConfig prices,
                      Map<String, ModelSpec> models) {
        this(by, sinceMicros, untilMicros, exclusion, prices, models, false);
    }

    public StatsQuery {
        by = List.copyOf(by);
        exclusion = exclusion == null ? Exclusion.NONE : exclusion;
        prices = prices == null ? CostConfig.NONE : prices;
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    public static StatsQuery defaults() {
        return new StatsQuery(Dimension.DEFAULT, null, null, Exclusion.NONE, CostConfig.NONE, Map.of());
    }

    public boolean inRange(long startMicros) {
        return (sinceMicros == null || startMicros >= sinceMicros) && (untilMicros == null || startMicros < untilMicros);
    }
}
