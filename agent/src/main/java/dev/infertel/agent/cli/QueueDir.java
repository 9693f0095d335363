package dev.infertel.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** What stops a reader from reading the queue at a path, as the line to print; null when nothing does. */
final class QueueDir {

    private QueueDir() {
    }

    static String problem(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "telemetry-agent: no queue at " + dir.toAbsolutePath() + "; point --queue at the agent's queue.dir";
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            // else the queue would look empty
            return "telemetry-agent: cannot read the queue at " + dir.toAbsolutePath()
                    + " (permission denied); run it as the user that owns the queue, or give this user access";
        }
        return null;
    }
}
