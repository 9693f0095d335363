package dev.infertel.agent.stats;

import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.FlatRecord;
import dev.infertel.agent.record.RecordDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** An agent's Chronicle queue, read in its binary layout (without moving any sink's position). */
final class QueueSource implements RecordSource {

    private final Path dir;

    QueueSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public void read(Sink sink, Problems problems) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no queue at " + dir.toAbsolutePath());
        }
        RecordDecoder decoder = new RecordDecoder();
        FlatRecord r = new FlatRecord();
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir);
             ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
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
        return "queue " + dir;
    }
}
