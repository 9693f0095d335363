package dev.infertel.agent.otlp;

import java.nio.charset.StandardCharsets;

/**
 * Reads the few fields the agent needs from a small protobuf message (a server's answer), skipping
 * every other field. A malformed message throws {@link IllegalArgumentException}.
 */
public final class ProtoReader {

    private final byte[] buf;
    private int pos;
    private final int limit;
    private int tag;

    public ProtoReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Moves to the next field; false at the end of the message. */
    public boolean next() {
        if (pos >= limit) {
            return false;
        }
        tag = (int) varint();
        if (tag >>> 3 == 0) {
            throw new IllegalArgumentException("field number 0");
        }
        return true;
    }

    public int field() {
        return tag >>> 3;
    }

    public long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = read();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than ten bytes");
    }

    /** The current length-delimited field as a reader of its own. */
    public ProtoReader message() {
        int length = length();
        ProtoReader r = new ProtoReader(buf, pos, length);
        pos += length;
        return r;
    }

    public String string() {
        int length = length();
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** Skips the current field's value, whatever its wire type. */
    public void skip() {
        switch (tag & 7) {
            case ProtoWriter.VARINT -> varint();
            case ProtoWriter.FIXED64 -> advance(8);
            case ProtoWriter.LEN -> advance(length());
            case ProtoWriter.FIXED32 -> advance(4);
            default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " is not supported");
        }
    }

    public int wireType() {
        return tag & 7;
    }

    private int length() {
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw new IllegalArgumentException("length " + n + " past the end of the message");
        }
        return (int) n;
    }

    private void advance(int n) {
        if (n > limit - pos) {
            throw new IllegalArgumentException("field past the end of the message");
        }
        pos += n;
    }

    private byte read() {
        if (pos >= limit) {
            throw new IllegalArgumentException("message ends inside a field");
        }
        return buf[pos++];
    }
}
