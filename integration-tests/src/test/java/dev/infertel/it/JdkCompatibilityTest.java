package dev.infertel.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chronicle Queue works on Java 17 and Java 25 with no extra JVM flags; tail follows a live queue. */
class JdkCompatibilityTest {

    static final String[] BASIC = {"threads=2", "requests=1", "kinds=callback,iterator,stream,future,plain"};

    @Test
    void basicScenarioIsRecordedOnJava17WithoutExtraFlags() throws Exception {
        assertBasicScenarioRecorded(ChildJvm.current());
    }

    @Test
    void basicScenarioIsRecordedOnJava25WithoutExtraFlags() throws Exception {
        assertBasicScenarioRecorded(ChildJvm.jdk25());
    }

    private static void assertBasicScenarioRecorded(ChildJvm jvm) throws Exception {
        AcmeRun run = AcmeRun.run(jvm, AcmeRun.newDir("jdk"), true, BASIC);
        assertEquals(0, run.result.exitCode(), run.result::describe);
        assertEquals(run.truth.size(), run.records.size(), run.result::describe);
        for (String model : run.truth.keySet()) {
            assertEquals(model, run.record(model).path("model_ref").asText());
        }
        run.records.forEach(Records::assertValid);
        List<String> unprefixed = run.result.stderr().lines().filter(l -> !l.startsWith(ChildJvm.PREFIX)).toList();
        assertEquals(List.of(), unprefixed, "stderr lines not from the agent");
        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", run.dir.resolve("queue").toString(), "--json")
                .run(run.dir, "tail");
        assertEquals(run.records.size(), Records.parseLines(tail.stdout().lines().toList()).size(), tail::describe);
    }

    @Test
    void tailFollowShowsRecordsAsAnotherProcessWrites() throws Exception {
        Path dir = AcmeRun.newDir("follow");
        Path queue = Files.createDirectories(dir.resolve("queue"));
        Process tail = ChildJvm.current().agentCli("tail", "--queue", queue.toString(), "--json", "--follow")
                .start(dir, "tail");
        try {
            AcmeRun run = AcmeRun.run(ChildJvm.current(), dir, true,
                    "threads=1", "requests=1", "kinds=callback,plain", "variants=ok");
            assertEquals(0, run.result.exitCode(), run.result::describe);
            assertEquals(2, run.records.size(), run.result::describe);
            Path out = dir.resolve("tail.out");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertTrue(tail.isAlive(), "tail --follow ended early");
                List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
                assertEquals(run.records, Records.parseLines(lines));
            });
        } finally {
            ChildJvm.destroy(tail);
        }
    }
}
