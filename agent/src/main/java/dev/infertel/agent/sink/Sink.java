package dev.infertel.agent.sink;

import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.List;

/** Where the shipper delivers batches. A batch counts as delivered when {@link #write} returns. */
public interface Sink extends AutoCloseable {

    String name();

    void write(List<TelemetryRecord> batch) throws IOException;

    @Override
    void close() throws IOException;
}
