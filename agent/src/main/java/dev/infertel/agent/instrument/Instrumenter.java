package dev.infertel.agent.instrument;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.Site;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * Weaves the site advice into the configured methods: classes loading from now on and classes
 * already loaded (retransformation). Matching is by name first; a configured interface or superclass
 * matches its concrete implementations. The JDK and the agent itself are never touched.
 */
public final class Instrumenter {

    /** Declared return types a publisher site can time while giving the caller the same type. */
    static final List<String> PUBLISHER_TYPES = List.of("org.reactivestreams.Publisher",
            "java.util.concurrent.Flow$Publisher", "reactor.core.publisher.Flux", "reactor.core.publisher.Mono");

    private Instrumenter() {
    }

    public static ResettableClassFileTransformer install(Instrumentation inst, List<Site> sites, AgentLog log) {
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new Listener(log))
                // supertype checks resolve class files; without a cache every loaded class re-reads its
                // supertypes' class files (seconds of start-up with a large SDK on the class path)
                .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(new ConcurrentHashMap<>()))
                // the JDK (boot loader) and the agent's own libraries are never instrumented; checking the
                // loader first keeps the scan of already-loaded classes at start short
                .ignore(any(), Instrumenter::jdkOrAgentLoader)
                .or(nameStartsWith("dev.infertel.agent.")
                        .or(nameStartsWith("dev.infertel.bootstrap."))
                        .or(nameStartsWith("dev.infertel.launcher."))
                        .or(nameStartsWith("dev.infertel.nvml."))
                        .or(nameStartsWith("net.bytebuddy."))
                        .or(nameStartsWith("java."))
                        .or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun."))
                        .or(nameContains("$$TelemetryTap$"))
                        .or(isSynthetic()));
        for (Site site : sites) {
            builder = builder.type(new SiteTypes(site.config().className()))
                    .transform(new SiteTransformer(site, log));
        }
        return builder.installOn(inst);
    }

    /**
     * The types a site applies to: its class, or the concrete classes extending or implementing it. What
     * the site's class is, per class loader, is looked up once: a loader that cannot see it holds no
     * implementation (a preset whose library is absent costs one resource lookup per loader), and a final
     * class (Kotlin's default) has no subclasses, so no supertype walk is needed for other types.
     */
    private static final class SiteTypes implements AgentBuilder.RawMatcher {
        private enum Seen { ABSENT, FINAL, EXTENSIBLE }

        private final String className;
        private final String resource;
        private final ElementMatcher.Junction<TypeDescription> subtype;
        private final Map<ClassLoader, Seen> seen = Collections.synchronizedMap(new WeakHashMap<>());

        SiteTypes(String className) {
            this.className = className;
            this.resource = className.replace('.', '/') + ".class";
            this.subtype = hasSuperType(named(className)).and(not(isInterface()));
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined,
                               ProtectionDomain domain) {
            if (loader == null) {
                return false;
            }
            Seen s = seen.computeIfAbsent(loader, this::inspect);
            if (s == Seen.ABSENT) {
                return false;
            }
            if (type.getName().equals(className)) {
                // an interface itself only for its default methods (the method matcher skips abstract ones)
                return true;
            }
            return s == Seen.EXTENSIBLE && subtype.matches(type);
        }

        private Seen inspect(ClassLoader loader) {
            if (loader.getResource(resource) == null) {
                return Seen.ABSENT;
            }
            try {
                TypeDescription site = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader)).describe(className).resolve();
                return site.isFinal() ? Seen.FINAL : Seen.EXTENSIBLE;
            } catch (RuntimeException | LinkageError e) {
                return Seen.EXTENSIBLE;
            }
        }
    }

    private static boolean jdkOrAgentLoader(ClassLoader loader) {
        ClassLoader agent = Instrumenter.class.getClassLoader();
        return loader == null || loader == agent || loader.getParent() == agent
                || loader == ClassLoader.getPlatformClassLoader();
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

    /** Applies one site's advice to the matching methods of one type, after checking they fit. */
    private static final class SiteTransformer implements AgentBuilder.Transformer {
        private final Site site;
        private final AgentLog log;

        SiteTransformer(Site site, AgentLog log) {
            this.site = site;
            this.log = log;
        }

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader, JavaModule module, ProtectionDomain domain) {
            ElementMatcher.Junction<MethodDescription> matcher = methods(site.config());
            ElementMatcher.Junction<MethodDescription> fitting = matcher.and(method -> fits(type, method));
            Class<?> advice = switch (site.kind()) {
                case PLAIN -> PlainAdvice.class;
                case CALLBACK -> CallbackAdvice.class;
                case RETURNS -> ReturnsAdvice.class;
            };
            log.debug("instrumenting " + type.getName() + "#" + site.config().method() + " for site " + site.name());
            site.noteWoven();
            return builder.visit(Advice.withCustomMapping().bind(SiteId.class, site.id()).to(advice).on(fitting));
        }

        private boolean fits(TypeDescription type, MethodDescription method) {
            StreamConfig stream = site.config().stream();
            if (stream == null) {
                return true;
            }
            if (stream.viaReturned()) {
                TypeDescription returned = method.getReturnType().asErasure();
                boolean ok = returned.isInterface() || returned.represents(Object.class);
                if (!ok) {
                    log.once("via-" + site.name() + type.getName(), "site " + site.name() + ": " + type.getName() + "#"
                            + method.getName() + " returns the class " + returned.getName()
                            + "; 'via' needs an interface return type; not instrumented");
                }
                return ok;
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
                case PUBLISHER -> String.join(", ", PUBLISHER_TYPES);
            };
            boolean ok = switch (stream.returns()) {
                case FUTURE -> returned.isAssignableTo(java.util.concurrent.CompletionStage.class);
                // the wrapper keeps these types: a Flux stays a Flux, a Mono a Mono
                case PUBLISHER -> PUBLISHER_TYPES.contains(returned.getName()) || returned.represents(Object.class);
                default -> returned.getName().equals(expected) || returned.represents(Object.class);
            };
            if (!ok) {
                log.once("rettype-" + site.name() + type.getName(), "site " + site.name() + ": " + type.getName() + "#"
                        + method.getName() + " returns " + returned.getName() + ", not " + expected + "; not instrumented");
            }
            return ok;
        }
    }

    /** Logs each class that fails to instrument once; with debug, each class instrumented. */
    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private final AgentLog log;
        private final ThreadLocal<Long> started = ThreadLocal.withInitial(() -> 0L);

        Listener(AgentLog log) {
            this.log = log;
        }

        @Override
        public void onDiscovery(String typeName, ClassLoader loader, JavaModule module, boolean loaded) {
            if (log.debugEnabled()) {
                started.set(System.nanoTime());
            }
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (log.debugEnabled()) {
                log.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : "") + " in "
                        + (System.nanoTime() - started.get()) / 1000 + " us");
                return;
            }
            log.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            log.once("transform-" + typeName, "could not instrument " + typeName + ": " + error);
        }
    }
}
