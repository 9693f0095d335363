package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code java -jar telemetry-agent.jar tail|--help} against the queue the shared run left. */
class ReaderCliTest {

    static AcmeRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = AcmeRun.shared();
        assertEquals(0, run.result.exitCode(), run.result::describe);
    }

    @Test
    void tailPrintsOneLinePerRecord() throws Exception {
        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", queue()).run(run.dir, "tail");
        assertEquals(0, tail.exitCode(), tail::describe);
        List<String> lines = tail.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(run.records.size(), lines.size(), tail::describe);
        for (String model : run.truth.keySet()) {
            long mentions = lines.stream().filter(l -> l.matches(".*\\b" + model + "\\b.*")).count();
            assertEquals(1, mentions, () -> model + " in " + lines);
        }
    }

    @Test
    void tailJsonLinesEqualTheJsonlSinkLines() throws Exception {
        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", queue(), "--json").run(run.dir, "tail-json");
        assertEquals(0, tail.exitCode(), tail::describe);
        List<JsonNode> fromTail = Records.parseLines(tail.stdout().lines().toList());
        assertEquals(byId(run.records), byId(fromTail));
        fromTail.forEach(Records::assertValid);
    }

    @Test
    void helpExitsZeroAndListsTheCommands() throws Exception {
        ChildJvm.Result help = ChildJvm.current().agentCli("--help").run(run.dir, "help");
        assertEquals(0, help.exitCode(), help::describe);
        assertTrue(help.stdout().contains("tail"), help::describe);
        assertTrue(help.stdout().contains("--json") && help.stdout().contains("--follow"), help::describe);
        assertTrue(help.stdout().contains("help"), help::describe);
    }

    private static String queue() {
        return run.dir.resolve("queue").toString();
    }

    private static List<JsonNode> byId(List<JsonNode> records) {
        return records.stream().sorted(Comparator.comparing(r -> r.path("record_id").asText())).toList();
    }
}
