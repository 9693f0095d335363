package dev.infertel.agent.gpu;

import dev.infertel.agent.config.GpuConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.runtime.GpuPairing;
import dev.infertel.nvml.GpuSettings;
import dev.infertel.nvml.GpuTelemetry;
import dev.infertel.nvml.GpuUsage;

/**
 * Pairs calls with NVML readings. Loaded in the agent's GPU class loader part (with JNA), so nothing
 * of JNA is touched unless the config asks for GPUs; the core reaches it only as a {@link GpuPairing}.
 */
public final class NvmlGpuPairing implements GpuPairing {

    private final GpuTelemetry telemetry;

    private NvmlGpuPairing(GpuTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** Starts sampling, or returns {@link GpuPairing#NONE} (NVML has then said why, in one line). */
    public static GpuPairing open(GpuConfig config, AgentLog log) {
        GpuSettings settings = GpuSettings.defaults().withIntervalMs(config.intervalMs());
        if (config.sampleWhileIdle()) {
            settings = settings.withIdleParkMs(GpuSettings.NEVER_PARK);
        }
        if (config.library() != null) {
            settings = settings.withLibrary(config.library());
        }
        if (config.devices() != null) {
            settings = settings.withDevices(config.devices());
        }
        GpuTelemetry telemetry = GpuTelemetry.open(settings, log::info);
        if (!telemetry.enabled()) {
            telemetry.close();
            return NONE;
        }
        // GpuTelemetry has logged the one "GPU telemetry on" line (devices, driver, energy source)
        return new NvmlGpuPairing(telemetry);
    }

    @Override
    public long begin(long startNanos) {
        long token = telemetry.begin(startNanos);
        return token == GpuTelemetry.NO_TOKEN ? 0 : token + 1;
    }

    @Override
    public GpuFields end(long token, long startNanos, long firstTokenNanos, long endNanos) {
        GpuUsage u = telemetry.end(token - 1, startNanos, firstTokenNanos, endNanos);
        if (u == null || !u.hasGpu()) {
            return null;
        }
        return new GpuFields(u.gpuName(), u.gpuCount(), u.gpuUuids(), value(u.vramTotalMb()), value(u.vramUsedMbPeak()),
                value(u.powerWMean()), value(u.powerWPeak()), value(u.gpuUtilPctMean()), value(u.tempCPeak()),
                value(u.energyJ()), u.energyMethod(), value(u.prefillEnergyJ()), value(u.decodeEnergyJ()),
                u.lostDevices(), u.truncated());
    }

    private static Double value(double v) {
        return GpuUsage.isAbsent(v) ? null : v;
    }

    @Override
    public void close() {
        telemetry.close();
    }
}
