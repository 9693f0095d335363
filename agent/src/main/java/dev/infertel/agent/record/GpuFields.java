package dev.infertel.agent.record;

import java.util.List;

/**
 * The local GPUs over one call's window (NVML). A null figure means the device does not report it.
 * Energy is this call's share when calls overlap on a device.
 */
public record GpuFields(String gpuName, int gpuCount, List<String> gpuUuids, Double vramTotalMb, Double vramUsedMbPeak,
                        Double powerWMean, Double powerWPeak, Double gpuUtilPctMean, Double tempCPeak, Double energyJ,
                        String energyMethod, Double prefillEnergyJ, Double decodeEnergyJ, int lostDevices,
                        boolean windowTruncated) {

    public GpuFields {
        gpuUuids = List.copyOf(gpuUuids);
    }

    public Double energyPerOutputTokenJ(Long tokensOut) {
        return energyJ == null || tokensOut == null || tokensOut == 0 ? null : energyJ / tokensOut;
    }

    public Double tokensPerJ(Long tokensOut) {
        return energyJ == null || tokensOut == null || energyJ <= 0 ? null : tokensOut / energyJ;
    }
}
