package dev.infertel.agent.config;

import java.nio.file.Path;

/** A destination the shipper drains the queue to. */
public sealed interface SinkConfig {

    /** Unique per config; also the name of the sink's persistent position in the queue. */
    String name();

    record Jsonl(String name, Path path) implements SinkConfig {
    }
}
