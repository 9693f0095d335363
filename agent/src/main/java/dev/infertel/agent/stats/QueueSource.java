package dev.infertel.agent.stats;

import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.FlatRecord;
import dev.infertel.agent.record.RecordDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * An agent's Chronicle queue, read in its binary layout (without moving any sink's position), whole
 * or as a range of its indices: within a roll cycle indices are consecutive, so a cycle splits into
 * ranges that tailers read in parallel, each from its first index ({@code moveToIndex}).
 */
final class QueueSource implements RecordSource {

    /** About the bytes of one queued record (with its header), to size ranges like the JSONL ones. */
    private static final long BYTES_PER_RECORD = 340;

    private final Path dir;
    /** First index read; Long.MIN_VALUE = from the start. */
    private final long from;
    /** First index not read; Long.MAX_VALUE = to the end. */
    private final long to;

    QueueSource(Path dir) {
        this(dir, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private QueueSource(Path dir, long from, long to) {
        this.dir = dir;
        this.from = from;
        this.to = to;
    }

    @Override
    public List<RecordSource> split(long targetBytes) {
        if (!Files.isDirectory(dir) || !RecordQueue.exists(dir)) {
            return List.of(this); // read() says so, or reads nothing
        }
        long perPart = Math.max(4096, targetBytes / BYTES_PER_RECORD);
        List<RecordSource> parts = new ArrayList<>();
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir)) {
            int firstCycle = queue.firstCycle();
            int lastCycle = queue.lastCycle();
            if (firstCycle == Integer.MAX_VALUE || lastCycle < firstCycle) {
                return List.of(this);
            }
            RollCycle roll = queue.rollCycle();
            long lastIndex = queue.lastIndex();
            NavigableSet<Long> cycles = queue.listCyclesBetween(firstCycle, lastCycle);
            for (long cycle : cycles) {
                long first = roll.toIndex((int) cycle, 0);
                Long next = cycles.higher(cycle);
                long end = next == null ? lastIndex + 1 : roll.toIndex(next.intValue(), 0);
                long count = Math.max(1, queue.countExcerpts(first, end));
                for (long at = 0; at < count; at += perPart) {
                    // the last range of a cycle runs to the cycle's end, whatever was appended since the count
                    long stop = at + perPart >= count ? roll.toIndex((int) cycle + 1, 0) : first + at + perPart;
                    parts.add(new QueueSource(dir, first + at, stop));
                }
            }
        } catch (RuntimeException e) {
            return List.of(this); // unreadable here: read() reports it
        }
        return parts.isEmpty() ? List.of(this) : parts;
    }

    @Override
    public void read(Sink sink, Problems problems) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no queue at " + dir.toAbsolutePath());
        }
        if (!RecordQueue.exists(dir)) {
            return; // no process has opened it yet
        }
        RecordDecoder decoder = new RecordDecoder();
        FlatRecord r = new FlatRecord();
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir);
             ExcerptTailer tailer = queue.createTailer()) {
            if (from != Long.MIN_VALUE && !tailer.moveToIndex(from)) {
                return; // nothing at the range's start
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || dc.index() >= to) {
                        break;
                    }
                    boolean read;
                    try {
                        decoder.readFlat(dc.wire().bytes(), r);
                        read = true;
                    } catch (RuntimeException e) {
                        read = false;
                        problems.skipped(dir + ": unreadable queue entry (" + e.getMessage() + ")");
                    }
                    if (read) {
                        sink.accept(r);
                    }
                }
            }
        }
    }

    @Override
    public String describe() {
        return "queue " + dir + (from == Long.MIN_VALUE ? "" : " indices " + Long.toHexString(from) + ".." + Long.toHexString(to));
    }
}
