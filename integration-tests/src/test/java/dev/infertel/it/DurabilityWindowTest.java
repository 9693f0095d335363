package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.DurabilityApp;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hand-off to the recorder thread is the one place where an ended call is in memory only: a kill -9
 * loses what it holds. Under load (4 threads, ~4,000 calls/s), every call that ended 10 ms or more before
 * the kill is in the queue. The app's own ledger of its calls' ends is memory-mapped, so it outlives the
 * kill; System.nanoTime is the same clock (CLOCK_MONOTONIC) in the test and in the app.
 */
class DurabilityWindowTest {

    static final long WINDOW_NANOS = 10_000_000L;
    static final int THREADS = 4;

    @Test
    void everyCallThatEndedTenMillisecondsBeforeAKillIsInTheQueue() throws Exception {
        Path dir = AcmeRun.newDir("durability");
        Path queue = dir.resolve("queue");
        Path ledgerFile = dir.resolve("ledger.bin");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + queue + "'",
                "instrument:",
                "  - name: plain-call",
                "    class: com.acme.ends.EndingClient",
                "    method: call",
                "    model: arg0",
                ""));
        Process app = ChildJvm.current().withAgent(config)
                .app(DurabilityApp.class, List.of(), String.valueOf(THREADS), "1000", ledgerFile.toString())
                .start(dir, "app");
        long killNanos;
        try {
            waitForLine(dir.resolve("app.out"), "running", app);
            Thread.sleep(1500);
            killNanos = System.nanoTime();
            app.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
            assertTrue(app.waitFor(10, TimeUnit.SECONDS));
        } finally {
            ChildJvm.destroy(app);
        }

        Set<String> mustBeThere = new HashSet<>();
        int lastWindow = 0;
        ByteBuffer ledger = ByteBuffer.wrap(Files.readAllBytes(ledgerFile));
        for (int t = 0; t < THREADS; t++) {
            int base = t * (DurabilityApp.SLOTS + 1) * 8;
            long count = ledger.getLong(base);
            for (int n = 0; n < count; n++) {
                long end = ledger.getLong(base + 8 + n * 8);
                if (killNanos - end >= WINDOW_NANOS) {
                    mustBeThere.add("t" + t + "-" + n);
                } else {
                    lastWindow++;
                }
            }
        }
        assertTrue(mustBeThere.size() > 1000, "the app made calls under load: " + mustBeThere.size());

        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", queue.toString(), "--json")
                .timeout(java.time.Duration.ofSeconds(120)).run(dir, "tail");
        assertEquals(0, tail.exitCode(), tail::describe);
        Set<String> inQueue = new HashSet<>();
        for (JsonNode r : Records.parseLines(tail.stdout().lines().toList())) {
            inQueue.add(r.path("model_ref").asText());
        }
        Set<String> missing = new HashSet<>(mustBeThere);
        missing.removeAll(inQueue);
        System.out.printf("durability: %d calls ended >= 10 ms before the kill, %d of them missing; %d ended in the"
                + " last 10 ms, %d records in the queue%n", mustBeThere.size(), missing.size(), lastWindow, inQueue.size());
        if (!missing.isEmpty()) {
            fail(missing.size() + " call(s) that ended >= 10 ms before the kill are not in the queue, e.g. "
                    + missing.stream().limit(5).toList());
        }
    }

    private static void waitForLine(Path out, String line, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(out) && Files.readString(out).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                fail("the app ended early");
            }
            Thread.sleep(50);
        }
        fail("the app did not print '" + line + "'");
    }
}
