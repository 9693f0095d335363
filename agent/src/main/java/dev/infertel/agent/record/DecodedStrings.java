package dev.infertel.agent.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The read side of {@link Utf8Cache}: strings in the queue form (stop-bit length, then UTF-8) decoded
 * once per distinct value. Site, engine, host, thread name, model and finish reason repeat from record
 * to record, and Chronicle's {@code readUtf8} decodes byte by byte into a builder and interns each one
 * through a hash of its chars (a third of a drain's CPU before this). Here the bytes are hashed eight
 * at a time and compared with the value last seen in their slot; the same bytes give back the same
 * {@code String} instance, which lets the JSON encoder find its encoded form by identity too. A miss
 * decodes ASCII directly and leaves anything else to Chronicle, so its decoding stays the only one.
 * One per reading thread: not thread-safe.
 */
public final class DecodedStrings {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ASCII_HIGH_BITS = 0x8080808080808080L;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final int SLOT_BITS = 8;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int MAX_CACHED_LENGTH = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /**
     * The string whose queue form starts at {@code lengthAt} in {@code bytes}, its UTF-8 being the
     * {@code length} bytes from {@code offset}.
     */
    String read(byte[] bytes, int lengthAt, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return decode(bytes, lengthAt, offset, length, ascii(bytes, offset, length));
        }
        // eight bytes at a time: a multiplicative hash, and the high bits that say "not ASCII"
        long hash = length;
        long bits = 0;
        int i = offset;
        int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            bits |= word;
            hash = (hash ^ word) * MIX;
        }
        for (; i < end; i++) {
            long b = bytes[i];
            bits |= b;
            hash = (hash ^ (b & 0xFF)) * MIX;
        }
        int slot = (int) (hash >>> (Long.SIZE - SLOT_BITS));
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, offset, end)) {
            return values[slot];
        }
        String s = decode(bytes, lengthAt, offset, length, (bits & ASCII_HIGH_BITS) == 0);
        keys[slot] = Arrays.copyOfRange(bytes, offset, end);
        values[slot] = s;
        return s;
    }

    private static boolean ascii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decode(byte[] bytes, int lengthAt, int offset, int length, boolean ascii) {
        if (ascii) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        Bytes<byte[]> chronicle = Bytes.wrapForRead(bytes);
        try {
            chronicle.readPositionRemaining(lengthAt, offset + length - lengthAt);
            String s = chronicle.readUtf8();
            if (chronicle.readPosition() != offset + length) {
                throw new IllegalStateException("a string's length and its UTF-8 disagree");
            }
            return s;
        } finally {
            chronicle.releaseLast();
        }
    }
}
