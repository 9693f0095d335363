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
 * @param idleParkMs   the sampler sleeps once no request has been in flight for this long, until the next
 *                     request begins; -1 keeps it polling all the time
 */
public record GpuSettings(Path library, List<Integer> devices, int intervalMs, int ringCapacity, long idleParkMs) {
    public static final int DEFAULT_INTERVAL_MS = 20;
    public static final int DEFAULT_RING_CAPACITY = 32768;
    /** A second of quiet: a busy service keeps the sampler awake, an idle one stops paying its wake-ups. */
    public static final long DEFAULT_IDLE_PARK_MS = 1000;
    public static final long NEVER_PARK = -1;

    public GpuSettings {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("intervalMs must be at least 1, was " + intervalMs);
        }
        if (ringCapacity < 2 || ringCapacity > (1 << 24)) {
            throw new IllegalArgumentException("ringCapacity must be within 2..16777216, was " + ringCapacity);
        }
        if (idleParkMs < NEVER_PARK) {
            throw new IllegalArgumentException("idleParkMs must be -1 (never) or at least 0, was " + idleParkMs);
        }
        devices = devices == null ? null : List.copyOf(devices);
    }

    public static GpuSettings defaults() {
        return new GpuSettings(null, null, DEFAULT_INTERVAL_MS, DEFAULT_RING_CAPACITY, DEFAULT_IDLE_PARK_MS);
    }

    public GpuSettings withLibrary(Path library) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity, idleParkMs);
    }

    public GpuSettings withDevices(List<Integer> devices) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity, idleParkMs);
    }

    public GpuSettings withIntervalMs(int intervalMs) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity, idleParkMs);
    }

    public GpuSettings withRingCapacity(int ringCapacity) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity, idleParkMs);
    }

    public GpuSettings withIdleParkMs(long idleParkMs) {
        return new GpuSettings(library, devices, intervalMs, ringCapacity, idleParkMs);
    }
}
