package dev.infertel.it.presets.app;

import java.io.IOException;
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
    private final long start = System.nanoTime();
    private final List<Long> chunks = new ArrayList<>();
    private long end;
    private String outcome = "ok";

    public Truth(String model, String kind, String variant) {
        this.model = model;
        this.kind = kind;
        this.variant = variant;
    }

    public synchronized void chunk() {
        chunks.add(System.nanoTime());
    }

    public synchronized void end(String how) {
        if (end == 0) {
            end = System.nanoTime();
            outcome = how;
        }
    }

    public synchronized void write(Path file) throws IOException {
        StringJoiner times = new StringJoiner(",");
        chunks.forEach(t -> times.add(Long.toString(t)));
        String line = String.join("|", model, kind, variant, Long.toString(start), Long.toString(end),
                times.toString(), outcome) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
