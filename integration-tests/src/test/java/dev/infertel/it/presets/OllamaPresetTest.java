package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.presets.app.OllamaApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ollama4j 1.1.6 with `presets: [ollama4j]` against Ollama's NDJSON: chat without and with a token
 * handler, generate with a stream observer. The client offers no way to stop reading early, and reports
 * every HTTP failure, 429 included, as the same OllamaException: such calls record exit=error.
 */
class OllamaPresetTest {

    static final String VERSION = "1.1.6";
    static PresetRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("ollama4j", OllamaApp.class, "presets: [ollama4j]");
    }

    @Test
    void everyRequestGivesExactlyOneValidRecord() {
        PresetChecks.oneRecordPerRequest(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "stream", "generate"})
    void okCallsCarryModelUsageFinishReasonAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "ollama4j", VERSION, "stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "generate"})
    void handlerTtftAndItlAreWithinOneMillisecondOfTheClient(String kind) {
        PresetChecks.streamTimingMatchesTheClient(run, kind);
    }

    @Test
    void aRefusedRequestRecordsErrorWithTheLibrarysException() {
        for (String kind : new String[] {"sync", "stream"}) {
            for (PresetRun.Truth t : PresetChecks.calls(run, kind, "refused")) {
                JsonNode r = run.record(t.call().model());
                assertEquals("error", r.path("exit").asText(), r::toString);
                assertEquals(t.outcome(), r.path("error_type").asText(), r::toString);
            }
        }
    }

    @Test
    void midStreamServerErrorRecordsError() {
        PresetChecks.midStreamFailureRecordsError(run, "stream");
    }

    @Test
    void startupNamesThePresetAndItsSites() {
        String log = String.join("\n", run.result.agentLines());
        assertTrue(log.contains("presets [ollama4j] active"), log);
        assertTrue(log.contains("ollama4j-generate"), log);
    }

    @Test
    void noPromptTextIsRecorded() throws Exception {
        PresetChecks.noPromptTextRecorded(run, "PROMPT-MARKER");
    }
}
