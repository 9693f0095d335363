package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.IsolationApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's own Jackson and Byte Buddy never meet the application's (older) ones. */
class IsolationTest {

    static final String JACKSON = "2.13.5";
    static final String BYTE_BUDDY_JAR = "byte-buddy-1.14.12.jar";

    @Test
    void appWithItsOwnJacksonAndByteBuddyWorksAndIsRecorded() throws Exception {
        Path libs = Path.of(System.getProperty("app.libs", "target/app-libs"));
        Path jackson = libs.resolve("jackson-core-" + JACKSON + ".jar");
        Path byteBuddy = libs.resolve(BYTE_BUDDY_JAR);
        assumeTrue(Files.isRegularFile(jackson) && Files.isRegularFile(byteBuddy),
                "app libraries missing in " + libs + ": they are copied by mvn generate-test-resources");
        Path dir = AcmeRun.newDir("isolation");
        ChildJvm.Result run = ChildJvm.current().withAgent(AcmeRun.writeConfig(dir))
                .app(IsolationApp.class, List.of(jackson, byteBuddy), JACKSON, BYTE_BUDDY_JAR)
                .run(dir, "app");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("all good\n", run.stdout());
        List<JsonNode> records = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(1, records.size(), run::describe);
        assertEquals("iso-model", records.get(0).path("model_ref").asText());
        assertEquals("acme-complete", records.get(0).path("site").asText());
        assertEquals("ok", records.get(0).path("exit").asText());
        records.forEach(Records::assertValid);
    }
}
