package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which calls become records: interface sites match implementations, nested calls give one record. */
class SiteMatchingTest {

    static AcmeRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = AcmeRun.shared();
        assertEquals(0, run.result.exitCode(), run.result::describe);
    }

    @Test
    void nestedInstrumentedCallIsRecordedOnceAsTheOuterSite() {
        for (AcmeRun.Call call : calls("nested")) {
            List<JsonNode> records = recordsOf(call.model());
            assertEquals(1, records.size(), () -> call.model() + ": " + records);
            assertEquals("acme-chat", records.get(0).path("site").asText(), records::toString);
        }
    }

    @Test
    void interfaceSiteRecordsCallsOnItsImplementations() {
        for (AcmeRun.Call call : calls("backend")) {
            List<JsonNode> records = recordsOf(call.model());
            assertEquals(1, records.size(), () -> call.model() + ": " + records);
            assertEquals("acme-backend", records.get(0).path("site").asText(), records::toString);
        }
    }

    private static List<AcmeRun.Call> calls(String kind) {
        List<AcmeRun.Call> calls = run.truth.values().stream().filter(c -> c.kind().equals(kind)).toList();
        assertFalse(calls.isEmpty(), kind);
        return calls;
    }

    private static List<JsonNode> recordsOf(String model) {
        return run.records.stream().filter(r -> model.equals(r.path("model_ref").asText())).toList();
    }
}
