package dev.infertel.agent.instrument;

import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.Site;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;


/**
 * Weaves the site advice into the configured methods: classes loading from now on and classes
 * already loaded (retransformation). Matching is by name first; a configured interface or superclass
 * matches its concrete implementations. The JDK and the agent itself are never touched.
 *
 * <p>A plain {@link ClassFileTransformer} rather than Byte Buddy's {@code AgentBuilder}: the builder
 * generates and loads classes of its own when it starts (about 0.4 s before the application's first
 * line on a small VM), while matching here reads only class-file headers, and weaving uses ASM alone
 * ({@link BridgeWeaver}).
 */
public final class Instrumenter implements ClassFileTransformer {

    private static final String[] IGNORED_PREFIXES = {
        "java/", "jdk/", "sun/", "com/sun/", "net/bytebuddy/",
        "dev/infertel/agent/", "dev/infertel/bootstrap/", "dev/infertel/launcher/", "dev/infertel/nvml/"};
    private static final String TAP_MARKER = "$$TelemetryTap$";

    private final SiteMatcher matcher;
    private final Weaver weaver;
    private final AgentLog log;
    private final TapPreparer taps;
    /** Internal names of the sites' {@code iterable_class}es: woven at iterator() and close(). */
    private final java.util.Set<String> iterables = new java.util.HashSet<>();
    private final ClassLoader agentLoader = Instrumenter.class.getClassLoader();
    /** Set while this thread transforms: classes our own work loads are not examined again. */
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

    private Instrumenter(Instrumentation inst, List<Site> sites, AgentLog log) {
        this.matcher = new SiteMatcher(sites);
        this.weaver = new Weaver(log);
        this.log = log;
        this.taps = new TapPreparer(inst, log);
        for (Site site : sites) {
            StreamConfig stream = site.config().stream();
            if (stream != null && stream.viaIterable()) {
                iterables.add(stream.iterableClass().replace('.', '/'));
            }
        }
    }

    /** Registers the transformer and retransforms the matching classes that are already loaded. */
    public static Instrumenter install(Instrumentation inst, List<Site> sites, AgentLog log) {
        Instrumenter instrumenter = new Instrumenter(inst, sites, log);
        if (sites.isEmpty()) {
            return instrumenter;
        }
        inst.addTransformer(instrumenter, true);
        instrumenter.retransformLoaded(inst);
        return instrumenter;
    }

    /** Loads and exercises the weaving machinery off the application's threads, so the first match is quick. */
    public void warmUp() {
        weaver.warmUp();
    }

    /** Stops weaving new classes (woven ones stay woven; the bridge makes them inert). */
    public void uninstall(Instrumentation inst) {
        inst.removeTransformer(this);
        taps.close();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (className == null || skipLoader(loader) || ignored(className) || busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        try {
            ClassHeader header = ClassHeader.parse(bytes);
            if (header == null) {
                return null;
            }
            // an interface is woven only for a site naming it, and only its default methods (the method
            // matcher skips abstract ones); its implementations are matched on their own
            List<Site> sites = header.isInterface() ? matcher.exact(header.name()) : matcher.match(loader, header);
            boolean iterable = iterables.contains(header.name());
            if (sites.isEmpty() && !iterable) {
                return null;
            }
            long t0 = System.nanoTime();
            String name = className.replace('/', '.');
            byte[] woven = weaver.weave(loader, name, bytes, sites, iterable);
            if (woven == null) {
                return null;
            }
            taps.prepareWhenDefined(loader, name, sites);
            log.debug("instrumented " + name + (redefined != null ? " (retransformed)" : "") + " in "
                    + (System.nanoTime() - t0) / 1000 + " us");
            return woven;
        } catch (Throwable t) {
            log.once("transform-" + className, "could not instrument " + className.replace('/', '.') + ": " + t);
            return null;
        } finally {
            busy.remove();
        }
    }

    private void retransformLoaded(Instrumentation inst) {
        for (Class<?> type : inst.getAllLoadedClasses()) {
            try {
                if (type.isArray() || type.isPrimitive() || skipLoader(type.getClassLoader())
                        || ignored(type.getName().replace('.', '/')) || !inst.isModifiableClass(type)
                        || ((type.isInterface() ? matcher.exact(type.getName().replace('.', '/'))
                                : matcher.match(type)).isEmpty() && !iterables.contains(type.getName().replace('.', '/')))) {
                    continue;
                }
                inst.retransformClasses(type);
            } catch (Throwable t) {
                log.once("retransform-" + type.getName(), "could not instrument loaded class " + type.getName() + ": " + t);
            }
        }
    }

    private boolean skipLoader(ClassLoader loader) {
        return loader == null || loader == agentLoader || loader.getParent() == agentLoader
                || loader == ClassLoader.getPlatformClassLoader();
    }

    static boolean ignored(String internalName) {
        for (String prefix : IGNORED_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return internalName.contains(TAP_MARKER);
    }
}
