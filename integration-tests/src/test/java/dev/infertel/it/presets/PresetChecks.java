package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.AcmeRun;
import dev.infertel.it.Records;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** The checks every preset must pass, against the app's own view of each request. */
final class PresetChecks {

    static final double TOLERANCE_MS = 1.0;
    /**
     * The first call of a kind in the JVM runs the client's own code cold (class loading, first-use
     * initialisation) between the app's start stamp and the instrumented method's entry: time that
     * belongs to neither clock's event. It is checked one-sided (the agent never reports more than the
     * app saw) and within this bound, and the difference is printed.
     */
    static final double COLD_TOLERANCE_MS = 10.0;

    private PresetChecks() {
    }

    static List<PresetRun.Truth> calls(PresetRun run, String kind, String variant) {
        List<PresetRun.Truth> calls = run.truth.values().stream()
                .filter(t -> t.call().kind().equals(kind) && t.call().variant().equals(variant)).toList();
        assertFalse(calls.isEmpty(), () -> "the app made no " + kind + "/" + variant + " call: " + run.result.describe());
        return calls;
    }

    static void oneRecordPerRequest(PresetRun run) {
        assertEquals(0, run.result.exitCode(), run.result::describe);
        List<String> models = run.records.stream().map(r -> r.path("model_ref").asText()).sorted().toList();
        assertEquals(run.truth.keySet().stream().sorted().toList(), models, () -> "records: " + run.records);
        run.records.forEach(Records::assertValid);
    }

    static void okCallsCarryModelUsageAndVersion(PresetRun run, String kind, String engine, String version,
                                                 String finishReason) {
        List<Executable> checks = new ArrayList<>();
        for (PresetRun.Truth t : calls(run, kind, "ok")) {
            assertEquals("ok", t.outcome(), t::toString);
            JsonNode r = run.record(t.call().model());
            checks.add(() -> assertEquals("ok", r.path("exit").asText(), r::toString));
            checks.add(() -> assertEquals(engine, r.path("engine").asText(), r::toString));
            checks.add(() -> assertEquals(version, r.path("engine_version").asText(), r::toString));
            checks.add(() -> assertEquals(ProviderScript.PROMPT_TOKENS, r.path("tokens_in").asInt(-1), r::toString));
            checks.add(() -> assertEquals(ProviderScript.COMPLETION_TOKENS, r.path("tokens_out").asInt(-1), r::toString));
            checks.add(() -> assertEquals("usage", r.path("tokens_out_source").asText(), r::toString));
            checks.add(() -> assertEquals(finishReason, r.path("finish_reason").asText(), r::toString));
            checks.add(() -> assertTrue(r.path("e2e_ms").asDouble() <= t.call().e2eMs() + t.toleranceMs(TOLERANCE_MS)
                    && r.path("e2e_ms").asDouble() >= ProviderScript.TTFT_MS - TOLERANCE_MS, r::toString));
        }
        assertAll(checks);
    }

    static void streamTimingMatchesTheClient(PresetRun run, String kind) {
        List<Executable> checks = new ArrayList<>();
        PresetRun.Truth firstOfKind = run.truth.values().stream().filter(t -> t.call().kind().equals(kind))
                .findFirst().orElse(null);
        for (PresetRun.Truth t : calls(run, kind, "ok")) {
            AcmeRun.Call call = t.call();
            JsonNode r = run.record(call.model());
            checks.add(() -> assertEquals(ProviderScript.TOKENS, call.chunks().length, call::toString));
            checks.add(() -> assertEquals(ProviderScript.TOKENS, r.path("chunks").asInt(-1), r::toString));
            boolean cold = t == firstOfKind;
            double tolerance = t.toleranceMs(cold ? COLD_TOLERANCE_MS : TOLERANCE_MS);
            double agentTtft = r.path("first_token_ms").asDouble(-1);
            System.out.printf("%s ttft: app %.3f ms, agent %.3f ms (%s call)%n", call.model(), call.ttftMs(), agentTtft,
                    cold ? "cold, first of its kind" : "warm");
            if (cold) {
                checks.add(() -> assertTrue(agentTtft <= call.ttftMs() + TOLERANCE_MS, call.model() + " ttft: " + r));
            }
            checks.add(() -> assertEquals(call.ttftMs(), agentTtft, tolerance,
                    call.model() + " ttft: " + r + " (gc inside the call: " + t.gcPauseAllowanceMs() + " ms)"));
            JsonNode itl = r.path("itl_ms");
            for (Map.Entry<String, Double> stat : call.itlMs().entrySet()) {
                checks.add(() -> assertEquals(stat.getValue(), itl.path(stat.getKey()).asDouble(-1), tolerance,
                        call.model() + " itl_ms." + stat.getKey() + " of " + itl + " (gc inside the call: "
                                + t.gcPauseAllowanceMs() + " ms)"));
            }
        }
        assertAll(checks);
    }

    static void refusedCallsRecordReject(PresetRun run, String kind, String exceptionClass) {
        for (PresetRun.Truth t : calls(run, kind, "refused")) {
            assertEquals(exceptionClass, t.outcome(), t::toString);
            JsonNode r = run.record(t.call().model());
            assertEquals("reject", r.path("exit").asText(), r::toString);
            assertEquals(exceptionClass, r.path("error_type").asText(), r::toString);
        }
    }

    static void midStreamFailureRecordsError(PresetRun run, String kind) {
        for (PresetRun.Truth t : calls(run, kind, "fail")) {
            assertFalse(t.outcome().equals("ok"), t::toString);
            JsonNode r = run.record(t.call().model());
            assertEquals("error", r.path("exit").asText(), r::toString);
            assertEquals(t.outcome(), r.path("error_type").asText(), r::toString);
            assertEquals(ProviderScript.FAIL_AFTER, r.path("chunks").asInt(-1), r::toString);
        }
    }

    static void earlyCloseRecordsCancel(PresetRun run, String kind) {
        for (PresetRun.Truth t : calls(run, kind, "cancel")) {
            JsonNode r = run.record(t.call().model());
            assertEquals("cancel", r.path("exit").asText(), r::toString);
            assertEquals(2, r.path("chunks").asInt(-1), r::toString);
        }
    }

    static void noPromptTextRecorded(PresetRun run, String marker) throws IOException {
        assertFalse(Files.readString(run.dir.resolve("records.jsonl")).contains(marker));
    }
}
