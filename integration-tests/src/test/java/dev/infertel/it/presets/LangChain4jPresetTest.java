package dev.infertel.it.presets;

import dev.infertel.it.presets.app.LangChainApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LangChain4j 1.19.0 (its OpenAI models) with `presets: [langchain4j]`: ChatModel and StreamingChatModel. */
class LangChain4jPresetTest {

    static final String VERSION = "1.19.0";
    static PresetRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("langchain4j", LangChainApp.class, "presets: [langchain4j]");
    }

    @Test
    void everyRequestGivesExactlyOneValidRecord() {
        PresetChecks.oneRecordPerRequest(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "stream"})
    void okCallsCarryModelUsageFinishReasonAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "langchain4j", VERSION, "STOP");
    }

    @Test
    void streamTtftAndItlAreWithinOneMillisecondOfTheHandler() {
        PresetChecks.streamTimingMatchesTheClient(run, "stream");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "stream"})
    void http429RecordsReject(String kind) {
        PresetChecks.refusedCallsRecordReject(run, kind, "dev.langchain4j.exception.RateLimitException");
    }

    @Test
    void midStreamServerErrorRecordsError() {
        PresetChecks.midStreamFailureRecordsError(run, "stream");
    }

    @Test
    void noPromptTextIsRecorded() throws Exception {
        PresetChecks.noPromptTextRecorded(run, "PROMPT-MARKER");
    }
}
