package dev.infertel.agent.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where records are appended, and how often the queue starts a new file.
 *
 * @param maxDiskBytes bound on the queue files' size; 0 = no bound
 * @param retention how long a rolled queue file is kept; null = until the bound needs the room
 */
public record QueueConfig(Path dir, RollCycle rollCycle, long maxDiskBytes, Duration retention) {

    public enum RollCycle { FIVE_MINUTELY, HOURLY, DAILY }

    public static final Path DEFAULT_DIR = Path.of("telemetry-queue");

    public QueueConfig(Path dir, RollCycle rollCycle) {
        this(dir, rollCycle, 0, null);
    }

    public static QueueConfig defaults() {
        return new QueueConfig(DEFAULT_DIR, RollCycle.HOURLY);
    }

    public boolean bounded() {
        return maxDiskBytes > 0 || retention != null;
    }
}
