package dev.infertel.nvml;

import java.nio.file.Path;
import java.util.List;

/**
 * What to sample and how often.
 *
 * @param library      the NVML library file (or a folder holding it); null searches the usual places
 * @param devices      CUDA ordinals to sample (as the application sees them under CUDA_VISIBLE_DEVICES);
 *                     null samples every visible device
 * @param intervalMs   polling period of the sampler thread
 * @param ringCapacity samples kept per device; rounded up to a power of two
 */
public record GpuSettings(Path library, List<Integer> devices, int intervalMs, int ringCapacity) {
    public static final int DEFAULT_INTERVAL_MS = 20;
    public static final int DEFAULT_RING_CAPACITY = 32768;

    public GpuSettings {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("intervalMs must be at least 1, was " + intervalMs);
        }
        if (ringCapacity < 2 || ringCapacity > (1 << 24)) {
            throw new IllegalArgumentException("ringCapacity must be within 2..16777216, was " + ringCapacity);
        }
        devices = devices == null ? null : List.copyOf(devices);
    }

    public static GpuSettings defaults() {
        return new GpuSettings(null, null, DEFAULT_INTERVAL_MS, DEFAULT_RING_CAPACITY);
    }

    public GpuSettings withLibrary(Path library) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity);
    }

    public GpuSettings withDevices(List<Integer> devices) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity);
    }

    public GpuSettings withIntervalMs(int intervalMs) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity);
    }

    public GpuSettings withRingCapacity(int ringCapacity) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity);
    }
}
