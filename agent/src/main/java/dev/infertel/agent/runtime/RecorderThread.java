package dev.infertel.agent.runtime;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.bootstrap.CallTimeline;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's {@code telemetry-recorder} thread: takes the calls' BEGIN and END events out of the
 * {@link CallRing} and does every end-of-call job the application's thread no longer does (record
 * building, ITL, GPU window, encoding, the queue append, through {@link CallWriter}).
 *
 * <p>It also keeps the calls that are open, so that every call ends in a record: one still open after
 * {@code maxDurationNanos} is recorded with exit {@code timeout}; one still open when the agent stops (the
 * JVM exits) is recorded as {@code cancel}. Both are counted.
 *
 * <p>Latency of the hand-off, and so what a kill -9 can lose: while calls come it looks every
 * {@link #BUSY_PARK_NANOS}; after {@link #IDLE_AFTER_NANOS} without any it sleeps up to
 * {@link #IDLE_PARK_NANOS}, and the END of a call wakes it.
 */
public final class RecorderThread implements AutoCloseable {

    static final long BUSY_PARK_NANOS = 4_000_000L;
    static final long IDLE_AFTER_NANOS = 1_000_000_000L;
    static final long IDLE_PARK_NANOS = 200_000_000L;
    private static final int BATCH = 4096;
    private static final long TIMEOUT_CHECK_NANOS = 50_000_000L;
    static final long PERIODIC_NANOS = 2_000_000_000L;

    /** What the recorder does with a call: build its record and append it. */
    public interface CallWriter {
        /** The call ended ({@code exit} is the timeline's, or the agent's for a timeout or cancel). */
        void write(CallTimeline call, int exit);

        /** Calls that had begun before the GPU was ready: pair them now, if it is. */
        default void pairLate(CallTimeline call) {
        }

        /** Whether a GPU became ready since the last call of this (then {@link #pairLate} is worth trying). */
        default boolean gpuJustReady() {
            return false;
        }
    }

    private final CallRing ring;
    private final CallWriter writer;
    private final long maxDurationNanos;
    private final AgentLog log;
    private final SuppressedErrors errors;
    /** Run every {@link #PERIODIC_NANOS} on this thread (the agent's status file). */
    private final Runnable periodic;
    private long lastPeriodic = System.nanoTime();
    private final Thread thread;
    /** Open calls, oldest first: only this thread touches it. */
    private final LinkedHashSet<CallTimeline> open = new LinkedHashSet<>();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong cancelledAtExit = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private volatile boolean running;
    private volatile boolean started;
    private long lastEventNanos = System.nanoTime();
    private long lastTimeoutCheck;
    private final CallRing.Handler handler = this::onEvent;

    public RecorderThread(CallRing ring, CallWriter writer, long maxDurationNanos, AgentLog log,
                          SuppressedErrors errors, Runnable periodic) {
        this.log = log;
        this.ring = ring;
        this.writer = writer;
        this.maxDurationNanos = maxDurationNanos;
        this.errors = errors;
        this.periodic = periodic;
        this.thread = new Thread(this::run, "telemetry-recorder");
        thread.setDaemon(true);
    }

    public synchronized void start() {
        if (!started) {
            started = true;
            running = true;
            thread.start();
        }
    }

    private void run() {
        while (running) {
            try {
                int n = ring.drain(handler, BATCH);
                long now = System.nanoTime();
                if (n > 0) {
                    lastEventNanos = now;
                    if (n == BATCH) {
                        continue;
                    }
                }
                housekeeping(now);
                if (now - lastEventNanos < IDLE_AFTER_NANOS) {
                    java.util.concurrent.locks.LockSupport.parkNanos(this, BUSY_PARK_NANOS);
                } else {
                    ring.sleep(IDLE_PARK_NANOS);
                }
            } catch (Throwable t) {
                errors.add("recorder-loop", t); // it goes on
            }
        }
    }

    private void housekeeping(long now) {
        if (writer.gpuJustReady()) {
            for (CallTimeline t : open) {
                writer.pairLate(t);
            }
        }
        if (now - lastTimeoutCheck >= TIMEOUT_CHECK_NANOS) {
            lastTimeoutCheck = now;
            expire(now);
        }
        if (now - lastPeriodic >= PERIODIC_NANOS) {
            lastPeriodic = now;
            periodic.run();
        }
    }

    private void onEvent(int event, CallTimeline t) {
        try {
            switch (event) {
                case CallRing.BEGIN -> {
                    if (!t.isEnded()) {
                        open.add(t);
                    }
                }
                case CallRing.END -> {
                    open.remove(t);
                    writer.write(t, t.exit());
                    recorded.incrementAndGet();
                }
                case CallRing.DISCARD -> open.remove(t);
                default -> { }
            }
        } catch (Throwable e) {
            errors.add("recorder-event", e);
        }
    }

    /** Records the calls open longer than the limit as timeouts (oldest first: stops at the first young one). */
    private void expire(long now) {
        Iterator<CallTimeline> it = open.iterator();
        while (it.hasNext()) {
            CallTimeline t = it.next();
            if (now - t.startNanos < maxDurationNanos) {
                return;
            }
            it.remove();
            if (t.claimEnd(CallTimeline.TIMEOUT)) {
                timeouts.incrementAndGet();
                writer.write(t, CallTimeline.TIMEOUT);
                recorded.incrementAndGet();
            }
            // else it ended meanwhile: its END is in the ring, recorded when taken
        }
    }

    /**
     * Stops the thread and records what it had not yet: the ring's events, then every call still open
     * (as cancel; a call ended after the bridge was closed, with its own exit). Called once, at exit.
     */
    public void stop(long waitMillis) {
        running = false;
        if (started) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            try {
                thread.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("recorder thread did not stop in " + waitMillis + " ms; calls it had not recorded are lost");
                return;
            }
        }
        while (ring.drain(handler, BATCH) > 0) {
            // the calls that ended before the bridge closed
        }
        for (CallTimeline t : open) {
            try {
                if (t.claimEnd(CallTimeline.CANCEL)) {
                    cancelledAtExit.incrementAndGet();
                    writer.write(t, CallTimeline.CANCEL);
                } else {
                    writer.write(t, t.exit()); // ended after the bridge closed: its END never came
                }
                recorded.incrementAndGet();
            } catch (Throwable e) {
                errors.add("recorder-exit", e);
            }
        }
        open.clear();
    }

    @Override
    public void close() {
        stop(1_000);
    }

    public long timeouts() {
        return timeouts.get();
    }

    public long cancelledAtExit() {
        return cancelledAtExit.get();
    }

    public long recorded() {
        return recorded.get();
    }

    public long dropped() {
        return ring.dropped();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }
}
