package dev.infertel.nvml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * GPU telemetry for request windows: samples the selected GPUs through NVML and answers, per
 * request, what the GPUs did and how much of their energy the request used.
 *
 * <p>{@link #open} never throws: without a usable NVIDIA GPU it logs one line and returns a
 * disabled instance whose {@link #end} answers {@link GpuUsage#NONE}.
 *
 * <p>Threads: one sampler (the daemon thread, or the caller of {@link #pollOnce} when not
 * started); any number of request threads calling {@link #begin} and {@link #end}.
 */
public final class GpuTelemetry implements AutoCloseable {
    public static final long NO_TOKEN = RequestActivityLog.NO_TOKEN;
    /** Ended requests remembered for sharing energy with requests that overlapped them. */
    static final int ENDED_REQUEST_HISTORY = 8192;

    private static final GpuTelemetry DISABLED = new GpuTelemetry();

    private final NvmlSession session;
    private final GpuSampler sampler;
    private final RequestActivityLog activity;
    private final UsageCalculator calculator;
    private final List<String> names;
    private final List<String> uuids;
    private volatile boolean closed;

    private GpuTelemetry() {
        this.session = null;
        this.sampler = null;
        this.activity = null;
        this.calculator = null;
        this.names = List.of();
        this.uuids = List.of();
    }

    private GpuTelemetry(NvmlSession session, GpuSettings settings, Consumer<String> log) {
        this.session = session;
        NvmlDevice[] devices = session.devices.toArray(new NvmlDevice[0]);
        SampleRing ring = new SampleRing(devices.length, settings.ringCapacity());
        RequestActivityLog requests = new RequestActivityLog(ENDED_REQUEST_HISTORY);
        this.activity = requests;
        long idleParkNanos = settings.idleParkMs() < 0 ? -1 : settings.idleParkMs() * 1_000_000L;
        this.sampler = new GpuSampler(devices, ring, settings.intervalMs() * 1_000_000L, log,
                () -> requests.activeCount() == 0, idleParkNanos);
        List<String> deviceNames = new ArrayList<>();
        List<String> deviceUuids = new ArrayList<>();
        long vramTotal = 0;
        for (NvmlDevice device : devices) {
            deviceNames.add(device.name);
            deviceUuids.add(device.uuid);
            vramTotal = device.memoryTotalBytes < 0 || vramTotal < 0 ? -1 : vramTotal + device.memoryTotalBytes;
        }
        this.names = List.copyOf(deviceNames);
        this.uuids = List.copyOf(deviceUuids);
        String gpuName = String.join(" + ", new LinkedHashSet<>(deviceNames));
        this.calculator = new UsageCalculator(sampler, activity, gpuName, uuids, vramTotal);
    }

    /** Opens and starts sampling, reading the environment of this process. */
    public static GpuTelemetry open(GpuSettings settings, Consumer<String> log) {
        return open(settings, log, System.getenv());
    }

    /** Opens and starts sampling; {@code env} supplies LD_LIBRARY_PATH and CUDA_VISIBLE_DEVICES. */
    public static GpuTelemetry open(GpuSettings settings, Consumer<String> log, Map<String, String> env) {
        return openManual(settings, log, env).start();
    }

    /** Opens without starting the sampler thread: the caller drives {@link #pollOnce}. */
    public static GpuTelemetry openManual(GpuSettings settings, Consumer<String> log, Map<String, String> env) {
        try {
            // Plain file checks first: no NVIDIA library, no JNA native code loaded at all.
            Optional<Path> library = NvmlLibraryLocator.find(settings.library(), env);
            if (library.isEmpty()) {
                log.accept(NvmlLibraryLocator.notFoundMessage(settings.library()));
                return DISABLED;
            }
            NvmlSession session = NvmlSession.open(library.get(), settings, env);
            GpuTelemetry telemetry;
            try {
                telemetry = new GpuTelemetry(session, settings, log);
            } catch (RuntimeException | Error e) {
                session.close();
                throw e;
            }
            log.accept(telemetry.describe(settings));
            return telemetry;
        } catch (GpuUnavailableException e) {
            log.accept(e.getMessage());
        } catch (Throwable e) {
            log.accept("GPU telemetry off: " + e);
        }
        return DISABLED;
    }

    public static GpuTelemetry disabled() {
        return DISABLED;
    }

    private String describe(GpuSettings settings) {
        String method = calculator.energyMethod();
        return "GPU telemetry on: " + names.size() + " GPU(s) " + names + ", driver " + session.driverVersion
                + ", energy from " + (method == null ? "nothing (not reported)" : method.replace('_', ' '))
                + ", sampling every " + settings.intervalMs() + " ms";
    }

    public boolean enabled() {
        return session != null;
    }

    public List<String> deviceNames() {
        return names;
    }

    public List<String> deviceUuids() {
        return uuids;
    }

    public String driverVersion() {
        return session == null ? null : session.driverVersion;
    }

    /** Starts the sampler thread (idempotent); afterwards only that thread may poll. */
    public GpuTelemetry start() {
        if (session != null && !closed) {
            sampler.start();
        }
        return this;
    }

    public boolean samplerRunning() {
        return sampler != null && sampler.isRunning();
    }

    /** Samples published so far. */
    public long samples() {
        return sampler == null ? 0 : sampler.ring().published();
    }

    /**
     * Reads every device once, stamping the sample {@code nowNanos} ({@link System#nanoTime} clock).
     * Only while the sampler thread is not running; from one thread at a time.
     */
    public synchronized void pollOnce(long nowNanos) {
        if (session != null && !closed) {
            sampler.pollOnce(nowNanos);
        }
    }

    /** Registers a request active from {@code startNanos} (waking a parked sampler); pass the token to {@link #end}. */
    public long begin(long startNanos) {
        if (session == null || closed) {
            return NO_TOKEN;
        }
        long token = activity.begin(startNanos);
        sampler.wake(); // after registering: see GpuSampler.parkUntilWoken
        return token;
    }

    /** Whether the sampler thread is asleep for lack of requests. */
    public boolean samplerParked() {
        return sampler != null && sampler.isParked();
    }

    /** How many times the sampler thread has parked for lack of requests. */
    public long samplerParks() {
        return sampler == null ? 0 : sampler.parks();
    }

    /**
     * Unregisters the request and reports the GPUs over [startNanos, endNanos].
     *
     * @param firstTokenNanos when the first token was produced, splitting prefill from decode; -1 if none
     */
    public GpuUsage end(long token, long startNanos, long firstTokenNanos, long endNanos) {
        if (session == null || closed) {
            return GpuUsage.NONE;
        }
        GpuUsage usage = calculator.compute(token, startNanos, firstTokenNanos, endNanos);
        activity.end(token, startNanos, endNanos);
        return usage;
    }

    /** Stops the sampler thread, waits for it, then shuts NVML down. */
    @Override
    public synchronized void close() {
        if (session == null || closed) {
            return;
        }
        closed = true;
        sampler.close();
        session.close();
    }
}
