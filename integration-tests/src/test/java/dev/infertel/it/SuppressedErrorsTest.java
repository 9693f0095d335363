package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.OddModelApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the agent swallows is counted by kind, logged once per kind with its stack, and shown by
 * {@code status}; the call it happened in is still recorded and the application sees nothing.
 */
class SuppressedErrorsTest {

    private static final int CALLS_EACH = 200;

    @Test
    void aValueWhoseTextFailsIsCountedLoggedOnceAndShownByStatus() throws Exception {
        Path dir = AcmeRun.newDir("suppressed-errors");
        Path queue = dir.resolve("queue");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + queue + "'",
                "instrument:",
                "  - name: odd-model",
                "    class: com.acme.odd.OddModelClient",
                "    method: complete",
                "    model: arg0",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                ""));
        ChildJvm.Result run = ChildJvm.current().withAgent(config)
                .app(OddModelApp.class, List.of(), Integer.toString(CALLS_EACH)).run(dir, "app");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("answers " + 3 * CALLS_EACH, run.stdout().strip(), run::describe);

        // every call recorded; the failing model texts are absent rather than the calls lost
        List<JsonNode> records = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(3 * CALLS_EACH, records.size(), run::describe);
        long good = records.stream().filter(r -> r.path("model_ref").asText().equals("good-model")).count();
        long absent = records.stream().filter(r -> r.path("model_ref").isNull() || r.path("model_ref").isMissingNode())
                .count();
        assertEquals(CALLS_EACH, good, run::describe);
        assertEquals(2L * CALLS_EACH, absent, run::describe);

        // one warning with its stack for the kind, not one per call
        String kind = "value-text java.lang.IllegalStateException";
        assertEquals(1, count(run.stderr(), "agent error swallowed at value-text"), run::describe);
        assertTrue(run.stderr().contains("the app's own bug"), run::describe);
        assertTrue(run.stderr().contains("at dev.infertel.it.app.OddModelApp$1.toString"), run::describe);

        ChildJvm.Result status = ChildJvm.current().agentCli("status", "--queue", queue.toString()).run(dir, "status");
        assertEquals(0, status.exitCode(), status::describe);
        Matcher m = Pattern.compile("agent pid " + run.pid() + " .*\\(ended, .*recorded (\\d+), .*errors suppressed (\\d+)"
                + " \\(" + Pattern.quote(kind) + ": (\\d+)\\)").matcher(status.stdout());
        assertTrue(m.find(), status::describe);
        assertEquals(3 * CALLS_EACH, Integer.parseInt(m.group(1)), status::describe);
        assertEquals(CALLS_EACH, Integer.parseInt(m.group(2)), status::describe);
        assertEquals(CALLS_EACH, Integer.parseInt(m.group(3)), status::describe);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
