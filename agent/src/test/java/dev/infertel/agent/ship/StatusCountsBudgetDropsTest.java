package dev.infertel.agent.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.cli.Cli;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.QueueWriter;
import dev.infertel.agent.queue.RecordQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} counts what the disk budget deleted from a sink that nothing ships now. */
class StatusCountsBudgetDropsTest {

    @TempDir
    Path dir;

    private final AgentLog log = new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);

    @Test
    void deletedUnshippedCyclesOfADeadSinkShowAsDroppedAndNotAsLag() throws Exception {
        Path queueDir = dir.resolve("q");
        long left;
        long deleted;
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, TestRollCycles.TEST_SECONDLY)) {
            // a sink that shipped nothing, and whose shipper is not running
            SinkState.open(queueDir, "dead", 0).close();
            QueueWriter writer = new QueueWriter(q, log);
            long end = System.nanoTime() + 2_500_000_000L;
            for (int n = 1; System.nanoTime() < end; n++) {
                writer.append(ShipperTest.record(n));
                Thread.sleep(5);
            }
            writer.close();
            Thread.sleep(1_100);
            QueueBudget budget = new QueueBudget(q, 0, Duration.ofSeconds(1), log, 50);
            assertTrue(budget.enforce(System.currentTimeMillis()) >= 2, "files deleted");
            deleted = new DropLedger(queueDir).entries().stream().mapToLong(DropLedger.Entry::records).sum();
            left = QueuePosition.recordsAfter(q, -1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"status", "--queue", queueDir.toString(), "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err::toString);
        String dead = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(deleted > 0, "records deleted");
        assertEquals(deleted, field(dead, "dropped"), dead);
        assertEquals(left, field(dead, "lag_records"), dead);
    }

    private static long field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }
}
