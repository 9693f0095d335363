package dev.infertel.agent.sink;

import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.List;

/**
 * Where the shipper delivers batches, each sink on its own thread. {@link #deliver} never throws for
 * a problem of the destination: it says whether to move on, retry or give the batch up.
 */
public interface Sink extends AutoCloseable {

    String name();

    Delivery deliver(List<TelemetryRecord> batch);

    @Override
    void close() throws IOException;
}
