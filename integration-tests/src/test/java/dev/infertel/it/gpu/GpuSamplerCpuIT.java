package dev.infertel.it.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CPU the sampler thread costs at the default 20 ms interval, in a child JVM, measured over 6 s after a
 * 2 s warm-up of streamed calls: while the app is idle (no call in flight: the sampler sleeps) and while
 * it is busy (one call in flight throughout: the sampler polls). Each run also measures, over the same
 * seconds, a thread of the app that only wakes every 20 ms: on a small VM such a wake-up alone costs tens
 * of microseconds of CPU, so the busy figure is quoted against it. Figures are printed (surefire keeps
 * them in the -output.txt report).
 */
class GpuSamplerCpuIT {

    static final double TARGET_PCT = 0.5;
    private static final Pattern FIGURES =
            Pattern.compile("sampler_cpu_ns=(\\d+) baseline_cpu_ns=(\\d+) wall_ns=(\\d+)");

    /** Idle: the sampler is asleep, so it costs (almost) nothing, well under the target on any machine. */
    @Test
    void anIdleAppPaysNoSampling(@TempDir Path dir) throws Exception {
        double[] pct = measure("idle", 2, dir);
        assertTrue(pct[0] < 0.05, String.format("idle sampler used %.3f %% of a core", pct[0]));
    }

    /**
     * Busy: polling every 20 ms costs about what an empty 20 ms timer loop costs plus the NVML reads.
     * Measured runs on a 2-vCPU VM: see BENCHMARKS.md. The guard catches a many-fold regression, not noise.
     */
    @ParameterizedTest(name = "{0} device(s)")
    @ValueSource(ints = {1, 4})
    void pollingCostsLittleMoreThanATimer(int devices, @TempDir Path dir) throws Exception {
        double[] pct = measure("busy", devices, dir);
        assertTrue(pct[0] < Math.max(2.0, 4 * pct[1]),
                String.format("busy sampler used %.3f %% of a core, an empty timer %.3f %%", pct[0], pct[1]));
    }

    private static double[] measure(String mode, int devices, Path dir) throws Exception {
        String script = "devices=" + devices + ";name=NVIDIA H100 80GB HBM3;mem_total_mb=81559;mem_used_mb=1024"
                + ";power_mw=250000;util=87;temp=61;auto_energy=1";
        AgentJvm.Run run = AgentJvm.run(dir, AgentJvm.requireFake(AgentJvm.FAKE_CURRENT), 20,
                Map.of("FAKE_NVML_SCRIPT", script), mode, "6", "2");

        assertEquals(0, run.exitCode(), run::stderr);
        Matcher m = FIGURES.matcher(run.stdout());
        assertTrue(m.find(), () -> "no figures in: " + run.stdout() + run.stderr());
        double wall = Long.parseLong(m.group(3));
        double sampler = 100.0 * Long.parseLong(m.group(1)) / wall;
        double baseline = 100.0 * Long.parseLong(m.group(2)) / wall;
        System.out.printf("telemetry-gpu-sampler, %s, %d device(s), 20 ms: %.3f %% of one core;"
                + " empty 20 ms timer thread: %.3f %% (target < %.1f %%)%n", mode, devices, sampler, baseline, TARGET_PCT);
        return new double[] {sampler, baseline};
    }
}
