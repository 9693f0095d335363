package dev.infertel.nvml;

import com.sun.jna.Pointer;

/**
 * One NVML device: its identity and allocation-free reads into preallocated out-arrays.
 * Used by the sampler thread only (the out-arrays are not shared).
 */
final class NvmlDevice {
    final int nvmlIndex;
    final Pointer handle;
    final String name;
    final String uuid;
    final long memoryTotalBytes;

    // A metric becomes unsupported on NOT_SUPPORTED or when the library lacks the function.
    boolean powerSupported;
    boolean energySupported;
    boolean memorySupported;
    boolean utilizationSupported;
    boolean temperatureSupported;

    final int[] power = new int[1];
    final long[] energy = new long[1];
    final long[] memory = new long[3];
    final int[] utilization = new int[2];
    final int[] temperature = new int[1];

    NvmlDevice(int nvmlIndex, Pointer handle, String name, String uuid, long memoryTotalBytes, NvmlLibrary lib) {
        this.nvmlIndex = nvmlIndex;
        this.handle = handle;
        this.name = name;
        this.uuid = uuid;
        this.memoryTotalBytes = memoryTotalBytes;
        this.powerSupported = lib.hasPower;
        this.energySupported = lib.hasEnergy;
        this.memorySupported = lib.hasMemory;
        this.utilizationSupported = lib.hasUtilization;
        this.temperatureSupported = lib.hasTemperature;
    }

    int readPower() {
        return NvmlLibrary.Power.nvmlDeviceGetPowerUsage(handle, power);
    }

    int readEnergy() {
        return NvmlLibrary.Energy.nvmlDeviceGetTotalEnergyConsumption(handle, energy);
    }

    int readMemory() {
        return NvmlLibrary.Memory.nvmlDeviceGetMemoryInfo(handle, memory);
    }

    int readUtilization() {
        return NvmlLibrary.Utilization.nvmlDeviceGetUtilizationRates(handle, utilization);
    }

    int readTemperature() {
        return NvmlLibrary.Temperature.nvmlDeviceGetTemperature(handle, NvmlLibrary.TEMPERATURE_GPU, temperature);
    }

    long powerMw() {
        return Integer.toUnsignedLong(power[0]);
    }

    long energyMj() {
        return energy[0];
    }

    long memoryUsedBytes() {
        return memory[2];
    }

    int utilizationGpuPct() {
        return utilization[0];
    }

    int temperatureC() {
        return temperature[0];
    }

    String describe() {
        return "GPU " + nvmlIndex + " (" + name + ", " + uuid + ")";
    }
}
