package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.presets.app.SpringAiApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring AI 2.0.1 (its OpenAI module, which runs on openai-java) with `presets: all`: ChatModel.call and
 * StreamingChatModel.stream (a Flux), one record per request although openai-java's own sites are active
 * underneath.
 */
class SpringAiPresetTest {

    static final String VERSION = "2.0.1";
    static PresetRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = PresetRun.run("spring-ai", SpringAiApp.class, "presets: all");
    }

    @Test
    void everyRequestGivesExactlyOneValidRecord() {
        PresetChecks.oneRecordPerRequest(run);
    }

    @Test
    void theOpenAiJavaCallUnderneathIsNotRecordedAgain() {
        List<String> sites = run.records.stream().map(r -> r.path("site").asText()).distinct().sorted().toList();
        assertEquals(List.of("spring-ai-chat", "spring-ai-chat-stream"), sites, () -> "records: " + run.records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "stream"})
    void okCallsCarryModelUsageFinishReasonAndLibraryVersion(String kind) {
        PresetChecks.okCallsCarryModelUsageAndVersion(run, kind, "spring-ai", VERSION, "STOP");
    }

    @Test
    void theFluxTtftAndItlAreWithinOneMillisecondOfTheSubscriber() {
        PresetChecks.streamTimingMatchesTheClient(run, "stream");
    }

    @Test
    void http429RecordsReject() {
        PresetChecks.refusedCallsRecordReject(run, "sync", "com.openai.errors.RateLimitException");
        // the stream's Flux fails with openai-java's failed future: the rate limit is its cause
        PresetChecks.refusedCallsRecordReject(run, "stream", "java.util.concurrent.CompletionException");
    }

    @Test
    void midStreamServerErrorRecordsError() {
        PresetChecks.midStreamFailureRecordsError(run, "stream");
    }

    @Test
    void takingTwoChunksRecordsCancel() {
        PresetChecks.earlyCloseRecordsCancel(run, "stream");
    }

    @Test
    void theModelComesFromThePromptOrElseTheChatModelDefaults() {
        // sync calls give no model in the prompt, streams give one that is not the chat model's default
        for (PresetRun.Truth t : run.truth.values()) {
            JsonNode r = run.record(t.call().model());
            assertEquals(t.call().model(), r.path("model_ref").asText(), r::toString);
        }
        assertTrue(run.records.stream().noneMatch(r -> r.path("model_ref").asText().equals("spring-default-model")));
    }

    @Test
    void startupNamesThePresetsAndSites() {
        String log = String.join("\n", run.result.agentLines());
        assertTrue(log.contains("presets [openai-java, anthropic-java, langchain4j, spring-ai, google-genai, ollama4j] active"),
                log);
        assertTrue(log.contains("spring-ai-chat-stream"), log);
    }

    @Test
    void noPromptTextIsRecorded() throws Exception {
        PresetChecks.noPromptTextRecorded(run, "PROMPT-MARKER");
    }
}
