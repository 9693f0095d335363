package dev.infertel.agent.stats;

import java.util.List;

/**
 * The groups in key order, with what the charts need when asked for; how many records were read
 * (after de-duplication), left out by the time range, and read twice; notes for the user.
 *
 * @param secondary the kept calls grouped again by model and GPU (the report's bars); empty unless asked for
 */
public record StatsResult(StatsQuery query, List<Group> groups, long read, long outOfRange, long duplicates,
                          List<String> notes, List<Group> secondary) {

    public StatsResult {
        groups = List.copyOf(groups);
        notes = List.copyOf(notes);
        secondary = List.copyOf(secondary);
    }

    /** One group's figures and, for the report, its distributions and a sample of its calls. */
    public record Group(GroupStats stats, Charts charts) {

        public String label() {
            return String.join(" / ", stats.key());
        }
    }

    /**
     * What the report draws of a group: the TTFT distribution of its ok calls and the gaps of all of
     * them (histograms), and a sample of its kept calls for the charts over time.
     *
     * @param sampledFrom how many calls the sample was drawn from
     */
    public record Charts(LogHistogram ttft, LogHistogram gaps, List<SampledSeries.Point> sample, long sampledFrom) {

        public Charts {
            sample = List.copyOf(sample);
        }
    }
}
