package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.TraceJoinApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real application traced with the OpenTelemetry API and SDK: each record names the span that was
 * current in the application when the call began, read through the application's own API, and carries
 * the config's metadata and the OpenTelemetry resource of the process.
 */
class TraceJoinTest {

    static ChildJvm.Result run;
    static Map<String, JsonNode> records = new HashMap<>();
    /** What the application printed: model, then the trace and span ids it saw. */
    static Map<String, String[]> seen = new HashMap<>();

    @BeforeAll
    static void runTheApp() throws Exception {
        Path dir = AcmeRun.newDir("trace-join");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "metadata:",
                "  team: search",
                "  region: ${env:TRACE_JOIN_REGION}",
                "instrument:",
                "  - name: acme-complete",
                "    class: com.acme.llm.Client",
                "    method: complete",
                "    engine: acme",
                "    model: arg0",
                "  - name: acme-stream-async",
                "    class: com.acme.llm.Client",
                "    method: streamAsync",
                "    engine: acme",
                "    model: arg0",
                "    stream:",
                "      callback: arg2",
                "      on_chunk: [onToken]",
                "      on_complete: [onDone]",
                "      on_error: [onError]",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                ""));
        run = ChildJvm.current().withAgent(config)
                .env("TRACE_JOIN_REGION", "eu-west-1")
                .env("OTEL_SERVICE_NAME", "checkout")
                .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,team.owner=a%2Cb")
                .app(TraceJoinApp.class, openTelemetryJars()).run(dir, "app");
        assertEquals(0, run.exitCode(), run::describe);
        for (String line : run.stdout().split("\n")) {
            String[] parts = line.split(" ");
            seen.put(parts[0], parts);
        }
        for (JsonNode r : Records.readJsonl(dir.resolve("records.jsonl"))) {
            records.put(r.path("model_ref").asText(), r);
        }
        assertEquals(3, records.size(), run::describe);
    }

    /** The API and SDK jars of the test class path: the application's own, never the agent's. */
    private static List<Path> openTelemetryJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().startsWith("opentelemetry-"))
                .map(Path::of).toList();
    }

    private static JsonNode record(String model) {
        JsonNode r = records.get(model);
        assertNotNull(r, () -> "no record for " + model + ": " + run.describe());
        return r;
    }

    @Test
    void aCallInsideASpanCarriesTheSpansIds() {
        JsonNode r = record("in-span");
        assertEquals(seen.get("in-span")[1], r.path("trace_id").asText(null), r::toString);
        assertEquals(seen.get("in-span")[2], r.path("span_id").asText(null), r::toString);
    }

    @Test
    void aStreamedCallCarriesTheSpanCurrentWhenItBegan() {
        JsonNode r = record("streamed-in-span");
        assertEquals(seen.get("streamed-in-span")[1], r.path("trace_id").asText(null), r::toString);
        assertEquals(seen.get("streamed-in-span")[2], r.path("span_id").asText(null), r::toString);
        assertFalse(seen.get("streamed-in-span")[1].equals(seen.get("in-span")[1]), "two traces");
    }

    @Test
    void aCallOutsideAnySpanHasNoIds() {
        JsonNode r = record("no-span");
        assertFalse(r.has("trace_id"), r::toString);
        assertFalse(r.has("span_id"), r::toString);
    }

    @Test
    void everyRecordCarriesTheMetadataAndTheResource() {
        for (JsonNode r : records.values()) {
            assertEquals("{\"team\":\"search\",\"region\":\"eu-west-1\"}", r.path("metadata").toString(), r::toString);
            assertEquals("{\"deployment.environment\":\"prod\",\"team.owner\":\"a,b\",\"service.name\":\"checkout\"}",
                    r.path("resource").toString(), r::toString);
            Records.assertValid(r);
        }
    }
}
