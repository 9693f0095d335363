package dev.infertel.agent.otlp;

import java.util.Arrays;

/**
 * Protocol Buffers wire format into one growable array, without generated classes or a protobuf
 * dependency. Every field method writes its field, default value or not: proto3 leaves defaults out
 * of a plain field, but a {@code oneof} member (an attribute's {@code intValue: 0}) must be written,
 * so the caller decides.
 *
 * <p>A nested message is written in place: {@link #begin} writes the tag and keeps one byte for the
 * length; {@link #end} fills it in, moving the message's bytes along only when its length needs more
 * than one byte (128 bytes or more), so a small message is never copied and a large one once.
 */
public final class ProtoWriter {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private byte[] buf;
    private int size;

    public ProtoWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public void reset() {
        size = 0;
    }

    /** The encoded bytes are {@code array()[0, size())}; valid until the next write. */
    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** int32, int64, uint32, uint64 and enum fields (a negative value takes ten bytes, as the spec says). */
    public void varintField(int field, long value) {
        tag(field, VARINT);
        varint(value);
    }

    public void boolField(int field, boolean value) {
        tag(field, VARINT);
        ensure(1);
        buf[size++] = (byte) (value ? 1 : 0);
    }

    /** fixed64 and sfixed64 fields. */
    public void fixed64Field(int field, long value) {
        tag(field, FIXED64);
        fixed64(value);
    }

    /** fixed32 and sfixed32 fields. */
    public void fixed32Field(int field, int value) {
        tag(field, FIXED32);
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
    }

    public void doubleField(int field, double value) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
    }

    /** A string field, UTF-8 encoded straight into the buffer (an unpaired surrogate becomes '?', as in {@code String.getBytes}). */
    public void stringField(int field, String value) {
        tag(field, LEN);
        int length = utf8Length(value);
        varint(length);
        ensure(length);
        utf8(value);
    }

    public void bytesField(int field, byte[] value, int offset, int length) {
        tag(field, LEN);
        varint(length);
        ensure(length);
        System.arraycopy(value, offset, buf, size, length);
        size += length;
    }

    /** A packed {@code repeated fixed64} field; nothing when {@code count} is 0 (an empty packed field is left out). */
    public void packedFixed64(int field, long[] values, int count) {
        if (count == 0) {
            return;
        }
        tag(field, LEN);
        varint(8L * count);
        for (int i = 0; i < count; i++) {
            fixed64(values[i]);
        }
    }

    /** A packed {@code repeated double} field; nothing when {@code count} is 0. */
    public void packedDouble(int field, double[] values, int count) {
        if (count == 0) {
            return;
        }
        tag(field, LEN);
        varint(8L * count);
        for (int i = 0; i < count; i++) {
            fixed64(Double.doubleToRawLongBits(values[i]));
        }
    }

    /** Starts a nested message field; returns the mark {@link #end} takes. */
    public int begin(int field) {
        tag(field, LEN);
        ensure(1);
        size++; // the length's first byte, filled in by end()
        return size;
    }

    /** Ends the nested message {@code begin} returned {@code mark} for, writing its length before it. */
    public void end(int mark) {
        int length = size - mark;
        int extra = varintSize(length) - 1;
        if (extra > 0) {
            ensure(extra);
            System.arraycopy(buf, mark, buf, mark + extra, length);
            size += extra;
        }
        int at = mark - 1;
        long v = length;
        while ((v & ~0x7FL) != 0) {
            buf[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[at] = (byte) v;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void utf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[size++] = (byte) c;
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | (c >>> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[size++] = (byte) (0xF0 | (cp >>> 18));
                buf[size++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[size++] = '?';
            } else {
                buf[size++] = (byte) (0xE0 | (c >>> 12));
                buf[size++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
