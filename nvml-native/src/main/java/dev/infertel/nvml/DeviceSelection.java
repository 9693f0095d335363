package dev.infertel.nvml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Maps CUDA ordinals (what the application calls device 0, 1, ...) to NVML indices.
 *
 * <p>CUDA_VISIBLE_DEVICES lists NVML indices or GPU UUIDs (a unique prefix is enough, "GPU-"
 * optional); like CUDA, parsing stops at the first entry that does not name a device. NVML
 * enumerates in PCI bus order, which matches CUDA when CUDA_DEVICE_ORDER=PCI_BUS_ID (the setting
 * multi-GPU servers use); with CUDA's default fastest-first order the indices may differ.
 */
final class DeviceSelection {
    private DeviceSelection() {
    }

    /** CUDA ordinal i is NVML device visible[i]. */
    static List<Integer> visible(String cudaVisibleDevices, int deviceCount, IntFunction<String> uuidOf) {
        List<Integer> visible = new ArrayList<>();
        if (cudaVisibleDevices == null) {
            for (int i = 0; i < deviceCount; i++) {
                visible.add(i);
            }
            return visible;
        }
        for (String raw : cudaVisibleDevices.split(",")) {
            String entry = raw.trim();
            int index = entry.isEmpty() ? -1 : resolve(entry, deviceCount, uuidOf);
            if (index < 0 || visible.contains(index)) {
                break;
            }
            visible.add(index);
        }
        return visible;
    }

    /** NVML indices of the requested CUDA ordinals (null = all visible); ordinals not visible are skipped. */
    static List<Integer> select(List<Integer> visible, List<Integer> requested) {
        if (requested == null) {
            return visible;
        }
        List<Integer> selected = new ArrayList<>();
        for (int ordinal : requested) {
            if (ordinal >= 0 && ordinal < visible.size() && !selected.contains(visible.get(ordinal))) {
                selected.add(visible.get(ordinal));
            }
        }
        return selected;
    }

    private static int resolve(String entry, int deviceCount, IntFunction<String> uuidOf) {
        if (entry.chars().allMatch(Character::isDigit)) {
            try {
                int index = Integer.parseInt(entry);
                return index < deviceCount ? index : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        String prefix = entry.regionMatches(true, 0, "GPU-", 0, 4) ? entry : "GPU-" + entry;
        int match = -1;
        for (int i = 0; i < deviceCount; i++) {
            String uuid = uuidOf.apply(i);
            if (uuid != null && uuid.regionMatches(true, 0, prefix, 0, prefix.length())) {
                if (match >= 0) {
                    return -1; // ambiguous prefix
                }
                match = i;
            }
        }
        return match;
    }
}
