package dev.infertel.nvml;

import static dev.infertel.nvml.FakeNvml.GIB;
import static dev.infertel.nvml.FakeNvml.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact figures for scripted timelines, driven by pollOnce with chosen timestamps. */
class EnergyFiguresTest {
    private static final double EXACT = 1e-9;
    private static final long T0 = 1_000_000_000_000L; // an arbitrary nanoTime origin

    private GpuTelemetry telemetry;

    @AfterEach
    void close() {
        if (telemetry != null) {
            telemetry.close();
        }
    }

    /** Constant power; the counter grows by powerW * 10 mJ per 10 ms poll. */
    private void pollConstant(FakeNvml fake, int powerW, int fromMs, int toMs) {
        for (int ms = fromMs; ms <= toMs; ms += 10) {
            fake.set(0, powerW, (long) powerW * ms, 10 * GIB, 50, 60);
            telemetry.pollOnce(T0 + ms * MS);
        }
    }

    @Test
    void counterDeltaGivesEnergyAndSplitsAtFirstToken() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100 80GB HBM3", "GPU-aaaa-0000", 80 * GIB);
        telemetry = fake.openManual();
        pollConstant(fake, 100, 0, 1000);

        long token = telemetry.begin(T0 + 200 * MS);
        GpuUsage usage = telemetry.end(token, T0 + 200 * MS, T0 + 300 * MS, T0 + 700 * MS);

