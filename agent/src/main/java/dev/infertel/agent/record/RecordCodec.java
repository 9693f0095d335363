package dev.infertel.agent.record;

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
 *
 * <p>The join section (flag {@link #HAS_JOIN}) comes last, so a decoder that predates it reads the
 * rest and leaves it unread (the layout stays 2; each record is its own queue document): a byte of
 * parts, then the span (trace id as two longs, high half first, and the span id as one), the
 * metadata and the resource, each a stop-bit count of key, value string pairs. Without the flag a
 * record has no join fields.
 */
public final class RecordCodec {

    public static final int LAYOUT = 2;
    static final int LAYOUT_1 = 1;

    static final int HAS_ITL = 1;
    static final int HAS_GPU = 2;
    static final int HAS_HIST = 4;
    static final int HAS_COST = 8;
    static final int HAS_JOIN = 16;

    static final int JOIN_SPAN = 1;
    static final int JOIN_METADATA = 2;
    static final int JOIN_RESOURCE = 4;

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
                | (r.itlHist() != null ? HAS_HIST : 0) | (costs ? HAS_COST : 0) | (r.joins() != null ? HAS_JOIN : 0)));
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
        if (r.joins() != null) {
            writeJoins(out, r.joins(), strings);
        }
    }

    private static void writeJoins(BytesOut<?> out, JoinFields j, Utf8Cache strings) {
        out.writeByte((byte) ((j.hasSpan() ? JOIN_SPAN : 0) | (j.metadata().isEmpty() ? 0 : JOIN_METADATA)
                | (j.resource().isEmpty() ? 0 : JOIN_RESOURCE)));
        if (j.hasSpan()) {
            out.writeLong(JoinFields.hexLong(j.traceId(), 0));
            out.writeLong(JoinFields.hexLong(j.traceId(), 16));
            out.writeLong(JoinFields.hexLong(j.spanId(), 0));
        }
        if (!j.metadata().isEmpty()) {
            writeMap(out, j.metadata(), strings);
        }
        if (!j.resource().isEmpty()) {
            writeMap(out, j.resource(), strings);
        }
    }

    private static void writeMap(BytesOut<?> out, java.util.Map<String, String> m, Utf8Cache strings) {
        out.writeStopBit(m.size());
        for (java.util.Map.Entry<String, String> e : m.entrySet()) {
            strings.write(out, e.getKey());
            strings.write(out, e.getValue());
        }
    }

    /** One record; a reader of many keeps a {@link RecordDecoder}. */
    public static TelemetryRecord read(BytesIn<?> in) {
        return new RecordDecoder().read(in);
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

    private static void writeNullable(BytesOut<?> out, Double value) {
        out.writeDouble(value == null ? Double.NaN : value);
    }
}
