package dev.infertel.agent.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records kept at exit, before the queue opened, reach the queue when the next process opens it. */
class PendingSpillTest {

    @TempDir
    Path dir;

    static TelemetryRecord record(long seq, boolean full) {
        GapHistogram hist = full ? GapHistogram.ofSortedNanos(new long[] {9_000_000, 10_000_000, 12_000_000}, 3) : null;
        GpuFields gpu = full ? new GpuFields("NVIDIA L4", 1, List.of("GPU-0"), 23034.0, 9000.0, 70.0, 72.0, 90.0, 55.0,
                10.0, "counter", 4.0, 6.0, 0, false) : null;
        return new TelemetryRecord(7, seq, 1_795_000_000_000_000L + seq, "chat", "vllm", "0.6", "m\u00e9", Exit.OK, null,
                full ? 100.5 : null, 500.25, full ? 4 : 0, full ? new ItlSummary(10, 10, 12, 12, 12, 9, 12) : null,
                12L, 30L, TelemetryRecord.TokensSource.USAGE, "stop", null, "main", 42, "host", gpu, hist,
                full ? 0.002 : null, null, full ? "USD" : null);
    }

    private List<String> queueAsJson(SingleChronicleQueue q) {
        List<String> json = new ArrayList<>();
        try (ExcerptTailer tailer = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return json;
                    }
                    json.add(RecordJson.toJson(RecordCodec.read(dc.wire().bytes())));
                }
            }
        }
    }

    @Test
    void spilledFilesAreOwnerOnly() throws IOException {
        Path file = PendingSpill.write(dir.resolve("queue"), List.of(record(1, false)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void keptRecordsAreAppendedOnceAndTheFileIsGone() throws IOException {
        List<TelemetryRecord> kept = List.of(record(1, true), record(2, false), record(3, true));
        Path file = PendingSpill.write(dir, kept);
        assertTrue(Files.isRegularFile(file));
        assertTrue(file.getParent().endsWith(PendingSpill.FOLDER));

        try (SingleChronicleQueue q = RecordQueue.open(dir, RollCycles.FAST_DAILY)) {
            assertEquals(3, PendingSpill.importInto(q, dir));
            assertEquals(0, PendingSpill.importInto(q, dir), "imported twice");
            List<String> expected = kept.stream().map(RecordJson::toJson).toList();
            assertEquals(expected, queueAsJson(q));
        }
        try (Stream<Path> left = Files.list(dir.resolve(PendingSpill.FOLDER))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void nothingToKeepWritesNothing() throws IOException {
        assertNull(PendingSpill.write(dir, List.of()));
        assertFalse(Files.exists(dir.resolve(PendingSpill.FOLDER)));
    }

    @Test
    void aFileClaimedByAProcessThatDiedIsImportedAgain() throws IOException {
        Path file = PendingSpill.write(dir, List.of(record(5, true)));
        long dead = deadPid();
        Files.move(file, file.resolveSibling(file.getFileName() + ".claimed-" + dead));
        try (SingleChronicleQueue q = RecordQueue.open(dir, RollCycles.FAST_DAILY)) {
            assertEquals(1, PendingSpill.importInto(q, dir));
        }
    }

    @Test
    void aFileClaimedByALiveProcessIsLeftToIt() throws IOException {
        Path file = PendingSpill.write(dir, List.of(record(6, false)));
        long live = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Files.move(file, file.resolveSibling(file.getFileName() + ".claimed-" + live));
        try (SingleChronicleQueue q = RecordQueue.open(dir, RollCycles.FAST_DAILY)) {
            assertEquals(0, PendingSpill.importInto(q, dir));
        }
    }

    @Test
    void aFileThatIsNotRecordsIsSetAsideAndTheOthersAreImported() throws IOException {
        Path bad = Files.createDirectories(dir.resolve(PendingSpill.FOLDER)).resolve("1-2-3" + PendingSpill.SUFFIX);
        Files.writeString(bad, "{\"not\": \"a record\"}\n");
        PendingSpill.write(dir, List.of(record(8, false)));
        try (SingleChronicleQueue q = RecordQueue.open(dir, RollCycles.FAST_DAILY)) {
            IOException e = assertThrows(IOException.class, () -> PendingSpill.importInto(q, dir));
            assertTrue(e.getMessage().startsWith("1 record(s) appended"), e.getMessage());
            assertEquals(List.of(RecordJson.toJson(record(8, false))), queueAsJson(q));
            assertEquals(0, PendingSpill.importInto(q, dir), "the bad file is not retried");
        }
        try (Stream<Path> left = Files.list(dir.resolve(PendingSpill.FOLDER))) {
            assertTrue(left.allMatch(p -> p.getFileName().toString().endsWith(".unreadable")));
        }
    }

    private static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return p.pid();
    }
}
