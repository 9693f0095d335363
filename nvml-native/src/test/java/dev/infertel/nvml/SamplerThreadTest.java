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

    /**
     * With no request in flight the thread parks (an idle service pays no timer wake-ups); a request
     * that begins wakes it, and its energy is still power x time, the idle spell included.
     */
    @Test
    void parksWhileIdleAndTheNextRequestWakesIt() throws Exception {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        fake.set(0, 200, 0, 2 * GIB, 70, 55);
        fake.control.fakeNvmlStartAutoEnergy(0);
        GpuTelemetry telemetry = GpuTelemetry.open(fake.settings().withIntervalMs(5).withIdleParkMs(50),
                fake.log::add, Map.of());
        try {
            await(telemetry::samplerParked, 2000);
            long parkedSamples = telemetry.samples();
            Thread.sleep(300);
            assertEquals(parkedSamples, telemetry.samples(), "a parked sampler polled");
            assertTrue(telemetry.samplerParked());

            long start = System.nanoTime();
            long token = telemetry.begin(start);
            assertFalse(telemetry.samplerParked());
            Thread.sleep(200);
            long end = System.nanoTime();
            GpuUsage usage = telemetry.end(token, start, -1, end);

            assertTrue(telemetry.samples() >= parkedSamples + 20, "samples after waking: " + telemetry.samples());
            double expectedJ = 200.0 * (end - start) / 1e9;
            assertEquals(expectedJ, usage.energyJ(), expectedJ * 0.02, usage::toString);
            assertFalse(usage.truncated(), usage::toString);

            await(telemetry::samplerParked, 2000); // quiet again
            assertEquals(2, telemetry.samplerParks());
        } finally {
            telemetry.close();
        }
        assertFalse(telemetry.samplerRunning(), "close() must also end a parked sampler");
    }

    @Test
    void neverParksWhenToldTo() throws Exception {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        GpuTelemetry telemetry = GpuTelemetry.open(fake.settings().withIntervalMs(5)
                .withIdleParkMs(GpuSettings.NEVER_PARK), fake.log::add, Map.of());
        try {
            Thread.sleep(300);
            assertFalse(telemetry.samplerParked());
            assertEquals(0, telemetry.samplerParks());
            long before = telemetry.samples();
            Thread.sleep(100);
            assertTrue(telemetry.samples() > before);
        } finally {
            telemetry.close();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
