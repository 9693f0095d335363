package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.ScriptedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent finds its config through -Dtelemetry.agent.config or TELEMETRY_AGENT_CONFIG, in YAML or JSON. */
class ConfigSourceTest {

    static final String[] APP_ARGS = {"threads=1", "requests=1", "kinds=plain,iterator", "variants=ok"};

    @Test
    void jsonConfigNamedByTheSystemPropertyIsUsed() throws Exception {
        Path dir = AcmeRun.newDir("json-config");
        Path config = Files.writeString(dir.resolve("telemetry.json"), Records.JSON.writeValueAsString(Map.of(
                "queue", Map.of("dir", dir.resolve("queue").toString()),
                "instrument", List.of(
                        Map.of("name", "json-complete", "class", "com.acme.llm.Client", "method", "complete", "model", "arg0"),
                        Map.of("name", "json-iterate", "class", "com.acme.llm.Client", "method", "iterate", "model", "arg0",
                                "stream", Map.of("returns", "iterator"))),
                "sinks", List.of(Map.of("type", "jsonl", "path", dir.resolve("records.jsonl").toString())))));
        ChildJvm.Result run = ChildJvm.current().withBareAgent().jvmArg("-Dtelemetry.agent.config=" + config)
                .app(ScriptedApp.class, List.of(), APP_ARGS).run(dir, "app");
        assertRecorded(dir, run, "json-complete", "json-iterate");
    }

    @Test
    void yamlConfigNamedByTheEnvironmentIsUsed() throws Exception {
        Path dir = AcmeRun.newDir("env-config");
        Path config = AcmeRun.writeConfig(dir);
        ChildJvm.Result run = ChildJvm.current().withBareAgent().env("TELEMETRY_AGENT_CONFIG", config.toString())
                .app(ScriptedApp.class, List.of(), APP_ARGS).run(dir, "app");
        assertRecorded(dir, run, "acme-complete", "acme-iterate");
    }

    private static void assertRecorded(Path dir, ChildJvm.Result run, String plainSite, String iteratorSite)
            throws Exception {
        assertEquals(0, run.exitCode(), run::describe);
        List<JsonNode> records = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(java.util.stream.Stream.of(iteratorSite, plainSite).sorted().toList(),
                records.stream().map(r -> r.path("site").asText()).sorted().toList(), run::describe);
        records.forEach(Records::assertValid);
    }
}
