package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSinkTest {

    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static List<TelemetryRecord> batch(int from, int n) {
        List<TelemetryRecord> b = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            b.add(HttpSinkTest.record(i));
        }
        return b;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static List<Long> sequences(Path file) throws IOException {
        List<String> lines;
        if (file.toString().endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        } else {
            lines = Files.readAllLines(file);
        }
        return lines.stream().map(l -> RecordJson.read(l).idSequence()).toList();
    }

    @Test
    void rotatesBySizeAndGzipsTheRotatedFile() throws IOException {
        Path out = dir.resolve("records.jsonl");
        TestClock clock = new TestClock();
        try (JsonlSink sink = new JsonlSink(new SinkConfig.Jsonl("j", out, 1, null, true, SinkConfig.Fsync.BATCH,
                SinkConfig.Batching.LOCAL), clock)) {
            assertEquals(Delivery.ACCEPTED, sink.deliver(batch(1, 3)));
            clock.now = clock.now.plusSeconds(1);
            assertEquals(Delivery.ACCEPTED, sink.deliver(batch(4, 2)));
        }
        assertEquals(List.of(dir.resolve("records-20261123T100001Z.jsonl.gz"), out), files());
        assertEquals(List.of(1L, 2L, 3L), sequences(files().get(0)));
        assertEquals(List.of(4L, 5L), sequences(out));
    }

    @Test
    void theFileAndItsRotatedGzipAreOwnerOnly() throws IOException {
        Path out = dir.resolve("sub/records.jsonl");
        TestClock clock = new TestClock();
        try (JsonlSink sink = new JsonlSink(new SinkConfig.Jsonl("j", out, 1, null, true, SinkConfig.Fsync.NONE,
                SinkConfig.Batching.LOCAL), clock)) {
            sink.deliver(batch(1, 1));
            clock.now = clock.now.plusSeconds(1);
            sink.deliver(batch(2, 1));
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.getParent())));
        try (Stream<Path> s = Files.list(out.getParent())) {
            for (Path f : s.toList()) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void rotatesByAge() throws IOException {
        Path out = dir.resolve("records.jsonl");
        TestClock clock = new TestClock();
        clock.now = Instant.now();
        try (JsonlSink sink = new JsonlSink(new SinkConfig.Jsonl("j", out, 0, Duration.ofHours(1), false,
                SinkConfig.Fsync.NONE, SinkConfig.Batching.LOCAL), clock)) {
            sink.deliver(batch(1, 2));
            clock.now = clock.now.plus(Duration.ofMinutes(30));
            sink.deliver(batch(3, 1));
            assertEquals(1, files().size(), "not an hour old yet");
            clock.now = clock.now.plus(Duration.ofMinutes(31));
            sink.deliver(batch(4, 1));
        }
        List<Path> files = files();
        assertEquals(2, files.size(), files::toString);
        assertTrue(files.get(0).getFileName().toString().matches("records-\\d{8}T\\d{6}Z\\.jsonl"), files::toString);
        assertEquals(List.of(1L, 2L, 3L), sequences(files.get(0)));
        assertEquals(List.of(4L), sequences(out));
    }

    @Test
    void aTornLastLineFromACrashIsCutBeforeAppending() throws IOException {
        Path out = dir.resolve("records.jsonl");
        try (JsonlSink sink = new JsonlSink("j", out)) {
            sink.deliver(batch(1, 2));
        }
        Files.writeString(out, "{\"schema_version\":1,\"record_id\":\"00", java.nio.file.StandardOpenOption.APPEND);
        try (JsonlSink sink = new JsonlSink("j", out)) {
            sink.deliver(batch(3, 1));
        }
        assertEquals(List.of(1L, 2L, 3L), sequences(out));
    }

    @Test
    void anUnwritableFileIsRetriedNotThrown() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        try (JsonlSink sink = new JsonlSink("j", blocker.resolve("records.jsonl"))) {
            assertEquals(Delivery.Kind.RETRY, sink.deliver(batch(1, 1)).kind());
        }
    }
}
