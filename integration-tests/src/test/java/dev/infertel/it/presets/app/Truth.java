package dev.infertel.it.presets.app;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * What the app itself saw of one request (its own clock): start, each token's arrival at the app's
 * code, the end, and how it ended. Written as one line per request, in AcmeRun's format plus the outcome.
 */
public final class Truth {

    private final String model;
    private final String kind;
    private final String variant;
    private final long gcMillisAtStart;
    private final long gcCountAtStart;
    private final long start;
    private final List<Long> chunks = new ArrayList<>();
    private long end;
    private long gcPauseAllowanceMs;
    private String outcome = "ok";

    public Truth(String model, String kind, String variant) {
        this.model = model;
        this.kind = kind;
        this.variant = variant;
        // read before the clock starts: the first read of the GC beans is slow
        this.gcMillisAtStart = gcMillis();
        this.gcCountAtStart = gcCount();
        this.start = System.nanoTime();
    }

    /**
     * A collection inside the call stops the app between the agent's stamp and the app's: time neither
     * clock can split, so the checks allow it (its total, plus 1 ms for a collection's rounding).
     */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }

    public synchronized void chunk() {
        chunks.add(System.nanoTime());
    }

    public synchronized void end(String how) {
        if (end == 0) {
            end = System.nanoTime();
            outcome = how;
            long collections = gcCount() - gcCountAtStart;
            gcPauseAllowanceMs = collections == 0 ? 0 : gcMillis() - gcMillisAtStart + 1;
        }
    }

    public synchronized void write(Path file) throws IOException {
        StringJoiner times = new StringJoiner(",");
        chunks.forEach(t -> times.add(Long.toString(t)));
        String line = String.join("|", model, kind, variant, Long.toString(start), Long.toString(end),
                times.toString(), outcome, Long.toString(gcPauseAllowanceMs)) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
