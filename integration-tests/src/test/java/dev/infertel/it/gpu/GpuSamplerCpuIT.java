package dev.infertel.it.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CPU the sampler thread costs at the default 20 ms interval, over 10 s after a 5 s warm-up, in a
 * child JVM whose app only sleeps. Prints the figure (surefire keeps it in the -output.txt report).
 * Target: under 0.5 % of one core; the assertion is a looser guard against regressions, since a
 * small shared VM's wake-up costs alone move the figure by tenths of a percent (once by half a percent).
 */
class GpuSamplerCpuIT {

    static final double TARGET_PCT = 0.5;
    /** Runs on this 2-vCPU VM measured 0.31–1.03 %: the guard catches a many-fold regression, not noise. */
    static final double GUARD_PCT = 2.0;
    private static final Pattern FIGURES = Pattern.compile("sampler_cpu_ns=(\\d+) wall_ns=(\\d+)");

    @ParameterizedTest(name = "{0} device(s)")
    @ValueSource(ints = {1, 4})
    void samplerCostsLittleCpu(int devices, @TempDir Path dir) throws Exception {
        String script = "devices=" + devices + ";name=NVIDIA H100 80GB HBM3;mem_total_mb=81559;mem_used_mb=1024"
                + ";power_mw=250000;util=87;temp=61;auto_energy=1";
        AgentJvm.Run run = AgentJvm.run(dir, AgentJvm.requireFake(AgentJvm.FAKE_CURRENT), 20,
                Map.of("FAKE_NVML_SCRIPT", script), "idle", "10", "5");

        assertEquals(0, run.exitCode(), run::stderr);
        Matcher m = FIGURES.matcher(run.stdout());
        assertTrue(m.find(), () -> "no figures in: " + run.stdout() + run.stderr());
        double pct = 100.0 * Long.parseLong(m.group(1)) / Long.parseLong(m.group(2));
        System.out.printf("telemetry-gpu-sampler, %d device(s), 20 ms: %.3f %% of one core (target < %.1f %%)%n",
                devices, pct, TARGET_PCT);
        assertTrue(pct < GUARD_PCT, String.format("sampler used %.3f %% of a core", pct));
    }
}
