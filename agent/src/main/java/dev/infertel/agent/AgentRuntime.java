package dev.infertel.agent;

import dev.infertel.agent.config.AgentConfig;
import dev.infertel.agent.config.GpuConfig;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.instrument.Instrumenter;
import dev.infertel.agent.instrument.TapFactory;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.PendingSpill;
import dev.infertel.agent.queue.QueueWriter;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.runtime.AgentRecorder;
import dev.infertel.agent.runtime.GpuPairing;
import dev.infertel.agent.runtime.LateGpuPairing;
import dev.infertel.agent.runtime.RecordFactorySettings;
import dev.infertel.agent.runtime.Site;
import dev.infertel.agent.runtime.ValueReader;
import dev.infertel.agent.config.PrivacyConfig;
import dev.infertel.agent.privacy.TenantHasher;
import dev.infertel.agent.ship.Backoff;
import dev.infertel.agent.ship.Shipper;
import dev.infertel.agent.sink.Sinks;
import dev.infertel.bootstrap.Bridge;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Owns everything the agent runs in the application's JVM: the queue and its writer, the shipper
 * thread, the GPU sampler and the installed instrumentation. Closed once, by the shutdown hook,
 * in the reverse order of start.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final long OPEN_WAIT_MILLIS = 10_000;
    private static final long SHIP_ON_EXIT_MILLIS = 3_000;
    private static final long RECORDER_STOP_MILLIS = 2_000;

    private final AgentConfig config;
    private final QueueWriter writer;
    private final LateGpuPairing gpu;
    private final ClassLoader gpuLoader;
    private final AgentLog log;
    private final Instrumentation inst;
    private final Thread opener;
    private List<Site> sites = List.of();
    private Instrumenter transformer;
    /** Set by the opener thread; read after joining it. */
    private SingleChronicleQueue queue;
    private volatile Shipper shipper;
    private dev.infertel.agent.metrics.LiveMetrics metrics;
    /** Builds and appends the records of ended calls, off the application's threads. */
    private dev.infertel.agent.runtime.RecorderThread recorderThread;
    private volatile AgentRecorder recorder;
    private final long startedMillis = System.currentTimeMillis();
    private String host = "";
    /** The last status written (recorder thread, then close): rewritten only when it changes. */
    private dev.infertel.agent.runtime.AgentStatus lastStatus;
    private volatile boolean shuttingDown;
    private static final int QUEUE_NOT_OPENED = 0;
    private static final int QUEUE_OPENING = 1;
    private static final int QUEUE_SETTLED = 2;
    private static final int QUEUE_CANCELLED = 3;
    /** Whether the background start has begun on the queue's files; close() cancels it before it does. */
    private final java.util.concurrent.atomic.AtomicInteger queueState =
            new java.util.concurrent.atomic.AtomicInteger(QUEUE_NOT_OPENED);
    /** Chronicle's shutdown hooks are in: the queue can still open while the JVM shuts down. */
    private volatile boolean chronicleCanStart;

    private AgentRuntime(AgentConfig config, QueueWriter writer, LateGpuPairing gpu, AgentLog log, Instrumentation inst,
                         ClassLoader gpuLoader) {
        this.inst = inst;
        this.gpuLoader = gpuLoader;
        this.config = config;
        this.writer = writer;
        this.gpu = gpu;
        this.log = log;
        this.opener = new Thread(new AgentThreads(log), this::openInBackground, "telemetry-start");
        opener.setDaemon(true);
    }

    /**
     * Instruments on the calling (premain) thread, so no call is missed; opens the queue and starts the
     * shipper on a background thread, so the application does not wait for Chronicle to start.
     */
    public static AgentRuntime start(AgentConfig config, Instrumentation inst, AgentLog log, ClassLoader gpuLoader) {
        QueueWriter writer = new QueueWriter(log);
        LateGpuPairing gpu = new LateGpuPairing();
        AgentRuntime runtime = new AgentRuntime(config, writer, gpu, log, inst, gpuLoader);
        runtime.opener.start(); // NVML first: the sooner it samples, the fewer calls have a truncated window
        if (!config.sinks().isEmpty()) {
            // before the application can end: once the JVM shuts down Chronicle cannot start, and a
            // short-lived application's records could not ship at exit (costs ~0.1 s of start-up)
            try {
                long h0 = System.nanoTime();
                RecordQueue.registerShutdownHooks();
                runtime.chronicleCanStart = true;
                log.debug("Chronicle's shutdown hooks registered in " + (System.nanoTime() - h0) / 1_000_000 + " ms");
            } catch (Throwable t) {
                log.warn("queue support did not start (" + t + "); records made before exit may wait for the next start");
            }
        }
        List<Site> sites = AgentRecorder.sites(config.sites(), new TapFactory(), log);
        runtime.sites = sites;
        PrivacyConfig privacy = config.privacy().withEnvironment(System.getenv(PrivacyConfig.ANON_ENV));
        TenantHasher tenants = privacy.anonymize()
                ? TenantHasher.create(privacy.salt(), config.queue().dir(), log) : null;
        runtime.metrics = dev.infertel.agent.metrics.LiveMetrics.start(config.metrics(), runtime.health(), log);
        dev.infertel.agent.runtime.CallRing ring = new dev.infertel.agent.runtime.CallRing(
                dev.infertel.agent.runtime.CallRing.DEFAULT_CAPACITY);
        RecordFactorySettings settings = RecordFactorySettings.current().withCosts(config.costs())
                .withJoins(processLabels(config, System::getenv, log));
        runtime.host = settings.host();
        AgentRecorder recorder = new AgentRecorder(sites, settings,
                runtime.recordSink(), gpu, log, config.nested() != AgentConfig.Nested.ALL, tenants, ring);
        runtime.recorder = recorder;
        runtime.recorderThread = new dev.infertel.agent.runtime.RecorderThread(ring, recorder,
                config.maxStreamDuration().toNanos(), log, recorder.errors(), () -> runtime.writeStatus(false));
        runtime.recorderThread.start();
        Bridge.install(recorder);
        long t0 = System.nanoTime();
        runtime.transformer = Instrumenter.install(inst, sites, log);
        log.debug("instrumentation installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        if (!sites.isEmpty()) {
            Thread warmUp = new Thread(() -> {
                runtime.transformer.warmUp();
                ValueReader.warmUp();
            }, "telemetry-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        if (!config.presets().isEmpty()) {
            log.info("presets " + config.presets() + " active");
        }
        log.info("recording " + sites.size() + " site(s) " + siteNames(sites) + " to queue "
                + config.queue().dir().toAbsolutePath()
                + (config.sinks().isEmpty() ? "" : ", shipping to " + sinkNames(config.sinks())));
        return runtime;
    }

    /** The labels every record carries: the config's metadata and the OpenTelemetry resource, read once. */
    static dev.infertel.agent.record.JoinFields processLabels(AgentConfig config,
                                                             java.util.function.UnaryOperator<String> env, AgentLog log) {
        dev.infertel.agent.config.ResourceAttributes resource =
                dev.infertel.agent.config.ResourceAttributes.fromEnvironment(env);
        if (resource.problem() != null) {
            log.warn(resource.problem());
        }
        return dev.infertel.agent.record.JoinFields.ofProcess(
                dev.infertel.agent.config.Metadata.resolve(config.metadata(), env, log::warn), resource.attributes());
    }

    /** Where each record goes: the queue, and the live metrics when they are on. */
    private java.util.function.Consumer<TelemetryRecord> recordSink() {
        dev.infertel.agent.metrics.LiveMetrics live = metrics;
        if (live == null) {
            return writer::append;
        }
        return r -> {
            writer.append(r);
            live.accept(r);
        };
    }

    private dev.infertel.agent.metrics.AgentHealth health() {
        long started = System.currentTimeMillis();
        return new dev.infertel.agent.metrics.AgentHealth(writer::appended, writer::lost, () -> {
            Shipper s = shipper;
            List<dev.infertel.agent.metrics.AgentHealth.Sink> sinks = new ArrayList<>();
            if (s != null) {
                s.states().forEach((name, st) -> sinks.add(new dev.infertel.agent.metrics.AgentHealth.Sink(name,
                        st.shipped(), st.retried(), st.failed(), st.dropped(), st.lastAckMillis(), started)));
            }
            return sinks;
        }, () -> {
            AgentRecorder r = recorder;
            return r == null ? 0 : r.errors().total();
        });
    }

    private static GpuPairing openGpu(AgentConfig config, AgentLog log, ClassLoader gpuLoader) {
        try {
            Class<?> pairing = Class.forName("dev.infertel.agent.gpu.NvmlGpuPairing", true, gpuLoader);
            return (GpuPairing) pairing.getMethod("open", GpuConfig.class, AgentLog.class).invoke(null, config.gpu(), log);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("GPU telemetry off: " + e);
            return GpuPairing.NONE;
        }
    }

    /**
     * The background start: NVML (records pair from then on), Chronicle's shutdown hooks (unless premain
     * did it), then the queue and the shipper.
     */
    private void openInBackground() {
        if (config.gpu().enabled()) {
            long g0 = System.nanoTime();
            gpu.set(openGpu(config, log, gpuLoader));
            long opened = System.nanoTime();
            log.debug("NVML opened in " + (opened - g0) / 1_000_000 + " ms");
            if (gpu.ready()) {
                // calls that began before this are paired from their start, with a truncated window
                log.info("GPU sampling from " + jvmUptimeMillisAt(opened) + " ms after the JVM started");
            }
        }
        if (!chronicleCanStart) { // premain registers them when there are sinks (class init runs once either way)
            try {
                RecordQueue.registerShutdownHooks();
                chronicleCanStart = true;
            } catch (Throwable t) {
                return; // the JVM is shutting down already: close() keeps what waited
            }
        }
        openQueue();
    }

    /** The JVM's uptime (background threads only, and after NVML is open: it loads the management classes). */
    private static long jvmUptimeMillisAt(long nanoTime) {
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        return uptime - (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private void openQueue() {
        if (!queueState.compareAndSet(QUEUE_NOT_OPENED, QUEUE_OPENING)) {
            return; // the JVM is exiting and close() kept what waited: no queue files are touched
        }
        try {
            long t0 = System.nanoTime();
            SingleChronicleQueue q = RecordQueue.open(config.queue().dir(), config.queue().rollCycle());
            log.debug("queue opened in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            RecordQueue.appendPending(q, config.queue().dir(), log);
            queue = q;
            writer.open(q);
            try {
                shipper = startShipper(q, config, log);
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("shipping is off (" + e.getMessage() + "); records stay in the queue at "
                        + config.queue().dir().toAbsolutePath());
            }
        } catch (Throwable t) {
            if (shuttingDown || RecordQueue.shuttingDown()) {
                return; // Chronicle cannot start once the JVM shuts down; close() keeps what waited
            }
            log.warn("cannot open the queue at " + config.queue().dir().toAbsolutePath() + " (" + t
                    + "); recording is off, the application runs on");
            writer.close();
        } finally {
            queueState.set(QUEUE_SETTLED);
        }
    }

    /**
     * Starts the sinks' threads (and the disk budget), or returns null when there is nothing to do. A
     * sink that cannot be built is left out with one line; the others ship.
     */
    public static Shipper startShipper(SingleChronicleQueue q, AgentConfig config, AgentLog log) throws java.io.IOException {
        List<Shipper.Target> targets = new ArrayList<>();
        for (SinkConfig s : config.sinks()) {
            try {
                targets.add(new Shipper.Target(Sinks.create(s, System::getenv), s.batching()));
            } catch (IllegalArgumentException e) {
                log.warn("sink " + s.name() + " is off: " + e.getMessage());
            }
        }
        if (targets.isEmpty() && !config.queue().bounded()) {
            return null;
        }
        Shipper shipper = new Shipper(q, targets, config.queue(), Backoff.DEFAULT, log, 1000);
        shipper.start();
        return shipper;
    }

    private static String siteNames(List<Site> sites) {
        List<String> names = new ArrayList<>();
        for (Site s : sites) {
            names.add(s.name());
        }
        return names.toString();
    }

    private static String sinkNames(List<SinkConfig> sinks) {
        List<String> names = new ArrayList<>();
        for (SinkConfig s : sinks) {
            names.add(s.name());
        }
        return names.toString();
    }

    @Override
    public void close() {
        shuttingDown = true;
        try {
            warnUnwovenSites();
            Bridge.uninstall();
            if (transformer != null) {
                transformer.uninstall(inst);
            }
            stopRecorder();
            // nothing to ship now, or it could not be: a short-lived application need not wait for Chronicle
            // to start, unless it is already creating or writing the queue's files (a JVM ending in the midst
            // of that can leave a queue that the next process cannot open)
            if ((config.sinks().isEmpty() || !chronicleCanStart)
                    && queueState.compareAndSet(QUEUE_NOT_OPENED, QUEUE_CANCELLED)) {
                List<TelemetryRecord> waiting = writer.takePendingUnlessOpen();
                if (waiting != null) {
                    spill(waiting);
                    gpu.close();
                    return;
                }
            }
            opener.join(OPEN_WAIT_MILLIS);
            List<TelemetryRecord> unopened = writer.takePendingUnlessOpen();
            if (unopened != null) {
                spill(unopened); // the open is late, or failed: keep what waited rather than lose it
            }
            if (shipper != null) {
                // what is left stays in the queue for the next start; a dead sink must not hold the exit
                shipper.stop(SHIP_ON_EXIT_MILLIS);
            }
            writer.close();
            gpu.close();
            if (metrics != null) {
                metrics.close();
            }
            writeStatus(true);
            if (queue != null) {
                queue.close();
            }
            if (writer.lost() > 0) {
                log.warn(writer.lost() + " record(s) could not be appended to the queue");
            }
        } catch (Throwable t) {
            log.warn("shutdown: " + t);
        }
    }

    /** Every call handed off before the bridge closed gets its record, and calls still open one as cancel. */
    private void stopRecorder() {
        if (recorderThread == null) {
            return;
        }
        recorderThread.stop(RECORDER_STOP_MILLIS);
        if (recorderThread.timeouts() > 0 || recorderThread.cancelledAtExit() > 0 || recorderThread.dropped() > 0) {
            log.info("calls recorded as timeout (open past stream.max_duration): " + recorderThread.timeouts()
                    + ", as cancel (open at exit): " + recorderThread.cancelledAtExit()
                    + ", hand-off events dropped (ring full): " + recorderThread.dropped());
        }
    }

    /**
     * Keeps {@code <queue>/agents/<pid>.properties} up to date for {@code status}: only once the queue's
     * directory is the agent's (opened), and only when a figure changed.
     */
    private synchronized void writeStatus(boolean ended) {
        if (queue == null || recorderThread == null) {
            return;
        }
        dev.infertel.agent.runtime.AgentStatus now = new dev.infertel.agent.runtime.AgentStatus(
                ProcessHandle.current().pid(), host,
                startedMillis, System.currentTimeMillis(), ended, recorderThread.recorded(), recorderThread.timeouts(),
                recorderThread.cancelledAtExit(), recorderThread.dropped(), writer.lost(), recorder.errors().byKind());
        dev.infertel.agent.runtime.AgentStatus last = lastStatus;
        if (last != null && last.equals(new dev.infertel.agent.runtime.AgentStatus(now.pid(), now.host(),
                now.startedMillis(), last.updatedMillis(), now.ended(), now.recorded(), now.timeouts(),
                now.cancelledAtExit(), now.handoffDropped(), now.lostBeforeQueue(), now.suppressed()))) {
            return;
        }
        try {
            if (last == null) {
                dev.infertel.agent.runtime.AgentStatus.removeStale(config.queue().dir(), now.updatedMillis());
            }
            now.write(config.queue().dir());
            lastStatus = now;
        } catch (java.io.IOException | RuntimeException e) {
            log.once("agent-status", "cannot write the agent's status under " + config.queue().dir().toAbsolutePath()
                    + " (" + e + "); `status` will not show this agent");
        }
    }

    private void spill(List<TelemetryRecord> waiting) {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Path file = PendingSpill.write(config.queue().dir(), waiting);
            log.info("the queue was still opening at exit: " + waiting.size() + " record(s) kept in " + file
                    + "; the next process that opens the queue appends them");
        } catch (Throwable t) {
            log.warn(waiting.size() + " record(s) could not be kept at exit (" + t + ")");
        }
    }

    /** A site whose class never loaded is most often a typo in the config: say so once, at the end. */
    private void warnUnwovenSites() {
        // a preset covers calls the application may never make (or a library it does not have): not a typo
        java.util.Set<dev.infertel.agent.config.SiteConfig> fromPresets = new java.util.HashSet<>();
        for (String preset : config.presets()) {
            try {
                fromPresets.addAll(dev.infertel.agent.config.Presets.load(preset).sites());
            } catch (dev.infertel.agent.config.ConfigException e) {
                // it loaded at start; nothing to add here
            }
        }
        List<String> unwoven = new ArrayList<>();
        for (Site s : sites) {
            if (!s.woven() && !fromPresets.contains(s.config())) {
                unwoven.add(s.name() + " (" + s.config().className() + "#" + s.config().method() + ")");
            }
        }
        if (!unwoven.isEmpty()) {
            log.warn("no class matched site(s) " + String.join(", ", unwoven)
                    + " while the application ran; check the class and method names");
        }
    }

    Instrumenter transformer() {
        return transformer;
    }
}
