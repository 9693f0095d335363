package dev.infertel.agent.runtime;

import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.config.ValuePath;
import dev.infertel.agent.instrument.TapFactory;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.bootstrap.CallTimeline;
import dev.infertel.bootstrap.Recorder;
import dev.infertel.bootstrap.TimedIterator;
import dev.infertel.bootstrap.TimedSpliterator;
import java.lang.invoke.MethodHandle;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The agent's side of the bridge: starts timelines, reads the configured values, wraps streamed
 * results and callbacks, and turns ended calls into records for the queue.
 *
 * <p>By default ({@code nested: outermost}) only the outermost instrumented call is recorded while it runs
 * on a thread, so a client built on another instrumented client (or an override calling {@code super})
 * gives one record; a returned publisher counts as running on the subscribing thread while its source
 * is being subscribed to. {@code nested: all} records every call.
 */
public final class AgentRecorder implements Recorder, RecorderThread.CallWriter {

    private final Site[] sites;
    private final ValueReader reader = new ValueReader();
    private final CurrentSpan spans = new CurrentSpan();
    private final RecordFactory factory;
    private final Consumer<TelemetryRecord> out;
    private final GpuPairing gpu;
    private final AgentLog log;
    private final ThreadLocal<CallTimeline> active = new ThreadLocal<>();
    private final boolean outermostOnly;
    /** privacy.anonymize: tenant ids are replaced (hashed) before the record exists; null = kept. */
    private final java.util.function.UnaryOperator<String> tenants;
    /**
     * Taps for callbacks handed to a method of a returned object ({@code via}): per site, per callback
     * type (a class value, so one look-up per call and never a type of another loader).
     */
    private final List<ClassValue<java.util.Optional<MethodHandle>>> viaTaps;
    private final TapFactory viaTapFactory = new TapFactory();
    /** Open calls streaming through a returned handle of an {@code iterable_class}. */
    private final IterableHandles handles = new IterableHandles();
    /** The hand-off to the recorder thread; null: records are built on the thread that ends the call. */
    private final CallRing ring;
    /** Recorder thread only: whether the GPU was seen ready. */
    private boolean gpuSeenReady;
    /** What the bridge and this recorder swallowed, counted. */
    private final SuppressedErrors errors;

    public AgentRecorder(List<Site> sites, RecordFactorySettings settings, Consumer<TelemetryRecord> out,
                         GpuPairing gpu, AgentLog log) {
        this(sites, settings, out, gpu, log, true, null);
    }

    public AgentRecorder(List<Site> sites, RecordFactorySettings settings, Consumer<TelemetryRecord> out,
                         GpuPairing gpu, AgentLog log, boolean outermostOnly,
                         java.util.function.UnaryOperator<String> tenants) {
        this(sites, settings, out, gpu, log, outermostOnly, tenants, null);
    }

    /** With {@code ring}: ended calls are handed to the recorder thread, which calls {@link #write}. */
    public AgentRecorder(List<Site> sites, RecordFactorySettings settings, Consumer<TelemetryRecord> out,
                         GpuPairing gpu, AgentLog log, boolean outermostOnly,
                         java.util.function.UnaryOperator<String> tenants, CallRing ring) {
        this.ring = ring;
        this.outermostOnly = outermostOnly;
        this.tenants = tenants;
        this.sites = sites.toArray(new Site[0]);
        this.errors = new SuppressedErrors(log);
        this.factory = new RecordFactory(settings.ids(), settings.clock(), settings.pid(), settings.host(),
                settings.costs(), settings.joins(), errors);
        this.out = out;
        this.gpu = gpu;
        this.log = log;
        List<ClassValue<java.util.Optional<MethodHandle>>> via = new java.util.ArrayList<>();
        for (Site site : this.sites) {
            via.add(new ClassValue<>() {
                @Override
                protected java.util.Optional<MethodHandle> computeValue(Class<?> type) {
                    try {
                        return java.util.Optional.of(viaTapFactory.create(type, type, site.config().stream(),
                                site.readsElements()));
                    } catch (Throwable e) {
                        log.once("via-tap-" + site.name(), "site " + site.name() + ": cannot tap " + type.getName()
                                + " (" + e + "); its calls are not recorded");
                        return java.util.Optional.empty();
                    }
                }
            });
        }
        this.viaTaps = List.copyOf(via);
    }

