package dev.infertel.agent.runtime;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.config.ValuePath;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A configured site at run time: its index (woven into the advice as a constant), what it reads,
 * and the callback taps generated for it, one per instrumented class.
 */
public final class Site {

    public enum Kind { PLAIN, CALLBACK, RETURNS }

    /** Slots of {@code CallTimeline.values}. */
    static final int THREAD = 0;
    static final int MODEL = 1;
    static final int TOKENS_IN = 2;
    static final int TOKENS_OUT = 3;
    static final int FINISH_REASON = 4;
    static final int TENANT = 5;
    /** The library's version when read from the instrumented class's jar ({@code engine_version: jar}). */
    static final int ENGINE_VERSION = 6;
    /** The application's current OpenTelemetry span context at entry, and the API to read it ({@link CurrentSpan}). */
    static final int SPAN = 7;
    static final int SPAN_API = 8;
    static final int SLOTS = 9;

    private final int id;
    private final SiteConfig config;
    private final Kind kind;
    private final SiteInfo info;
    /** Value path per slot (null = not configured). */
    final ValuePath[] paths = new ValuePath[SLOTS];
    final boolean readsAtEntry;
    final boolean readsResult;
    /** Reads the streamed elements: a {@code chunk} path, or a chunk filter. */
    final boolean readsElements;
    /** Reads the completion: {@code complete_argN} paths, or {@code result} paths of a returned future. */
    final boolean readsCompletion;
    final boolean versionFromJar;
    private final java.util.Set<String> rejectOn;
    /** Callback parameter type per instrumented class, noted when the class is transformed. */
    private final ClassValue<MethodHandle> taps;
    private final ConcurrentMap<String, String> callbackTypes = new ConcurrentHashMap<>();
    /** Set once any class is woven for this site; a site never woven is named at shutdown. */
    private volatile boolean woven;

    Site(int id, SiteConfig config, ClassValue<MethodHandle> tapsOrNull) {
        this.id = id;
        this.config = config;
        StreamConfig s = config.stream();
        this.info = new SiteInfo(config.engine(),
                SiteConfig.VERSION_FROM_JAR.equals(config.engineVersion()) ? null : config.engineVersion());
        // a callback handed to a method of the returned object is tapped there: the method itself returns
        this.kind = s == null ? Kind.PLAIN : s.viaCallback() && !s.viaReturned() ? Kind.CALLBACK : Kind.RETURNS;
        paths[MODEL] = config.model();
        paths[TOKENS_IN] = config.tokensIn();
        paths[TOKENS_OUT] = config.tokensOut();
        paths[FINISH_REASON] = config.finishReason();
        paths[TENANT] = config.tenant();
        boolean entry = false;
        boolean result = false;
        for (ValuePath p : paths) {
            if (p != null) {
                entry |= p.readableAtEntry();
                result |= p.root() == ValuePath.Root.RESULT;
            }
        }
        boolean future = s != null && s.returns() == StreamConfig.Returns.FUTURE;
        boolean elements = s != null && (s.chunkWhen() != null || s.errorWhen() != null);
        boolean completion = false;
        for (ValuePath p : paths) {
            if (p != null) {
                elements |= p.root() == ValuePath.Root.CHUNK;
                completion |= p.root() == ValuePath.Root.COMPLETE_ARG || (future && p.root() == ValuePath.Root.RESULT);
            }
        }
        this.readsAtEntry = entry;
        // a returned future's result paths read its value when it completes, not the future itself
        this.readsResult = result && !future;
        this.readsElements = elements;
        this.readsCompletion = completion;
        this.versionFromJar = SiteConfig.VERSION_FROM_JAR.equals(config.engineVersion());
        this.rejectOn = java.util.Set.copyOf(config.rejectOn() == null ? java.util.List.of() : config.rejectOn());
        this.taps = tapsOrNull;
    }

    /** A site outside the recorder (id -1), for weaving throwaway copies of classes. */
    public static Site detached(SiteConfig config) {
        return new Site(-1, config, null);
    }

    public int id() {
        return id;
    }

    public SiteConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    SiteInfo info() {
        return info;
    }

    public Kind kind() {
        return kind;
    }

    public boolean streamed() {
        return kind != Kind.PLAIN;
    }

    /** Noted at transformation: a class of this site was woven. */
    public void noteWoven() {
        woven = true;
    }

    public boolean woven() {
        return woven;
    }

    /** Noted at transformation: the declared type of the callback parameter in {@code className}. */
    public void noteCallbackType(String className, String callbackType) {
        callbackTypes.put(className, callbackType);
    }

    String callbackType(Class<?> origin) {
        return callbackTypes.get(origin.getName());
    }

    /** Generates the callback tap for {@code origin} now, so the first call on it does not pay for it. */
    public void prepareTap(Class<?> origin) {
        if (taps != null && kind == Kind.CALLBACK) {
            taps.get(origin);
        }
    }

    /** Whether the site reads streamed elements (the taps then pass each chunk's argument on). */
    public boolean readsElements() {
        return readsElements;
    }

    MethodHandle tapFor(Class<?> origin) {
        return taps.get(origin);
    }

    /**
     * Whether {@code error} (its class, a superclass, or a cause's) is one the site counts as a refusal. An
     * entry {@code Type@getter=value} also needs the error's {@code getter()} to give {@code value} (a library
     * with one exception type for every HTTP status: {@code ApiException@code=429}).
     */
    boolean rejects(Throwable error) {
        if (rejectOn.isEmpty()) {
            return false;
        }
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            for (Class<?> c = e.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
                if (rejectOn.contains(c.getName())) {
                    return true;
                }
                for (String entry : rejectOn) {
                    if (entry.startsWith(c.getName()) && entry.length() > c.getName().length()
                            && entry.charAt(c.getName().length()) == '@' && statusMatches(e, entry.substring(c.getName().length() + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean statusMatches(Throwable e, String status) {
        int eq = status.indexOf('=');
        Object v = STATUS_READER.follow(e, ValuePath.parse("result." + status.substring(0, eq)));
        return v != null && String.valueOf(v).equals(status.substring(eq + 1));
    }

    private static final ValueReader STATUS_READER = new ValueReader();
}
