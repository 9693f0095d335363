package dev.infertel.nvml;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;

/**
 * Direct-mapped (Native.register) NVML binding.
 *
 * <p>JNA's direct mapping aborts registration at the first symbol the library lacks, leaving the
 * rest of the class unbound. So the functions every driver has live in {@link Core}, and each
 * per-device metric lives in its own class: a driver without one of them loses that metric only.
 *
 * <p>Direct mapping is per class, not per library, so one library is bound at a time.
 */
final class NvmlLibrary {
    static final int NAME_BUFFER = 96;
    static final int UUID_BUFFER = 96;
    static final int VERSION_BUFFER = 80;
    static final int TEMPERATURE_GPU = 0;

    private static final Object LOCK = new Object();
    private static NvmlLibrary bound;

    static final class Core {
        static native int nvmlInit_v2();

        static native int nvmlShutdown();

        static native String nvmlErrorString(int result);

        static native int nvmlSystemGetDriverVersion(byte[] version, int length);

        static native int nvmlDeviceGetCount_v2(int[] deviceCount);

        static native int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

        static native int nvmlDeviceGetName(Pointer device, byte[] name, int length);

        static native int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);
    }

    static final class Power {
        /** Milliwatts (unsigned int). */
        static native int nvmlDeviceGetPowerUsage(Pointer device, int[] milliwatts);
    }

    static final class Energy {
        /** Millijoules since the driver loaded (unsigned long long). */
        static native int nvmlDeviceGetTotalEnergyConsumption(Pointer device, long[] millijoules);
    }

    static final class Memory {
        /** nvmlMemory_t is three unsigned long longs: total, free, used (bytes). */
        static native int nvmlDeviceGetMemoryInfo(Pointer device, long[] totalFreeUsed);
    }

    static final class Utilization {
        /** nvmlUtilization_t is two unsigned ints: gpu, memory (percent). */
        static native int nvmlDeviceGetUtilizationRates(Pointer device, int[] gpuMemory);
    }

    static final class Temperature {
        static native int nvmlDeviceGetTemperature(Pointer device, int sensorType, int[] celsius);
    }

    private static final Class<?>[] OPTIONAL =
            {Power.class, Energy.class, Memory.class, Utilization.class, Temperature.class};

    final Path path;
    final boolean hasPower;
    final boolean hasEnergy;
    final boolean hasMemory;
    final boolean hasUtilization;
    final boolean hasTemperature;

    private NvmlLibrary(Path path, boolean[] present) {
        this.path = path;
        this.hasPower = present[0];
        this.hasEnergy = present[1];
        this.hasMemory = present[2];
        this.hasUtilization = present[3];
        this.hasTemperature = present[4];
    }

    /**
     * Loads the library and registers the native methods.
     *
     * @throws UnsatisfiedLinkError when the library cannot be loaded or lacks a core function
     * @throws IllegalStateException when another library is bound
     */
    static NvmlLibrary bind(Path path) {
        synchronized (LOCK) {
            if (bound != null) {
                throw new IllegalStateException("NVML library " + bound.path + " is already in use");
            }
            NativeLibrary library = NativeLibrary.getInstance(path.toString());
            try {
                Native.register(Core.class, library);
            } catch (UnsatisfiedLinkError e) {
                Native.unregister(Core.class);
                throw e;
            }
            boolean[] present = new boolean[OPTIONAL.length];
            for (int i = 0; i < OPTIONAL.length; i++) {
                try {
                    Native.register(OPTIONAL[i], library);
                    present[i] = true;
                } catch (UnsatisfiedLinkError e) {
                    Native.unregister(OPTIONAL[i]);
                }
            }
            bound = new NvmlLibrary(path, present);
            return bound;
        }
    }

    /** Unregisters the natives so a later bind (possibly of another file) starts clean. */
    void unbind() {
        synchronized (LOCK) {
            if (bound != this) {
                return;
            }
            Native.unregister(Core.class);
            for (Class<?> c : OPTIONAL) {
                Native.unregister(c);
            }
            bound = null;
        }
    }

    static String errorString(int code) {
        try {
            String text = Core.nvmlErrorString(code);
            return text != null ? text : NvmlReturn.of(code).name();
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.of(code).name();
        }
    }

    static String cString(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