    /** Builds the sites of a config, with callback taps generated by {@code taps} on first use per class. */
    public static List<Site> sites(List<dev.infertel.agent.config.SiteConfig> configs, TapFactory taps, AgentLog log) {
        Site[] built = new Site[configs.size()];
        for (int i = 0; i < built.length; i++) {
            int id = i;
            dev.infertel.agent.config.SiteConfig config = configs.get(i);
            ClassValue<MethodHandle> tapCache = new ClassValue<>() {
                @Override
                protected MethodHandle computeValue(Class<?> origin) {
                    return createTap(built[id], origin, taps, log);
                }
            };
            built[i] = new Site(i, config, tapCache);
        }
        return List.of(built);
    }

    private static MethodHandle createTap(Site site, Class<?> origin, TapFactory taps, AgentLog log) {
        String typeName = site.callbackType(origin);
        try {
            if (typeName == null) {
                throw new IllegalStateException("no callback parameter was noted for " + origin.getName());
            }
            Class<?> type = Class.forName(typeName, false, origin.getClassLoader());
            long t0 = System.nanoTime();
            MethodHandle tap = taps.create(origin, type, site.config().stream(), site.readsElements());
            log.debug("callback tap for " + origin.getName() + " (site " + site.name() + ") generated in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms on thread " + Thread.currentThread().getName());
            return tap;
        } catch (Throwable e) {
            log.once("tap-" + site.name() + "-" + origin.getName(), "site " + site.name()
                    + ": cannot tap the callback of " + origin.getName() + " (" + e.getMessage()
                    + "); its calls are not recorded");
            return null;
        }
    }

    @Override
    public CallTimeline begin(int siteId, Object self, Object[] args) {
        if (siteId < 0 || siteId >= sites.length) {
            return null;
        }
        if (outermostOnly) {
            CallTimeline outer = active.get();
            if (outer != null) {
                if (!outer.isEnded()) {
                    return null;
                }
                active.remove();
            }
        }
        // the clock first: reading the entry values (reflection resolved on a site's first call, the jar's
        // version) is part of the call as the application sees it
        long start = System.nanoTime();
        Site site = sites[siteId];
        Object[] values = new Object[Site.SLOTS];
        values[Site.THREAD] = Thread.currentThread().getName();
        CurrentSpan.Api spanApi = spans.api(self);
        if (spanApi != CurrentSpan.NONE) {
            values[Site.SPAN] = CurrentSpan.capture(spanApi);
            values[Site.SPAN_API] = spanApi;
        }
        if (site.readsAtEntry) {
            for (int slot = 1; slot < Site.SLOTS; slot++) {
                ValuePath p = site.paths[slot];
                if (p != null && p.readableAtEntry()) {
                    values[slot] = reader.read(p, self, args, null);
                }
            }
        }
        if (site.versionFromJar) {
            Class<?> type = self != null ? self.getClass() : null;
            values[Site.ENGINE_VERSION] = type == null ? null : JarVersion.of(type);
        }
        CallTimeline t = new CallTimeline(siteId, start, values, site.readsElements, site.readsCompletion);
        t.resourceToken = gpu.begin(t.startNanos);
        if (ring != null) {
            ring.offer(CallRing.BEGIN, t);
        }
        if (outermostOnly) {
            active.set(t);
        }
        return t;
    }

    /** A subscription to a returned publisher: a call of its own, with the method call's entry values. */
    CallTimeline resubscribe(CallTimeline first) {
        Site site = sites[first.siteId];
        CallTimeline t = new CallTimeline(first.siteId, System.nanoTime(), first.values.clone(), site.readsElements,
                site.readsCompletion);
        t.resourceToken = gpu.begin(t.startNanos);
        if (ring != null) {
            ring.offer(CallRing.BEGIN, t);
        }
        return t;
    }

    /** A timeline that will never be recorded (a publisher's entry): give back what it holds. */
    private void release(CallTimeline t) {
        if (t.resourceToken != 0) {
            gpu.end(t.resourceToken, t.startNanos, -1, System.nanoTime());
            t.resourceToken = 0;
        }
        if (ring != null) {
            ring.offer(CallRing.DISCARD, t);
        }
    }

    void markActive(CallTimeline t) {
        if (outermostOnly && active.get() == null) {
            active.set(t);
        }
    }

    void clearActive(CallTimeline t) {
        if (active.get() == t) {
            active.remove();
        }
    }

