package dev.infertel.it.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infertel.it.gpu.app.GpuPairingApp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link GpuPairingApp} in a child JVM with the agent, its GPU section pointing at a (fake) NVML. */
final class AgentJvm {

    static final Path FAKE_DIR = Path.of("../nvml-native/target/fake-nvml").toAbsolutePath().normalize();
    static final Path FAKE_CURRENT = FAKE_DIR.resolve("current/libnvidia-ml.so.1");
    /** Built without nvmlDeviceGetTotalEnergyConsumption. */
    static final Path FAKE_OLD = FAKE_DIR.resolve("old/libnvidia-ml.so.1");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run left behind. */
    record Run(int exitCode, String stdout, String stderr, List<JsonNode> records) {

        List<String> agentLines() {
            return stderr.lines().filter(l -> l.startsWith("[telemetry-agent] ")).toList();
        }

        JsonNode record(String model) {
            return records.stream().filter(r -> model.equals(r.path("model_ref").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no record for " + model + " in " + records));
        }
    }

    private AgentJvm() {
    }

    static Path agentJar() {
        Path jar = Path.of(System.getProperty("agent.jar", "../agent/target/telemetry-agent.jar"));
        assumeTrue(Files.isRegularFile(jar), "agent jar " + jar + " missing: mvn -pl agent -am package");
        return jar;
    }

    static Path requireFake(Path library) {
        assumeTrue(Files.isRegularFile(library), "fake NVML " + library
                + " missing: it is built by nvml-native's test build (mvn -pl integration-tests -am verify)");
        return library;
    }

    /** Runs the app with {@code gpu: {library, interval_ms}} and the environment additions {@code env}. */
    static Run run(Path dir, Path library, int intervalMs, Map<String, String> env, String... appArgs)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path records = dir.resolve("records.jsonl");
        Path config = dir.resolve("telemetry.yaml");
        Files.writeString(config, String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "instrument:",
                "  - name: scripted-stream",
                "    class: dev.infertel.it.gpu.app.ScriptedLlmClient",
                "    method: stream",
                "    engine: scripted",
                "    model: arg0",
                "    stream:",
                "      callback: arg2",
                "      on_chunk: [onChunk]",
                "      on_complete: [onComplete]",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + records + "'",
                "gpu:",
                "  library: '" + library + "'",
                "  interval_ms: " + intervalMs,
                ""));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar().toAbsolutePath() + "=config=" + config,
                "-cp", appClasses().toString(),
                GpuPairingApp.class.getName()));
        command.addAll(List.of(appArgs));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("FAKE_NVML_SCRIPT");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the app did not end within 90 s");
        List<JsonNode> parsed = new ArrayList<>();
        if (Files.exists(records)) {
            for (String line : Files.readAllLines(records, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    parsed.add(JSON.readTree(line));
                }
            }
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), parsed);
    }

    /** Only the test classes: the app must not see the agent's own classes. */
    private static Path appClasses() {
        try {
            return Path.of(GpuPairingApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
