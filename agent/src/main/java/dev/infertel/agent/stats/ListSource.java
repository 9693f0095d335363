package dev.infertel.agent.stats;

import dev.infertel.agent.record.FlatRecord;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.List;

/** Records already in memory (tests, and callers that hold them anyway). */
final class ListSource implements RecordSource {

    private final List<TelemetryRecord> records;

    ListSource(List<TelemetryRecord> records) {
        this.records = records;
    }

    @Override
    public void read(Sink sink, Problems problems) {
        FlatRecord r = new FlatRecord();
        for (TelemetryRecord t : records) {
            sink.accept(r.set(t));
        }
    }

    @Override
    public String describe() {
        return records.size() + " record(s) in memory";
    }
}
