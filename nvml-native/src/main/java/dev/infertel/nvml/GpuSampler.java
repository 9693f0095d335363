package dev.infertel.nvml;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Polls every selected device into the {@link SampleRing}: from its own daemon thread once
 * {@link #start()}ed, or by whoever calls {@link #pollOnce(long)} (tests, benchmarks) while not.
 *
 * <p>Samples only matter inside request windows, and on a small VM every timer wake-up costs tens of
 * microseconds of CPU whatever the thread does. So once no request has been in flight for
 * {@code idleParkNanos} the thread parks, and {@link #wake()} (called when a request begins) resumes it
 * with an immediate sample. Between the last sample before parking and that one the energy curve is
 * linear, i.e. the idle spell's energy is spread evenly over it.
 */
final class GpuSampler implements AutoCloseable {
    static final String THREAD_NAME = "telemetry-gpu-sampler";
    /** Polls in a row in which every read of a device failed before we call it lost. */
    static final int PERSISTENT_FAILURE_POLLS = 50;
    static final long NOT_LOST = Long.MAX_VALUE;

    enum EnergySource { COUNTER, POWER_INTEGRAL, NONE }

    private static final int NOT_SUPPORTED = NvmlReturn.NOT_SUPPORTED.code();
    private static final int GPU_IS_LOST = NvmlReturn.GPU_IS_LOST.code();

    private final NvmlDevice[] devices;
    private final SampleRing ring;
    private final Consumer<String> log;
    private final long intervalNanos;
    final EnergySource[] energySource;
    private final double[] cumulativeMj;
    private final int[] previousPowerMw;
    private final long[] previousPollNanos;
    private final int[] failureStreak;
    private final AtomicLongArray lostAtNanos;

    // Per-device scratch of pollOnce; only the writer touches them.
    private int attempts;
    private int failures;
    private int lastFailure;

    private final BooleanSupplier idle;
    private final long idleParkNanos;

    private volatile Thread thread;
    private volatile boolean running;
    /** Set by the sampler thread before it parks for lack of requests; cleared by whoever wakes it. */
    private volatile boolean parked;
    private volatile long parks;

    /**
     * @param idle          whether no request is in flight; checked after each poll
     * @param idleParkNanos quiet time before the thread parks; negative: never
     */
    GpuSampler(NvmlDevice[] devices, SampleRing ring, long intervalNanos, Consumer<String> log,
               BooleanSupplier idle, long idleParkNanos) {
        this.devices = devices;
        this.ring = ring;
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.idle = idle;
        this.idleParkNanos = idleParkNanos;
        this.energySource = new EnergySource[devices.length];
        this.cumulativeMj = new double[devices.length];
        this.previousPowerMw = new int[devices.length];
        this.previousPollNanos = new long[devices.length];
        this.failureStreak = new int[devices.length];
        this.lostAtNanos = new AtomicLongArray(devices.length);
        for (int d = 0; d < devices.length; d++) {
            energySource[d] = probeEnergySource(devices[d]);
            previousPowerMw[d] = SampleRing.ABSENT;
            lostAtNanos.set(d, NOT_LOST);
        }
    }

    /** The driver's counter is exact and cheap to read; power polling is the fallback. */
    private static EnergySource probeEnergySource(NvmlDevice device) {
        if (device.energySupported) {
            if (device.readEnergy() == NvmlReturn.SUCCESS.code()) {
                return EnergySource.COUNTER;
            }
            device.energySupported = false;
        }
        if (device.powerSupported) {
            int rc = device.readPower();
            if (rc == NOT_SUPPORTED) {
                device.powerSupported = false;
                return EnergySource.NONE;
            }
            return EnergySource.POWER_INTEGRAL;
        }
        return EnergySource.NONE;
    }

    int deviceCount() {
        return devices.length;
    }

    long lostAtNanos(int device) {
        return lostAtNanos.get(device);
    }

    SampleRing ring() {
        return ring;
    }

    /** Reads every device once and publishes one sample stamped {@code nowNanos}. Single writer. */
    void pollOnce(long nowNanos) {
        Thread owner = thread;
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("the sampler thread is running; pollOnce is for manual sampling only");
        }
        int slot = ring.beginWrite(nowNanos);
        for (int d = 0; d < devices.length; d++) {
            if (lostAtNanos.get(d) != NOT_LOST) {
                writeLost(d, slot);
            } else {
                pollDevice(d, slot, nowNanos);
            }
        }
        ring.publish();
    }

    private void pollDevice(int d, int slot, long nowNanos) {
        NvmlDevice device = devices[d];
        attempts = 0;
        failures = 0;

        int power = SampleRing.ABSENT;
        if (device.powerSupported) {
            int rc = device.readPower();
            if (succeeded(rc)) {
                power = (int) Math.min(Integer.MAX_VALUE, device.powerMw());
            } else if (rc == NOT_SUPPORTED) {
                device.powerSupported = false;
            }
        }
        ring.powerMw[d][slot] = power;

        ring.energyMj[d][slot] = nextEnergy(d, device, power, nowNanos);

        long memory = SampleRing.ABSENT;
        if (device.memorySupported) {
            int rc = device.readMemory();
            if (succeeded(rc)) {
                memory = device.memoryUsedBytes();
            } else if (rc == NOT_SUPPORTED) {
                device.memorySupported = false;
            }
        }
        ring.memoryUsedBytes[d][slot] = memory;

        int utilization = SampleRing.ABSENT;
        if (device.utilizationSupported) {
            int rc = device.readUtilization();
            if (succeeded(rc)) {
                utilization = device.utilizationGpuPct();
            } else if (rc == NOT_SUPPORTED) {
                device.utilizationSupported = false;
            }
        }
        ring.utilizationPct[d][slot] = utilization;

        int temperature = SampleRing.ABSENT;
        if (device.temperatureSupported) {
            int rc = device.readTemperature();
            if (succeeded(rc)) {
                temperature = device.temperatureC();
            } else if (rc == NOT_SUPPORTED) {
                device.temperatureSupported = false;
            }
        }
        ring.temperatureC[d][slot] = temperature;

        judgeHealth(d, nowNanos);
    }

    private double nextEnergy(int d, NvmlDevice device, int powerMw, long nowNanos) {
        switch (energySource[d]) {
            case COUNTER:
                if (device.energySupported) {
                    int rc = device.readEnergy();
                    // A failed read holds the last value: the energy shows up in the next interval instead.
                    if (succeeded(rc) && device.energyMj() >= cumulativeMj[d]) {
                        cumulativeMj[d] = device.energyMj();
                    } else if (rc == NOT_SUPPORTED) {
                        device.energySupported = false;
                    }
                }
                return cumulativeMj[d];
            case POWER_INTEGRAL:
                // Trapezoid between consecutive polls; mW * s = mJ.
                if (powerMw != SampleRing.ABSENT && previousPowerMw[d] != SampleRing.ABSENT) {
                    double seconds = (nowNanos - previousPollNanos[d]) / 1e9;
                    cumulativeMj[d] += 0.5 * (powerMw + previousPowerMw[d]) * seconds;
                }
                previousPowerMw[d] = powerMw;
                previousPollNanos[d] = nowNanos;
                return cumulativeMj[d];
            default:
                return Double.NaN;
        }
    }

    private boolean succeeded(int rc) {
        if (rc == NOT_SUPPORTED) {
            return false; // normal: the metric is just absent
        }
        attempts++;
        if (rc != 0) {
            failures++;
            lastFailure = rc;
        }
        return rc == 0;
    }

    private void judgeHealth(int d, long nowNanos) {
        if (failures > 0 && lastFailure == GPU_IS_LOST) {
            markLost(d, nowNanos, "NVML: GPU is lost");
        } else if (attempts > 0 && failures == attempts) {
            if (++failureStreak[d] >= PERSISTENT_FAILURE_POLLS) {
                markLost(d, nowNanos, "every read failed " + PERSISTENT_FAILURE_POLLS + " times in a row, last: "
                        + NvmlReturn.of(lastFailure));
            }
        } else {
            failureStreak[d] = 0;
        }
    }

    private void markLost(int d, long nowNanos, String reason) {
        lostAtNanos.set(d, nowNanos);
        log.accept("GPU telemetry: " + devices[d].describe() + " lost (" + reason + "); no longer sampled");
    }

    /** A lost device adds no energy after it was lost: its cumulative value stays put. */
    private void writeLost(int d, int slot) {
        ring.powerMw[d][slot] = SampleRing.ABSENT;
        ring.energyMj[d][slot] = energySource[d] == EnergySource.NONE ? Double.NaN : cumulativeMj[d];
        ring.memoryUsedBytes[d][slot] = SampleRing.ABSENT;
        ring.utilizationPct[d][slot] = SampleRing.ABSENT;
        ring.temperatureC[d][slot] = SampleRing.ABSENT;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, THREAD_NAME);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        long next = System.nanoTime();
        long quietSince = -1;
        while (running) {
            long now = System.nanoTime();
            try {
                pollOnce(now);
            } catch (Throwable t) {
                log.accept("GPU telemetry: sampler stopped by an internal error: " + t);
                return;
            }
            if (idleParkNanos < 0 || !idle.getAsBoolean()) {
                quietSince = -1;
            } else if (quietSince < 0) {
                quietSince = now;
            } else if (now - quietSince >= idleParkNanos) {
                parkUntilWoken();
                quietSince = -1;
                next = System.nanoTime(); // sample at once: a request has just begun
                continue;
            }
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            } else {
                next = System.nanoTime(); // fell behind: do not try to catch up with a burst
            }
        }
    }

    /**
     * Parks until {@link #wake()} or {@link #close()}. The flag is published before the re-check of
     * {@code idle}, and a request registers before it reads the flag, so one of the two always sees
     * the other: no request can begin unseen while the thread sleeps.
     */
    private void parkUntilWoken() {
        parked = true;
        parks++;
        while (parked && running && idle.getAsBoolean()) {
            LockSupport.park(this);
        }
        parked = false;
    }

    /** Called when a request begins: resumes a parked sampler. Costs one volatile read otherwise. */
    void wake() {
        if (parked) {
            parked = false;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    boolean isParked() {
        return parked;
    }

    /** How many times the thread has parked for lack of requests. */
    long parks() {
        return parks;
    }

    /** Stops and joins the thread; the caller shuts NVML down afterwards. */
    @Override
    public synchronized void close() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
