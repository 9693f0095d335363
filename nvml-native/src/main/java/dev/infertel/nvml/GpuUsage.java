package dev.infertel.nvml;

import java.util.List;

/**
 * What the GPUs did during one request's window.
 *
 * <p>Measured values are primitive doubles so that producing a result allocates nothing else;
 * a value the hardware or driver does not report is {@code NaN} ({@link #isAbsent}), never 0.
 *
 * <p>{@code energyJ}, {@code prefillEnergyJ} and {@code decodeEnergyJ} are this request's share:
 * at every moment the devices' energy is split equally among the requests active then.
 * {@code deviceEnergyJ} is the devices' whole energy over the window. Power, utilisation,
 * temperature and memory describe the devices during the window and are not shared.
 *
 * @param gpuName         the name of the sampled device, or the distinct names joined with " + "
 * @param gpuCount        devices sampled; 0 when GPU telemetry is off
 * @param vramTotalMb     total memory over all devices, MiB
 * @param vramUsedMbPeak  the largest sum over devices of used memory in the window, MiB
 * @param powerWMean      mean over the window's samples of the summed power, W
 * @param powerWPeak      largest summed power in the window, W
 * @param gpuUtilPctMean  mean utilisation over devices and samples, percent
 * @param tempCPeak       hottest device reading in the window, Celsius
 * @param energyMethod    "counter" when every device has an energy counter, else "power_integral";
 *                        null when energy is absent
 * @param prefillEnergyJ  share from start to the first token; NaN without a first token
 * @param decodeEnergyJ   share from the first token to the end; NaN without a first token
 * @param lostDevices     devices lost (GPU_IS_LOST or failing) at or before the window's end
 * @param truncated       the window reaches back before the kept sample or request history
 */
public record GpuUsage(
        String gpuName,
        int gpuCount,
        List<String> gpuUuids,
        double vramTotalMb,
        double vramUsedMbPeak,
        double powerWMean,
        double powerWPeak,
        double gpuUtilPctMean,
        double tempCPeak,
        double energyJ,
        double deviceEnergyJ,
        String energyMethod,
        double prefillEnergyJ,
        double decodeEnergyJ,
        int lostDevices,
        boolean truncated) {

    public static final String METHOD_COUNTER = "counter";
    public static final String METHOD_POWER_INTEGRAL = "power_integral";

    /** The result when GPU telemetry is off. */
    public static final GpuUsage NONE = new GpuUsage(null, 0, List.of(), Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, 0, false);

    public GpuUsage {
        gpuUuids = List.copyOf(gpuUuids);
    }

    public static boolean isAbsent(double value) {
        return Double.isNaN(value);
    }

    public boolean hasGpu() {
        return gpuCount > 0;
    }
}
