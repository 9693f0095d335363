package dev.infertel.agent.ship;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.RecordDecoder;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.Delivery;
import dev.infertel.agent.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Ships one sink on its own thread: reads a batch from the queue, hands it to the sink, and moves the
 * sink's persistent position only once the sink has it. A refused batch stays in memory and is retried
 * with backoff; the sink's thread is the only one that waits, the application and the other sinks
 * never do.
 */
final class SinkWorker {

    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LOCK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final Sink sink;
    private final SinkConfig.Batching batching;
    private final SinkState state;
    private final DropLedger ledger;
    private final Backoff backoff;
    private final AgentLog log;
    private final Thread thread;
    private final List<TelemetryRecord> batch = new ArrayList<>();
    private final RecordDecoder decoder = new RecordDecoder();
    private volatile boolean running = true;
    private ExcerptTailer tailer;
    /** Index of the last record read (into the batch or acknowledged); -1 before any. */
    private long readIndex;
    private long batchStartNanos;
    private long ledgerSize = -1;
    private int attempts;

    SinkWorker(SingleChronicleQueue queue, Sink sink, SinkConfig.Batching batching, SinkState state,
               DropLedger ledger, Backoff backoff, AgentLog log) {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.sink = sink;
        this.batching = batching;
        this.state = state;
        this.ledger = ledger;
        this.backoff = backoff;
        this.log = log;
        this.thread = new Thread(this::run, "telemetry-shipper-" + sink.name());
        thread.setDaemon(true);
    }

    SinkState state() {
        return state;
    }

    String name() {
        return sink.name();
    }

    void start() {
        thread.start();
    }

