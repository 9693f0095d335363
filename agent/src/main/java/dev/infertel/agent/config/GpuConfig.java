package dev.infertel.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * NVML sampling: on by default where a GPU is found. {@code devices} null = all visible devices.
 * {@code sampleWhileIdle}: keep polling when no call is in flight (by default the sampler sleeps then).
 */
public record GpuConfig(boolean enabled, Path library, List<Integer> devices, int intervalMs,
                        boolean sampleWhileIdle) {

    public static GpuConfig defaults() {
        return new GpuConfig(true, null, null, 20, false);
    }
}
