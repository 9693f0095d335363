package dev.infertel.agent.log;

import dev.infertel.agent.queue.OwnerOnlyFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's voice: one prefixed line per event on stderr (never stdout, which is the
 * application's), or in a file the config names. {@link #once} keeps a recurring problem to a
 * single line.
 */
public final class AgentLog {

    public static final String PREFIX = "[telemetry-agent] ";

    private final PrintStream out;
    private final boolean debug;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public AgentLog(PrintStream out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    public static AgentLog stderr(boolean debug) {
        return new AgentLog(System.err, debug);
    }

    /** A log that appends to {@code file}; falls back to stderr (saying so) when it cannot. */
    public static AgentLog toFile(Path file, boolean debug) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                OwnerOnlyFiles.createDirectories(parent);
            }
            return new AgentLog(new PrintStream(OwnerOnlyFiles.append(file), true, StandardCharsets.UTF_8), debug);
        } catch (IOException | RuntimeException e) {
            AgentLog fallback = stderr(debug);
            fallback.warn("cannot write log file " + file + " (" + e.getMessage() + "), logging to stderr");
            return fallback;
        }
    }

    public boolean debugEnabled() {
        return debug;
    }

    public void info(String message) {
        out.println(PREFIX + message);
    }

    public void warn(String message) {
        out.println(PREFIX + "WARN " + message);
    }

    /** A warning with the stack of {@code t}, each line prefixed (for what must never happen, once per kind). */
    public void warn(String message, Throwable t) {
        java.io.StringWriter trace = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(trace));
        StringBuilder b = new StringBuilder(PREFIX).append("WARN ").append(message);
        String[] lines = trace.toString().split("\\R");
        for (int i = 1; i < lines.length; i++) {
            b.append(System.lineSeparator()).append(PREFIX).append("  ").append(lines[i].strip());
        }
        out.println(b);
    }

    public void debug(String message) {
        if (debug) {
            out.println(PREFIX + "DEBUG " + message);
        }
    }

    /** Logs {@code message} the first time {@code key} is seen; returns whether it did. */
    public boolean once(String key, String message) {
        if (said.add(key)) {
            warn(message);
            return true;
        }
        return false;
    }
}
