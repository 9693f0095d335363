package dev.infertel.agent.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What one agent (one JVM) says about itself, kept in {@code <queue>/agents/<pid>.properties} so that
 * {@code status} shows it from another process: the calls it recorded, those it ended itself, what it
 * dropped before the queue and every error it swallowed, by kind. Rewritten every few seconds while the
 * JVM runs (only when something changed) and once at exit.
 */
public record AgentStatus(long pid, String host, long startedMillis, long updatedMillis, boolean ended,
                          long recorded, long timeouts, long cancelledAtExit, long handoffDropped,
                          long lostBeforeQueue, Map<String, Long> suppressed) {

    public static final String DIR = "agents";
    private static final String SUFFIX = ".properties";
    private static final String SUPPRESSED = "suppressed.";
    /** Files of agents ended longer ago than this are removed by the next agent that starts. */
    static final long KEEP_ENDED_MILLIS = 7L * 24 * 3600 * 1000;

    public AgentStatus {
        suppressed = Map.copyOf(suppressed);
    }

    public long suppressedTotal() {
        return suppressed.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether its JVM is still running (as far as this host can tell). */
    public boolean running() {
        return !ended && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static Path file(Path queueDir, long pid) {
        return queueDir.resolve(DIR).resolve(pid + SUFFIX);
    }

    /** Writes (replaces) this agent's file atomically, owner-only. */
    public void write(Path queueDir) throws IOException {
        Path dir = queueDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            setPermissions(dir, "rwx------");
        }
        Path target = file(queueDir, pid);
        Path tmp = dir.resolve(pid + SUFFIX + ".tmp");
        Files.writeString(tmp, text(), StandardCharsets.UTF_8);
        setPermissions(tmp, "rw-------");
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void setPermissions(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    /** The file's text: what {@link #write} stores and {@link #read} parses. */
    String text() {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("host", host);
        p.setProperty("started_ms", Long.toString(startedMillis));
        p.setProperty("updated_ms", Long.toString(updatedMillis));
        p.setProperty("ended", Boolean.toString(ended));
        p.setProperty("recorded", Long.toString(recorded));
        p.setProperty("timeouts", Long.toString(timeouts));
        p.setProperty("cancelled_at_exit", Long.toString(cancelledAtExit));
        p.setProperty("handoff_dropped", Long.toString(handoffDropped));
        p.setProperty("lost_before_queue", Long.toString(lostBeforeQueue));
        suppressed.forEach((kind, n) -> p.setProperty(SUPPRESSED + kind, Long.toString(n)));
        Writer w = new StringWriter();
        try {
            p.store(w, "telemetry agent of pid " + pid + " (written by the agent; read by `status`)");
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    static AgentStatus parse(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, Long> suppressed = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(SUPPRESSED)) {
                suppressed.put(key.substring(SUPPRESSED.length()), number(p, key));
            }
        }
        return new AgentStatus(number(p, "pid"), p.getProperty("host", ""), number(p, "started_ms"),
                number(p, "updated_ms"), Boolean.parseBoolean(p.getProperty("ended")), number(p, "recorded"),
                number(p, "timeouts"), number(p, "cancelled_at_exit"), number(p, "handoff_dropped"),
                number(p, "lost_before_queue"), suppressed);
    }

    private static long number(Properties p, String key) {
        try {
            return Long.parseLong(p.getProperty(key, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every agent's file in the queue, the most recently updated first; unreadable ones are skipped. */
    public static List<AgentStatus> readAll(Path queueDir) {
        Path dir = queueDir.resolve(DIR);
        List<AgentStatus> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    out.add(parse(r));
                } catch (IOException | IllegalArgumentException e) {
                    // being replaced, or not ours: the next status shows it
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparingLong(AgentStatus::updatedMillis).reversed());
        return out;
    }

    /** Removes the files of agents that ended (or died) more than a week ago. */
    public static void removeStale(Path queueDir, long nowMillis) {
        for (AgentStatus s : readAll(queueDir)) {
            if (!s.running() && nowMillis - s.updatedMillis() > KEEP_ENDED_MILLIS) {
                try {
                    Files.deleteIfExists(file(queueDir, s.pid()));
                } catch (IOException e) {
                    // another agent may be doing the same
                }
            }
        }
    }
}
