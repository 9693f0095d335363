package dev.infertel.it.presets;

import dev.infertel.it.presets.app.AnthropicApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** anthropic-java 3.12.0 with `presets: all`: messages sync, async and streaming, and their endings. */
class AnthropicPresetTest {

    static final String VERSION = "3.12.0";
    static PresetRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("anthropic", AnthropicApp.class, "presets: all");
    }

    @Test
    void everyRequestGivesExactlyOneValidRecord() {
        PresetChecks.oneRecordPerRequest(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "async", "stream"})
    void okCallsCarryModelUsageFinishReasonAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "anthropic-java", VERSION, "end_turn");
    }

    @Test
    void streamTtftAndItlAreWithinOneMillisecondOfTheClient() {
        PresetChecks.streamTimingMatchesTheClient(run, "stream");
    }

    @Test
    void http429RecordsReject() {
        PresetChecks.refusedCallsRecordReject(run, "sync", "com.anthropic.errors.RateLimitException");
    }

    @Test
    void midStreamServerErrorRecordsError() {
        PresetChecks.midStreamFailureRecordsError(run, "stream");
    }

    @Test
    void stoppingToReadEarlyRecordsCancel() {
        PresetChecks.earlyCloseRecordsCancel(run, "stream");
    }

    @Test
    void noPromptTextIsRecorded() throws Exception {
        PresetChecks.noPromptTextRecorded(run, "PROMPT-MARKER");
    }
}
