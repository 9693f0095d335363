package dev.infertel.agent.stats;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The record ids read so far, for de-duplication: per process part of {@code record_id}, an
 * {@link IntervalSet} of its sequence numbers. Memory grows with processes and with gaps in their
 * sequences, not with records. Shared by the reading threads; each keeps a {@link Cursor} on the
 * process it saw last, since records of one process come in runs.
 */
final class SeenIds {

    private final ConcurrentHashMap<Long, IntervalSet> byProcess = new ConcurrentHashMap<>();

    Cursor cursor() {
        return new Cursor();
    }

    int processes() {
        return byProcess.size();
    }

    long ranges() {
        long r = 0;
        for (IntervalSet s : byProcess.values()) {
            synchronized (s) {
                r += s.ranges();
            }
        }
        return r;
    }

    long footprintBytes() {
        long b = 0;
        for (IntervalSet s : byProcess.values()) {
            synchronized (s) {
                b += 64 + s.footprintBytes();
            }
        }
        return b;
    }

    /** One thread's view. */
    final class Cursor {
        private long process;
        private IntervalSet set;

        /** True the first time an id is seen, false for a duplicate. */
        boolean firstTime(long process, long sequence) {
            if (set == null || this.process != process) {
                this.process = process;
                set = byProcess.computeIfAbsent(process, p -> new IntervalSet());
            }
            synchronized (set) {
                return set.add(sequence);
            }
        }
    }
}
