package dev.infertel.agent.stats;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.Arrays;
import java.util.List;

/** Records with chosen values, built fluently for the aggregation tests. */
final class Calls {

    static final long T0 = 1_795_000_000_000_000L;

    private long seq;
    private long startMicros = T0;
    private String model = "m7";
    private String engine = "vllm";
    private String site = "chat";
    private String tenant;
    private Exit exit = Exit.OK;
    private Double ttft;
    private double e2e = 1000;
    private Long in;
    private Long out;
    private long[] gapsNs;
    private String gpuName;
    private int gpuCount = 1;
    private Double energy;
    private Double power;
    private Double vram;
    private Double cost;
    private String currency;

    static Calls call(long seq) {
        Calls c = new Calls();
        c.seq = seq;
        c.startMicros = T0 + seq * 1_000_000L;
        return c;
    }

    Calls at(long micros) {
        startMicros = micros;
        return this;
    }

    Calls model(String m) {
        model = m;
        return this;
    }

    Calls engine(String e) {
        engine = e;
        return this;
    }

    Calls tenant(String t) {
        tenant = t;
        return this;
    }

    Calls exit(Exit e) {
        exit = e;
        return this;
    }

    Calls ttft(double ms) {
        ttft = ms;
        return this;
    }

    Calls e2e(double ms) {
        e2e = ms;
        return this;
    }

    Calls tokens(long tokensIn, long tokensOut) {
        in = tokensIn;
        out = tokensOut;
        return this;
    }

    Calls gaps(long... nanos) {
        gapsNs = nanos;
        return this;
    }

    Calls gpu(String name, int count) {
        gpuName = name;
        gpuCount = count;
        return this;
    }

    Calls energy(Double joules, Double watts, Double vramMb) {
        energy = joules;
        power = watts;
        vram = vramMb;
        return this;
    }

    Calls cost(double c, String cur) {
        cost = c;
        currency = cur;
        return this;
    }

    TelemetryRecord build() {
        return build(0x1234L);
    }

    /** With {@code process} as the record id's process part. */
    TelemetryRecord build(long process) {
        GapHistogram hist = null;
        if (gapsNs != null && gapsNs.length > 0) {
            long[] sorted = gapsNs.clone();
            Arrays.sort(sorted);
            hist = GapHistogram.ofSortedNanos(sorted, sorted.length);
        }
        GpuFields gpu = gpuName == null ? null : new GpuFields(gpuName, gpuCount, List.of("GPU-" + seq), 81559.0, vram,
                power, power, 50.0, 60.0, energy, energy == null ? null : "counter", null, null, 0, false);
        return new TelemetryRecord(process, seq, startMicros, site, engine, null, model, exit,
                exit == Exit.ERROR ? "java.io.IOException" : null, ttft, e2e, gapsNs == null ? 0 : gapsNs.length + 1,
                null, in, out, out == null ? null : TelemetryRecord.TokensSource.USAGE, null, tenant, "main", 1, "h",
                gpu, hist, cost, null, currency);
    }

    static long[] repeat(long nanos, int n) {
        long[] a = new long[n];
        Arrays.fill(a, nanos);
        return a;
    }
}
