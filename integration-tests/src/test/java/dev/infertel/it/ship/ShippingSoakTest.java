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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not for CI: {@code -Dsoak=true} (minutes from {@code -Dsoak.minutes}, default 10). An application
 * records 1,000 calls a second while its receiver fails one request in ten (500 or 429) and goes down
 * for 20 s every 2 minutes; at the end everything written must have arrived, with duplicates only
 * from retried batches the receiver had in fact taken. Prints the figures for BENCHMARKS.md.
 *
 * <pre>mvn -B -pl integration-tests -am verify -Dtest=ShippingSoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dsoak=true -Dsoak.minutes=1</pre>
 */
@EnabledIfSystemProperty(named = "soak", matches = "true")
class ShippingSoakTest {

    @Test
    void hoursOfFlakyReceiverLoseNothing() throws Exception {
        long minutes = Long.getLong("soak.minutes", 10);
        long seconds = minutes * 60;
        Path dir = ShipRig.newDir("soak");
        try (IngestReceiver receiver = new IngestReceiver().up()) {
            receiver.answer(n -> {
                int roll = ThreadLocalRandom.current().nextInt(20);
                return roll == 0 ? new IngestReceiver.Answer(500, 0, null)
                        : roll == 1 ? new IngestReceiver.Answer(429, 0, "1") : IngestReceiver.Answer.OK;
            });
            Path config = ShipRig.config(dir, "  max_disk_mb: 512", ShipRig.httpSink(receiver.url(), 500, 200), "");
            Process app = ShipRig.steadyApp(config, "pace_us=1000", "seconds=" + seconds).start(dir, "app");
            long start = System.nanoTime();
            int outages = 0;
            try {
                while (app.isAlive()) {
                    Thread.sleep(1_000);
                    long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                    if (elapsed % 120 == 100 && elapsed + 30 < seconds) {
                        receiver.down();
                        outages++;
                        Thread.sleep(20_000);
                        receiver.up();
                    }
                }
            } finally {
                ChildJvm.destroy(app);
            }
            assertEquals(0, app.exitValue());
            List<JsonNode> written = ShipRig.queueRecords(dir, "tail");
            Set<String> want = new HashSet<>(ShipRig.ids(written));
            if (!receiver.uniqueIds().containsAll(want)) {
                // what the app's exit left in the queue goes out through the standalone shipper
                Process ship = ChildJvm.current().agentCli("ship", "--config", config.toString()).start(dir, "ship");
                try {
                    await().atMost(Duration.ofMinutes(2)).until(() -> receiver.uniqueIds().containsAll(want));
                } finally {
                    ChildJvm.destroy(ship);
                }
            }
            double wallS = (System.nanoTime() - start) / 1e9;
            int duplicates = receiver.ids().size() - receiver.uniqueIds().size();
            List<JsonNode> status = ShipRig.status(dir, "status");
            System.out.printf("soak: %d min, %d records written, %d received (%d duplicates), %d requests, %d outages, "
                            + "wall %.0f s, status %s, app: %s%n", minutes, want.size(), receiver.uniqueIds().size(),
                    duplicates, receiver.requests.get(), outages, wallS, status,
                    java.nio.file.Files.readAllLines(dir.resolve("app.out")).stream().filter(l -> l.contains("p50"))
                            .findFirst().orElse("?"));
            assertTrue(receiver.uniqueIds().containsAll(want));
        }
    }
}
