package dev.infertel.it.app;

import dev.infertel.agent.queue.RecordQueue;
import java.nio.file.Path;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Creates an empty queue whose files roll every second, so a test sees the disk budget delete whole
 * files within seconds; the agent and the CLI keep the roll cycle an existing queue was made with.
 */
public final class QueueSeeder {

    private QueueSeeder() {
    }

    public static void main(String[] args) {
        RecordQueue.open(Path.of(args[0]), TestRollCycles.TEST_SECONDLY).close();
    }
}
