package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.llm.AcmeException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.presets.app.ReactiveApp;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code returns: publisher} on a reactive client: Reactor Flux and Mono (their types kept), a JDK
 * Flow.Publisher and a Reactive Streams Publisher; one record per subscription; cancel and error ends;
 * a call nested in a publisher's subscription (before or after the subscriber has its subscription) is not
 * recorded twice.
 */
class ReactivePublisherTest {

    static PresetRun run;

    static final String[] SITES = {
        site("rx-stream", "ReactiveClient", "stream", "publisher"),
        site("rx-complete", "ReactiveClient", "complete", "publisher"),
        site("rx-flow", "ReactiveClient", "flow", "publisher"),
        site("rx-publisher", "ReactiveClient", "publisher", "publisher"),
        site("rx-chat", "ReactiveClient", "chat", "publisher"),
        site("rx-chat-late", "ReactiveClient", "chatLate", "publisher"),
        site("rx-lookup", "ModelDirectory", "lookup", null)};

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("reactive", ReactiveApp.class, "instrument:", SITES);
    }

    static String site(String name, String type, String method, String returns) {
        return String.join("\n",
                "  - name: " + name,
                "    class: com.acme.reactive." + type,
                "    method: " + method,
                "    engine: acme-rx",
                "    model: arg0",
                returns == null ? "" : "    stream: {returns: " + returns + "}");
    }

    @Test
    void oneRecordPerSubscriptionAndTheTypesStay() throws Exception {
        assertEquals(0, run.result.exitCode(), run.result::describe);
        List<String> requests = Files.readAllLines(run.dir.resolve("truth.txt")).stream()
                .map(l -> l.substring(0, l.indexOf('|'))).sorted().toList();
        List<String> models = run.records.stream().map(r -> r.path("model_ref").asText()).sorted().toList();
        assertEquals(requests, models, () -> "records: " + run.records);
        run.records.forEach(dev.infertel.it.Records::assertValid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flux", "flow", "rs", "nested"})
    void ttftAndItlAreWithinOneMillisecondOfTheSubscriber(String kind) {
        PresetChecks.streamTimingMatchesTheClient(run, kind);
        for (PresetRun.Truth t : PresetChecks.calls(run, kind, "ok")) {
            assertEquals("ok", run.record(t.call().model()).path("exit").asText());
        }
    }

    @Test
    void aNestedCallInsideTheSubscriptionIsNotRecordedTwice() {
        for (PresetRun.Truth t : PresetChecks.calls(run, "nested", "ok")) {
            JsonNode r = run.record(t.call().model());
            assertEquals(t.call().model().startsWith("rx-late") ? "rx-chat-late" : "rx-chat", r.path("site").asText(),
                    r::toString);
        }
        assertEquals(0, run.records.stream().filter(r -> r.path("site").asText().equals("rx-lookup")).count());
    }

    @Test
    void nestedAllRecordsEveryLayer() throws Exception {
        PresetRun all = PresetRun.run("reactive-nested-all", ReactiveApp.class, "nested: all\ninstrument:", SITES);
        assertEquals(0, all.result.exitCode(), all.result::describe);
        List<String> sites = all.records.stream().filter(r -> r.path("model_ref").asText().equals("rx-nested-0"))
                .map(r -> r.path("site").asText()).sorted().toList();
        assertEquals(List.of("rx-chat", "rx-lookup", "rx-stream"), sites, () -> "records: " + all.records);
    }

    @Test
    void aMonoEndsWithItsValue() {
        for (PresetRun.Truth t : PresetChecks.calls(run, "mono", "ok")) {
            JsonNode r = run.record(t.call().model());
            assertEquals("ok", r.path("exit").asText(), r::toString);
            assertEquals(1, r.path("chunks").asInt(), r::toString);
            assertEquals(t.call().ttftMs(), r.path("first_token_ms").asDouble(-1), PresetChecks.TOLERANCE_MS, r::toString);
        }
    }

    @Test
    void takeTwoRecordsCancelAndAnErrorRecordsError() {
        PresetChecks.earlyCloseRecordsCancel(run, "flux");
        JsonNode failed = run.record("rx-flux-fail");
        assertEquals("error", failed.path("exit").asText(), failed::toString);
        assertEquals(AcmeException.class.getName(), failed.path("error_type").asText(), failed::toString);
        assertEquals(ProviderScript.FAIL_AFTER, failed.path("chunks").asInt(-1), failed::toString);
    }

    @Test
    void eachSubscriptionOfOneFluxIsItsOwnRecord() {
        List<JsonNode> twice = run.records.stream().filter(r -> r.path("model_ref").asText().equals("rx-twice")).toList();
        assertEquals(2, twice.size(), () -> "records: " + twice);
        for (JsonNode r : twice) {
            assertEquals("ok", r.path("exit").asText(), r::toString);
            assertEquals(ProviderScript.TOKENS, r.path("chunks").asInt(), r::toString);
            // the second subscription starts its own clock: its TTFT is the script's, not the first's e2e
            assertEquals(ProviderScript.TTFT_MS, r.path("first_token_ms").asDouble(), 15, r::toString);
        }
    }
}
