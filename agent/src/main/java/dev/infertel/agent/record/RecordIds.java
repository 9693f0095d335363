package dev.infertel.agent.record;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Record ids unique across processes and restarts without coordination: a random 64-bit process part
 * and a 48-bit sequence, printed as {@code 16 hex - 12 hex}.
 */
public final class RecordIds {

    private static final long SEQUENCE_MASK = (1L << 48) - 1;

    private final long process;
    private final AtomicLong sequence = new AtomicLong();

    public RecordIds() {
        this(new SecureRandom().nextLong());
    }

    public RecordIds(long process) {
        this.process = process;
    }

    public long process() {
        return process;
    }

    public long nextSequence() {
        return sequence.incrementAndGet() & SEQUENCE_MASK;
    }

    public static String format(long process, long sequence) {
        char[] c = new char[29];
        hex(c, 0, process, 16);
        c[16] = '-';
        hex(c, 17, sequence & SEQUENCE_MASK, 12);
        return new String(c);
    }

    private static void hex(char[] c, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        }
    }
}