        assertEquals(50.0, usage.energyJ(), EXACT);
        assertEquals(50.0, usage.deviceEnergyJ(), EXACT);
        assertEquals(10.0, usage.prefillEnergyJ(), EXACT);
        assertEquals(40.0, usage.decodeEnergyJ(), EXACT);
        assertEquals("counter", usage.energyMethod());
        assertEquals(100.0, usage.powerWMean(), EXACT);
        assertEquals(100.0, usage.powerWPeak(), EXACT);
        assertEquals(80 * 1024.0, usage.vramTotalMb(), EXACT);
        assertEquals(10 * 1024.0, usage.vramUsedMbPeak(), EXACT);
        assertEquals(50.0, usage.gpuUtilPctMean(), EXACT);
        assertEquals(60.0, usage.tempCPeak(), EXACT);
        assertEquals("NVIDIA H100 80GB HBM3", usage.gpuName());
        assertEquals(List.of("GPU-aaaa-0000"), usage.gpuUuids());
        assertEquals(0, usage.lostDevices());
        assertFalse(usage.truncated());
    }

    @Test
    void windowEdgesBetweenSamplesAreInterpolated() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-aaaa", 80 * GIB);
        telemetry = fake.openManual();
        pollConstant(fake, 100, 0, 1000);

        long token = telemetry.begin(T0 + 205 * MS);
        GpuUsage usage = telemetry.end(token, T0 + 205 * MS, -1, T0 + 693 * MS);

        assertEquals(48.8, usage.energyJ(), EXACT);
        assertTrue(GpuUsage.isAbsent(usage.prefillEnergyJ()));
        assertTrue(GpuUsage.isAbsent(usage.decodeEnergyJ()));
    }

    @Test
    void powerIntegralWhenTheLibraryLacksTheEnergyCounter() {
        FakeNvml fake = FakeNvml.old();
        fake.addDevice("Tesla P100", "GPU-pppp", 16 * GIB);
        telemetry = fake.openManual();
        // 100 W up to 400 ms, 300 W from 500 ms, polled every 100 ms.
        for (int ms = 0; ms <= 1000; ms += 100) {
            fake.set(0, ms <= 400 ? 100 : 300, 0, GIB, 10, 40);
            telemetry.pollOnce(T0 + ms * MS);
        }

        long token = telemetry.begin(T0);
        GpuUsage usage = telemetry.end(token, T0, T0 + 450 * MS, T0 + 1000 * MS);

        // Trapezoids: 4 x 10 J, (100 + 300) / 2 W x 0.1 s = 20 J, 5 x 30 J.
        assertEquals("power_integral", usage.energyMethod());
        assertEquals(210.0, usage.energyJ(), EXACT);
        assertEquals(40.0 + 10.0, usage.prefillEnergyJ(), EXACT);
        assertEquals(10.0 + 150.0, usage.decodeEnergyJ(), EXACT);
        assertEquals((5 * 100.0 + 6 * 300.0) / 11, usage.powerWMean(), EXACT);
        assertEquals(300.0, usage.powerWPeak(), EXACT);
    }

    @Test
    void overlappingRequestsShareEachMomentEqually() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA A100", "GPU-cccc", 40 * GIB);
        telemetry = fake.openManual();
        pollConstant(fake, 200, 0, 1000);

        long a = telemetry.begin(T0 + 100 * MS);
        long b = telemetry.begin(T0 + 300 * MS);
        long c = telemetry.begin(T0 + 400 * MS);
        GpuUsage usageC = telemetry.end(c, T0 + 400 * MS, -1, T0 + 500 * MS);
        GpuUsage usageA = telemetry.end(a, T0 + 100 * MS, -1, T0 + 600 * MS);
        GpuUsage usageB = telemetry.end(b, T0 + 300 * MS, -1, T0 + 900 * MS);

        // 200 W: alone 100-300, with B 300-400, three 400-500, with B 500-600; B alone 600-900.
        double third = 200 * 0.1 / 3;
        assertEquals(40 + 10 + third + 10, usageA.energyJ(), EXACT);
        assertEquals(10 + third + 10 + 60, usageB.energyJ(), EXACT);
        assertEquals(third, usageC.energyJ(), EXACT);
        assertEquals(100.0, usageA.deviceEnergyJ(), EXACT);
        assertEquals(200.0, usageA.powerWMean(), EXACT); // not shared
    }

    @Test
    void sharesAddUpToTheDeviceEnergyWithVaryingPower() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA L40S", "GPU-dddd", 48 * GIB);
        telemetry = fake.openManual();
        long energy = 0;
        for (int ms = 0; ms <= 2000; ms += 10) {
            int watts = 80 + (ms * 7) % 250;
            energy += watts * 10L;
            fake.set(0, watts, energy, GIB, 90, 70);
            telemetry.pollOnce(T0 + ms * MS);
        }
        // Staggered requests, some overlapping in threes, ended in time order; edges off the sample grid.
        long[][] windows = {{103, 587}, {151, 900}, {333, 1201}, {950, 1333}, {1000, 1999}, {1400, 1401}};
        long[] tokens = new long[windows.length];
        for (int i = 0; i < windows.length; i++) {
            tokens[i] = telemetry.begin(T0 + windows[i][0] * MS);
        }
        Integer[] byEnd = {0, 1, 2, 3, 5, 4};
        double sum = 0;
        for (int i : byEnd) {
            sum += telemetry.end(tokens[i], T0 + windows[i][0] * MS, -1, T0 + windows[i][1] * MS).energyJ();
        }
        // Busy period 103..1999 ms; the device's energy there from a request covering it alone.
        long probe = telemetry.begin(T0 + 103 * MS);
        double device = telemetry.end(probe, T0 + 103 * MS, -1, T0 + 1999 * MS).deviceEnergyJ();
        assertEquals(device, sum, device * 0.01);
        assertEquals(device, sum, 1e-6); // in fact exact up to rounding
    }

    @Test
    void twoDevicesSumPowerAndMemoryAndJoinDistinctNames() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-0000", 80 * GIB);
        fake.addDevice("NVIDIA A100", "GPU-1111", 40 * GIB);
        telemetry = fake.openManual();
        for (int ms = 0; ms <= 100; ms += 10) {
            // Device 0 peaks in memory at 50 ms, device 1 at 60 ms: the peak of the sum is at 50 ms.
            fake.set(0, 300, 300L * ms, (ms == 50 ? 30 : 10) * GIB, 80, ms == 70 ? 75 : 65);
            fake.set(1, 100, 100L * ms, (ms == 60 ? 15 : 5) * GIB, 40, 50);
            telemetry.pollOnce(T0 + ms * MS);
        }
        long token = telemetry.begin(T0);
        GpuUsage usage = telemetry.end(token, T0, T0 + 20 * MS, T0 + 100 * MS);

        assertEquals("NVIDIA H100 + NVIDIA A100", usage.gpuName());
        assertEquals(2, usage.gpuCount());
        assertEquals(List.of("GPU-0000", "GPU-1111"), usage.gpuUuids());
        assertEquals(120 * 1024.0, usage.vramTotalMb(), EXACT);
        assertEquals(35 * 1024.0, usage.vramUsedMbPeak(), EXACT);
        assertEquals(400.0, usage.powerWMean(), EXACT);
        assertEquals(400.0, usage.powerWPeak(), EXACT);
        assertEquals(60.0, usage.gpuUtilPctMean(), EXACT);
        assertEquals(75.0, usage.tempCPeak(), EXACT);
        assertEquals(40.0, usage.energyJ(), EXACT);
        assertEquals(8.0, usage.prefillEnergyJ(), EXACT);
    }

    @Test
    void windowOlderThanTheRingIsMarkedTruncated() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-aaaa", 80 * GIB);
        telemetry = fake.openManual(fake.settings().withRingCapacity(16), java.util.Map.of());
        pollConstant(fake, 100, 0, 1000); // 101 samples, 16 kept

        long token = telemetry.begin(T0);
        GpuUsage usage = telemetry.end(token, T0, -1, T0 + 1000 * MS);

        assertTrue(usage.truncated());
        assertTrue(usage.energyJ() > 0 && usage.energyJ() < 20.0, "only the kept history: " + usage.energyJ());
    }
}
