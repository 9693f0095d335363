package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.ScriptedApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@link ScriptedApp} in a child JVM, with the agent recording every Client method to a
 * queue and a JSONL sink, and the app's own truth read back.
 */
public final class AcmeRun {

    /** Put into every prompt; must never reach a record or the queue. */
    public static final String MARKER = "PROMPT-MARKER-d41d8cd98f00b204";

    private static AcmeRun shared;

    public final Path dir;
    public final ChildJvm.Result result;
    public final Map<String, Call> truth;
    public final List<JsonNode> records;

    private AcmeRun(Path dir, ChildJvm.Result result, Map<String, Call> truth, List<JsonNode> records) {
        this.dir = dir;
        this.result = result;
        this.truth = truth;
        this.records = records;
    }

    /** The full scenario (8 threads, every kind and variant) on this JDK, run once for all test classes. */
    public static synchronized AcmeRun shared() throws IOException, InterruptedException {
        if (shared == null) {
            // the 1 ms timing checks read this run: its calls start once the agent's background start is done
            shared = run(ChildJvm.current(), newDir("shared"), true, "threads=8", "requests=2", "start_after_ms=800");
        }
        return shared;
    }

    public static Path newDir(String name) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "it-runs").toAbsolutePath());
        return Files.createTempDirectory(base, name + "-");
    }

    /** Runs the app in {@code dir}, with the agent when {@code withAgent}; adds truth= and marker=. */
    public static AcmeRun run(ChildJvm jvm, Path dir, boolean withAgent, String... appArgs)
            throws IOException, InterruptedException {
        Path truthFile = dir.resolve("truth.txt");
        if (withAgent) {
            jvm.withAgent(writeConfig(dir));
        }
        String[] args = Arrays.copyOf(appArgs, appArgs.length + 2);
        args[appArgs.length] = "truth=" + truthFile;
        args[appArgs.length + 1] = "marker=" + MARKER;
        ChildJvm.Result result = jvm.app(ScriptedApp.class, List.of(), args).run(dir, withAgent ? "app" : "app-plain");
        Map<String, Call> truth = new LinkedHashMap<>();
        if (Files.exists(truthFile)) {
            for (String line : Files.readAllLines(truthFile)) {
                Call c = Call.parse(line);
                truth.put(c.model(), c);
            }
        }
        return new AcmeRun(dir, result, truth, Records.readJsonl(dir.resolve("records.jsonl")));
    }

    public static Path writeConfig(Path dir) {
        String config = String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "instrument:",
                callbackSite("acme-stream", "stream"),
                callbackSite("acme-stream-async", "streamAsync"),
                returnsSite("acme-iterate", "iterate", "iterator"),
                returnsSite("acme-stream-of", "streamOf", "stream"),
                returnsSite("acme-future", "future", "future"),
                "  - name: acme-complete",
                "    class: com.acme.llm.Client",
                "    method: complete",
                "    engine: acme",
                "    model: arg0",
                "  - name: acme-chat",
                "    class: com.acme.llm.Client",
                "    method: chat",
                "    engine: acme",
                "    model: arg0",
                "  - name: acme-backend",
                "    class: com.acme.llm.Backend",
                "    method: generate",
                "    engine: acme",
                "    model: arg0",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                "");
        try {
            return Files.writeString(dir.resolve("telemetry.yaml"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String callbackSite(String name, String method) {
        return String.join("\n",
                "  - name: " + name,
                "    class: com.acme.llm.Client",
                "    method: " + method,
                "    engine: acme",
                "    model: arg0",
                "    stream:",
                "      callback: arg2",
                "      on_chunk: [onToken]",
                "      on_complete: [onDone]",
                "      on_error: [onError]");
    }

    private static String returnsSite(String name, String method, String returns) {
        return String.join("\n",
                "  - name: " + name,
                "    class: com.acme.llm.Client",
                "    method: " + method,
                "    engine: acme",
                "    model: arg0",
                "    stream:",
                "      returns: " + returns);
    }

    public JsonNode record(String model) {
        JsonNode found = records.stream().filter(r -> model.equals(r.path("model_ref").asText(null)))
                .findFirst().orElse(null);
        assertNotNull(found, () -> "no record for " + model + "; app: " + result.describe());
        return found;
    }

    /** The app's clock readings for one call (nanoTime). */
    public record Call(String model, String kind, String variant, long start, long end, long[] chunks) {

        static Call parse(String line) {
            String[] f = line.split("\\|", -1);
            long[] chunks = f[5].isEmpty() ? new long[0] : Arrays.stream(f[5].split(",")).mapToLong(Long::parseLong).toArray();
            return new Call(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), chunks);
        }

        public double ttftMs() {
            return (chunks[0] - start) / 1e6;
        }

        public double e2eMs() {
            return (end - start) / 1e6;
        }

        public long[] gapsNs() {
            long[] gaps = new long[Math.max(0, chunks.length - 1)];
            for (int i = 1; i < chunks.length; i++) {
                gaps[i - 1] = chunks[i] - chunks[i - 1];
            }
            return gaps;
        }

        /** mean, p50, p90, p95, p99, min, max of the gaps in ms; nearest-rank percentiles. */
        public Map<String, Double> itlMs() {
            long[] sorted = gapsNs().clone();
            Arrays.sort(sorted);
            Map<String, Double> stats = new LinkedHashMap<>();
            stats.put("mean", Arrays.stream(sorted).average().orElseThrow() / 1e6);
            for (int p : new int[] {50, 90, 95, 99}) {
                int rank = (int) Math.ceil(p / 100.0 * sorted.length);
                stats.put("p" + p, sorted[Math.max(rank, 1) - 1] / 1e6);
            }
            stats.put("min", sorted[0] / 1e6);
            stats.put("max", sorted[sorted.length - 1] / 1e6);
            return stats;
        }
    }
}
