package dev.infertel.agent.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs named on the command line, as the engine's phases: queues first (the records as
 * recorded), then files (JSONL as sinks write them, SQLite files of the sqlite sink). A folder is
 * read as a queue when it holds Chronicle files (*.cq4), else every file in it whose name contains
 * ".jsonl" (rotated {@code x.jsonl.1}, {@code x.jsonl.gz}, ...) or ends in ".db"/".sqlite" is read.
 */
public final class RecordSources {

    private RecordSources() {
    }

    public static List<List<RecordSource>> of(List<Path> queueDirs, List<Path> paths) throws IOException {
        List<RecordSource> queues = new ArrayList<>();
        List<RecordSource> files = new ArrayList<>();
        for (Path q : queueDirs) {
            if (!Files.isDirectory(q)) {
                throw new IOException("no queue at " + q.toAbsolutePath());
            }
            queues.add(new QueueSource(q));
        }
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> children;
                try (Stream<Path> s = Files.list(p)) {
                    children = s.sorted().toList();
                }
                if (children.stream().anyMatch(c -> c.getFileName().toString().endsWith(".cq4"))) {
                    queues.add(new QueueSource(p));
                    continue;
                }
                for (Path c : children) {
                    String name = c.getFileName().toString();
                    if (Files.isRegularFile(c) && (name.contains(".jsonl") || SqlSources.isSqliteName(name))) {
                        files.add(file(c));
                    }
                }
            } else if (Files.isRegularFile(p)) {
                files.add(file(p));
            } else {
                throw new IOException("no file or folder at " + p.toAbsolutePath());
            }
        }
        return List.of(queues, files);
    }

    private static RecordSource file(Path p) throws IOException {
        if (SqlSources.isSqliteFile(p)) {
            return SqlSources.sqlite(p);
        }
        return JsonlSource.of(p);
    }
}
