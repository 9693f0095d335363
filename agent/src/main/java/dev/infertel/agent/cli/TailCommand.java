package dev.infertel.agent.cli;

import dev.infertel.agent.queue.PendingSpill;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.RecordDecoder;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Prints every record of a queue, from the start, without moving any sink's position. */
final class TailCommand {

    private TailCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, 1, Set.of("queue"), Set.of("json", "follow"));
        Path dir = Path.of(args.get("queue", "telemetry-queue"));
        boolean json = args.flag("json");
        boolean follow = args.flag("follow");
        String problem = QueueDir.problem(dir);
        if (problem != null) {
            err.println(problem);
            return 1;
        }
        // before the queue's: they were made before it opened
        for (TelemetryRecord r : PendingSpill.waiting(dir)) {
            out.println(json ? RecordJson.toJson(r) : line(r));
        }
        while (!RecordQueue.exists(dir)) {
            if (!follow) {
                out.flush();
                return 0; // no process has opened the queue yet
            }
            out.flush();
            LockSupport.parkNanos(50_000_000L); // a read-only open needs the queue's metadata to know its cycle
        }
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir);
             ExcerptTailer tailer = queue.createTailer()) {
            RecordDecoder decoder = new RecordDecoder();
            while (true) {
                boolean read = false;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (dc.isPresent()) {
                        read = true;
                        TelemetryRecord r = decoder.read(dc.wire().bytes());
                        out.println(json ? RecordJson.toJson(r) : line(r));
                    }
                }
                if (!read) {
                    if (!follow) {
                        break;
                    }
                    out.flush();
                    LockSupport.parkNanos(50_000_000L);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** One readable line per record. */
    static String line(TelemetryRecord r) {
        StringBuilder b = new StringBuilder(160);
        b.append(r.ts()).append(' ').append(r.site());
        if (r.modelRef() != null) {
            b.append(" model=").append(r.modelRef());
        }
        if (r.engine() != null) {
            b.append(" engine=").append(r.engine());
        }
        b.append(" exit=").append(r.exit().json());
        if (r.errorType() != null) {
            b.append('(').append(r.errorType()).append(')');
        }
        if (r.firstTokenMs() != null) {
            b.append(" ttft=").append(ms(r.firstTokenMs()));
        }
        b.append(" e2e=").append(ms(r.e2eMs()));
        b.append(" chunks=").append(r.chunks());
        if (r.itl() != null) {
            b.append(" itl_p50=").append(ms(r.itl().p50())).append(" itl_p99=").append(ms(r.itl().p99()));
        }
        if (r.tokensIn() != null || r.tokensOut() != null) {
            b.append(" tokens=").append(r.tokensIn() == null ? "?" : r.tokensIn()).append('/')
                    .append(r.tokensOut() == null ? "?" : r.tokensOut());
        }
        if (r.outputTokensPerS() != null) {
            b.append(String.format(Locale.ROOT, " tok/s=%.1f", r.outputTokensPerS()));
        }
        if (r.gpu() != null && r.gpu().energyJ() != null) {
            b.append(String.format(Locale.ROOT, " energy=%.3fJ", r.gpu().energyJ()));
        }
        b.append(" thread=").append(r.thread());
        return b.toString();
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3fms", v);
    }
}
