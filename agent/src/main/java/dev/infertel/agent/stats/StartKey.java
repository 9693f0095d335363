package dev.infertel.agent.stats;

/**
 * Where a call stands in its group's start order: its start time, ties broken by record id (process
 * part unsigned, then sequence, which is the order of the id's hex text).
 */
record StartKey(long startEpochMicros, long idProcess, long idSequence) implements Comparable<StartKey> {

    /** Before every call: nothing is left out. */
    static final StartKey FIRST = new StartKey(Long.MIN_VALUE, 0, Long.MIN_VALUE);
    /** After every call: the whole group is left out. */
    static final StartKey AFTER_ALL = new StartKey(Long.MAX_VALUE, -1L, Long.MAX_VALUE);

    static int compare(long s1, long p1, long q1, long s2, long p2, long q2) {
        int c = Long.compare(s1, s2);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(p1, p2);
        return c != 0 ? c : Long.compare(q1, q2);
    }

    /** The first key after this one (sequences are below 2^48, so this never wraps). */
    StartKey next() {
        return new StartKey(startEpochMicros, idProcess, idSequence + 1);
    }

    boolean isAfter(long start, long process, long sequence) {
        return compare(startEpochMicros, idProcess, idSequence, start, process, sequence) > 0;
    }

    @Override
    public int compareTo(StartKey o) {
        return compare(startEpochMicros, idProcess, idSequence, o.startEpochMicros, o.idProcess, o.idSequence);
    }
}
