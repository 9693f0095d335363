package dev.infertel.nvml;

import static dev.infertel.nvml.FakeNvml.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real daemon thread against the fake driver, whose counter follows the monotonic clock. */
class SamplerThreadTest {

    private static Thread samplerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(GpuSampler.THREAD_NAME)).findFirst().orElse(null);
    }

    @Test
    void samplesArriveAndCloseStopsTheThread() throws Exception {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        fake.set(0, 150, 0, 2 * GIB, 70, 55);
        fake.control.fakeNvmlStartAutoEnergy(0);
        GpuTelemetry telemetry = GpuTelemetry.open(fake.settings().withIntervalMs(5), fake.log::add, Map.of());

        long start = System.nanoTime();
        long token = telemetry.begin(start);
        Thread.sleep(200);
        long end = System.nanoTime();
        GpuUsage usage = telemetry.end(token, start, -1, end);

        Thread thread = samplerThread();
        assertTrue(thread != null && thread.isDaemon() && thread.isAlive());
        assertTrue(telemetry.samplerRunning());
        assertTrue(telemetry.samples() >= 10, "samples: " + telemetry.samples());
        assertThrows(IllegalStateException.class, () -> telemetry.pollOnce(System.nanoTime()));
        double expectedJ = 150.0 * (end - start) / 1e9;
        assertEquals(expectedJ, usage.energyJ(), expectedJ * 0.1);
        assertEquals(150.0, usage.powerWMean(), 1e-9);

        telemetry.close();

        assertFalse(thread.isAlive());
        assertFalse(telemetry.samplerRunning());
        assertEquals(0, fake.control.fakeNvmlInitRefs());
    }
}
