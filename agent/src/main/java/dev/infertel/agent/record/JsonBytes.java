package dev.infertel.agent.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 JSON, written token by token and handed on in one piece (a file
 * channel, an HTTP body). Strings are escaped exactly as Jackson's UTF-8 generator escapes them with
 * its defaults, which is what the sinks wrote before they had their own encoder: {@code \" \\ \b \t
 * \n \f \r}, other control characters as a six-character escape with uppercase hex, UTF-16 surrogates
 * (characters outside the BMP, and lone ones) as escaped units, everything else as UTF-8.
 */
public final class JsonBytes {

    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** The two digits of 0..99, tens then ones: numbers are printed two digits a division. */
    private static final byte[] PAIRS = new byte[200];
    /** Per ASCII character: 0 as is, a letter for a two-character escape, -1 for a six-character one. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        Arrays.fill(ESCAPES, 0, 0x20, (byte) -1);
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private byte[] buf;
    private int size;

    public JsonBytes(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return size;
    }

    /** The buffer itself; its first {@link #size()} bytes are the JSON written since the last reset. */
    public byte[] array() {
        return buf;
    }

    public void reset() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    @Override
    public String toString() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (buf.length - size < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public void raw(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    public void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** Text known to be ASCII without anything to escape (numbers, timestamps). */
    void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    void nul() {
        raw(NULL);
    }

    void bool(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    /** A JSON number, as {@link Long#toString(long)} writes it. */
    void number(long value) {
        if (value == Long.MIN_VALUE) {
            raw(LONG_MIN);
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        size = putDigits(buf, size, value);
    }

    /** The values as JSON numbers with a comma between each two (the inside of an array). */
    void numbers(int[] values) {
        ensure(12 * values.length);
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b[p++] = ',';
            }
            int v = values[i];
            if (v < 0) {
                b[p++] = '-';
                p = putDigits(b, p, -(long) v);
            } else {
                p = putDigits(b, p, v);
            }
        }
        size = p;
    }

    /** Writes {@code value} (0 or more) at {@code p}; returns the position after it. */
    private static int putDigits(byte[] b, int p, long value) {
        if (value < 10) {
            b[p] = (byte) ('0' + value);
            return p + 1;
        }
        int end = p + digitCount(value);
        int i = end;
        while (value >= 100) {
            long q = value / 100;
            int pair = 2 * (int) (value - q * 100);
            b[--i] = PAIRS[pair + 1];
            b[--i] = PAIRS[pair];
            value = q;
        }
        if (value >= 10) {
            int pair = 2 * (int) value;
            b[--i] = PAIRS[pair + 1];
            b[--i] = PAIRS[pair];
        } else {
            b[--i] = (byte) ('0' + value);
        }
        return end;
    }

    /** {@code value} (0 or more) in exactly {@code width} decimal digits, zero-padded. */
    void digits(long value, int width) {
        ensure(width);
        for (int i = size + width - 1; i >= size; i--) {
            long q = value / 10;
            buf[i] = (byte) ('0' + (value - q * 10));
            value = q;
        }
        size += width;
    }

    /** A decimal fraction: {@code value} (1 or more) in {@code width} digits, zero-padded, less its trailing zeros. */
    void fraction(long value, int width) {
        digits(value, width);
        while (buf[size - 1] == '0') {
            size--;
        }
    }

    /** The low {@code width} hex digits of {@code value}, lowercase, as {@link Character#forDigit} gives them. */
    void hex(long value, int width) {
        ensure(width);
        for (int i = size + width - 1; i >= size; i--) {
            buf[i] = HEX_LOWER[(int) (value & 0xF)];
            value >>>= 4;
        }
        size += width;
    }

    private static int digitCount(long value) {
        if (value < 100_000) {
            return value < 100 ? (value < 10 ? 1 : 2) : value < 1_000 ? 3 : value < 10_000 ? 4 : 5;
        }
        int n = 6;
        for (long p = 1_000_000; n < 19 && value >= p; p *= 10) {
            n++;
        }
        return n;
    }

    /** A JSON string (quoted and escaped), or {@code null}. */
    public void string(String s) {
        if (s == null) {
            nul();
            return;
        }
        int n = s.length();
        ensure(2 + 6 * n);
        byte[] b = buf;
        int p = size;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else if (escape > 0) {
                    b[p++] = '\\';
                    b[p++] = escape;
                } else {
                    p = unicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        size = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX_UPPER[(c >> 12) & 0xF];
        b[p++] = HEX_UPPER[(c >> 8) & 0xF];
        b[p++] = HEX_UPPER[(c >> 4) & 0xF];
        b[p++] = HEX_UPPER[c & 0xF];
        return p;
    }
}
