package dev.infertel.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An initialised NVML with the selected devices; closing it shuts NVML down (one shutdown per init). */
final class NvmlSession implements AutoCloseable {
    private static final int SUCCESS = NvmlReturn.SUCCESS.code();

    final NvmlLibrary library;
    final String driverVersion;
    final List<NvmlDevice> devices;
    private boolean closed;

    private NvmlSession(NvmlLibrary library, String driverVersion, List<NvmlDevice> devices) {
        this.library = library;
        this.driverVersion = driverVersion;
        this.devices = List.copyOf(devices);
    }

    static NvmlSession open(Path path, GpuSettings settings, Map<String, String> env) throws GpuUnavailableException {
        NvmlLibrary library;
        try {
            library = NvmlLibrary.bind(path);
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            throw new GpuUnavailableException("GPU telemetry off: cannot load " + path + ": " + e.getMessage());
        }
        int rc = NvmlLibrary.Core.nvmlInit_v2();
        if (rc != SUCCESS) {
            String message = initFailure(rc); // nvmlErrorString needs the binding
            library.unbind();
            throw new GpuUnavailableException(message);
        }
        try {
            return new NvmlSession(library, driverVersion(), selectDevices(library, settings, env));
        } catch (GpuUnavailableException | RuntimeException e) {
            NvmlLibrary.Core.nvmlShutdown();
            library.unbind();
            throw e;
        }
    }

    private static String initFailure(int rc) {
        String detail = "nvmlInit_v2: " + NvmlLibrary.errorString(rc) + " (" + NvmlReturn.of(rc) + ")";
        switch (NvmlReturn.of(rc)) {
            case NO_PERMISSION:
                return "GPU telemetry off: no permission to use the GPU driver (" + detail + ")";
            case DRIVER_NOT_LOADED:
                return "GPU telemetry off: the NVIDIA driver is not loaded (" + detail + ")";
            default:
                return "GPU telemetry off: NVML failed to start (" + detail + ")";
        }
    }

    private static String driverVersion() {
        byte[] buffer = new byte[NvmlLibrary.VERSION_BUFFER];
        int rc = NvmlLibrary.Core.nvmlSystemGetDriverVersion(buffer, buffer.length);
        return rc == SUCCESS ? NvmlLibrary.cString(buffer) : "unknown";
    }

    private static List<NvmlDevice> selectDevices(NvmlLibrary library, GpuSettings settings, Map<String, String> env)
            throws GpuUnavailableException {
        int[] count = new int[1];
        int rc = NvmlLibrary.Core.nvmlDeviceGetCount_v2(count);
        if (rc != SUCCESS) {
            throw new GpuUnavailableException("GPU telemetry off: cannot count GPUs (nvmlDeviceGetCount_v2: "
                    + NvmlLibrary.errorString(rc) + ")");
        }
        if (count[0] == 0) {
            throw new GpuUnavailableException("GPU telemetry off: NVML reports no GPU");
        }
        Pointer[] handles = new Pointer[count[0]];
        for (int i = 0; i < handles.length; i++) {
            PointerByReference ref = new PointerByReference();
            if (NvmlLibrary.Core.nvmlDeviceGetHandleByIndex_v2(i, ref) == SUCCESS) {
                handles[i] = ref.getValue();
            }
        }
        String cudaVisible = env.get("CUDA_VISIBLE_DEVICES");
        List<Integer> visible = DeviceSelection.visible(cudaVisible, handles.length,
                i -> handles[i] == null ? null : uuid(handles[i]));
        List<NvmlDevice> devices = new ArrayList<>();
        for (int index : DeviceSelection.select(visible, settings.devices())) {
            if (handles[index] != null) {
                devices.add(device(library, index, handles[index]));
            }
        }
        if (devices.isEmpty()) {
            throw new GpuUnavailableException("GPU telemetry off: no usable GPU selected (" + handles.length
                    + " present, CUDA_VISIBLE_DEVICES=" + (cudaVisible == null ? "(unset)" : cudaVisible)
                    + ", devices=" + (settings.devices() == null ? "all" : settings.devices()) + ")");
        }
        return devices;
    }

    private static NvmlDevice device(NvmlLibrary library, int index, Pointer handle) {
        byte[] name = new byte[NvmlLibrary.NAME_BUFFER];
        String deviceName = NvmlLibrary.Core.nvmlDeviceGetName(handle, name, name.length) == SUCCESS
                ? NvmlLibrary.cString(name) : "GPU " + index;
        String uuid = uuid(handle);
        long total = -1;
        if (library.hasMemory) {
            long[] memory = new long[3];
            if (NvmlLibrary.Memory.nvmlDeviceGetMemoryInfo(handle, memory) == SUCCESS) {
                total = memory[0];
            }
        }
        return new NvmlDevice(index, handle, deviceName, uuid == null ? "unknown" : uuid, total, library);
    }

    private static String uuid(Pointer handle) {
        byte[] buffer = new byte[NvmlLibrary.UUID_BUFFER];
        return NvmlLibrary.Core.nvmlDeviceGetUUID(handle, buffer, buffer.length) == SUCCESS
                ? NvmlLibrary.cString(buffer) : null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            NvmlLibrary.Core.nvmlShutdown();
        } finally {
            library.unbind();
        }
    }
}
