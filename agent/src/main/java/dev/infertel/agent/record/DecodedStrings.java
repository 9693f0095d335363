package dev.infertel.agent.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.openhft.chronicle.bytes.BytesIn;

/**
 * The read side of {@link Utf8Cache}: strings in the queue form (stop-bit length, then UTF-8) decoded
 * once per distinct value. Site, engine, host, thread name, model and finish reason repeat from record
 * to record, and Chronicle's {@code readUtf8} decodes byte by byte into a builder and interns each one
 * through a hash of its chars (a third of a drain's CPU before this). Here the bytes are copied in
 * one piece, hashed, and compared with the last value seen in their slot; the same bytes give back
 * the same {@code String} instance, which lets the JSON encoder find its encoded form by identity
 * too. Only ASCII is cached; anything else is left to Chronicle so its decoding stays the only one.
 * One per reading thread: not thread-safe.
 */
public final class DecodedStrings {

    private static final int SLOTS = 256;
    private static final int MAX_CACHED_LENGTH = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_CACHED_LENGTH];

    /** As {@code in.readUtf8()}. */
    public String read(BytesIn<?> in) {
        long start = in.readPosition();
        long length = in.readStopBit();
        if (length <= 0 || length > MAX_CACHED_LENGTH) {
            return length == 0 ? "" : chronicle(in, start);
        }
        int n = (int) length;
        if (in.read(scratch, 0, n) != n) {
            throw new IllegalStateException("a string of " + n + " bytes runs past the end of the record");
        }
        int hash = 0;
        int high = 0;
        for (int i = 0; i < n; i++) {
            byte b = scratch[i];
            hash = 31 * hash + b;
            high |= b;
        }
        if (high < 0) {
            return chronicle(in, start); // not ASCII
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, scratch, 0, n)) {
            return values[slot];
        }
        String s = new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
        keys[slot] = Arrays.copyOf(scratch, n);
        values[slot] = s;
        return s;
    }

    private static String chronicle(BytesIn<?> in, long start) {
        in.readPosition(start);
        return in.readUtf8();
    }
}
