package dev.infertel.nvml;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the NVML library file with plain file checks, so a machine without an NVIDIA driver
 * never loads JNA's native dispatch library (which JDK 24+ reports as restricted native access).
 */
final class NvmlLibraryLocator {
    static final List<String> FILE_NAMES = List.of("libnvidia-ml.so.1", "libnvidia-ml.so");
    static final List<String> STANDARD_DIRS = List.of(
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/nvidia/lib64",
            "/usr/lib/wsl/lib");

    private NvmlLibraryLocator() {
    }

    /** An explicit file is used as is; an explicit folder is searched for the library names. */
    static Optional<Path> find(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            if (Files.isDirectory(explicit)) {
                return findIn(List.of(explicit.toString()));
            }
            return Files.isRegularFile(explicit) ? Optional.of(explicit.toAbsolutePath()) : Optional.empty();
        }
        return findIn(searchDirs(env));
    }

    static List<String> searchDirs(Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String ldPath = env.get("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String dir : ldPath.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(STANDARD_DIRS);
        return dirs;
    }

    /** The one log line for "no library", naming what to fix. */
    static String notFoundMessage(Path explicit) {
        if (explicit != null) {
            return "GPU telemetry off: NVML library " + explicit + " not found";
        }
        return "GPU telemetry off: libnvidia-ml.so.1 not found (searched LD_LIBRARY_PATH and "
                + String.join(", ", STANDARD_DIRS) + ")";
    }

    private static Optional<Path> findIn(List<String> dirs) {
        for (String name : FILE_NAMES) {
            for (String dir : dirs) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}
