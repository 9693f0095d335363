package dev.infertel.agent.record;

import java.util.Arrays;

/**
 * The fields of a record that the readers aggregate ({@code stats}, {@code report}), as primitives
 * in one mutable holder that a reader refills for every record: no object per record, no string for
 * a field nobody groups by. Null numbers are NaN (durations, energy, cost) or -1 (token counts);
 * strings are null when absent. Derived figures are computed as {@link TelemetryRecord} computes
 * them, so both forms give the same figures. One per reading thread.
 */
public final class FlatRecord {

    public long idProcess;
    public long idSequence;
    public long startEpochMicros;
    public String site;
    public String engine;
    public String modelRef;
    public String tenantId;
    public Exit exit;
    /** NaN when unknown. */
    public double firstTokenMs;
    public double e2eMs;
    /** -1 when unknown. */
    public long tokensIn;
    /** -1 when unknown. */
    public long tokensOut;
    /** Whether the call had a GPU window (the GPU fields below are then meaningful). */
    public boolean gpu;
    public String gpuName;
    public int gpuCount;
    public double vramUsedMbPeak;
    public double powerWMean;
    public double energyJ;
    public double cost;
    public double energyCost;
    public String currency;
    /** Non-empty buckets of the gap histogram, ascending: {@code histBuckets[0 .. histSize)}. */
    public int histSize;
    public int[] histBuckets = new int[64];
    public int[] histCounts = new int[64];

    /** Back to "nothing known", before a reader fills the next record. */
    public void clear() {
        idProcess = 0;
        idSequence = 0;
        startEpochMicros = 0;
        site = null;
        engine = null;
        modelRef = null;
        tenantId = null;
        exit = null;
        firstTokenMs = Double.NaN;
        e2eMs = Double.NaN;
        tokensIn = -1;
        tokensOut = -1;
        gpu = false;
        gpuName = null;
        gpuCount = 0;
        vramUsedMbPeak = Double.NaN;
        powerWMean = Double.NaN;
        energyJ = Double.NaN;
        cost = Double.NaN;
        energyCost = Double.NaN;
        currency = null;
        histSize = 0;
    }

    /** Appends one histogram bucket (buckets must come ascending). */
    public void addBucket(int bucket, int count) {
        if (histSize == histBuckets.length) {
            histBuckets = Arrays.copyOf(histBuckets, histSize * 2);
            histCounts = Arrays.copyOf(histCounts, histSize * 2);
        }
        histBuckets[histSize] = bucket;
        histCounts[histSize++] = count;
    }

    /** As {@link TelemetryRecord#decodeTimeMs()}; NaN when unknown. */
    public double decodeTimeMs() {
        return Double.isNaN(firstTokenMs) ? Double.NaN : Math.max(0.0, e2eMs - firstTokenMs);
    }

    /** As {@link TelemetryRecord#tpotMs()}; NaN when unknown. */
    public double tpotMs() {
        double decode = decodeTimeMs();
        if (Double.isNaN(decode) || tokensOut < 2) {
            return Double.NaN;
        }
        return decode / (tokensOut - 1);
    }

    /** As {@link TelemetryRecord#outputTokensPerS()}; NaN when unknown. */
    public double outputTokensPerS() {
        if (tokensOut < 0 || !(e2eMs > 0)) {
            return Double.NaN;
        }
        return tokensOut / (e2eMs / 1000.0);
    }

    /** This holder filled from a decoded record. */
    public FlatRecord set(TelemetryRecord r) {
        clear();
        idProcess = r.idProcess();
        idSequence = r.idSequence();
        startEpochMicros = r.startEpochMicros();
        site = r.site();
        engine = r.engine();
        modelRef = r.modelRef();
        tenantId = r.tenantId();
        exit = r.exit();
        firstTokenMs = r.firstTokenMs() == null ? Double.NaN : r.firstTokenMs();
        e2eMs = r.e2eMs();
        tokensIn = r.tokensIn() == null ? -1 : r.tokensIn();
        tokensOut = r.tokensOut() == null ? -1 : r.tokensOut();
        GpuFields g = r.gpu();
        if (g != null) {
            gpu = true;
            gpuName = g.gpuName();
            gpuCount = g.gpuCount();
            vramUsedMbPeak = nan(g.vramUsedMbPeak());
            powerWMean = nan(g.powerWMean());
            energyJ = nan(g.energyJ());
        }
        cost = nan(r.cost());
        energyCost = nan(r.energyCost());
        currency = r.currency();
        GapHistogram h = r.itlHist();
        if (h != null) {
            for (int i = 0; i < h.size(); i++) {
                addBucket(h.bucket(i), h.count(i));
            }
        }
        return this;
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }
}
