package dev.infertel.agent.ship;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.sink.Sink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Drains the queue to the sinks, so the application only ever appends. Each sink has its own thread
 * and its own persistent position ({@link SinkState}), so a slow or dead sink holds back neither the
 * application nor the other sinks; a {@link QueueBudget} keeps the queue within its disk bounds.
 */
public final class Shipper implements AutoCloseable {

    /** A sink and how its batches are cut. */
    public record Target(Sink sink, SinkConfig.Batching batching) {
    }

    private final List<SinkWorker> workers = new ArrayList<>();
    private final QueueBudget budget;
    private boolean started;

    public Shipper(SingleChronicleQueue queue, List<Target> targets, QueueConfig bounds, Backoff backoff, AgentLog log,
                   long budgetPeriodMillis) throws IOException {
        Path dir = queue.file().toPath();
        DropLedger ledger = new DropLedger(dir);
        int baseline = ledger.entries().size();
        try {
            for (Target t : targets) {
                SinkState state = SinkState.open(dir, t.sink().name(), baseline);
                workers.add(new SinkWorker(queue, t.sink(), t.batching(), state, ledger, backoff, log));
            }
        } catch (IOException e) {
            throw new IOException("cannot open the sink state files in " + SinkState.dir(dir) + ": " + e.getMessage(), e);
        }
        this.budget = bounds != null && bounds.bounded()
                ? new QueueBudget(queue, bounds.maxDiskBytes(), bounds.retention(), log, budgetPeriodMillis) : null;
    }

    /** Sinks with local batching and no disk bounds (tests, tools). */
    public Shipper(SingleChronicleQueue queue, List<Sink> sinks, AgentLog log) throws IOException {
        this(queue, sinks.stream().map(s -> new Target(s, SinkConfig.Batching.LOCAL)).toList(), null,
                Backoff.DEFAULT, log, 1000);
    }

    /** Each sink's name and its persistent counters, for live metrics. */
    public java.util.Map<String, SinkState> states() {
        java.util.Map<String, SinkState> states = new java.util.LinkedHashMap<>();
        for (SinkWorker w : workers) {
            states.put(w.name(), w.state());
        }
        return states;
    }

    public void start() {
        started = true;
        if (budget != null) {
            budget.start();
        }
        for (SinkWorker w : workers) {
            w.start();
        }
    }

    /**
     * Ships what is in the queue now (one attempt per batch, no backoff) and stops, within
     * {@code timeoutMillis}; what is left stays in the queue for the next start.
     */
    public void stop(long timeoutMillis) {
        if (!started) {
            for (SinkWorker w : workers) {
                w.closeUnstarted();
            }
            workers.clear();
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (SinkWorker w : workers) {
            w.requestStop();
        }
        try {
            for (SinkWorker w : workers) {
                w.awaitStop(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (budget != null) {
            budget.stop();
        }
        started = false;
    }

    @Override
    public void close() {
        stop(5_000);
    }
}
