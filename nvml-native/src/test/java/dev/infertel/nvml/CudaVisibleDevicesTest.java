package dev.infertel.nvml;

import static dev.infertel.nvml.FakeNvml.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CUDA_VISIBLE_DEVICES decides what "all" and device ordinals mean. */
class CudaVisibleDevicesTest {
    private static final List<String> UUIDS = List.of(
            "GPU-0a0a0a0a-1111", "GPU-1b1b1b1b-2222", "GPU-2c2c2c2c-3333", "GPU-2c2d0000-4444");

    private FakeNvml fake;

    @BeforeEach
    void fourGpus() {
        fake = FakeNvml.current();
        for (int i = 0; i < UUIDS.size(); i++) {
            fake.addDevice("GPU " + i, UUIDS.get(i), 8 * GIB);
        }
    }

    private List<String> selected(List<Integer> devices, String cudaVisibleDevices) {
        Map<String, String> env = cudaVisibleDevices == null ? Map.of()
                : Map.of("CUDA_VISIBLE_DEVICES", cudaVisibleDevices);
        try (GpuTelemetry telemetry = fake.openManual(fake.settings().withDevices(devices), env)) {
            return telemetry.deviceUuids();
        }
    }

    @Test
    void unsetMeansEveryDevice() {
        assertEquals(UUIDS, selected(null, null));
    }

    @Test
    void indicesRestrictAndReorder() {
        assertEquals(List.of(UUIDS.get(2), UUIDS.get(0)), selected(null, "2,0"));
    }

    @Test
    void requestedOrdinalsAreCudaOrdinals() {
        assertEquals(List.of(UUIDS.get(1)), selected(List.of(1), "3,1"));
    }

    @Test
    void uuidPrefixesSelect() {
        assertEquals(List.of(UUIDS.get(1), UUIDS.get(3)), selected(null, "GPU-1b1b,2c2d"));
    }

    @Test
    void parsingStopsAtTheFirstInvalidOrAmbiguousEntry() {
        assertEquals(List.of(UUIDS.get(3)), selected(null, "3,7,0"));
        assertEquals(List.of(UUIDS.get(0)), selected(null, "0,GPU-2c,1"));
    }

    @Test
    void emptyMeansNoGpuAndOneLine() {
        GpuTelemetry telemetry = fake.openManual(fake.settings(), Map.of("CUDA_VISIBLE_DEVICES", ""));
        assertFalse(telemetry.enabled());
        assertEquals(1, fake.log.size());
        assertTrue(fake.log.get(0).startsWith("GPU telemetry off: no usable GPU selected"), fake.log.get(0));
        assertEquals(0, fake.control.fakeNvmlInitRefs());
    }
}
