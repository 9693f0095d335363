package dev.infertel.agent.ship;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Drains the queue to the sinks on its own daemon thread, so the application only ever appends. Each
 * sink reads through its own named tailer, so it keeps its own position across restarts and a slow
 * sink does not hold the others back. A batch that a sink refuses is read again later.
 */
public final class Shipper implements AutoCloseable {

    private static final int BATCH = 512;

    private final ChronicleQueue queue;
    private final List<Sink> sinks;
    private final AgentLog log;
    private final long idleNanos;
    private final List<ExcerptTailer> tailers = new ArrayList<>();
    private final List<TelemetryRecord> batch = new ArrayList<>(BATCH);
    private final Thread thread;
    private volatile boolean running;

    public Shipper(ChronicleQueue queue, List<Sink> sinks, AgentLog log, long idleMillis) {
        this.queue = queue;
        this.sinks = List.copyOf(sinks);
        this.log = log;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.thread = new Thread(this::run, "telemetry-shipper");
        thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    private void run() {
        // Chronicle tailers are thread-confined: this thread creates, uses and closes them.
        for (Sink sink : sinks) {
            tailers.add(queue.createTailer(sink.name()));
        }
        try {
            while (running) {
                if (drainOnce() == 0) {
                    LockSupport.parkNanos(idleNanos);
                }
            }
            while (drainOnce() > 0) {
                // final drain on stop: everything appended before close() goes out
            }
        } catch (Throwable t) {
            log.warn("shipper stopped: " + t);
        } finally {
            for (ExcerptTailer t : tailers) {
                t.close();
            }
            for (Sink s : sinks) {
                try {
                    s.close();
                } catch (Exception e) {
                    log.warn("sink " + s.name() + " did not close cleanly: " + e);
                }
            }
        }
    }

    /** One batch per sink; returns how many records went out. */
    private int drainOnce() {
        int shipped = 0;
        for (int i = 0; i < sinks.size(); i++) {
            shipped += shipBatch(sinks.get(i), tailers.get(i));
        }
        return shipped;
    }

    private int shipBatch(Sink sink, ExcerptTailer tailer) {
        long start = tailer.index();
        batch.clear();
        while (batch.size() < BATCH) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                try {
                    batch.add(RecordCodec.read(dc.wire().bytes()));
                } catch (RuntimeException e) {
                    log.once("undecodable", "skipping a record this version cannot read: " + e.getMessage());
                }
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            sink.write(batch);
            return batch.size();
        } catch (Exception e) {
            log.once("sink-fail-" + sink.name(), "sink " + sink.name() + " failed (" + e
                    + "); its records stay in the queue and are retried");
            tailer.moveToIndex(start);
            return 0;
        }
    }

    /** Stops after delivering what is in the queue now; waits up to {@code timeoutMillis}. */
    public void stop(long timeoutMillis) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }
}
