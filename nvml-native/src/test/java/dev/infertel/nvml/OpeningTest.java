package dev.infertel.nvml;

import static dev.infertel.nvml.FakeNvml.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** open() either gives working telemetry or logs one line and a disabled instance; it never throws. */
class OpeningTest {

    @Test
    void missingLibraryLogsOneLineAndDisables() {
        List<String> log = new ArrayList<>();
        GpuSettings settings = GpuSettings.defaults().withLibrary(Path.of("/nonexistent/libnvidia-ml.so.1"));
        GpuTelemetry telemetry = GpuTelemetry.open(settings, log::add, Map.of());

        assertEquals(List.of("GPU telemetry off: NVML library /nonexistent/libnvidia-ml.so.1 not found"), log);
        assertFalse(telemetry.enabled());
        assertEquals(GpuTelemetry.NO_TOKEN, telemetry.begin(1));
        assertSame(GpuUsage.NONE, telemetry.end(GpuTelemetry.NO_TOKEN, 1, -1, 2));
        assertFalse(GpuUsage.NONE.hasGpu());
        telemetry.pollOnce(3);
        telemetry.close();
    }

    @Test
    void searchingAnEmptyLdLibraryPathFindsNothingHere(@TempDir Path empty) {
        // Only meaningful where no driver is installed in the standard folders.
        org.junit.jupiter.api.Assumptions.assumeTrue(NvmlLibraryLocator.find(null, Map.of()).isEmpty());
        List<String> log = new ArrayList<>();
        GpuTelemetry telemetry = GpuTelemetry.open(GpuSettings.defaults(), log::add,
                Map.of("LD_LIBRARY_PATH", empty.toString()));

        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("GPU telemetry off: libnvidia-ml.so.1 not found"), log.get(0));
        assertFalse(telemetry.enabled());
    }

    @Test
    void ldLibraryPathLeadsToTheLibrary() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        try (GpuTelemetry telemetry = fake.openManual(GpuSettings.defaults(),
                Map.of("LD_LIBRARY_PATH", "/nonexistent:" + FakeNvml.CURRENT.getParent()))) {
            assertTrue(telemetry.enabled(), fake.log.toString());
            assertEquals(List.of("NVIDIA H100"), telemetry.deviceNames());
            assertEquals("999.99.fake", telemetry.driverVersion());
        }
    }

    /** A machine without NVIDIA must not load JNA's native part (JDK 24+ warns about it). */
    @Test
    void missingLibraryNeverLoadsJna() throws Exception {
        Set<String> loaded = ConcurrentHashMap.newKeySet();
        URL[] classpath = {
            Path.of(GpuTelemetry.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL(),
            Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL()
        };
        try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                loaded.add(name);
                return super.findClass(name);
            }
        }) {
            Class<?> settingsClass = isolated.loadClass(GpuSettings.class.getName());
            Object settings = settingsClass.getConstructor(Path.class, List.class, int.class, int.class, long.class)
                    .newInstance(Path.of("/nonexistent/libnvidia-ml.so.1"), null, 20, 1024, 1000L);
            Class<?> telemetryClass = isolated.loadClass(GpuTelemetry.class.getName());
            List<String> log = new ArrayList<>();
            Object telemetry = telemetryClass.getMethod("open", settingsClass, Consumer.class, Map.class)
                    .invoke(null, settings, (Consumer<String>) log::add, Map.of());
            telemetryClass.getMethod("end", long.class, long.class, long.class, long.class)
                    .invoke(telemetry, -1L, 1L, -1L, 2L);

            assertEquals(1, log.size(), log.toString());
            assertTrue(loaded.contains(GpuTelemetry.class.getName()), "the isolated loader did the loading");
            assertTrue(loaded.stream().noneMatch(n -> n.startsWith("com.sun.jna")), loaded.toString());
        }
    }

    @Test
    void initFailureLogsOneLineNamingTheCause() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        fake.control.fakeNvmlSetInitResult(NvmlReturn.NO_PERMISSION.code());
        GpuTelemetry telemetry = fake.openManual();

        assertFalse(telemetry.enabled());
        assertEquals(1, fake.log.size(), fake.log.toString());
        assertTrue(fake.log.get(0).startsWith("GPU telemetry off: no permission"), fake.log.get(0));
        assertTrue(fake.log.get(0).contains("Insufficient Permissions"), fake.log.get(0));
    }

    @Test
    void noDevicesLogsOneLineAndShutsNvmlDown() {
        FakeNvml fake = FakeNvml.current();
        GpuTelemetry telemetry = fake.openManual();

        assertFalse(telemetry.enabled());
        assertEquals(List.of("GPU telemetry off: NVML reports no GPU"), fake.log);
        assertEquals(0, fake.control.fakeNvmlInitRefs());
    }

    @Test
    void openLogsOneLineAndCloseShutsNvmlDown() {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        GpuTelemetry telemetry = fake.openManual();
        assertEquals(1, fake.control.fakeNvmlInitRefs());
        assertEquals(1, fake.log.size());
        assertTrue(fake.log.get(0).startsWith("GPU telemetry on: 1 GPU(s) [NVIDIA H100], driver 999.99.fake"),
                fake.log.get(0));

        telemetry.close();
        telemetry.close();

        assertEquals(0, fake.control.fakeNvmlInitRefs());
        assertEquals(1, fake.control.fakeNvmlShutdownCalls());
        assertSame(GpuUsage.NONE, telemetry.end(telemetry.begin(1), 1, -1, 2));
    }

    @Test
    void aFolderAsLibraryPathIsSearched() throws Exception {
        FakeNvml fake = FakeNvml.current();
        fake.addDevice("NVIDIA H100", "GPU-h100", 80 * GIB);
        try (GpuTelemetry telemetry = fake.openManual(
                GpuSettings.defaults().withLibrary(FakeNvml.CURRENT.getParent()), Map.of())) {
            assertTrue(telemetry.enabled(), fake.log.toString());
        }
        assertTrue(Files.isRegularFile(FakeNvml.CURRENT));
    }
}
