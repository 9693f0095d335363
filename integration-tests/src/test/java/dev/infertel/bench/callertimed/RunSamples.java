package dev.infertel.bench.callertimed;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link CallerTimedApp} wrote: its anchor on the wall clock and every call's stamps, by case. */
public record RunSamples(long anchorEpochMicros, long anchorNanos, Map<String, List<Call>> byCase) {

    /** One call as its caller timed it, on the {@link System#nanoTime()} clock. */
    public record Call(String thread, int seq, long startNanos, long endNanos) {
        public long latencyNanos() {
            return endNanos - startNanos;
        }
    }

    /** The caller's return on the records' clock, in epoch micros (fractional, so that rounding happens once). */
    public double epochMicros(long nanoTime) {
        return anchorEpochMicros + (nanoTime - anchorNanos) / 1_000.0;
    }

    /** The calls of the second half of each thread's run: the first half warms the case up. */
    public static List<Call> secondHalf(List<Call> calls) {
        Map<String, Integer> perThread = new LinkedHashMap<>();
        for (Call c : calls) {
            perThread.merge(c.thread(), 1, Integer::sum);
        }
        List<Call> kept = new ArrayList<>();
        for (Call c : calls) {
            if (c.seq() >= perThread.get(c.thread()) / 2) {
                kept.add(c);
            }
        }
        return kept;
    }

    public static RunSamples read(Path file) throws IOException {
        long epoch = 0;
        long nanos = 0;
        Map<String, List<Call>> byCase = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] p = line.split(" ");
                if (line.startsWith("# anchor ")) {
                    epoch = Long.parseLong(p[2]);
                    nanos = Long.parseLong(p[3]);
                } else if (!line.isBlank()) {
                    byCase.computeIfAbsent(p[0], k -> new ArrayList<>())
                            .add(new Call(p[1], Integer.parseInt(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4])));
                }
            }
        }
        return new RunSamples(epoch, nanos, byCase);
    }
}
