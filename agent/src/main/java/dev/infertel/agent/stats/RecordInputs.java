package dev.infertel.agent.stats;

import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.RecordDecoder;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads records from queues and JSONL files, merged and de-duplicated by record_id (the same record
 * is often both in a queue and in the JSONL a sink shipped it to). A folder is read as a queue when it
 * holds Chronicle files (*.cq4), else every file in it whose name contains ".jsonl" (rotated
 * {@code x.jsonl.1}, {@code x.jsonl.gz}, ...) is read. Gzip is recognized by its magic bytes.
 */
public final class RecordInputs {

    /** What was read: records in input order, and what was skipped. */
    public record Loaded(List<TelemetryRecord> records, long duplicates, long badLines, List<String> problems,
                         int files, int queues) {
    }

    private final Map<String, TelemetryRecord> byId = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final RecordDecoder decoder = new RecordDecoder();
    private long duplicates;
    private long badLines;
    private int files;
    private int queues;

    private RecordInputs() {
    }

    public static Loaded load(List<Path> queueDirs, List<Path> paths) throws IOException {
        RecordInputs in = new RecordInputs();
        for (Path q : queueDirs) {
            in.queue(q);
        }
        for (Path p : paths) {
            in.path(p);
        }
        return new Loaded(List.copyOf(in.byId.values()), in.duplicates, in.badLines, List.copyOf(in.problems),
                in.files, in.queues);
    }

    private void path(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            List<Path> children;
            try (Stream<Path> s = Files.list(p)) {
                children = s.sorted().toList();
            }
            if (children.stream().anyMatch(c -> c.getFileName().toString().endsWith(".cq4"))) {
                queue(p);
                return;
            }
            for (Path c : children) {
                if (Files.isRegularFile(c) && c.getFileName().toString().contains(".jsonl")) {
                    jsonl(c);
                }
            }
        } else if (Files.isRegularFile(p)) {
            jsonl(p);
        } else {
            throw new IOException("no file or folder at " + p.toAbsolutePath());
        }
    }

    private void queue(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no queue at " + dir.toAbsolutePath());
        }
        queues++;
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir);
             ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    try {
                        add(decoder.read(dc.wire().bytes()));
                    } catch (RuntimeException e) {
                        badLines++;
                        problem(dir + ": unreadable queue entry (" + e.getMessage() + ")");
                    }
                }
            }
        }
    }

    private void jsonl(Path file) throws IOException {
        files++;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             BufferedReader reader = new BufferedReader(new InputStreamReader(maybeGunzip(raw), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    add(RecordJson.read(line));
                } catch (RuntimeException e) {
                    badLines++;
                    problem(file + " line " + number + ": not a telemetry record (" + e.getMessage() + ")");
                }
            }
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 65536) : in;
    }

    private void add(TelemetryRecord r) {
        if (byId.putIfAbsent(r.recordId(), r) != null) {
            duplicates++;
        }
    }

    private void problem(String text) {
        if (problems.size() < 10) {
            problems.add(text);
        }
    }
}
