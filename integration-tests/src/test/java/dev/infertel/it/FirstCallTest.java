package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.app.FirstCallApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generating a callback tap costs tens of milliseconds the first time; the agent does it in the
 * background once the woven class is defined, so the application's first streamed call does not.
 */
class FirstCallTest {

    @Test
    void callbackTapIsGeneratedInTheBackgroundBeforeTheFirstCall() throws Exception {
        Path dir = AcmeRun.newDir("first-call");
        Path config = AcmeRun.writeConfig(dir);
        ChildJvm.Result run = ChildJvm.current().withAgent(config).jvmArg("-Dtelemetry.agent.debug=true")
                .app(FirstCallApp.class, List.of(), "1500").run(dir, "app");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("first call\ndone\n", run.stdout(), run::describe);
        List<String> taps = run.agentLines().stream().filter(l -> l.contains("callback tap for com.acme.llm.Client (site acme-stream)")).toList();
        assertEquals(1, taps.size(), run::describe);
        assertTrue(taps.get(0).endsWith("on thread telemetry-tap-prep"), run::describe);
        assertEquals(1, Records.readJsonl(dir.resolve("records.jsonl")).size(), run::describe);
    }
}
