package dev.infertel.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fake libnvidia-ml that nvml-native's build compiles from src/test/c/fake_nvml.c, and the
 * control functions that script what it reports. Loaded through the same dlopen handle as the binding.
 */
final class FakeNvmlLibrary {

    /** Overrides where the fake library is looked for. */
    static final String PROPERTY = "bench.fake.nvml";
    private static final String BUILT = "nvml-native/target/fake-nvml/current/libnvidia-ml.so.1";

    interface Control extends Library {
        void fakeNvmlReset();

        int fakeNvmlAddDevice(String name, String uuid, long memoryTotalBytes);

        void fakeNvmlSetValues(int index, int powerMw, long energyMj, long memoryUsedBytes, int utilGpuPct, int tempC);
    }

    final Path path;
    final Control control;

    private FakeNvmlLibrary(Path path) {
        this.path = path;
        this.control = Native.load(path.toString(), Control.class);
        control.fakeNvmlReset();
    }

    /** The fake library, or an exception that says how to build it. */
    static FakeNvmlLibrary load() {
        Path path = locate();
        if (path == null) {
            throw new IllegalStateException("SKIPPED: the fake NVML library is not built (looked for " + BUILT
                    + " from " + Path.of("").toAbsolutePath() + " and its parent, and -D" + PROPERTY
                    + "); build it with: mvn -B -q -pl nvml-native test-compile");
        }
        return new FakeNvmlLibrary(path);
    }

    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath();
            return Files.isRegularFile(p) ? p : null;
        }
        for (Path base : new Path[] {Path.of(""), Path.of("..")}) {
            Path p = base.resolve(BUILT).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
