package dev.infertel.agent.queue;

import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Records made before the queue opened that were still waiting for it when the JVM exited. Opening
 * Chronicle takes a few hundred milliseconds; a short-lived application should not wait for it at exit,
 * and Chronicle cannot start at all once shutdown has begun. So the waiting records go to a small file
 * in {@code <queue>/pending/} (the contract's JSON lines, written and synced under a temporary name, then renamed into place), and the next process
 * that opens the queue (an agent starting, {@code ship}, {@code tail}, {@code show}, {@code status},
 * {@code stats}) appends them to the queue and deletes the file.
 *
 * <p>Importing claims a file by renaming it with the importer's pid, so two processes never import the
 * same file; a claimed file whose process died mid-import is imported again (at-least-once: its records
 * may then appear twice, with the same {@code record_id}).
 */
public final class PendingSpill {

    static final String FOLDER = "pending";
    static final String SUFFIX = ".jsonl";
    private static final String CLAIMED = ".claimed-";

    private PendingSpill() {
    }

    /** Writes {@code records} to a new file under {@code queueDir}; returns the file, or null for none. */
    public static Path write(Path queueDir, List<TelemetryRecord> records) throws IOException {
        if (records.isEmpty()) {
            return null;
        }
        // the contract's JSON lines, not the queue's codec: Chronicle's Bytes cannot be created once
        // shutdown has begun (they register a shutdown hook on first use)
        StringBuilder lines = new StringBuilder(512 * records.size());
        for (TelemetryRecord r : records) {
            lines.append(RecordJson.toJson(r)).append('\n');
        }
        Path folder = OwnerOnlyFiles.createDirectories(queueDir.resolve(FOLDER));
        String name = ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + "-" + System.nanoTime();
        Path partial = folder.resolve(name + ".partial");
        try (FileChannel out = OwnerOnlyFiles.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        return move(partial, folder.resolve(name + SUFFIX));
    }

    /** The records of one file. */
    static List<TelemetryRecord> read(Path file) throws IOException {
        List<TelemetryRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                try {
                    records.add(RecordJson.read(line));
                } catch (RuntimeException e) {
                    throw new IOException(file + ": not a record: " + e.getMessage(), e);
                }
            }
        }
        return records;
    }

    /**
     * The records waiting in {@code <queue>/pending/}, read without claiming, moving or deleting anything
     * (the readers' view); files that cannot be read are left out.
     */
    public static List<TelemetryRecord> waiting(Path queueDir) {
        Path folder = queueDir.resolve(FOLDER);
        List<TelemetryRecord> records = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return records;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(folder)) {
            for (Path file : all) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) || (name.contains(CLAIMED) && !name.endsWith(".unreadable"))) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            return records;
        }
        files.sort(null);
        for (Path file : files) {
            try {
                records.addAll(read(file));
            } catch (IOException e) {
                // claimed and deleted meanwhile (then its records are in the queue), or damaged
            }
        }
        return records;
    }

    /**
     * Appends the records of every spilled file under {@code queueDir} to {@code queue}, oldest file
     * first, deleting each file once its records are in.
     *
     * @return how many records were appended
     */
    public static int importInto(SingleChronicleQueue queue, Path queueDir) throws IOException {
        Path folder = queueDir.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Path> claimed = new ArrayList<>();
        String mine = CLAIMED + ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) || orphaned(name)) {
                    String base = name.endsWith(SUFFIX) ? name : name.substring(0, name.indexOf(CLAIMED));
                    Path claim = tryMove(file, folder.resolve(base + mine));
                    if (claim != null) {
                        claimed.add(claim);
                    }
                }
            }
        }
        claimed.sort(null); // names start with pid and wall-clock millis
        int appended = 0;
        List<String> unreadable = new ArrayList<>();
        try (ExcerptAppender appender = queue.createAppender()) {
            for (Path file : claimed) {
                List<TelemetryRecord> records;
                try {
                    records = read(file);
                } catch (IOException e) {
                    // kept for a person to look at, out of the way of later imports
                    unreadable.add(move(file, file.resolveSibling(file.getFileName() + ".unreadable")) + ": "
                            + e.getMessage());
                    continue;
                }
                for (TelemetryRecord r : records) {
                    try (DocumentContext dc = appender.writingDocument()) {
                        RecordCodec.write(dc.wire().bytes(), r);
                    }
                    appended++;
                }
                Files.delete(file);
            }
        }
        if (!unreadable.isEmpty()) {
            throw new IOException(appended + " record(s) appended; not records: " + unreadable);
        }
        return appended;
    }

    /** A file another importer claimed and died before finishing. */
    private static boolean orphaned(String name) {
        int at = name.indexOf(CLAIMED);
        if (at < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(at + CLAIMED.length()));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Path tryMove(Path from, Path to) throws IOException {
        try {
            return move(from, to);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return null; // another process claimed it first
        }
    }

    private static Path move(Path from, Path to) throws IOException {
        try {
            return Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(from, to);
        }
    }
}
