package dev.infertel.agent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * SIGTERM and SIGINT as a request to stop rather than the JVM's default (run the shutdown hooks and exit
 * 143 / 130): a service manager that stops {@code ship} gracefully then sees exit code 0, and the stop
 * runs on the command's own thread, not in a hook racing Chronicle's own hooks.
 */
final class StopSignals {

    private StopSignals() {
    }

    /** Runs {@code onStop} on TERM or INT; returns the signals it could take over (none under {@code -Xrs}). */
    static List<String> install(Runnable onStop) {
        List<String> taken = new ArrayList<>();
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> onStop.run());
                taken.add(name);
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // the JVM keeps this signal (-Xrs, or an OS without it): the shutdown hook still stops
            }
        }
        return taken;
    }
}
