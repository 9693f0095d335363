package dev.infertel.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The timeline of one instrumented call: entry, each chunk, the end. Chunks arrive from one producer
 * thread at a time (the library's delivery thread or the caller iterating), so {@link #chunk()} is a
 * clock read and an array store: no lock, no allocation once the array has grown to the stream's size.
 * The end is claimed once, by whichever signal comes first (complete, error, close, exhaustion, return).
 *
 * <p>Also the completion action of a returned future, so that watching a future allocates nothing.
 */
public final class CallTimeline implements BiConsumer<Object, Throwable> {

    public static final int OPEN = 0;
    public static final int OK = 1;
    public static final int ERROR = 2;
    public static final int CANCEL = 3;
    public static final int REJECT = 4;

    private static final int INITIAL_CHUNKS = 64;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallTimeline.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final int siteId;
    public final long startNanos;
    /** Values the agent read from the call (model, usage, ...); slots are the agent's business. */
    public final Object[] values;
    /** The agent's handle on resources it holds for this call (e.g. a GPU window); 0 = none. */
    public long resourceToken;

    /** Plain calls never chunk: the array is allocated at the first chunk, not per call. */
    private static final long[] NO_CHUNKS = new long[0];

    private long[] chunkNanos = NO_CHUNKS;
    private int chunks;
    private volatile int state;
    private long endNanos;
    private Throwable error;

    public CallTimeline(int siteId, long startNanos, Object[] values) {
        this.siteId = siteId;
        this.startNanos = startNanos;
        this.values = values;
    }

    /** One chunk arrived now. */
    public void chunk() {
        long now = System.nanoTime();
        int n = chunks;
        long[] times = chunkNanos;
        if (n == times.length) {
            times = grow(times);
        }
        times[n] = now;
        chunks = n + 1;
    }

    private long[] grow(long[] times) {
        long[] bigger = new long[Math.max(INITIAL_CHUNKS, times.length << 1)];
        System.arraycopy(times, 0, bigger, 0, times.length);
        chunkNanos = bigger;
        return bigger;
    }

    /** Ends the call with {@code exit}; only the first end counts. Returns whether this one did. */
    public boolean finish(int exit, Throwable cause) {
        long now = System.nanoTime();
        if (!STATE.compareAndSet(this, OPEN, exit)) {
            return false;
        }
        endNanos = now;
        error = cause;
        Recorder r = Bridge.recorder();
        if (r != null) {
            try {
                r.record(this);
            } catch (Throwable ignored) {
                // never into the application
            }
        }
        return true;
    }

    public void complete() {
        finish(OK, null);
    }

    public void fail(Object cause) {
        finish(ERROR, cause instanceof Throwable ? (Throwable) cause : null);
    }

    /** A stream closed or abandoned before its end. */
    public void cancelIfOpen() {
        finish(CANCEL, null);
    }

    /** Completion of a returned future. */
    @Override
    public void accept(Object result, Throwable thrown) {
        if (thrown == null) {
            complete();
            return;
        }
        Throwable cause = thrown;
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            finish(CANCEL, null);
        } else {
            finish(ERROR, cause);
        }
    }

    public boolean isEnded() {
        return state != OPEN;
    }

    public int exit() {
        return state;
    }

    public int chunkCount() {
        return chunks;
    }

    /** Arrival time of chunk {@code i} (0-based), on the {@link System#nanoTime()} clock. */
    public long chunkNanos(int i) {
        return chunkNanos[i];
    }

    public long endNanos() {
        return endNanos;
    }

    public Throwable error() {
        return error;
    }
}
