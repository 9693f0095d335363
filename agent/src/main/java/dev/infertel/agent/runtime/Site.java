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
    static final int SLOTS = 6;

    private final int id;
    private final SiteConfig config;
    private final Kind kind;
    private final SiteInfo info;
    /** Value path per slot (null = not configured). */
    final ValuePath[] paths = new ValuePath[SLOTS];
    final boolean readsAtEntry;
    final boolean readsResult;
    /** Callback parameter type per instrumented class, noted when the class is transformed. */
    private final ClassValue<MethodHandle> taps;
    private final ConcurrentMap<String, String> callbackTypes = new ConcurrentHashMap<>();
    /** Set once any class is woven for this site; a site never woven is named at shutdown. */
    private volatile boolean woven;

    Site(int id, SiteConfig config, ClassValue<MethodHandle> tapsOrNull) {
        this.id = id;
        this.config = config;
        StreamConfig s = config.stream();
        this.info = new SiteInfo(config.engine(), config.engineVersion());
        this.kind = s == null ? Kind.PLAIN : s.viaCallback() ? Kind.CALLBACK : Kind.RETURNS;
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
        this.readsAtEntry = entry;
        this.readsResult = result;
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

    MethodHandle tapFor(Class<?> origin) {
        return taps.get(origin);
    }
}
