package dev.infertel.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake libnvidia-ml built from src/test/c/fake_nvml.c, and its control functions.
 * Control calls go through the same dlopen handle as the production binding, so they script
 * what the code under test reads.
 */
final class FakeNvml {
    static final Path DIR = Path.of(System.getProperty("fake.nvml.dir", "target/fake-nvml"));
    static final Path CURRENT = DIR.resolve("current/libnvidia-ml.so.1").toAbsolutePath();
    /** Built without nvmlDeviceGetTotalEnergyConsumption, like a pre-Volta-era driver. */
    static final Path OLD = DIR.resolve("old/libnvidia-ml.so.1").toAbsolutePath();

    static final int POWER = 1;
    static final int ENERGY = 2;
    static final int MEMORY = 4;
    static final int UTILIZATION = 8;
    static final int TEMPERATURE = 16;

    static final long GIB = 1024L * 1024 * 1024;
    static final long MS = 1_000_000L;

    interface Control extends Library {
        void fakeNvmlReset();

        void fakeNvmlSetInitResult(int rc);

        int fakeNvmlInitRefs();

        int fakeNvmlShutdownCalls();

        int fakeNvmlAddDevice(String name, String uuid, long memoryTotalBytes);

        void fakeNvmlSetUnsupported(int index, int features);

        void fakeNvmlSetValues(int index, int powerMw, long energyMj, long memoryUsedBytes, int utilGpuPct, int tempC);

        void fakeNvmlStartAutoEnergy(int index);

        void fakeNvmlSetLost(int index);
    }

    final Path path;
    final Control control;
    final List<String> log = new ArrayList<>();

    private FakeNvml(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " missing: build with mvn (exec-maven-plugin compiles it)");
        }
        this.path = path;
        this.control = Native.load(path.toString(), Control.class);
        control.fakeNvmlReset();
    }

    static FakeNvml current() {
        return new FakeNvml(CURRENT);
    }

    static FakeNvml old() {
        return new FakeNvml(OLD);
    }

    int addDevice(String name, String uuid, long memoryTotalBytes) {
        return control.fakeNvmlAddDevice(name, uuid, memoryTotalBytes);
    }

    void set(int device, int powerW, long energyMj, long memoryUsedBytes, int utilPct, int tempC) {
        control.fakeNvmlSetValues(device, powerW * 1000, energyMj, memoryUsedBytes, utilPct, tempC);
    }

    GpuSettings settings() {
        return GpuSettings.defaults().withLibrary(path);
    }

    GpuTelemetry openManual() {
        return openManual(settings(), Map.of());
    }

    GpuTelemetry openManual(GpuSettings settings, Map<String, String> env) {
        return GpuTelemetry.openManual(settings, log::add, new HashMap<>(env));
    }
}
