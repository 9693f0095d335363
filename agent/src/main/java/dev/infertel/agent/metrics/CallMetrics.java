package dev.infertel.agent.metrics;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns each record into observations on its label set's instruments. Runs where records are made
 * (the agent's recorder), never needs the application. Past {@code maxSeries} distinct label sets a
 * call counts in one {@code other} series (every attribute "other"), and the overflow is counted.
 */
public final class CallMetrics implements Consumer<TelemetryRecord> {

    public static final String OTHER = "other";

    private final int maxSeries;
    private final boolean tenant;
    private final Map<List<String>, CallSeries> series = new ConcurrentHashMap<>();
    private final CallSeries other;
    private final LongAdder overflow = new LongAdder();
    private final LongAdder observed = new LongAdder();

    public CallMetrics(int maxSeries, boolean tenant) {
        this.maxSeries = maxSeries;
        this.tenant = tenant;
        String[] others = new String[attributeNames().size()];
        Arrays.fill(others, OTHER);
        this.other = new CallSeries(List.of(others));
    }

    public List<String> attributeNames() {
        if (!tenant) {
            return CallInstruments.ATTRIBUTES;
        }
        List<String> names = new ArrayList<>(CallInstruments.ATTRIBUTES);
        names.add(CallInstruments.TENANT);
        return names;
    }

    @Override
    public void accept(TelemetryRecord r) {
        CallSeries s = seriesOf(r);
        s.duration.observe(r.e2eMs() / 1000.0);
        if (r.firstTokenMs() != null) {
            s.timeToFirstChunk.observe(r.firstTokenMs() / 1000.0);
        }
        GapHistogram gaps = r.itlHist();
        if (gaps != null) {
            for (int i = 0; i < gaps.size(); i++) {
                // the record keeps each gap to within 0.39 % (its bucket's midpoint): every reader sees the same value
                s.timePerOutputChunk.observe(GapHistogram.midpoint(gaps.bucket(i)) / 1e9, gaps.count(i));
            }
        }
        if (r.tokensIn() != null) {
            s.inputTokens.observe(r.tokensIn());
        }
        if (r.tokensOut() != null) {
            s.outputTokens.observe(r.tokensOut());
        }
        GpuFields gpu = r.gpu();
        if (gpu != null) {
            observe(s.energy, gpu.energyJ());
            observe(s.energyPerOutputToken, gpu.energyPerOutputTokenJ(r.tokensOut()));
            observe(s.prefillEnergy, gpu.prefillEnergyJ());
            observe(s.decodeEnergy, gpu.decodeEnergyJ());
            observe(s.gpuPower, gpu.powerWMean());
        }
        observed.increment();
    }

    private static void observe(Histogram h, Double value) {
        if (value != null) {
            h.observe(value);
        }
    }

    private CallSeries seriesOf(TelemetryRecord r) {
        List<String> key = key(r);
        CallSeries s = series.get(key);
        if (s != null) {
            return s;
        }
        synchronized (series) {
            s = series.get(key);
            if (s == null) {
                if (series.size() >= maxSeries) {
                    overflow.increment();
                    return other;
                }
                s = new CallSeries(key);
                series.put(key, s);
            }
            return s;
        }
    }

    private List<String> key(TelemetryRecord r) {
        boolean failed = r.exit() == Exit.ERROR || r.exit() == Exit.REJECT;
        String[] v = new String[tenant ? 8 : 7];
        v[0] = "chat";
        v[1] = orEmpty(r.engine());
        v[2] = orEmpty(r.modelRef());
        v[3] = orEmpty(r.site());
        v[4] = r.gpu() == null ? "" : orEmpty(r.gpu().gpuName());
        v[5] = r.exit().json();
        v[6] = failed ? (r.errorType() == null ? "_OTHER" : r.errorType()) : "";
        if (tenant) {
            v[7] = orEmpty(r.tenantId());
        }
        return Arrays.asList(v);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Every series now, the {@code other} one last when it has calls. */
    public List<CallSeries> series() {
        List<CallSeries> all = new ArrayList<>(series.values());
        all.sort((a, b) -> String.join("\u0000", a.attributeValues()).compareTo(String.join("\u0000", b.attributeValues())));
        if (overflow.sum() > 0) {
            all.add(other);
        }
        return Collections.unmodifiableList(all);
    }

    /** Calls that went to the {@code other} series because {@code max_series} was reached. */
    public long overflowed() {
        return overflow.sum();
    }

    public long observed() {
        return observed.sum();
    }
}
