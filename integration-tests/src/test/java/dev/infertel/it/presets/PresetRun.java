package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.AcmeRun;
import dev.infertel.it.ChildJvm;
import dev.infertel.it.Records;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a client app (real library, no telemetry code) in a child JVM with the agent and only a
 * {@code presets:} line of config, against the {@link ScriptedProviderServer}; the app's truth and the
 * records are read back.
 */
public final class PresetRun {

    public final ChildJvm.Result result;
    public final Map<String, Truth> truth;
    public final List<JsonNode> records;
    public final Path dir;

    private PresetRun(Path dir, ChildJvm.Result result, Map<String, Truth> truth, List<JsonNode> records) {
        this.dir = dir;
        this.result = result;
        this.truth = truth;
        this.records = records;
    }

    /** Runs {@code app}; {@code presetsLine} follows the queue and sink lines (e.g. {@code presets: [openai-java]}). */
    public static PresetRun run(String name, Class<?> app, String presetsLine, String... extraConfig)
            throws IOException, InterruptedException {
        Path dir = AcmeRun.newDir(name);
        List<String> config = new ArrayList<>(List.of(
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                presetsLine));
        config.addAll(Arrays.asList(extraConfig));
        Path configFile = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n", config) + "\n");
        Path truthFile = dir.resolve("truth.txt");
        ChildJvm.Result result;
        try (ScriptedProviderServer server = ScriptedProviderServer.start()) {
            result = ChildJvm.current().withAgent(configFile)
                    .app(app, clientLibraries(), server.baseUrl(), truthFile.toString())
                    .run(dir, "app");
        }
        Map<String, Truth> truth = new LinkedHashMap<>();
        if (Files.exists(truthFile)) {
            for (String line : Files.readAllLines(truthFile)) {
                Truth t = Truth.parse(line);
                truth.put(t.call().model(), t);
            }
        }
        return new PresetRun(dir, result, truth, Records.readJsonl(dir.resolve("records.jsonl")));
    }

    /** The real client libraries of this module's test class path, without the agent's own modules. */
    static List<Path> clientLibraries() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> libs = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.isBlank() || e.contains("/agent/target/") || e.contains("/bootstrap/target/")
                    || e.contains("/nvml-native/target/") || e.contains("/contracts/target/")
                    || e.contains("/integration-tests/target/") || e.contains("surefire")) {
                continue;
            }
            libs.add(Path.of(entry));
        }
        return libs;
    }

    public JsonNode record(String model) {
        List<JsonNode> found = records.stream().filter(r -> model.equals(r.path("model_ref").asText(null))).toList();
        assertEquals(1, found.size(), () -> "records for " + model + ": " + found + "\napp: " + result.describe());
        return found.get(0);
    }

    public Truth truth(String model) {
        Truth t = truth.get(model);
        assertNotNull(t, () -> "the app did not report " + model + "; app: " + result.describe());
        return t;
    }

    /**
     * The app's view of one request: AcmeRun's call timing, how the app saw it end, and the garbage
     * collection time inside the call (a pause no clock can place on either side of the agent's stamp).
     */
    public record Truth(AcmeRun.Call call, String outcome, long gcPauseAllowanceMs) {
        static Truth parse(String line) {
            int gcCut = line.lastIndexOf('|');
            int cut = line.lastIndexOf('|', gcCut - 1);
            return new Truth(callOf(line.substring(0, cut)), line.substring(cut + 1, gcCut),
                    Long.parseLong(line.substring(gcCut + 1)));
        }

        /** The timing tolerance for this call: {@code base}, plus the collections the app saw inside it. */
        public double toleranceMs(double base) {
            return base + gcPauseAllowanceMs;
        }

        private static AcmeRun.Call callOf(String line) {
            String[] f = line.split("\\|", -1);
            long[] chunks = f[5].isEmpty() ? new long[0]
                    : Arrays.stream(f[5].split(",")).mapToLong(Long::parseLong).toArray();
            return new AcmeRun.Call(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), chunks);
        }
    }
}
