package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off from the application's threads to the agent's recorder thread: a preallocated, bounded,
 * lock-free ring of (event, call) cells after Dmitry Vyukov's bounded queue. A producer claims a cell with
 * one CAS on the tail, writes it and publishes it with a release store of the cell's sequence; nothing is
 * allocated and no producer ever waits for another one or for the consumer. When the ring is full the
 * producer takes the oldest cell out itself (dropped, counted) and retries: a full ring never blocks.
 *
 * <p>The wake flag lets the consumer sleep long while nothing happens: a producer that ends a call reads
 * one volatile field and unparks the consumer only when it sleeps.
 */
public final class CallRing {

    public static final int BEGIN = 1;
    public static final int END = 2;
    /** A timeline that will never be recorded (a publisher's entry): forget it. */
    public static final int DISCARD = 3;

    public static final int DEFAULT_CAPACITY = 32_768;

    /** Receives the events the consumer takes out, in ring order. */
    public interface Handler {
        void on(int event, CallTimeline call);
    }

    private final int mask;
    private final AtomicLongArray sequences;
    private final CallTimeline[] calls;
    private final int[] events;
    /** Tail (next cell to claim) at index 0, head (next cell to take) at {@link #HEAD}: apart, so not one cache line. */
    private final AtomicLongArray positions = new AtomicLongArray(2 * HEAD);
    private static final int HEAD = 16;
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread sleeper;

    public CallRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.mask = capacity - 1;
        this.sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        this.calls = new CallTimeline[capacity];
        this.events = new int[capacity];
    }

    /** Hands {@code event} of {@code call} over; drops the oldest cell when the ring is full. */
    public void offer(int event, CallTimeline call) {
        while (true) {
            long pos = positions.get(0);
            int cell = (int) (pos & mask);
            long dif = sequences.getAcquire(cell) - pos;
            if (dif == 0) {
                if (positions.compareAndSet(0, pos, pos + 1)) {
                    calls[cell] = call;
                    events[cell] = event;
                    sequences.setRelease(cell, pos + 1);
                    return;
                }
            } else if (dif < 0) {
                // full: the oldest goes first, counted
                if (takeOne(null)) {
                    dropped.incrementAndGet();
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** {@link #offer}, then wakes the consumer if it sleeps: for events that should be recorded soon. */
    public void offerAndWake(int event, CallTimeline call) {
        offer(event, call);
        Thread s = sleeper;
        if (s != null) {
            sleeper = null;
            LockSupport.unpark(s);
        }
    }

    /** Takes up to {@code limit} events out, in order; returns how many. Normally from one thread. */
    public int drain(Handler handler, int limit) {
        int n = 0;
        while (n < limit && takeOne(handler)) {
            n++;
        }
        return n;
    }

    private boolean takeOne(Handler handler) {
        while (true) {
            long pos = positions.get(HEAD);
            int cell = (int) (pos & mask);
            long dif = sequences.getAcquire(cell) - (pos + 1);
            if (dif == 0) {
                if (positions.compareAndSet(HEAD, pos, pos + 1)) {
                    CallTimeline call = calls[cell];
                    int event = events[cell];
                    calls[cell] = null;
                    sequences.setRelease(cell, pos + mask + 1);
                    if (handler != null) {
                        handler.on(event, call);
                    }
                    return true;
                }
            } else if (dif < 0) {
                return false; // empty (or a producer is between its claim and its publish)
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Whether nothing waits (a cell claimed but not yet published counts as waiting). */
    public boolean isEmpty() {
        return positions.get(HEAD) == positions.get(0);
    }

    /** Parks the calling consumer up to {@code nanos}, unless a producer's wake comes first. */
    public void sleep(long nanos) {
        sleeper = Thread.currentThread();
        if (isEmpty()) {
            LockSupport.parkNanos(this, nanos);
        }
        sleeper = null;
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        return dropped.get();
    }

    public int capacity() {
        return mask + 1;
    }
}
