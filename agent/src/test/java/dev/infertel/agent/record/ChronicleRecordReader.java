package dev.infertel.agent.record;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.BytesIn;

/** The reader {@link RecordDecoder} replaced, field by field through Chronicle: what it must agree with. */
final class ChronicleRecordReader {

    private ChronicleRecordReader() {
    }

    public static TelemetryRecord read(BytesIn<?> in) {
        return read(in, true);
    }

    /** With {@code joins} false, the reader as it was before the join section: it must still read the rest. */
    public static TelemetryRecord read(BytesIn<?> in, boolean joins) {
        int layout = in.readByte();
        if (layout != RecordCodec.LAYOUT && layout != RecordCodec.LAYOUT_1) {
            throw new IllegalStateException("record layout " + layout + " is not known to this reader (knows " + RecordCodec.LAYOUT + ")");
        }
        int flags = in.readByte();
        long idProcess = in.readLong();
        long idSequence = in.readLong();
        long start = in.readLong();
        String site = in.readUtf8();
        String engine = in.readUtf8();
        String engineVersion = in.readUtf8();
        String model = in.readUtf8();
        Exit exit = Exit.values()[in.readByte()];
        String errorType = in.readUtf8();
        Double ttft = readNullable(in);
        double e2e = in.readDouble();
        int chunks = (int) in.readStopBit();
        ItlSummary itl = null;
        if ((flags & RecordCodec.HAS_ITL) != 0) {
            itl = new ItlSummary(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble());
        }
        long tokensIn = in.readStopBit();
        long tokensOut = in.readStopBit();
        int source = in.readByte();
        String finish = in.readUtf8();
        String tenant = in.readUtf8();
        String thread = in.readUtf8();
        long pid = in.readStopBit();
        String host = in.readUtf8();
        GpuFields gpu = (flags & RecordCodec.HAS_GPU) != 0 ? readGpu(in) : null;
        GapHistogram hist = null;
        if ((flags & RecordCodec.HAS_HIST) != 0) {
            int n = (int) in.readStopBit();
            int[] buckets = new int[n];
            int[] counts = new int[n];
            int previous = 0;
            for (int i = 0; i < n; i++) {
                previous += (int) in.readStopBit();
                buckets[i] = previous;
                counts[i] = (int) in.readStopBit();
            }
            hist = new GapHistogram(buckets, counts);
        }
        Double cost = null;
        Double energyCost = null;
        String currency = null;
        if ((flags & RecordCodec.HAS_COST) != 0) {
            cost = readNullable(in);
            energyCost = readNullable(in);
            currency = in.readUtf8();
        }
        JoinFields join = null;
        if (joins && (flags & RecordCodec.HAS_JOIN) != 0) {
            int parts = in.readByte();
            String traceId = null;
            String spanId = null;
            if ((parts & RecordCodec.JOIN_SPAN) != 0) {
                traceId = String.format("%016x%016x", in.readLong(), in.readLong());
                spanId = String.format("%016x", in.readLong());
            }
            java.util.Map<String, String> metadata = (parts & RecordCodec.JOIN_METADATA) != 0 ? readMap(in) : null;
            java.util.Map<String, String> resource = (parts & RecordCodec.JOIN_RESOURCE) != 0 ? readMap(in) : null;
            join = new JoinFields(traceId, spanId, metadata, resource);
        }
        return new TelemetryRecord(idProcess, idSequence, start, site, engine, engineVersion, model, exit, errorType,
                ttft, e2e, chunks, itl, tokensIn < 0 ? null : tokensIn, tokensOut < 0 ? null : tokensOut,
                source < 0 ? null : TelemetryRecord.TokensSource.values()[source], finish, tenant, thread, pid, host, gpu,
                hist, cost, energyCost, currency, join);
    }

    private static java.util.Map<String, String> readMap(BytesIn<?> in) {
        int n = (int) in.readStopBit();
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUtf8(), in.readUtf8());
        }
        return m;
    }

    private static GpuFields readGpu(BytesIn<?> in) {
        String name = in.readUtf8();
        int count = (int) in.readStopBit();
        int uuids = (int) in.readStopBit();
        List<String> ids = new ArrayList<>(uuids);
        for (int i = 0; i < uuids; i++) {
            ids.add(in.readUtf8());
        }
        return new GpuFields(name, count, ids, readNullable(in), readNullable(in), readNullable(in),
                readNullable(in), readNullable(in), readNullable(in), readNullable(in), in.readUtf8(),
                readNullable(in), readNullable(in), (int) in.readStopBit(), in.readBoolean());
    }

    private static Double readNullable(BytesIn<?> in) {
        double v = in.readDouble();
        return Double.isNaN(v) ? null : v;
    }
}
