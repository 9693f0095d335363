package dev.infertel.agent.stats;

import dev.infertel.agent.record.FlatRecord;
import java.io.IOException;
import java.util.List;

/**
 * One input of {@code stats}: a queue, a JSONL file (or a byte range of one), a SQLite file. Reading
 * may run on any thread, several sources at once; a source is read by one thread at a time.
 */
public interface RecordSource {

    /** Receives the records of a source, one {@link FlatRecord} refilled each time. */
    interface Sink {
        void accept(FlatRecord record);
    }

    /** Reads every record into {@code sink}; records it cannot read are reported to {@code problems} and skipped. */
    void read(Sink sink, Problems problems) throws IOException;

    /** Parts that can be read in parallel and give, together, every record once (default: itself). */
    default List<RecordSource> split(long targetBytes) {
        return List.of(this);
    }

    String describe();
}
