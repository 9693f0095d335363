package dev.infertel.agent.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.BytesIn;

/**
 * Reads the records {@link RecordCodec} writes (layouts 1 and 2) from one bulk copy of their bytes,
 * rather than field by field through Chronicle, whose every read checks bounds, the owning thread and
 * whether the store is closed: with a gap histogram, a record is some two hundred stop-bit numbers.
 * Numbers are read as Chronicle writes them (native byte order, its stop-bit encoding), strings
 * through {@link DecodedStrings}. One per reading thread: not thread-safe.
 */
public final class RecordDecoder {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final Exit[] EXITS = Exit.values();
    private static final TelemetryRecord.TokensSource[] SOURCES = TelemetryRecord.TokensSource.values();

    private final DecodedStrings strings = new DecodedStrings();
    private byte[] buf = new byte[512];
    private int pos;
    private int end;

    /** The record at {@code in}'s read position, which is left just after it. */
    public TelemetryRecord read(BytesIn<?> in) {
        long start = in.readPosition();
        long remaining = in.readRemaining();
        if (remaining > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a record of " + remaining + " bytes");
        }
        int n = (int) remaining;
        if (buf.length < n) {
            buf = new byte[Math.max(n, 2 * buf.length)];
        }
        if (n > 0 && in.read(buf, 0, n) != n) {
            throw new IllegalStateException("cannot read the record's " + n + " bytes");
        }
        pos = 0;
        end = n;
        TelemetryRecord r = record();
        in.readPosition(start + pos);
        return r;
    }

    /**
     * The fast path of the readers: the record at {@code in}'s read position into {@code into}, the
     * fields that aggregation needs only (strings it does not group by are skipped undecoded). Reads
     * the same layout as {@link #read}, section by section; sections after the ones it knows are left
     * unread, so a newer writer's additions do not stop it (the join section is one: no reader groups
     * by it).
     */
    public void readFlat(BytesIn<?> in, FlatRecord into) {
        long start = in.readPosition();
        fill(in);
        into.clear();
        int layout = readByte();
        if (layout != RecordCodec.LAYOUT && layout != RecordCodec.LAYOUT_1) {
            throw new IllegalStateException("record layout " + layout + " is not known to this reader (knows "
                    + RecordCodec.LAYOUT + ")");
        }
        int flags = readByte();
        into.idProcess = readLong();
        into.idSequence = readLong();
        into.startEpochMicros = readLong();
        into.site = readUtf8();
        into.engine = readUtf8();
        skipUtf8(); // engine version
        into.modelRef = readUtf8();
        into.exit = EXITS[readByte()];
        skipUtf8(); // error type
        into.firstTokenMs = readDouble();
        into.e2eMs = readDouble();
        readStopBit(); // chunks
        if ((flags & RecordCodec.HAS_ITL) != 0) {
            skip(7 * Double.BYTES);
        }
        into.tokensIn = Math.max(-1, readStopBit()); // negative = unknown, as in read()
        into.tokensOut = Math.max(-1, readStopBit());
        readByte(); // tokens source
        skipUtf8(); // finish reason
        into.tenantId = readUtf8();
        skipUtf8(); // thread
        readStopBit(); // pid
        skipUtf8(); // host
        if ((flags & RecordCodec.HAS_GPU) != 0) {
            into.gpu = true;
            into.gpuName = readUtf8();
            into.gpuCount = (int) readStopBit();
            int uuids = count(1);
            for (int i = 0; i < uuids; i++) {
                skipUtf8();
            }
            readDouble(); // vram total
            into.vramUsedMbPeak = readDouble();
            into.powerWMean = readDouble();
            skip(3 * Double.BYTES); // power peak, utilization, temperature
            into.energyJ = readDouble();
            skipUtf8(); // energy method
            skip(2 * Double.BYTES); // prefill and decode energy
            readStopBit(); // lost devices
            readByte(); // window truncated
        }
        if ((flags & RecordCodec.HAS_HIST) != 0) {
            int n = count(2);
            int previous = 0;
            for (int i = 0; i < n; i++) {
                previous += (int) readStopBit();
                into.addBucket(previous, (int) readStopBit());
            }
        }
        if ((flags & RecordCodec.HAS_COST) != 0) {
            into.cost = readDouble();
            into.energyCost = readDouble();
            into.currency = readUtf8();
        }
        if ((flags & RecordCodec.HAS_JOIN) != 0) {
            skipJoins();
        }
        in.readPosition(start + pos);
    }

