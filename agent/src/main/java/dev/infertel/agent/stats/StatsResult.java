package dev.infertel.agent.stats;

import dev.infertel.agent.record.TelemetryRecord;
import java.util.List;

/**
 * The groups in key order, each with its kept calls in start order (for charts), and how many
 * records the time range left out.
 */
public record StatsResult(StatsQuery query, List<Group> groups, long read, long outOfRange) {

    public StatsResult {
        groups = List.copyOf(groups);
    }

    /** One group's figures and the calls behind them. */
    public record Group(GroupStats stats, List<TelemetryRecord> calls) {

        public Group {
            calls = List.copyOf(calls);
        }

        public String label() {
            return String.join(" / ", stats.key());
        }
    }
}
