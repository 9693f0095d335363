package dev.infertel.agent.runtime;

import dev.infertel.agent.record.RecordIds;
import dev.infertel.agent.record.Timestamps;

/** Per-process facts every record carries. */
public record RecordFactorySettings(RecordIds ids, Timestamps clock, long pid, String host) {

    public static RecordFactorySettings current() {
        return new RecordFactorySettings(new RecordIds(), new Timestamps(), ProcessHandle.current().pid(), HostName.local());
    }
}
