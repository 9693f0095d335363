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
    /** Still open after the configured longest duration: ended by the agent, not by the call. */
    public static final int TIMEOUT = 5;

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

    /** Whether the agent reads the streamed elements (a {@code chunk} value path or a chunk filter). */
    private final boolean watchesElements;
    /** Whether the agent reads the completion's value (a future's result, a complete callback's arguments). */
    private final boolean watchesCompletion;

    /** Plain calls never chunk: the array is allocated at the first chunk, not per call. */
    private static final long[] NO_CHUNKS = new long[0];

    private long[] chunkNanos = NO_CHUNKS;
    private int chunks;
    private volatile int state;
    private long endNanos;
    private Throwable error;
    /** An error event seen in an element, ending the call after the element is dealt with. */
    private Throwable pendingError;

    public CallTimeline(int siteId, long startNanos, Object[] values) {
        this(siteId, startNanos, values, false, false);
    }

    public CallTimeline(int siteId, long startNanos, Object[] values, boolean watchesElements,
                        boolean watchesCompletion) {
        this.siteId = siteId;
        this.startNanos = startNanos;
        this.values = values;
        this.watchesElements = watchesElements;
        this.watchesCompletion = watchesCompletion;
    }

    /** One chunk arrived now. */
    public void chunk() {
        store(System.nanoTime());
    }

    /**
     * One element arrived now. Without element reading configured this is {@link #chunk()}: a field
     * test more, nothing allocated. With it, the agent reads values from the element and may decide
     * that it is not a chunk (a filter), after the clock was read.
     */
    public void chunk(Object element) {
        long now = System.nanoTime();
        if (watchesElements) {
            Recorder r = Bridge.recorder();
            if (r != null) {
                try {
                    if (!r.element(this, element)) {
                        endIfFailed();
                        return;
                    }
                } catch (Throwable e) {
                    Bridge.suppressed(r, "chunk", e); // a failing read must not lose the chunk
                }
            }
        }
        store(now);
    }

    /**
     * After {@link #chunk()}, once the element has been handed on: reads it (value paths, the chunk
     * filter) and un-counts the chunk just stamped when the filter says it is none. Keeps the agent's
     * reflection out of the time between the element's arrival and the application seeing it.
     */
    public void inspect(Object element) {
        if (!watchesElements) {
            return;
        }
        Recorder r = Bridge.recorder();
        if (r == null) {
            return;
        }
        try {
            if (!r.element(this, element) && chunks > 0 && state == OPEN) {
                chunks--;
            }
            endIfFailed();
        } catch (Throwable e) {
            Bridge.suppressed(r, "inspect", e); // keep the chunk
        }
    }

    /**
     * Called by the agent while it reads an element that is the server's error event: the call ends as an
     * error once the element has been un-counted as a chunk.
     */
    public void failAfterElement(Throwable cause) {
        pendingError = cause;
    }

    private void endIfFailed() {
        Throwable failure = pendingError;
        if (failure != null) {
            pendingError = null;
            finish(ERROR, failure);
        }
    }

    private void store(long now) {
        if (state != OPEN) {
            return; // the ended call is the agent's to read now (on its own thread): a late chunk stays out
        }
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
            } catch (Throwable e) {
                Bridge.suppressed(r, "finish", e); // never into the application
            }
        }
        return true;
    }

    /**
     * Ends the call with {@code exit} without telling the recorder: for the agent's own thread, which
     * records it itself (a call past its longest duration, a call still open at exit).
     */
    public boolean claimEnd(int exit) {
        long now = System.nanoTime();
        if (!STATE.compareAndSet(this, OPEN, exit)) {
            return false;
        }
        endNanos = now;
        return true;
    }

    public void complete() {
        finish(OK, null);
    }

    /**
     * The end, signalled with the completion's arguments (a complete callback's, or a future's value
     * as the only one). An argument that carries a failure ({@code Optional<Throwable>} present, or a
     * Throwable, as openai-java's {@code onComplete(Optional<Throwable>)}) ends the call as an error.
     */
    public void completeWith(Object[] args) {
        Throwable failure = failureIn(args);
        if (failure != null) {
            finish(ERROR, failure);
            return;
        }
        if (watchesCompletion && !isEnded()) {
            Recorder r = Bridge.recorder();
            if (r != null) {
                try {
                    r.completion(this, args);
                } catch (Throwable e) {
                    Bridge.suppressed(r, "completion", e); // the end still counts
                }
            }
        }
        finish(OK, null);
    }

    private static Throwable failureIn(Object[] args) {
        if (args == null || args.length == 0) {
            return null;
        }
        Object first = args[0];
        if (first instanceof java.util.Optional<?>) {
            first = ((java.util.Optional<?>) first).orElse(null);
        }
        if (!(first instanceof Throwable)) {
            return null;
        }
        Throwable failure = (Throwable) first;
        // a library's future machinery wraps the server's error; the record names the error itself
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
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
            if (watchesCompletion) {
                completeWith(new Object[] {result});
            } else {
                complete();
            }
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
