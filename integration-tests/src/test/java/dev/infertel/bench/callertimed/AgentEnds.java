package dev.infertel.bench.callertimed;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where our agent put each call's start ({@code ts}, epoch micros) and end ({@code ts} plus {@code e2e_ms}),
 * read from the records that {@code telemetry-agent.jar tail --json} prints, by calling thread in call order.
 */
public final class AgentEnds {

    private static final Pattern TS = Pattern.compile("\"ts\":\"([^\"]+)\"");
    private static final Pattern E2E = Pattern.compile("\"e2e_ms\":([0-9.Ee+-]+)");
    private static final Pattern THREAD = Pattern.compile("\"thread\":\"([^\"]+)\"");

    /** One thread's calls as the records have them, in the order of their starts: epoch micros. */
    public record Calls(double[] starts, double[] ends) {
    }

    private AgentEnds() {
    }

    public static Map<String, Calls> read(Path jsonl) throws IOException {
        Map<String, List<double[]>> byThread = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(jsonl)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Instant ts = Instant.parse(field(TS, line));
                double start = ts.getEpochSecond() * 1_000_000.0 + ts.getNano() / 1_000;
                double end = start + Double.parseDouble(field(E2E, line)) * 1_000.0;
                byThread.computeIfAbsent(field(THREAD, line), k -> new ArrayList<>()).add(new double[] {start, end});
            }
        }
        Map<String, Calls> ends = new LinkedHashMap<>();
        byThread.forEach((thread, calls) -> {
            calls.sort((a, b) -> Double.compare(a[0], b[0]));
            ends.put(thread, new Calls(calls.stream().mapToDouble(c -> c[0]).toArray(), calls.stream().mapToDouble(c -> c[1]).toArray()));
        });
        return ends;
    }

    private static String field(Pattern p, String line) {
        Matcher m = p.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("record without " + p.pattern() + ": " + line);
        }
        return m.group(1);
    }
}
