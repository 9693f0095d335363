package dev.infertel.agent.config;

import java.nio.file.Path;

/** Where records are appended, and how often the queue starts a new file. */
public record QueueConfig(Path dir, RollCycle rollCycle) {

    public enum RollCycle { FIVE_MINUTELY, HOURLY, DAILY }

    public static final Path DEFAULT_DIR = Path.of("telemetry-queue");

    public static QueueConfig defaults() {
        return new QueueConfig(DEFAULT_DIR, RollCycle.HOURLY);
    }
}
