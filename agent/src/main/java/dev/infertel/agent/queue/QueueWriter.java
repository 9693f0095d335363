package dev.infertel.agent.queue;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.Utf8Cache;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends records on the calling thread. Chronicle appenders are single-threaded, so each thread gets
 * its own. If the queue cannot be written (disk full, permissions), recording turns off with one log
 * line and a counter of what was lost; the application never sees the failure.
 *
 * <p>The queue may open after the first calls (opening Chronicle takes a few hundred milliseconds, which
 * the application should not wait for at start): until {@link #open} the records wait in a bounded
 * buffer, oldest dropped first and counted.
 */
public final class QueueWriter implements AutoCloseable {

    private static final int PENDING_LIMIT = 65_536;

    private volatile ChronicleQueue queue;
    private final ArrayDeque<TelemetryRecord> pending = new ArrayDeque<>();
    private final AgentLog log;
    private final ThreadLocal<ExcerptAppender> appenders = new ThreadLocal<>();
    private final ThreadLocal<Utf8Cache> strings = ThreadLocal.withInitial(Utf8Cache::new);
    private final Queue<ExcerptAppender> opened = new ConcurrentLinkedQueue<>();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean open = true;

    public QueueWriter(ChronicleQueue queue, AgentLog log) {
        this.queue = queue;
        this.log = log;
    }

    /** A writer whose queue is still being opened; see {@link #open}. */
    public QueueWriter(AgentLog log) {
        this(null, log);
    }

    /** The queue is ready: what waited goes in first, then appends go straight to it. */
    public void open(ChronicleQueue opened) {
        synchronized (pending) {
            if (!open) {
                return; // closed, or its waiting records were handed over at exit
            }
            for (TelemetryRecord r; (r = pending.poll()) != null; ) {
                write(opened, r);
            }
            queue = opened;
        }
    }

    private ExcerptAppender appender(ChronicleQueue q) {
        ExcerptAppender a = appenders.get();
        if (a == null) {
            a = q.createAppender();
            opened.add(a);
            appenders.set(a);
        }
        return a;
    }

    public void append(TelemetryRecord record) {
        ChronicleQueue q = queue;
        if (q == null) {
            synchronized (pending) {
                q = queue;
                if (q == null) {
                    if (pending.size() == PENDING_LIMIT) {
                        pending.poll();
                        lost.incrementAndGet();
                    }
                    pending.add(record);
                    return;
                }
            }
        }
        write(q, record);
    }

    private void write(ChronicleQueue q, TelemetryRecord record) {
        if (!open) {
            lost.incrementAndGet();
            return;
        }
        try (DocumentContext dc = appender(q).writingDocument()) {
            RecordCodec.write(dc.wire().bytes(), record, strings.get());
        } catch (Throwable t) {
            lost.incrementAndGet();
            if (open) {
                open = false;
                log.warn("cannot append to the queue at " + q.fileAbsolutePath() + " (" + t
                        + "); recording is off from here on, the application runs on");
            }
            return;
        }
        appended.incrementAndGet();
    }

    public long appended() {
        return appended.get();
    }

    /** Records that could not be appended (queue failed or already closed). */
    public long lost() {
        return lost.get();
    }

    /**
     * At exit, when the queue has not opened yet: hands over the records waiting for it (to be kept
     * elsewhere, see {@link PendingSpill}) and stops accepting more. Returns null when the queue is open
     * (or a failed open already counted the waiting records as lost): then nothing is waiting.
     */
    public List<TelemetryRecord> takePendingUnlessOpen() {
        synchronized (pending) {
            if (queue != null || !open) {
                return null;
            }
            open = false;
            List<TelemetryRecord> waiting = new ArrayList<>(pending);
            pending.clear();
            return waiting;
        }
    }

    /** Records still waiting for the queue to open. */
    public int pending() {
        synchronized (pending) {
            return pending.size();
        }
    }

    @Override
    public void close() {
        open = false;
        synchronized (pending) {
            lost.addAndGet(pending.size());
            pending.clear();
        }
        for (ExcerptAppender a; (a = opened.poll()) != null; ) {
            try {
                a.close();
            } catch (RuntimeException ignored) {
                // a thread may be mid-append; the queue close below settles it
            }
        }
    }
}
