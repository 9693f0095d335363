package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.EveryCallEndsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every call ends in a record, whether or not the client tells the agent: a stream that ends through a
 * callback method the site does not name, or never, is recorded with exit timeout once it has been open
 * for stream.max_duration; one still open at exit is recorded as cancel. Both are counted in the log.
 */
class EveryCallEndsTest {

    @Test
    void callsThatNeverSignalTheirEndAreRecordedAsTimeoutOrCancel() throws Exception {
        Path dir = AcmeRun.newDir("every-call-ends");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "stream:",
                "  max_duration: 1s",
                "instrument:",
                "  - name: ending-stream",
                "    class: com.acme.ends.EndingClient",
                "    method: stream",
                "    model: arg0",
                "    stream:",
                "      callback: arg3",
                "      on_chunk: [onToken]",
                "      on_complete: [onDone]",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                ""));
        ChildJvm.Result run = ChildJvm.current().withAgent(config)
                .app(EveryCallEndsApp.class, List.of(), "2500").run(dir, "app");
        assertEquals(0, run.exitCode(), run::describe);

        Map<String, JsonNode> byModel = new HashMap<>();
        for (JsonNode r : Records.readJsonl(dir.resolve("records.jsonl"))) {
            Records.assertValid(r);
            byModel.put(r.path("model_ref").asText(), r);
        }
        assertEquals(4, byModel.size(), () -> byModel + "\n" + run.describe());
        assertEquals("ok", byModel.get("ends-done").path("exit").asText(), run::describe);
        JsonNode viaOnError = byModel.get("ends-through-on-error");
        assertEquals("timeout", viaOnError.path("exit").asText(), viaOnError::toString);
        assertEquals(3, viaOnError.path("chunks").asInt(), viaOnError::toString);
        // recorded when the limit passed, with the call's window up to then
        assertTrue(viaOnError.path("e2e_ms").asDouble() >= 1000, viaOnError::toString);
        assertEquals("timeout", byModel.get("ends-never").path("exit").asText(), run::describe);
        assertEquals("cancel", byModel.get("open-at-exit").path("exit").asText(), run::describe);
        assertTrue(run.stderr().contains("calls recorded as timeout (open past stream.max_duration): 2, as cancel (open at exit): 1"),
                run::describe);
    }
}