    @Override
    public boolean element(CallTimeline t, Object element) {
        Site site = sites[t.siteId];
        for (int slot = 1; slot < Site.SLOTS; slot++) {
            ValuePath p = site.paths[slot];
            if (p != null && p.root() == ValuePath.Root.CHUNK) {
                Object v = reader.follow(element, p);
                if (v != null) {
                    t.values[slot] = v;
                }
            }
        }
        StreamConfig stream = site.config().stream();
        if (stream.errorWhen() != null) {
            Object error = reader.follow(element, stream.errorWhen());
            if (truthy(error)) {
                t.failAfterElement(new StreamErrorEvent(error));
                return false;
            }
        }
        ValuePath when = stream.chunkWhen();
        return when == null || truthy(reader.follow(element, when));
    }

    private static boolean truthy(Object v) {
        if (v == null || Boolean.FALSE.equals(v)) {
            return false;
        }
        if (v instanceof CharSequence cs) {
            return cs.length() > 0;
        }
        if (v instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    @Override
    public void completion(CallTimeline t, Object[] args) {
        Site site = sites[t.siteId];
        boolean future = site.config().stream() != null && site.config().stream().returns() == StreamConfig.Returns.FUTURE;
        for (int slot = 1; slot < Site.SLOTS; slot++) {
            ValuePath p = site.paths[slot];
            if (p == null) {
                continue;
            }
            Object root;
            if (p.root() == ValuePath.Root.COMPLETE_ARG) {
                root = args != null && p.index() < args.length ? args[p.index()] : null;
            } else if (future && p.root() == ValuePath.Root.RESULT) {
                root = args != null && args.length > 0 ? args[0] : null;
            } else {
                continue;
            }
            Object v = reader.follow(root, p);
            if (v != null) {
                t.values[slot] = v;
            }
        }
    }

    @Override
    public void methodExit(CallTimeline t, Object result, Throwable thrown) {
        if (active.get() == t) {
            active.set(null);
        }
        Site site = sites[t.siteId];
        if (thrown != null) {
            t.finish(CallTimeline.ERROR, thrown);
            return;
        }
        if (site.readsResult) {
            for (int slot = 1; slot < Site.SLOTS; slot++) {
                ValuePath p = site.paths[slot];
                if (p != null && p.root() == ValuePath.Root.RESULT) {
                    t.values[slot] = reader.read(p, null, null, result);
                }
            }
        }
        // a callback stream without on_complete is a blocking call that feeds its callback: it ends on return
        if (site.kind() == Site.Kind.PLAIN || (site.kind() == Site.Kind.RETURNS && result == null)
                || (site.kind() == Site.Kind.CALLBACK && site.config().stream().onComplete().isEmpty())) {
            t.finish(CallTimeline.OK, null);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object wrapResult(CallTimeline t, Object result) {
        StreamConfig stream = sites[t.siteId].config().stream();
        if (stream.viaReturned()) {
            Object proxy = ViaProxy.create(result, t, stream, this);
            if (proxy != null) {
                return proxy;
            }
            log.once("via-" + t.siteId, "site " + sites[t.siteId].name() + ": the returned "
                    + result.getClass().getName() + " has no public interface to stand in for; timed as a plain call");
            t.finish(CallTimeline.OK, null);
            return result;
        }
        return wrapElements(t, result);
    }

    /** Times the elements of {@code result} (what the site's {@code returns} says it is). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object wrapElements(CallTimeline t, Object result) {
        if (result == null) {
            t.finish(CallTimeline.OK, null);
            return null;
        }
        StreamConfig stream = sites[t.siteId].config().stream();
        StreamConfig.Returns returns = stream.returns();
        switch (returns) {
            case ITERATOR:
                if (result instanceof Iterator<?> it) {
                    return new TimedIterator(it, t);
                }
                break;
            case STREAM:
                if (result instanceof Stream<?> s) {
                    return TimedSpliterator.wrap((Stream) s, t);
                }
                break;
            case FUTURE:
                if (result instanceof CompletionStage<?> f) {
                    if (stream.viaIterable()) {
                        // the future's value is the handle the chunks flow through: the call goes on there
                        CompletableFuture<?> future = f instanceof CompletableFuture<?> cf ? cf : null;
                        if (future != null) {
                            handles.expect(future, t, stream.iterableClass());
                        }
                        f.whenComplete((value, error) -> {
                            if (error != null || !handles.attach(value, t, stream.iterableClass())) {
                                t.accept(value, error);
                            }
                            if (future != null) {
                                handles.settled(future);
                            }
                        });
                    } else {
                        f.whenComplete(t);
                    }
                    return result;
                }
                break;
            case ITERABLE:
                if (handles.attach(result, t, stream.iterableClass())) {
                    return result;
                }
                break;
            case PUBLISHER:
                try {
                    Object wrapped = PublisherTiming.wrap(result, new SubscriptionTimelines(t, this));
                    if (wrapped != null) {
                        release(t);
                        return wrapped;
                    }
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    log.once("publisher-" + t.siteId, "site " + sites[t.siteId].name() + ": cannot time the returned "
                            + result.getClass().getName() + " (" + e + ")");
                }
                break;
            default:
                break;
        }
        log.once("returns-" + t.siteId, "site " + sites[t.siteId].name() + ": expected a returned "
                + returns.name().toLowerCase() + ", got " + result.getClass().getName() + "; timed as a plain call");
        t.finish(CallTimeline.OK, null);
        return result;
    }

    @Override
    public void suppressed(String where, Throwable t) {
        errors.add("bridge." + where, t);
    }

    /** What the agent swallowed, by kind. */
    public SuppressedErrors errors() {
        return errors;
    }

    @Override
    public Object[] tapCallback(CallTimeline t, Class<?> origin, Object[] args) {
        Site site = sites[t.siteId];
        int index = site.config().stream().callbackArg();
        if (index >= args.length || args[index] == null) {
            return args;
        }
        MethodHandle tap = site.tapFor(origin);
        if (tap == null) {
            return args;
        }
        try {
            args[index] = (Object) tap.invokeExact(args[index], t);
        } catch (Throwable e) {
            errors.add("tap-callback", e);
        }
        return args;
    }

    /** The callback handed to the {@code via} method of a returned object, swapped for a tap. */
    Object tapReturnedCallback(CallTimeline t, java.lang.reflect.Method method, Object callback) {
        Site site = sites[t.siteId];
        if (callback == null) {
            return null;
        }
        Class<?> type = method.getParameterTypes()[site.config().stream().callbackArg()];
        java.util.Optional<MethodHandle> tap = viaTaps.get(site.id()).get(type);
        if (tap.isEmpty()) {
            return callback;
        }
        try {
            return (Object) tap.get().invokeExact(callback, t);
        } catch (Throwable e) {
            errors.add("tap-returned-callback", e);
            return callback;
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object iterableIterator(Object handle, Object iterator) {
        CallTimeline t = handles.get(handle);
        if (t == null || t.isEnded() || !(iterator instanceof Iterator<?> it)) {
            return iterator;
        }
        return new TimedIterator(it, t);
    }

    @Override
    public void iterableClosed(Object handle) {
        CallTimeline t = handles.remove(handle);
        if (t != null) {
            t.cancelIfOpen();
        }
    }

    /** The call ended: to the recorder thread when there is one (the caller goes on at once), else here. */
    @Override
    public void record(CallTimeline t) {
        if (ring != null) {
            ring.offerAndWake(CallRing.END, t);
        } else {
            write(t, t.exit());
        }
    }

    @Override
    public boolean gpuJustReady() {
        if (gpuSeenReady || !gpu.ready()) {
            return false;
        }
        gpuSeenReady = true;
        return true;
    }

    /** A call that began before the GPU was ready is paired from now on (its record says the window is truncated). */
    @Override
    public void pairLate(CallTimeline t) {
        if (t.resourceToken == 0 && !t.isEnded()) {
            t.resourceToken = gpu.begin(t.startNanos);
        }
    }

    /** Builds the record of an ended call and hands it on (on the recorder thread when there is one). */
    @Override
    public void write(CallTimeline t, int timelineExit) {
        try {
            Site site = sites[t.siteId];
            GpuFields gpuFields = null;
            if (t.resourceToken == 0 && gpu.ready()) {
                // began before NVML was open: the GPU's identity and the energy of the sampled part
                t.resourceToken = gpu.begin(t.startNanos);
            }
            if (t.resourceToken != 0) {
                long first = t.chunkCount() > 0 ? t.chunkNanos(0) : -1;
                gpuFields = gpu.end(t.resourceToken, t.startNanos, first, t.endNanos());
            }
            Object tenant = t.values[Site.TENANT];
            if (tenants != null && tenant != null) {
                String text = factory.text(tenant);
                t.values[Site.TENANT] = text == null ? null : tenants.apply(text);
            }
            dev.infertel.agent.record.Exit exit = dev.infertel.agent.record.Exit.of(timelineExit);
            if (exit == dev.infertel.agent.record.Exit.ERROR && site.rejects(t.error())) {
                exit = dev.infertel.agent.record.Exit.REJECT;
            }
            out.accept(factory.create(site, t, gpuFields, exit));
        } catch (Throwable e) {
            errors.add("record", e);
        }
    }
}
