package dev.infertel.agent.record;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The queue form of strings that repeat from record to record (site, engine, host, thread name,
 * usually the model): Chronicle's {@code writeUtf8} bytes (stop-bit length, then UTF-8), encoded
 * once and copied after that. Keyed by identity, so a lookup is a hash and a compare; a string is
 * cached the second time the same instance is written, so strings made fresh for every call (a
 * model name parsed from each request) cost a compare and never an extra copy. One per writing
 * thread: not thread-safe.
 */
public final class Utf8Cache {

    private static final int SLOTS = 32;
    private static final int MAX_CACHED_LENGTH = 128;

    private final String[] keys = new String[SLOTS];
    private final byte[][] encoded = new byte[SLOTS][];
    private final Bytes<byte[]> scratch = Bytes.allocateElasticOnHeap(MAX_CACHED_LENGTH * 3 + 8);

    void write(BytesOut<?> out, String s) {
        if (s == null || s.length() > MAX_CACHED_LENGTH) {
            out.writeUtf8(s);
            return;
        }
        int slot = System.identityHashCode(s) & (SLOTS - 1);
        if (keys[slot] != s) {
            keys[slot] = s;
            encoded[slot] = null;
            out.writeUtf8(s);
            return;
        }
        byte[] bytes = encoded[slot];
        if (bytes == null) {
            scratch.clear();
            scratch.writeUtf8(s);
            bytes = scratch.toByteArray();
            encoded[slot] = bytes;
        }
        out.write(bytes);
    }
}
