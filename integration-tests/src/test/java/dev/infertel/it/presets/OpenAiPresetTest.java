package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.presets.app.OpenAiApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * openai-java 4.101.0 with `presets: [openai-java]` and nothing else: chat completions and responses, every
 * call shape, every ending.
 */
class OpenAiPresetTest {

    static final String VERSION = "4.101.0";
    static PresetRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("openai", OpenAiApp.class, "presets: [openai-java]");
    }

    @Test
    void everyRequestGivesExactlyOneValidRecord() {
        PresetChecks.oneRecordPerRequest(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "async", "stream", "astream"})
    void okCallsCarryModelUsageFinishReasonAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "openai-java", VERSION, "stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"resp", "aresp", "rstream", "arstream"})
    void responsesCarryModelUsageStatusAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "openai-java", VERSION, "completed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "astream", "rstream", "arstream"})
    void streamTtftAndItlAreWithinOneMillisecondOfTheClient(String kind) {
        PresetChecks.streamTimingMatchesTheClient(run, kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "stream", "astream", "resp", "rstream"})
    void http429RecordsReject(String kind) {
        PresetChecks.refusedCallsRecordReject(run, kind, "com.openai.errors.RateLimitException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "astream"})
    void midStreamServerErrorRecordsError(String kind) {
        PresetChecks.midStreamFailureRecordsError(run, kind);
    }

    /** The SDK hands a Responses stream's error event to the caller instead of throwing: error_when ends it. */
    @ParameterizedTest
    @ValueSource(strings = {"rstream", "arstream"})
    void responsesErrorEventRecordsError(String kind) {
        PresetChecks.midStreamFailureRecordsError(run, kind);
        for (PresetRun.Truth t : PresetChecks.calls(run, kind, "fail")) {
            assertEquals("com.openai.models.responses.ResponseErrorEvent", t.outcome(), t::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "rstream"})
    void stoppingToReadEarlyRecordsCancel(String kind) {
        PresetChecks.earlyCloseRecordsCancel(run, kind);
    }

    @Test
    void startupNamesThePresetAndItsSites() {
        String log = String.join("\n", run.result.agentLines());
        assertTrue(log.contains("presets [openai-java] active"), log);
        assertTrue(log.contains("openai-chat-stream"), log);
        assertTrue(log.contains("openai-responses-async-stream"), log);
    }

    @Test
    void noPromptTextIsRecorded() throws Exception {
        PresetChecks.noPromptTextRecorded(run, "PROMPT-MARKER");
    }
}