    /** Nobody groups by the join fields: passed over, undecoded, so the position ends after the record. */
    private void skipJoins() {
        int parts = readByte();
        if ((parts & RecordCodec.JOIN_SPAN) != 0) {
            skip(3 * Long.BYTES);
        }
        if ((parts & RecordCodec.JOIN_METADATA) != 0) {
            skipStrings(2 * count(2));
        }
        if ((parts & RecordCodec.JOIN_RESOURCE) != 0) {
            skipStrings(2 * count(2));
        }
    }

    private void skipStrings(int n) {
        for (int i = 0; i < n; i++) {
            skipUtf8();
        }
    }

    private void fill(BytesIn<?> in) {
        long remaining = in.readRemaining();
        if (remaining > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a record of " + remaining + " bytes");
        }
        int n = (int) remaining;
        if (buf.length < n) {
            buf = new byte[Math.max(n, 2 * buf.length)];
        }
        if (n > 0 && in.read(buf, 0, n) != n) {
            throw new IllegalStateException("cannot read the record's " + n + " bytes");
        }
        pos = 0;
        end = n;
    }

    private void skip(int bytes) {
        need(bytes);
        pos += bytes;
    }

    private void skipUtf8() {
        long length = readStopBit();
        if (length > 0) {
            need((int) Math.min(length, Integer.MAX_VALUE));
            pos += (int) length;
        } else if (length < -1) {
            throw new IllegalStateException("a string of length " + length);
        }
    }

    private TelemetryRecord record() {
        int layout = readByte();
        if (layout != RecordCodec.LAYOUT && layout != RecordCodec.LAYOUT_1) {
            throw new IllegalStateException("record layout " + layout + " is not known to this reader (knows "
                    + RecordCodec.LAYOUT + ")");
        }
        int flags = readByte();
        long idProcess = readLong();
        long idSequence = readLong();
        long start = readLong();
        String site = readUtf8();
        String engine = readUtf8();
        String engineVersion = readUtf8();
        String model = readUtf8();
        Exit exit = EXITS[readByte()];
        String errorType = readUtf8();
        Double ttft = readNullable();
        double e2e = readDouble();
        int chunks = (int) readStopBit();
        ItlSummary itl = null;
        if ((flags & RecordCodec.HAS_ITL) != 0) {
            itl = new ItlSummary(readDouble(), readDouble(), readDouble(), readDouble(), readDouble(), readDouble(),
                    readDouble());
        }
        long tokensIn = readStopBit();
        long tokensOut = readStopBit();
        int source = readByte();
        String finish = readUtf8();
        String tenant = readUtf8();
        String thread = readUtf8();
        long pid = readStopBit();
        String host = readUtf8();
        GpuFields gpu = (flags & RecordCodec.HAS_GPU) != 0 ? gpu() : null;
        GapHistogram hist = null;
        if ((flags & RecordCodec.HAS_HIST) != 0) {
            int n = count(2);
            int[] buckets = new int[n];
            int[] counts = new int[n];
            int previous = 0;
            for (int i = 0; i < n; i++) {
                previous += (int) readStopBit();
                buckets[i] = previous;
                counts[i] = (int) readStopBit();
            }
            hist = GapHistogram.adopt(buckets, counts);
        }
        Double cost = null;
        Double energyCost = null;
        String currency = null;
        if ((flags & RecordCodec.HAS_COST) != 0) {
            cost = readNullable();
            energyCost = readNullable();
            currency = readUtf8();
        }
        JoinFields joins = (flags & RecordCodec.HAS_JOIN) != 0 ? joins() : null;
        return new TelemetryRecord(idProcess, idSequence, start, site, engine, engineVersion, model, exit, errorType,
                ttft, e2e, chunks, itl, tokensIn < 0 ? null : tokensIn, tokensOut < 0 ? null : tokensOut,
                source < 0 ? null : SOURCES[source], finish, tenant, thread, pid, host, gpu, hist, cost, energyCost,
                currency, joins);
    }

