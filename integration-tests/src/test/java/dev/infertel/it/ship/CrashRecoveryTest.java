package dev.infertel.it.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An application killed with SIGKILL while it records and ships; then started again. */
class CrashRecoveryTest {

    private static final int MAX_RECORDS = 50;

    @Test
    void killDashNineThenRestartDeliversEveryRecordWithAtMostOneBatchRepeated() throws Exception {
        Path dir = ShipRig.newDir("kill9");
        try (IngestReceiver receiver = new IngestReceiver().up()) {
            // a receiver that takes a moment, so a batch is in flight when the kill comes
            receiver.answer(n -> new IngestReceiver.Answer(200, 15, null));
            Path config = ShipRig.config(dir, "", ShipRig.httpSink(receiver.url(), MAX_RECORDS, 50), "");
            Process app = ShipRig.steadyApp(config, "pace_us=500", "seconds=0").start(dir, "app-killed");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.records.size() >= 1_000);
            } finally {
                app.destroyForcibly(); // SIGKILL: no shutdown hook, no final drain
                assertTrue(app.waitFor(10, TimeUnit.SECONDS));
            }
            List<JsonNode> beforeKill = ShipRig.queueRecords(dir, "tail-after-kill");
            int receivedAtKill = receiver.uniqueIds().size();
            assertTrue(beforeKill.size() > receivedAtKill, "records were waiting in the queue at the kill: "
                    + beforeKill.size() + " written, " + receivedAtKill + " received");

            ChildJvm.Result again = ShipRig.steadyApp(config, "pace_us=1000", "seconds=1").run(dir, "app-restarted");
            assertEquals(0, again.exitCode(), again::describe);

            Set<String> written = new HashSet<>(ShipRig.ids(ShipRig.queueRecords(dir, "tail-end")));
            assertTrue(written.containsAll(ShipRig.ids(beforeKill)));
            Set<String> missing = new HashSet<>(written);
            missing.removeAll(receiver.uniqueIds());
            assertEquals(Set.of(), missing, "every record written reached the receiver");
            assertEquals(written, receiver.uniqueIds());
            int duplicates = receiver.ids().size() - receiver.uniqueIds().size();
            assertTrue(duplicates <= MAX_RECORDS, "at most the batch in flight at the kill came twice: " + duplicates);
            System.out.printf("kill -9: %d written before the kill, %d received by then, %d written in all, "
                    + "%d duplicates after restart%n", beforeKill.size(), receivedAtKill, written.size(), duplicates);
        }
    }
}
