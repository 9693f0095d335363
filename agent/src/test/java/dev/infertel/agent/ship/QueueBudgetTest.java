package dev.infertel.agent.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.QueueWriter;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.sink.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue with one-second files, so the bounds have whole files to delete within a test. */
class QueueBudgetTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), false);

    /** Appends one record every 5 ms for {@code millis}; returns how many. */
    private static int writeFor(QueueWriter writer, long millis, int from) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        int n = from;
        while (System.nanoTime() < end) {
            writer.append(ShipperTest.record(++n));
            Thread.sleep(5);
        }
        return n;
    }

    @Test
    void overTheDiskBudgetTheOldestFilesGoAndEachSinkCountsExactlyWhatItLost() throws Exception {
        Path queueDir = dir.resolve("q");
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, TestRollCycles.TEST_SECONDLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            ScriptedSink down = new ScriptedSink("down", b -> Delivery.retry("receiver down"));
            ScriptedSink up = ScriptedSink.accepting("up");
            QueueConfig bounds = new QueueConfig(queueDir, QueueConfig.RollCycle.HOURLY, 1, null);
            Shipper shipper = new Shipper(q, List.of(new Shipper.Target(down, new SinkConfig.Batching(10, 0)),
                    new Shipper.Target(up, new SinkConfig.Batching(10, 0))), bounds, new Backoff(20, 50, 1000), log, 50);
            shipper.start();
            int written = writeFor(writer, 3_500, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> new DropLedger(queueDir).entries().size() >= 2);
            down.answer(b -> Delivery.ACCEPTED);
            SinkState.Snapshot[] s = new SinkState.Snapshot[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                s[0] = SinkState.read(SinkState.file(queueDir, "down"));
                return s[0].shipped() + s[0].dropped() == written;
            });
            // the live sink ships on its own thread: wait for it too rather than racing the stop
            SinkState.Snapshot[] live = new SinkState.Snapshot[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                live[0] = SinkState.read(SinkState.file(queueDir, "up"));
                return live[0].shipped() + live[0].dropped() == written;
            });
            shipper.stop(2_000);

            List<Long> got = down.sequences();
            assertEquals(got.size(), new HashSet<>(got).size(), "no duplicates");
            assertTrue(s[0].dropped() > 0, "records were dropped: " + s[0]);
            assertEquals(written, got.size() + s[0].dropped(), "every record either shipped or counted: " + s[0]);
            // the batch in hand when the files went (at most max_records) is still delivered; what was
            // dropped is one run of the oldest records after it
            Set<Long> gotSet = new HashSet<>(got);
            List<Long> missing = java.util.stream.LongStream.rangeClosed(1, written).filter(x -> !gotSet.contains(x))
                    .boxed().toList();
            assertEquals(s[0].dropped(), missing.size());
            assertTrue(missing.get(0) <= 11, "the oldest go first: " + missing.get(0));
            assertEquals(missing.get(missing.size() - 1) - missing.get(0) + 1, missing.size(),
                    "the dropped records are one run: " + missing);
            // the live sink keeps up, but with one-second files the budget may take the file it is still
            // reading (shipped or not, as the budget promises): whatever it lost is counted, exactly
            List<Long> upGot = up.sequences();
            assertEquals(upGot.size(), new HashSet<>(upGot).size(), "no duplicates in the live sink");
            assertEquals(written, upGot.size() + live[0].dropped(), "the live sink shipped or counted all: " + live[0]);
            assertTrue(live[0].dropped() < s[0].dropped(), "the live sink lost less than the dead one: " + live[0]);
            assertTrue(logged.toString().contains("deleted queue file"), logged.toString());
            assertTrue(logged.toString().contains("sink down: " + s[0].dropped() + " record(s) were deleted")
                    || logged.toString().contains("sink down:"), logged.toString());
        }
    }

    @Test
    void filesOlderThanTheRetentionGoEvenWhenShipped() throws Exception {
        Path queueDir = dir.resolve("q");
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, TestRollCycles.TEST_SECONDLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            int written = writeFor(writer, 2_500, 0);
            QueueBudget budget = new QueueBudget(q, 0, Duration.ofSeconds(1), log, 50);
            Thread.sleep(1_100);
            int before = QueueBudget.cycleFiles(q).size();
            int deleted = budget.enforce(System.currentTimeMillis());
            assertTrue(before >= 3, "files: " + before);
            assertEquals(before - 1, deleted, "all but the newest file are past the retention");
            long inLedger = new DropLedger(queueDir).entries().stream().mapToLong(DropLedger.Entry::records).sum();
            assertEquals(written, inLedger + QueuePosition.recordsAfter(q, -1));
        }
    }
}
