package dev.infertel.nvml;

import static dev.infertel.nvml.FakeNvml.GIB;
import static dev.infertel.nvml.FakeNvml.MS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** begin/end allocate the result record and nothing else once warm. */
class RequestPathAllocationTest {

    @Test
    void beginAndEndAllocateOnlyTheResult() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        try (GpuTelemetry telemetry = fake.openManual()) {
            for (int ms = 0; ms <= 100_000; ms += 10) {
                fake.set(0, 100, 100L * ms, GIB, 50, 60);
                telemetry.pollOnce(ms * MS);
            }
            long other = telemetry.begin(0); // a long request overlapping all others
            int calls = 10_000;
            double sink = 0;
            // 50 ms requests starting every 4 ms: a dozen overlap at any time.
            for (int i = 0; i < calls; i++) {
                long start = i * 4 * MS;
                sink += telemetry.end(telemetry.begin(start), start, start + 10 * MS, start + 50 * MS).energyJ();
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            long began = System.nanoTime();
            for (int i = calls; i < 2 * calls; i++) {
                long start = i * 4 * MS;
                sink += telemetry.end(telemetry.begin(start), start, start + 10 * MS, start + 50 * MS).energyJ();
            }
            long nanosPerCall = (System.nanoTime() - began) / calls;
            long perCall = (threads.getThreadAllocatedBytes(id) - before) / calls;
            telemetry.end(other, 0, -1, 100_000 * MS);
            System.out.println("begin+end: " + nanosPerCall + " ns, " + perCall + " bytes per call");

            // The GpuUsage record is about 100 bytes; boxing or scratch arrays would show well above.
            assertTrue(perCall <= 128, "bytes per begin+end: " + perCall);
            assertTrue(sink > 0);
        }
    }
}
