package dev.infertel.agent.ship;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** A sink position (index of the last record it took, -1 = none) read against the queue as it is now. */
public final class QueuePosition {

    private QueuePosition() {
    }

    /**
     * Moves {@code tailer} to the record after {@code ack}: the start when there is no position or its
     * file is gone. Returns false when the position's file exists but does not hold it (then: the start).
     */
    public static boolean moveAfter(ExcerptTailer tailer, SingleChronicleQueue queue, long ack) {
        queue.refreshDirectoryListing();
        if (ack < 0 || queue.rollCycle().toCycle(ack) < queue.firstCycle()) {
            tailer.toStart();
            return true;
        }
        if (!tailer.moveToIndex(ack)) {
            tailer.toStart();
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (dc.isPresent() && dc.index() != ack) {
                dc.rollbackOnClose();
            }
        }
        return true;
    }

    /** How many records the queue holds after {@code ack}. */
    public static long recordsAfter(SingleChronicleQueue queue, long ack) {
        queue.refreshDirectoryListing();
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last < first) {
            return 0;
        }
        RollCycle rc = queue.rollCycle();
        long count = 0;
        try (ExcerptTailer t = queue.createTailer()) {
            int from = first;
            if (ack >= 0 && rc.toCycle(ack) >= first) {
                int ackCycle = rc.toCycle(ack);
                count += Math.max(0, t.excerptsInCycle(ackCycle) - (rc.toSequenceNumber(ack) + 1));
                from = ackCycle + 1;
            }
            if (from <= last) {
                for (Long cycle : queue.listCyclesBetween(from, last)) {
                    count += Math.max(0, t.excerptsInCycle(cycle.intValue()));
                }
            }
        }
        return count;
    }

    /** {@code cycle/sequence} of an index, as {@code status} prints it. */
    public static String describe(SingleChronicleQueue queue, long index) {
        if (index < 0) {
            return "none";
        }
        RollCycle rc = queue.rollCycle();
        return rc.toCycle(index) + "/" + rc.toSequenceNumber(index);
    }
}
