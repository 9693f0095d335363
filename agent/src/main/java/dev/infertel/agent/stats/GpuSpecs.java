package dev.infertel.agent.stats;

import java.util.List;
import java.util.Locale;

/**
 * Peak dense BF16 tensor throughput (no structured sparsity; FP16 for GPUs without BF16) and memory
 * bandwidth of common GPUs, from the vendors' data sheets, matched against the NVML device name by
 * case-insensitive substring, first match wins (so more specific names come first).
 */
public final class GpuSpecs {

    /** One GPU model's peaks. */
    public record Spec(String name, String match, double peakTflops, double memoryGbPerS) {

        public double peakFlopsPerS() {
            return peakTflops * 1e12;
        }

        public double memoryBytesPerS() {
            return memoryGbPerS * 1e9;
        }
    }

    public static final List<Spec> TABLE = List.of(
            new Spec("B200", "B200", 2250, 8000),
            new Spec("GH200", "GH200", 989.4, 4000),
            new Spec("H200 NVL", "H200 NVL", 835.5, 4800),
            new Spec("H200 SXM", "H200", 989.4, 4800),
            new Spec("H100 NVL", "H100 NVL", 835.5, 3900),
            new Spec("H100 PCIe", "H100 PCIe", 756.5, 2000),
            new Spec("H100 SXM", "H100", 989.4, 3350),
            new Spec("A100 80GB PCIe", "A100 80GB PCIe", 312, 1935),
            new Spec("A100 80GB SXM", "A100-SXM4-80GB", 312, 2039),
            new Spec("A100 80GB SXM", "A100 80GB", 312, 2039),
            new Spec("A100 40GB PCIe", "A100-PCIE-40GB", 312, 1555),
            new Spec("A100 40GB SXM", "A100", 312, 1555),
            new Spec("L40S", "L40S", 362.05, 864),
            new Spec("L40", "L40", 181.05, 864),
            new Spec("L4", "L4", 121, 300),
            new Spec("A10G", "A10G", 70, 600),
            new Spec("A10", "A10", 125, 600),
            new Spec("RTX 6000 Ada", "RTX 6000 Ada", 364.2, 960),
            new Spec("RTX A6000", "RTX A6000", 154.8, 768),
            new Spec("RTX 4090", "RTX 4090", 165.2, 1008),
            new Spec("RTX 3090", "RTX 3090", 71, 936),
            new Spec("V100", "V100", 125, 900),
            new Spec("T4", "T4", 65, 320));

    private GpuSpecs() {
    }

    /** The spec for an NVML device name; null when none matches. */
    public static Spec match(String nvmlName) {
        if (nvmlName == null) {
            return null;
        }
        String n = nvmlName.toUpperCase(Locale.ROOT);
        for (Spec s : TABLE) {
            if (n.contains(s.match().toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}
