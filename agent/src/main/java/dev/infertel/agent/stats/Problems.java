package dev.infertel.agent.stats;

import java.util.ArrayList;
import java.util.List;

/** Records the readers skipped: the first ten messages, and a count. Thread-safe. */
public final class Problems {

    static final int KEPT = 10;

    private final List<String> messages = new ArrayList<>();
    private long count;

    public synchronized void skipped(String message) {
        count++;
        if (messages.size() < KEPT) {
            messages.add(message);
        }
    }

    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    public synchronized long count() {
        return count;
    }
}
