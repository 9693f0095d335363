package dev.infertel.nvml;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which requests were active when, so a request ending at T can rebuild n(t), the number of
 * requests sharing the GPU, over its window. Fixed size, allocation-free, lock-free:
 * <ul>
 *   <li>a table of active requests (slot to start time), scanned up to its high-water mark;</li>
 *   <li>a ring of ended requests (token, start, end), newest last, each slot guarded by a sequence.</li>
 * </ul>
 * A request still running at T is in the table; one that ended inside the window is in the ring. A request
 * ending right now is briefly in both (the ring is written first so it is never in neither); the token
 * tells the two sightings apart, so it is counted once.
 */
final class RequestActivityLog {
    static final long NO_TOKEN = -1;
    static final int SLOT_BITS = 12;
    static final int MAX_ACTIVE = 1 << SLOT_BITS;
    /** Ended requests are appended in end() order, which may lag their end time by this much. */
    static final long APPEND_SLACK_NANOS = 100_000_000L;

    private static final long FREE = 0;
    private static final long CLAIMING = -1;

    private final AtomicLongArray owner = new AtomicLongArray(MAX_ACTIVE);
    private final AtomicLongArray activeStart = new AtomicLongArray(MAX_ACTIVE);
    private final AtomicInteger highWater = new AtomicInteger();
    private final AtomicLong generation = new AtomicLong();

    private final int endedMask;
    private final AtomicLongArray endedSeq;
    private final long[] endedToken;
    private final long[] endedStart;
    private final long[] endedEnd;
    private final AtomicLong endedCount = new AtomicLong();

    RequestActivityLog(int endedCapacity) {
        int capacity = SampleRing.powerOfTwoAtLeast(endedCapacity);
        this.endedMask = capacity - 1;
        this.endedSeq = new AtomicLongArray(capacity);
        this.endedToken = new long[capacity];
        this.endedStart = new long[capacity];
        this.endedEnd = new long[capacity];
    }

    /** Returns a token for {@link #end}, or {@link #NO_TOKEN} when more than MAX_ACTIVE requests run. */
    long begin(long startNanos) {
        for (int slot = 0; slot < MAX_ACTIVE; slot++) {
            if (owner.get(slot) == FREE && owner.compareAndSet(slot, FREE, CLAIMING)) {
                activeStart.set(slot, startNanos);
                long token = (generation.incrementAndGet() << SLOT_BITS) | slot;
                owner.set(slot, token); // publishes the start time
                int high;
                while ((high = highWater.get()) <= slot && !highWater.compareAndSet(high, slot + 1)) {
                    Thread.onSpinWait();
                }
                return token;
            }
        }
        return NO_TOKEN;
    }

    /** Moves the request from the active table to the ended ring (ring first: never invisible). */
    void end(long token, long startNanos, long endNanos) {
        appendEnded(token, startNanos, endNanos);
        release(token);
    }

    /** First half of {@link #end}: the request is now in the ring and still in the table. */
    void appendEnded(long token, long startNanos, long endNanos) {
        long index = endedCount.getAndIncrement();
        int slot = (int) (index & endedMask);
        endedSeq.set(slot, 2 * index + 1);
        VarHandle.storeStoreFence();
        endedToken[slot] = token;
        endedStart[slot] = startNanos;
        endedEnd[slot] = endNanos;
        endedSeq.setRelease(slot, 2 * index + 2);
    }

    /** Second half of {@link #end}: frees the request's slot in the active table. */
    void release(long token) {
        if (token > 0) {
            owner.compareAndSet(slotOf(token), token, FREE);
        }
    }

    private static int slotOf(long token) {
        return (int) (token & (MAX_ACTIVE - 1));
    }

    int activeCount() {
        int n = 0;
        for (int slot = 0, high = highWater.get(); slot < high; slot++) {
            if (owner.get(slot) > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Adds to {@code out} every other request overlapping [from, to], clipped to it.
     *
     * @return false when the ended ring no longer reaches back to {@code from} (sharing is then partial)
     */
    boolean collectOverlaps(long ownToken, long from, long to, Intervals out) {
        for (int slot = 0, high = highWater.get(); slot < high; slot++) {
            long token = owner.get(slot);
            if (token <= 0 || token == ownToken) {
                continue;
            }
            long start = activeStart.get(slot);
            if (owner.get(slot) == token && start < to) {
                out.addRunning(token, Math.max(start, from), to); // still running at 'to', as far as we know
            }
        }
        long count = endedCount.get();
        long oldest = Math.max(0, count - endedMask - 1);
        for (long index = count - 1; index >= oldest; index--) {
            int slot = (int) (index & endedMask);
            long seq = endedSeq.getAcquire(slot);
            if (seq < 2 * index + 2) {
                continue; // being appended right now
            }
            long token = endedToken[slot];
            long start = endedStart[slot];
            long end = endedEnd[slot];
            VarHandle.loadLoadFence();
            if (seq != 2 * index + 2 || endedSeq.getOpaque(slot) != seq) {
                return false; // overwritten by a newer entry
            }
            if (token > 0 && out.endRunning(token, Math.min(end, to))) {
                continue; // it ended while the table was scanned: counted once, with its real end
            }
            if (end + APPEND_SLACK_NANOS < from) {
                return true;
            }
            if (end > from && start < to) {
                out.add(Math.max(start, from), Math.min(end, to));
            }
        }
        return oldest == 0;
    }

    /** Growable scratch of clipped intervals, reused per thread. */
    static final class Intervals {
        long[] starts = new long[64];
        long[] ends = new long[64];
        /** The token of each interval taken from the active table, 0 for one taken from the ended ring. */
        long[] tokens = new long[64];
        /** Active-table slot to the index of its interval; stale entries are told apart by the token. */
        private final int[] indexOfSlot = new int[MAX_ACTIVE];
        int size;

        void clear() {
            size = 0;
        }

        void add(long start, long end) {
            append(0, start, end);
        }

        void addRunning(long token, long start, long end) {
            if (append(token, start, end)) {
                indexOfSlot[slotOf(token)] = size - 1;
            }
        }

        /**
         * Gives the running request {@code token}, if listed, its real end.
         *
         * @return whether it was listed
         */
        boolean endRunning(long token, long end) {
            int index = indexOfSlot[slotOf(token)];
            if (index >= size || tokens[index] != token) {
                return false;
            }
            ends[index] = Math.max(starts[index], Math.min(ends[index], end));
            return true;
        }

        private boolean append(long token, long start, long end) {
            if (end <= start) {
                return false;
            }
            if (size == starts.length) {
                starts = java.util.Arrays.copyOf(starts, size * 2);
                ends = java.util.Arrays.copyOf(ends, size * 2);
                tokens = java.util.Arrays.copyOf(tokens, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            tokens[size] = token;
            size++;
            return true;
        }

        void sort() {
            java.util.Arrays.sort(starts, 0, size);
            java.util.Arrays.sort(ends, 0, size);
        }
    }
}
