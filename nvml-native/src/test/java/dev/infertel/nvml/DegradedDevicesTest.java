package dev.infertel.nvml;

import static dev.infertel.nvml.FakeNvml.GIB;
import static dev.infertel.nvml.FakeNvml.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metrics a device does not support, and devices that disappear. */
class DegradedDevicesTest {
    private static final double EXACT = 1e-9;
    private static final long T0 = 5_000_000_000L;

    private GpuTelemetry telemetry;

    @AfterEach
    void close() {
        if (telemetry != null) {
            telemetry.close();
        }
    }

    @Test
    void notSupportedMetricsAreAbsentAndTheRestPresent() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA A10", "GPU-a10", 24 * GIB);
        fake.control.fakeNvmlSetUnsupported(0, FakeNvml.TEMPERATURE | FakeNvml.UTILIZATION);
        telemetry = fake.openManual();
        for (int ms = 0; ms <= 100; ms += 10) {
            fake.set(0, 150, 150L * ms, 4 * GIB, 99, 99);
            telemetry.pollOnce(T0 + ms * MS);
        }
        GpuUsage usage = telemetry.end(telemetry.begin(T0), T0, -1, T0 + 100 * MS);

        assertTrue(GpuUsage.isAbsent(usage.tempCPeak()));
        assertTrue(GpuUsage.isAbsent(usage.gpuUtilPctMean()));
        assertEquals(15.0, usage.energyJ(), EXACT);
        assertEquals(150.0, usage.powerWMean(), EXACT);
        assertEquals(4 * 1024.0, usage.vramUsedMbPeak(), EXACT);
    }

    @Test
    void energyCounterNotSupportedFallsBackToPowerIntegral() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("Tesla T4", "GPU-t4", 16 * GIB);
        fake.control.fakeNvmlSetUnsupported(0, FakeNvml.ENERGY);
        telemetry = fake.openManual();
        for (int ms = 0; ms <= 100; ms += 10) {
            fake.set(0, 70, 999_999, GIB, 30, 50);
            telemetry.pollOnce(T0 + ms * MS);
        }
        GpuUsage usage = telemetry.end(telemetry.begin(T0), T0, -1, T0 + 100 * MS);

        assertEquals("power_integral", usage.energyMethod());
        assertEquals(7.0, usage.energyJ(), EXACT);
    }

    @Test
    void noPowerAndNoCounterMeansNoEnergy() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("Odd GPU", "GPU-odd", 16 * GIB);
        fake.control.fakeNvmlSetUnsupported(0, FakeNvml.ENERGY | FakeNvml.POWER);
        telemetry = fake.openManual();
        for (int ms = 0; ms <= 100; ms += 10) {
            fake.set(0, 70, 0, GIB, 30, 50);
            telemetry.pollOnce(T0 + ms * MS);
        }
        GpuUsage usage = telemetry.end(telemetry.begin(T0), T0, T0 + 10 * MS, T0 + 100 * MS);

        assertTrue(GpuUsage.isAbsent(usage.energyJ()));
        assertTrue(GpuUsage.isAbsent(usage.prefillEnergyJ()));
        assertTrue(GpuUsage.isAbsent(usage.powerWMean()));
        assertEquals(null, usage.energyMethod());
        assertEquals(50.0, usage.tempCPeak(), EXACT);
    }

    @Test
    void lostDeviceStopsBeingSampledAndIsReported() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-0", 80 * GIB);
        fake.addDevice("NVIDIA H100", "GPU-1", 80 * GIB);
        telemetry = fake.openManual();
        for (int ms = 0; ms <= 1000; ms += 10) {
            if (ms == 500) {
                fake.control.fakeNvmlSetLost(1);
            }
            fake.set(0, 100, 100L * ms, GIB, 50, 60);
            fake.set(1, 100, 100L * ms, GIB, 50, 60);
            telemetry.pollOnce(T0 + ms * MS);
        }
        GpuUsage before = telemetry.end(telemetry.begin(T0 + 100 * MS), T0 + 100 * MS, -1, T0 + 400 * MS);
        GpuUsage after = telemetry.end(telemetry.begin(T0 + 600 * MS), T0 + 600 * MS, -1, T0 + 900 * MS);
        GpuUsage across = telemetry.end(telemetry.begin(T0 + 400 * MS), T0 + 400 * MS, -1, T0 + 600 * MS);

        List<String> lostLines = fake.log.stream().filter(l -> l.contains("lost")).toList();
        assertEquals(1, lostLines.size(), fake.log.toString());
        assertTrue(lostLines.get(0).contains("GPU-1"), lostLines.get(0));
        assertEquals(0, before.lostDevices());
        assertEquals(60.0, before.energyJ(), EXACT);
        assertEquals(1, after.lostDevices());
        assertEquals(30.0, after.energyJ(), EXACT);
        assertEquals(100.0, after.powerWMean(), EXACT);
        // Device 1 read 49 J at 490 ms and nothing after: 20 J from device 0, 9 J from device 1.
        assertEquals(29.0, across.energyJ(), EXACT);
    }
}
