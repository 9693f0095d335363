package dev.infertel.agent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.queue.PendingSpill;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.Timestamps;
import dev.infertel.agent.runtime.AgentStatus;
import dev.infertel.agent.ship.DropLedger;
import dev.infertel.agent.ship.QueuePosition;
import dev.infertel.agent.ship.SinkState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * {@code status --queue DIR}: per sink, its position, lag (records and the age of the oldest
 * unshipped one) and its shipped, retried, failed and dropped counts. Reads only; works while a
 * shipper runs.
 */
final class StatusCommand {

    private StatusCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, 1, Set.of("queue"), Set.of("json"));
        Path dir = Path.of(args.get("queue", "telemetry-queue"));
        String problem = QueueDir.problem(dir);
        if (problem != null) {
            err.println(problem);
            return 1;
        }
        List<SinkState.Snapshot> sinks = snapshots(dir);
        long now = System.currentTimeMillis();
        int pending = PendingSpill.waiting(dir).size();
        if (pending > 0 && !args.flag("json")) {
            out.println(pending + " record(s) wait in " + dir.resolve("pending")
                    + " for the next agent start or ship to append them to the queue");
        }
        if (!RecordQueue.exists(dir)) {
            if (!args.flag("json")) {
                out.println("queue " + dir.toAbsolutePath() + ": no process has opened it yet");
            }
            return 0;
        }
        try (SingleChronicleQueue queue = RecordQueue.openExisting(dir)) {
            long total = QueuePosition.recordsAfter(queue, -1);
            if (!args.flag("json")) {
                out.println("queue " + dir.toAbsolutePath() + ": " + total + " record(s) in " + cycleFiles(dir)
                        + " file(s), " + new DropLedger(dir).entries().size() + " file(s) deleted by its bounds");
                if (sinks.isEmpty()) {
                    out.println("no sink has shipped from this queue yet");
                }
            }
            List<DropLedger.Entry> deleted = new DropLedger(dir).entries();
            for (SinkState.Snapshot counted : sinks) {
                // files the budget deleted since the sink's shipper last looked: counted here already, so a
                // dead sink's losses show before anything ships it again
                SinkState.Snapshot s = withDrops(counted,
                        DropLedger.unreadAfter(deleted, counted.ledgerSeen(), counted.ackIndex(), queue.rollCycle()));
                long lag = QueuePosition.recordsAfter(queue, s.ackIndex());
                Long oldest = lag == 0 ? null : firstUnshippedMicros(queue, s.ackIndex());
                Double ageS = oldest == null ? null : Math.max(0, now * 1000 - oldest) / 1e6;
                out.println(args.flag("json") ? json(queue, s, lag, ageS) : line(queue, s, lag, ageS));
            }
        }
        if (!args.flag("json")) {
            agents(dir, out);
        }
        return 0;
    }

    /** Agents shown by name; older ones (ended, nothing swallowed) only counted. */
    static final int AGENTS_SHOWN = 10;

    /** One line per agent that wrote to this queue: what it recorded and what it swallowed, by kind. */
    private static void agents(Path dir, PrintStream out) {
        List<AgentStatus> agents = AgentStatus.readAll(dir);
        int shown = 0;
        for (AgentStatus a : agents) {
            if (shown >= AGENTS_SHOWN && !a.running() && a.suppressedTotal() == 0) {
                continue;
            }
            shown++;
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "agent pid %d on %s (%s, updated %s): recorded %d, timeout %d, cancel at exit %d, dropped before"
                            + " the queue %d, errors suppressed %d", a.pid(), a.host(),
                    a.running() ? "running" : "ended", Timestamps.isoMicros(a.updatedMillis() * 1000), a.recorded(),
                    a.timeouts(), a.cancelledAtExit(), a.handoffDropped() + a.lostBeforeQueue(), a.suppressedTotal()));
            if (!a.suppressed().isEmpty()) {
                b.append(" (");
                String sep = "";
                for (var e : new java.util.TreeMap<>(a.suppressed()).entrySet()) {
                    b.append(sep).append(e.getKey()).append(": ").append(e.getValue());
                    sep = ", ";
                }
                b.append(")");
            }
            out.println(b);
        }
        if (agents.size() > shown) {
            out.println((agents.size() - shown) + " older agent(s) not shown (ended, no errors)");
        }
    }

    private static SinkState.Snapshot withDrops(SinkState.Snapshot s, long uncounted) {
        return new SinkState.Snapshot(s.sink(), s.ackIndex(), s.shipped(), s.retried(), s.failed(),
                s.dropped() + uncounted, s.lastAckMillis(), s.ledgerSeen());
    }

    static List<SinkState.Snapshot> snapshots(Path dir) {
        List<SinkState.Snapshot> out = new ArrayList<>();
        Path states = SinkState.dir(dir);
        if (!Files.isDirectory(states)) {
            return out;
        }
        try (Stream<Path> files = Files.list(states)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SinkState.SUFFIX)).sorted().toList()) {
                SinkState.Snapshot s = SinkState.read(f);
                if (s != null) {
                    out.add(s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static long cycleFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Long firstUnshippedMicros(SingleChronicleQueue queue, long ack) {
        try (ExcerptTailer t = queue.createTailer()) {
            QueuePosition.moveAfter(t, queue, ack);
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                return RecordCodec.read(dc.wire().bytes()).startEpochMicros();
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static String line(SingleChronicleQueue queue, SinkState.Snapshot s, long lag, Double ageS) {
        return String.format(Locale.ROOT, "sink %s: position %s, lag %d record(s)%s, shipped %d, retried %d, "
                        + "failed %d, dropped %d%s", s.sink(), QueuePosition.describe(queue, s.ackIndex()), lag,
                ageS == null ? "" : String.format(Locale.ROOT, " (oldest %.1f s)", ageS), s.shipped(), s.retried(),
                s.failed(), s.dropped(),
                s.lastAckMillis() == 0 ? "" : ", last delivery " + Timestamps.isoMicros(s.lastAckMillis() * 1000));
    }

    private static String json(SingleChronicleQueue queue, SinkState.Snapshot s, long lag, Double ageS) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = RecordJson.factory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("sink", s.sink());
            g.writeStringField("position", QueuePosition.describe(queue, s.ackIndex()));
            g.writeNumberField("lag_records", lag);
            if (ageS == null) {
                g.writeNullField("lag_age_s");
            } else {
                g.writeNumberField("lag_age_s", ageS);
            }
            g.writeNumberField("shipped", s.shipped());
            g.writeNumberField("retried", s.retried());
            g.writeNumberField("failed", s.failed());
            g.writeNumberField("dropped", s.dropped());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
