package dev.infertel.agent.runtime;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.record.JoinFields;
import dev.infertel.agent.record.RecordIds;
import dev.infertel.agent.record.Timestamps;

/**
 * Per-process facts every record carries.
 *
 * @param joins the process's labels (metadata, resource) for every record; null when none
 */
public record RecordFactorySettings(RecordIds ids, Timestamps clock, long pid, String host, CostConfig costs,
                                    JoinFields joins) {

    public RecordFactorySettings {
        costs = costs == null ? CostConfig.NONE : costs;
    }

    public RecordFactorySettings(RecordIds ids, Timestamps clock, long pid, String host, CostConfig costs) {
        this(ids, clock, pid, host, costs, null);
    }

    /** These settings, with every record carrying {@code joins}' labels. */
    public RecordFactorySettings withJoins(JoinFields joins) {
        return new RecordFactorySettings(ids, clock, pid, host, costs, joins);
    }

    public RecordFactorySettings(RecordIds ids, Timestamps clock, long pid, String host) {
        this(ids, clock, pid, host, CostConfig.NONE);
    }

    /** These settings, with records priced by {@code costs}. */
    public RecordFactorySettings withCosts(CostConfig costs) {
        return new RecordFactorySettings(ids, clock, pid, host, costs, joins);
    }

    public static RecordFactorySettings current() {
        return new RecordFactorySettings(new RecordIds(), new Timestamps(), ProcessHandle.current().pid(), HostName.local());
    }
}
