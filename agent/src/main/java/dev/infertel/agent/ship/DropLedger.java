package dev.infertel.agent.ship;

import dev.infertel.agent.queue.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.RollCycle;

/**
 * The queue files the disk budget deleted, one line each ({@code cycle records file}), in deletion
 * order, beside the sink states. A line is written before its file is deleted, so every sink, in
 * whichever process ships it, can count exactly how many of its unshipped records went with the file.
 */
public final class DropLedger {

    public static final String FILE = "deleted-cycles";

    private final Path file;

    public DropLedger(Path queueDir) {
        this.file = SinkState.dir(queueDir).resolve(FILE);
    }

    public record Entry(int cycle, long records, String fileName) {

        /** Records of this deleted cycle that a sink which has read up to {@code readIndex} had not read. */
        long unreadAfter(long readIndex, int readCycle, long readSeq) {
            if (readIndex < 0 || readCycle < cycle) {
                return records;
            }
            if (readCycle == cycle) {
                return Math.max(0, records - (readSeq + 1));
            }
            return 0;
        }
    }

    /**
     * Records of the deleted cycles {@code entries[from..]} that a sink which has read up to {@code index}
     * (-1: nothing) had not read.
     */
    public static long unreadAfter(List<Entry> entries, int from, long index, RollCycle rollCycle) {
        int cycle = index < 0 ? -1 : rollCycle.toCycle(index);
        long seq = index < 0 ? -1 : rollCycle.toSequenceNumber(index);
        long unread = 0;
        for (int i = Math.max(0, from); i < entries.size(); i++) {
            unread += entries.get(i).unreadAfter(index, cycle, seq);
        }
        return unread;
    }

    /** Size of the ledger file: cheap to poll for a change. */
    long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 2 && line.endsWith(";")) {
                try {
                    out.add(new Entry(Integer.parseInt(f[0]), Long.parseLong(f[1]),
                            f.length > 2 ? f[2].substring(0, f[2].length() - 1) : ""));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // a torn last line from a crash mid-write: its file was not deleted yet
                }
            }
        }
        return out;
    }

    boolean contains(int cycle) {
        for (Entry e : entries()) {
            if (e.cycle() == cycle) {
                return true;
            }
        }
        return false;
    }

    void append(int cycle, long records, String fileName) throws IOException {
        OwnerOnlyFiles.createDirectories(file.getParent());
        try (java.io.OutputStream out = OwnerOnlyFiles.append(file)) {
            out.write((cycle + " " + records + " " + fileName + ";\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