    /** Asks the worker to ship what is there with one last attempt each and end. */
    void requestStop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** Waits for the worker until {@code deadlineNanos}; then interrupts a send still in flight. */
    void awaitStop(long deadlineNanos) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(1000);
        }
    }

    /** Releases the state file and the sink of a worker that never ran. */
    void closeUnstarted() {
        try {
            sink.close();
            state.close();
        } catch (Exception e) {
            log.warn("sink " + sink.name() + " did not close cleanly: " + e);
        }
    }

    private void run() {
        try {
            if (!acquire()) {
                return;
            }
            // Chronicle tailers are thread-confined: this thread creates, uses and closes its own.
            tailer = queue.createTailer();
            position();
            loop();
        } catch (Throwable t) {
            log.warn("sink " + sink.name() + ": shipping stopped (" + t + "); its records stay in the queue");
        } finally {
            if (tailer != null) {
                tailer.close();
            }
            try {
                sink.close();
            } catch (Exception e) {
                log.warn("sink " + sink.name() + " did not close cleanly: " + e);
            }
            try {
                state.close();
            } catch (Exception e) {
                log.warn("sink " + sink.name() + ": cannot close its state file: " + e);
            }
        }
    }

    private boolean acquire() {
        while (!state.tryLock()) {
            log.once("sink-locked-" + sink.name(), "sink " + sink.name() + " is shipped by another process on this queue;"
                    + " this one takes over when that one stops");
            if (!running) {
                return false;
            }
            LockSupport.parkNanos(LOCK_RETRY_NANOS);
        }
        return true;
    }

    /** Back to the record after the last one the sink accepted; the start when none, or when its file is gone. */
    private void position() {
        long ack = state.ackIndex();
        readIndex = ack;
        reconcileDrops();
        if (readIndex != ack) {
            return; // the acknowledged record's file was deleted: reconcile moved the tailer
        }
        if (!QueuePosition.moveAfter(tailer, queue, ack)) {
            log.warn("sink " + sink.name() + ": its position " + QueuePosition.describe(queue, ack)
                    + " is not in the queue; shipping from the queue's start");
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            boolean stopping = !running;
            if (batch.isEmpty()) {
                reconcileDrops();
            }
            fill();
            if (!batch.isEmpty()) {
                boolean full = batch.size() >= batching.maxRecords();
                boolean waited = System.nanoTime() - batchStartNanos >= TimeUnit.MILLISECONDS.toNanos(batching.maxWaitMs());
                if (full || waited || stopping) {
                    if (!deliver(stopping) && stopping) {
                        return;
                    }
                    continue;
                }
            } else if (readIndex > state.ackIndex()) {
                state.moveTo(readIndex); // only undecodable records were read: move past them
            }
            if (stopping) {
                return;
            }
            long remaining = batch.isEmpty() ? IDLE_NANOS
                    : TimeUnit.MILLISECONDS.toNanos(batching.maxWaitMs()) - (System.nanoTime() - batchStartNanos);
            LockSupport.parkNanos(Math.max(100_000, Math.min(IDLE_NANOS, remaining)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void fill() {
        int max = batching.maxRecords();
        while (batch.size() < max) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return;
                }
                long index = dc.index();
                try {
                    TelemetryRecord r = decoder.read(dc.wire().bytes());
                    if (batch.isEmpty()) {
                        batchStartNanos = System.nanoTime();
                    }
                    batch.add(r);
                } catch (RuntimeException e) {
                    state.failed(readIndex, 1);
                    log.once("undecodable-" + sink.name(), "sink " + sink.name()
                            + ": skipping a record this version cannot read (" + e.getMessage() + "), counted as failed");
                }
                readIndex = index;
            }
        }
    }

    /** One attempt at the batch in hand; true when the batch is done with (accepted or given up). */
    private boolean deliver(boolean stopping) throws InterruptedException {
        Delivery d;
        try {
            d = sink.deliver(batch);
        } catch (RuntimeException e) {
            d = Delivery.retry(e.toString());
        }
        switch (d.kind()) {
            case ACCEPTED -> {
                int refused = (int) Math.min(batch.size(), d.rejectedRecords());
                state.accepted(readIndex, batch.size() - refused);
                if (refused > 0) {
                    state.failed(readIndex, refused);
                    log.warn("sink " + sink.name() + ": the receiver took a batch of " + batch.size()
                            + " record(s) but refused " + refused + " (" + d.detail() + "); counted as failed");
                } else if (!d.detail().isEmpty()) {
                    log.warn("sink " + sink.name() + ": the receiver took a batch of " + batch.size()
                            + " record(s) with a warning: " + d.detail());
                }
                if (attempts > 0) {
                    log.info("sink " + sink.name() + " delivers again after " + attempts + " failed attempt(s)");
                }
                attempts = 0;
                batch.clear();
                return true;
            }
            case REJECTED -> {
                state.failed(readIndex, batch.size());
                log.warn("sink " + sink.name() + " refused a batch of " + batch.size() + " record(s) for good ("
                        + d.detail() + "); counted as failed, shipping goes on");
                attempts = 0;
                batch.clear();
                return true;
            }
            default -> {
                state.retry();
                attempts++;
                if (attempts == 1) {
                    log.warn("sink " + sink.name() + " cannot deliver (" + d.detail()
                            + "); its records stay in the queue and are retried with backoff");
                }
                if (!stopping) {
                    sleep(backoff.delayMillis(attempts, d.retryAfterMillis()));
                }
                return false;
            }
        }
    }

    /** Waits out a backoff, ending early on stop (the batch is then tried once more) or interrupt. */
    private void sleep(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (running && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Counts the records the disk budget deleted before this sink read them, from the ledger lines it
     * has not seen yet, and moves past deleted files.
     */
    private void reconcileDrops() {
        long size = ledger.size();
        if (size == ledgerSize) {
            return;
        }
        ledgerSize = size;
        List<DropLedger.Entry> entries = ledger.entries();
        int seen = state.ledgerSeen();
        if (entries.size() <= seen) {
            return;
        }
        int readCycle = readIndex < 0 ? -1 : rollCycle.toCycle(readIndex);
        long dropped = DropLedger.unreadAfter(entries, seen, readIndex, rollCycle);
        DropLedger.Entry newest = null;
        for (int i = seen; i < entries.size(); i++) {
            DropLedger.Entry e = entries.get(i);
            if (newest == null || e.cycle() > newest.cycle()) {
                newest = e;
            }
        }
        state.dropped(dropped, entries.size());
        if (dropped > 0) {
            log.warn("sink " + sink.name() + ": " + dropped + " record(s) were deleted by the queue's disk budget"
                    + " before they were shipped (" + state.dropped() + " in all)");
        }
        if (readCycle <= newest.cycle()) {
            // the file being read (or not reached yet) is gone: go on from the oldest file left
            long past = rollCycle.toIndex(newest.cycle(), Math.max(0, newest.records() - 1));
            readIndex = past;
            if (batch.isEmpty()) {
                state.moveTo(past);
            }
            if (tailer != null) {
                queue.refreshDirectoryListing();
                tailer.toStart();
            }
        }
    }
}
