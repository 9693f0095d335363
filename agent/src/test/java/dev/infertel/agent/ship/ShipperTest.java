package dev.infertel.agent.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.QueueWriter;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.JsonlSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperTest {

    @TempDir
    Path dir;

    private final AgentLog log = new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);

    private static TelemetryRecord record(long seq) {
        return new TelemetryRecord(7, seq, 1_000_000L * seq, "s", null, null, "m", Exit.OK, null, null, 1.0, 0, null,
                null, null, null, null, null, "t", 1, null, null);
    }

    private List<Long> shippedSequences(Path jsonl) throws IOException {
        List<Long> seqs = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            seqs.add(RecordJson.read(line).idSequence());
        }
        return seqs;
    }

    @Test
    void recordsWaitingBeforeTheQueueOpensAreKeptInOrder() throws IOException {
        QueueWriter writer = new QueueWriter(log);
        writer.append(record(1));
        writer.append(record(2));
        assertEquals(2, writer.pending());
        Path out = dir.resolve("out.jsonl");
        try (SingleChronicleQueue q = RecordQueue.open(dir.resolve("q"), QueueConfig.RollCycle.HOURLY)) {
            writer.open(q);
            writer.append(record(3));
            Shipper shipper = new Shipper(q, List.of(new JsonlSink("j", out)), log, 10);
            shipper.start();
            shipper.stop(5_000);
            writer.close();
        }
        assertEquals(List.of(1L, 2L, 3L), shippedSequences(out));
        assertEquals(0, writer.lost());
    }

    @Test
    void aRestartedShipperResumesWhereTheSinkStopped() throws IOException {
        Path queueDir = dir.resolve("q");
        Path out = dir.resolve("out.jsonl");
        for (int round = 0; round < 2; round++) {
            try (SingleChronicleQueue q = RecordQueue.open(queueDir, QueueConfig.RollCycle.HOURLY)) {
                QueueWriter writer = new QueueWriter(q, log);
                for (int i = 1; i <= 3; i++) {
                    writer.append(record(round * 3L + i));
                }
                Shipper shipper = new Shipper(q, List.of(new JsonlSink("j", out)), log, 10);
                shipper.start();
                shipper.stop(5_000);
                writer.close();
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), shippedSequences(out));
    }
}
