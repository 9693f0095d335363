package dev.infertel.agent.ship;

import dev.infertel.agent.queue.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One sink's position and counters, in a small memory-mapped file beside the queue
 * ({@code <queue>/sinks/<name>.state}). Every update is a single aligned 8-byte store into the page
 * cache, so a {@code kill -9} at any moment leaves the last acknowledged position and the counters
 * as they were; {@code status} reads the same file while a shipper runs.
 *
 * <p>The position is the queue index of the last record the sink accepted (or gave up), not the
 * index a Chronicle named tailer keeps: a named tailer moves when a record is read, before the sink
 * has it, which would lose a batch in flight at a crash.
 *
 * <p>Only the process holding the file's lock ships the sink, so two shippers on one queue (an
 * application and a standalone {@code ship}) never both send it.
 */
public final class SinkState implements AutoCloseable {

    static final long MAGIC = 0x494e46_5348_5031L; // "INFSHP1"
    static final int SIZE = 4096;
    private static final int ACK = 8;
    private static final int SHIPPED = 16;
    private static final int RETRIED = 24;
    private static final int FAILED = 32;
    private static final int DROPPED = 40;
    private static final int LEDGER_SEEN = 48;
    private static final int LAST_ACK_MILLIS = 56;
    private static final int CREATED_MILLIS = 64;

    public static final String SUFFIX = ".state";

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private FileLock lock;

    private SinkState(Path file, FileChannel channel, MappedByteBuffer map) {
        this.file = file;
        this.channel = channel;
        this.map = map;
    }

    public static Path dir(Path queueDir) {
        return queueDir.resolve("sinks");
    }

    public static Path file(Path queueDir, String sink) {
        return dir(queueDir).resolve(sink + SUFFIX);
    }

    /**
     * Opens (creating when new, with {@code ledgerBaseline} deletions already behind it) the state of
     * {@code sink}.
     */
    public static SinkState open(Path queueDir, String sink, int ledgerBaseline) throws IOException {
        OwnerOnlyFiles.createDirectories(dir(queueDir));
        Path file = file(queueDir, sink);
        FileChannel ch = OwnerOnlyFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            map.order(ByteOrder.LITTLE_ENDIAN);
            SinkState s = new SinkState(file, ch, map);
            if (map.getLong(0) != MAGIC) {
                // new (or never completely initialised): magic last, so a half-made file is made again
                for (int i = 8; i < 128; i += 8) {
                    map.putLong(i, 0);
                }
                map.putLong(ACK, -1);
                map.putLong(LEDGER_SEEN, ledgerBaseline);
                map.putLong(CREATED_MILLIS, System.currentTimeMillis());
                map.putLong(0, MAGIC);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The counters as they are in {@code file} now, without locking or changing it; null when unreadable. */
    public static Snapshot read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < 128) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getLong(0) != MAGIC) {
                return null;
            }
            String name = file.getFileName().toString();
            return new Snapshot(name.substring(0, name.length() - SUFFIX.length()), b.getLong(ACK), b.getLong(SHIPPED),
                    b.getLong(RETRIED), b.getLong(FAILED), b.getLong(DROPPED), b.getLong(LAST_ACK_MILLIS),
                    (int) b.getLong(LEDGER_SEEN));
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether this process now ships the sink; false while another process holds it. */
    public synchronized boolean tryLock() {
        if (lock != null) {
            return true;
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            lock = null;
        }
        return lock != null;
    }

    public long ackIndex() {
        return map.getLong(ACK);
    }

    public long shipped() {
        return map.getLong(SHIPPED);
    }

    public long retried() {
        return map.getLong(RETRIED);
    }

    public long failed() {
        return map.getLong(FAILED);
    }

    public long dropped() {
        return map.getLong(DROPPED);
    }

    /** When the sink last took a batch (epoch ms), 0 when it never did. */
    public long lastAckMillis() {
        return map.getLong(LAST_ACK_MILLIS);
    }

    int ledgerSeen() {
        return (int) map.getLong(LEDGER_SEEN);
    }

    /** The sink took {@code records} up to and including {@code index}. */
    void accepted(long index, int records) {
        // counter first: a crash between the two stores repeats the batch (at-least-once) and counts it twice,
        // never loses it
        map.putLong(SHIPPED, shipped() + records);
        map.putLong(ACK, index);
        map.putLong(LAST_ACK_MILLIS, System.currentTimeMillis());
    }

    /** The sink refused {@code records} for good, up to and including {@code index}. */
    void failed(long index, int records) {
        map.putLong(FAILED, failed() + records);
        map.putLong(ACK, index);
    }

    void retry() {
        map.putLong(RETRIED, retried() + 1);
    }

    void moveTo(long index) {
        map.putLong(ACK, index);
    }

    void dropped(long records, int ledgerSeen) {
        map.putLong(DROPPED, dropped() + records);
        map.putLong(LEDGER_SEEN, ledgerSeen);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        map.force();
        if (lock != null) {
            lock.release();
            lock = null;
        }
        channel.close();
    }

    /**
     * A sink's figures as {@code status} shows them; {@code ledgerSeen}: how many {@link DropLedger} lines
     * its {@code dropped} already counts (the shipper counts the others when it next runs).
     */
    public record Snapshot(String sink, long ackIndex, long shipped, long retried, long failed, long dropped,
                           long lastAckMillis, int ledgerSeen) {
    }
}