    private JoinFields joins() {
        int parts = readByte();
        String traceId = null;
        String spanId = null;
        if ((parts & RecordCodec.JOIN_SPAN) != 0) {
            traceId = JoinFields.hex(readLong()) + JoinFields.hex(readLong());
            spanId = JoinFields.hex(readLong());
        }
        Map<String, String> metadata = (parts & RecordCodec.JOIN_METADATA) != 0 ? map() : null;
        Map<String, String> resource = (parts & RecordCodec.JOIN_RESOURCE) != 0 ? map() : null;
        return new JoinFields(traceId, spanId, metadata, resource);
    }

    private Map<String, String> map() {
        int n = count(2);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readUtf8(), readUtf8());
        }
        return m;
    }

    private GpuFields gpu() {
        String name = readUtf8();
        int count = (int) readStopBit();
        int n = count(1);
        List<String> uuids;
        if (n == 1) {
            uuids = List.of(readUtf8());
        } else {
            uuids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                uuids.add(readUtf8());
            }
        }
        return new GpuFields(name, count, uuids, readNullable(), readNullable(), readNullable(), readNullable(),
                readNullable(), readNullable(), readNullable(), readUtf8(), readNullable(), readNullable(),
                (int) readStopBit(), readBoolean());
    }

    /** A count of items of at least {@code minBytes} each, which the rest of the record must have room for. */
    private int count(int minBytes) {
        long n = readStopBit();
        if (n < 0 || n > (end - pos) / minBytes) {
            throw new IllegalStateException("a count of " + n + " with " + (end - pos) + " bytes left");
        }
        return (int) n;
    }

    private void need(int bytes) {
        if (end - pos < bytes) {
            throw new IllegalStateException("the record ends " + (bytes - (end - pos)) + " byte(s) early");
        }
    }

    private byte readByte() {
        need(1);
        return buf[pos++];
    }

    /** As Chronicle's {@code readBoolean}: anything but 0, 'N' and 'n' is true. */
    private boolean readBoolean() {
        byte b = readByte();
        return b != 0 && b != 'N' && b != 'n';
    }

    private long readLong() {
        need(Long.BYTES);
        long v = (long) LONGS.get(buf, pos);
        pos += Long.BYTES;
        return v;
    }

    private double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /** NaN is how the codec writes null. */
    private Double readNullable() {
        double v = readDouble();
        return Double.isNaN(v) ? null : v;
    }

    /**
     * As Chronicle's {@code readStopBit}: seven bits a byte, lowest first, the high bit saying more
     * follow; a last byte of 0 after at least one more marks a negative number, stored inverted.
     */
    private long readStopBit() {
        long l = readByte();
        if (l >= 0) {
            return l;
        }
        l &= 0x7F;
        int shift = 7;
        long b;
        while ((b = readByte()) < 0) {
            l |= (b & 0x7F) << shift;
            shift += 7;
        }
        if (b != 0) {
            if (shift > 56) {
                throw new IllegalStateException("a stop-bit number of more than 9 bytes");
            }
            return l | (b << shift);
        }
        if (shift > 63) {
            throw new IllegalStateException("a negative stop-bit number of more than 10 bytes");
        }
        return ~l;
    }

    /** As Chronicle's {@code readUtf8}: a stop-bit length of UTF-8 bytes (-1 for null), then the bytes. */
    private String readUtf8() {
        int lengthAt = pos;
        long length = readStopBit();
        if (length <= 0) {
            if (length == 0) {
                return "";
            }
            if (length == -1) {
                return null;
            }
            throw new IllegalStateException("a string of length " + length);
        }
        need((int) Math.min(length, Integer.MAX_VALUE));
        int offset = pos;
        pos += (int) length;
        return strings.read(buf, lengthAt, offset, (int) length);
    }
}
