package dev.infertel.bench;

import dev.infertel.nvml.GpuSettings;
import dev.infertel.nvml.GpuTelemetry;
import dev.infertel.nvml.GpuUsage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GPU telemetry against the fake libnvidia-ml: one sampler poll (every device read through JNA), and
 * the request path, {@code begin} + {@code end}, which pairs a request's window with the samples.
 * Setup fails with a "SKIPPED: ..." message (and the other benchmarks run on) when the fake library
 * has not been built.
 *
 * <p>Time is simulated: samples every 20 ms, requests of 200 ms (first token at 50 ms) every 400 ms,
 * so consecutive requests never overlap one another. {@code overlapping = 8} keeps 7 more requests
 * open over the whole history, so each measured request shares the GPU with 7 others.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GpuSamplerBenchmark {

    static final long MS = 1_000_000L;
    static final long GIB = 1L << 30;
    static final long INTERVAL = 20 * MS;

    @State(Scope.Benchmark)
    public static class Sampler {
        @Param({"1", "4"})
        int devices;

        FakeNvmlLibrary fake;
        GpuTelemetry telemetry;
        long now;

        @Setup(Level.Trial)
        public void open() {
            fake = FakeNvmlLibrary.load();
            for (int i = 0; i < devices; i++) {
                fake.control.fakeNvmlAddDevice("NVIDIA H100 80GB HBM3", "GPU-bench-" + i, 80 * GIB);
                fake.control.fakeNvmlSetValues(i, 350_000, 1_000_000L, 20 * GIB, 70, 60);
            }
            telemetry = GpuTelemetry.openManual(GpuSettings.defaults().withLibrary(fake.path), System.out::println, Map.of());
            if (!telemetry.enabled() || telemetry.deviceNames().size() != devices) {
                throw new IllegalStateException("the fake NVML did not open with " + devices + " device(s)");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            telemetry.close();
        }
    }

    /** Requests over a sampled history; rebuilt per iteration so the history never runs out. */
    @State(Scope.Benchmark)
    public static class Requests {
        /** Requests measured per pass over the history; the pass then starts over at time 0. */
        static final int PASS = 2000;
        static final long STEP = 400 * MS;
        static final long DURATION = 200 * MS;
        static final long FIRST_TOKEN = 50 * MS;

        @Param({"1", "8"})
        int overlapping;

        FakeNvmlLibrary fake;
        GpuTelemetry telemetry;
        long[] others;
        int next;

        @Setup(Level.Iteration)
        public void open() {
            fake = FakeNvmlLibrary.load();
            fake.control.fakeNvmlAddDevice("NVIDIA H100 80GB HBM3", "GPU-bench-0", 80 * GIB);
            long history = PASS * STEP + STEP;
            int samples = (int) (history / INTERVAL) + 1;
            telemetry = GpuTelemetry.openManual(GpuSettings.defaults().withLibrary(fake.path)
                    .withRingCapacity(Integer.highestOneBit(samples) << 1), s -> { }, Map.of());
            if (!telemetry.enabled()) {
                throw new IllegalStateException("the fake NVML did not open");
            }
            others = new long[overlapping - 1];
            for (int i = 0; i < others.length; i++) {
                others[i] = telemetry.begin(0);
            }
            for (int s = 0; s < samples; s++) {
                long t = s * INTERVAL;
                // 350 W throughout: the energy counter (mJ) grows 7 J per 20 ms sample
                fake.control.fakeNvmlSetValues(0, 350_000, 1_000_000L + 7_000L * s, 20 * GIB, 70, 60);
                telemetry.pollOnce(t);
            }
            next = 0;
        }

        @TearDown(Level.Iteration)
        public void close() {
            for (long token : others) {
                telemetry.end(token, 0, -1, PASS * STEP);
            }
            telemetry.close();
        }
    }

    @Benchmark
    public void pollOnce(Sampler s) {
        s.now += INTERVAL;
        s.telemetry.pollOnce(s.now);
    }

    @Benchmark
    public GpuUsage beginEnd(Requests r) {
        int i = r.next;
        r.next = i + 1 == Requests.PASS ? 0 : i + 1;
        long start = (i + 1) * Requests.STEP;
        long token = r.telemetry.begin(start);
        return r.telemetry.end(token, start, start + Requests.FIRST_TOKEN, start + Requests.DURATION);
    }
}
