package dev.infertel.agent.record;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The compact binary form of a {@link TelemetryRecord} in the queue. Layout version first, so a
 * reader can refuse (rather than misread) a layout it does not know. Null numbers are NaN or -1;
 * strings are UTF-8 with a stop-bit length (null allowed).
 *
 * <p>Layout 2 appends two optional sections, each announced by a flag: the gap histogram
 * (stop-bit count, then per bucket the stop-bit index delta and count) and the costs (cost, energy
 * cost, currency). Layout 1 (written before them) is layout 2 without both, so it is still read.
 */
public final class RecordCodec {

    public static final int LAYOUT = 2;
    private static final int LAYOUT_1 = 1;

    private static final int HAS_ITL = 1;
    private static final int HAS_GPU = 2;
    private static final int HAS_HIST = 4;
    private static final int HAS_COST = 8;

    private static final Exit[] EXITS = Exit.values();
    private static final TelemetryRecord.TokensSource[] SOURCES = TelemetryRecord.TokensSource.values();

    private RecordCodec() {
    }

    public static void write(BytesOut<?> out, TelemetryRecord r) {
        write(out, r, new Utf8Cache());
    }

    /** As {@link #write(BytesOut, TelemetryRecord)}, copying the repeated strings from {@code strings}. */
    public static void write(BytesOut<?> out, TelemetryRecord r, Utf8Cache strings) {
        out.writeByte((byte) LAYOUT);
        boolean costs = r.cost() != null || r.energyCost() != null;
        out.writeByte((byte) ((r.itl() != null ? HAS_ITL : 0) | (r.gpu() != null ? HAS_GPU : 0)
                | (r.itlHist() != null ? HAS_HIST : 0) | (costs ? HAS_COST : 0)));
        out.writeLong(r.idProcess());
        out.writeLong(r.idSequence());
        out.writeLong(r.startEpochMicros());
        strings.write(out, r.site());
        strings.write(out, r.engine());
        strings.write(out, r.engineVersion());
        strings.write(out, r.modelRef());
        out.writeByte((byte) r.exit().ordinal());
        out.writeUtf8(r.errorType());
        writeNullable(out, r.firstTokenMs());
        out.writeDouble(r.e2eMs());
        out.writeStopBit(r.chunks());
        if (r.itl() != null) {
            ItlSummary i = r.itl();
            out.writeDouble(i.mean());
            out.writeDouble(i.p50());
            out.writeDouble(i.p90());
            out.writeDouble(i.p95());
            out.writeDouble(i.p99());
            out.writeDouble(i.min());
            out.writeDouble(i.max());
        }
        out.writeStopBit(r.tokensIn() == null ? -1 : r.tokensIn());
        out.writeStopBit(r.tokensOut() == null ? -1 : r.tokensOut());
        out.writeByte((byte) (r.tokensOutSource() == null ? -1 : r.tokensOutSource().ordinal()));
        out.writeUtf8(r.finishReason());
        out.writeUtf8(r.tenantId());
        strings.write(out, r.thread());
        out.writeStopBit(r.pid());
        strings.write(out, r.host());
        if (r.gpu() != null) {
            writeGpu(out, r.gpu());
        }
        if (r.itlHist() != null) {
            GapHistogram h = r.itlHist();
            out.writeStopBit(h.size());
            int previous = 0;
            for (int i = 0; i < h.size(); i++) {
                out.writeStopBit(h.bucket(i) - previous);
                out.writeStopBit(h.count(i));
                previous = h.bucket(i);
            }
        }
        if (costs) {
            writeNullable(out, r.cost());
            writeNullable(out, r.energyCost());
            out.writeUtf8(r.currency());
        }
    }

    public static TelemetryRecord read(BytesIn<?> in) {
        return read(in, new DecodedStrings());
    }

    /** As {@link #read(BytesIn)}, taking repeated strings from {@code strings} (one per reading thread). */
    public static TelemetryRecord read(BytesIn<?> in, DecodedStrings strings) {
        int layout = in.readByte();
        if (layout != LAYOUT && layout != LAYOUT_1) {
            throw new IllegalStateException("record layout " + layout + " is not known to this reader (knows " + LAYOUT + ")");
        }
        int flags = in.readByte();
        long idProcess = in.readLong();
        long idSequence = in.readLong();
        long start = in.readLong();
        String site = strings.read(in);
        String engine = strings.read(in);
        String engineVersion = strings.read(in);
        String model = strings.read(in);
        Exit exit = EXITS[in.readByte()];
        String errorType = strings.read(in);
        Double ttft = readNullable(in);
        double e2e = in.readDouble();
        int chunks = (int) in.readStopBit();
        ItlSummary itl = null;
        if ((flags & HAS_ITL) != 0) {
            itl = new ItlSummary(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble());
        }
        long tokensIn = in.readStopBit();
        long tokensOut = in.readStopBit();
        int source = in.readByte();
        String finish = strings.read(in);
        String tenant = strings.read(in);
        String thread = strings.read(in);
        long pid = in.readStopBit();
        String host = strings.read(in);
        GpuFields gpu = (flags & HAS_GPU) != 0 ? readGpu(in, strings) : null;
        GapHistogram hist = null;
        if ((flags & HAS_HIST) != 0) {
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
        if ((flags & HAS_COST) != 0) {
            cost = readNullable(in);
            energyCost = readNullable(in);
            currency = strings.read(in);
        }
        return new TelemetryRecord(idProcess, idSequence, start, site, engine, engineVersion, model, exit, errorType,
                ttft, e2e, chunks, itl, tokensIn < 0 ? null : tokensIn, tokensOut < 0 ? null : tokensOut,
                source < 0 ? null : SOURCES[source], finish, tenant, thread, pid, host, gpu,
                hist, cost, energyCost, currency);
    }

    private static void writeGpu(BytesOut<?> out, GpuFields g) {
        out.writeUtf8(g.gpuName());
        out.writeStopBit(g.gpuCount());
        out.writeStopBit(g.gpuUuids().size());
        for (String uuid : g.gpuUuids()) {
            out.writeUtf8(uuid);
        }
        writeNullable(out, g.vramTotalMb());
        writeNullable(out, g.vramUsedMbPeak());
        writeNullable(out, g.powerWMean());
        writeNullable(out, g.powerWPeak());
        writeNullable(out, g.gpuUtilPctMean());
        writeNullable(out, g.tempCPeak());
        writeNullable(out, g.energyJ());
        out.writeUtf8(g.energyMethod());
        writeNullable(out, g.prefillEnergyJ());
        writeNullable(out, g.decodeEnergyJ());
        out.writeStopBit(g.lostDevices());
        out.writeBoolean(g.windowTruncated());
    }

    private static GpuFields readGpu(BytesIn<?> in, DecodedStrings strings) {
        String name = strings.read(in);
        int count = (int) in.readStopBit();
        int uuids = (int) in.readStopBit();
        List<String> ids = new ArrayList<>(uuids);
        for (int i = 0; i < uuids; i++) {
            ids.add(strings.read(in));
        }
        return new GpuFields(name, count, ids, readNullable(in), readNullable(in), readNullable(in),
                readNullable(in), readNullable(in), readNullable(in), readNullable(in), strings.read(in),
                readNullable(in), readNullable(in), (int) in.readStopBit(), in.readBoolean());
    }

    private static void writeNullable(BytesOut<?> out, Double value) {
        out.writeDouble(value == null ? Double.NaN : value);
    }

    private static Double readNullable(BytesIn<?> in) {
        double v = in.readDouble();
        return Double.isNaN(v) ? null : v;
    }
}
