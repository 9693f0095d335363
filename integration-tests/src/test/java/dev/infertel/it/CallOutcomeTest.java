package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.llm.AcmeException;
import com.acme.llm.Script;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How each call ended, as the record says it, against how the app saw it end. */
class CallOutcomeTest {

    static final List<String> STREAMED = List.of("callback", "async", "iterator", "stream");

    static AcmeRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = AcmeRun.shared();
        assertEquals(0, run.result.exitCode(), run.result::describe);
    }

    @Test
    void completedCallsRecordOk() {
        for (AcmeRun.Call call : calls("ok")) {
            JsonNode r = run.record(call.model());
            assertEquals("ok", r.path("exit").asText(), r::toString);
            assertTrue(r.path("error_type").isNull(), r::toString);
        }
    }

    @Test
    void errorMidStreamRecordsErrorWithTheExceptionClass() {
        for (AcmeRun.Call call : calls("fail")) {
            JsonNode r = run.record(call.model());
            assertEquals("error", r.path("exit").asText(), r::toString);
            assertEquals(AcmeException.class.getName(), r.path("error_type").asText(), r::toString);
            if (STREAMED.contains(call.kind())) {
                assertEquals(Script.FAIL_AT, r.path("chunks").asInt(-1), r::toString);
            }
        }
    }

    @Test
    void earlyCloseRecordsCancel() {
        List<AcmeRun.Call> cancelled = calls("cancel");
        assertEquals(3 * 8 * 2, cancelled.size(), "iterator, stream and future calls cancelled");
        for (AcmeRun.Call call : cancelled) {
            JsonNode r = run.record(call.model());
            assertEquals("cancel", r.path("exit").asText(), r::toString);
            if (STREAMED.contains(call.kind())) {
                assertEquals(Script.FAIL_AT, r.path("chunks").asInt(-1), r::toString);
            }
        }
    }

    @Test
    void everyRecordValidatesAgainstTheContractSchema() {
        assertFalse(run.records.isEmpty());
        run.records.forEach(Records::assertValid);
    }

    @Test
    void agentWritesToStderrOnlyPrefixedLines() {
        List<String> unprefixed = run.result.stderr().lines()
                .filter(l -> !l.isBlank() && !l.startsWith(ChildJvm.PREFIX)).toList();
        assertEquals(List.of(), unprefixed, "the app itself writes nothing to stderr");
    }

    static List<AcmeRun.Call> calls(String variant) {
        List<AcmeRun.Call> calls = run.truth.values().stream().filter(c -> c.variant().equals(variant)).toList();
        assertFalse(calls.isEmpty(), variant);
        return calls;
    }
}
