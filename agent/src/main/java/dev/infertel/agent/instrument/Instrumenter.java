package dev.infertel.agent.instrument;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.Site;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * Weaves the site advice into the configured methods: classes loading from now on and classes
 * already loaded (retransformation). Matching is by name first; a configured interface or superclass
 * matches its concrete implementations. The JDK and the agent itself are never touched.
 *
 * <p>A plain {@link ClassFileTransformer} rather than Byte Buddy's {@code AgentBuilder}: the builder
 * generates and loads classes of its own when it starts (about 0.4 s before the application's first
 * line on a small VM), while matching here reads only class-file headers and Byte Buddy is touched
 * when the first configured class loads.
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
    private final ClassLoader agentLoader = Instrumenter.class.getClassLoader();
    /** Set while this thread transforms: classes our own work loads are not examined again. */
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

    private Instrumenter(Instrumentation inst, List<Site> sites, AgentLog log) {
        this.matcher = new SiteMatcher(sites);
        this.weaver = new Weaver(log);
        this.log = log;
        this.taps = new TapPreparer(inst, log);
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
            if (header == null || header.isInterface()) {
                return null;
            }
            List<Site> sites = matcher.match(loader, header);
            if (sites.isEmpty()) {
                return null;
            }
            long t0 = System.nanoTime();
            String name = className.replace('/', '.');
            byte[] woven = weaver.weave(loader, name, bytes, sites);
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
                if (type.isInterface() || type.isArray() || type.isPrimitive() || skipLoader(type.getClassLoader())
                        || ignored(type.getName().replace('.', '/')) || !inst.isModifiableClass(type)
                        || matcher.match(type).isEmpty()) {
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

    static ElementMatcher.Junction<MethodDescription> methods(SiteConfig c) {
        ElementMatcher.Junction<MethodDescription> m = named(c.method()).and(not(isAbstract())).and(not(isBridge()));
        if (c.params() != null) {
            List<String> params = c.params();
            m = m.and(method -> {
                ParameterList<?> ps = method.getParameters();
                if (ps.size() != params.size()) {
                    return false;
                }
                for (int i = 0; i < ps.size(); i++) {
                    if (!ps.get(i).getType().asErasure().getName().equals(params.get(i))
                            && !ps.get(i).getType().asErasure().getActualName().equals(params.get(i))) {
                        return false;
                    }
                }
                return true;
            });
        }
        return m;
    }

    /** Which advice a site's methods get, and a check that each matching method fits the site's shape. */
    static final class SiteTransformer {
        private final Site site;
        private final AgentLog log;

        SiteTransformer(Site site, AgentLog log) {
            this.site = site;
            this.log = log;
        }

        Class<?> advice() {
            return switch (site.kind()) {
                case PLAIN -> PlainAdvice.class;
                case CALLBACK -> CallbackAdvice.class;
                case RETURNS -> ReturnsAdvice.class;
            };
        }

        ElementMatcher.Junction<MethodDescription> fitting(TypeDescription type) {
            log.debug("instrumenting " + type.getName() + "#" + site.config().method() + " for site " + site.name());
            site.noteWoven();
            return methods(site.config()).and(method -> fits(type, method));
        }

        private boolean fits(TypeDescription type, MethodDescription method) {
            StreamConfig stream = site.config().stream();
            if (stream == null) {
                return true;
            }
            if (stream.viaCallback()) {
                if (stream.callbackArg() >= method.getParameters().size()) {
                    log.once("arity-" + site.name() + type.getName(), "site " + site.name() + ": " + type.getName()
                            + "#" + method.getName() + " has no argument " + stream.callbackArg() + "; not instrumented");
                    return false;
                }
                TypeDescription cb = method.getParameters().get(stream.callbackArg()).getType().asErasure();
                if (!cb.isInterface()) {
                    log.once("cbtype-" + site.name() + type.getName(), "site " + site.name() + ": callback type "
                            + cb.getName() + " is not an interface; only interface callbacks can be tapped");
                    return false;
                }
                site.noteCallbackType(type.getName(), cb.getName());
                return true;
            }
            TypeDescription returned = method.getReturnType().asErasure();
            String expected = switch (stream.returns()) {
                case ITERATOR -> "java.util.Iterator";
                case STREAM -> "java.util.stream.Stream";
                case FUTURE -> "java.util.concurrent.CompletionStage";
                case PUBLISHER -> "org.reactivestreams.Publisher";
            };
            boolean ok = stream.returns() == StreamConfig.Returns.FUTURE
                    ? returned.isAssignableTo(java.util.concurrent.CompletionStage.class)
                    : returned.getName().equals(expected) || returned.represents(Object.class);
            if (!ok) {
                log.once("rettype-" + site.name() + type.getName(), "site " + site.name() + ": " + type.getName() + "#"
                        + method.getName() + " returns " + returned.getName() + ", not " + expected + "; not instrumented");
            }
            return ok;
        }
    }
}
