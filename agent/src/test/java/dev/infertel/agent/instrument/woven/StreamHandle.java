package dev.infertel.agent.instrument.woven;

import java.util.Iterator;
import java.util.List;

/** A returned stream handle of the google-genai ResponseStream kind: iterable and closeable. */
public class StreamHandle implements Iterable<String>, AutoCloseable {

    private final List<String> items;
    private final boolean failOnClose;
    private boolean closed;

    public StreamHandle(List<String> items, boolean failOnClose) {
        this.items = items;
        this.failOnClose = failOnClose;
    }

    @Override
    public Iterator<String> iterator() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        return items.iterator();
    }

    @Override
    public void close() {
        if (closed) {
            return; // a second return path
        }
        closed = true;
        if (failOnClose) {
            throw new IllegalStateException("close failed");
        }
    }
}
