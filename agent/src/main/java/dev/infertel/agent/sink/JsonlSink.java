package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.queue.OwnerOnlyFiles;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordJsonEncoder;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One JSON object per line, appended to a file; the same objects {@code tail --json} prints. The file
 * is rotated by size and by age (renamed with a UTC timestamp, optionally gzipped), and can be
 * fsynced after each batch.
 */
public final class JsonlSink implements Sink {

    /** Written to the file whenever this much has been encoded, so the buffer stays small whatever the batch. */
    private static final int WRITE_BYTES = 1 << 18;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final Path path;
    private final long maxSizeBytes;
    private final Duration rotateEvery;
    private final boolean gzip;
    private final boolean fsync;
    private final Clock clock;
    private final RecordJsonEncoder encoder = new RecordJsonEncoder();
    private final JsonBytes buffer = new JsonBytes(WRITE_BYTES + (WRITE_BYTES >> 2));
    private FileChannel channel;
    private long openedMillis;

    public JsonlSink(String name, Path path) {
        this(new SinkConfig.Jsonl(name, path), Clock.systemUTC());
    }

    public JsonlSink(SinkConfig.Jsonl config, Clock clock) {
        this.name = config.name();
        this.path = config.path().toAbsolutePath();
        this.maxSizeBytes = config.maxSizeBytes();
        this.rotateEvery = config.rotateEvery();
        this.gzip = config.gzip();
        this.fsync = config.fsync() == SinkConfig.Fsync.BATCH;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        try {
            write(batch);
            return Delivery.ACCEPTED;
        } catch (IOException | RuntimeException e) {
            closeQuietly(); // reopened (and a torn line cut off) on the next attempt
            return Delivery.retry("cannot write " + path + ": " + e);
        }
    }

    public void write(List<TelemetryRecord> batch) throws IOException {
        if (channel != null && dueForRotation()) {
            rotate();
        }
        if (channel == null) {
            open();
        }
        buffer.reset(); // what a failed attempt left is not written: the batch comes again whole
        for (TelemetryRecord r : batch) {
            encoder.write(r, buffer);
            buffer.raw((byte) '\n');
            if (buffer.size() >= WRITE_BYTES) {
                flush();
            }
        }
        flush();
        if (fsync) {
            channel.force(false);
        }
    }

    private void flush() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.array(), 0, buffer.size());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        buffer.reset();
    }

    private boolean dueForRotation() throws IOException {
        if (maxSizeBytes > 0 && channel.size() >= maxSizeBytes) {
            return true;
        }
        return rotateEvery != null && clock.millis() - openedMillis >= rotateEvery.toMillis();
    }

    private void open() throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            OwnerOnlyFiles.createDirectories(parent);
        }
        channel = OwnerOnlyFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        cutTornLine();
        channel.position(channel.size());
        openedMillis = existingSince();
    }

    /**
     * A crash mid-batch can leave half a line; its records were not acknowledged and come again, so
     * the half line is cut rather than glued to the next record.
     */
    private void cutTornLine() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        long pos = size;
        ByteBuffer one = ByteBuffer.allocate(1 << 16);
        while (pos > 0) {
            int n = (int) Math.min(one.capacity(), pos);
            one.clear().limit(n);
            channel.read(one, pos - n);
            for (int i = n - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    long keep = pos - n + i + 1;
                    if (keep < size) {
                        channel.truncate(keep);
                    }
                    return;
                }
            }
            pos -= n;
        }
        channel.truncate(0);
    }

    /** Age of the file is counted from when it was created, so a restart does not reset the clock. */
    private long existingSince() {
        try {
            return Math.min(clock.millis(), ((java.nio.file.attribute.FileTime) Files.getAttribute(path, "creationTime"))
                    .toMillis());
        } catch (IOException | RuntimeException e) {
            return clock.millis();
        }
    }

    private void rotate() throws IOException {
        close();
        Path rotated = rotatedName();
        Files.move(path, rotated, StandardCopyOption.ATOMIC_MOVE);
        if (gzip) {
            Path gz = rotated.resolveSibling(rotated.getFileName() + ".gz");
            try (InputStream in = Files.newInputStream(rotated);
                 OutputStream out = new GZIPOutputStream(OwnerOnlyFiles.create(gz), 1 << 16)) {
                in.transferTo(out);
            }
            Files.delete(rotated);
        }
    }

    /** {@code records.jsonl} -> {@code records-20261123T104500Z.jsonl} (-1, -2 ... when taken). */
    private Path rotatedName() {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String base = dot > 0 ? file.substring(0, dot) : file;
        String ext = dot > 0 ? file.substring(dot) : "";
        String stamp = STAMP.format(clock.instant());
        Path candidate = path.resolveSibling(base + "-" + stamp + ext);
        for (int i = 1; Files.exists(candidate) || Files.exists(candidate.resolveSibling(candidate.getFileName() + ".gz")); i++) {
            candidate = path.resolveSibling(base + "-" + stamp + "-" + i + ext);
        }
        return candidate;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            channel = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            c.close();
        }
    }
}
