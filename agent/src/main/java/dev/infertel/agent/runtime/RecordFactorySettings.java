package dev.infertel.agent.runtime;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.record.RecordIds;
import dev.infertel.agent.record.Timestamps;

/** Per-process facts every record carries. */
public record RecordFactorySettings(RecordIds ids, Timestamps clock, long pid, String host, CostConfig costs) {

    public RecordFactorySettings {
        costs = costs == null ? CostConfig.NONE : costs;
    }

    public RecordFactorySettings(RecordIds ids, Timestamps clock, long pid, String host) {
        this(ids, clock, pid, host, CostConfig.NONE);
    }

    /** These settings, with records priced by {@code costs}. */
    public RecordFactorySettings withCosts(CostConfig costs) {
        return new RecordFactorySettings(ids, clock, pid, host, costs);
    }

    public static RecordFactorySettings current() {
        return new RecordFactorySettings(new RecordIds(), new Timestamps(), ProcessHandle.current().pid(), HostName.local());
    }
}
