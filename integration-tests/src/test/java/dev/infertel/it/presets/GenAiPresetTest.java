package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.presets.app.GenAiApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * google-genai 2.0.0 with `presets: [google-genai]` against the Gemini wire format: generateContent and
 * generateContentStream (a ResponseStream, timed through its iterator), sync and async.
 */
class GenAiPresetTest {

    static final String VERSION = "2.0.0";
    static PresetRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("google-genai", GenAiApp.class, "presets: [google-genai]");
    }

    @Test
    void everyRequestGivesExactlyOneValidRecord() {
        PresetChecks.oneRecordPerRequest(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "async", "stream", "astream"})
    void okCallsCarryModelUsageFinishReasonAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "google-genai", VERSION, "STOP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "astream"})
    void streamTtftAndItlAreWithinOneMillisecondOfTheIteratingClient(String kind) {
        PresetChecks.streamTimingMatchesTheClient(run, kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "stream"})
    void http429RecordsReject(String kind) {
        PresetChecks.refusedCallsRecordReject(run, kind, "com.google.genai.errors.ClientException");
    }

    @Test
    void midStreamServerErrorRecordsError() {
        PresetChecks.midStreamFailureRecordsError(run, "stream");
    }

    @Test
    void closingTheResponseStreamEarlyRecordsCancel() {
        PresetChecks.earlyCloseRecordsCancel(run, "stream");
    }

    @Test
    void startupNamesThePresetAndItsSites() {
        String log = String.join("\n", run.result.agentLines());
        assertTrue(log.contains("presets [google-genai] active"), log);
        assertTrue(log.contains("google-genai-generate-async-stream"), log);
    }

    @Test
    void noPromptTextIsRecorded() throws Exception {
        PresetChecks.noPromptTextRecorded(run, "PROMPT-MARKER");
    }
}
