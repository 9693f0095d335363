package dev.infertel.it.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The receiver is down while the application records; a standalone {@code ship} delivers the backlog
 * once it is back. With a tiny disk budget the oldest records go, and the counter says how many.
 */
class ReceiverOutageTest {

    private static long calls(ChildJvm.Result app) {
        return Long.parseLong(ShipRig.summary(app).get("calls"));
    }

    private static Process ship(Path dir, Path config) throws Exception {
        return ChildJvm.current().agentCli("ship", "--config", config.toString()).start(dir, "ship");
    }

    /** SIGTERM is a graceful stop: the shipper stops cleanly, says so and exits 0 (not the JVM's 143 = 128 + 15). */
    private static void terminate(Process ship, Path dir) throws Exception {
        ship.destroy();
        assertTrue(ship.waitFor(15, TimeUnit.SECONDS), "ship ends on SIGTERM");
        assertEquals(0, ship.exitValue(), () -> "ship's exit code on SIGTERM");
        String err = Files.readString(dir.resolve("ship.err"));
        assertTrue(err.contains("[telemetry-agent] shipper stopped"), err);
    }

    private static JsonNode sink(List<JsonNode> status) {
        assertEquals(1, status.size(), status::toString);
        return status.get(0);
    }

    @Test
    void theBacklogArrivesWhenTheReceiverIsBack() throws Exception {
        Path dir = ShipRig.newDir("outage");
        try (IngestReceiver receiver = new IngestReceiver()) {
            Path config = ShipRig.config(dir, "", ShipRig.httpSink(receiver.url(), 100, 100), "");
            ChildJvm.Result app = ShipRig.steadyApp(config, "pace_us=1000", "seconds=2").run(dir, "app");
            assertEquals(0, app.exitCode(), app::describe);
            long calls = calls(app);

            ChildJvm.Result show = ChildJvm.current().agentCli("show", "--queue", dir.resolve("queue").toString(),
                    "--sink", "ingest").run(dir, "show-before");
            assertEquals(calls, show.stdout().lines().filter(l -> l.contains(" fast ")).count(), show::describe);
            JsonNode before = sink(ShipRig.status(dir, "status-before"));
            assertEquals(calls, before.path("lag_records").asLong());
            assertTrue(before.path("retried").asLong() > 0, before::toString);

            receiver.up();
            Process ship = ship(dir, config);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.uniqueIds().size() >= calls);
                terminate(ship, dir);
            } finally {
                ChildJvm.destroy(ship);
            }
            assertEquals(new HashSet<>(ShipRig.ids(ShipRig.queueRecords(dir, "tail"))), receiver.uniqueIds());
            JsonNode after = sink(ShipRig.status(dir, "status-after"));
            assertEquals(0, after.path("lag_records").asLong(), after::toString);
            assertEquals(calls, after.path("shipped").asLong(), after::toString);
            assertEquals(0, after.path("dropped").asLong());
            ChildJvm.Result showAfter = ChildJvm.current().agentCli("show", "--queue", dir.resolve("queue").toString(),
                    "--sink", "ingest").run(dir, "show-after");
            assertEquals("", showAfter.stdout().strip(), "nothing left to ship");
        }
    }

    @Test
    void withATinyDiskBudgetTheOldestAreDroppedAndCountedExactly() throws Exception {
        Path dir = ShipRig.newDir("budget");
        ShipRig.seedSecondlyQueue(dir);
        try (IngestReceiver receiver = new IngestReceiver()) {
            Path config = ShipRig.config(dir, "  max_disk_mb: 1", ShipRig.httpSink(receiver.url(), 100, 100), "");
            ChildJvm.Result app = ShipRig.steadyApp(config, "pace_us=1000", "seconds=4").run(dir, "app");
            assertEquals(0, app.exitCode(), app::describe);
            long calls = calls(app);
            assertTrue(app.stderr().contains("deleted queue file"), app::describe);

            receiver.up();
            Process ship = ship(dir, config);
            JsonNode[] s = new JsonNode[1];
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    s[0] = sink(ShipRig.status(dir, "status"));
                    return s[0].path("shipped").asLong() + s[0].path("dropped").asLong() >= calls;
                });
                terminate(ship, dir);
            } finally {
                ChildJvm.destroy(ship);
            }
            long dropped = s[0].path("dropped").asLong();
            assertTrue(dropped > 0, s[0]::toString);
            Set<String> unique = receiver.uniqueIds();
            assertEquals(receiver.ids().size(), unique.size(), "no duplicates");
            assertEquals(calls, unique.size() + dropped, "each record shipped or counted as dropped: " + s[0]);

            Set<Long> got = new HashSet<>();
            for (String id : unique) {
                got.add(Long.parseLong(id.substring(id.indexOf('-') + 1), 16));
            }
            List<Long> missing = new ArrayList<>();
            for (long seq = 1; seq <= calls; seq++) {
                if (!got.contains(seq)) {
                    missing.add(seq);
                }
            }
            assertEquals(dropped, missing.size());
            // the oldest go: from the start, except batches a sink held in memory when their files were
            // deleted (the app's, then the standalone shipper's: at most one batch of 100 each)
            assertTrue(missing.get(0) <= 101, "first dropped: " + missing.get(0));
            long span = missing.get(missing.size() - 1) - missing.get(0) + 1;
            assertTrue(span - missing.size() <= 2 * 100, "delivered inside the dropped span: " + (span - missing.size()));
            System.out.printf("tiny budget: %d written, %d shipped, %d dropped (seq %d..%d)%n", calls, unique.size(),
                    dropped, missing.get(0), missing.get(missing.size() - 1));
        }
    }
}
