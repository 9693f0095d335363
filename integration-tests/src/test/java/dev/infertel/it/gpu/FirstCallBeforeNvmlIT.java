package dev.infertel.it.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first call of a JVM starts before the agent has opened NVML (the fake driver's first init takes
 * {@link #INIT_DELAY_MS}, as a real one's can): it still gets the GPU's identity and the energy of the part
 * of its window that was sampled, and says its window is truncated. The call after it is whole.
 */
class FirstCallBeforeNvmlIT {

    static final int INIT_DELAY_MS = 1000;
    /** Long enough that the first call ends well after NVML is open. */
    static final int FIRST_CHUNK_MS = 2500;

    @TempDir
    Path dir;

    @Test
    void aCallThatBeganBeforeNvmlWasOpenGetsItsGpuAndTheSampledEnergy() throws Exception {
        AgentJvm.requireFake(AgentJvm.FAKE_CURRENT);
        AgentJvm.Run run = AgentJvm.run(dir, AgentJvm.FAKE_CURRENT, 10,
                Map.of("FAKE_NVML_SCRIPT", GpuPairingIT.SCRIPT + ";init_delay_ms=" + INIT_DELAY_MS),
                "early", String.valueOf(FIRST_CHUNK_MS));
        assertEquals(0, run.exitCode(), run::stderr);
        assertEquals(2, run.records().size(), () -> run.records() + "\n" + run.stderr());

        Matcher sampling = Pattern.compile("GPU sampling from (\\d+) ms after the JVM started").matcher(run.stderr());
        assertTrue(sampling.find(), run::stderr);
        long firstSampleMs = Long.parseLong(sampling.group(1));
        System.out.println("FirstCallBeforeNvmlIT: GPU sampling from " + firstSampleMs
                + " ms after JVM start (fake NVML init " + INIT_DELAY_MS + " ms)");
        assertTrue(firstSampleMs >= INIT_DELAY_MS, run::stderr);

        JsonNode early = run.record("early");
        assertEquals(GpuPairingIT.NAME, early.path("gpu_name").asText(null), early::toString);
        assertEquals(GpuPairingIT.DEVICES, early.path("gpu_count").asInt(-1), early::toString);
        assertTrue(early.path("gpu_window_truncated").asBoolean(false), early::toString);
        double e2eS = early.path("e2e_ms").asDouble() / 1000;
        double energy = early.path("energy_j").asDouble(-1);
        // only the sampled part: at least the init delay of the window had no samples, so no extrapolation
        // to the whole window; and not nothing
        assertTrue(energy > 0, early::toString);
        assertTrue(energy <= GpuPairingIT.WATTS * (e2eS - INIT_DELAY_MS / 1000.0) * 1.03,
                () -> "energy " + energy + " J covers more than the sampled part: " + early);
        System.out.printf("FirstCallBeforeNvmlIT: early call %.0f ms, energy %.1f J = %.0f%% of power x duration%n",
                e2eS * 1000, energy, 100 * energy / (GpuPairingIT.WATTS * e2eS));

        JsonNode after = run.record("after");
        assertFalse(after.path("gpu_window_truncated").asBoolean(true), after::toString);
        double expected = GpuPairingIT.WATTS * after.path("e2e_ms").asDouble() / 1000;
        assertEquals(expected, after.path("energy_j").asDouble(), expected * GpuPairingIT.ENERGY_TOLERANCE,
                after::toString);
    }
}
