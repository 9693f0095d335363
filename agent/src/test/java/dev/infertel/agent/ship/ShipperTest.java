package dev.infertel.agent.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.QueueWriter;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.Delivery;
import dev.infertel.agent.sink.JsonlSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), false);
    private static final Backoff FAST = new Backoff(20, 100, 2_000);

    static TelemetryRecord record(long seq) {
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

    private static List<Long> range(long from, long toInclusive) {
        return LongStream.rangeClosed(from, toInclusive).boxed().toList();
    }

    private Shipper shipper(SingleChronicleQueue q, List<Shipper.Target> targets) throws IOException {
        return new Shipper(q, targets, null, FAST, log, 50);
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
            Shipper shipper = new Shipper(q, List.of(new JsonlSink("j", out)), log);
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
                Shipper shipper = new Shipper(q, List.of(new JsonlSink("j", out)), log);
                shipper.start();
                shipper.stop(5_000);
                writer.close();
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), shippedSequences(out));
    }

    @Test
    void thePositionMovesOnlyWhenTheSinkAccepts() throws IOException {
        Path queueDir = dir.resolve("q");
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, QueueConfig.RollCycle.HOURLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            for (int i = 1; i <= 5; i++) {
                writer.append(record(i));
            }
            ScriptedSink refusing = new ScriptedSink("r", b -> Delivery.retry("down"));
            Shipper shipper = shipper(q, List.of(new Shipper.Target(refusing, SinkConfig.Batching.LOCAL)));
            shipper.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> refusing.attemptsAtNanos.size() >= 3);
            shipper.stop(2_000);
            ScriptedSink accepting = ScriptedSink.accepting("r");
            Shipper again = shipper(q, List.of(new Shipper.Target(accepting, SinkConfig.Batching.LOCAL)));
            again.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> accepting.sequences().size() == 5);
            again.stop(2_000);
            assertEquals(range(1, 5), accepting.sequences());
            SinkState.Snapshot s = SinkState.read(SinkState.file(queueDir, "r"));
            assertEquals(5, s.shipped());
            assertTrue(s.retried() >= 3, "retries counted: " + s);
        }
    }

    /**
     * A record whose gap-histogram count is damaged (larger than the record) is skipped and counted as
     * failed; the reader once allocated the count and died of OutOfMemoryError, which stopped the sink.
     */
    @Test
    void aDamagedRecordIsSkippedAndTheNextOnesShipped() throws IOException {
        Path queueDir = dir.resolve("q");
        Path out = dir.resolve("out.jsonl");
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, QueueConfig.RollCycle.HOURLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            writer.append(record(1));
            Bytes<?> damaged = Bytes.allocateElasticOnHeap();
            RecordCodec.write(damaged, record(2));
            damaged.writeByte(1, (byte) (damaged.readByte(1) | 4)); // announces a gap histogram ...
            damaged.writeStopBit(Integer.MAX_VALUE); // ... of 2^31 - 1 buckets
            try (ExcerptAppender appender = q.createAppender(); DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(damaged);
            }
            writer.append(record(3));
            Shipper shipper = new Shipper(q, List.of(new JsonlSink("j", out)), log);
            shipper.start();
            shipper.stop(5_000);
            writer.close();
        }
        assertEquals(List.of(1L, 3L), shippedSequences(out));
        SinkState.Snapshot s = SinkState.read(SinkState.file(queueDir, "j"));
        assertEquals(2, s.shipped());
        assertEquals(1, s.failed());
    }

    @Test
    void aDeadSinkDoesNotHoldTheOthersBack() throws IOException {
        try (SingleChronicleQueue q = RecordQueue.open(dir.resolve("q"), QueueConfig.RollCycle.HOURLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            ScriptedSink stuck = new ScriptedSink("stuck", b -> {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Delivery.retry("slow");
            });
            ScriptedSink fine = ScriptedSink.accepting("fine");
            Shipper shipper = shipper(q, List.of(new Shipper.Target(stuck, SinkConfig.Batching.LOCAL),
                    new Shipper.Target(fine, SinkConfig.Batching.LOCAL)));
            shipper.start();
            for (int i = 1; i <= 100; i++) {
                writer.append(record(i));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> fine.sequences().size() == 100);
            shipper.stop(500);
            assertEquals(range(1, 100), fine.sequences());
            assertEquals(List.of(), stuck.sequences());
        }
    }

    @Test
    void batchesAreCutByMaxRecordsThenByMaxWait() throws IOException {
        try (SingleChronicleQueue q = RecordQueue.open(dir.resolve("q"), QueueConfig.RollCycle.HOURLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            for (int i = 1; i <= 25; i++) {
                writer.append(record(i));
            }
            ScriptedSink sink = ScriptedSink.accepting("b");
            long start = System.nanoTime();
            Shipper shipper = shipper(q, List.of(new Shipper.Target(sink, new SinkConfig.Batching(10, 400))));
            shipper.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.sequences().size() == 25);
            shipper.stop(1_000);
            assertEquals(List.of(10, 10, 5), sink.accepted.stream().map(List::size).toList());
            long lastAfterMs = (sink.acceptedAtNanos.get(2) - start) / 1_000_000;
            long firstAfterMs = (sink.acceptedAtNanos.get(0) - start) / 1_000_000;
            assertTrue(lastAfterMs >= 400, "the part batch waited max_wait_ms: " + lastAfterMs + " ms");
            assertTrue(firstAfterMs < 400, "full batches go at once: " + firstAfterMs + " ms");
        }
    }

    @Test
    void recordsAReceiverRefusedInAnAcceptedBatchAreCountedAsFailed() throws IOException {
        Path queueDir = dir.resolve("q");
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, QueueConfig.RollCycle.HOURLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            for (int i = 1; i <= 5; i++) {
                writer.append(record(i));
            }
            ScriptedSink sink = new ScriptedSink("x", b -> Delivery.accepted(2, "2 log record(s) rejected: bad timestamp"));
            Shipper shipper = shipper(q, List.of(new Shipper.Target(sink, SinkConfig.Batching.LOCAL)));
            shipper.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> SinkState.read(SinkState.file(queueDir, "x")).failed() == 2);
            shipper.stop(1_000);
            SinkState.Snapshot s = SinkState.read(SinkState.file(queueDir, "x"));
            assertEquals(3, s.shipped());
            assertEquals(2, s.failed());
            assertEquals(0, s.retried(), "a partial success is not retried");
            String text = logged.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("refused 2 (2 log record(s) rejected: bad timestamp)"), text);
        }
    }

    @Test
    void aRefusedBatchIsCountedAsFailedAndSkipped() throws IOException {
        Path queueDir = dir.resolve("q");
        try (SingleChronicleQueue q = RecordQueue.open(queueDir, QueueConfig.RollCycle.HOURLY)) {
            QueueWriter writer = new QueueWriter(q, log);
            for (int i = 1; i <= 3; i++) {
                writer.append(record(i));
            }
            ScriptedSink sink = new ScriptedSink("x", b -> Delivery.rejected("HTTP 400"));
            Shipper shipper = shipper(q, List.of(new Shipper.Target(sink, SinkConfig.Batching.LOCAL)));
            shipper.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> SinkState.read(SinkState.file(queueDir, "x")).failed() == 3);
            sink.answer(b -> Delivery.ACCEPTED);
            writer.append(record(4));
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.sequences().size() == 1);
            shipper.stop(1_000);
            assertEquals(List.of(4L), sink.sequences());
            assertEquals(1, sink.attemptsAtNanos.size() - 1, "the refused batch was tried once");
        }
    }

    @Test
    void retriesBackOffExponentially() throws IOException {
        try (SingleChronicleQueue q = RecordQueue.open(dir.resolve("q"), QueueConfig.RollCycle.HOURLY)) {
            new QueueWriter(q, log).append(record(1));
            ScriptedSink sink = new ScriptedSink("down", b -> Delivery.retry("HTTP 500"));
            Shipper shipper = new Shipper(q, List.of(new Shipper.Target(sink, SinkConfig.Batching.LOCAL)), null,
                    new Backoff(50, 10_000, 10_000), log, 50);
            shipper.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.attemptsAtNanos.size() >= 6);
            shipper.stop(500);
            List<Long> at = sink.attemptsAtNanos;
            for (int i = 1; i < 6; i++) {
                long gapMs = (at.get(i) - at.get(i - 1)) / 1_000_000;
                long ceiling = 50L << (i - 1);
                assertTrue(gapMs >= ceiling / 2 - 5, "attempt " + i + " waited " + gapMs + " ms, at least " + ceiling / 2);
            }
        }
    }
}
