package dev.infertel.nvml;

import java.util.List;

/**
 * Turns the sample ring and the request activity into a {@link GpuUsage} for one window.
 * Runs on request threads; its scratch state is per thread, so it allocates only the result.
 */
final class UsageCalculator {
    private static final double MIB = 1024.0 * 1024.0;
    private static final int READ_ATTEMPTS = 3;

    private final GpuSampler sampler;
    private final SampleRing ring;
    private final RequestActivityLog activity;
    private final String gpuName;
    private final List<String> gpuUuids;
    private final double vramTotalMb;
    private final String energyMethod;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    UsageCalculator(GpuSampler sampler, RequestActivityLog activity, String gpuName, List<String> gpuUuids,
                    long vramTotalBytes) {
        this.sampler = sampler;
        this.ring = sampler.ring();
        this.activity = activity;
        this.gpuName = gpuName;
        this.gpuUuids = List.copyOf(gpuUuids);
        this.vramTotalMb = vramTotalBytes < 0 ? Double.NaN : vramTotalBytes / MIB;
        this.energyMethod = energyMethod(sampler);
    }

    private static String energyMethod(GpuSampler sampler) {
        boolean allCounters = true;
        for (GpuSampler.EnergySource source : sampler.energySource) {
            if (source == GpuSampler.EnergySource.NONE) {
                return null;
            }
            allCounters &= source == GpuSampler.EnergySource.COUNTER;
        }
        return allCounters ? GpuUsage.METHOD_COUNTER : GpuUsage.METHOD_POWER_INTEGRAL;
    }

    /** "counter", "power_integral", or null when some device reports neither energy nor power. */
    String energyMethod() {
        return energyMethod;
    }

    GpuUsage compute(long token, long start, long firstToken, long end) {
        if (end < start) {
            end = start;
        }
        long split = firstToken < 0 ? -1 : Math.min(Math.max(firstToken, start), end);
        Scratch s = scratch.get();
        long hi = ring.published();
        if (hi == 0) {
            return usage(s, false, Double.NaN, Double.NaN, Double.NaN, split, lostDevices(end), true);
        }
        boolean overwritten = true;
        for (int attempt = 0; attempt < READ_ATTEMPTS && overwritten; attempt++) {
            // Keep a margin from the writer so a slow reader is rarely lapped.
            long lo = Math.max(0, hi - ring.capacity + Math.max(1, ring.capacity / 8));
            s.readStats(ring, lo, hi, start, end);
            s.curve.reset(ring, lo, hi);
            double deviceMj = s.curve.at(end) - s.curve.at(start);
            s.attribution.attribute(activity, s.curve, token, start, split, end);
            overwritten = ring.oldestIntact() > lo;
            if (!overwritten) {
                boolean truncated = s.curve.clampedAtStart || !s.attribution.complete;
                return usage(s, true, deviceMj, s.attribution.prefillMj, s.attribution.decodeMj, split,
                        lostDevices(end), truncated);
            }
            hi = ring.published();
        }
        return usage(s, false, Double.NaN, Double.NaN, Double.NaN, split, lostDevices(end), true);
    }

    private int lostDevices(long end) {
        int lost = 0;
        for (int d = 0; d < sampler.deviceCount(); d++) {
            if (sampler.lostAtNanos(d) <= end) {
                lost++;
            }
        }
        return lost;
    }

    private GpuUsage usage(Scratch s, boolean measured, double deviceMj, double prefillMj, double decodeMj,
                           long split, int lost, boolean truncated) {
        boolean hasEnergy = measured && energyMethod != null && !Double.isNaN(deviceMj);
        double energyJ = hasEnergy ? (prefillMj + decodeMj) / 1000.0 : Double.NaN;
        boolean hasSplit = hasEnergy && split >= 0;
        return new GpuUsage(
                gpuName,
                gpuUuids.size(),
                gpuUuids,
                vramTotalMb,
                measured ? s.memoryPeakBytes / MIB : Double.NaN,
                measured ? s.powerMeanMw / 1000.0 : Double.NaN,
                measured ? s.powerPeakMw / 1000.0 : Double.NaN,
                measured ? s.utilizationMean : Double.NaN,
                measured ? s.temperaturePeak : Double.NaN,
                energyJ,
                hasEnergy ? deviceMj / 1000.0 : Double.NaN,
                hasEnergy ? energyMethod : null,
                hasSplit ? prefillMj / 1000.0 : Double.NaN,
                hasSplit ? decodeMj / 1000.0 : Double.NaN,
                lost,
                truncated);
    }

    /** Per-thread working state. */
    static final class Scratch {
        final EnergyCurve curve = new EnergyCurve();
        final EnergyAttribution attribution = new EnergyAttribution();
        double powerMeanMw;
        double powerPeakMw;
        double memoryPeakBytes;
        double utilizationMean;
        double temperaturePeak;

        /**
         * Device statistics over the samples inside [start, end]; a window shorter than the
         * polling period uses the newest sample at or before its end (the state at that time).
         */
        void readStats(SampleRing ring, long lo, long hi, long start, long end) {
            long first = ring.indexAtOrBefore(start - 1, lo, hi) + 1;
            long last = ring.indexAtOrBefore(end, lo, hi);
            if (first > last) {
                first = last;
            }
            double powerSum = 0;
            int powerSamples = 0;
            double powerPeak = Double.NaN;
            double memoryPeak = Double.NaN;
            double utilizationSum = 0;
            int utilizationReadings = 0;
            double temperatureMax = Double.NaN;
            for (long i = Math.max(first, lo); i <= last; i++) {
                int slot = ring.slot(i);
                long power = 0;
                long memory = 0;
                boolean anyPower = false;
                boolean anyMemory = false;
                for (int d = 0; d < ring.devices; d++) {
                    int p = ring.powerMw[d][slot];
                    if (p != SampleRing.ABSENT) {
                        power += p;
                        anyPower = true;
                    }
                    long m = ring.memoryUsedBytes[d][slot];
                    if (m != SampleRing.ABSENT) {
                        memory += m;
                        anyMemory = true;
                    }
                    int u = ring.utilizationPct[d][slot];
                    if (u != SampleRing.ABSENT) {
                        utilizationSum += u;
                        utilizationReadings++;
                    }
                    int c = ring.temperatureC[d][slot];
                    if (c != SampleRing.ABSENT && !(c <= temperatureMax)) {
                        temperatureMax = c;
                    }
                }
                if (anyPower) {
                    powerSum += power;
                    powerSamples++;
                    if (!(power <= powerPeak)) {
                        powerPeak = power;
                    }
                }
                if (anyMemory && !(memory <= memoryPeak)) {
                    memoryPeak = memory;
                }
            }
            powerMeanMw = powerSamples == 0 ? Double.NaN : powerSum / powerSamples;
            powerPeakMw = powerPeak;
            memoryPeakBytes = memoryPeak;
            utilizationMean = utilizationReadings == 0 ? Double.NaN : utilizationSum / utilizationReadings;
            temperaturePeak = temperatureMax;
        }
    }
}
