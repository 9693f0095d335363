package dev.infertel.agent.cli;

import dev.infertel.agent.queue.PendingSpill;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.RecordDecoder;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.ship.QueuePosition;
import dev.infertel.agent.ship.SinkState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * {@code show --queue DIR [--sink NAME] [--json]}: the records not yet shipped, to inspect before
 * anything leaves the host. Without {@code --sink}: those some sink has not shipped (all when none has).
 */
final class ShowCommand {

    private ShowCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, 1, Set.of("queue", "sink"), Set.of("json"));
        Path dir = Path.of(args.get("queue", "telemetry-queue"));
        String problem = QueueDir.problem(dir);
        if (problem != null) {
            err.println(problem);
            return 1;
        }
        List<SinkState.Snapshot> sinks = StatusCommand.snapshots(dir);
        String only = args.get("sink", null);
        long from;
        if (only != null) {
            SinkState.Snapshot s = sinks.stream().filter(x -> x.sink().equals(only)).findFirst().orElse(null);
            if (s == null) {
                err.println("telemetry-agent: no sink '" + only + "' has shipped from " + dir.toAbsolutePath()
                        + (sinks.isEmpty() ? "" : " (known: " + sinks.stream().map(SinkState.Snapshot::sink).toList() + ")"));
                return 1;
            }
            from = s.ackIndex();
        } else {
            from = sinks.stream().mapToLong(SinkState.Snapshot::ackIndex).min().orElse(-1);
        }
        boolean json = args.flag("json");
        for (TelemetryRecord r : PendingSpill.waiting(dir)) {
            out.println(json ? RecordJson.toJson(r) : TailCommand.line(r)); // no sink has them yet
        }
        if (!RecordQueue.exists(dir)) {
            out.flush();
            return 0;
        }
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir);
             ExcerptTailer tailer = queue.createTailer()) {
            RecordDecoder decoder = new RecordDecoder();
            QueuePosition.moveAfter(tailer, queue, from);
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    TelemetryRecord r = decoder.read(dc.wire().bytes());
                    out.println(json ? RecordJson.toJson(r) : TailCommand.line(r));
                }
            }
        }
        out.flush();
        return 0;
    }
}
